//! The manifest: a CSV that says who speaks in, and when and where, each one-speaker record.
//!
//! Columns: `path` (required, relative to the manifest's folder), `delegation`, `date`
//! (`YYYY-MM-DD`) and `conference` (all optional), named in any case. Any other column (the UNGD manifests' `iso3`,
//! `session`, `year`; NETmundial's `sector`) is carried as it is into the statement table, and
//! `stance run --group-by` can group the stance table by it. A joint statement is listed once
//! per delegation that makes it, on rows that agree on everything else. A delegation name is
//! one row of the stance table per conference, so one given to records of different categories
//! (sectors, country codes) is named in a warning.

use super::conference_from_folder;
use super::csv_text::CsvText;
use super::discover::{is_record, FoundFile, NOT_A_RECORD, NOT_A_REGULAR_FILE};
use crate::error::{Error, Result};
use crate::progress::{first_and_more, Diagnostics};
use crate::types::is_iso_date;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The name a collection's manifest has beside its records. Without `--manifest`, a run given
/// one folder or file reads the nearest one in or above it, and `stance train` and `stance eval`
/// the nearest one above each annotated record.
pub const MANIFEST_FILE: &str = "manifest.csv";

// The columns `stance` interprets (named in any case: a spreadsheet's "Path" is `path`); any
// other is carried along as it is. A manifest is the user's file, so these are its own names, not
// the run tables' (`output::column`), though they read alike.
const PATH: &str = "path";
const DELEGATION: &str = "delegation";
const DATE: &str = "date";
const CONFERENCE: &str = "conference";
const KNOWN_COLUMNS: [&str; 4] = [PATH, DELEGATION, DATE, CONFERENCE];

/// Column names that, in a manifest without a `delegation` column, are likely meant as one: a
/// warning says so, since without it every record is read as reported speech.
const DELEGATION_LOOKALIKES: [&str; 10] =
    ["country", "state", "member state", "member_state", "speaker", "author", "organisation", "organization", "actor", "party"];

/// A column whose values repeat, at most one distinct value (in any case) per this many rows, is
/// a category of who speaks: NETmundial's `sector` (6 values over 187 rows), the UNGD manifests'
/// `iso3` (200 over 10,814). A title, or an organisation's own wording of where it is, takes a
/// value per row or nearly, and two rows that differ in it may well be one author's.
const ROWS_PER_CATEGORY: usize = 10;

/// At most this many delegation names are named in the warning on names given to records of
/// different categories.
const MERGED_NAMED: usize = 5;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestRow {
    /// The delegations whose record it is: one for a speech, one per signatory for a joint
    /// statement (listed on as many rows), none for a record whose text says who speaks.
    pub delegations: Vec<String>,
    pub date: Option<String>,
    pub conference: Option<String>,
    /// The values of the manifest's other columns ([`Manifest::extra_columns`]), in order.
    pub extra: Vec<String>,
}

#[derive(Debug)]
pub struct Manifest {
    /// The manifest's folder; ids of files it lists are relative to it.
    root: PathBuf,
    /// The columns beyond the four `stance` interprets, in the file's order.
    extra_columns: Vec<String>,
    /// Rows keyed by the canonical path of the file they describe.
    rows: BTreeMap<PathBuf, (String, ManifestRow)>,
}

impl ManifestRow {
    /// The `i`th other column's value as categories are compared: in any case, an empty field
    /// being no value at all.
    fn category(&self, i: usize) -> Option<String> {
        Some(self.extra[i].to_lowercase()).filter(|v| !v.is_empty())
    }

    /// The fields but the delegation in which `other`, a later row of the same record, differs
    /// from this one, by name (`extra` names the other columns).
    fn differing_fields(&self, other: &ManifestRow, extra: &[(usize, String)]) -> Vec<String> {
        let mut fields = Vec::new();
        if self.date != other.date {
            fields.push(DATE.to_string());
        }
        if self.conference != other.conference {
            fields.push(CONFERENCE.to_string());
        }
        let columns = extra.iter().zip(self.extra.iter().zip(&other.extra));
        fields.extend(columns.filter(|(_, (a, b))| a != b).map(|((_, name), _)| name.clone()));
        fields
    }
}

