//! Stage 1: find the records (text, Markdown, PDF), read them, and attach what the manifest
//! says about each.
//!
//! Invariants: documents come out sorted by id, so every later stage is deterministic; a file
//! that cannot be used is reported (one line naming it) and skipped, never silently dropped.

mod discover;
mod manifest;
mod pdf;
mod read;

pub(crate) use manifest::is_iso_date;
pub use manifest::{Manifest, ManifestRow};
pub use read::read_record;

use crate::error::Result;
use crate::progress::Diagnostics;
use crate::types::Document;
use std::path::{Path, PathBuf};

/// Reads every record under `inputs` (files or folders). With a manifest and no inputs, the
/// manifest's own files are read.
pub fn ingest(
    inputs: &[PathBuf],
    manifest_path: Option<&Path>,
    diag: &mut Diagnostics,
) -> Result<Vec<Document>> {
    let manifest = match manifest_path {
        Some(path) => Some(Manifest::load(path, diag)?),
        None => None,
    };
    let mut found = discover::discover(inputs, diag)?;
    if inputs.is_empty() {
        if let Some(manifest) = &manifest {
            found = manifest.files(diag);
        }
    }

    let mut documents = Vec::with_capacity(found.len());
    for file in found {
        let Some(text) = read::read_record(&file.path, diag) else {
            continue;
        };
        let row = manifest.as_ref().and_then(|m| m.row_for(&file.path));
        let conference = row
            .and_then(|r| r.conference.clone())
            .unwrap_or_else(|| conference_from_folder(&file.path));
        documents.push(Document {
            id: file.id,
            path: file.path,
            conference,
            date: row.and_then(|r| r.date.clone()),
            delegation: row.and_then(|r| r.delegation.clone()),
            text,
        });
    }
    documents.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(documents)
}

/// A record without a manifest row belongs to the conference its folder is named after
/// (`records/2014-beijing-workshop/report.txt` → `2014-beijing-workshop`).
fn conference_from_folder(path: &Path) -> String {
    path.parent()
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}
