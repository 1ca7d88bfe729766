//! How good the tables are, on records held out from training: the real model, every real
//! annotation, `stance eval` as `make eval` runs it (5-fold cross-validation grouped by record:
//! each record's cells are decided by heads that never saw it, with the cell rule chosen on the
//! other folds).
//!
//! Three checks: the trained heads' cells beat zero-shot's by a margin and the TF-IDF baseline's,
//! and the figures stay above floors that a regression would break, the share of stated cells
//! that are right among them (a table that invents stances breaks that one). Each floor is the
//! figure measured when it was set minus its noise: the lower end of its 90% bootstrap interval
//! (resampling delegations for the cells, records for the sentences), the `_low` columns of
//! `eval_cells.csv` and `eval_summary.csv` in this test's output (kept in
//! `target/quality-floor/`), and for the stated cells a Wilson interval. The run is
//! deterministic, so the same code and data give the same figures: only a change can break a
//! floor. Reset the floors (from those columns) when the annotations or the recipe change on
//! purpose, and say so in the commit.
//!
//! A fourth: the figures per pole that the shipped heads carry, and every run passes on to its
//! reader, are the ones this evaluation measures (the same folds as `make heads`). And the folds
//! keep each delegation's records at a conference together, so that no cell is decided from
//! sentences scored by heads trained on the delegation's other records.

use crate::common::{authored, csv_files, pole_counts, read_heads, repo, rows, stance, Completes};
use stance::axes::Axes;
use stance::types::{PoleCells, ALL_GENRES, UNATTRIBUTED};
use std::collections::{BTreeSet, HashMap};

/// The trained heads' cell macro-F1 exceeds zero-shot's by at least this.
const MARGIN_OVER_ZERO_SHOT: f64 = 0.05;

/// Floors of the trained heads' figures on the held-out records (all genres): the lower ends of
/// their 90% bootstrap intervals, cut to three decimals, set on 2026-12-07 (forty-second session)
/// when the figures were 0.656, 0.945, 0.997 and 0.575 (14,381 annotated sentences, after every
/// in-scope pole label had been read again by two readers, every unread `none` label the
/// held-out heads put at 0.1 or more on a pole read by two, and every General Debate sentence
/// the scope lets count annotated; folds drawn from a hash of
/// each record's name, records that share a sentence or a delegation at a conference
/// cross-validated as one group; the embedding
/// pools the encoder's first and last layers; the cell rule chosen for stating the fewest wrong
/// cells within 0.01 of the best cell macro-F1, with the `mixed` band fixed at the truth's, 1/3).
/// Earlier floors: docs/history.md, "The quality floors".
const FLOOR_ADDRESSED_AGREEMENT: f64 = 0.613;
const FLOOR_UNCODED_NOT_ADDRESSED: f64 = 0.930;
const FLOOR_SILENT_NOT_ADDRESSED: f64 = 0.996;
const FLOOR_CELL_MACRO_F1: f64 = 0.537;
/// Floor of the share of the stated cells (a pole or `mixed`) that the annotations confirm,
/// the figure that falls when the table invents stances: the lower end of the 90% Wilson
/// interval of 297 right of 398 stated (0.746), set with the floors above (`eval_stated.csv` has
/// no interval columns).
const FLOOR_STATED_RIGHT: f64 = 0.708;
/// Floor of the sentence-level macro-F1, per axis, set with the floors above at 0.634, 0.487,
/// 0.630 and 0.600.
const FLOOR_SENTENCE_MACRO_F1: [(&str, f64); 4] =
    [("governance", 0.600), ("un_role", 0.361), ("information", 0.587), ("legal_order", 0.566)];