impl Manifest {
    pub fn load(path: &Path, diag: &mut Diagnostics) -> Result<Manifest> {
        if path.is_dir() {
            // (`--manifest` given the folder that holds it: the system's "Is a directory" said no more)
            let inside = path.join(MANIFEST_FILE);
            let fix = match inside.is_file() {
                true => format!("give the file itself, {}", inside.display()),
                false => format!("give a CSV file (columns path,delegation,...); this folder holds no {MANIFEST_FILE}"),
            };
            return Err(Error::bad_input(path, None, format!("a folder, where a manifest file is wanted (--manifest FILE)\n  fix: {fix}")));
        }
        let file = CsvText::read(path)?;
        let csv_error = |e: csv::Error| file.error(path, "CSV manifest", &e);
        let mut reader = file.reader();
        let headers = reader.headers().map_err(csv_error)?.clone();
        let names: Vec<&str> = headers.iter().map(str::trim).collect();
        for (i, name) in names.iter().enumerate() {
            let bad = |message: String| Err(Error::bad_input(path, Some(1), message));
            if name.is_empty() {
                return bad(format!("column {} of the header has no name: name it", i + 1));
            }
            if let Some(first) = names[..i].iter().position(|n| n == name) {
                return bad(format!("the header names {name:?} twice (columns {} and {}): rename one", first + 1, i + 1));
            }
        }
        let column = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
        let Some(path_col) = column(PATH) else {
            return Err(Error::bad_input(
                path,
                Some(1),
                "the header has no `path` column (expected path,delegation,date,conference)",
            ));
        };
        let (delegation_col, date_col, conference_col) =
            (column(DELEGATION), column(DATE), column(CONFERENCE));
        if delegation_col.is_none() {
            if let Some(lookalike) = names.iter().find(|n| DELEGATION_LOOKALIKES.iter().any(|l| n.eq_ignore_ascii_case(l))) {
                diag.warn(
                    path,
                    format!(
                        "no `delegation` column, so every record it lists is read as reported speech; if its column \
                         {lookalike:?} names who speaks in each record, rename it `delegation`"
                    ),
                );
            }
        }
        let extra: Vec<(usize, String)> = names
            .iter()
            .enumerate()
            .filter(|(_, name)| !KNOWN_COLUMNS.iter().any(|known| name.eq_ignore_ascii_case(known)))
            .map(|(i, name)| (i, name.to_string()))
            .collect();

        let root = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let mut rows = BTreeMap::new();
        for record in reader.records() {
            let record = record.map_err(csv_error)?;
            let line = record.position().map_or(0, |p| file.line(p));
            let field = |col: Option<usize>| {
                col.and_then(|c| record.get(c))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
            };
            let Some(rel) = field(Some(path_col)) else {
                diag.warn(path, format!("line {line}: empty `path`, row ignored"));
                continue;
            };
            let file = root.join(&rel);
            let Ok(canonical) = file.canonicalize() else {
                diag.warn(path, format!("line {line}: {rel} does not exist (a path is relative to the manifest's folder), row ignored"));
                continue;
            };
            let mut date = field(date_col);
            if let Some(d) = &date {
                if !is_iso_date(d) {
                    diag.warn(path, format!("line {line}: date {d:?} is not YYYY-MM-DD, ignored"));
                    date = None;
                }
            }
            let row = ManifestRow {
                delegations: field(delegation_col).into_iter().collect(),
                date,
                conference: field(conference_col),
                extra: extra.iter().map(|&(i, _)| field(Some(i)).unwrap_or_default()).collect(),
            };
            let Some((_, first)) = rows.get_mut(&canonical) else {
                rows.insert(canonical, (rel.replace('\\', "/"), row));
                continue;
            };
            match row.delegations.first() {
                Some(signatory) if !first.delegations.is_empty() && !first.delegations.contains(signatory) => {
                    let differing = first.differing_fields(&row, &extra);
                    if differing.is_empty() {
                        first.delegations.push(signatory.clone());
                    } else {
                        diag.warn(
                            path,
                            format!(
                                "line {line}: {rel} is listed before with another {}: the rows of a record listed once per \
                                 delegation (a joint statement) must agree on all but the delegation; row ignored",
                                differing.join(", ")
                            ),
                        );
                    }
                }
                Some(signatory) => diag.warn(path, format!("line {line}: {rel} is listed twice for {signatory}, first row kept")),
                None => diag.warn(path, format!("line {line}: {rel} is listed twice, first row kept")),
            }
        }
        let manifest = Manifest {
            root,
            extra_columns: extra.into_iter().map(|(_, name)| name).collect(),
            rows,
        };
        manifest.warn_of_names_across_categories(path, diag);
        Ok(manifest)
    }

