//! Sentence annotations (`data/labels/*.csv`): `conference,doc,delegation,sentence,axis,label`,
//! one row per sentence and axis, `label` a pole name of that axis, `none`, or `both` (the
//! sentence states both poles explicitly).
//!
//! Invariants: every row's axis and label exist in the axis configuration, and a sentence has
//! at most one label per axis; anything else is refused with the file and line. Annotations of
//! real records are checked against them ([`keep_found`]): one whose sentence is not in its
//! document is named and left out.

mod records;

pub use records::{AnnotatedRecords, Genres};

use crate::axes::{Axes, BOTH_LABEL, NONE_LABEL};
use crate::error::{Error, Result};
use crate::ingest::CsvText;
use crate::output::column;
use crate::progress::Diagnostics;
use crate::segment::{self, SegmentationRules};
use crate::types::Gold;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The column with the sentence's text (the statement table's [`column::TEXT`]; its
/// `sentence` is the sentence's index).
const SENTENCE_TEXT: &str = "sentence";
/// The header of an annotation file, in order.
const COLUMNS: [&str; 6] = [column::CONFERENCE, column::DOC, column::DELEGATION, SENTENCE_TEXT, column::AXIS, column::LABEL];

/// Sentences seen so far: (doc, text) → (first-seen order, where, label per axis).
type Collected = BTreeMap<(String, String), (usize, Origin, Vec<Option<Gold>>)>;

/// A sentence and its labels, one per axis of the configuration (`None`: not annotated).
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledSentence {
    pub doc: String,
    pub text: String,
    pub labels: Vec<Option<Gold>>,
    /// The sentence's first annotation row, for messages about it.
    pub origin: Origin,
}

/// A row of an annotation file.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub file: PathBuf,
    pub line: u64,
}

/// sha256 over every (doc, sentence, axis, label) of `sentences`, sorted: the same annotations
/// give the same digest whatever the order of their rows and files.
pub fn digest(sentences: &[LabelledSentence], axes: &Axes) -> String {
    let mut rows: Vec<String> = Vec::new();
    for s in sentences {
        for (axis, label) in axes.axes.iter().zip(&s.labels) {
            if let Some(gold) = label {
                rows.push(format!("{}\x1f{}\x1f{}\x1f{}\n", s.doc, s.text, axis.name, axis.gold_label(*gold)));
            }
        }
    }
    rows.sort();
    let mut hasher = Sha256::new();
    for row in &rows {
        hasher.update(row.as_bytes());
    }
    format!("{:x}", hasher.finalize())
}

/// One row of an annotation file, for writing (its fields in [`COLUMNS`]' order).
#[derive(Debug)]
pub struct LabelRow<'a> {
    pub conference: &'a str,
    pub doc: &'a str,
    pub delegation: &'a str,
    pub sentence: &'a str,
    pub axis: &'a str,
    pub label: &'a str,
}

/// Writes `rows` as an annotation file (atomically), headed by [`COLUMNS`]: `stance suggest`'s
/// sentences to annotate, where it is told to, and `stance eval`'s `eval_unannotated.csv`.
pub fn write_labels(path: &Path, rows: &[LabelRow]) -> Result<()> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let io_error = |e: csv::Error| Error::Output {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    };
    writer.write_record(COLUMNS).map_err(io_error)?;
    for row in rows {
        writer
            .write_record([row.conference, row.doc, row.delegation, row.sentence, row.axis, row.label])
            .map_err(io_error)?;
    }
    let bytes = writer.into_inner().map_err(|e| io_error(e.into_error().into()))?;
    crate::output::write_text(path, &String::from_utf8_lossy(&bytes))
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
        .map(|((doc, text), (order, origin, labels))| (order, LabelledSentence { doc, text, labels, origin }))
        .collect();
    out.sort_by_key(|(order, _)| *order);
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

fn read_file(
    path: &Path,
    axes: &Axes,
    sentences: &mut Collected,
) -> Result<()> {
    let file = CsvText::read(path)?;
    let csv_error = |e: csv::Error| file.error(path, "labels CSV", &e);
    let mut reader = file.reader();
    let headers = reader.headers().map_err(csv_error)?.clone();
    // The columns by name, in any case and order: an annotator's spreadsheet may move them or add
    // one of its own (a comment), which is not read.
    let found: Vec<&str> = headers.iter().map(str::trim).collect();
    let position = |name: &str| found.iter().position(|f| f.eq_ignore_ascii_case(name));
    let at: Vec<usize> = COLUMNS.iter().filter_map(|name| position(name)).collect();
    let [_, doc_at, _, text_at, axis_at, label_at] = at[..] else {
        return Err(Error::bad_input(
            path,
            Some(1),
            format!("the header must name the columns {} (found {})", COLUMNS.join(","), found.join(",")),
        ));
    };
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map(|p| file.line(p));
        let bad = |message: String| Error::bad_input(path, line, message);
        let (doc, text, axis_name, label) = (&record[doc_at], &record[text_at], record[axis_at].trim(), record[label_at].trim());
        if Path::new(doc.trim()).is_absolute() {
            // The genre, its training weight and the record's fold are all read off the path
            // under the folder; from an absolute path the record was found but lost all three.
            return Err(bad(format!(
                "doc {doc:?} is an absolute path: give the record's path under the folder `stance run` was given \
                 (netmundial-2014/002.txt, say), and that folder with --records"
            )));
        }
        let Some(axis_index) = axes.index_of(axis_name) else {
            return Err(bad(format!("unknown axis {axis_name:?} (the axes are {})", axes.names().join(", "))));
        };
        let axis = &axes.axes[axis_index];
        let Some(gold) = axis.gold(label) else {
            return Err(bad(format!(
                "unknown label {label:?} for axis {axis_name} (use {}, {}, {NONE_LABEL} or {BOTH_LABEL})",
                axis.left.name, axis.right.name
            )));
        };
        let next = sentences.len();
        let (_, _, labels) = sentences.entry((doc.to_string(), text.to_string())).or_insert_with(|| {
            let origin = Origin {
                file: path.to_path_buf(),
                line: line.unwrap_or(0),
            };
            (next, origin, vec![None; axes.axes.len()])
        });
        match labels[axis_index] {
            Some(previous) if previous != gold => {
                return Err(bad(format!("the sentence already has another {axis_name} label")));
            }
            _ => labels[axis_index] = Some(gold),
        }
    }
    Ok(())
}

