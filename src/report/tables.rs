//! What `stance report` derives from a run's tables with polars: the conferences in time
//! order, the placed delegations of one conference and axis, the drift table, and the evidence
//! sentences.

use super::chart::Interval;
use crate::aggregate::{self, long};
use crate::axes::{Axes, NONE_LABEL};
use crate::error::Result;
use crate::output::column::*;
use crate::types::UNATTRIBUTED;
use polars::prelude::*;

/// The evidence table's column with the probability of the side a sentence takes.
pub const PROBABILITY: &str = "p";

/// A conference and its date: the earliest date of its statements (`None` when none is dated).
#[derive(Debug, Clone, PartialEq)]
pub struct Conference {
    pub name: String,
    pub date: Option<String>,
}

/// The run's conferences, dated ones first in time order, then undated ones by name.
pub fn conferences(statements: &DataFrame) -> Result<Vec<Conference>> {
    let date = when(col(DATE).neq(lit(NO_DATE))).then(col(DATE)).otherwise(lit(NULL).cast(DataType::String));
    let df = statements
        .clone()
        .lazy()
        .group_by([col(CONFERENCE)])
        .agg([date.min()])
        .sort_by_exprs(
            [col(DATE).is_null(), col(DATE), col(CONFERENCE)],
            SortMultipleOptions::default(),
        )
        .collect()?;
    let names = df.column(CONFERENCE)?.str()?;
    let dates = df.column(DATE)?.str()?;
    Ok((0..df.height())
        .filter_map(|i| {
            Some(Conference {
                name: names.get(i)?.to_string(),
                date: dates.get(i).map(String::from),
            })
        })
        .collect())
}

/// The delegations of `conference` that address `axis`, with their score and interval.
pub fn placed(stances: &DataFrame, conference: &str, axis: &str) -> Result<Vec<(String, Interval)>> {
    let df = stances
        .clone()
        .lazy()
        .filter(col(CONFERENCE).eq(lit(conference)).and(col(AXIS).eq(lit(axis))).and(col(SCORE).is_not_null()))
        .collect()?;
    intervals(&df)
}

/// `(delegation, interval)` of each row of a frame with the stance table's columns.
pub fn intervals(df: &DataFrame) -> Result<Vec<(String, Interval)>> {
    let delegation = df.column(DELEGATION)?.str()?;
    let [score, low, high] = [SCORE, SCORE_LOW, SCORE_HIGH].map(|c| df.column(c).and_then(|c| c.f64().cloned()));
    let (score, low, high) = (score?, low?, high?);
    Ok((0..df.height())
        .filter_map(|i| {
            Some((
                delegation.get(i)?.to_string(),
                Interval {
                    score: score.get(i)?,
                    low: low.get(i)?,
                    high: high.get(i)?,
                },
            ))
        })
        .collect())
}

/// Each delegation's stance per dated conference, on every axis it addresses in two or more of
/// them, in time order: with the change from its previous conference and whether that change
/// is larger than both intervals (`beyond_intervals`: they do not overlap; the timeline's rings
/// test the same with `chart::Interval::apart_from`: keep the two alike).
pub fn drift_table(stances: &DataFrame, conferences: &[Conference], axes: &Axes) -> Result<DataFrame> {
    let dated: Vec<&Conference> = conferences.iter().filter(|c| c.date.is_some()).collect();
    let dates = df!(
        CONFERENCE => dated.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        DATE => dated.iter().map(|c| c.date.clone()).collect::<Vec<_>>(),
    )?;
    let order = df!(
        AXIS => axes.names(),
        long::AXIS_ORDER => (0..axes.axes.len() as u32).collect::<Vec<_>>(),
    )?;
    let group = [col(DELEGATION), col(AXIS)];
    let previous = |c: &str| col(c).shift(lit(1)).over(group.clone());
    let (previous_conference, previous_score, previous_low, previous_high) =
        (previous(CONFERENCE)?, previous(SCORE)?, previous(SCORE_LOW)?, previous(SCORE_HIGH)?);
    Ok(stances
        .clone()
        .lazy()
        .filter(col(SCORE).is_not_null())
        .join(dates.lazy(), [col(CONFERENCE)], [col(CONFERENCE)], JoinArgs::new(JoinType::Inner))
        .join(order.lazy(), [col(AXIS)], [col(AXIS)], JoinArgs::new(JoinType::Inner))
        .sort([DELEGATION, long::AXIS_ORDER, DATE], SortMultipleOptions::default())
        .with_columns([
            previous_conference.alias(PREVIOUS_CONFERENCE),
            (col(SCORE) - previous_score).alias(CHANGE),
            col(SCORE_LOW).gt(previous_high).or(col(SCORE_HIGH).lt(previous_low)).alias(BEYOND_INTERVALS),
        ])
        .filter(col(SCORE).count().over(group.clone())?.gt(lit(1)))
        .select([
            col(DELEGATION),
            col(AXIS),
            col(CONFERENCE),
            col(DATE),
            col(LABEL),
            col(SCORE),
            col(SCORE_LOW),
            col(SCORE_HIGH),
            col(PREVIOUS_CONFERENCE),
            col(CHANGE),
            col(BEYOND_INTERVALS).fill_null(lit(false)),
        ])
        .collect()?)
}

/// The sentences behind the stances: every sentence of an attributed, in-scope statement that
/// takes a side on an axis, with the probability of that side, its document and position.
pub fn evidence(statements: &DataFrame, axes: &Axes) -> Result<DataFrame> {
    let p_label = when(col(LABEL).eq(col(long::LEFT_NAME))).then(col(long::P_LEFT)).otherwise(col(long::P_RIGHT));
    Ok(aggregate::long_by_axis(statements, axes)?
        .filter(col(IN_SCOPE).and(col(DELEGATION).neq(lit(UNATTRIBUTED))).and(col(LABEL).neq(lit(NONE_LABEL))))
        .select([
            col(CONFERENCE),
            col(DELEGATION),
            col(long::AXIS_ORDER),
            col(AXIS),
            col(LABEL),
            p_label.alias(PROBABILITY),
            col(DOC),
            col(CHAR_START),
            col(CHAR_END),
            col(TEXT),
        ])
        .sort([CONFERENCE, DELEGATION, long::AXIS_ORDER, DOC, CHAR_START], SortMultipleOptions::default())
        .collect()?)
}