    /// One delegation name at one conference is one row of the stance table, however many
    /// records give it. Where those records' rows differ in a category column, the name likely
    /// stands for several authors (NETmundial's three anonymous "Independent Researcher"
    /// contributions, of three sectors), and the row would merge what they say into one stance,
    /// perhaps a `mixed` that none of them took: said once, with the names and the fix.
    fn warn_of_names_across_categories(&self, path: &Path, diag: &mut Diagnostics) {
        let categories = self.category_columns();
        if categories.is_empty() {
            return;
        }
        let mut records_of: BTreeMap<(String, &str), Vec<(&str, &ManifestRow)>> = BTreeMap::new();
        for (rel, row) in self.rows.values() {
            let conference = row.conference.clone().unwrap_or_else(|| conference_from_folder(&self.root.join(rel)));
            for delegation in &row.delegations {
                records_of.entry((conference.clone(), delegation)).or_default().push((rel, row));
            }
        }
        let across: Vec<String> = records_of
            .iter()
            .filter_map(|((conference, delegation), records)| {
                let differing: Vec<String> = categories
                    .iter()
                    .filter(|&&i| records.iter().filter_map(|(_, row)| row.category(i)).collect::<BTreeSet<_>>().len() > 1)
                    .map(|&i| {
                        let each: Vec<String> = records.iter().map(|(rel, row)| format!("{rel} {}", row.extra[i])).collect();
                        format!("{}: {}", self.extra_columns[i], each.join(", "))
                    })
                    .collect();
                (!differing.is_empty()).then(|| format!("{delegation:?} at {conference} ({})", differing.join("; ")))
            })
            .collect();
        if across.is_empty() {
            return;
        }
        diag.warn(
            path,
            format!(
                "{} delegation name(s) given to records whose rows differ in a category, each one row of the stance \
                 table that merges what its records say: {}; if a name stands for different authors, give each \
                 its own delegation name (e.g. the name and the file's number)",
                across.len(),
                first_and_more(&across, MERGED_NAMED, "; ", None)
            ),
        );
    }

    /// The positions in [`ManifestRow::extra`] of the columns whose values repeat enough to be
    /// categories ([`ROWS_PER_CATEGORY`]).
    fn category_columns(&self) -> Vec<usize> {
        (0..self.extra_columns.len())
            .filter(|&i| {
                let values: Vec<String> = self.rows.values().filter_map(|(_, row)| row.category(i)).collect();
                let distinct = values.iter().collect::<BTreeSet<_>>().len();
                distinct > 1 && distinct * ROWS_PER_CATEGORY <= values.len()
            })
            .collect()
    }

    /// The columns beyond `path`, `delegation`, `date` and `conference`, in the file's order.
    pub fn extra_columns(&self) -> &[String] {
        &self.extra_columns
    }

    /// The row for a record, if the manifest lists it.
    pub fn row_for(&self, file: &Path) -> Option<&ManifestRow> {
        let canonical = file.canonicalize().ok()?;
        self.rows.get(&canonical).map(|(_, row)| row)
    }

    /// The records the manifest lists, for a run given only `--manifest`.
    pub fn files(&self, diag: &mut Diagnostics) -> Vec<FoundFile> {
        let mut files = Vec::new();
        for (rel, _) in self.rows.values() {
            let path = self.root.join(rel);
            if std::fs::metadata(&path).is_ok_and(|meta| !meta.is_file()) {
                diag.skip(&path, NOT_A_REGULAR_FILE);
            } else if is_record(&path) {
                files.push(FoundFile {
                    id: rel.clone(),
                    path,
                });
            } else {
                diag.skip(&path, NOT_A_RECORD);
            }
        }
        files.sort();
        files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record a manifest lists that is a named pipe is named and skipped, never opened: with
    /// `--manifest` alone, the listed files were read as they were, and a pipe waited for ever.
    #[test]
    fn a_listed_pipe_is_named_and_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("speech.txt"), "Text.").unwrap();
        assert!(std::process::Command::new("mkfifo").arg(dir.path().join("piped.txt")).status().unwrap().success());
        let manifest = dir.path().join(MANIFEST_FILE);
        std::fs::write(&manifest, "path,delegation\nspeech.txt,China\npiped.txt,Brazil\n").unwrap();
        let mut diag = Diagnostics::default();
        let files = Manifest::load(&manifest, &mut diag).unwrap().files(&mut diag);
        let ids: Vec<&str> = files.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["speech.txt"]);
        let skipped = diag.skipped();
        assert!(skipped.iter().any(|(p, why)| p.ends_with("piped.txt") && why.contains("not a regular file")), "{skipped:?}");
    }
}
