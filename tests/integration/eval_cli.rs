//! `stance eval` against the bundled annotations, and refusals of bad annotation files.

use crate::common::{annotated_cells, authored, pole_counts, repo, rows, stance, Completes};
use stance::axes::Axes;
use stance::labels;
use stance::progress::Diagnostics;
use stance::segment::SegmentationRules;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

fn labels(name: &str) -> PathBuf {
    repo("data/labels").join(name)
}

#[test]
fn eval_scores_cells_and_sentences_against_the_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let file = labels("beijing_cable.csv");
    let train = labels("beijing_report.csv");
    stance().args(["eval", "--labels"]).arg(&file).arg("--train-on").arg(&train).arg("--out").arg(dir.path()).arg("--also-train").args(authored()).succeeded();

    // Who says what in the cable, from a run's own statement table, and the annotations joined
    // to it here: the delegations, and the (delegation, axis) cells where one takes a side.
    let run = dir.path().join("run");
    let cable = repo("data/records/2014-beijing-workshop/us-embassy-beijing-cable-2014-06-17.txt");
    stance().arg("run").arg(&cable).arg("--out").arg(&run).arg("--no-cache").succeeded();
    let statements = rows(&run.join("statements.csv"));
    let delegations: HashSet<&str> = statements.iter().map(|r| r["delegation"].as_str()).filter(|d| !d.is_empty()).collect();
    let axes = Axes::load(&repo("models/axes.toml")).unwrap();
    let addressed: HashSet<(String, String)> = annotated_cells(&run.join("statements.csv"), std::slice::from_ref(&file), &axes)
        .into_iter()
        .filter(|(_, counts)| counts.left + counts.right > 0)
        .map(|(cell, _)| cell)
        .collect();
    assert!(!addressed.is_empty(), "the cable takes sides");
    let mut single_side: HashMap<String, u32> = HashMap::new();
    let mut gold: HashMap<(String, String), u32> = HashMap::new();
    for row in rows(&file) {
        *gold.entry((row["axis"].clone(), row["label"].clone())).or_default() += 1;
        if row["label"] != "both" {
            *single_side.entry(row["axis"].clone()).or_default() += 1;
        }
    }

    let classifiers = ["trained heads", "heads, embedding only", "TF-IDF + LR", "zero-shot"];
    let summary = rows(&dir.path().join("eval_summary.csv"));
    assert_eq!(summary.len(), classifiers.len() * 4);
    let per_label = rows(&dir.path().join("eval.csv"));
    for row in &summary {
        assert_eq!(row["n"], single_side[&row["axis"]].to_string(), "{row:?}");
        // The macro-F1 is the mean of the per-label F1 written beside it.
        let f1s: Vec<f64> = per_label
            .iter()
            .filter(|r| r["classifier"] == row["classifier"] && r["axis"] == row["axis"])
            .map(|r| r["f1"].parse().unwrap())
            .collect();
        let macro_f1: f64 = row["macro_f1"].parse().unwrap();
        assert!((macro_f1 - f1s.iter().sum::<f64>() / 3.0).abs() < 1e-3, "{row:?} {f1s:?}");
        let (low, high): (f64, f64) = (row["macro_f1_low"].parse().unwrap(), row["macro_f1_high"].parse().unwrap());
        assert!(low <= macro_f1 + 1e-9 && macro_f1 <= high + 1e-9, "the interval holds the figure: {row:?}");
    }
    for row in &per_label {
        let expected = gold.get(&(row["axis"].clone(), row["label"].clone())).copied().unwrap_or(0);
        assert_eq!(row["support"].parse::<u32>().unwrap(), expected, "{row:?}");
    }

    let cells = rows(&dir.path().join("eval_cells.csv"));
    assert_eq!(cells.len(), classifiers.len() * 2, "all, and the one genre (report/cable): {cells:?}");
    for row in cells.iter().filter(|r| r["genre"] == "all") {
        assert_eq!(row["delegations"], delegations.len().to_string(), "{row:?}");
        assert_eq!(row["addressed_cells"], addressed.len().to_string(), "{row:?}");
        assert_eq!(row["cells"], (4 * delegations.len()).to_string(), "{row:?}");
    }
    // Every scored cell is listed with its truth, and the truth agrees with the file.
    let labelled = rows(&dir.path().join("eval_cell_labels.csv"));
    assert_eq!(labelled.len(), classifiers.len() * 4 * delegations.len());
    for row in labelled.iter().filter(|r| r["classifier"] == "trained heads") {
        let takes_side = addressed.contains(&(row["delegation"].clone(), row["axis"].clone()));
        assert_eq!(row["truth"] != "not_addressed", takes_side, "{row:?}");
    }
    // The stated cells, counted from the cell list: a stated cell has an evidence probability
    // (and lands in its band), a cell left not_addressed has none.
    let stated = rows(&dir.path().join("eval_stated.csv"));
    for classifier in &classifiers {
        let mine: Vec<_> = labelled.iter().filter(|r| r["classifier"] == *classifier).collect();
        for row in &mine {
            assert_eq!(row["predicted"] == "not_addressed", row["evidence_probability"].is_empty(), "{row:?}");
        }
        let shown: Vec<&HashMap<String, String>> = mine.iter().copied().filter(|r| r["predicted"] != "not_addressed").collect();
        let count = |f: fn(&HashMap<String, String>) -> bool| shown.iter().filter(|r| f(r)).count().to_string();
        let band = |name: &str| {
            stated
                .iter()
                .find(|r| r["classifier"] == *classifier && r["genre"] == "all" && r["evidence_probability"] == name)
                .unwrap()
        };
        let all = band("all");
        assert_eq!(all["stated"], shown.len().to_string(), "{all:?}");
        assert_eq!(all["right"], count(|r| r["truth"] == r["predicted"]), "{all:?}");
        assert_eq!(all["invented"], count(|r| r["truth"] == "not_addressed"), "{all:?}");
        assert_eq!(all["mixed"], count(|r| r["predicted"] == "mixed"), "{all:?}");
        assert_eq!(all["mixed_right"], count(|r| r["predicted"] == "mixed" && r["truth"] == "mixed"), "{all:?}");
        let strong = band(">= 0.9");
        assert_eq!(strong["stated"], count(|r| r["evidence_probability"].parse::<f64>().unwrap() >= 0.9), "{strong:?}");
    }
    // The cells per pole, counted from the same list.
    let poles = rows(&dir.path().join("eval_poles.csv"));
    assert_eq!(poles.len(), classifiers.len() * 2 * 8, "per classifier, genre (all, report/cable) and pole");
    for row in poles.iter().filter(|r| r["genre"] == "all") {
        let mine: Vec<_> = labelled.iter().filter(|r| r["classifier"] == row["classifier"] && r["axis"] == row["axis"]).collect();
        let written = ["annotated", "found", "not_addressed", "stated"].map(|column| row[column].parse::<usize>().unwrap());
        assert_eq!(written, pole_counts(&mine, &row["pole"]), "{row:?}");
    }

    // Every annotated sentence once, with its annotations, and placed as the run places it: its
    // scope and the sentence before it in its statement are the run's own.
    let sentences = rows(&dir.path().join("eval_sentences.csv"));
    let mut annotated: HashMap<String, HashMap<String, String>> = HashMap::new();
    for row in rows(&file) {
        annotated.entry(row["sentence"].clone()).or_default().insert(row["axis"].clone(), row["label"].clone());
    }
    assert_eq!(sentences.len(), annotated.len());
    let mut previous: HashMap<&str, (&str, &str)> = HashMap::new(); // text -> (previous, in_scope)
    for (i, row) in statements.iter().enumerate() {
        let before = i.checked_sub(1).map(|p| &statements[p]).filter(|p| p["statement"] == row["statement"]);
        previous.entry(&row["text"]).or_insert((before.map_or("", |p| p["text"].as_str()), &row["in_scope"]));
    }
    let mut confusion: HashMap<(String, String, String), u32> = HashMap::new();
    for row in &sentences {
        assert_eq!(row["fold"], "", "trained on other files, no fold: {row:?}");
        assert_eq!((row["previous"].as_str(), row["in_scope"].as_str()), previous[row["text"].as_str()], "{row:?}");
        for axis in &axes.axes {
            let truth = &annotated[&row["text"]][&axis.name];
            assert_eq!(&row[&format!("{}_truth", axis.name)], truth, "{row:?}");
            let probability = |side| row[&format!("{}_p_{}", axis.name, axis.label(side))].clone();
            let probabilities: Vec<String> = stance::types::Side::ALL.map(probability).to_vec();
            assert_eq!(row["in_scope"] == "true", probabilities.iter().all(|p| !p.is_empty()), "{row:?}");
            if row["in_scope"] == "false" {
                assert_eq!(row[&axis.name], "none", "{row:?}");
            }
            if truth != "both" {
                *confusion.entry((axis.name.clone(), truth.clone(), row[&axis.name].clone())).or_default() += 1;
            }
        }
    }
    // The trained heads' confusion matrix is these sentences' answers, counted.
    let matrix: Vec<_> = rows(&dir.path().join("eval_confusion.csv")).into_iter().filter(|r| r["classifier"] == "trained heads").collect();
    assert_eq!(matrix.len(), axes.axes.len() * 3 * 3, "a count per axis, truth and answer");
    for row in &matrix {
        let key = (row["axis"].clone(), row["gold"].clone(), row["predicted"].clone());
        assert_eq!(row["count"], confusion.get(&key).copied().unwrap_or(0).to_string(), "{row:?}");
    }
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
            // Read from its absolute path, the record was found, but lost its genre (and its
            // training weight) and its fold, both drawn from the path under the folder.
            "absolute.csv",
            "c,/work/records/2014-beijing-workshop/cable.txt,China,A sentence.,governance,none\n",
            "line 2: doc \"/work/records/2014-beijing-workshop/cable.txt\" is an absolute path",
        ),
        (
            "nodoc.csv",
            "2014-beijing-workshop,2014-beijing-workshop/no-such-record.txt,China,A sentence.,governance,none\n",
            "line 2: its doc 2014-beijing-workshop/no-such-record.txt is not a readable record under",
        ),
    ] {
        // Spreadsheets and Python's csv module end lines with CRLF: the line named is the same.
        for (file_name, text) in [(name.to_string(), format!("{header}{body}")), (format!("crlf-{name}"), format!("{header}{body}").replace('\n', "\r\n"))] {
            let path = dir.path().join(&file_name);
            std::fs::write(&path, text).unwrap();
            let output = stance().args(["eval", "--labels"]).arg(&path).arg("--out").arg(dir.path().join("out")).completed();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{file_name}: {stderr}");
            assert!(stderr.contains(&file_name) && stderr.contains(expected), "{file_name}: {stderr}");
        }
    }
}

