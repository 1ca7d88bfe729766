//! The statement table: a row per sentence of every statement.

use crate::axes::{Axes, Axis};
use crate::error::Result;
use crate::output::column::{self, *};
use crate::types::{AxisProbs, SentenceRow, Side};
use polars::prelude::*;

/// The statement table of `rows`, with the manifest's `extra` columns (every document's
/// `extra` values, in that order). `probs[axis][row]` are the classifier's answers for `rows`,
/// `None` for a sentence that was not classified (out of scope): its label and probabilities
/// are left empty.
pub fn statement_table<'a>(
    rows: &[SentenceRow<'a>],
    axes: &Axes,
    extra: &[String],
    probs: &[Vec<Option<AxisProbs>>],
) -> Result<DataFrame> {
    // Borrowed: the column copies the rows' strings once, with no String per cell on the way.
    let text_col = |name: &str, f: &dyn for<'r> Fn(&'r SentenceRow<'a>) -> &'r str| {
        Column::new(name.into(), rows.iter().map(f).collect::<Vec<&str>>())
    };
    let u32_col = |name: &str, f: &dyn Fn(&SentenceRow) -> u32| {
        Column::new(name.into(), rows.iter().map(f).collect::<Vec<u32>>())
    };
    let mut columns = vec![
        text_col(CONFERENCE, &|r| &r.doc.source.conference),
        text_col(DATE, &|r| r.doc.source.date.as_deref().unwrap_or(NO_DATE)),
        text_col(DOC, &|r| &r.doc.source.id),
        text_col(DELEGATION, &|r| &r.statement.delegation),
        text_col(SPEAKER_DELEGATION, &|r| &r.statement.speaker_delegation),
        text_col(ON_BEHALF_OF, &|r| &r.statement.on_behalf_of),
        text_col(SPEAKER, &|r| &r.statement.speaker),
    ];
    for (i, name) in extra.iter().enumerate() {
        columns.push(text_col(name, &|r| r.doc.source.extra.get(i).map_or("", String::as_str)));
    }
    columns.extend([
        u32_col(STATEMENT, &|r| r.number),
        u32_col(SENTENCE, &|r| r.sentence.index as u32),
        u32_col(CHAR_START, &|r| r.sentence.char_start as u32),
        u32_col(CHAR_END, &|r| r.sentence.char_end as u32),
        text_col(TEXT, &|r| &r.sentence.text),
        Column::new(IN_SCOPE.into(), rows.iter().map(|r| r.in_scope).collect::<Vec<bool>>()),
    ]);
    for (axis, axis_probs) in axes.axes.iter().zip(probs) {
        let labels: Vec<Option<&str>> = axis_probs.iter().map(|p| p.map(|p| axis.label(p.side()))).collect();
        columns.push(Column::new(column::label(&axis.name).into(), labels));
        columns.extend(probability_columns(axis, axis_probs));
    }
    Ok(DataFrame::new(rows.len(), columns)?)
}

/// The probability columns of `axis` ([`column::prob`], a class each in `Side::ALL` order) for
/// answers that may be missing (a sentence that was not classified): the statement table's,
/// and `stance eval`'s table of annotated sentences.
pub fn probability_columns(axis: &Axis, answers: &[Option<AxisProbs>]) -> [Column; 3] {
    Side::ALL.map(|side| {
        let values: Vec<Option<f32>> = answers.iter().map(|p| p.map(|p| p.of(side))).collect();
        Column::new(prob(&axis.name, axis.label(side)).into(), values)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The writer spells its columns one by one; the reader and the manifest check use
    /// [`crate::output::statement_columns`]. They must name the same columns in the
    /// same order, or a run's own statement table would be refused when read back.
    #[test]
    fn the_writer_writes_the_columns_the_reader_expects() {
        let axes = Axes::load(&crate::resources::locate(crate::resources::AXES)).unwrap();
        let no_probs = vec![Vec::new(); axes.axes.len()];
        let table = statement_table(&[], &axes, &[], &no_probs).unwrap();
        let written: Vec<String> = table.get_column_names().iter().map(|name| name.to_string()).collect();
        let expected: Vec<String> =
            crate::output::statement_columns(&axes).iter().map(|field| field.name().to_string()).collect();
        assert_eq!(written, expected);
    }
}
