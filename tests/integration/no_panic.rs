//! Fuzzing: segmentation, attribution and the manifest and labels readers never panic (and
//! never hang), whatever the bytes or text they are given. Two parts:
//! - the corpus in tests/fuzz-corpus/ (records, manifests, labels: edge cases, and every input
//!   a fuzz run ever broke something with), replayed in full each time;
//! - property tests over generated input: a short run in `make test`, a long one with
//!   `make fuzz` (PROPTEST_CASES). A failing case found there goes into the corpus.

use crate::common;
use proptest::prelude::*;
use stance::attribute::{Attributor, People};
use stance::axes::Axes;
use stance::config::Resources;
use stance::progress::Diagnostics;
use stance::segment::{segment, SegmentationRules};
use stance::types::{Document, RecordSource};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

struct Shipped {
    rules: SegmentationRules,
    attributor: Attributor,
    axes: Axes,
}

fn shipped() -> &'static Shipped {
    static SHIPPED: OnceLock<Shipped> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let resources = Resources::default();
        Shipped {
            rules: SegmentationRules::load(&resources.segmentation).unwrap(),
            attributor: Attributor::load(&resources.gazetteer, &resources.attribution).unwrap(),
            axes: Axes::load(&resources.axes).unwrap(),
        }
    })
}

/// Text that looks a little like a record: headings, annex lines, names, numbered paragraphs,
/// page furniture, multi-byte characters and stray punctuation.
fn record_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("China".to_string()),
        Just("Mr. FU Cong, Coordinator, China\n".to_string()),
        Just("ANNEX II: Agenda\n".to_string()),
        Just("1. (SBU) ".to_string()),
        Just("Fu said ".to_string()),
        Just("One argued that ".to_string()),
        Just("He stressed ".to_string()),
        Just("Germany's ".to_string()),
        Just("UNCLASSIFIED U.S. Department of State Case No. F-1 Page 1 of 5\n".to_string()),
        Just("\n\n".to_string()),
        Just("  ".to_string()),
        Just("Côte d’Ivoire ".to_string()),
        Just("¹ ".to_string()),
        Just("(".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        "\\PC{0,20}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

fn attribute_text(text: &str, delegation: Option<&str>) {
    let shipped = shipped();
    let layout = segment(text, &shipped.rules);
    let people: People = shipped.attributor.people([layout.back_matter.as_str()]);
    let doc = Document {
        source: RecordSource {
            id: "fuzz.txt".into(),
            path: "fuzz.txt".into(),
            conference: "fuzz".into(),
            date: None,
            delegations: delegation.map(String::from).into_iter().collect(),
            extra: Vec::new(),
        },
        text: text.to_string(),
    };
    let statements = shipped.attributor.attribute(&doc, &layout, &people);
    let chars: Vec<char> = text.chars().collect();
    for st in &statements {
        for s in &st.sentences {
            common::assert_span_reads_as_sentence(&chars, s, &doc.source.id);
        }
    }
}

/// Writes `bytes` to a file named `name` and hands its path to `read`.
fn with_file(name: &str, bytes: &[u8], read: impl FnOnce(&Path)) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    read(&path);
}

/// Reads `bytes` as a manifest: the number of files it lists, or the error's message.
fn read_manifest(bytes: &[u8]) -> Result<usize, String> {
    let mut outcome = Err(String::new());
    with_file("manifest.csv", bytes, |path| {
        outcome = stance::ingest::Manifest::load(path, &mut Diagnostics::default())
            .map(|m| m.files(&mut Diagnostics::default()).len())
            .map_err(|e| e.to_string());
    });
    outcome
}

/// Reads `bytes` as annotations: the number of sentences, or the error's message.
fn read_labels(bytes: &[u8]) -> Result<usize, String> {
    let mut outcome = Err(String::new());
    with_file("labels.csv", bytes, |path| {
        outcome = stance::labels::read_labels(&[path], &shipped().axes).map(|s| s.len()).map_err(|e| e.to_string());
    });
    outcome
}

/// How long one input may take: far beyond what any input here needs.
const LIMIT: std::time::Duration = std::time::Duration::from_secs(20);

/// Runs `work` on a thread of its own and fails the test if it panics or takes longer than
/// [`LIMIT`]: the readers must never hang, whatever the input.
fn within<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    match result.recv_timeout(LIMIT) {
        Ok(value) => value,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("{what} took longer than {LIMIT:?}"),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => panic!("{what} panicked (its message is above)"),
    }
}

