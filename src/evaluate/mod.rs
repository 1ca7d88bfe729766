//! Scoring against annotations: per sentence ([`AxisScores`]: per axis and class precision,
//! recall and F1, the macro-F1 over the three classes, the confusion matrix and the expected
//! calibration error), and per delegation cell ([`cells`]: the table users read).

pub mod bootstrap;
pub mod cells;
pub mod stated;

use crate::axes::{Axes, Axis};
use crate::error::Result;
use crate::output::column::{AXIS, CONFERENCE, DELEGATION, EVIDENCE_PROBABILITY};
use crate::types::{AxisProbs, CellRule, Side};
use cells::{CellScores, DelegationCells};
use polars::prelude::*;

/// Confidence bins for the expected calibration error.
const ECE_BINS: usize = 10;

// Columns the evaluation tables share (each table's other columns are named where it is built).
/// Which classifier a row scores: "trained heads", "TF-IDF baseline" ...
pub const CLASSIFIER: &str = "classifier";
/// A record's genre (`data/genres.toml`), or "all".
pub const GENRE: &str = "genre";
/// The cross-validation fold that held a record out (`eval_rules.csv`: the fold a rule was
/// chosen for).
pub const FOLD: &str = "fold";

/// What `stance eval` measured, per classifier.
#[derive(Debug)]
pub struct EvalResults {
    pub classifiers: Vec<ClassifierEval>,
}

/// One classifier's held-out figures.
#[derive(Debug, Clone)]
pub struct ClassifierEval {
    pub name: String,
    /// Per axis, the run's sentence decisions (the classifier's answer in scope, `none` out of
    /// it) against the annotations.
    pub sentences: Vec<AxisScores>,
    /// The same, per scored record (for the bootstrap intervals): `[record][axis]`.
    pub sentences_by_record: Vec<Vec<AxisScores>>,
    /// Every scored delegation's cells, truth and prediction.
    pub cells: Vec<DelegationCells>,
    /// The cell rule each cross-validation fold was decided with (one, without folds).
    pub rules: Vec<CellRule>,
}

/// How a classifier did on one axis.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AxisScores {
    /// `confusion[true][predicted]`, classes in `Side::ALL` order (left, right, none).
    pub confusion: [[usize; 3]; 3],
    /// Expected calibration error of the most probable class, over `ECE_BINS` bins.
    pub ece: f64,
}

impl AxisScores {
    /// Scores predictions against gold labels (pairs for the annotated sentences only).
    pub fn new(pairs: &[(Side, AxisProbs)]) -> Self {
        let mut confusion = [[0usize; 3]; 3];
        let mut bins = [(0usize, 0usize, 0f64); ECE_BINS]; // (count, correct, confidence sum)
        for &(gold, probs) in pairs {
            let predicted = probs.side();
            confusion[gold.index()][predicted.index()] += 1;
            let confidence = f64::from(probs.left.max(probs.right).max(probs.none));
            let bin = ((confidence * ECE_BINS as f64) as usize).min(ECE_BINS - 1);
            bins[bin].0 += 1;
            bins[bin].1 += usize::from(gold == predicted);
            bins[bin].2 += confidence;
        }
        let n = pairs.len().max(1) as f64;
        let ece = bins
            .iter()
            .filter(|b| b.0 > 0)
            .map(|&(count, correct, confidence)| {
                let count_f = count as f64;
                (count_f / n) * (correct as f64 / count_f - confidence / count_f).abs()
            })
            .sum();
        AxisScores { confusion, ece }
    }

    /// The scores of several sets of predictions taken together (their confusion summed; the
    /// calibration error is not pooled and is left at 0).
    pub fn pooled<'a>(parts: impl IntoIterator<Item = &'a AxisScores>) -> Self {
        let mut confusion = [[0usize; 3]; 3];
        for part in parts {
            for (row, part_row) in confusion.iter_mut().zip(&part.confusion) {
                for (cell, n) in row.iter_mut().zip(part_row) {
                    *cell += n;
                }
            }
        }
        AxisScores { confusion, ece: 0.0 }
    }

    pub fn support(&self, class: usize) -> usize {
        self.confusion[class].iter().sum()
    }

    pub fn precision(&self, class: usize) -> f64 {
        let predicted: usize = (0..3).map(|t| self.confusion[t][class]).sum();
        ratio(self.confusion[class][class], predicted)
    }

    pub fn recall(&self, class: usize) -> f64 {
        ratio(self.confusion[class][class], self.support(class))
    }

    pub fn f1(&self, class: usize) -> f64 {
        let predicted: usize = (0..3).map(|t| self.confusion[t][class]).sum();
        ratio(2 * self.confusion[class][class], predicted + self.support(class))
    }

    /// Mean F1 over the three classes (a class absent from gold and predictions scores 0).
    pub fn macro_f1(&self) -> f64 {
        (0..3).map(|c| self.f1(c)).sum::<f64>() / 3.0
    }
}

