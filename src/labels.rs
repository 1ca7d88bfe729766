//! Sentence annotations (`data/labels/*.csv`): `conference,doc,delegation,sentence,axis,label`,
//! one row per sentence and axis, `label` a pole name of that axis or `none`.
//!
//! Invariants: every row's axis and label exist in the axis configuration, and a sentence has
//! at most one label per axis; anything else is refused with the file and line.

use crate::axes::Axes;
use crate::error::{Error, Result};
use crate::types::Side;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

const COLUMNS: [&str; 6] = ["conference", "doc", "delegation", "sentence", "axis", "label"];

/// Sentences seen so far: (doc, text) → (first-seen order, label per axis).
type Collected = BTreeMap<(String, String), (usize, Vec<Option<Side>>)>;

/// A sentence and its labels, one per axis of the configuration (`None`: not annotated).
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledSentence {
    pub doc: String,
    pub text: String,
    pub labels: Vec<Option<Side>>,
}

/// sha256 over every (doc, sentence, axis, label) of `sentences`, sorted: the same annotations
/// give the same digest whatever the order of their rows and files.
pub fn digest(sentences: &[LabelledSentence], axes: &Axes) -> String {
    let mut rows: Vec<String> = Vec::new();
    for s in sentences {
        for (axis, label) in axes.axes.iter().zip(&s.labels) {
            if let Some(side) = label {
                rows.push(format!("{}\x1f{}\x1f{}\x1f{}\n", s.doc, s.text, axis.name, axis.label(*side)));
            }
        }
    }
    rows.sort();
    let mut hasher = Sha256::new();
    for row in &rows {
        hasher.update(row.as_bytes());
    }
    crate::embed::hex(&hasher.finalize())
}

/// One row of an annotation file, for writing.
#[derive(Debug, Serialize)]
pub struct LabelRow<'a> {
    pub conference: &'a str,
    pub doc: &'a str,
    pub delegation: &'a str,
    pub sentence: &'a str,
    pub axis: &'a str,
    pub label: &'a str,
}

/// Writes `rows` as an annotation file (atomically). Only `stance suggest` writes one, and
/// only where it is told to.
pub fn write_labels(path: &Path, rows: &[LabelRow]) -> Result<()> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let io_error = |e: csv::Error| Error::Output {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    };
    if rows.is_empty() {
        writer.write_record(COLUMNS).map_err(io_error)?;
    }
    for row in rows {
        writer.serialize(row).map_err(io_error)?;
    }
    let bytes = writer.into_inner().map_err(|e| io_error(e.into_error().into()))?;
    crate::report::write_text(path, &String::from_utf8_lossy(&bytes))
}

/// Reads annotation files, in order. A sentence (doc and text) may appear in several rows and
/// files, but must not get two different labels on one axis.
pub fn read_labels(paths: &[impl AsRef<Path>], axes: &Axes) -> Result<Vec<LabelledSentence>> {
    let mut sentences = Collected::new();
    for path in paths {
        read_file(path.as_ref(), axes, &mut sentences)?;
    }
    let mut out: Vec<(usize, LabelledSentence)> = sentences
        .into_iter()
        .map(|((doc, text), (order, labels))| (order, LabelledSentence { doc, text, labels }))
        .collect();
    out.sort_by_key(|(order, _)| *order);
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

fn read_file(
    path: &Path,
    axes: &Axes,
    sentences: &mut Collected,
) -> Result<()> {
    let csv_error = |e: csv::Error| {
        let line = e.position().map(|p| p.line());
        Error::bad_input(path, line, format!("not a readable labels CSV: {e}"))
    };
    let mut reader = csv::Reader::from_path(path).map_err(csv_error)?;
    let headers = reader.headers().map_err(csv_error)?.clone();
    let found: Vec<&str> = headers.iter().map(str::trim).collect();
    if found != COLUMNS {
        return Err(Error::bad_input(
            path,
            Some(1),
            format!("the header must be {} (found {})", COLUMNS.join(","), found.join(",")),
        ));
    }
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map(|p| p.line());
        let bad = |message: String| Error::bad_input(path, line, message);
        let (doc, text, axis_name, label) = (&record[1], &record[3], record[4].trim(), record[5].trim());
        let Some(axis_index) = axes.axes.iter().position(|a| a.name == axis_name) else {
            return Err(bad(format!("unknown axis {axis_name:?} (the axes are {})", axes.names().join(", "))));
        };
        let axis = &axes.axes[axis_index];
        let Some(side) = axis.side(label) else {
            return Err(bad(format!(
                "unknown label {label:?} for axis {axis_name} (use {}, {} or none)",
                axis.left.name, axis.right.name
            )));
        };
        let next = sentences.len();
        let (_, labels) = sentences
            .entry((doc.to_string(), text.to_string()))
            .or_insert_with(|| (next, vec![None; axes.axes.len()]));
        match labels[axis_index] {
            Some(previous) if previous != side => {
                return Err(bad(format!("the sentence already has another {axis_name} label")));
            }
            _ => labels[axis_index] = Some(side),
        }
    }
    Ok(())
}
