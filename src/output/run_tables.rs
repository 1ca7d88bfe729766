//! A run's tables read back, in whichever format the run wrote them, with every column the
//! reader relies on checked first, and every stance label: a folder from another version of
//! `stance`, a run made with other axes or a hand-edited table is refused with the file and the
//! missing column or wrong row, never a bare polars error or a cell silently left blank.

use super::column::{self, *};
use super::format::read_run_table;
use crate::axes::{Axes, CellLabel};
use crate::error::{Error, Result};
use crate::types::Side;
use polars::prelude::*;
use std::path::{Path, PathBuf};

/// The tables `stance run` wrote into one folder.
pub struct RunTables {
    pub statements: DataFrame,
    pub stances: DataFrame,
    pub wide: DataFrame,
    /// The file the wide table was read from (the page points readers to it).
    pub wide_path: PathBuf,
}

impl RunTables {
    /// The three tables of the run whose output folder is `dir`, made with `axes`.
    pub fn read(dir: &Path, axes: &Axes) -> Result<Self> {
        let (stances_path, stances) = read_checked(dir, STANCES, &stance_columns(), axes)?;
        check_cell_labels(&stances_path, &stances, axes)?;
        let (wide_path, wide) = read_checked(dir, STANCES_WIDE, &wide_columns(axes), axes)?;
        Ok(RunTables {
            statements: Self::statements(dir, axes)?,
            stances,
            wide,
            wide_path,
        })
    }

    /// The statement table alone (what `stance suggest` reads).
    pub fn statements(dir: &Path, axes: &Axes) -> Result<DataFrame> {
        Ok(read_checked(dir, STATEMENTS, &statement_columns(axes), axes)?.1)
    }
}

/// Every row of the stance table names one of `axes` and one of that axis's cell labels, so
/// that a hand-edited table with a mistyped label is refused here instead of drawn as a blank.
fn check_cell_labels(path: &Path, stances: &DataFrame, axes: &Axes) -> Result<()> {
    let rows = stances.column(AXIS)?.str()?.iter().zip(stances.column(LABEL)?.str()?.iter());
    for (row, (axis_name, label)) in rows.enumerate() {
        let (axis_name, label) = (axis_name.unwrap_or_default(), label.unwrap_or_default());
        let wrong = |why: String| Error::bad_input(path, None, format!("row {} after the header, axis {axis_name:?}: {why}", row + 1));
        let Some(axis) = axes.get(axis_name) else {
            return Err(wrong(format!(
                "no axis of that name; these axes are {}\n  fix: pass the --axes file the run used",
                axes.names().join(", ")
            )));
        };
        if CellLabel::from_table(label, axis).is_none() {
            let labels: Vec<&str> = CellLabel::ALL.iter().map(|l| l.name(axis)).collect();
            return Err(wrong(format!(
                "label {label:?} is none of {}\n  fix: correct the row, or run `stance run` again",
                labels.join(", ")
            )));
        }
    }
    Ok(())
}

/// Every column the statement table gives itself, whatever a manifest adds, with the type each
/// is read as: [`STATEMENT_COLUMNS`], then per axis its label column and a probability column
/// per class. What the reader requires, and the names a manifest column may not take.
pub fn statement_columns(axes: &Axes) -> Vec<Field> {
    let mut fields: Vec<Field> = STATEMENT_COLUMNS
        .iter()
        .map(|&name| {
            let dtype = match name {
                STATEMENT | SENTENCE | CHAR_START | CHAR_END => DataType::UInt32,
                IN_SCOPE => DataType::Boolean,
                _ => DataType::String,
            };
            Field::new(name.into(), dtype)
        })
        .collect();
    for axis in &axes.axes {
        fields.push(Field::new(column::label(&axis.name).into(), DataType::String));
        for side in Side::ALL {
            fields.push(Field::new(prob(&axis.name, axis.label(side)).into(), DataType::Float32));
        }
    }
    fields
}

/// The columns of the long stance table ([`STANCE_COLUMNS`]), with the type each is read as.
fn stance_columns() -> Vec<Field> {
    STANCE_COLUMNS
        .iter()
        .map(|&name| {
            let dtype = match name {
                SCORE | SCORE_LOW | SCORE_HIGH | EVIDENCE_PROBABILITY => DataType::Float64,
                N_STATEMENTS | N_SENTENCES | EVIDENCE_CHAR_START => DataType::UInt32,
                _ => DataType::String,
            };
            Field::new(name.into(), dtype)
        })
        .collect()
}

fn wide_columns(axes: &Axes) -> Vec<Field> {
    let mut fields = vec![
        Field::new(CONFERENCE.into(), DataType::String),
        Field::new(DELEGATION.into(), DataType::String),
    ];
    for axis in &axes.axes {
        fields.push(Field::new(column::label(&axis.name).into(), DataType::String));
        fields.push(Field::new(score(&axis.name).into(), DataType::Float64));
    }
    fields
}

/// Table `stem` of the run in `dir` and where it was read from, with each of `fields` present
/// and of its type.
fn read_checked(dir: &Path, stem: &str, fields: &[Field], axes: &Axes) -> Result<(PathBuf, DataFrame)> {
    let (path, table) = read_run_table(dir, stem, fields)?;
    let wrong = |why: String| -> Error { Error::bad_input(&path, None, why) };
    for field in fields {
        let Ok(found) = table.column(field.name()) else {
            return Err(wrong(format!(
                "no column {:?}: was it written by this version of `stance run`, with these axes ({})?\n  \
                 fix: point --from at a run's output folder, pass the --axes file that run used, or \
                 run `stance run` again (older versions wrote fewer columns)",
                field.name().as_str(),
                axes.names().join(", ")
            )));
        };
        if found.dtype() != field.dtype() {
            return Err(wrong(format!(
                "column {:?} holds {} where a `stance run` writes {}",
                field.name().as_str(),
                found.dtype(),
                field.dtype()
            )));
        }
    }
    Ok((path, table))
}
