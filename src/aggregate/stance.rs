//! The long stance table: a row per (conference, delegation, axis), with the score, its
//! interval, the label and the evidence (see the module docs of [`crate::aggregate`]), decided
//! by a [`CellRule`].

use super::long::{self, long_by_axis, LEFT_NAME, P_LEFT, P_RIGHT, RIGHT_NAME};
use crate::axes::{Axes, MIXED_LABEL, NONE_LABEL, NOT_ADDRESSED_LABEL};
use crate::error::Result;
use crate::output::column::*;
use crate::types::{CellRule, UNATTRIBUTED};
use polars::prelude::*;

/// z for a two-sided 90% interval.
const Z_90: f64 = 1.644_853_626_951_472_2;

// Intermediate columns.
const P: &str = "p";
const RIGHT_SHARE: &str = "right_share";
const ROWS: &str = "rows";
const LEFT_TEXT: &str = "left_text";
const LEFT_DOC: &str = "left_doc";
const LEFT_CHAR: &str = "left_char";
const RIGHT_TEXT: &str = "right_text";
const RIGHT_DOC: &str = "right_doc";
const RIGHT_CHAR: &str = "right_char";
const LEFT_PROBABILITY: &str = "left_probability";
const RIGHT_PROBABILITY: &str = "right_probability";

/// The stance table by `group` (a manifest column of the statement table, e.g. `sector`)
/// instead of by delegation: a row per (conference, group value, axis), with the same scores,
/// intervals and evidence, in a column named after the group. Unattributed statements, and
/// records with no value in the column, still count for nobody. A statement made for a
/// coalition counts once: the copies `--propagate-coalitions` makes of it for the coalition's
/// members (their `on_behalf_of` is the coalition, their delegation a member) share its record,
/// so its group, and were counted once per member (an EU statement 29 times, which turned the
/// group's cell and narrowed its interval as if there were 29 statements). The rows left out
/// are those of [`crate::types::Statement::is_propagated_copy`].
pub fn group_stance_table(statements: &DataFrame, axes: &Axes, rule: &CellRule, group: &str) -> Result<DataFrame> {
    let propagated_copy = col(ON_BEHALF_OF).neq(lit("")).and(col(DELEGATION).neq(col(ON_BEHALF_OF)));
    let regrouped = statements
        .clone()
        .lazy()
        .filter(propagated_copy.not())
        .with_column(
            when(col(DELEGATION).eq(lit(UNATTRIBUTED)))
                .then(lit(UNATTRIBUTED))
                .otherwise(col(group))
                .alias(DELEGATION),
        )
        .collect()?;
    let mut table = stance_table(&regrouped, axes, rule)?;
    table.rename(DELEGATION, group.into())?;
    Ok(table)
}

