//! The statement table with one row per sentence and axis, in generic column names: what the
//! stance table is computed from, and what `stance report` reads its evidence from.

use crate::axes::Axes;
use crate::error::Result;
use crate::output::column::{self, *};
use polars::prelude::*;

/// The axis's position in the axis file (rows are sorted by it).
pub const AXIS_ORDER: &str = "axis_order";
/// The axis's pole names.
pub const LEFT_NAME: &str = "left_name";
pub const RIGHT_NAME: &str = "right_name";
/// The sentence's probabilities of the left and the right pole.
pub const P_LEFT: &str = "p_left";
pub const P_RIGHT: &str = "p_right";

/// The statement table (its columns as [`crate::aggregate::statement_table`] writes them, or a
/// run's table read back) with one row per sentence and axis.
pub fn long_by_axis(statements: &DataFrame, axes: &Axes) -> Result<LazyFrame> {
    let frames: Vec<LazyFrame> = axes
        .axes
        .iter()
        .enumerate()
        .map(|(order, axis)| {
            statements.clone().lazy().select([
                col(CONFERENCE),
                col(DELEGATION),
                col(DOC),
                col(STATEMENT),
                col(CHAR_START),
                col(CHAR_END),
                col(TEXT),
                col(IN_SCOPE),
                lit(order as u32).alias(AXIS_ORDER),
                lit(axis.name.clone()).alias(AXIS),
                lit(axis.left.name.clone()).alias(LEFT_NAME),
                lit(axis.right.name.clone()).alias(RIGHT_NAME),
                col(column::label(&axis.name)).alias(LABEL),
                col(prob(&axis.name, &axis.left.name)).cast(DataType::Float64).alias(P_LEFT),
                col(prob(&axis.name, &axis.right.name)).cast(DataType::Float64).alias(P_RIGHT),
            ])
        })
        .collect();
    Ok(concat(frames, UnionArgs::default())?)
}
