//! What a run refuses before any record is read, and the error of one that found nothing to
//! read.

use crate::axes::Axes;
use crate::config::RunConfig;
use crate::error::{Error, Result, SEE_THE_WARNINGS};
use crate::output::{self, column};
use crate::progress::Diagnostics;
use std::path::{Path, PathBuf};

/// A member list given after `--propagate-coalitions` without `=` is taken by the flag parser for
/// a record (the flag's value is optional), and the shipped member lists were read in its place
/// without a word but a warning that told the user to save the file as a record.
pub(super) fn check_coalitions_file(config: &RunConfig) -> Result<()> {
    let Some(coalitions) = &config.resources.coalitions else {
        return Ok(());
    };
    match config.inputs.iter().find(|path| path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"))) {
        Some(list) if *coalitions == crate::resources::locate(crate::resources::COALITIONS) => Err(Error::Usage {
            what: format!(
                "{}: a member list given as a record: --propagate-coalitions takes its FILE only after `=`, so {} would be read",
                list.display(),
                coalitions.display()
            ),
            fix: format!("write --propagate-coalitions={}", list.display()),
        }),
        Some(list) => Err(Error::Usage {
            what: format!("{}: a member list given as a record (the member lists read are {})", list.display(), coalitions.display()),
            fix: format!("leave {} out of the records, or give it as --propagate-coalitions={0}", list.display()),
        }),
        None => Ok(()),
    }
}

/// The manifest's own columns may not take the name of one of the statement table's (its own or
/// an axis's; the axes' own names are checked as they load, `commands::load_axes`), and
/// `--group-by` (which needs a manifest) must name one of them that is not also a column of the
/// stance table it names the groups in.
pub(super) fn check_columns(config: &RunConfig, axes: &Axes, manifest: Option<&Path>, extra: &[String]) -> Result<()> {
    let Some(manifest) = manifest else {
        return match &config.group_by {
            Some(group) => Err(Error::Usage {
                what: format!("--group-by {group}: no manifest is read, so the records have no {group} column"),
                fix: "pass --manifest FILE, or give one folder or file with a manifest.csv in or above it that lists its records".into(),
            }),
            None => Ok(()),
        };
    };
    let reserved = output::statement_columns(axes);
    if let Some(clash) = extra.iter().find(|name| reserved.iter().any(|field| field.name() == name.as_str())) {
        return Err(Error::bad_input(
            manifest,
            Some(1),
            format!("column {clash:?} is one of the statement table's own (or an axis's): rename it"),
        ));
    }
    match &config.group_by {
        Some(group) if !extra.contains(group) => Err(Error::bad_input(
            manifest,
            Some(1),
            format!(
                "--group-by {group}: no such column (the manifest's own columns are: {})",
                if extra.is_empty() { "none".to_string() } else { extra.join(", ") }
            ),
        )),
        Some(group) if !names_a_file(group) => Err(Error::bad_input(
            manifest,
            Some(1),
            format!(
                "--group-by {group}: a column name that cannot name a file ({}.csv, beside the other tables): rename \
                 the manifest's column without / or \\",
                column::stances_by(group)
            ),
        )),
        Some(group) if column::STANCE_COLUMNS.contains(&group.as_str()) => Err(Error::bad_input(
            manifest,
            Some(1),
            format!("--group-by {group}: the stance table has a column of that name already: rename the manifest's"),
        )),
        _ => Ok(()),
    }
}

/// Whether `name` can name a file in the output folder as it is: no folder separator, which
/// would put the grouped table in a folder that may not exist, or outside `--out` ("x/../..").
fn names_a_file(name: &str) -> bool {
    !name.contains(['/', '\\', '\0'])
}

/// The error of a run that found no record to read: the warnings name the files skipped, if
/// any were; else the inputs held none, or none were given.
pub(super) fn no_readable_record(inputs: &[PathBuf], manifest: Option<&Path>, diag: &Diagnostics) -> Error {
    if diag.any() {
        return Error::nothing_to_do("no readable .txt, .md or .pdf record among the inputs", SEE_THE_WARNINGS);
    }
    let named: Vec<String> = inputs.iter().map(|input| input.display().to_string()).collect();
    Error::nothing_to_do(
        match (named.as_slice(), manifest) {
            ([], None) => "no PATH and no --manifest given".to_string(),
            ([], Some(manifest)) => format!("{} lists no record", manifest.display()),
            (_, _) => format!("no .txt, .md or .pdf file in {}", named.join(", ")),
        },
        "give the files or folders that hold the records, or --manifest with a row per record",
    )
}