/// The scores as a printable table: per axis macro-F1 and ECE, then P/R/F1 per label.
pub fn table(axes: &Axes, scores: &[AxisScores]) -> String {
    let mut out = format!("{:<12} {:>8} {:>6}   per label: precision / recall / F1 (support)\n", "axis", "macro-F1", "ECE");
    for (axis, s) in axes.axes.iter().zip(scores) {
        let labels = label_names(axis);
        let per_label: Vec<String> = (0..3)
            .map(|c| format!("{} {:.2}/{:.2}/{:.2} ({})", labels[c], s.precision(c), s.recall(c), s.f1(c), s.support(c)))
            .collect();
        out.push_str(&format!("{:<12} {:>8.3} {:>6.3}   {}\n", axis.name, s.macro_f1(), s.ece, per_label.join("; ")));
    }
    out
}

/// Per axis, each classifier's sentence macro-F1 and ECE side by side.
pub fn comparison_table(axes: &Axes, classifiers: &[ClassifierEval]) -> String {
    // A column is as wide as its name, and at least as wide as "0.000 / 0.000".
    let widths: Vec<usize> = classifiers.iter().map(|c| c.name.chars().count().max(13)).collect();
    let mut out = format!("{:<12}", "sentences: macro-F1/ECE");
    out.push('\n');
    out.push_str(&format!("{:<12}", ""));
    for (c, width) in classifiers.iter().zip(&widths) {
        out.push_str(&format!("   {:>width$}", c.name));
    }
    out.push('\n');
    for (i, axis) in axes.axes.iter().enumerate() {
        out.push_str(&format!("{:<12}", axis.name));
        for (c, width) in classifiers.iter().zip(&widths) {
            let cell = format!("{:.3} / {:.3}", c.sentences[i].macro_f1(), c.sentences[i].ece);
            out.push_str(&format!("   {cell:>width$}"));
        }
        out.push('\n');
    }
    out
}

/// Per classifier and genre, the cell figures: agreement on the cells where a delegation takes
/// a side, `not_addressed` kept on the other axes of such delegations and on every axis of the
/// delegations that take none, and the cell macro-F1.
pub fn cell_table(classifiers: &[ClassifierEval]) -> String {
    let mut out = format!(
        "{:<22} {:<15} {:>16} {:>16} {:>16} {:>9}\n",
        "cells", "genre", "addressed agree", "uncoded n/a", "silent n/a", "macro-F1"
    );
    let figure = |value: f64, n: usize| format!("{value:.3} ({n})");
    for (classifier, genre, group) in classifier_genres(classifiers) {
        let scores = CellScores::new(group);
        out.push_str(&format!(
            "{:<22} {:<15} {:>16} {:>16} {:>16} {:>9.3}\n",
            classifier,
            genre,
            figure(scores.addressed_agreement(), scores.addressed),
            figure(scores.uncoded_not_addressed(), scores.uncoded),
            figure(scores.silent_not_addressed(), scores.silent),
            scores.macro_f1()
        ));
    }
    out
}

/// Each classifier's scored cells, in all ("all" first) and per genre: the groups every cell
/// and stated-cell table reports on, walked in one place so the tables keep one row order.
fn classifier_genres(classifiers: &[ClassifierEval]) -> impl Iterator<Item = (&str, String, Vec<&DelegationCells>)> {
    classifiers.iter().flat_map(|c| {
        cells::genre_groups(&c.cells).into_iter().map(move |(genre, group)| (c.name.as_str(), genre, group))
    })
}

/// Per classifier and genre ("all" first), its stated cells in all and per evidence-probability
/// band: what the printed table and `eval_stated.csv` both show.
fn stated_groups(classifiers: &[ClassifierEval]) -> Vec<(&str, String, stated::StatedCells, Vec<stated::StatedCells>)> {
    classifier_genres(classifiers)
        .map(|(classifier, genre, group)| {
            let (all, by_band) = stated::by_band(group);
            (classifier, genre, all, by_band)
        })
        .collect()
}

