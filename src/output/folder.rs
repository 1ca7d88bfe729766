//! A run's folder holds the files of one `stance run` and of one `stance report` of it. A later
//! run or report into the same folder writes its own files over the earlier ones, and
//! [`EarlierOutputs`] removes the rest of what came before, so that no table or picture of an
//! earlier run is left beside the latest as if it were of it: a grouped table of a `--group-by`
//! no longer given, the `.csv` tables beside new `.parquet` ones (which left the folder
//! unreadable), a report of the old tables, a timeline of an axis no longer drawn.
//!
//! What is removed is known by exact name, from the earlier run's own `run.json`: the tables it
//! lists (one from before they were listed: the three tables, in either format), and the
//! report's files for its axes and the command's own. A folder without a `run.json` loses nothing, and
//! one whose `run.json` `stance` did not write is refused; any other file (an annotator's
//! `suggest.csv`, a copy named `stances_by_hand.csv`, notes, subfolders) is left alone.

use super::column::{stances_by, STANCES, STANCES_WIDE, STATEMENTS};
use super::{RunProvenance, TableFormat};
use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The files `stance report` writes beside a run's tables.
pub const DRIFT_CSV: &str = "drift.csv";
pub const REPORT_HTML: &str = "report.html";
/// The stance map's file stem (it is drawn as `.svg` and `.png`).
pub const STANCE_MAP: &str = "stance_map";

/// The report's dot plot of `axis` at the mapped conference.
pub fn axis_plot_file(axis: &str) -> String {
    format!("axis_{axis}.svg")
}

/// The report's timeline of `axis`.
pub fn timeline_file(axis: &str) -> String {
    format!("timeline_{axis}.svg")
}

/// The report's heatmap of `axis`.
pub fn heatmap_file(axis: &str) -> String {
    format!("heatmap_{axis}.svg")
}

/// Every file a report of a run over `axes` may write.
fn report_files(axes: &BTreeSet<&str>) -> Vec<String> {
    let fixed = [REPORT_HTML.to_string(), DRIFT_CSV.to_string(), format!("{STANCE_MAP}.svg"), format!("{STANCE_MAP}.png")];
    let per_axis = axes.iter().flat_map(|axis| [axis_plot_file(axis), timeline_file(axis), heatmap_file(axis)]);
    fixed.into_iter().chain(per_axis).collect()
}

/// Whether `name` is a file's name and nothing more: the names searched for are made from what a
/// `run.json` says (its tables, its axes), which is read from a file and must not send a removal
/// out of the folder.
fn is_bare_name(name: &str) -> bool {
    Path::new(name).file_name().is_some_and(|own| own == name) && !name.contains(['/', '\\'])
}

/// Whether `name` is the name of one of a run's tables.
fn is_table_name(name: &str) -> bool {
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    let table = [STATEMENTS, STANCES, STANCES_WIDE].contains(&stem) || stem.starts_with(&stances_by(""));
    table && TableFormat::ALL.iter().any(|format| format.extension() == extension)
}

/// The command that writes a file into a run's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    /// `stance run`: the tables and `run.json`.
    Run,
    /// `stance report`: the pictures, the drift table and the page.
    Report,
}

/// The files of the run (and of its report) whose folder a command is about to write into, each
/// with the command that wrote it.
#[derive(Debug, Default)]
pub struct EarlierOutputs {
    files: Vec<(PathBuf, Writer)>,
}

impl EarlierOutputs {
    /// The files in `dir` now of the run whose `run.json` is there: the tables it lists (a
    /// `run.json` from before they were listed: the three tables, in either format), and the
    /// files a report draws for its axes and for `axes`. None if `dir` holds no `run.json`, or
    /// does not exist yet. Taken before the command writes anything.
    pub fn in_folder(dir: &Path, axes: &[&str]) -> Result<Self> {
        let earlier = RunProvenance::read_refusing(dir, |e| {
            format!(
                "not a run.json that `stance run` wrote ({e}): the folder may hold another program's files, \
                 which this run would replace\n  fix: give --out a folder of its own, or move run.json out of it"
            )
        })?;
        Ok(Self::of(dir, earlier.as_ref(), axes))
    }

