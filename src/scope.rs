//! Stage 4: which sentences can count. Lays the attributed statements out as the run's
//! sentence rows, in output order, and decides each row's scope (codebook, "Scope: every axis
//! is about cyberspace"): a sentence names the subject when it matches the `[scope]` pattern of
//! `models/axes.toml`, or matches its ambiguous pattern ("surveillance", "espionage" ...) in a
//! statement that matches the pattern somewhere; it is in scope when it, or one of the `window`
//! sentences just before it in the same statement, names the subject. Only
//! sentences in scope are classified and can take a side in the stance tables, so the general
//! remarks of a long speech that mentions "digital" once are never read as stances on the UN's
//! cyber role. The rows are built once, here, and handed to embedding, classification and
//! aggregation as they are. It also counts, per record, the sentences in scope that belong to
//! no delegation ([`coverage`]): they can count in no stance either.
//!
//! Invariants: every sentence of every statement becomes one row (a sentence of a joint
//! statement once per delegation), in document then statement order; a sentence's scope depends
//! only on its own statement, never on another statement.

use crate::axes::{Axes, Scope};
use crate::types::{AttributedDocument, Document, SentenceRow, Sentence, UNATTRIBUTED};
use std::collections::HashSet;

/// The sentences of all statements of `docs`, statements numbered from `first_statement`, each
/// with its scope.
pub fn sentence_rows<'a>(docs: &'a [AttributedDocument], axes: &Axes, first_statement: u32) -> Vec<SentenceRow<'a>> {
    let mut rows = Vec::new();
    let mut statement = first_statement;
    for attributed in docs {
        for st in &attributed.statements {
            for (sentence, in_scope) in st.sentences.iter().zip(in_scope(&st.sentences, &axes.scope)) {
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

/// One record's sentences in scope, and how many of them the text gave to no delegation: those
/// count in no stance. A one-delegation record (a position paper, a speech) read without its
/// manifest row is read as reported speech, and most of it belongs to nobody.
#[derive(Debug, Clone, Copy)]
pub struct ScopeCoverage<'a> {
    pub doc: &'a Document,
    pub in_scope: usize,
    pub unattributed: usize,
}

impl ScopeCoverage<'_> {
    /// Whether more of the record's sentences in scope belong to nobody than to a delegation.
    pub fn mostly_unattributed(&self) -> bool {
        self.unattributed * 2 > self.in_scope
    }
}

/// Per record of `rows` (in their order), its distinct sentences in scope and those of them
/// attributed to no delegation (a sentence of a joint statement counts once).
pub fn coverage<'a>(rows: &[SentenceRow<'a>]) -> Vec<ScopeCoverage<'a>> {
    rows.chunk_by(|a, b| std::ptr::eq(a.doc, b.doc))
        .map(|record| {
            let in_scope = |keep: &dyn Fn(&SentenceRow) -> bool| {
                let rows = record.iter().filter(|row| row.in_scope && keep(row));
                rows.map(|row| row.sentence.index).collect::<HashSet<usize>>().len()
            };
            ScopeCoverage {
                doc: record[0].doc,
                in_scope: in_scope(&|_| true),
                unattributed: in_scope(&|row| row.statement.delegation == UNATTRIBUTED),
            }
        })
        .collect()
}

/// Each sentence's scope: it or one of the `scope.window` sentences before it names the subject.
pub fn in_scope(sentences: &[Sentence], scope: &Scope) -> Vec<bool> {
    let plain: Vec<bool> = sentences.iter().map(|s| scope.pattern.is_match(&s.text)).collect();
    let statement_on_subject = plain.iter().any(|&m| m);
    let names_subject: Vec<bool> = sentences
        .iter()
        .zip(&plain)
        .map(|(s, &m)| m || (statement_on_subject && scope.ambiguous.as_ref().is_some_and(|a| a.is_match(&s.text))))
        .collect();
    (0..names_subject.len())
        .map(|i| names_subject[i.saturating_sub(scope.window)..=i].iter().any(|&m| m))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::axes::SubjectPattern;

    fn scope(window: usize) -> Scope {
        let pattern = |source: &str| SubjectPattern::new(source).unwrap();
        Scope {
            pattern: pattern("cyber|internet"),
            ambiguous: Some(pattern("surveillance|espionage")),
            window,
        }
    }

    fn sentences(texts: &[&str]) -> Vec<Sentence> {
        texts
            .iter()
            .enumerate()
            .map(|(index, text)| Sentence {
                text: text.to_string(),
                index,
                char_start: 0,
                char_end: 0,
            })
            .collect()
    }

    #[test]
    fn a_sentence_counts_through_itself_or_the_window_before_it() {
        let speech = sentences(&[
            "The United Nations must be at the centre of global governance.",
            "Cyberspace needs rules.",
            "The United Nations is the only legitimate place to write them.",
            "Turning to climate change, the Organization must lead.",
            "The Internet must stay open.",
        ]);
        // The codebook's example: the third sentence is about cyberspace through the second;
        // the first and fourth are about the UN in general and never count.
        assert_eq!(in_scope(&speech, &scope(1)), [false, true, true, false, true]);
        assert_eq!(in_scope(&speech, &scope(0)), [false, true, false, false, true]);
        assert_eq!(in_scope(&speech, &scope(2)), [false, true, true, true, true]);
    }

    #[test]
    fn an_ambiguous_word_names_the_subject_only_in_a_statement_that_names_it_elsewhere() {
        let cold_war = sentences(&[
            "Control without disarmament would be an international espionage system.",
            "A treaty must forbid it.",
        ]);
        assert_eq!(in_scope(&cold_war, &scope(1)), [false, false]);
        let digital_age = sentences(&[
            "The Internet belongs to everyone.",
            "Mass surveillance violates the right to privacy.",
            "A treaty must forbid it.",
            "Turning to climate change, the Organization must lead.",
        ]);
        assert_eq!(in_scope(&digital_age, &scope(0)), [true, true, false, false]);
        assert_eq!(in_scope(&digital_age, &scope(1)), [true, true, true, false]);
    }

    #[test]
    fn the_shipped_pattern_tells_bots_from_a_minister_called_bot() {
        // "bots" is matched in lower case only: the EU speeches of 2003-2006 cite the Dutch
        // foreign minister Bernard Bot, and the sentence after such a citation is often about
        // the UN in general.
        let axes = Axes::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/axes.toml")).unwrap();
        let speech = sentences(&[
            "I fully subscribe to the statement made by Mr. Bernard Bot on behalf of the European Union.",
            "The United Nations must be at the centre of global governance.",
            "Freedom of expression is not for programmed bots that spread hate.",
        ]);
        assert_eq!(in_scope(&speech, &axes.scope), [false, false, true]);
    }
}
