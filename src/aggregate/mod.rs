//! Stage 7: from classified sentences to the tables analysts read, with polars.
//!
//! - the statement table ([`statement_table`]): a row per sentence of every statement, with
//!   its scope, and its label and probabilities on every axis;
//! - the stance table ([`stance_table`], long): a row per (conference, delegation, axis);
//! - the wide table ([`wide_table`]): a row per (conference, delegation), a label and a score
//!   column per axis;
//! - how many cells the stance table states, and how many on weak evidence ([`StatedCount`]),
//!   for the run's summary.
//!
//! How a delegation's stance is computed (codebook, "Delegation stance"), by the heads'
//! [`CellRule`](crate::types::CellRule): the delegation's sentences that are in scope
//! ([`crate::scope`]) and are evidence (most probable class a pole, with at least
//! `min_pole_probability`) each give their share p_right / (p_left + p_right); their mean p
//! gives the score 2p - 1 in [-1, 1]; the 90% interval is Wilson's for p with n = the number of
//! those sentences, mapped the same way; the label is `not_addressed` with fewer than
//! `min_sentences` of them (then score and interval are empty), else `mixed` when the score
//! lies within `mixed_within` of 0, else the pole it leans to. The evidence is the sentence
//! that most probably takes that side.
//!
//! Invariants: rows are sorted (conference, delegation, axis in config order), so the same input
//! gives the same tables; unattributed statements appear in the statement table only.

pub mod long;
mod stance;
mod statement;
mod wide;

pub use long::long_by_axis;
pub use stance::{group_stance_table, stance_table};
pub use statement::{probability_columns, statement_table};
pub use wide::wide_table;

use crate::axes::NOT_ADDRESSED_LABEL;
use crate::error::Result;
use crate::output::column::{EVIDENCE_PROBABILITY, LABEL};
use crate::types::is_weak_evidence;
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

/// How many cells of a stance table state a stance (a pole or `mixed`), and how many of those
/// rest on weak evidence (an evidence probability under [`WEAK_EVIDENCE`](crate::types::WEAK_EVIDENCE)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatedCount {
    pub stated: usize,
    pub weak: usize,
}

impl StatedCount {
    /// Counted from a long stance table ([`stance_table`]).
    pub fn of(stances: &DataFrame) -> Result<Self> {
        let labels = stances.column(LABEL)?.str()?;
        let probabilities = stances.column(EVIDENCE_PROBABILITY)?.f64()?;
        let mut count = StatedCount::default();
        for (label, probability) in labels.iter().zip(probabilities.iter()) {
            if label.is_some_and(|label| label != NOT_ADDRESSED_LABEL) {
                count.stated += 1;
                count.weak += usize::from(is_weak_evidence(probability));
            }
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::WEAK_EVIDENCE;

    #[test]
    fn stated_cells_and_those_on_weak_evidence_are_counted() {
        let stances = df!(
            LABEL => ["state_led", NOT_ADDRESSED_LABEL, "mixed", "free_flow"],
            EVIDENCE_PROBABILITY => [Some(0.55), None, Some(0.59), Some(WEAK_EVIDENCE)],
        )
        .unwrap();
        assert_eq!(StatedCount::of(&stances).unwrap(), StatedCount { stated: 3, weak: 2 }, "0.6 itself is not weak");
    }
}