    /// The files in `dir` now of the run whose `run.json` read `earlier` (as [`Self::in_folder`],
    /// for a command that has read it already).
    pub fn of(dir: &Path, earlier: Option<&RunProvenance>, axes: &[&str]) -> Self {
        let Some(earlier) = earlier else {
            return Self::default();
        };
        let tables: Vec<String> = match earlier.tables.is_empty() {
            true => TableFormat::ALL.iter().flat_map(|f| [STATEMENTS, STANCES, STANCES_WIDE].map(|t| f.file_name(t))).collect(),
            false => earlier.tables.iter().filter(|name| is_table_name(name)).cloned().collect(),
        };
        let axes: BTreeSet<&str> = earlier.axes.iter().map(String::as_str).chain(axes.iter().copied()).collect();
        let named = tables.into_iter().map(|name| (name, Writer::Run)).chain(report_files(&axes).into_iter().map(|name| (name, Writer::Report)));
        let mut files: Vec<(PathBuf, Writer)> = named
            .filter(|(name, _)| is_bare_name(name))
            .map(|(name, writer)| (dir.join(name), writer))
            .filter(|(path, _)| std::fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file()))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Self { files }
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
    use crate::output::RUN_FILE;

    fn names(paths: &[PathBuf]) -> Vec<String> {
        paths.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect()
    }

    /// A folder holding `files`, a subfolder, and the `run.json` of a run over `axes` that wrote
    /// `tables`.
    fn run_folder(files: &[&str], axes: &[&str], tables: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in files {
            std::fs::write(dir.path().join(name), "earlier").unwrap();
        }
        std::fs::create_dir(dir.path().join("eval")).unwrap();
        let strings = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
        RunProvenance { axes: strings(axes), tables: strings(tables), ..Default::default() }.stage(dir.path()).unwrap().commit().unwrap();
        dir
    }

    fn left(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        names.sort();
        names
    }

    const EARLIER_TABLES: [&str; 4] = ["statements.parquet", "stances.parquet", "stances_wide.parquet", "stances_by_region.parquet"];
    const EARLIER_REPORT: [&str; 9] = [
        "report.html", "drift.csv", "stance_map.svg", "stance_map.png", "axis_governance.svg", "axis_old.svg",
        "timeline_governance.svg", "heatmap_governance.svg", "timeline_information.svg",
    ];
    /// Files a user keeps in a run's folder, some named like the run's own (a copy of a table, an
    /// annotated picture, a table the run's run.json does not list).
    const NOT_STANCES: [&str; 7] = [
        "suggest.csv", "notes.md", "stances_by_hand_checked.csv", "axis_governance (annotated).svg", "stances_old.csv",
        "statements.json", "timeline_other.svg",
    ];

    #[test]
    fn a_run_removes_the_tables_the_earlier_run_json_lists_and_its_report_and_nothing_else() {
        let all: Vec<&str> = EARLIER_TABLES.iter().chain(&EARLIER_REPORT).chain(&NOT_STANCES).copied().collect();
        let dir = run_folder(&all, &["governance", "old"], &EARLIER_TABLES);
        let earlier = EarlierOutputs::in_folder(dir.path(), &["governance", "information"]).unwrap();
        let written: Vec<PathBuf> =
            ["statements.csv", "stances.csv", "stances_wide.csv", "stances_by_region.csv", "run.json"].iter().map(|n| dir.path().join(n)).collect();
        for name in &written {
            std::fs::write(name, "latest").unwrap();
        }
        let removed = earlier.remove_unwritten(&[Writer::Run, Writer::Report], &written).unwrap();
        let expected: Vec<&str> = EARLIER_TABLES.iter().chain(&EARLIER_REPORT).copied().collect();
        assert_eq!(names(&removed), sorted(&expected));
        let kept: Vec<String> = names(&written);
        let kept: Vec<&str> = kept.iter().map(String::as_str).chain(NOT_STANCES).chain(["eval"]).collect();
        assert_eq!(left(dir.path()), sorted(&kept));
        assert_eq!(std::fs::read_to_string(dir.path().join("run.json")).unwrap(), "latest");
    }

