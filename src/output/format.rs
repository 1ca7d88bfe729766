//! The file formats of a run's three tables: CSV (the default, for spreadsheets and eyes) and
//! Parquet (`--format parquet`, for large runs: typed columns, compressed, several times
//! smaller, and read back without guessing types). Everything that reads a run's tables back
//! (`stance report`, `stance suggest`) finds them here, in whichever format the run wrote.

use super::{temp_path, Staged};
use crate::error::{Error, Result};
use polars::io::csv::write::BatchedWriter as CsvBatchedWriter;
use polars::io::parquet::write::BatchedWriter as ParquetBatchedWriter;
use polars::prelude::*;
use std::fs::File;
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

    /// The file name of table `stem` (e.g. "statements").
    pub fn file_name(self, stem: &str) -> String {
        format!("{stem}.{}", self.extension())
    }

    /// The file of table `stem` in `dir`.
    pub fn path(self, dir: &Path, stem: &str) -> PathBuf {
        dir.join(self.file_name(stem))
    }

    /// Writes `df` to `path` in this format, atomically (see [`TableWriter`]).
    pub fn write(self, df: &mut DataFrame, path: &Path) -> Result<()> {
        self.stage(df, path)?.commit().map(drop)
    }

    /// Writes `df` beside `path` in this format, to be put in place by [`Staged::commit`].
    pub fn stage(self, df: &mut DataFrame, path: &Path) -> Result<Staged> {
        let mut writer = TableWriter::at(self, path.to_path_buf());
        writer.write(df)?;
        writer.stage()
    }
}

/// A table written a batch of rows at a time (a run's statement table, conference by
/// conference), to a temporary file beside its destination that [`TableWriter::stage`] completes
/// and [`Staged::commit`] renames into place: like every output, whole or not at all. Dropped
/// unfinished, it removes the temporary file.
pub struct TableWriter {
    format: TableFormat,
    path: PathBuf,
    /// Opened with the first batch, whose schema the file takes.
    open: Option<OpenTable>,
}

struct OpenTable {
    tmp: PathBuf,
    /// The file, for `sync_all` once the batched writer (which owns a handle too) is done.
    file: File,
    batches: Batches,
}

enum Batches {
    Csv(CsvBatchedWriter<File>),
    // Boxed: the Parquet writer is several times the size of the CSV one.
    Parquet(Box<ParquetBatchedWriter<File>>),
}

impl TableWriter {
    /// Table `stem` of a run whose output folder is `dir`.
    pub fn new(format: TableFormat, dir: &Path, stem: &str) -> Self {
        Self::at(format, format.path(dir, stem))
    }

    fn at(format: TableFormat, path: PathBuf) -> Self {
        Self { format, path, open: None }
    }

    /// Appends `batch`'s rows (rechunking it if need be). Every batch must have the first
    /// one's columns.
    pub fn write(&mut self, batch: &mut DataFrame) -> Result<()> {
        batch.align_chunks();
        let written = match &mut self.open {
            Some(open) => open.batches.write(batch),
            None => self.open(batch).and_then(|open| open.batches.write(batch)),
        };
        written.map_err(|e| self.error(std::io::Error::other(e.to_string())))
    }

    /// Completes the file beside its destination, to be put in place by [`Staged::commit`].
    pub fn stage(mut self) -> Result<Staged> {
        let Some(open) = self.open.take() else {
            return Err(self.error(std::io::Error::other("no rows were written")));
        };
        let OpenTable { tmp, file, batches } = open;
        let staged = Staged::in_place_of(tmp, &self.path)?;
        batches
            .finish()
            .map_err(|e| std::io::Error::other(e.to_string()))
            .and_then(|()| file.sync_all())
            .map_err(|e| self.error(e))?;
        Ok(staged)
    }

    fn open(&mut self, first: &DataFrame) -> PolarsResult<&mut OpenTable> {
        let tmp = temp_path(&self.path);
        let file = File::create(&tmp)?;
        let handle = file.try_clone()?;
        let schema = first.schema();
        let batches = match self.format {
            TableFormat::Csv => Batches::Csv(
                CsvWriter::new(handle)
                    .include_header(true)
                    .with_float_precision(Some(FLOAT_DECIMALS))
                    .batched(schema)?,
            ),
            TableFormat::Parquet => Batches::Parquet(Box::new(ParquetWriter::new(handle).batched(schema)?)),
        };
        Ok(self.open.insert(OpenTable { tmp, file, batches }))
    }

