//! Scoring the table users read: a cell per (conference, delegation, axis), its label derived
//! from the annotations by the codebook's delegation rules, compared with the label `stance`
//! gives it.
//!
//! The truth of a cell (codebook, "Delegation stance"): `not_addressed` when none of the
//! delegation's annotated sentences takes a side on the axis; otherwise, counting a sentence
//! annotated `both` for each pole, the left pole when the left sentences outnumber the right
//! at least two to one (score (R - L) / (R + L) <= -1/3), the right pole likewise, and `mixed`
//! when both poles are stated and neither outweighs the other that much.

use crate::axes::CellLabel;
use crate::types::{Gold, Side, ALL_GENRES, MIXED_WITHIN};
use std::collections::BTreeMap;

/// The truth of a cell whose delegation has `left` sentences on the left pole and `right` on
/// the right (a `both` sentence counted in each).
pub fn truth_from_counts(left: usize, right: usize) -> CellLabel {
    if left + right == 0 {
        return CellLabel::NotAddressed;
    }
    let score = (right as f64 - left as f64) / (right + left) as f64;
    if score <= -MIXED_WITHIN {
        CellLabel::Left
    } else if score >= MIXED_WITHIN {
        CellLabel::Right
    } else {
        CellLabel::Mixed
    }
}

/// Left and right sentences of one delegation on one axis, from its annotations.
#[derive(Debug, Clone, Copy, Default)]
pub struct SideCounts {
    pub left: usize,
    pub right: usize,
}

impl SideCounts {
    /// Counts an annotated sentence.
    pub fn add(&mut self, gold: Gold) {
        for side in gold.sides() {
            match side {
                Side::Left => self.left += 1,
                Side::Right => self.right += 1,
                Side::None => {}
            }
        }
    }

    pub fn truth(self) -> CellLabel {
        truth_from_counts(self.left, self.right)
    }
}

/// One (conference, delegation): its truth and prediction on every axis.
#[derive(Debug, Clone)]
pub struct DelegationCells {
    pub conference: String,
    pub delegation: String,
    pub genre: String,
    /// The cross-validation fold that held the delegation's records out, whose rule decided its
    /// cells (`eval_rules.csv`); `None` when trained on other files.
    pub fold: Option<usize>,
    pub truth: Vec<CellLabel>,
    pub predicted: Vec<CellLabel>,
    /// Per axis, the probability of the predicted cell's evidence sentence (`None` when the
    /// cell is `not_addressed`).
    pub evidence_probability: Vec<Option<f64>>,
}

impl DelegationCells {
    /// Whether the delegation takes a side on some axis (by the annotations).
    pub fn addresses_something(&self) -> bool {
        self.truth.iter().any(|&t| t != CellLabel::NotAddressed)
    }
}

/// The cell figures of one set of delegations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellScores {
    /// Delegations scored (each gives a cell per axis).
    pub delegations: usize,
    /// Cells where the delegation takes a side, and how many `stance` labels the same.
    pub addressed: usize,
    pub addressed_agree: usize,
    /// `not_addressed` cells of delegations that address another axis, and how many `stance`
    /// leaves `not_addressed`.
    pub uncoded: usize,
    pub uncoded_agree: usize,
    /// Cells of delegations that address no axis, and how many `stance` leaves
    /// `not_addressed`.
    pub silent: usize,
    pub silent_agree: usize,
    /// `confusion[truth][predicted]` over the four cell labels, pooled over the axes.
    pub confusion: [[usize; 4]; 4],
}

/// One cell figure: its name in every table and file (`eval_cells.csv`, `learning_curve.csv`,
/// the heads' provenance) and how it is computed.
pub type CellFigure = (&'static str, fn(&CellScores) -> f64);

/// The four cell figures, in the order the tables give them.
pub const CELL_FIGURES: [CellFigure; 4] = [
    ("addressed_agreement", CellScores::addressed_agreement),
    ("uncoded_not_addressed", CellScores::uncoded_not_addressed),
    ("silent_not_addressed", CellScores::silent_not_addressed),
    ("cell_macro_f1", CellScores::macro_f1),
];

impl CellScores {
    pub fn new<'a>(delegations: impl IntoIterator<Item = &'a DelegationCells>) -> Self {
        let mut scores = CellScores::default();
        for cells in delegations {
            scores.delegations += 1;
            let addresses = cells.addresses_something();
            for (&truth, &predicted) in cells.truth.iter().zip(&cells.predicted) {
                scores.confusion[truth as usize][predicted as usize] += 1;
                let agree = usize::from(truth == predicted);
                if truth != CellLabel::NotAddressed {
                    scores.addressed += 1;
                    scores.addressed_agree += agree;
                } else if addresses {
                    scores.uncoded += 1;
                    scores.uncoded_agree += agree;
                } else {
                    scores.silent += 1;
                    scores.silent_agree += agree;
                }
            }
        }
        scores
    }

    /// Agreement on the cells where a delegation takes a side.
    pub fn addressed_agreement(&self) -> f64 {
        ratio(self.addressed_agree, self.addressed)
    }

    /// `not_addressed` kept on the axes a delegation that addresses something leaves alone.
    pub fn uncoded_not_addressed(&self) -> f64 {
        ratio(self.uncoded_agree, self.uncoded)
    }

    /// `not_addressed` kept on every axis of a delegation that addresses none.
    pub fn silent_not_addressed(&self) -> f64 {
        ratio(self.silent_agree, self.silent)
    }

    /// Macro-F1 over the four cell labels (left pole, right pole, mixed, not addressed),
    /// pooled over the axes; a label neither in the truth nor predicted is left out.
    pub fn macro_f1(&self) -> f64 {
        let f1s: Vec<f64> = (0..4)
            .filter_map(|c| {
                let support: usize = self.confusion[c].iter().sum();
                let predicted: usize = self.confusion.iter().map(|row| row[c]).sum();
                if support + predicted == 0 {
                    return None;
                }
                let tp = self.confusion[c][c] as f64;
                Some(2.0 * tp / (support + predicted) as f64)
            })
            .collect();
        f1s.iter().sum::<f64>() / f1s.len().max(1) as f64
    }

    /// Cells stated (a pole or `mixed`) where the annotations say otherwise: an invented
    /// stance or the wrong side.
    pub fn stated_wrong(&self) -> usize {
        let not_addressed = CellLabel::NotAddressed as usize;
        (0..4)
            .flat_map(|truth| (0..4).map(move |predicted| (truth, predicted)))
            .filter(|&(truth, predicted)| predicted != not_addressed && truth != predicted)
            .map(|(truth, predicted)| self.confusion[truth][predicted])
            .sum()
    }

    /// All cells scored.
    pub fn cells(&self) -> usize {
        self.addressed + self.uncoded + self.silent
    }
}

