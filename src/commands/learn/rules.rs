//! The cell rule, learnt: the grid of rules cross-validation chooses among, and the choice. A
//! classifier's held-out answers are aggregated into cells by every rule of the grid; each fold's
//! cells are then those of the rule that scores best on the other folds' cells (the nested
//! choice `stance eval` reports), and `stance train` ships the rule that scores best on all of
//! them.

use super::scoring::Scoring;
use super::CellFolds;
use crate::axes::Axes;
use crate::error::Result;
use crate::evaluate::cells::{CellScores, DelegationCells};
use crate::types::{AxisProbs, CellRule};

/// The cell rules cross-validation chooses among: how sure a sentence must be of its pole to
/// count, how many sentences make a stance, and how near 0 a score is `mixed`.
const MIN_POLE_PROBABILITIES: [f64; 6] = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9];
const MIN_SENTENCES: [u32; 2] = [1, 2];
const MIXED_WITHIN: [f64; 3] = [0.2, 1.0 / 3.0, 0.5];

fn rule_grid() -> Vec<CellRule> {
    let mut grid = Vec::new();
    for min_pole_probability in MIN_POLE_PROBABILITIES {
        for min_sentences in MIN_SENTENCES {
            for mixed_within in MIXED_WITHIN {
                grid.push(CellRule {
                    min_pole_probability,
                    min_sentences,
                    mixed_within,
                });
            }
        }
    }
    grid
}

/// One candidate cell rule and the held-out cells it decides.
pub struct RuleCells {
    pub rule: CellRule,
    pub cells: Vec<DelegationCells>,
}

/// The cells of every rule of [`rule_grid`], in its order, for one classifier's held-out answers.
pub fn cells_by_rule(scoring: &Scoring, axes: &Axes, predictions: &[Vec<AxisProbs>]) -> Result<Vec<RuleCells>> {
    rule_grid()
        .into_iter()
        .map(|rule| Ok(RuleCells { rule, cells: scoring.cells(axes, predictions, &rule)? }))
        .collect()
}

/// Each fold's cells, decided by the rule that scores best on the other folds' cells (the
/// nested choice), and the rule chosen in each fold.
pub fn nested_cells(by_rule: &[RuleCells], folds: &CellFolds) -> (Vec<DelegationCells>, Vec<CellRule>) {
    let mut chosen = Vec::new();
    let mut cells: Vec<Option<DelegationCells>> = vec![None; folds.of_delegation.len()];
    for fold in 0..folds.k {
        let best = best_rule(by_rule, |d| folds.of_delegation[d] != fold);
        chosen.push(best.rule);
        for (d, cell) in best.cells.iter().enumerate().filter(|(d, _)| folds.of_delegation[*d] == fold) {
            cells[d] = Some(cell.clone());
        }
    }
    (cells.into_iter().flatten().collect(), chosen)
}

/// The held-out cells of `predictions`: with `folds` (cross-validation) by the nested choice of
/// the rule, without (trained on other files) by the default rule.
pub fn held_out_cells(
    scoring: &Scoring,
    axes: &Axes,
    predictions: &[Vec<AxisProbs>],
    folds: Option<&CellFolds>,
) -> Result<(Vec<DelegationCells>, Vec<CellRule>)> {
    Ok(match folds {
        Some(folds) => nested_cells(&cells_by_rule(scoring, axes, predictions)?, folds),
        None => {
            let rule = CellRule::default();
            (scoring.cells(axes, predictions, &rule)?, vec![rule])
        }
    })
}

/// The rule (of those `by_rule` scored) with the best cell macro-F1 over the delegations `keep`
/// selects; the first of equals.
pub fn best_rule(by_rule: &[RuleCells], keep: impl Fn(usize) -> bool) -> &RuleCells {
    let macro_f1 = |candidate: &RuleCells| {
        CellScores::new(candidate.cells.iter().enumerate().filter(|(d, _)| keep(*d)).map(|(_, c)| c)).macro_f1()
    };
    let mut best = (&by_rule[0], f64::NEG_INFINITY);
    for candidate in by_rule {
        let f1 = macro_f1(candidate);
        if f1 > best.1 {
            best = (candidate, f1);
        }
    }
    best.0
}
