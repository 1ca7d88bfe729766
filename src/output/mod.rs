//! The bottom floor every command writes through: files written whole or not at all, the
//! formats of a run's tables, their names and columns ([`column`]), a run's provenance
//! ([`RunProvenance`]), a run's tables read back, checked ([`RunTables`]), and the report's file
//! names with the removal of an earlier run's files ([`folder`]).
//!
//! Every file goes to a temporary file beside its destination and is renamed over it, so an
//! interrupted run never leaves a half-written CSV where a good one stood; the files of one
//! run, or of one report, are all written so ([`Staged`]) before any is renamed, so a failure
//! leaves the earlier ones as they were.
//!
//! Invariants: nothing here knows about a pipeline stage; every stage and command may import
//! it, and it imports only `error`, `axes` (to check a run's columns against the axes),
//! `types` and `progress` (a long list in a note named in part).

pub mod column;
pub mod folder;
mod format;
mod provenance;
mod run_tables;

pub use format::{write_csv, TableFormat, TableWriter};
pub use provenance::{InputNote, RunProvenance, RUN_FILE};
pub use run_tables::{statement_columns, RunTables};

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `text` to `path`, atomically.
pub fn write_text(path: &Path, text: &str) -> Result<()> {
    stage_text(path, text)?.commit().map(drop)
}

/// Writes `text` beside `path`, to be put in place by [`Staged::commit`].
pub fn stage_text(path: &Path, text: &str) -> Result<Staged> {
    stage_with_writer(path, |file| file.write_all(text.as_bytes()))
}

/// Refuses an `--out` that is a file, the way [`prepare_out_dir`] does, for a command that
/// creates the folder only at its end (`stance train`, after minutes of fitting).
pub fn refuse_file_as_out_dir(dir: &Path) -> Result<()> {
    if std::fs::metadata(dir).is_ok_and(|meta| !meta.is_dir()) {
        // create_dir_all's own "File exists" would send the user to the folder's permissions.
        return Err(Error::bad_input(
            dir,
            None,
            "a file, where the outputs need a folder\n  fix: give --out a folder (it is created if need be)",
        ));
    }
    Ok(())
}

/// Creates `dir` if needed, or says clearly why it cannot be written to.
pub fn prepare_out_dir(dir: &Path) -> Result<()> {
    refuse_file_as_out_dir(dir)?;
    std::fs::create_dir_all(dir).map_err(|source| Error::Output {
        path: dir.to_path_buf(),
        source,
    })
}

/// A file written whole to a temporary path beside its destination, not yet in place. A command
/// whose files belong together (a run's tables and its `run.json`) stages them all, then commits
/// them: a failure while writing any of them (a full disk, a folder where a table goes) leaves
/// every earlier file as it was, where it used to leave new tables beside the earlier run's
/// `run.json` and report. Dropped uncommitted, it removes its temporary file.
pub struct Staged {
    tmp: PathBuf,
    path: PathBuf,
    committed: bool,
}

impl Staged {
    /// `tmp`, written or to be written, to go in place of `path`; refused (and `tmp` removed)
    /// when a folder stands at `path`, which only the rename would have found, once every other
    /// file was in place.
    fn in_place_of(tmp: PathBuf, path: &Path) -> Result<Self> {
        let staged = Staged { tmp, path: path.to_path_buf(), committed: false };
        if path.is_dir() {
            return Err(Error::bad_input(
                path,
                None,
                "a folder, where a file is to be written\n  fix: move the folder away, or write elsewhere (--out)",
            ));
        }
        Ok(staged)
    }

    /// The name of the file it will be.
    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned())
    }

    /// Puts the file in place; returns its path.
    pub fn commit(mut self) -> Result<PathBuf> {
        std::fs::rename(&self.tmp, &self.path).map_err(|source| Error::Output { path: self.path.clone(), source })?;
        self.committed = true;
        Ok(std::mem::take(&mut self.path))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Stages `path` through a writer that insists on a path of its own (a plotting backend):
/// `write` is given the temporary path beside `path` ([`temp_path`]) that
/// [`Staged::commit`] renames over `path`; it is removed if anything fails.
pub fn stage_through_temp(path: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<Staged> {
    let staged = Staged::in_place_of(temp_path(path), path)?;
    write(&staged.tmp)?;
    Ok(staged)
}

fn stage_with_writer(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<Staged> {
    let staged = Staged::in_place_of(temp_path(path), path)?;
    let written = (|| {
        let mut writer = std::io::BufWriter::new(std::fs::File::create(&staged.tmp)?);
        write(&mut writer)?;
        writer.flush()?;
        writer.get_ref().sync_all()
    })();
    written.map_err(|source| Error::Output {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(staged)
}

/// A temporary file beside `path`, unique to this process, with `path`'s extension last (a
/// writer may choose the format by it): `stances.tmp-123.csv`.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_stem().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".tmp-{}", std::process::id()));
    if let Some(extension) = path.extension() {
        name.push(".");
        name.push(extension);
    }
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_through_a_temporary_path_replaces_the_old_one_only_when_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("map.png");
        std::fs::write(&path, "old").unwrap();
        let failed = stage_through_temp(&path, |tmp| {
            assert_eq!(tmp.extension().and_then(|e| e.to_str()), Some("png"), "{}", tmp.display());
            std::fs::write(tmp, "half").unwrap();
            Err(Error::Plot("interrupted".into()))
        });
        assert!(failed.is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["map.png"], "no temporary file is left behind");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let staged = stage_through_temp(&path, |tmp| std::fs::write(tmp, "new").map_err(|e| Error::io(tmp, e))).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old", "in place only once committed");
        staged.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }
}
