//! Stances over time, from a run's stance table: per axis, a timeline of chosen delegations'
//! scores (year on x) and a heatmap of every delegation that ever addresses the axis, by
//! conference. Only dated conferences (the manifest's dates) are on a time axis.

use super::chart::{AxisNames, Heatmap, Interval, Timeline, TIMELINE_MAX_LINES};
use super::tables::Conference;
use crate::axes::{Axis, CellLabel};
use crate::error::Result;
use crate::output::column::{AXIS, CONFERENCE, DELEGATION, LABEL, SCORE, SCORE_HIGH, SCORE_LOW};
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// One delegation's cell at one conference.
#[derive(Debug, Clone)]
struct Cell {
    /// Index into the dated conferences.
    conference: usize,
    label: String,
    interval: Option<Interval>,
}

/// The cells of one axis, per delegation, dated conferences only: read once from the stance
/// table, drawn as the axis's timeline and heatmap.
pub struct AxisCells {
    by_delegation: BTreeMap<String, Vec<Cell>>,
}

impl AxisCells {
    pub fn new(stances: &DataFrame, axis: &Axis, dated: &[&Conference]) -> Result<Self> {
        let position: HashMap<&str, usize> = dated.iter().enumerate().map(|(i, c)| (c.name.as_str(), i)).collect();
        let rows = stances.clone().lazy().filter(col(AXIS).eq(lit(axis.name.clone()))).collect()?;
        let text = |name: &str| -> Result<StringChunked> { Ok(rows.column(name)?.str()?.clone()) };
        let real = |name: &str| -> Result<Float64Chunked> { Ok(rows.column(name)?.f64()?.clone()) };
        let (conference, delegation, label) = (text(CONFERENCE)?, text(DELEGATION)?, text(LABEL)?);
        let (score, low, high) = (real(SCORE)?, real(SCORE_LOW)?, real(SCORE_HIGH)?);
        let mut by_delegation: BTreeMap<String, Vec<Cell>> = BTreeMap::new();
        for i in 0..rows.height() {
            let (Some(name), Some(delegation), Some(label)) = (conference.get(i), delegation.get(i), label.get(i)) else {
                continue;
            };
            let Some(&at) = position.get(name) else {
                continue;
            };
            let interval = match (score.get(i), low.get(i), high.get(i)) {
                (Some(score), Some(low), Some(high)) => Some(Interval { score, low, high }),
                _ => None,
            };
            by_delegation.entry(delegation.to_string()).or_default().push(Cell {
                conference: at,
                label: label.to_string(),
                interval,
            });
        }
        for cells in by_delegation.values_mut() {
            cells.sort_by_key(|c| c.conference);
        }
        Ok(AxisCells { by_delegation })
    }

    /// How many conferences the delegation addresses the axis at.
    fn addressed(cells: &[Cell]) -> usize {
        cells.iter().filter(|c| c.interval.is_some()).count()
    }
}

/// A conference's date as a fractional year (`2013-09-01` → 2013.67).
fn year(conference: &Conference) -> f64 {
    let date = conference.date.as_deref().unwrap_or_default();
    let part = |range: std::ops::Range<usize>| date.get(range).and_then(|p| p.parse::<f64>().ok());
    match (part(0..4), part(5..7), part(8..10)) {
        (Some(y), Some(m), Some(d)) => y + ((m - 1.0) * 30.4 + d - 1.0) / 365.25,
        (Some(y), _, _) => y,
        _ => 0.0,
    }
}

/// The timeline of `axis`: the `named` delegations that address it (all of them, in the given
/// order), or else the most active ones (most conferences addressed, then by name), at most
/// [`TIMELINE_MAX_LINES`].
pub fn timeline(cells: &AxisCells, axis: &Axis, names: AxisNames, dated: &[&Conference], named: &[String]) -> Timeline {
    let mut chosen: Vec<(&String, &Vec<Cell>)> = if named.is_empty() {
        let mut all: Vec<(&String, &Vec<Cell>)> =
            cells.by_delegation.iter().filter(|(_, c)| AxisCells::addressed(c) > 0).collect();
        all.sort_by(|a, b| AxisCells::addressed(b.1).cmp(&AxisCells::addressed(a.1)).then_with(|| a.0.cmp(b.0)));
        all
    } else {
        named.iter().filter_map(|n| cells.by_delegation.get_key_value(n)).filter(|(_, c)| AxisCells::addressed(c) > 0).collect()
    };
    chosen.truncate(TIMELINE_MAX_LINES);
    let lines = chosen
        .into_iter()
        .map(|(name, cells)| {
            let points = cells.iter().filter_map(|c| Some((year(dated[c.conference]), c.interval?))).collect();
            (name.clone(), points)
        })
        .collect();
    Timeline {
        title: format!("{} over time", axis.name),
        axis: names,
        lines,
    }
}

/// The heatmap of `axis`: every delegation that addresses it at some dated conference, by
/// conference (only those where someone addresses it), rows ordered from the left pole to the
/// right by the delegation's mean score, then by name.
pub fn heatmap(cells: &AxisCells, axis: &Axis, names: AxisNames, dated: &[&Conference]) -> Heatmap {
    let active: Vec<(&String, &Vec<Cell>)> = cells.by_delegation.iter().filter(|(_, c)| AxisCells::addressed(c) > 0).collect();
    let mut columns: Vec<usize> = active.iter().flat_map(|(_, c)| c.iter().filter(|c| c.interval.is_some()).map(|c| c.conference)).collect();
    columns.sort_unstable();
    columns.dedup();
    let column_of: HashMap<usize, usize> = columns.iter().enumerate().map(|(j, &c)| (c, j)).collect();
    let mean = |cells: &[Cell]| {
        let scores: Vec<f64> = cells.iter().filter_map(|c| c.interval.map(|i| i.score)).collect();
        scores.iter().sum::<f64>() / scores.len().max(1) as f64
    };
    let mut rows: Vec<(String, f64, Vec<Option<CellLabel>>)> = active
        .into_iter()
        .map(|(name, cells)| {
            let mut marks = vec![None; columns.len()];
            for cell in cells {
                // Every label parses: `RunTables` refused the table otherwise.
                if let (Some(&j), Some(mark)) = (column_of.get(&cell.conference), CellLabel::from_table(&cell.label, axis)) {
                    marks[j] = Some(mark);
                }
            }
            (name.clone(), mean(cells), marks)
        })
        .collect();
    rows.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    let years: Vec<String> = columns.iter().map(|&c| format!("{:.0}", year(dated[c]).floor())).collect();
    let unique_years = years.iter().collect::<std::collections::HashSet<_>>().len() == years.len();
    let conferences = columns
        .iter()
        .zip(years)
        .map(|(&c, y)| if unique_years { y } else { format!("{y} {}", dated[c].name) })
        .collect();
    Heatmap {
        title: format!("{}: who takes which side, conference by conference", axis.name),
        axis: names,
        conferences,
        rows: rows.into_iter().map(|(name, _, marks)| (name, marks)).collect(),
    }
}