/// The files of one corpus folder.
fn corpus(kind: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus").join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no input", dir.display());
    files.into_iter().map(|path| (path.clone(), std::fs::read(&path).unwrap())).collect()
}

/// Every corpus input is handled within a time limit, and each manifest and annotation file
/// gives the outcome it must: a count of what it lists, or an error that names the file and
/// says what is wrong.
#[test]
fn every_corpus_input_is_handled_as_it_must_be() {
    for (path, bytes) in corpus("records") {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        within(&path.display().to_string(), move || {
            attribute_text(&text, None);
            attribute_text(&text, Some("China"));
        });
    }
    let manifests: [(&str, Result<usize, &str>); 4] = [
        ("header-only.csv", Ok(0)),
        ("no-path-column.csv", Err("line 1: the header has no `path` column")),
        ("quotes.csv", Err("line 3: not a readable CSV manifest")),
        ("ragged.csv", Err("line 2: not a readable CSV manifest")),
    ];
    let labels: [(&str, Result<usize, &str>); 4] = [
        ("bad-utf8.csv", Ok(1)), // no UTF-8 beyond ASCII: read as Windows-1252, as a record is
        ("empty.csv", Err("line 1: the header must name the columns conference,doc,delegation,sentence,axis,label")),
        ("header-only.csv", Ok(0)),
        ("ragged.csv", Err("line 2: not a readable labels CSV")),
    ];
    // (corpus, its reader, the file name it is given, each input's expected outcome)
    type Corpus<'a> = (&'a str, fn(&[u8]) -> Result<usize, String>, &'a str, &'a [(&'a str, Result<usize, &'a str>)]);
    let corpora: [Corpus; 2] =
        [("manifests", read_manifest, "manifest.csv", &manifests), ("labels", read_labels, "labels.csv", &labels)];
    for (kind, read, file, expected) in corpora {
        let inputs = corpus(kind);
        assert_eq!(inputs.len(), expected.len(), "every {kind} input has its expected outcome here");
        for ((path, bytes), (name, outcome)) in inputs.into_iter().zip(expected) {
            assert!(path.ends_with(name), "{} is not {name}", path.display());
            let got = within(name, move || read(&bytes));
            match (outcome, &got) {
                (Ok(n), Ok(m)) => assert_eq!(n, m, "{kind}/{name}"),
                (Err(message), Err(error)) => {
                    assert!(error.contains(file) && error.contains(message), "{kind}/{name}: {error}")
                }
                _ => panic!("{kind}/{name}: expected {outcome:?}, got {got:?}"),
            }
        }
    }
}

/// Rows that look like annotations: the right header, then fields drawn from real axis and
/// label names, junk, quotes and separators.
fn labels_like() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        Just("governance".to_string()),
        Just("state_led".to_string()),
        Just("none".to_string()),
        Just("\"".to_string()),
        Just(",".to_string()),
        Just("\n".to_string()),
        "\\PC{0,12}",
    ];
    let row = prop::collection::vec(field, 0..8).prop_map(|fields| fields.join(","));
    prop::collection::vec(row, 0..10).prop_map(|rows| format!("conference,doc,delegation,sentence,axis,label\n{}", rows.join("\n")))
}

// 256 cases per property by default (proptest's own default; PROPTEST_CASES overrides it).
// Each case runs under the same time limit as the corpus inputs: never hang, never panic.
proptest! {
    #[test]
    fn attribution_never_panics_on_record_like_text(text in record_like()) {
        within("record-like text", move || attribute_text(&text, None));
    }

    #[test]
    fn attribution_never_panics_on_any_text(text in "\\PC*|.*") {
        within("any text", move || {
            attribute_text(&text, None);
            attribute_text(&text, Some("China"));
        });
    }

    #[test]
    fn the_manifest_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = within("manifest bytes", move || read_manifest(&bytes));
    }

    #[test]
    fn the_labels_reader_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = within("labels bytes", move || read_labels(&bytes));
    }

    #[test]
    fn the_labels_reader_never_panics_on_labels_like_rows(text in labels_like()) {
        let _ = within("labels-like rows", move || read_labels(text.as_bytes()));
    }
}
