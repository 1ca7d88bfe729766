//! The file formats of a run's three tables: CSV (the default, for spreadsheets and eyes) and
//! Parquet (`--format parquet`, for large runs: typed columns, compressed, several times
//! smaller, and read back without guessing types). Everything that reads a run's tables back
//! (`stance report`, `stance suggest`) finds them here, in whichever format the run wrote.

use super::write_atomically;
use crate::error::{Error, Result};
use polars::prelude::*;
use std::path::{Path, PathBuf};

/// Floats in CSV are written with this many decimals: enough for the probabilities, and the
/// same digits on every run.
const FLOAT_DECIMALS: usize = 4;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    #[default]
    Csv,
    Parquet,
}

impl TableFormat {
    pub const ALL: [TableFormat; 2] = [TableFormat::Csv, TableFormat::Parquet];

    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Parquet => "parquet",
        }
    }

    /// The file of table `stem` (e.g. "statements") in `dir`.
    pub fn path(self, dir: &Path, stem: &str) -> PathBuf {
        dir.join(format!("{stem}.{}", self.extension()))
    }

    /// Writes `df` to `path` in this format, atomically (see [`write_atomically`]).
    pub fn write(self, df: &mut DataFrame, path: &Path) -> Result<()> {
        write_atomically(path, |file| {
            let written = match self {
                TableFormat::Csv => CsvWriter::new(file)
                    .include_header(true)
                    .with_float_precision(Some(FLOAT_DECIMALS))
                    .finish(df),
                TableFormat::Parquet => ParquetWriter::new(file).finish(df).map(drop),
            };
            written.map_err(|e| std::io::Error::other(e.to_string()))
        })
    }
}

/// Writes `df` as UTF-8 CSV with a header row to `path`, atomically.
pub fn write_csv(df: &mut DataFrame, path: &Path) -> Result<()> {
    TableFormat::Csv.write(df, path)
}

/// Reads table `stem` of the run whose output folder is `dir`, in the format it was written in.
/// `csv_types` fixes the CSV columns whose type must not be guessed (a score column that is
/// empty throughout is still a number); Parquet keeps its types.
pub fn read_run_table(dir: &Path, stem: &str, csv_types: &[Field]) -> Result<DataFrame> {
    let (path, format) = locate(dir, stem)?;
    let bad = |e: PolarsError| Error::bad_input(&path, None, format!("not a table `stance run` wrote: {e}"));
    match format {
        TableFormat::Csv => CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(Some(10_000))
            .with_schema_overwrite(Some(Arc::new(Schema::from_iter(csv_types.iter().cloned()))))
            .try_into_reader_with_file_path(Some(path.clone()))
            .and_then(|reader| reader.finish())
            .map_err(bad),
        TableFormat::Parquet => {
            let file = std::fs::File::open(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
            ParquetReader::new(file).finish().map_err(bad)
        }
    }
}

/// Where table `stem` of the run in `dir` is. Exactly one format must be there: a folder that
/// holds both was written by two runs, and which one is meant cannot be guessed.
fn locate(dir: &Path, stem: &str) -> Result<(PathBuf, TableFormat)> {
    let present: Vec<(PathBuf, TableFormat)> = TableFormat::ALL
        .into_iter()
        .map(|format| (format.path(dir, stem), format))
        .filter(|(path, _)| path.is_file())
        .collect();
    match present.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::bad_input(
            TableFormat::Csv.path(dir, stem),
            None,
            "not found (nor its .parquet): point --from at the output folder of a `stance run` (its --out)",
        )),
        _ => Err(Error::bad_input(
            TableFormat::Parquet.path(dir, stem),
            None,
            format!(
                "{stem}.csv is there too, from another run: remove the one you don't mean, or run into a fresh --out"
            ),
        )),
    }
}
