//! `stance report`: a run's tables in, pictures, the drift table and one HTML page out, all
//! written into the run's folder.

use crate::axes::{Axes, Axis};
use crate::config::ReportConfig;
use crate::error::{Error, Result};
use crate::output::column::{BEYOND_INTERVALS, DELEGATION};
use crate::output::folder::{self, EarlierOutputs, Writer, DRIFT_CSV, REPORT_HTML, STANCE_MAP};
use crate::output::{self, RunProvenance, RunTables, Staged, TableFormat};
use crate::report::chart::{self, AxisNames, DotPlot, StanceMap, TIMELINE_MAX_LINES};
use crate::report::over_time;
use crate::report::page::{OverTime, Page};
use crate::report::tables::{self, Conference};
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Writes the report; returns the files written.
pub fn report(config: &ReportConfig) -> Result<Vec<PathBuf>> {
    let axes = Axes::load(&config.axes)?;
    let x = find_axis(&axes, config.x.as_deref(), 0, config)?;
    let y = find_axis(&axes, config.y.as_deref(), 1, config)?;
    let tables = RunTables::read(&config.from, &axes)?;
    let provenance = RunProvenance::read(&config.from)?;
    let followed = followed_delegations(config, &tables.stances)?;
    let conferences = tables::conferences(&tables.statements)?;
    let conference = match &config.conference {
        Some(name) if conferences.iter().any(|c| &c.name == name) => name.clone(),
        Some(name) => {
            return Err(Error::bad_input(
                &config.from,
                None,
                format!("no conference {name:?} (the run has {})", conference_names(&conferences)),
            ))
        }
        None => most_placed(&tables.stances, &conferences, x, y)?,
    };
    let earlier = EarlierOutputs::of(&config.from, provenance.as_ref(), &axes.names());
    // Every file is staged, then all are put in place together: a report that fails half-way
    // leaves the earlier report whole, not half replaced.
    let mut staged = Vec::new();
    let mut write_svg = |name: String, chart: &dyn Fn() -> Result<String>| -> Result<String> {
        let svg = chart()?;
        staged.push(output::stage_text(&config.from.join(name), &svg)?);
        Ok(svg)
    };

    let map = stance_map(&tables.stances, &conference, x, y)?;
    let map_svg = write_svg(format!("{STANCE_MAP}.svg"), &|| chart::svg(&map))?;
    let axis_svgs: Vec<(String, String)> = axes
        .axes
        .iter()
        .map(|axis| {
            let plot = DotPlot {
                title: format!("{} — {conference}", axis.name),
                axis: names_of(axis),
                rows: tables::placed(&tables.stances, &conference, &axis.name)?,
            };
            Ok((axis.name.clone(), write_svg(folder::axis_plot_file(&axis.name), &|| chart::svg(&plot))?))
        })
        .collect::<Result<_>>()?;

    let mut drift = tables::drift_table(&tables.stances, &conferences, &axes)?;
    let dated: Vec<&Conference> = conferences.iter().filter(|c| c.date.is_some()).collect();
    let mut over_time = Vec::new();
    for axis in &axes.axes {
        let cells = over_time::AxisCells::new(&tables.stances, axis, &dated)?;
        let timeline = over_time::timeline(&cells, axis, names_of(axis), &dated, &followed);
        let heatmap = over_time::heatmap(&cells, axis, names_of(axis), &dated);
        if heatmap.conferences.len() < 2 {
            continue;
        }
        over_time.push(OverTime {
            axis: axis.name.clone(),
            timeline: write_svg(folder::timeline_file(&axis.name), &|| chart::svg(&timeline))?,
            heatmap: write_svg(folder::heatmap_file(&axis.name), &|| chart::svg(&heatmap))?,
        });
    }
    staged.push(chart::stage_png(&map, &config.from.join(format!("{STANCE_MAP}.png")))?);
    staged.push(TableFormat::Csv.stage(&mut drift, &config.from.join(DRIFT_CSV))?);

    let page = Page {
        title: format!("Stances: {}", config.from.display()),
        mapped_conference: &conference,
        map_svg: &map_svg,
        axis_svgs: &axis_svgs,
        over_time: &over_time,
        drift_flags: &drift.clone().lazy().filter(col(BEYOND_INTERVALS)).collect()?,
        wide: &tables.wide,
        wide_file: &tables.wide_path.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned()),
        stances: &tables.stances,
        evidence: &tables::evidence(&tables.statements, &axes)?,
        axes: &axes,
        provenance: provenance.as_ref(),
    };
    staged.push(output::stage_text(&config.from.join(REPORT_HTML), &page.render()?)?);
    let written = staged.into_iter().map(Staged::commit).collect::<Result<Vec<PathBuf>>>()?;

    let others: Vec<&str> = conferences.iter().map(|c| c.name.as_str()).filter(|name| *name != conference).collect();
    let another = match others.is_empty() {
        true => String::new(),
        false => format!("; --conference picks another of: {}", names(others)),
    };
    eprintln!(
        "stance map and axis plots: {conference} ({} delegation(s) on both {} and {}{another})",
        map.points.len(),
        x.name,
        y.name,
    );
    if over_time.is_empty() {
        eprintln!("over time: no axis is addressed at two or more dated conferences (dates come from the manifest)");
    }
    for path in &written {
        eprintln!("wrote {}", path.display());
    }
    for path in earlier.remove_unwritten(&[Writer::Report], &written)? {
        eprintln!("removed {} (an earlier report's, not drawn this time)", path.display());
    }
    Ok(written)
}