#[test]
fn trained_heads_beat_zero_shot_on_held_out_records_and_stay_above_their_floors() {
    // Kept under target/ (not a temporary folder) so the floors can be recomputed from it;
    // emptied first, so that no file of an earlier run is read as this one's.
    let out = repo("target/quality-floor");
    if out.exists() {
        std::fs::remove_dir_all(&out).unwrap();
    }
    std::fs::create_dir_all(&out).unwrap();
    let output = stance()
        .args(["eval", "--labels"])
        .args(csv_files("data/labels"))
        .arg("--out")
        .arg(&out)
        .arg("--also-train")
        .args(authored())
        .completed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}\n{stdout}", String::from_utf8_lossy(&output.stderr));
    println!("{stdout}");

    let cells: HashMap<(String, String), HashMap<String, String>> = rows(&out.join("eval_cells.csv"))
        .into_iter()
        .map(|row| ((row["classifier"].clone(), row["genre"].clone()), row))
        .collect();
    let figure = |classifier: &str, name: &str| -> f64 { cells[&(classifier.to_string(), "all".to_string())][name].parse().unwrap() };
    let (heads, zero_shot) = (figure("trained heads", "cell_macro_f1"), figure("zero-shot", "cell_macro_f1"));
    assert!(
        heads >= zero_shot + MARGIN_OVER_ZERO_SHOT,
        "trained heads' cell macro-F1 {heads:.3} is not {MARGIN_OVER_ZERO_SHOT} above zero-shot's {zero_shot:.3}"
    );
    // The embedding must earn its place: heads that fell to the TF-IDF baseline's level would
    // still clear the floors (issue 16 asks for 5 points above it; measured 0.575 against 0.513,
    // a lead whose 90% interval reaches below 5 points on every split, so the test asks only
    // that it stays ahead).
    let tfidf = figure("TF-IDF + LR", "cell_macro_f1");
    assert!(heads > tfidf, "trained heads' cell macro-F1 {heads:.3} is not above the TF-IDF baseline's {tfidf:.3}");
    for (name, floor) in [
        ("addressed_agreement", FLOOR_ADDRESSED_AGREEMENT),
        ("uncoded_not_addressed", FLOOR_UNCODED_NOT_ADDRESSED),
        ("silent_not_addressed", FLOOR_SILENT_NOT_ADDRESSED),
        ("cell_macro_f1", FLOOR_CELL_MACRO_F1),
    ] {
        let value = figure("trained heads", name);
        assert!(value >= floor, "{name} {value:.3} fell below its floor {floor}");
    }
    let stated = rows(&out.join("eval_stated.csv"));
    let all_stated = stated
        .iter()
        .find(|r| r["classifier"] == "trained heads" && r["genre"] == "all" && r["evidence_probability"] == "all")
        .expect("eval_stated.csv has the trained heads' stated cells over all genres");
    let share_right: f64 = all_stated["share_right"].parse().unwrap();
    assert!(
        share_right >= FLOOR_STATED_RIGHT,
        "{share_right:.3} of the stated cells are right ({} of {}), below the floor {FLOOR_STATED_RIGHT}",
        all_stated["right"],
        all_stated["stated"]
    );
    // A cell is decided in one fold: every annotated sentence of a delegation at a conference
    // (NETmundial's several contributions of one organisation, a Beijing delegation in both
    // records) was scored by heads that saw none of its records.
    let mut folds_of: HashMap<(String, String), BTreeSet<String>> = HashMap::new();
    for row in rows(&out.join("eval_sentences.csv")).into_iter().filter(|r| r["delegation"] != UNATTRIBUTED) {
        folds_of.entry((row["conference"].clone(), row["delegation"].clone())).or_default().insert(row["fold"].clone());
    }
    let split: Vec<_> = folds_of.iter().filter(|(_, folds)| folds.len() > 1).collect();
    assert!(split.is_empty(), "delegations cross-validated in more than one fold: {split:?}");
    // ... and eval_cell_labels.csv names that fold as the one whose rule decided the cell.
    let misplaced: Vec<_> = rows(&out.join("eval_cell_labels.csv"))
        .into_iter()
        .filter(|r| folds_of.get(&(r["conference"].clone(), r["delegation"].clone())).is_some_and(|f| !f.contains(&r["fold"])))
        .collect();
    assert!(misplaced.is_empty(), "cells named with a fold their sentences were not held out in: {misplaced:?}");
    let summary = rows(&out.join("eval_summary.csv"));
    let sentence_figures: HashMap<&str, f64> = summary
        .iter()
        .filter(|r| r["classifier"] == "trained heads")
        .map(|r| (r["axis"].as_str(), r["macro_f1"].parse().unwrap()))
        .collect();
    assert_eq!(sentence_figures.len(), FLOOR_SENTENCE_MACRO_F1.len(), "one sentence figure per axis: {summary:?}");
    for (axis, floor) in FLOOR_SENTENCE_MACRO_F1 {
        let value = sentence_figures[axis];
        assert!(value >= floor, "sentence macro-F1 on {axis} {value:.3} fell below its floor {floor}");
    }

    // What the shipped heads tell every run about their poles (run.json, report.html, the
    // run's summary) is what this evaluation measures, counted here from its cell labels.
    let axes = Axes::load(&repo("models/axes.toml")).unwrap();
    let shipped = read_heads(&repo("models/heads"), &axes).unwrap().meta.cross_validation.poles;
    let labelled: Vec<_> = rows(&out.join("eval_cell_labels.csv")).into_iter().filter(|r| r["classifier"] == "trained heads").collect();
    // All genres first, then each genre by name.
    let genres: BTreeSet<&str> = labelled.iter().map(|r| r["genre"].as_str()).collect();
    let measured: Vec<PoleCells> = std::iter::once(ALL_GENRES)
        .chain(genres)
        .flat_map(|genre| axes.axes.iter().flat_map(move |axis| [&axis.left.name, &axis.right.name].map(|pole| (genre, axis, pole))))
        .map(|(genre, axis, pole)| {
            let on_axis: Vec<_> =
                labelled.iter().filter(|r| (genre == ALL_GENRES || r["genre"] == genre) && r["axis"] == axis.name).collect();
            let [annotated, found, not_addressed, stated] = pole_counts(&on_axis, pole);
            PoleCells { genre: genre.to_string(), axis: axis.name.clone(), pole: pole.clone(), annotated, found, not_addressed, stated }
        })
        .collect();
    assert_eq!(shipped, measured, "the shipped heads' figures per pole are not this evaluation's: retrain them (`make heads`)");
    // eval_poles.csv says the same.
    let written: Vec<PoleCells> = rows(&out.join("eval_poles.csv"))
        .into_iter()
        .filter(|r| r["classifier"] == "trained heads")
        .map(|r| PoleCells {
            genre: r["genre"].clone(),
            axis: r["axis"].clone(),
            pole: r["pole"].clone(),
            annotated: r["annotated"].parse().unwrap(),
            found: r["found"].parse().unwrap(),
            not_addressed: r["not_addressed"].parse().unwrap(),
            stated: r["stated"].parse().unwrap(),
        })
        .collect();
    assert_eq!(written, measured, "eval_poles.csv");
}
