//! `eval_sentences.csv`: every scored annotation beside the trained heads' held-out answer for
//! it. The sentence figures say how often the heads are wrong; this table says on which
//! sentences, with what a reader needs to see why: the record, the delegation, the sentence
//! before it (the scope's context), whether the scope lets it count, and the fold that held it
//! out. The side studies under `notebooks/` read their data from it.

use super::examples::Examples;
use super::scoring::{Place, Scoring};
use crate::aggregate;
use crate::axes::Axes;
use crate::error::Result;
use crate::evaluate::{FOLD, GENRE};
use crate::labels::Genres;
use crate::output::column::{self, CONFERENCE, DELEGATION, DOC, IN_SCOPE, TEXT};
use crate::types::{AxisProbs, Side};
use polars::prelude::*;

/// The file `stance eval` writes the table to, in its output folder.
pub const EVAL_SENTENCES_CSV: &str = "eval_sentences.csv";

const PREVIOUS: &str = "previous";

/// The columns this table adds to the statement table's (an axis may not take their names).
pub const SENTENCE_TABLE_COLUMNS: [&str; 3] = [GENRE, FOLD, PREVIOUS];

/// The column with the annotation of a sentence on `axis` (a pole, `none` or `both`; empty where
/// the sentence is not annotated on it): `governance_truth`.
fn truth(axis: &str) -> String {
    format!("{axis}_truth")
}

/// The table: a row per scored example, in the order of the annotations. Per axis, the
/// annotation, then the heads' answer as the sentence figures score it: for a sentence in scope
/// its most probable label (the [`column::label`] column, as in the statement table) and the
/// probabilities ([`column::prob`]); for one out of scope `none` and no probabilities, since a
/// run never classifies it.
pub fn sentence_table(
    axes: &Axes,
    data: &Examples,
    scoring: &Scoring,
    genres: &Genres,
    fold_of: Option<&[usize]>,
    predictions: &[Vec<AxisProbs>],
) -> Result<DataFrame> {
    let scored = data.scored();
    let place = |f: fn(&Place) -> &str| -> Vec<&str> {
        scoring.places.iter().map(|p| p.as_ref().map_or("", f)).collect()
    };
    let mut columns = vec![
        Column::new(CONFERENCE.into(), place(|p| &p.conference)),
        Column::new(DOC.into(), scored.iter().map(|s| s.doc.as_str()).collect::<Vec<_>>()),
        Column::new(DELEGATION.into(), place(|p| &p.delegation)),
        Column::new(GENRE.into(), scored.iter().map(|s| genres.of(&s.doc)).collect::<Vec<_>>()),
        // empty when the heads were trained on other files (`--train-on`)
        Column::new(FOLD.into(), (0..scored.len()).map(|i| fold_of.map(|f| f[i] as u32)).collect::<Vec<_>>()),
        Column::new(IN_SCOPE.into(), scoring.in_scope.clone()),
        Column::new(PREVIOUS.into(), place(|p| &p.previous)),
        Column::new(TEXT.into(), scored.iter().map(|s| s.text.as_str()).collect::<Vec<_>>()),
    ];
    for (a, axis) in axes.axes.iter().enumerate() {
        let answer = |i: usize| scoring.in_scope[i].then_some(predictions[a][i]);
        let gold: Vec<Option<&str>> = scored.iter().map(|s| s.labels[a].map(|g| axis.gold_label(g))).collect();
        columns.push(Column::new(truth(&axis.name).into(), gold));
        let decided: Vec<&str> = (0..scored.len()).map(|i| axis.label(answer(i).map_or(Side::None, |p| p.side()))).collect();
        columns.push(Column::new(column::label(&axis.name).into(), decided));
        let answers: Vec<Option<AxisProbs>> = (0..scored.len()).map(answer).collect();
        columns.extend(aggregate::probability_columns(axis, &answers));
    }
    Ok(DataFrame::new(scored.len(), columns)?)
}