/// The long stance table of a statement table: a row per (conference, delegation, axis),
/// decided by `rule`.
pub fn stance_table(statements: &DataFrame, axes: &Axes, rule: &CellRule) -> Result<DataFrame> {
    let attributed = long_by_axis(statements, axes)?.filter(col(DELEGATION).neq(lit(UNATTRIBUTED)));
    let keys = [
        col(CONFERENCE),
        col(DELEGATION),
        col(long::AXIS_ORDER),
        col(AXIS),
        col(LEFT_NAME),
        col(RIGHT_NAME),
    ];
    let all_cells = attributed.clone().group_by_stable(keys.clone()).agg([len().alias(ROWS)]);
    let descending = SortMultipleOptions::default()
        .with_order_descending(true)
        .with_maintain_order(true);
    let strongest = |by: &str, what: &str| col(what).sort_by([col(by)], descending.clone()).first();
    let evidence = col(LABEL)
        .neq(lit(NONE_LABEL))
        .and(col(IN_SCOPE))
        .and(col(P_LEFT).gt_eq(lit(rule.min_pole_probability)).or(col(P_RIGHT).gt_eq(lit(rule.min_pole_probability))));
    let addressed = attributed
        .filter(evidence)
        .with_column((col(P_RIGHT) / (col(P_LEFT) + col(P_RIGHT))).alias(RIGHT_SHARE))
        .group_by_stable(keys.clone())
        .agg([
            len().cast(DataType::UInt32).alias(N_SENTENCES),
            col(STATEMENT).n_unique().cast(DataType::UInt32).alias(N_STATEMENTS),
            col(RIGHT_SHARE).mean().alias(P),
            strongest(P_LEFT, TEXT).alias(LEFT_TEXT),
            strongest(P_LEFT, DOC).alias(LEFT_DOC),
            strongest(P_LEFT, CHAR_START).alias(LEFT_CHAR),
            strongest(P_RIGHT, TEXT).alias(RIGHT_TEXT),
            strongest(P_RIGHT, DOC).alias(RIGHT_DOC),
            strongest(P_RIGHT, CHAR_START).alias(RIGHT_CHAR),
            col(P_LEFT).max().cast(DataType::Float64).alias(LEFT_PROBABILITY),
            col(P_RIGHT).max().cast(DataType::Float64).alias(RIGHT_PROBABILITY),
        ]);

    let n = col(N_SENTENCES).cast(DataType::Float64);
    let p = col(P);
    let z2 = lit(Z_90 * Z_90);
    let denom = lit(1.0) + z2.clone() / n.clone();
    let center = (p.clone() + z2.clone() / (lit(2.0) * n.clone())) / denom.clone();
    let half = lit(Z_90)
        * (p.clone() * (lit(1.0) - p.clone()) / n.clone() + z2 / (lit(4.0) * n.clone() * n.clone())).sqrt()
        / denom;
    let score = lit(2.0) * p - lit(1.0);
    let leans_left = col(SCORE).lt(lit(0.0));
    let pick = |left: &str, right: &str| when(leans_left.clone()).then(col(left)).otherwise(col(right));

    let table = all_cells
        .join(addressed, keys.clone(), keys.clone(), JoinArgs::new(JoinType::Left))
        .with_columns([
            col(N_SENTENCES).fill_null(lit(0u32)),
            col(N_STATEMENTS).fill_null(lit(0u32)),
            score.alias(SCORE),
            (lit(2.0) * (center.clone() - half.clone()) - lit(1.0)).alias(SCORE_LOW),
            (lit(2.0) * (center + half) - lit(1.0)).alias(SCORE_HIGH),
        ])
        .with_columns([
            when(col(N_SENTENCES).lt(lit(rule.min_sentences.max(1))))
                .then(lit(NOT_ADDRESSED_LABEL))
                .when(col(SCORE).lt_eq(lit(-rule.mixed_within)))
                .then(col(LEFT_NAME))
                .when(col(SCORE).gt_eq(lit(rule.mixed_within)))
                .then(col(RIGHT_NAME))
                .otherwise(lit(MIXED_LABEL))
                .alias(LABEL),
            pick(LEFT_TEXT, RIGHT_TEXT).alias(EVIDENCE),
            pick(LEFT_DOC, RIGHT_DOC).alias(EVIDENCE_DOC),
            pick(LEFT_CHAR, RIGHT_CHAR).alias(EVIDENCE_CHAR_START),
            pick(LEFT_PROBABILITY, RIGHT_PROBABILITY).alias(EVIDENCE_PROBABILITY),
        ])
        // Too little evidence is no stance: no score, no interval, no evidence sentence.
        .with_columns(
            [SCORE, SCORE_LOW, SCORE_HIGH, EVIDENCE, EVIDENCE_DOC, EVIDENCE_CHAR_START, EVIDENCE_PROBABILITY].map(|name| {
                when(col(LABEL).eq(lit(NOT_ADDRESSED_LABEL))).then(lit(NULL)).otherwise(col(name)).alias(name)
            }),
        )
        .sort(
            [CONFERENCE, DELEGATION, long::AXIS_ORDER],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .select(STANCE_COLUMNS.map(col))
        .collect()?;
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::axes::Axes;
    use crate::output::column::{self, prob};
    use crate::types::Side;

    fn axes() -> Axes {
        Axes::load(&crate::resources::locate(crate::resources::AXES)).unwrap()
    }

    /// A statement table of one delegation's in-scope sentences on the first axis (governance),
    /// each given as (P(left), P(right)); the other axes say `none`.
    fn statements(axes: &Axes, sentences: &[(f32, f32)]) -> DataFrame {
        let n = sentences.len();
        let mut columns = vec![
            Column::new(CONFERENCE.into(), vec!["c"; n]),
            Column::new(DELEGATION.into(), vec!["Ruritania"; n]),
            Column::new(DOC.into(), vec!["d.txt"; n]),
            Column::new(STATEMENT.into(), vec![0u32; n]),
            Column::new(CHAR_START.into(), (0..n as u32).collect::<Vec<_>>()),
            Column::new(CHAR_END.into(), (1..=n as u32).collect::<Vec<_>>()),
            Column::new(TEXT.into(), (0..n).map(|i| format!("sentence {i}")).collect::<Vec<_>>()),
            Column::new(IN_SCOPE.into(), vec![true; n]),
        ];
        for (a, axis) in axes.axes.iter().enumerate() {
            let probs: Vec<(f32, f32, f32)> = sentences
                .iter()
                .map(|&(l, r)| if a == 0 { (l, r, 1.0 - l - r) } else { (0.0, 0.0, 1.0) })
                .collect();
            let labels: Vec<&str> = probs
                .iter()
                .map(|&(left, right, none)| axis.label(crate::types::AxisProbs { left, right, none }.side()))
                .collect();
            columns.push(Column::new(column::label(&axis.name).into(), labels));
            for (side, pick) in [(Side::Left, 0), (Side::Right, 1), (Side::None, 2)] {
                let values: Vec<f32> = probs.iter().map(|p| [p.0, p.1, p.2][pick]).collect();
                columns.push(Column::new(prob(&axis.name, axis.label(side)).into(), values));
            }
        }
        DataFrame::new(n, columns).unwrap()
    }

    /// (label, score, low, high, n_sentences) of the governance cell.
    fn cell(sentences: &[(f32, f32)], rule: &CellRule) -> (String, Option<f64>, Option<f64>, Option<f64>, u32) {
        let axes = axes();
        let table = stance_table(&statements(&axes, sentences), &axes, rule).unwrap();
        let row = table.filter(&table.column(AXIS).unwrap().str().unwrap().equal("governance")).unwrap();
        let f = |c: &str| row.column(c).unwrap().f64().unwrap().get(0);
        (
            row.column(LABEL).unwrap().str().unwrap().get(0).unwrap().to_string(),
            f(SCORE),
            f(SCORE_LOW),
            f(SCORE_HIGH),
            row.column(N_SENTENCES).unwrap().u32().unwrap().get(0).unwrap(),
        )
    }

    #[test]
    fn the_score_is_the_mean_right_share_and_a_third_from_zero_takes_a_pole() {
        let rule = CellRule::default();
        // Two clear left sentences: share 0.1 each, score -0.8.
        let (label, score, ..) = cell(&[(0.9, 0.1), (0.9, 0.1)], &rule);
        assert_eq!(label, "state_led");
        assert!((score.unwrap() - -0.8).abs() < 1e-6, "{score:?}");
        // One left, one right: score 0, mixed.
        let (label, score, ..) = cell(&[(0.8, 0.1), (0.1, 0.8)], &rule);
        assert_eq!(label, MIXED_LABEL);
        assert!(score.unwrap().abs() < 1e-6);
        // Just past a third towards the right: the right pole.
        let (label, ..) = cell(&[(0.3, 0.65)], &rule);
        assert_eq!(label, "multi_stakeholder", "share 0.684, score 0.368");
    }

    #[test]
    fn the_interval_is_wilsons_and_narrows_with_evidence() {
        let rule = CellRule::default();
        let (_, score, low, high, n) = cell(&[(0.1, 0.8)], &rule);
        assert_eq!(n, 1);
        // Wilson's 90% interval for p = 8/9 with n = 1, mapped to 2p - 1.
        let (p, z) = (8.0f64 / 9.0, Z_90);
        let denom = 1.0 + z * z;
        let center = (p + z * z / 2.0) / denom;
        let half = z * (p * (1.0 - p) + z * z / 4.0).sqrt() / denom;
        assert!((low.unwrap() - (2.0 * (center - half) - 1.0)).abs() < 1e-9, "{low:?}");
        assert!((high.unwrap() - (2.0 * (center + half) - 1.0)).abs() < 1e-9, "{high:?}");
        assert!(low.unwrap() <= score.unwrap() && score.unwrap() <= high.unwrap());
        let (_, _, low4, high4, _) = cell(&[(0.1, 0.8); 4], &rule);
        assert!(high4.unwrap() - low4.unwrap() < high.unwrap() - low.unwrap(), "four sentences give a narrower interval");
    }

    #[test]
    fn the_rule_sets_how_sure_and_how_many_sentences_make_a_stance() {
        let unsure = [(0.55, 0.05)];
        assert_eq!(cell(&unsure, &CellRule::default()).0, "state_led");
        let strict = CellRule {
            min_pole_probability: 0.7,
            ..CellRule::default()
        };
        let (label, score, low, high, _) = cell(&unsure, &strict);
        assert_eq!(label, NOT_ADDRESSED_LABEL);
        assert_eq!((score, low, high), (None, None, None), "no stance, no score");
        let two = CellRule {
            min_sentences: 2,
            ..CellRule::default()
        };
        let (label, score, _, _, n) = cell(&[(0.9, 0.05)], &two);
        assert_eq!((label.as_str(), score, n), (NOT_ADDRESSED_LABEL, None, 1), "one sentence is evidence, not a stance");
        assert_eq!(cell(&[(0.9, 0.05), (0.8, 0.1)], &two).0, "state_led");
        let narrow = CellRule {
            mixed_within: 0.1,
            ..CellRule::default()
        };
        // Shares 1/9 and 2/3: score -0.22, mixed within a third of 0 but a side within 0.1.
        assert_eq!(cell(&[(0.8, 0.1), (0.3, 0.6)], &CellRule::default()).0, MIXED_LABEL);
        assert_eq!(cell(&[(0.8, 0.1), (0.3, 0.6)], &narrow).0, "state_led");
    }

    #[test]
    fn the_evidence_probability_is_the_strongest_sentence_on_the_cells_side() {
        let axes = axes();
        let governance = |sentences: &[(f32, f32)]| {
            let table = stance_table(&statements(&axes, sentences), &axes, &CellRule::default()).unwrap();
            let row = table.filter(&table.column(AXIS).unwrap().str().unwrap().equal("governance")).unwrap();
            let text = row.column(EVIDENCE).unwrap().str().unwrap().get(0).map(str::to_string);
            (text, row.column(EVIDENCE_PROBABILITY).unwrap().f64().unwrap().get(0))
        };
        // Two left sentences and a weaker right one (score -0.44): the strongest left sentence is
        // the evidence, with its P(left).
        let (text, p) = governance(&[(0.6, 0.1), (0.95, 0.0), (0.05, 0.55), (0.9, 0.05)]);
        assert_eq!(text.as_deref(), Some("sentence 1"));
        assert!((p.unwrap() - 0.95).abs() < 1e-6, "{p:?}");
        // No evidence: no stance, no evidence, no probability.
        assert_eq!(governance(&[(0.3, 0.2)]), (None, None));
    }

    #[test]
    fn unattributed_and_out_of_scope_sentences_never_count() {
        let axes = axes();
        let mut table = statements(&axes, &[(0.9, 0.05), (0.9, 0.05)]);
        table.replace(IN_SCOPE, Column::new(IN_SCOPE.into(), [false, false])).unwrap();
        let stances = stance_table(&table, &axes, &CellRule::default()).unwrap();
        let labels = stances.column(LABEL).unwrap().str().unwrap().clone();
        assert_eq!(labels.len(), axes.axes.len(), "a cell per axis: {stances}");
        assert!((0..labels.len()).all(|i| labels.get(i) == Some(NOT_ADDRESSED_LABEL)), "{stances}");
        table.replace(DELEGATION, Column::new(DELEGATION.into(), [UNATTRIBUTED, UNATTRIBUTED])).unwrap();
        assert_eq!(stance_table(&table, &axes, &CellRule::default()).unwrap().height(), 0, "no row for nobody");
    }
}
