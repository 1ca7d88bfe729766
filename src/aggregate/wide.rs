//! The wide table: a row per (conference, delegation).

use crate::axes::Axes;
use crate::error::Result;
use crate::output::column::{self, *};
use polars::prelude::*;

/// The wide table: a row per (conference, delegation); per axis its label (column named after
/// the axis) and score (`<axis>_score`).
pub fn wide_table(stances: &DataFrame, axes: &Axes) -> Result<DataFrame> {
    let on = [col(CONFERENCE), col(DELEGATION)];
    let mut wide = stances
        .clone()
        .lazy()
        .select([col(CONFERENCE), col(DELEGATION)])
        .unique_stable(None, UniqueKeepStrategy::First);
    for axis in &axes.axes {
        let cells = stances.clone().lazy().filter(col(AXIS).eq(lit(axis.name.clone()))).select([
            col(CONFERENCE),
            col(DELEGATION),
            col(LABEL).alias(column::label(&axis.name)),
            col(SCORE).alias(score(&axis.name)),
        ]);
        wide = wide.join(cells, on.clone(), on.clone(), JoinArgs::new(JoinType::Left));
    }
    Ok(wide
        .sort([CONFERENCE, DELEGATION], SortMultipleOptions::default().with_maintain_order(true))
        .collect()?)
}
