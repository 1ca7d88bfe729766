//! Stage 1: find the records (text, Markdown, PDF), read them, and attach what the manifest
//! says about each. Finding and reading are separate steps, so that a run holds the text of
//! one conference at a time.
//!
//! Invariants: documents come out sorted by id, so every later stage is deterministic; a file
//! that cannot be used is reported (one line naming it) and skipped, never silently dropped.

mod discover;
pub mod furniture;
mod manifest;
mod pdf;
mod read;

pub use manifest::{Manifest, ManifestRow, MANIFEST_FILE};
pub use read::read_record;

use crate::error::Result;
use crate::progress::Diagnostics;
use crate::types::{Document, RecordSource};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The records a run reads, not yet read.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// Sorted by id.
    pub sources: Vec<RecordSource>,
    /// The manifest's columns beyond those `stance` interprets, carried into the statement
    /// table (none without a manifest).
    pub extra_columns: Vec<String>,
    /// The manifest read: the one given, or the `manifest.csv` of the one folder given.
    pub manifest: Option<PathBuf>,
}

/// Reads every record under `inputs` (files or folders). With a manifest and no inputs, the
/// manifest's own files are read.
pub fn ingest(
    inputs: &[PathBuf],
    manifest_path: Option<&Path>,
    diag: &mut Diagnostics,
) -> Result<Vec<Document>> {
    let records = find(inputs, manifest_path, diag)?;
    Ok(records.sources.into_iter().filter_map(|source| read(source, diag)).collect())
}

/// The records under `inputs` (files or folders), sorted by id, with what the manifest says of
/// each; nothing is read yet. With a manifest and no inputs, the manifest's own files. Without
/// one, a single folder given is read with the manifest at its top, if it keeps one: a
/// collection of speeches is attributed by its manifest, not by the speeches' text.
pub fn find(inputs: &[PathBuf], manifest_path: Option<&Path>, diag: &mut Diagnostics) -> Result<Records> {
    let manifest_path = manifest_path.map(Path::to_path_buf).or_else(|| {
        let own = folder_manifest(inputs)?;
        diag.note(&format!("reading {} (the folder's own manifest; --manifest FILE for another)", own.display()));
        Some(own)
    });
    let manifest = match &manifest_path {
        Some(path) => Some(Manifest::load(path, diag)?),
        None => None,
    };
    let mut found = discover::discover(inputs, manifest_path.as_deref(), diag)?;
    if inputs.is_empty() {
        if let Some(manifest) = &manifest {
            found = manifest.files(diag);
        }
    }
    let mut sources: Vec<RecordSource> = found
        .into_iter()
        .map(|file| RecordSource::new(file.id, file.path, manifest.as_ref()))
        .collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Records {
        sources,
        extra_columns: manifest.map(|m| m.extra_columns().to_vec()).unwrap_or_default(),
        manifest: manifest_path,
    })
}

/// The `manifest.csv` at the top of `inputs`, when they are one folder that keeps one.
fn folder_manifest(inputs: &[PathBuf]) -> Option<PathBuf> {
    match inputs {
        [folder] => Some(folder.join(MANIFEST_FILE)).filter(|file| file.is_file()),
        _ => None,
    }
}

impl RecordSource {
    /// The record at `path`, named `id` in the outputs, with what `manifest` says of it: its
    /// conference (else its folder's name), date and delegation.
    pub fn new(id: String, path: PathBuf, manifest: Option<&Manifest>) -> Self {
        let row = manifest.and_then(|m| m.row_for(&path));
        let extra_columns = manifest.map_or(0, |m| m.extra_columns().len());
        RecordSource {
            conference: row
                .and_then(|r| r.conference.clone())
                .unwrap_or_else(|| conference_from_folder(&path)),
            date: row.and_then(|r| r.date.clone()),
            delegation: row.and_then(|r| r.delegation.clone()),
            extra: row.map_or_else(|| vec![String::new(); extra_columns], |r| r.extra.clone()),
            id,
            path,
        }
    }
}

/// The records grouped by conference, conferences in name order, records in id order within:
/// a run reads, attributes and aggregates one conference at a time.
pub fn by_conference(sources: Vec<RecordSource>) -> BTreeMap<String, Vec<RecordSource>> {
    let mut grouped: BTreeMap<String, Vec<RecordSource>> = BTreeMap::new();
    for source in sources {
        grouped.entry(source.conference.clone()).or_default().push(source);
    }
    grouped
}

/// The record's text, or `None` (reported in `diag`) when it cannot be used.
pub fn read(source: RecordSource, diag: &mut Diagnostics) -> Option<Document> {
    let text = read::read_record(&source.path, diag)?;
    Some(Document { source, text })
}

/// A record without a manifest row belongs to the conference its folder is named after
/// (`records/2014-beijing-workshop/report.txt` → `2014-beijing-workshop`).
fn conference_from_folder(path: &Path) -> String {
    path.parent()
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}
