//! Stage 6: writing the outputs. Files are written whole or not at all: each goes to a temporary
//! file beside its destination and is renamed over it, so an interrupted run never leaves a
//! half-written CSV where a good one stood. `stance report`'s pictures (`chart`), page (`page`)
//! and the tables it derives from a run's CSVs (`tables`) live here too.

pub mod chart;
pub mod page;
pub mod tables;

use crate::error::{Error, Result};
use polars::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Floats are written with this many decimals: enough for the probabilities, and the same
/// digits on every run.
const FLOAT_DECIMALS: usize = 4;

pub const STATEMENTS_CSV: &str = "statements.csv";
pub const STANCES_CSV: &str = "stances.csv";
pub const STANCES_WIDE_CSV: &str = "stances_wide.csv";
pub const DRIFT_CSV: &str = "drift.csv";
pub const REPORT_HTML: &str = "report.html";
pub const STANCE_MAP: &str = "stance_map";

/// Writes `df` as UTF-8 CSV with a header row to `path`, atomically.
pub fn write_csv(df: &mut DataFrame, path: &Path) -> Result<()> {
    write_atomically(path, |file| {
        CsvWriter::new(file)
            .include_header(true)
            .with_float_precision(Some(FLOAT_DECIMALS))
            .finish(df)
            .map_err(|e| std::io::Error::other(e.to_string()))
    })
}

/// Writes `text` to `path`, atomically.
pub fn write_text(path: &Path, text: &str) -> Result<()> {
    write_atomically(path, |file| file.write_all(text.as_bytes()))
}

/// Creates `dir` if needed, or says clearly why it cannot be written to.
pub fn prepare_out_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Output {
        path: dir.to_path_buf(),
        source,
    })
}

fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<()> {
    let output_error = |source| Error::Output {
        path: path.to_path_buf(),
        source,
    };
    let tmp = temp_path(path);
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut writer = std::io::BufWriter::new(file);
        write(&mut writer)?;
        writer.flush()?;
        writer.get_ref().sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(output_error)
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}
