//! Scoring a classifier against annotations: per axis and class precision, recall and F1, the
//! macro-F1 over the three classes, the confusion matrix and the expected calibration error.

use crate::axes::{Axes, Axis};
use crate::error::Result;
use crate::types::{AxisProbs, Side};
use polars::prelude::*;

/// Confidence bins for the expected calibration error.
const ECE_BINS: usize = 10;

/// What `stance eval` measured: per classifier, its scores on every axis.
#[derive(Debug)]
pub struct EvalResults {
    pub classifiers: Vec<(String, Vec<AxisScores>)>,
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

/// Per axis, each classifier's macro-F1 and ECE side by side.
pub fn comparison_table(axes: &Axes, classifiers: &[(String, Vec<AxisScores>)]) -> String {
    // A column is as wide as its name, and at least as wide as "0.000 / 0.000".
    let widths: Vec<usize> = classifiers.iter().map(|(name, _)| name.chars().count().max(13)).collect();
    let mut out = format!("{:<12}", "macro-F1/ECE");
    for ((name, _), width) in classifiers.iter().zip(&widths) {
        out.push_str(&format!("   {name:>width$}"));
    }
    out.push('\n');
    for (i, axis) in axes.axes.iter().enumerate() {
        out.push_str(&format!("{:<12}", axis.name));
        for ((_, scores), width) in classifiers.iter().zip(&widths) {
            let cell = format!("{:.3} / {:.3}", scores[i].macro_f1(), scores[i].ece);
            out.push_str(&format!("   {cell:>width$}"));
        }
        out.push('\n');
    }
    out
}

/// The scores of each classifier as three tables: the summary per axis, the per-label scores,
/// the confusion; a `classifier` column tells them apart.
pub fn frames(axes: &Axes, classifiers: &[(String, Vec<AxisScores>)]) -> Result<Vec<(DataFrame, &'static str)>> {
    let mut summary: Vec<(&str, &str, f64, f64, u32)> = Vec::new();
    let mut rows: Vec<(&str, &str, &str, f64, f64, f64, u32)> = Vec::new();
    let mut cells: Vec<(&str, &str, &str, &str, u32)> = Vec::new();
    for (name, scores) in classifiers {
        for (axis, s) in axes.axes.iter().zip(scores) {
            let n = (0..3).map(|c| s.support(c) as u32).sum();
            summary.push((name, &axis.name, s.macro_f1(), s.ece, n));
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
        "classifier" => summary.iter().map(|r| r.0).collect::<Vec<_>>(),
        "axis" => summary.iter().map(|r| r.1).collect::<Vec<_>>(),
        "macro_f1" => summary.iter().map(|r| r.2).collect::<Vec<_>>(),
        "ece" => summary.iter().map(|r| r.3).collect::<Vec<_>>(),
        "n" => summary.iter().map(|r| r.4).collect::<Vec<_>>(),
    )?;
    let per_label = df!(
        "classifier" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        "axis" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
        "label" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        "precision" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        "recall" => rows.iter().map(|r| r.4).collect::<Vec<_>>(),
        "f1" => rows.iter().map(|r| r.5).collect::<Vec<_>>(),
        "support" => rows.iter().map(|r| r.6).collect::<Vec<_>>(),
    )?;
    let confusion = df!(
        "classifier" => cells.iter().map(|c| c.0).collect::<Vec<_>>(),
        "axis" => cells.iter().map(|c| c.1).collect::<Vec<_>>(),
        "gold" => cells.iter().map(|c| c.2).collect::<Vec<_>>(),
        "predicted" => cells.iter().map(|c| c.3).collect::<Vec<_>>(),
        "count" => cells.iter().map(|c| c.4).collect::<Vec<_>>(),
    )?;
    Ok(vec![
        (summary, "eval_summary.csv"),
        (per_label, "eval.csv"),
        (confusion, "eval_confusion.csv"),
    ])
}

/// Label names in `Side::ALL` order.
fn label_names(axis: &Axis) -> [&str; 3] {
    Side::ALL.map(|side| axis.label(side))
}

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
