//! The figures of `stance eval` as polars tables, one CSV each (`eval_*.csv`); a `classifier`
//! column tells the classifiers apart.

use super::cells::{self, CellScores};
use super::{bootstrap, classifier_genres, label_names, poles, stated, stated_groups, AxisScores, ClassifierEval, CLASSIFIER, FOLD, GENRE};
use crate::axes::Axes;
use crate::error::Result;
use crate::output::column::{AXIS, CONFERENCE, DELEGATION, EVIDENCE_PROBABILITY};
use crate::types::{CellRule, PoleCells};
use polars::prelude::*;

/// The figures of each classifier as tables: the cell figures per genre and per pole, the
/// stated cells, the rules chosen, the sentence summary per axis, the per-label scores, the
/// confusion; a `classifier` column tells them apart.
pub fn frames(axes: &Axes, classifiers: &[ClassifierEval]) -> Result<Vec<(DataFrame, &'static str)>> {
    // (classifier, axis, macro-F1, its interval, calibration error, sentences)
    type SummaryRow<'a> = (&'a str, &'a str, f64, (f64, f64), f64, u32);
    let mut summary: Vec<SummaryRow> = Vec::new();
    let mut rows: Vec<(&str, &str, &str, f64, f64, f64, u32)> = Vec::new();
    let mut cells: Vec<(&str, &str, &str, &str, u32)> = Vec::new();
    for ClassifierEval { name, sentences: scores, sentences_by_record, .. } in classifiers {
        for (a, (axis, s)) in axes.axes.iter().zip(scores).enumerate() {
            let n = (0..3).map(|c| s.support(c) as u32).sum();
            let interval = bootstrap::interval(sentences_by_record, |sample| {
                AxisScores::pooled(sample.iter().map(|record| &record[a])).macro_f1()
            });
            summary.push((name, &axis.name, s.macro_f1(), interval, s.ece, n));
            let labels = label_names(axis);
            for c in 0..3 {
                rows.push((name, &axis.name, labels[c], s.precision(c), s.recall(c), s.f1(c), s.support(c) as u32));
                for p in 0..3 {
                    cells.push((name, &axis.name, labels[c], labels[p], s.confusion[c][p] as u32));
                }
            }
        }
    }
    let summary = df!(
        CLASSIFIER => summary.iter().map(|r| r.0).collect::<Vec<_>>(),
        AXIS => summary.iter().map(|r| r.1).collect::<Vec<_>>(),
        "macro_f1" => summary.iter().map(|r| r.2).collect::<Vec<_>>(),
        "macro_f1_low" => summary.iter().map(|r| r.3.0).collect::<Vec<_>>(),
        "macro_f1_high" => summary.iter().map(|r| r.3.1).collect::<Vec<_>>(),
        "ece" => summary.iter().map(|r| r.4).collect::<Vec<_>>(),
        "n" => summary.iter().map(|r| r.5).collect::<Vec<_>>(),
    )?;
    let per_label = df!(
        CLASSIFIER => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        AXIS => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "label" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        "precision" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        "recall" => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
        "f1" => rows.iter().map(|r| r.5).collect::<Vec<_>>(),
        "support" => rows.iter().map(|r| r.6).collect::<Vec<_>>(),
    )?;
    let confusion = df!(
        CLASSIFIER => cells.iter().map(|c| c.0).collect::<Vec<_>>(),
        AXIS => cells.iter().map(|c| c.1).collect::<Vec<_>>(),
        "gold" => cells.iter().map(|c| c.2).collect::<Vec<_>>(),
        "predicted" => cells.iter().map(|c| c.3).collect::<Vec<_>>(),
        "count" => cells.iter().map(|c| c.4).collect::<Vec<_>>(),
    )?;
    Ok(vec![
        (cell_frame(classifiers)?, "eval_cells.csv"),
        (cell_label_frame(axes, classifiers)?, "eval_cell_labels.csv"),
        (stated_frame(classifiers)?, "eval_stated.csv"),
        (pole_frame(axes, classifiers)?, "eval_poles.csv"),
        (rule_frame(classifiers)?, "eval_rules.csv"),
        (summary, "eval_summary.csv"),
        (per_label, "eval.csv"),
        (confusion, "eval_confusion.csv"),
    ])
}

