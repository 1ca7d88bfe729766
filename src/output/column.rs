//! The names of the tables `stance run` writes and of their columns, spelled once. Everything
//! that builds a run's tables (`aggregate`) or reads them back (`report`, `suggest`, the
//! notebook through the CSV header) goes through these, so a renamed column is one edit.

/// The three tables of a run (file stems; the extension is the format's, see
/// [`super::TableFormat`]).
pub const STATEMENTS: &str = "statements";
pub const STANCES: &str = "stances";
pub const STANCES_WIDE: &str = "stances_wide";

// Columns of the statement table, in order: the manifest's own further columns come after
// SPEAKER; after IN_SCOPE, per axis, the axis's label column (named after the axis, see
// [`label`]) and one probability column per class ([`prob`]).
pub const CONFERENCE: &str = "conference";
pub const DATE: &str = "date";
/// What the [`DATE`] column holds for an undated record (CSV cannot tell an empty string from a
/// null, so the tables write the empty string and every reader tests for it).
pub const NO_DATE: &str = "";
pub const DOC: &str = "doc";
pub const DELEGATION: &str = "delegation";
pub const SPEAKER_DELEGATION: &str = "speaker_delegation";
pub const ON_BEHALF_OF: &str = "on_behalf_of";
pub const SPEAKER: &str = "speaker";
pub const STATEMENT: &str = "statement";
pub const SENTENCE: &str = "sentence";
pub const CHAR_START: &str = "char_start";
pub const CHAR_END: &str = "char_end";
pub const TEXT: &str = "text";
pub const IN_SCOPE: &str = "in_scope";
/// The statement table's own columns before the axes' (all of them, typed:
/// [`super::statement_columns`]).
pub const STATEMENT_COLUMNS: [&str; 13] = [
    CONFERENCE, DATE, DOC, DELEGATION, SPEAKER_DELEGATION, ON_BEHALF_OF, SPEAKER, STATEMENT, SENTENCE, CHAR_START,
    CHAR_END, TEXT, IN_SCOPE,
];

// Columns of the long stance table (see STANCE_COLUMNS).
pub const AXIS: &str = "axis";
pub const LABEL: &str = "label";
pub const SCORE: &str = "score";
pub const SCORE_LOW: &str = "score_low";
pub const SCORE_HIGH: &str = "score_high";
pub const N_STATEMENTS: &str = "n_statements";
pub const N_SENTENCES: &str = "n_sentences";
pub const EVIDENCE: &str = "evidence";
pub const EVIDENCE_DOC: &str = "evidence_doc";
pub const EVIDENCE_CHAR_START: &str = "evidence_char_start";
/// The probability the heads give the evidence sentence's pole: how sure the strongest sentence
/// on the cell's side is (`stance eval` reports how often cells are right by this probability).
pub const EVIDENCE_PROBABILITY: &str = "evidence_probability";
/// The long stance table's columns, in order. `--group-by COLUMN` renames DELEGATION after the
/// manifest column, which therefore may not be one of the others.
pub const STANCE_COLUMNS: [&str; 13] = [
    CONFERENCE, DELEGATION, AXIS, LABEL, SCORE, SCORE_LOW, SCORE_HIGH, N_STATEMENTS, N_SENTENCES, EVIDENCE,
    EVIDENCE_DOC, EVIDENCE_CHAR_START, EVIDENCE_PROBABILITY,
];

// Columns `stance report`'s drift table adds to a stance row.
pub const PREVIOUS_CONFERENCE: &str = "previous_conference";
pub const CHANGE: &str = "change";
pub const BEYOND_INTERVALS: &str = "beyond_intervals";

/// The stance table grouped by a manifest column instead of by delegation (`stance run
/// --group-by sector`): `stances_by_sector`.
pub fn stances_by(group: &str) -> String {
    format!("{STANCES}_by_{group}")
}

/// The statement table's column with a sentence's most probable label on `axis`, and the wide
/// table's column with a delegation's label on it: the axis's own name.
pub fn label(axis: &str) -> &str {
    axis
}

/// The statement table's column with the probability of class `label` (a pole's name or
/// `none`) on `axis`: `governance_p_state_led`.
pub fn prob(axis: &str, label: &str) -> String {
    format!("{axis}_p_{label}")
}

/// The wide table's column with a delegation's score on `axis`: `governance_score`.
pub fn score(axis: &str) -> String {
    format!("{axis}_{SCORE}")
}
