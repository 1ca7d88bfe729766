//! The cell rule, learnt: the grid of rules cross-validation chooses among, and the choice. A
//! classifier's held-out answers are aggregated into cells by every rule of the grid; each fold's
//! cells are then those of the rule [`best_rule`] chooses on the other folds' cells (the nested
//! choice `stance eval` reports), and `stance train` ships the rule it chooses on all of them.

use super::scoring::Scoring;
use super::CellFolds;
use crate::axes::Axes;
use crate::error::Result;
use crate::evaluate::cells::{CellScores, DelegationCells};
use crate::types::{AxisProbs, CellRule, MIXED_WITHIN};

/// The cell rules cross-validation chooses among: how sure a sentence must be of its pole to
/// count, and how many sentences make a stance. The `mixed` band is not chosen: every rule uses
/// the truth's, [`MIXED_WITHIN`] (choosing it too made the nested choice swing on the few true
/// `mixed` cells and scored lower on all four hash splits together; docs/evaluation.md).
const MIN_POLE_PROBABILITIES: [f64; 6] = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9];
const MIN_SENTENCES: [u32; 2] = [1, 2];

fn rule_grid() -> Vec<CellRule> {
    MIN_POLE_PROBABILITIES
        .into_iter()
        .flat_map(|min_pole_probability| {
            MIN_SENTENCES.into_iter().map(move |min_sentences| CellRule {
                min_pole_probability,
                min_sentences,
                mixed_within: MIXED_WITHIN,
            })
        })
        .collect()
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

/// Each fold's cells, decided by the rule [`best_rule`] chooses on the other folds' cells (the
/// nested choice), and the rule chosen in each fold.
pub fn nested_cells(by_rule: &[RuleCells], folds: &CellFolds) -> (Vec<DelegationCells>, Vec<CellRule>) {
    let mut chosen = Vec::new();
    let mut cells: Vec<Option<DelegationCells>> = vec![None; folds.of_delegation.len()];
    for fold in 0..folds.k {
        let best = best_rule(by_rule, |d| folds.of_delegation[d] != fold);
        chosen.push(best.rule);
        for (d, cell) in best.cells.iter().enumerate().filter(|(d, _)| folds.of_delegation[*d] == fold) {
            cells[d] = Some(DelegationCells { fold: Some(fold), ..cell.clone() });
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

/// How far under the best cell macro-F1 a rule may score and still be chosen for stating fewer
/// wrong cells: a table that invents positions is worse than one that states fewer.
pub const MACRO_F1_TOLERANCE: f64 = 0.01;

/// The rule (of those `by_rule` scored), over the delegations `keep` selects, that states the
/// fewest wrong cells (an invented stance or the wrong side) among those whose cell macro-F1 is
/// within [`MACRO_F1_TOLERANCE`] of the best; of equals, the better macro-F1, then the first.
pub fn best_rule(by_rule: &[RuleCells], keep: impl Fn(usize) -> bool) -> &RuleCells {
    let scored: Vec<(&RuleCells, CellScores)> = by_rule
        .iter()
        .map(|candidate| {
            let kept = candidate.cells.iter().enumerate().filter(|(d, _)| keep(*d)).map(|(_, c)| c);
            (candidate, CellScores::new(kept))
        })
        .collect();
    let best_f1 = scored.iter().map(|(_, s)| s.macro_f1()).fold(f64::NEG_INFINITY, f64::max);
    scored
        .iter()
        .filter(|(_, s)| s.macro_f1() >= best_f1 - MACRO_F1_TOLERANCE)
        // `min_by` keeps the first of equals.
        .min_by(|(_, a), (_, b)| a.stated_wrong().cmp(&b.stated_wrong()).then(b.macro_f1().total_cmp(&a.macro_f1())))
        .map_or(&by_rule[0], |(rule_cells, _)| rule_cells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::axes::CellLabel::{self, *};

    /// A rule's cells on one axis: `n` delegations for each (truth, predicted) pair given.
    fn rule_cells(min_pole_probability: f64, pairs: &[(CellLabel, CellLabel, usize)]) -> RuleCells {
        let cells = pairs
            .iter()
            .flat_map(|&(truth, predicted, n)| std::iter::repeat_n((truth, predicted), n))
            .enumerate()
            .map(|(i, (truth, predicted))| DelegationCells {
                conference: "c".into(),
                delegation: format!("d{i}"),
                genre: "speech".into(),
                fold: None,
                truth: vec![truth],
                predicted: vec![predicted],
                evidence_probability: vec![None],
            })
            .collect();
        let rule = CellRule { min_pole_probability, ..CellRule::default() };
        RuleCells { rule, cells }
    }

    #[test]
    fn each_delegation_is_decided_by_the_rule_chosen_without_its_fold_and_carries_that_fold() {
        // Delegations 0 and 2 in fold 0, 1 and 3 in fold 1. The strict rule states nothing; the
        // loose one finds fold 1's two stances but invents one in fold 0.
        let loose = rule_cells(0.0, &[(NotAddressed, Left, 1), (Left, Left, 1), (NotAddressed, NotAddressed, 1), (Right, Right, 1)]);
        let strict = rule_cells(0.9, &[(NotAddressed, NotAddressed, 2), (Left, NotAddressed, 1), (Right, NotAddressed, 1)]);
        let folds = CellFolds { k: 2, of_example: Vec::new(), of_delegation: vec![0, 1, 0, 1] };
        let (cells, chosen) = nested_cells(&[loose, strict], &folds);
        // Fold 0's rule is chosen on fold 1's delegations, where the loose rule finds both
        // stances; fold 1's on fold 0's, where it only invents one.
        assert_eq!(chosen.iter().map(|r| r.min_pole_probability).collect::<Vec<_>>(), [0.0, 0.9]);
        let decided: Vec<_> = cells.iter().map(|c| (c.delegation.as_str(), c.fold, c.predicted[0])).collect();
        assert_eq!(
            decided,
            [("d0", Some(0), Left), ("d1", Some(1), NotAddressed), ("d2", Some(0), NotAddressed), ("d3", Some(1), NotAddressed)]
        );
    }

    #[test]
    fn every_rule_of_the_grid_calls_mixed_what_the_truth_calls_mixed() {
        let grid = rule_grid();
        assert_eq!(grid.len(), MIN_POLE_PROBABILITIES.len() * MIN_SENTENCES.len());
        assert!(grid.iter().all(|rule| rule.mixed_within == MIXED_WITHIN));
    }

    #[test]
    fn of_the_rules_near_the_best_macro_f1_the_one_stating_fewest_wrong_cells_is_chosen() {
        // 50 left, 50 right and 200 silent delegations (in this order in every rule).
        let best_f1 = rule_cells(0.0, &[(Left, Left, 50), (Right, Right, 50), (NotAddressed, Left, 6), (NotAddressed, NotAddressed, 194)]);
        let fewer_wrong = rule_cells(0.5, &[(Left, Left, 50), (Right, Right, 45), (Right, NotAddressed, 5), (NotAddressed, Left, 1), (NotAddressed, NotAddressed, 199)]);
        let states_nothing = rule_cells(0.9, &[(Left, NotAddressed, 50), (Right, NotAddressed, 50), (NotAddressed, NotAddressed, 200)]);
        let scores = |r: &RuleCells| CellScores::new(&r.cells);
        let (a, b, c) = (scores(&best_f1), scores(&fewer_wrong), scores(&states_nothing));
        // What the example is meant to be: one rule best on macro-F1, one within the tolerance
        // of it with fewer wrong cells, one with none wrong but far below.
        assert!(a.macro_f1() > b.macro_f1() && a.macro_f1() - b.macro_f1() < MACRO_F1_TOLERANCE);
        assert!(b.stated_wrong() < a.stated_wrong() && c.stated_wrong() < b.stated_wrong());
        assert!(a.macro_f1() - c.macro_f1() > MACRO_F1_TOLERANCE);

        let by_rule = [best_f1, fewer_wrong, states_nothing];
        assert_eq!(best_rule(&by_rule, |_| true).rule.min_pole_probability, 0.5);
        // Over the delegations kept only: without the silent ones nothing is invented, and
        // the rule that finds every stance is chosen.
        assert_eq!(best_rule(&by_rule, |d| d < 100).rule.min_pole_probability, 0.0);
    }
}