/// An annotator's spreadsheet may move the columns, capitalise their names or add one of its
/// own (a comment): the file reads as the plain one does (it was refused, "the header must be
/// ..."); a missing column is still refused.
#[test]
fn annotation_columns_are_read_by_name_in_any_case_and_order() {
    let axes = Axes::load(&repo("models/axes.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let plain = write("plain.csv", "conference,doc,delegation,sentence,axis,label\nc,d.txt,China,A sentence.,governance,none\n");
    let moved = write(
        "moved.csv",
        "Label,Comment,Sentence,Axis,Doc,Delegation,Conference\nnone,\"read twice, sure\",A sentence.,governance,d.txt,China,c\n",
    );
    let read = |path: &Path| {
        let mut sentences = labels::read_labels(&[path], &axes).unwrap();
        sentences.iter_mut().for_each(|s| s.origin.file = PathBuf::new());
        sentences
    };
    assert_eq!(read(&moved), read(&plain));
    let missing = write("missing.csv", "conference,doc,delegation,sentence,label\nc,d.txt,China,A sentence.,none\n");
    let err = labels::read_labels(&[&missing], &axes).unwrap_err().to_string();
    assert!(err.contains("missing.csv, line 1: the header must name the columns"), "{err}");
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
    let kept = labels::keep_found(with_stale, &[repo("data/records")], &rules, &mut diag).unwrap();
    assert_eq!(kept, real);
    assert_eq!(diag.warnings().len(), 1, "{:?}", diag.warnings());
    assert!(diag.warnings()[0].1.contains("sentence not found in its doc"), "{:?}", diag.warnings());

    // A copy that lost its spacing is the record's sentence, and takes its text as segmented;
    // a second copy of a kept sentence that differs from it only in spacing is named, not kept.
    let respaced = |sentence: &labels::LabelledSentence| {
        let mut copy = sentence.clone();
        copy.text = format!("  {} ", copy.text.replacen(' ', "   ", 1));
        copy
    };
    let mut spaced = real.clone();
    spaced[0] = respaced(&real[0]);
    spaced.push(respaced(&real[1]));
    let mut diag = Diagnostics::default();
    let kept = labels::keep_found(spaced.clone(), &[repo("data/records")], &rules, &mut diag).unwrap();
    assert_eq!(kept, real);
    assert_eq!(diag.warnings().len(), 1, "{:?}", diag.warnings());
    assert!(diag.warnings()[0].1.contains("but for its spacing"), "{:?}", diag.warnings());

    // Labelled otherwise (a correction written as a second row), it is refused, naming both rows:
    // it was left out as a copy, the correction lost.
    let mut corrected = spaced;
    let last = corrected.last_mut().unwrap();
    last.origin = labels::Origin { file: "batch.csv".into(), line: 7 };
    last.labels[0] = Some(match real[1].labels[0] {
        Some(stance::types::Gold::Side(stance::types::Side::Left)) => stance::types::Gold::Side(stance::types::Side::None),
        _ => stance::types::Gold::Side(stance::types::Side::Left),
    });
    let err = labels::keep_found(corrected, &[repo("data/records")], &rules, &mut Diagnostics::default()).unwrap_err().to_string();
    let first = &real[1].origin;
    let named = format!("{}, line {}", first.file.display(), first.line);
    assert!(err.contains("batch.csv, line 7") && err.contains(&named) && err.contains("labelled otherwise"), "{err}");
}

/// `--learning-curve`: the strategies start from the same random seed sentences (so their first
/// points are equal, seed by seed), then part ways; each point pools the held-out cells of every
/// fold, so it scores as many delegations as the plain cross-validation does; and the picture is
/// drawn.
#[test]
fn the_learning_curve_starts_every_strategy_alike_and_pools_every_fold() {
    let dir = tempfile::tempdir().unwrap();
    let eval = |extra: &[&str], out: &Path| {
        // Enough sentences in scope, over enough records, that each fold's pool outlasts the
        // curve wherever the hash deals the records.
        let files = ["ungd_cyber.csv", "ungd_window_2009_2012.csv", "ungd_1997_2008.csv", "beijing_report.csv"].map(labels);
        stance()
            .args(["eval", "--labels"])
            .args(files)
            .args(["--folds", "2", "--out"])
            .arg(out)
            .args(extra)
            .arg("--also-train")
            .args(authored())
            .succeeded();
    };
    let (curve, plain) = (dir.path().join("curve"), dir.path().join("plain"));
    eval(&["--learning-curve", "1"], &curve);
    eval(&[], &plain);

    let points = rows(&curve.join("learning_curve.csv"));
    // 3 strategies x 3 seeds x (the seed + 1 step)
    assert_eq!(points.len(), 18, "{points:?}");
    let strategies: HashSet<&str> = points.iter().map(|p| p["strategy"].as_str()).collect();
    assert_eq!(strategies.len(), 3);
    let sizes: HashSet<&str> = points.iter().map(|p| p["annotated"].as_str()).collect();
    assert_eq!(sizes, HashSet::from(["100", "150"]));
    let at = |strategy: &str, seed: &str, size: &str| {
        points.iter().find(|p| p["strategy"].starts_with(strategy) && p["seed"] == seed && p["annotated"] == size).unwrap()
    };
    for seed in ["0", "1", "2"] {
        let start = &at("random", seed, "100")["cell_macro_f1"];
        assert_eq!(&at("uncertainty", seed, "100")["cell_macro_f1"], start, "seed {seed}");
        assert_eq!(&at("likeliest", seed, "100")["cell_macro_f1"], start, "seed {seed}");
    }
    // Then they choose different sentences, and their cells differ somewhere.
    let apart = ["0", "1", "2"].iter().any(|seed| {
        let step: Vec<_> = ["random", "uncertainty", "likeliest"].iter().map(|s| at(s, seed, "150")).collect();
        step.iter().any(|p| p.iter().any(|(k, v)| !["strategy", "seed"].contains(&k.as_str()) && step[0][k] != *v))
    });
    assert!(apart, "the strategies gave the same cells at every seed: {points:?}");
    let scored = rows(&plain.join("eval_cells.csv"))
        .into_iter()
        .find(|r| r["classifier"] == "trained heads" && r["genre"] == "all")
        .unwrap()["delegations"]
        .clone();
    for p in &points {
        assert_eq!(p["delegations"], scored, "every fold's held-out delegations in each point: {p:?}");
        let f1: f64 = p["cell_macro_f1"].parse().unwrap();
        assert!((0.0..=1.0).contains(&f1), "{p:?}");
    }
    for picture in ["learning_curve.svg", "learning_curve.png"] {
        assert!(std::fs::metadata(curve.join(picture)).unwrap().len() > 1000, "{picture}");
    }
}

/// A delegation's cells are scored only when every sentence of its records that the run
/// classifies is annotated: take one in-scope sentence's annotations out of the cable's file,
/// and the cable leaves the cell figures (named on the console) while its other sentences still
/// count at the sentence level.
#[test]
fn a_record_with_an_unannotated_sentence_in_scope_leaves_the_cell_figures() {
    let dir = tempfile::tempdir().unwrap();
    let workshop = repo("data/records/2014-beijing-workshop");
    let run = dir.path().join("run");
    stance().arg("run").arg(&workshop).arg("--out").arg(&run).arg("--no-cache").succeeded();
    let statements = rows(&run.join("statements.csv"));
    let is_cable = |row: &HashMap<String, String>| row["doc"].contains("us-embassy-beijing-cable");

    let cable = labels("beijing_cable.csv");
    let annotated: HashSet<String> = rows(&cable).into_iter().map(|r| r["sentence"].clone()).collect();
    let dropped = statements
        .iter()
        .find(|r| is_cable(r) && r["in_scope"] == "true" && annotated.contains(&r["text"]))
        .expect("an annotated cable sentence in scope")["text"]
        .clone();
    let mut reader = csv::Reader::from_path(&cable).unwrap();
    let partial = dir.path().join("cable_but_one.csv");
    let mut writer = csv::Writer::from_path(&partial).unwrap();
    writer.write_record(reader.headers().unwrap()).unwrap();
    let sentence_column = reader.headers().unwrap().iter().position(|h| h == "sentence").unwrap();
    for record in reader.records().map(Result::unwrap).filter(|r| r[sentence_column] != *dropped) {
        writer.write_record(&record).unwrap();
    }
    writer.flush().unwrap();

    let out = dir.path().join("eval");
    let output = stance()
        .args(["eval", "--labels"])
        .args([partial, labels("beijing_report.csv")])
        .arg("--train-on")
        .arg(labels("ungd_cyber.csv"))
        .arg("--out")
        .arg(&out)
        .arg("--also-train")
        .args(authored())
        .succeeded();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("1 record(s) left out of the cell figures: 1 of their in-scope sentences are not annotated")
            && stderr.contains("us-embassy-beijing-cable"),
        "{stderr}"
    );

    // The cells scored are the report's delegations alone ...
    let report_delegations: HashSet<&str> = statements
        .iter()
        .filter(|r| !is_cable(r) && !r["delegation"].is_empty())
        .map(|r| r["delegation"].as_str())
        .collect();
    let cable_only: Vec<&str> = statements
        .iter()
        .filter(|r| is_cable(r) && !r["delegation"].is_empty() && !report_delegations.contains(r["delegation"].as_str()))
        .map(|r| r["delegation"].as_str())
        .collect();
    assert!(!cable_only.is_empty(), "a delegation only the cable names, whose cells would show the cable scored");
    let cells = rows(&out.join("eval_cells.csv"));
    let all = cells.iter().find(|r| r["classifier"] == "trained heads" && r["genre"] == "all").unwrap();
    assert_eq!(all["delegations"], report_delegations.len().to_string(), "{all:?}");
    let labelled = rows(&out.join("eval_cell_labels.csv"));
    assert!(labelled.iter().all(|r| !cable_only.contains(&r["delegation"].as_str())), "{cable_only:?}");
    // ... and every annotated sentence but the one taken out still counts at the sentence level.
    let scored: HashSet<String> = rows(&out.join("eval_sentences.csv")).into_iter().map(|r| r["text"].clone()).collect();
    let report_sentences: HashSet<String> = rows(&labels("beijing_report.csv")).into_iter().map(|r| r["sentence"].clone()).collect();
    let expected: HashSet<String> = annotated.iter().filter(|s| **s != dropped).cloned().chain(report_sentences).collect();
    assert_eq!(scored, expected);

    // The sentence that keeps the cable out is listed for annotation, once per axis, its labels
    // left empty: a list passed back unread is refused, naming the file.
    let listed = out.join("eval_unannotated.csv");
    assert!(stderr.contains(&listed.display().to_string()), "{stderr}");
    let to_annotate = rows(&listed);
    assert_eq!(to_annotate.iter().map(|r| r["axis"].as_str()).collect::<Vec<_>>(), ["governance", "un_role", "information", "legal_order"]);
    assert!(to_annotate.iter().all(|r| r["sentence"] == dropped && r["label"].is_empty() && r["doc"].contains("us-embassy-beijing-cable")));
    let unread = stance().args(["eval", "--labels"]).arg(&listed).arg("--out").arg(dir.path().join("unread")).completed();
    let unread_stderr = String::from_utf8_lossy(&unread.stderr);
    assert!(!unread.status.success() && unread_stderr.contains("eval_unannotated.csv, line 2") && unread_stderr.contains("unknown label"), "{unread_stderr}");
}

/// A sentence both scored and trained on (`--train-on` the very file `--labels` scores) is
/// scored and not trained on, and a note says how many: the training set vanished in silence,
/// and the run then failed on its labels or scored heads trained on the rest alone.
#[test]
fn sentences_both_scored_and_trained_on_are_counted_in_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let cable = labels("beijing_cable.csv");
    let output = stance()
        .args(["eval", "--labels"])
        .arg(&cable)
        .arg("--train-on")
        .args([cable.clone(), labels("beijing_report.csv")])
        .arg("--out")
        .arg(dir.path())
        .arg("--also-train")
        .args(authored())
        .succeeded();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let in_both: HashSet<(String, String)> = rows(&cable).into_iter().map(|r| (r["doc"].clone(), r["sentence"].clone())).collect();
    assert!(
        stderr.contains(&format!("note: {} of the ", in_both.len())) && stderr.contains("of --train-on are also in --labels"),
        "{stderr}"
    );
}

