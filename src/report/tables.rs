//! A run's output tables read back (for `stance report`), and what the report derives from
//! them with polars: the conferences in time order, the placed delegations of one conference
//! and axis, the drift table, and the evidence sentences.

use super::chart::Interval;
use super::{read_run_table, STANCES, STANCES_WIDE, STATEMENTS};
use crate::aggregate;
use crate::axes::Axes;
use crate::error::Result;
use polars::prelude::*;
use std::path::Path;

/// The tables `stance run` wrote into one folder.
pub struct RunTables {
    pub statements: DataFrame,
    pub stances: DataFrame,
    pub wide: DataFrame,
}

impl RunTables {
    /// The tables of the run whose output folder is `dir`, CSV or Parquet.
    pub fn read(dir: &Path) -> Result<Self> {
        let scores = ["score", "score_low", "score_high"].map(|c| Field::new(c.into(), DataType::Float64));
        let statement_types = [Field::new("date".into(), DataType::String), Field::new("in_scope".into(), DataType::Boolean)];
        Ok(RunTables {
            statements: read_run_table(dir, STATEMENTS, &statement_types)?,
            stances: read_run_table(dir, STANCES, &scores)?,
            wide: read_run_table(dir, STANCES_WIDE, &[])?,
        })
    }
}

/// A conference and its date: the earliest date of its statements (`None` when none is dated).
#[derive(Debug, Clone, PartialEq)]
pub struct Conference {
    pub name: String,
    pub date: Option<String>,
}

/// The run's conferences, dated ones first in time order, then undated ones by name.
pub fn conferences(statements: &DataFrame) -> Result<Vec<Conference>> {
    // An undated statement's date is written as "" (read back as such, not as null).
    let date = when(col("date").neq(lit(""))).then(col("date")).otherwise(lit(NULL).cast(DataType::String));
    let df = statements
        .clone()
        .lazy()
        .group_by([col("conference")])
        .agg([date.min()])
        .sort_by_exprs(
            [col("date").is_null(), col("date"), col("conference")],
            SortMultipleOptions::default(),
        )
        .collect()?;
    let names = df.column("conference")?.str()?;
    let dates = df.column("date")?.str()?;
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
        .filter(col("conference").eq(lit(conference)).and(col("axis").eq(lit(axis))).and(col("score").is_not_null()))
        .collect()?;
    intervals(&df)
}

/// `(delegation, interval)` of each row of a frame with the stance table's columns.
pub fn intervals(df: &DataFrame) -> Result<Vec<(String, Interval)>> {
    let delegation = df.column("delegation")?.str()?;
    let [score, low, high] = ["score", "score_low", "score_high"].map(|c| df.column(c).and_then(|c| c.f64().cloned()));
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
/// is larger than both intervals (`beyond_intervals`: they do not overlap).
pub fn drift_table(stances: &DataFrame, conferences: &[Conference], axes: &Axes) -> Result<DataFrame> {
    let dated: Vec<&Conference> = conferences.iter().filter(|c| c.date.is_some()).collect();
    let dates = df!(
        "conference" => dated.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        "date" => dated.iter().map(|c| c.date.clone()).collect::<Vec<_>>(),
    )?;
    let order = df!(
        "axis" => axes.names(),
        "axis_order" => (0..axes.axes.len() as u32).collect::<Vec<_>>(),
    )?;
    let group = [col("delegation"), col("axis")];
    let previous = |c: &str| col(c).shift(lit(1)).over(group.clone());
    let (previous_conference, previous_score, previous_low, previous_high) =
        (previous("conference")?, previous("score")?, previous("score_low")?, previous("score_high")?);
    Ok(stances
        .clone()
        .lazy()
        .filter(col("score").is_not_null())
        .join(dates.lazy(), [col("conference")], [col("conference")], JoinArgs::new(JoinType::Inner))
        .join(order.lazy(), [col("axis")], [col("axis")], JoinArgs::new(JoinType::Inner))
        .sort(["delegation", "axis_order", "date"], SortMultipleOptions::default())
        .with_columns([
            previous_conference.alias("previous_conference"),
            (col("score") - previous_score).alias("change"),
            col("score_low").gt(previous_high).or(col("score_high").lt(previous_low)).alias("beyond_intervals"),
        ])
        .filter(col("score").count().over(group.clone())?.gt(lit(1)))
        .select([
            col("delegation"),
            col("axis"),
            col("conference"),
            col("date"),
            col("label"),
            col("score"),
            col("score_low"),
            col("score_high"),
            col("previous_conference"),
            col("change"),
            col("beyond_intervals").fill_null(lit(false)),
        ])
        .collect()?)
}

/// The sentences behind the stances: every sentence of an attributed, in-scope statement that
/// takes a side on an axis, with the probability of that side, its document and position.
pub fn evidence(statements: &DataFrame, axes: &Axes) -> Result<DataFrame> {
    let p_label = when(col("label").eq(col("left_name"))).then(col("p_left")).otherwise(col("p_right"));
    Ok(aggregate::long_by_axis(statements, axes)?
        .filter(col("in_scope").and(col("delegation").neq(lit(""))).and(col("label").neq(lit("none"))))
        .select([
            col("conference"),
            col("delegation"),
            col("axis_order"),
            col("axis"),
            col("label"),
            p_label.alias("p"),
            col("doc"),
            col("char_start"),
            col("char_end"),
            col("text"),
        ])
        .sort(["conference", "delegation", "axis_order", "doc", "char_start"], SortMultipleOptions::default())
        .collect()?)
}
