//! The long stance table: a row per (conference, delegation, axis), with the score, its
//! interval, the label and the evidence (see the module docs of [`crate::aggregate`]).

use super::long::{self, long_by_axis, LEFT_NAME, P_LEFT, P_RIGHT, RIGHT_NAME};
use crate::axes::{Axes, MIXED_LABEL, NONE_LABEL, NOT_ADDRESSED_LABEL};
use crate::error::Result;
use crate::output::column::*;
use crate::types::UNATTRIBUTED;
use polars::prelude::*;

/// z for a two-sided 90% interval.
const Z_90: f64 = 1.644_853_626_951_472_2;
/// Scores at or beyond this distance from 0 take a pole's label; nearer 0 is `mixed`.
const LABEL_THRESHOLD: f64 = 1.0 / 3.0;

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

/// The long stance table of a statement table: a row per (conference, delegation, axis).
pub fn stance_table(statements: &DataFrame, axes: &Axes) -> Result<DataFrame> {
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
    let addressed = attributed
        .filter(col(LABEL).neq(lit(NONE_LABEL)).and(col(IN_SCOPE)))
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
            when(col(N_SENTENCES).eq(lit(0u32)))
                .then(lit(NOT_ADDRESSED_LABEL))
                .when(col(SCORE).lt_eq(lit(-LABEL_THRESHOLD)))
                .then(col(LEFT_NAME))
                .when(col(SCORE).gt_eq(lit(LABEL_THRESHOLD)))
                .then(col(RIGHT_NAME))
                .otherwise(lit(MIXED_LABEL))
                .alias(LABEL),
            pick(LEFT_TEXT, RIGHT_TEXT).alias(EVIDENCE),
            pick(LEFT_DOC, RIGHT_DOC).alias(EVIDENCE_DOC),
            pick(LEFT_CHAR, RIGHT_CHAR).alias(EVIDENCE_CHAR_START),
        ])
        .sort(
            [CONFERENCE, DELEGATION, long::AXIS_ORDER],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .select([
            col(CONFERENCE),
            col(DELEGATION),
            col(AXIS),
            col(LABEL),
            col(SCORE),
            col(SCORE_LOW),
            col(SCORE_HIGH),
            col(N_STATEMENTS),
            col(N_SENTENCES),
            col(EVIDENCE),
            col(EVIDENCE_DOC),
            col(EVIDENCE_CHAR_START),
        ])
        .collect()?;
    Ok(table)
}
