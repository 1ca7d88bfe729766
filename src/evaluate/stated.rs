//! How far a reader can trust a stance the table states. Of the cells stated (a pole or
//! `mixed`), how many the annotations confirm, how many they leave `not_addressed` (an invented
//! stance) and how many put on another side, grouped by the probability of the cell's evidence
//! sentence (`evidence_probability` in `stances.csv`). The complement of the addressed
//! agreement: that figure asks how many real stances the table finds, this one how many of the
//! stances it shows are real. The `mixed` cells among them are counted apart too: the codebook
//! calls a cell `mixed` only when both poles are stated, and the table states it more loosely.

use super::cells::DelegationCells;
use crate::axes::CellLabel;
use crate::types::WEAK_EVIDENCE;

/// Upper edges of the evidence-probability bands; the last band runs up to 1.
const BAND_EDGES: [f64; 3] = [WEAK_EVIDENCE, 0.8, 0.9];

/// The stated cells of one group, and what the annotations say of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatedCells {
    pub stated: usize,
    pub right: usize,
    /// Stated where the annotations find no stance.
    pub invented: usize,
    /// Stated on another side (or `mixed`) than the annotations.
    pub other_side: usize,
    /// Of the stated cells, those stated `mixed`, and how many of them the annotations call
    /// `mixed` too.
    pub mixed: usize,
    pub mixed_right: usize,
}

impl StatedCells {
    fn add(&mut self, truth: CellLabel, predicted: CellLabel) {
        self.stated += 1;
        if predicted == CellLabel::Mixed {
            self.mixed += 1;
            self.mixed_right += usize::from(truth == CellLabel::Mixed);
        }
        if truth == predicted {
            self.right += 1;
        } else if truth == CellLabel::NotAddressed {
            self.invented += 1;
        } else {
            self.other_side += 1;
        }
    }

    /// The share of stated cells that are right (NaN when none is stated).
    pub fn share_right(&self) -> f64 {
        if self.stated == 0 {
            f64::NAN
        } else {
            self.right as f64 / self.stated as f64
        }
    }
}

/// The bands' names, in the order of [`by_band`]'s bands: "< 0.6", "0.6-0.8", ..., ">= 0.9".
pub fn band_names() -> Vec<String> {
    let mut names = vec![format!("< {}", BAND_EDGES[0])];
    names.extend(BAND_EDGES.windows(2).map(|w| format!("{}-{}", w[0], w[1])));
    names.push(format!(">= {}", BAND_EDGES[BAND_EDGES.len() - 1]));
    names
}

/// The stated cells of `delegations`: all of them first, then one per evidence-probability band.
pub fn by_band<'a>(delegations: impl IntoIterator<Item = &'a DelegationCells>) -> (StatedCells, Vec<StatedCells>) {
    let mut all = StatedCells::default();
    let mut bands = vec![StatedCells::default(); BAND_EDGES.len() + 1];
    for d in delegations {
        for ((&truth, &predicted), probability) in d.truth.iter().zip(&d.predicted).zip(&d.evidence_probability) {
            if predicted == CellLabel::NotAddressed {
                continue;
            }
            // A stated cell always has evidence; a missing probability would be a bug upstream,
            // and counts in the lowest band rather than vanish.
            let p = probability.unwrap_or(0.0);
            all.add(truth, predicted);
            bands[BAND_EDGES.iter().take_while(|&&edge| p >= edge).count()].add(truth, predicted);
        }
    }
    (all, bands)
}

#[cfg(test)]
mod tests {
    use super::*;
    use CellLabel::*;

    #[test]
    fn stated_cells_are_right_invented_or_on_another_side_by_band() {
        let d = DelegationCells {
            conference: "c".into(),
            delegation: "Ruritania".into(),
            genre: "speech".into(),
            fold: None,
            truth: vec![Left, NotAddressed, Right, NotAddressed, Mixed],
            predicted: vec![Left, Right, Left, NotAddressed, Mixed],
            evidence_probability: vec![Some(0.95), Some(0.55), Some(0.6), None, Some(0.85)],
        };
        let (all, bands) = by_band([&d]);
        assert_eq!(all, StatedCells { stated: 4, right: 2, invented: 1, other_side: 1, mixed: 1, mixed_right: 1 });
        assert_eq!(band_names(), ["< 0.6", "0.6-0.8", "0.8-0.9", ">= 0.9"]);
        let stated: Vec<usize> = bands.iter().map(|b| b.stated).collect();
        assert_eq!(stated, [1, 1, 1, 1], "0.55, 0.6 (an edge opens its band), 0.85, 0.95");
        assert_eq!(bands[0].invented, 1);
        assert_eq!(bands[1].other_side, 1);
        assert_eq!((bands[2].right, bands[3].right), (1, 1));
        assert!(StatedCells::default().share_right().is_nan());
    }
}