/// Per classifier and genre ("all" first), the cell figures with their counts and their 90%
/// bootstrap intervals (resampling delegations).
fn cell_frame(classifiers: &[ClassifierEval]) -> Result<DataFrame> {
    let figures = cells::CELL_FIGURES;
    // (classifier, genre, its cells' figures, their intervals in the order of `figures`)
    type GenreRow<'a> = (&'a str, String, CellScores, Vec<(f64, f64)>);
    let rows: Vec<GenreRow> = classifier_genres(classifiers)
        .map(|(classifier, genre, group)| {
            let intervals = figures
                .iter()
                .map(|(_, figure)| bootstrap::interval(&group, |sample| figure(&CellScores::new(sample.iter().map(|d| **d)))))
                .collect();
            (classifier, genre, CellScores::new(group.iter().copied()), intervals)
        })
        .collect();
    let mut columns = vec![
        Column::new(CLASSIFIER.into(), rows.iter().map(|r| r.0).collect::<Vec<_>>()),
        Column::new(GENRE.into(), rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>()),
        Column::new("delegations".into(), rows.iter().map(|r| r.2.delegations as u32).collect::<Vec<_>>()),
    ];
    type Count = (&'static str, fn(&CellScores) -> usize);
    let counts: [Count; 4] = [
        ("addressed_cells", |s| s.addressed),
        ("uncoded_cells", |s| s.uncoded),
        ("silent_cells", |s| s.silent),
        ("cells", CellScores::cells),
    ];
    for (i, (name, figure)) in figures.iter().enumerate() {
        columns.push(Column::new((*name).into(), rows.iter().map(|r| figure(&r.2)).collect::<Vec<_>>()));
        columns.push(Column::new(format!("{name}_low").into(), rows.iter().map(|r| r.3[i].0).collect::<Vec<_>>()));
        columns.push(Column::new(format!("{name}_high").into(), rows.iter().map(|r| r.3[i].1).collect::<Vec<_>>()));
        let (count, n) = counts[i];
        columns.push(Column::new(count.into(), rows.iter().map(|r| n(&r.2) as u32).collect::<Vec<_>>()));
    }
    Ok(DataFrame::new(rows.len(), columns)?)
}

/// Every scored cell: per classifier, conference, delegation and axis, its truth and the label
/// the classifier's run gives it (for reading the mistakes, and for bootstrapping the figures),
/// and the fold whose rule decided it (empty when trained on other files).
fn cell_label_frame(axes: &Axes, classifiers: &[ClassifierEval]) -> Result<DataFrame> {
    type CellRow<'a> = (&'a str, &'a str, &'a str, &'a str, Option<u32>, &'a str, &'a str, &'a str, Option<f64>);
    let mut rows: Vec<CellRow> = Vec::new();
    for c in classifiers {
        for d in &c.cells {
            let fold = d.fold.map(|f| f as u32);
            let cells = axes.axes.iter().zip(&d.truth).zip(&d.predicted).zip(&d.evidence_probability);
            for (((axis, truth), predicted), &probability) in cells {
                let (truth, predicted) = (truth.name(axis), predicted.name(axis));
                rows.push((&c.name, &d.conference, &d.delegation, &d.genre, fold, &axis.name, truth, predicted, probability));
            }
        }
    }
    Ok(df!(
        CLASSIFIER => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        CONFERENCE => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        DELEGATION => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        GENRE => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        FOLD => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
        AXIS => rows.iter().map(|r| r.5).collect::<Vec<_>>(),
        "truth" => rows.iter().map(|r| r.6).collect::<Vec<_>>(),
        "predicted" => rows.iter().map(|r| r.7).collect::<Vec<_>>(),
        EVIDENCE_PROBABILITY => rows.iter().map(|r| r.8).collect::<Vec<_>>(),
    )?)
}

