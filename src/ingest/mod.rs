//! Stage 1: find the records (text, Markdown, PDF), read them, and attach what the manifest
//! says about each. Finding and reading are separate steps, so that a run holds the text of
//! one conference at a time.
//!
//! Invariants: documents come out sorted by id, so every later stage is deterministic; a file
//! that cannot be used is reported (one line naming it) and skipped, never silently dropped.

mod csv_text;
mod discover;
pub mod furniture;
mod language;
mod manifest;
mod pdf;
mod read;

pub use csv_text::CsvText;
pub use manifest::{Manifest, ManifestRow, MANIFEST_FILE};
pub use read::read_record;

use crate::error::Result;
use crate::progress::Diagnostics;
use crate::types::{Document, RecordSource};
use discover::FoundFile;
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
    /// The manifest read: the one given, or the nearest to the one input ([`nearest_manifest`]).
    pub manifest: Option<PathBuf>,
}

/// The records under `inputs` (files or folders), sorted by id, with what the manifest says of
/// each; nothing is read yet. With a manifest and no inputs, the manifest's own files. Without
/// one, see [`nearest_manifest`]. A manifest found under a folder given and not read is named
/// in a warning: the records it lists are attributed by their text alone, and speeches are not.
/// So is a manifest given that lists none of the records found: a `path` column written from
/// another folder would otherwise leave every record unattributed in silence.
pub fn find(inputs: &[PathBuf], manifest_path: Option<&Path>, diag: &mut Diagnostics) -> Result<Records> {
    let discovered = discover::discover(inputs, diag)?;
    let manifest = match manifest_path {
        Some(path) => Some((path.to_path_buf(), Manifest::load(path, diag)?)),
        None => nearest_manifest(inputs, &discovered.records, diag),
    };
    if let Some((path, manifest)) = &manifest {
        if !discovered.records.is_empty() && !lists_any(manifest, &discovered.records) {
            diag.warn(path, format!("lists none of the records found, so they are attributed by their text alone: {LISTS_NONE_FIX}"));
        }
    }
    let in_use = manifest.as_ref().and_then(|(path, _)| std::fs::canonicalize(path).ok());
    for unread in discovered.manifests.iter().filter(|found| std::fs::canonicalize(found).ok() != in_use) {
        let message = match Manifest::load(unread, &mut Diagnostics::deferred()) {
            // Passing it with --manifest would only stop the run on the same error.
            Err(e) => format!(
                "a manifest that cannot be read, so the records it lists are attributed by their text alone: {e}"
            ),
            Ok(manifest) if !lists_any(&manifest, &discovered.records) => {
                format!("a manifest that lists none of the records found, so it is not read: {LISTS_NONE_FIX}")
            }
            Ok(_) => format!(
                "a manifest this run does not read, so the records it lists are attributed by their text alone: \
                 pass --manifest {} to read it",
                unread.display()
            ),
        };
        diag.warn(unread, message);
    }
    let mut found = discovered.records;
    if inputs.is_empty() {
        if let Some((_, manifest)) = &manifest {
            found = manifest.files(diag);
        }
    }
    let mut sources: Vec<RecordSource> = found
        .into_iter()
        .map(|file| RecordSource::new(file.id, file.path, manifest.as_ref().map(|(_, m)| m)))
        .collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Records {
        sources,
        extra_columns: manifest.as_ref().map(|(_, m)| m.extra_columns().to_vec()).unwrap_or_default(),
        manifest: manifest.map(|(path, _)| path),
    })
}

/// The fix for a manifest whose rows name none of the records found.
const LISTS_NONE_FIX: &str = "its `path` column names each record relative to the manifest's own folder";

/// Whether `manifest` has a row for any of `records`.
fn lists_any(manifest: &Manifest, records: &[FoundFile]) -> bool {
    records.iter().any(|record| manifest.row_for(&record.path).is_some())
}

/// Without `--manifest`, one input (a folder, or a file) is read with the nearest
/// `manifest.csv` in or above it, as `stance train` and `stance eval` read annotated records:
/// `stance run speeches/s70-2015` attributes each speech by `speeches/manifest.csv`. Only a
/// manifest that reads cleanly and lists one of the records found counts; anything else named
/// manifest.csv above a user's folder is no business of the run's.
fn nearest_manifest(inputs: &[PathBuf], records: &[FoundFile], diag: &mut Diagnostics) -> Option<(PathBuf, Manifest)> {
    let [input] = inputs else {
        return None;
    };
    let path = std::fs::canonicalize(input)
        .ok()?
        .ancestors()
        .map(|folder| folder.join(MANIFEST_FILE))
        .find(|file| file.is_file())?;
    let mut loading = Diagnostics::deferred();
    let manifest = Manifest::load(&path, &mut loading).ok()?;
    if !lists_any(&manifest, records) {
        return None;
    }
    diag.note(&format!("reading {} (the nearest manifest; --manifest FILE for another)", path.display()));
    diag.absorb(loading);
    Some((path, manifest))
}

impl RecordSource {
    /// The record at `path`, named `id` in the outputs, with what `manifest` says of it: its
    /// conference (else its folder's name), date and delegations.
    pub fn new(id: String, path: PathBuf, manifest: Option<&Manifest>) -> Self {
        let row = manifest.and_then(|m| m.row_for(&path));
        let extra_columns = manifest.map_or(0, |m| m.extra_columns().len());
        RecordSource {
            conference: row
                .and_then(|r| r.conference.clone())
                .unwrap_or_else(|| conference_from_folder(&path)),
            date: row.and_then(|r| r.date.clone()),
            delegations: row.map(|r| r.delegations.clone()).unwrap_or_default(),
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