/// Per classifier and genre, the share of stated cells that the annotations confirm, in all and
/// by the probability of the cell's evidence sentence, then how many of the cells stated `mixed`
/// are ([`stated`]).
pub fn stated_table(classifiers: &[ClassifierEval]) -> String {
    let mut out = format!("{:<22} {:<15} {:>12}", "stated cells right", "genre", "all");
    for band in stated::band_names() {
        out.push_str(&format!(" {band:>12}"));
    }
    out.push_str(&format!(" {:>14}\n", "mixed: right"));
    let figure = |s: &stated::StatedCells| format!("{:.3} ({})", s.share_right(), s.stated);
    for (classifier, genre, all, by_band) in stated_groups(classifiers) {
        out.push_str(&format!("{:<22} {:<15} {:>12}", classifier, genre, figure(&all)));
        for band in &by_band {
            out.push_str(&format!(" {:>12}", figure(band)));
        }
        out.push_str(&format!(" {:>14}\n", format!("{} of {}", all.mixed_right, all.mixed)));
    }
    out
}

/// The figures of each classifier as tables: the cell figures per genre, the rules chosen, the
/// sentence summary per axis, the per-label scores, the confusion; a `classifier` column tells
/// them apart.
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
/// the classifier's run gives it (for reading the mistakes, and for bootstrapping the figures).
fn cell_label_frame(axes: &Axes, classifiers: &[ClassifierEval]) -> Result<DataFrame> {
    type CellRow<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str, Option<f64>);
    let mut rows: Vec<CellRow> = Vec::new();
    for c in classifiers {
        for d in &c.cells {
            let cells = axes.axes.iter().zip(&d.truth).zip(&d.predicted).zip(&d.evidence_probability);
            for (((axis, truth), predicted), &probability) in cells {
                let (truth, predicted) = (truth.name(axis), predicted.name(axis));
                rows.push((&c.name, &d.conference, &d.delegation, &d.genre, &axis.name, truth, predicted, probability));
            }
        }
    }
    Ok(df!(
        CLASSIFIER => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        CONFERENCE => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        DELEGATION => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        GENRE => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        AXIS => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
        "truth" => rows.iter().map(|r| r.5).collect::<Vec<_>>(),
        "predicted" => rows.iter().map(|r| r.6).collect::<Vec<_>>(),
        EVIDENCE_PROBABILITY => rows.iter().map(|r| r.7).collect::<Vec<_>>(),
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

/// Label names in `Side::ALL` order.
fn label_names(axis: &Axis) -> [&str; 3] {
    Side::ALL.map(|side| axis.label(side))
}

/// 0 when the denominator is 0: scikit-learn's convention for the precision of a class never
/// predicted (unlike the cell figures, where "no such cells" is NaN, see `cells`).
fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probs(left: f32, right: f32, none: f32) -> AxisProbs {
        AxisProbs { left, right, none }
    }

    #[test]
    fn perfect_and_confident_predictions_score_one_and_zero_ece() {
        let pairs = [
            (Side::Left, probs(1.0, 0.0, 0.0)),
            (Side::Right, probs(0.0, 1.0, 0.0)),
            (Side::None, probs(0.0, 0.0, 1.0)),
        ];
        let scores = AxisScores::new(&pairs);
        assert_eq!(scores.macro_f1(), 1.0);
        assert!(scores.ece.abs() < 1e-9);
    }

    #[test]
    fn mistakes_show_in_the_confusion_matrix_and_the_scores() {
        // Two left sentences, one predicted none; one none predicted left.
        let pairs = [
            (Side::Left, probs(0.8, 0.1, 0.1)),
            (Side::Left, probs(0.2, 0.1, 0.7)),
            (Side::None, probs(0.6, 0.0, 0.4)),
        ];
        let scores = AxisScores::new(&pairs);
        assert_eq!(scores.confusion, [[1, 0, 1], [0, 0, 0], [1, 0, 0]]);
        assert_eq!(scores.precision(0), 0.5);
        assert_eq!(scores.recall(0), 0.5);
        assert_eq!(scores.f1(2), 0.0);
        assert!((scores.macro_f1() - 0.5 / 3.0).abs() < 1e-9);
    }
}