/// The axis `--x` or `--y` names, else the configuration's axis at `default` (its last, if it
/// has fewer): the shipped names are not every configuration's.
fn find_axis<'a>(axes: &'a Axes, name: Option<&str>, default: usize, config: &ReportConfig) -> Result<&'a Axis> {
    match name {
        Some(name) => axes.get(name).ok_or_else(|| {
            Error::bad_input(&config.axes, None, format!("no axis {name:?} for --x/--y (the axes are {})", axes.names().join(", ")))
        }),
        // `Axes::parse` refuses a file without an axis, so there is a last one
        None => Ok(axes.axes.get(default).or(axes.axes.last()).expect("an axis configuration has at least one axis")),
    }
}

fn names_of(axis: &Axis) -> AxisNames {
    AxisNames {
        name: axis.name.clone(),
        left: axis.left.name.clone(),
        right: axis.right.name.clone(),
    }
}

/// Names for a message: all of a few, the first and last three of many (a run over the whole
/// General Debate corpus has 79 conferences and 197 delegations).
fn names<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    const ALL_UP_TO: usize = 8;
    let quoted: Vec<String> = names.into_iter().map(|name| format!("{name:?}")).collect();
    if quoted.len() <= ALL_UP_TO {
        return quoted.join(", ");
    }
    let n = quoted.len();
    format!("{} ... {} ({n} in all)", quoted[..3].join(", "), quoted[n - 3..].join(", "))
}

/// The run's conferences for a message (see [`names`]).
fn conference_names(conferences: &[Conference]) -> String {
    names(conferences.iter().map(|c| c.name.as_str()))
}

/// The delegations `--delegations` names, at most [`TIMELINE_MAX_LINES`], each as the run's
/// stance table spells it: a misspelt name is refused with the names there are, never left out
/// silently. The flag splits at commas, and some names hold one ("ISOC, Yemen", as 21 NETmundial
/// contributors are named): pieces that join into a name of the run are read as that name, the
/// longest first. Such a name could not be named at all.
fn followed_delegations(config: &ReportConfig, stances: &DataFrame) -> Result<Vec<String>> {
    let known: BTreeSet<&str> = stances.column(DELEGATION)?.str()?.iter().flatten().collect();
    let pieces = &config.delegations;
    let mut named: Vec<String> = Vec::new();
    let mut at = 0;
    while at < pieces.len() {
        let joined = (at + 2..=pieces.len()).rev().find_map(|end| {
            [", ", ","].into_iter().map(|comma| pieces[at..end].join(comma)).find(|name| known.contains(name.as_str())).map(|name| (name, end))
        });
        let (name, end) = joined.unwrap_or_else(|| (pieces[at].clone(), at + 1));
        named.push(name);
        at = end;
    }
    if named.len() > TIMELINE_MAX_LINES {
        return Err(Error::bad_input(
            &config.from,
            None,
            format!("--delegations names {}; a timeline draws at most {TIMELINE_MAX_LINES}: name fewer", named.len()),
        ));
    }
    match named.iter().find(|name| !known.contains(name.as_str())) {
        Some(name) => Err(Error::bad_input(
            &config.from,
            None,
            format!("--delegations: no delegation {name:?} in this run (it has {})", names(known.iter().copied())),
        )),
        None => Ok(named),
    }
}

/// The delegations of `conference` that address both axes.
fn stance_map(stances: &DataFrame, conference: &str, x: &Axis, y: &Axis) -> Result<StanceMap> {
    let on_y: BTreeMap<String, chart::Interval> = tables::placed(stances, conference, &y.name)?.into_iter().collect();
    let points = tables::placed(stances, conference, &x.name)?
        .into_iter()
        .filter_map(|(delegation, at_x)| {
            let at_y = *on_y.get(&delegation)?;
            Some((delegation, at_x, at_y))
        })
        .collect();
    Ok(StanceMap {
        title: format!("Stance map — {conference}"),
        x: names_of(x),
        y: names_of(y),
        points,
    })
}

/// The conference with the most delegations on the map; where no conference places anybody on
/// both axes, the one with the most delegations placed on either (the latest of equals), so that
/// the axis plots beside the map are not empty too.
fn most_placed(stances: &DataFrame, conferences: &[Conference], x: &Axis, y: &Axis) -> Result<String> {
    let mut best: Option<((usize, usize), &str)> = None;
    for conference in conferences {
        let placed_on = |axis: &Axis| -> Result<BTreeSet<String>> {
            Ok(tables::placed(stances, &conference.name, &axis.name)?.into_iter().map(|(delegation, _)| delegation).collect())
        };
        let (on_x, on_y) = (placed_on(x)?, placed_on(y)?);
        // On the map: placed on both axes (as `stance_map` places them).
        let placed = (on_x.intersection(&on_y).count(), on_x.union(&on_y).count());
        if best.is_none_or(|(most, _)| placed >= most) {
            best = Some((placed, &conference.name));
        }
    }
    best.map(|(_, name)| name.to_string())
        .ok_or_else(|| {
            Error::nothing_to_do(
                "the run's tables hold no conference",
                "point --from at the output folder of a stance run that read records",
            )
        })
}
