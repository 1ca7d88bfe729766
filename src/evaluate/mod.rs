//! Scoring against annotations: per sentence ([`AxisScores`]: per axis and class precision,
//! recall and F1, the macro-F1 over the three classes, the confusion matrix and the expected
//! calibration error), and per delegation cell ([`cells`]: the table users read).

pub mod bootstrap;
pub mod cells;
mod frames;
mod printed;
pub mod poles;
pub mod stated;

pub use frames::frames;
pub use printed::{cell_table, comparison_table, pole_table, stated_table, table};

use crate::axes::Axis;
use crate::types::{AxisProbs, CellRule, Side};
use cells::DelegationCells;

/// Confidence bins for the expected calibration error.
const ECE_BINS: usize = 10;

// Columns the evaluation tables share (each table's other columns are named where it is built).
/// Which classifier a row scores: "trained heads", "TF-IDF baseline" ...
pub const CLASSIFIER: &str = "classifier";
/// A record's genre (`data/genres.toml`), or "all".
pub const GENRE: &str = "genre";
/// The cross-validation fold that held a record out (`eval_rules.csv`: the fold a rule was
/// chosen for; `eval_cell_labels.csv`: the fold whose rule decided a cell).
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
