//! `stance eval` against the bundled annotations, and refusals of bad annotation files.

use crate::common::{repo, rows};
use stance::axes::Axes;
use stance::labels;
use stance::progress::Diagnostics;
use stance::segment::SegmentationRules;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Command, Output};

fn labels(name: &str) -> PathBuf {
    repo("data/labels").join(name)
}

fn stance(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stance")).args(args).output().expect("stance runs")
}

#[test]
fn eval_scores_every_axis_against_the_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let file = labels("beijing_cable.csv");
    let train = labels("beijing_report.csv");
    let output = stance(&[
        "eval".as_ref(),
        "--labels".as_ref(),
        file.as_os_str(),
        "--train-on".as_ref(),
        train.as_os_str(),
        "--out".as_ref(),
        dir.path().as_os_str(),
        "--no-cache".as_ref(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");

    // Gold counts straight from the annotation file.
    let mut gold: HashMap<(String, String), u32> = HashMap::new();
    for row in rows(&file) {
        *gold.entry((row["axis"].clone(), row["label"].clone())).or_default() += 1;
    }
    let summary = rows(&dir.path().join("eval_summary.csv"));
    assert_eq!(summary.len(), 4 * 4, "trained heads, heads on the embedding only, TF-IDF + LR and zero-shot on each axis");
    for row in &summary {
        assert_eq!(row["n"], "59", "{row:?}");
        let f1: f64 = row["macro_f1"].parse().unwrap();
        let ece: f64 = row["ece"].parse().unwrap();
        assert!((0.0..=1.0).contains(&f1) && (0.0..=1.0).contains(&ece), "{row:?}");
    }
    for row in rows(&dir.path().join("eval.csv")) {
        let expected = gold.get(&(row["axis"].clone(), row["label"].clone())).copied().unwrap_or(0);
        assert_eq!(row["support"].parse::<u32>().unwrap(), expected, "{row:?}");
    }
    let mut per_axis: HashMap<(String, String), u32> = HashMap::new();
    for row in rows(&dir.path().join("eval_confusion.csv")) {
        *per_axis.entry((row["classifier"].clone(), row["axis"].clone())).or_default() += row["count"].parse::<u32>().unwrap();
    }
    assert_eq!(per_axis.len(), 4 * 4);
    assert!(per_axis.values().all(|&n| n == 59), "{per_axis:?}");
}

#[test]
fn bad_annotations_are_refused_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let header = "conference,doc,delegation,sentence,axis,label\n";
    for (name, body, expected) in [
        ("axis.csv", "c,d.txt,China,A sentence.,sovereignty,none\n", "line 2: unknown axis \"sovereignty\""),
        ("label.csv", "c,d.txt,China,A sentence.,governance,left\n", "line 2: unknown label \"left\" for axis governance"),
        (
            "twice.csv",
            "c,d.txt,China,A sentence.,governance,none\nc,d.txt,China,A sentence.,governance,state_led\n",
            "line 3: the sentence already has another governance label",
        ),
        (
            "stale.csv",
            "2014-beijing-workshop,2014-beijing-workshop/us-embassy-beijing-cable-2014-06-17.txt,China,\
             This sentence was never in the cable.,governance,none\n",
            "line 2: sentence not found in its doc 2014-beijing-workshop/us-embassy-beijing-cable-2014-06-17.txt",
        ),
        (
            "nodoc.csv",
            "2014-beijing-workshop,2014-beijing-workshop/no-such-record.txt,China,A sentence.,governance,none\n",
            "line 2: its doc 2014-beijing-workshop/no-such-record.txt is not a readable record under",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("{header}{body}")).unwrap();
        let output = stance(&["eval".as_ref(), "--labels".as_ref(), path.as_os_str(), "--out".as_ref(), dir.path().join("out").as_os_str()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains(name) && stderr.contains(expected), "{name}: {stderr}");
    }
}

#[test]
fn annotations_are_kept_exactly_when_their_sentence_is_in_their_record() {
    let axes = Axes::load(&repo("models/axes.toml")).unwrap();
    let rules = SegmentationRules::load(&repo("data/segmentation.toml")).unwrap();
    let real = labels::read_labels(&[labels("beijing_cable.csv")], &axes).unwrap();
    let mut with_stale = real.clone();
    let mut stale = real[3].clone();
    stale.text = format!("{} And a clause nobody wrote.", stale.text);
    with_stale.insert(2, stale);

    let mut diag = Diagnostics::default();
    let kept = labels::keep_found(with_stale, &repo("data/records"), &rules, &mut diag);
    assert_eq!(kept, real);
    assert_eq!(diag.warnings().len(), 1, "{:?}", diag.warnings());
    assert!(diag.warnings()[0].1.contains("sentence not found in its doc"), "{:?}", diag.warnings());
}