/// The record an annotation's `doc` names: the first of `roots` that holds it. `doc` is the
/// record's path under the folder `stance run` was given (`ungd-2009-2012/s64-2009/AGO_64_2009.txt`).
pub fn find_record(doc: &str, roots: &[PathBuf]) -> Option<PathBuf> {
    roots.iter().map(|root| root.join(doc)).find(|path| path.is_file())
}

/// Keeps the annotations whose sentence is one of its document's sentences as `stance`
/// segments it; every other one is named in a warning and left out. `doc` is the record's path
/// under one of `roots` ([`find_record`]). An annotation that is not in its document would be
/// scored in the wrong cross-validation fold, or is a stale copy of an edited record.
///
/// Whitespace does not count in the comparison (a copied sentence may have lost a tab or a
/// non-breaking space), and a kept annotation takes its sentence's text as segmented, so that
/// everything downstream can look it up by the text a run gives the sentence. Two that differ
/// only in spacing are one sentence: the second is left out if its labels agree, and refused
/// if they do not, as two labels of one sentence on one axis are ([`read_labels`]); a
/// correction written as a second row was dropped in silence.
pub fn keep_found(
    sentences: Vec<LabelledSentence>,
    roots: &[PathBuf],
    rules: &SegmentationRules,
    diag: &mut Diagnostics,
) -> Result<Vec<LabelledSentence>> {
    let mut documents: HashMap<String, Option<HashMap<String, String>>> = HashMap::new();
    let mut kept: Vec<LabelledSentence> = Vec::with_capacity(sentences.len());
    let mut kept_at: HashMap<(String, String), usize> = HashMap::new();
    for mut sentence in sentences {
        let found = documents
            .entry(sentence.doc.clone())
            .or_insert_with(|| find_record(&sentence.doc, roots).and_then(|path| sentences_of(&path, rules, diag)));
        let problem = match found.as_ref().map(|texts| texts.get(&collapse_whitespace(&sentence.text))) {
            None => format!(
                "its doc {} is not a readable record under {} (pass --records DIR: the folder the doc paths start from)",
                sentence.doc,
                roots.iter().map(|r| r.display().to_string()).collect::<Vec<_>>().join(" or ")
            ),
            Some(None) => format!("sentence not found in its doc {}: {:?}", sentence.doc, preview(&sentence.text)),
            Some(Some(segmented)) => match kept_at.get(&(sentence.doc.clone(), segmented.clone())) {
                Some(&first) => {
                    let first = &kept[first];
                    let clash = first.labels.iter().zip(&sentence.labels).any(|(a, b)| a.is_some() && b.is_some() && a != b);
                    let same = format!(
                        "the same sentence as {}, line {}, but for its spacing",
                        first.origin.file.display(),
                        first.origin.line
                    );
                    if clash {
                        return Err(Error::bad_input(
                            &sentence.origin.file,
                            Some(sentence.origin.line),
                            format!("{same}, labelled otherwise: give the sentence one label per axis, in one of the two rows"),
                        ));
                    }
                    format!("{same} (merge the two)")
                }
                None => {
                    sentence.text = segmented.clone();
                    kept_at.insert((sentence.doc.clone(), sentence.text.clone()), kept.len());
                    kept.push(sentence);
                    continue;
                }
            },
        };
        let Origin { file, line } = &sentence.origin;
        diag.warn(file, format!("line {line}: {problem}; left out"));
    }
    Ok(kept)
}

/// The sentences of the record at `path` as `stance` segments them, by their text with the
/// whitespace collapsed; `None` if it cannot be read (why, in `diag`).
fn sentences_of(path: &Path, rules: &SegmentationRules, diag: &mut Diagnostics) -> Option<HashMap<String, String>> {
    let text = crate::ingest::read_record(path, diag)?;
    let layout = segment::segment(&text, rules);
    Some(
        layout
            .blocks
            .into_iter()
            .flat_map(|b| b.sentences)
            .map(|s| (collapse_whitespace(&s.text), s.text))
            .collect(),
    )
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The start of a long sentence, for a one-line message.
fn preview(text: &str) -> String {
    const CHARS: usize = 60;
    match text.char_indices().nth(CHARS) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_string(),
    }
}
