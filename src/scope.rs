//! Stage 4: which sentences can count. Lays the attributed statements out as the run's
//! sentence rows, in output order, and decides each row's scope: whether it is about what the
//! axes are about (`[scope]` in `models/axes.toml`). Only sentences in scope can ever take a
//! side in the stance tables, so a speech on Security Council reform is never read as a stance
//! on the UN's cyber role. The rows are built once, here, and handed to embedding,
//! classification and aggregation as they are.
//!
//! Invariants: every sentence of every statement becomes one row (a sentence of a joint
//! statement once per delegation), in document then statement order; scope depends only on the
//! statement's own sentences, never on another statement or record.

use crate::axes::Axes;
use crate::types::{AttributedDocument, SentenceRow};

/// The sentences of all statements of `docs`, statements numbered from `first_statement`, each
/// with its scope.
pub fn sentence_rows<'a>(docs: &'a [AttributedDocument], axes: &Axes, first_statement: u32) -> Vec<SentenceRow<'a>> {
    let mut rows = Vec::new();
    let mut statement = first_statement;
    for attributed in docs {
        for st in &attributed.statements {
            let in_scope = st.sentences.iter().any(|s| axes.scope.is_match(&s.text));
            for sentence in &st.sentences {
                rows.push(SentenceRow {
                    doc: &attributed.doc,
                    number: statement,
                    statement: st,
                    sentence,
                    in_scope,
                });
            }
            statement += 1;
        }
    }
    rows
}
