//! One module per command: each loads what its stages need, runs them in order and reports what
//! happened. The stages' work is in their own modules; nothing here is imported by them.

pub mod bench;
mod classifier;
mod learn;
pub mod report;
pub mod run;
pub mod suggest;

pub use learn::{eval, train};

use crate::axes::Axes;
use crate::error::{Error, Result};
use crate::output::column;
use std::path::Path;

/// The axis configuration of a command that writes tables: an axis may not take the name of one
/// of their own columns, since its label column is named after it ([`column::label`]); the
/// statement and stance tables' columns, and those `stance eval` adds to `eval_sentences.csv`.
/// Refused here, with the file and the fix, before any work; polars would refuse the table much
/// later with a bare "duplicate".
fn load_axes(path: &Path) -> Result<Axes> {
    let axes = Axes::load(path)?;
    let own = || column::STATEMENT_COLUMNS.iter().chain(&column::STANCE_COLUMNS).chain(&learn::SENTENCE_TABLE_COLUMNS);
    match axes.axes.iter().find(|axis| own().any(|name| *name == axis.name)) {
        Some(axis) => Err(Error::bad_input(
            path,
            None,
            format!("axis name {:?} is also the name of one of the tables' own columns: rename the axis", axis.name),
        )),
        None => Ok(axes),
    }
}
