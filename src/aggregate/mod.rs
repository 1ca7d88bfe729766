//! Stage 7: from classified sentences to the tables analysts read, with polars.
//!
//! - the statement table ([`statement_table`]): a row per sentence of every statement, with
//!   its scope, and its label and probabilities on every axis;
//! - the stance table ([`stance_table`], long): a row per (conference, delegation, axis);
//! - the wide table ([`wide_table`]): a row per (conference, delegation), a label and a score
//!   column per axis.
//!
//! How a delegation's stance is computed (codebook, "Delegation stance"): the sentences of the
//! delegation that are in scope ([`crate::scope`]) and address the axis (most probable class
//! not "none") each give their share p_right / (p_left + p_right); their mean p gives the
//! score 2p - 1 in [-1, 1]; the 90% interval is Wilson's for p with n = the number of those
//! sentences, mapped the same way; the label is the left pole at score <= -1/3, the right pole
//! at >= 1/3, `mixed` between, and `not_addressed` when no sentence addresses the axis (then
//! score and interval are empty). The evidence is the sentence that most probably takes the
//! side the score leans to.
//!
//! Invariants: rows are sorted (conference, delegation, axis in config order), so the same input
//! gives the same tables; unattributed statements appear in the statement table only.

pub mod long;
mod stance;
mod statement;
mod wide;

pub use long::long_by_axis;
pub use stance::{group_stance_table, stance_table};
pub use statement::statement_table;
pub use wide::wide_table;

use crate::error::Result;
use polars::prelude::*;

/// Per-conference tables (each sorted, conferences in order) as one table.
pub fn concat_tables(tables: Vec<DataFrame>) -> Result<DataFrame> {
    let mut tables = tables.into_iter();
    let mut all = tables.next().unwrap_or_default();
    for table in tables {
        all.vstack_mut(&table)?;
    }
    all.align_chunks();
    Ok(all)
}
