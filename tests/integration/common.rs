//! Helpers shared by the integration tests.

use stance::attribute::ConferenceAttributor;
use stance::axes::Axes;
use stance::classify::{Heads, HEADS_FILE};
use stance::config::Resources;
use stance::embed::EncoderManifest;
use stance::ingest;
use stance::progress::Diagnostics;
use stance::types::AttributedDocument;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A file of this repository, by its path from the root.
pub fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The CSV files of a folder of this repository, sorted.
pub fn csv_files(relative: &str) -> Vec<std::ffi::OsString> {
    let mut files: Vec<std::ffi::OsString> = std::fs::read_dir(repo(relative))
        .unwrap()
        .map(|e| e.unwrap().path().into_os_string())
        .filter(|p| p.to_string_lossy().ends_with(".csv"))
        .collect();
    files.sort();
    files
}

/// The authored training-only annotations (`--also-train` in every learning command).
pub fn authored() -> Vec<std::ffi::OsString> {
    csv_files("data/labels/authored")
}

/// A CSV file's rows, each as column name → value.
pub fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| headers.iter().cloned().zip(r.unwrap().iter().map(String::from)).collect())
        .collect()
}

/// Reads, lays out and attributes the records under `inputs`, a conference at a time, as
/// `stance run` does.
pub fn attribute(
    inputs: &[PathBuf],
    manifest: Option<&Path>,
    resources: &Resources,
    diag: &mut Diagnostics,
) -> stance::Result<Vec<AttributedDocument>> {
    let mut attributor = ConferenceAttributor::load(resources)?;
    let mut docs = Vec::new();
    for (_, sources) in ingest::by_conference(ingest::find(inputs, manifest, diag)?.sources) {
        docs.extend(attributor.read_and_attribute(sources, diag));
    }
    attributor.report_unlisted(diag);
    Ok(docs)
}

/// The heads in `dir`, checked against the shipped encoder (its sha256 and 384 dimensions).
pub fn read_heads(dir: &Path, axes: &Axes) -> stance::Result<Heads> {
    let path = dir.join(HEADS_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| stance::Error::io(&path, e))?;
    let digest = EncoderManifest::load_verified(&repo("models/encoder")).expect("run `make setup` first").digest();
    Heads::from_json(&text, &path, axes, &digest, 384)
}