    #[test]
    fn a_report_removes_only_the_earlier_reports_pictures_it_did_not_draw_again() {
        let all: Vec<&str> = EARLIER_TABLES.iter().chain(&EARLIER_REPORT).chain(&NOT_STANCES).copied().collect();
        let dir = run_folder(&all, &["governance", "information", "old"], &EARLIER_TABLES);
        let earlier = EarlierOutputs::in_folder(dir.path(), &["governance", "information"]).unwrap();
        let written: Vec<PathBuf> = ["report.html", "drift.csv", "stance_map.svg", "stance_map.png", "axis_governance.svg"]
            .iter()
            .map(|n| dir.path().join(n))
            .collect();
        let removed = earlier.remove_unwritten(&[Writer::Report], &written).unwrap();
        assert_eq!(names(&removed), ["axis_old.svg", "heatmap_governance.svg", "timeline_governance.svg", "timeline_information.svg"]);
        assert!(EARLIER_TABLES.iter().chain(&NOT_STANCES).all(|n| dir.path().join(n).exists()), "{:?}", left(dir.path()));
    }

    #[test]
    fn a_run_json_from_before_tables_were_listed_gives_the_three_tables_in_either_format() {
        let dir = run_folder(&["statements.csv", "stances.parquet", "stances_by_region.csv", "suggest.csv"], &[], &[]);
        let removed = EarlierOutputs::in_folder(dir.path(), &[]).unwrap().remove_unwritten(&[Writer::Run], &[]).unwrap();
        assert_eq!(names(&removed), ["stances.parquet", "statements.csv"]);
    }

    #[test]
    fn a_folder_without_a_run_json_loses_nothing_and_one_another_program_wrote_is_refused() {
        let all: Vec<&str> = EARLIER_TABLES.iter().chain(&EARLIER_REPORT).copied().collect();
        let dir = run_folder(&all, &["governance"], &EARLIER_TABLES);
        std::fs::remove_file(dir.path().join(RUN_FILE)).unwrap();
        let removed = EarlierOutputs::in_folder(dir.path(), &[]).unwrap().remove_unwritten(&[Writer::Run, Writer::Report], &[]).unwrap();
        assert!(removed.is_empty(), "{removed:?}");
        assert!(EarlierOutputs::in_folder(&dir.path().join("not-yet"), &[]).unwrap().files.is_empty());

        std::fs::write(dir.path().join(RUN_FILE), r#"{"lr": 0.1}"#).unwrap();
        let refused = EarlierOutputs::in_folder(dir.path(), &[]).unwrap_err().to_string();
        assert!(refused.contains("run.json") && refused.contains("fix: give --out a folder of its own"), "{refused}");
        assert_eq!(left(dir.path()).len(), all.len() + 2, "nothing removed");
    }

    /// An axis's name read from run.json makes the names of its pictures: one that would lead out
    /// of the folder makes none.
    #[test]
    fn an_axis_name_that_leads_out_of_the_folder_removes_nothing_there() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("run");
        std::fs::create_dir_all(dir.join("axis_x")).unwrap();
        std::fs::write(base.path().join("outside.svg"), "mine").unwrap();
        RunProvenance { axes: vec!["x/../../outside".into()], ..Default::default() }.stage(&dir).unwrap().commit().unwrap();
        let removed = EarlierOutputs::in_folder(&dir, &[]).unwrap().remove_unwritten(&[Writer::Report], &[]).unwrap();
        assert!(removed.is_empty(), "{removed:?}");
        assert!(base.path().join("outside.svg").exists());
    }

    /// The list is read from a file: a name that is not a table's, or not a bare name, is no
    /// file of the run's.
    #[test]
    fn only_table_names_listed_in_a_run_json_are_removed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("stances.csv"), "mine").unwrap();
        let listed = outside.path().join("stances.csv").display().to_string();
        let dir = run_folder(&["notes.md", "stances.csv"], &[], &["notes.md", &listed, "../stances.csv", "stances.csv"]);
        let removed = EarlierOutputs::in_folder(dir.path(), &[]).unwrap().remove_unwritten(&[Writer::Run], &[]).unwrap();
        assert_eq!(removed, [dir.path().join("stances.csv")]);
        assert!(dir.path().join("notes.md").exists() && outside.path().join("stances.csv").exists());
    }
}