/// Per classifier, genre and evidence-probability band ("all" first), the stated cells and what
/// the annotations say of them.
fn stated_frame(classifiers: &[ClassifierEval]) -> Result<DataFrame> {
    let bands = stated::band_names();
    let mut rows: Vec<(&str, String, &str, stated::StatedCells)> = Vec::new();
    for (classifier, genre, all, by_band) in stated_groups(classifiers) {
        rows.push((classifier, genre.clone(), "all", all));
        for (band, cells) in bands.iter().zip(by_band) {
            rows.push((classifier, genre.clone(), band.as_str(), cells));
        }
    }
    Ok(df!(
        CLASSIFIER => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        GENRE => rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        EVIDENCE_PROBABILITY => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        "stated" => rows.iter().map(|r| r.3.stated as u32).collect::<Vec<_>>(),
        "right" => rows.iter().map(|r| r.3.right as u32).collect::<Vec<_>>(),
        "invented" => rows.iter().map(|r| r.3.invented as u32).collect::<Vec<_>>(),
        "other_side" => rows.iter().map(|r| r.3.other_side as u32).collect::<Vec<_>>(),
        "share_right" => rows.iter().map(|r| r.3.share_right()).collect::<Vec<_>>(),
        "mixed" => rows.iter().map(|r| r.3.mixed as u32).collect::<Vec<_>>(),
        "mixed_right" => rows.iter().map(|r| r.3.mixed_right as u32).collect::<Vec<_>>(),
    )?)
}

/// Per classifier, genre ("all" first) and pole, the pole's held-out cells ([`poles`]): what
/// `stance train` keeps with the heads, for every classifier.
fn pole_frame(axes: &Axes, classifiers: &[ClassifierEval]) -> Result<DataFrame> {
    let rows: Vec<(&str, PoleCells)> = classifiers
        .iter()
        .flat_map(|c| poles::by_genre_and_pole(axes, &c.cells).into_iter().map(|pole| (c.name.as_str(), pole)))
        .collect();
    Ok(df!(
        CLASSIFIER => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        GENRE => rows.iter().map(|r| r.1.genre.as_str()).collect::<Vec<_>>(),
        AXIS => rows.iter().map(|r| r.1.axis.as_str()).collect::<Vec<_>>(),
        "pole" => rows.iter().map(|r| r.1.pole.as_str()).collect::<Vec<_>>(),
        "annotated" => rows.iter().map(|r| r.1.annotated as u32).collect::<Vec<_>>(),
        "found" => rows.iter().map(|r| r.1.found as u32).collect::<Vec<_>>(),
        "not_addressed" => rows.iter().map(|r| r.1.not_addressed as u32).collect::<Vec<_>>(),
        "stated" => rows.iter().map(|r| r.1.stated as u32).collect::<Vec<_>>(),
    )?)
}

/// Per classifier and fold, the cell rule its cells were decided with.
fn rule_frame(classifiers: &[ClassifierEval]) -> Result<DataFrame> {
    let rows: Vec<(&str, u32, &CellRule)> = classifiers
        .iter()
        .flat_map(|c| c.rules.iter().enumerate().map(move |(fold, rule)| (c.name.as_str(), fold as u32, rule)))
        .collect();
    Ok(df!(
        CLASSIFIER => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        FOLD => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "min_pole_probability" => rows.iter().map(|r| r.2.min_pole_probability).collect::<Vec<_>>(),
        "min_sentences" => rows.iter().map(|r| r.2.min_sentences).collect::<Vec<_>>(),
        "mixed_within" => rows.iter().map(|r| r.2.mixed_within).collect::<Vec<_>>(),
    )?)
}