/// Steps past the annotated pool repeated the last point at a full step's cost (a helper's
/// 4,294,967,295 steps ran on for minutes), and the summary said the curve started at 100
/// sentences where the pool held fewer: the curve stops where the largest fold's pool is used
/// up, with a note, and the summary says where each line starts and ends.
#[test]
fn a_learning_curve_stops_where_the_pool_is_used_up() {
    let dir = tempfile::tempdir().unwrap();
    let output = stance()
        .args(["eval", "--labels"])
        .arg(labels("ungd_1946_1996.csv"))
        .args(["--folds", "2", "--learning-curve", "4294967295", "--out"])
        .arg(dir.path())
        .arg("--also-train")
        .args(authored())
        .succeeded();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("note: the annotated pool is used up after") && stderr.contains("(4294967295 asked)"), "{stderr}");
    let points = rows(&dir.path().join("learning_curve.csv"));
    let mut sizes: Vec<usize> = points.iter().map(|p| p["annotated"].parse().unwrap()).collect();
    sizes.sort();
    sizes.dedup();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let (first, last) = (sizes[0], sizes[sizes.len() - 1]);
    assert!(stdout.lines().all(|l| l.contains(&format!(" at {first} sentences, ")) && l.ends_with(&format!(" at {last}"))), "{stdout}");
    let refused = stance().args(["eval", "--labels"]).arg(labels("beijing_cable.csv")).args(["--learning-curve", "0"]).completed();
    assert_eq!(refused.status.code(), Some(2), "{}", String::from_utf8_lossy(&refused.stderr));
}