/// NaN when there is nothing to count: "no such cells", not 0 or 1.
fn ratio(hits: usize, of: usize) -> f64 {
    if of == 0 {
        f64::NAN
    } else {
        hits as f64 / of as f64
    }
}

/// The delegations grouped for the per-genre figures: "all" first, then each genre in name
/// order.
pub fn genre_groups(cells: &[DelegationCells]) -> Vec<(String, Vec<&DelegationCells>)> {
    let mut genres: BTreeMap<&str, Vec<&DelegationCells>> = BTreeMap::new();
    for c in cells {
        genres.entry(c.genre.as_str()).or_default().push(c);
    }
    std::iter::once((ALL_GENRES.to_string(), cells.iter().collect()))
        .chain(genres.into_iter().map(|(genre, group)| (genre.to_string(), group)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_truth_follows_the_codebook_delegation_rules() {
        assert_eq!(truth_from_counts(0, 0), CellLabel::NotAddressed);
        assert_eq!(truth_from_counts(1, 0), CellLabel::Left);
        assert_eq!(truth_from_counts(0, 3), CellLabel::Right);
        // Both poles stated, neither outweighing the other two to one: mixed.
        assert_eq!(truth_from_counts(1, 1), CellLabel::Mixed);
        assert_eq!(truth_from_counts(3, 2), CellLabel::Mixed);
        // Two to one is a side: score -1/3 exactly.
        assert_eq!(truth_from_counts(2, 1), CellLabel::Left);
        // A sentence stating both poles counts for each.
        let mut counts = SideCounts::default();
        counts.add(Gold::Both);
        assert_eq!(counts.truth(), CellLabel::Mixed);
        counts.add(Gold::Side(Side::Right));
        counts.add(Gold::Side(Side::Right));
        assert_eq!(counts.truth(), CellLabel::Right);
    }

    fn cells(delegation: &str, truth: Vec<CellLabel>, predicted: Vec<CellLabel>) -> DelegationCells {
        DelegationCells {
            conference: "c".into(),
            delegation: delegation.into(),
            genre: "speech".into(),
            fold: None,
            evidence_probability: vec![None; predicted.len()],
            truth,
            predicted,
        }
    }

    #[test]
    fn cells_are_sorted_into_addressed_uncoded_and_silent() {
        use CellLabel::*;
        let cells = [
            // Addresses governance (right, predicted right) and leaves un_role alone (predicted left).
            cells("A", vec![Right, NotAddressed], vec![Right, Left]),
            // Addresses nothing; predicted nothing.
            cells("B", vec![NotAddressed, NotAddressed], vec![NotAddressed, NotAddressed]),
        ];
        let scores = CellScores::new(&cells);
        assert_eq!((scores.addressed, scores.addressed_agree), (1, 1));
        assert_eq!((scores.uncoded, scores.uncoded_agree), (1, 0));
        assert_eq!((scores.silent, scores.silent_agree), (2, 2));
        // Right: F1 1; Left: predicted once, never true, F1 0; NotAddressed: 2 of 3 found, F1 0.8.
        assert!((scores.macro_f1() - (1.0 + 0.0 + 0.8) / 3.0).abs() < 1e-12, "{}", scores.macro_f1());
        assert!(CellScores::new(&[]).addressed_agreement().is_nan());
    }

    #[test]
    fn a_stated_cell_is_wrong_when_invented_or_on_another_side_and_a_missed_one_is_not() {
        use CellLabel::*;
        let cells = [
            // Invented (left where nothing is said), the wrong side, and right.
            cells("A", vec![NotAddressed, Right, Left], vec![Left, Mixed, Left]),
            // A real stance missed is no stated cell.
            cells("B", vec![Right, NotAddressed, NotAddressed], vec![NotAddressed, NotAddressed, NotAddressed]),
        ];
        assert_eq!(CellScores::new(&cells).stated_wrong(), 2);
    }
}
