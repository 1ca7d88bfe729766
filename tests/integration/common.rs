//! Helpers shared by the integration tests.

use stance::attribute::ConferenceAttributor;
use stance::axes::Axes;
use stance::classify::{Heads, HEADS_FILE};
use stance::config::Resources;
use stance::embed::{EmbeddingSpec, EncoderManifest};
use stance::evaluate::cells::SideCounts;
use stance::ingest;
use stance::progress::Diagnostics;
use stance::types::{AttributedDocument, Sentence};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

/// The `run.json` a run wrote into `out`, as JSON (the tests read its fields by name, as a
/// reader of the file would).
pub fn run_json(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap()
}

/// The `stance` binary of this build, its arguments still to be given, run from the
/// repository's root as `make run` runs it.
pub fn stance() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stance"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// Running a command of [`stance`] to its end, in the two ways the tests need.
pub trait Completes {
    /// Its output, whatever its exit status (for tests of what a failure says).
    fn completed(&mut self) -> Output;
    /// Its output, having checked that it succeeded (its stderr shown if not).
    fn succeeded(&mut self) -> Output;
}

impl Completes for Command {
    fn completed(&mut self) -> Output {
        self.output().unwrap_or_else(|e| panic!("{self:?} does not start: {e}"))
    }

    fn succeeded(&mut self) -> Output {
        let output = self.completed();
        assert!(output.status.success(), "{self:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
        output
    }
}

/// One pole's held-out cells counted from rows of `eval_cell_labels.csv` (those of one
/// classifier and axis), restating `evaluate::poles` independently: the cells the annotations
/// put on `pole`, of them those stated on it and those left `not_addressed`, and the cells
/// stated on it.
pub fn pole_counts(cells: &[&HashMap<String, String>], pole: &str) -> [usize; 4] {
    let count = |keep: &dyn Fn(&str, &str) -> bool| cells.iter().filter(|r| keep(&r["truth"], &r["predicted"])).count();
    [
        count(&|truth, _| truth == pole),
        count(&|truth, predicted| truth == pole && predicted == pole),
        count(&|truth, predicted| truth == pole && predicted == "not_addressed"),
        count(&|_, predicted| predicted == pole),
    ]
}

/// Diagnostics (skipped or warned inputs) as `path: message` lines, for assertions.
pub fn messages(list: &[(PathBuf, String)]) -> Vec<String> {
    list.iter().map(|(p, m)| format!("{}: {m}", p.display())).collect()
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

/// The heads in `dir`, checked against the shipped encoder's embeddings (its sha256, its last
/// layer (6) and the other pooled layers, 384 dimensions each).
pub fn read_heads(dir: &Path, axes: &Axes) -> stance::Result<Heads> {
    let path = dir.join(HEADS_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| stance::Error::io(&path, e))?;
    let digest = EncoderManifest::load_verified(&repo("models/encoder")).expect("run `make setup` first").digest();
    let spec = EmbeddingSpec::new(digest, 6, 384);
    Heads::from_json(&text, &path, axes, &spec)
}

/// The annotations of `label_files` joined to a run's statement table by sentence text: per
/// (delegation, axis), the left and right sentences its statements hold, from which the
/// codebook's delegation rule decides the cell ([`SideCounts::truth`]). Unattributed statements
/// count for no one.
pub fn annotated_cells(statements: &Path, label_files: &[PathBuf], axes: &Axes) -> HashMap<(String, String), SideCounts> {
    let mut speakers: HashMap<String, Vec<String>> = HashMap::new();
    for row in rows(statements).into_iter().filter(|r| !r["delegation"].is_empty()) {
        let delegations = speakers.entry(row["text"].clone()).or_default();
        if !delegations.contains(&row["delegation"]) {
            delegations.push(row["delegation"].clone());
        }
    }
    let mut cells: HashMap<(String, String), SideCounts> = HashMap::new();
    for sentence in stance::labels::read_labels(label_files, axes).unwrap() {
        for delegation in speakers.get(&sentence.text).into_iter().flatten() {
            for (axis, gold) in axes.axes.iter().zip(&sentence.labels) {
                if let Some(gold) = gold {
                    cells.entry((delegation.clone(), axis.name.clone())).or_default().add(*gold);
                }
            }
        }
    }
    cells
}

/// The run tables of `a` and `b` are byte for byte the same, table by table; `why` says what
/// the two runs differ in.
pub fn assert_same_tables(a: &Path, b: &Path, tables: &[&str], why: &str) {
    for name in tables {
        let (left, right) = (std::fs::read(a.join(name)).unwrap(), std::fs::read(b.join(name)).unwrap());
        assert!(left == right, "{name} differs {why}");
    }
}

/// `sentence`'s span in `record` (the record's text as characters) reads as the sentence: it
/// begins with the sentence's first character and ends with its last, and holds all its letters
/// and digits in order. Only those are compared in between: the sentence has the record's line
/// breaks as spaces, and markdown emphasis, footnotes and page furniture dropped.
pub fn assert_span_reads_as_sentence(record: &[char], sentence: &Sentence, doc: &str) {
    assert!(
        sentence.char_start < sentence.char_end && sentence.char_end <= record.len(),
        "{doc}: sentence {sentence:?} outside the record's {} characters",
        record.len()
    );
    let span = &record[sentence.char_start..sentence.char_end];
    let span_letters = letters_and_digits(span.iter().copied());
    let mut rest = span_letters.iter();
    let in_order = letters_and_digits(sentence.text.chars()).iter().all(|c| rest.any(|x| x == c));
    let edges = span.first() == sentence.text.chars().next().as_ref() && span.last() == sentence.text.chars().last().as_ref();
    assert!(in_order && edges, "{doc}: sentence {} is not its span {:?}", sentence.index, sentence.text);
}

fn letters_and_digits(text: impl Iterator<Item = char>) -> Vec<char> {
    text.filter(|c| c.is_alphabetic() || c.is_ascii_digit()).collect()
}
