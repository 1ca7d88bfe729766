//! A run's folder holds the files of one `stance run` and of one `stance report` of it. A later
//! run or report into the same folder writes its own files over the earlier ones, and
//! [`EarlierOutputs`] removes the rest of what came before, so that no table or picture of an
//! earlier run is left beside the latest as if it were of it: a grouped table of a `--group-by`
//! no longer given, the `.csv` tables beside new `.parquet` ones (which left the folder
//! unreadable), a report of the old tables, a timeline of an axis no longer drawn.
//!
//! Files are known by the names `stance` gives them (spelled here once), and removed only from
//! a folder that held a `run.json` before: anything else in it (an annotator's `suggest.csv`,
//! notes, subfolders) is left alone.

use super::column::{stances_by, STANCES, STANCES_WIDE, STATEMENTS};
use super::{TableFormat, RUN_FILE};
use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The files `stance report` writes beside a run's tables.
pub const DRIFT_CSV: &str = "drift.csv";
pub const REPORT_HTML: &str = "report.html";
/// The stance map's file stem (it is drawn as `.svg` and `.png`).
pub const STANCE_MAP: &str = "stance_map";
/// The report's pictures of one axis each, by the prefix of their name (`axis_governance.svg`).
const AXIS_PLOT: &str = "axis_";
const TIMELINE: &str = "timeline_";
const HEATMAP: &str = "heatmap_";

/// The report's dot plot of `axis` at the mapped conference.
pub fn axis_plot_file(axis: &str) -> String {
    format!("{AXIS_PLOT}{axis}.svg")
}

/// The report's timeline of `axis`.
pub fn timeline_file(axis: &str) -> String {
    format!("{TIMELINE}{axis}.svg")
}

/// The report's heatmap of `axis`.
pub fn heatmap_file(axis: &str) -> String {
    format!("{HEATMAP}{axis}.svg")
}

/// The command that writes a file into a run's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    /// `stance run`: the tables and `run.json`.
    Run,
    /// `stance report`: the pictures, the drift table and the page.
    Report,
}

impl Writer {
    /// Which command writes a file named `name`, if any does.
    fn of(name: &str) -> Option<Writer> {
        let (stem, extension) = name.rsplit_once('.')?;
        let table = TableFormat::ALL.iter().any(|format| format.extension() == extension);
        let run_table = [STATEMENTS, STANCES, STANCES_WIDE].contains(&stem) || stem.starts_with(&stances_by(""));
        let axis_picture = extension == "svg" && [AXIS_PLOT, TIMELINE, HEATMAP].iter().any(|p| stem.starts_with(p));
        if name == RUN_FILE || (table && run_table) {
            Some(Writer::Run)
        } else if [REPORT_HTML, DRIFT_CSV].contains(&name) || (stem == STANCE_MAP && ["svg", "png"].contains(&extension)) || axis_picture {
            Some(Writer::Report)
        } else {
            None
        }
    }
}

/// The files of `stance`'s names that a folder held before a command wrote into it, each with
/// the command that writes such a file.
#[derive(Debug, Default)]
pub struct EarlierOutputs {
    files: Vec<(PathBuf, Writer)>,
}