    fn error(&self, source: std::io::Error) -> Error {
        Error::Output {
            path: self.path.clone(),
            source,
        }
    }
}

impl Batches {
    fn write(&mut self, batch: &DataFrame) -> PolarsResult<()> {
        match self {
            Batches::Csv(writer) => writer.write_batch(batch),
            Batches::Parquet(writer) => writer.write_batch(batch),
        }
    }

    fn finish(self) -> PolarsResult<()> {
        match self {
            Batches::Csv(mut writer) => writer.finish(),
            Batches::Parquet(writer) => writer.finish().map(drop),
        }
    }
}

impl Drop for TableWriter {
    fn drop(&mut self) {
        if let Some(open) = self.open.take() {
            let _ = std::fs::remove_file(&open.tmp);
        }
    }
}

/// Writes `df` as UTF-8 CSV with a header row to `path`, atomically.
pub fn write_csv(df: &mut DataFrame, path: &Path) -> Result<()> {
    TableFormat::Csv.write(df, path)
}

/// Reads table `stem` of the run whose output folder is `dir`, in the format it was written in;
/// returns where it was found and the table. `csv_types` fixes the CSV columns whose type must
/// not be guessed (a score column that is empty throughout is still a number); Parquet keeps
/// its types.
pub(super) fn read_run_table(dir: &Path, stem: &str, csv_types: &[Field]) -> Result<(PathBuf, DataFrame)> {
    let (path, format) = locate(dir, stem)?;
    // (polars' own advice, on later lines, is about its options, not about what to do here)
    let bad = |e: PolarsError| {
        let e = e.to_string();
        let what = e.lines().next().unwrap_or_default();
        Error::bad_input(
            &path,
            None,
            format!("not a table `stance run` wrote: {what}\n  fix: it is damaged or was edited by hand: run `stance run` into this folder again"),
        )
    };
    let table = match format {
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
    }?;
    Ok((path, table))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(conference: &str, rows: std::ops::Range<u32>) -> DataFrame {
        let n = rows.len();
        df!(
            "conference" => vec![conference; n],
            "sentence" => rows.clone().collect::<Vec<u32>>(),
            "p" => rows.map(|r| f64::from(r) / 8.0).collect::<Vec<f64>>(),
        )
        .unwrap()
    }

    /// The folder's entries, by name: what a run leaves behind.
    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn batches_written_one_after_another_read_back_as_one_table_in_both_formats() {
        for format in TableFormat::ALL {
            let dir = tempfile::tempdir().unwrap();
            let (mut first, mut second) = (batch("a", 0..3), batch("b", 3..8));
            let mut writer = TableWriter::new(format, dir.path(), "statements");
            writer.write(&mut first).unwrap();
            writer.write(&mut second).unwrap();
            assert!(!format.path(dir.path(), "statements").exists(), "{format:?}: in place before commit");
            let path = writer.stage().unwrap().commit().unwrap();
            assert_eq!(entries(dir.path()), [format!("statements.{}", format.extension())]);

            let types = [Field::new("sentence".into(), DataType::UInt32)];
            let (_, read) = read_run_table(dir.path(), "statements", &types).unwrap();
            let expected = first.vstack(&second).unwrap();
            assert!(read.equals(&expected), "{format:?} {}:\n{read}\nexpected\n{expected}", path.display());
        }
    }

    #[test]
    fn a_writer_dropped_before_finish_leaves_nothing() {
        for format in TableFormat::ALL {
            let dir = tempfile::tempdir().unwrap();
            let mut writer = TableWriter::new(format, dir.path(), "statements");
            writer.write(&mut batch("a", 0..3)).unwrap();
            drop(writer);
            assert!(entries(dir.path()).is_empty(), "{format:?}: {:?}", entries(dir.path()));
        }
    }

    #[test]
    fn finishing_without_rows_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let error = TableWriter::new(TableFormat::Csv, dir.path(), "statements").stage().err().unwrap();
        assert!(error.to_string().contains("statements.csv"), "{error}");
    }
}