impl EarlierOutputs {
    /// The files in `dir` now that a run or a report writes, if `dir` holds a run (its
    /// `run.json`); none if it does not, or does not exist yet. Taken before the command writes
    /// anything.
    pub fn in_folder(dir: &Path) -> Result<Self> {
        if !dir.join(RUN_FILE).is_file() {
            return Ok(Self::default());
        }
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let is_file = entry.file_type().is_ok_and(|kind| kind.is_file());
            let writer = entry.file_name().to_str().and_then(Writer::of);
            if let (true, Some(writer)) = (is_file, writer) {
                files.push((entry.path(), writer));
            }
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Self { files })
    }

    /// Removes the earlier files of `writers` that `written` (the files the command just wrote
    /// into the same folder) did not replace; returns them.
    pub fn remove_unwritten(self, writers: &[Writer], written: &[PathBuf]) -> Result<Vec<PathBuf>> {
        let written: BTreeSet<_> = written.iter().filter_map(|path| path.file_name()).collect();
        let mut removed = Vec::new();
        for (path, writer) in self.files {
            let replaced = path.file_name().is_some_and(|name| written.contains(name));
            if writers.contains(&writer) && !replaced {
                std::fs::remove_file(&path).map_err(|source| Error::Output { path: path.clone(), source })?;
                removed.push(path);
            }
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(paths: &[PathBuf]) -> Vec<String> {
        paths.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect()
    }

    fn folder_with(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in files {
            std::fs::write(dir.path().join(name), "earlier").unwrap();
        }
        std::fs::create_dir(dir.path().join("eval")).unwrap();
        dir
    }

    fn left(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    const EARLIER_RUN: [&str; 6] =
        ["run.json", "statements.parquet", "stances.parquet", "stances_wide.parquet", "stances_by_region.parquet", "stances_by_bloc.csv"];
    const EARLIER_REPORT: [&str; 8] = [
        "report.html", "drift.csv", "stance_map.svg", "stance_map.png", "axis_governance.svg", "axis_old.svg",
        "timeline_governance.svg", "heatmap_governance.svg",
    ];
    const NOT_STANCES: [&str; 5] = ["suggest.csv", "notes.md", "stances_old.csv", "axis_notes.txt", "statements.json"];

    #[test]
    fn a_run_removes_the_earlier_runs_and_reports_files_it_did_not_write_and_nothing_else() {
        let all: Vec<&str> = EARLIER_RUN.iter().chain(&EARLIER_REPORT).chain(&NOT_STANCES).copied().collect();
        let dir = folder_with(&all);
        let earlier = EarlierOutputs::in_folder(dir.path()).unwrap();
        let written: Vec<PathBuf> =
            ["statements.csv", "stances.csv", "stances_wide.csv", "stances_by_region.csv", "run.json"].iter().map(|n| dir.path().join(n)).collect();
        for name in &written {
            std::fs::write(name, "latest").unwrap();
        }
        let removed = earlier.remove_unwritten(&[Writer::Run, Writer::Report], &written).unwrap();
        let mut expected: Vec<String> = EARLIER_RUN[1..].iter().chain(&EARLIER_REPORT).map(|n| n.to_string()).collect();
        expected.sort();
        assert_eq!(names(&removed), expected);
        let mut kept: Vec<String> = names(&written).into_iter().chain(NOT_STANCES.iter().map(|n| n.to_string())).collect();
        kept.push("eval".into());
        kept.sort();
        assert_eq!(left(dir.path()), kept);
        assert_eq!(std::fs::read_to_string(dir.path().join("run.json")).unwrap(), "latest");
    }

    #[test]
    fn a_report_removes_only_the_earlier_reports_pictures_it_did_not_draw_again() {
        let all: Vec<&str> = EARLIER_RUN.iter().chain(&EARLIER_REPORT).copied().collect();
        let dir = folder_with(&all);
        let earlier = EarlierOutputs::in_folder(dir.path()).unwrap();
        let written: Vec<PathBuf> = ["report.html", "drift.csv", "stance_map.svg", "stance_map.png", "axis_governance.svg"]
            .iter()
            .map(|n| dir.path().join(n))
            .collect();
        let removed = earlier.remove_unwritten(&[Writer::Report], &written).unwrap();
        assert_eq!(names(&removed), ["axis_old.svg", "heatmap_governance.svg", "timeline_governance.svg"]);
        assert!(EARLIER_RUN.iter().all(|n| dir.path().join(n).exists()), "{:?}", left(dir.path()));
    }

    #[test]
    fn a_folder_without_a_run_json_is_left_as_it_is() {
        let all: Vec<&str> = EARLIER_RUN[1..].iter().chain(&EARLIER_REPORT).copied().collect();
        let dir = folder_with(&all);
        let removed = EarlierOutputs::in_folder(dir.path()).unwrap().remove_unwritten(&[Writer::Run, Writer::Report], &[]).unwrap();
        assert!(removed.is_empty(), "{removed:?}");
        assert_eq!(left(dir.path()).len(), all.len() + 1);
        assert!(EarlierOutputs::in_folder(&dir.path().join("not-yet")).unwrap().files.is_empty());
    }
}
