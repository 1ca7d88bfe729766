//! The data that flows between the pipeline stages, defined once.
//!
//! Offsets are in characters (Unicode scalar values) of the document's text as read from disk,
//! so an analyst can find a sentence in the original file whatever its encoding of non-ASCII.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A record found but not yet read: where it is and what the manifest says about it. A run
/// lists these first ([`crate::ingest::find`]) and reads the text one conference at a time
/// ([`crate::ingest::read`]).
#[derive(Debug, Clone)]
pub struct RecordSource {
    /// Stable identifier used as `doc` in every output: the path relative to the input root
    /// it was found under, with `/` separators.
    pub id: String,
    /// Where it is read from.
    pub path: PathBuf,
    /// The conference or meeting it records (from the manifest, or the folder's name).
    pub conference: String,
    /// The date the manifest gives, if any (ISO `YYYY-MM-DD`).
    pub date: Option<String>,
    /// For a delegation's own record (a General Debate speech, a position paper): the
    /// delegation the manifest names, or each signatory of a joint statement. Empty means the
    /// text itself must say who speaks.
    pub delegations: Vec<String>,
    /// The record's values in the manifest's other columns (e.g. `sector`), carried into the
    /// statement table; empty strings where the manifest does not list it.
    pub extra: Vec<String>,
}

/// One conference record as read by [`crate::ingest`].
#[derive(Debug, Clone)]
pub struct Document {
    /// Which record it is and what the manifest says about it.
    pub source: RecordSource,
    /// The text, decoded as UTF-8 (lossily, with a warning, where it was not valid).
    pub text: String,
}

/// A sentence: the unit that is embedded and classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The cleaned text (line breaks joined, markup and paragraph numbers removed).
    pub text: String,
    /// Position of the sentence among all sentences of its document (0-based).
    pub index: usize,
    /// Character span in the original document text; it covers the sentence's first and last
    /// character (and whatever page furniture was removed in between).
    pub char_start: usize,
    pub char_end: usize,
}

/// What a block of a record's body is, as far as layout can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A short line standing alone: section title, delegation name, speaker's role line.
    Heading,
    /// Running text, cut into sentences.
    Prose,
    /// The label that opens a speaker's turn in a verbatim record, without its colon ("The
    /// President", "Mr. Lavrov (Russian Federation) (spoke in Russian)"): who speaks until the
    /// next label or heading. Never a sentence: the label is the record's, not the speaker's.
    SpeakerLabel,
}

/// A heading or a paragraph of a record's body, in reading order.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// The cleaned text (for a heading, the whole of what the attributor reads).
    pub text: String,
    /// The sentences of a prose block; empty for a heading.
    pub sentences: Vec<Sentence>,
}

/// A record as [`crate::segment`] lays it out.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The body: headings and paragraphs. Page furniture is gone.
    pub blocks: Vec<Block>,
    /// Annexes and other back matter, verbatim: never statements, but the attributor reads the
    /// participant list in it to learn who speaks for whom.
    pub back_matter: String,
    /// Tables in the body whose cells hold sentences: set aside unread like every table (page
    /// furniture), and named so that a run can warn of them.
    pub tables_with_sentences: Vec<SetAsideTable>,
}

/// A table laid out in a record's text ("| cell | cell |") whose cells hold sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetAsideTable {
    /// The record's line the table opens on, from 1.
    pub line: usize,
    /// Its rows, the rule under its header aside.
    pub rows: usize,
}

/// The delegation of a statement the record does not say who made: such statements are kept
/// and classified, but never counted for anyone.
pub const UNATTRIBUTED: &str = "";

/// A contiguous span in which one speaker holds the floor.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Canonical delegation name from the gazetteer, or [`UNATTRIBUTED`] when the text does not
    /// say who spoke.
    pub delegation: String,
    /// The speaker as the record names them (a person or a role line), `""` if unknown.
    pub speaker: String,
    /// The delegation whose representative spoke: `delegation` itself, unless they spoke for a
    /// group, or (with coalitions propagated) the group spoke for `delegation`. `""` if unknown.
    pub speaker_delegation: String,
    /// The group the statement was made for ("on behalf of the Group of 77"), `""` if none.
    pub on_behalf_of: String,
    pub sentences: Vec<Sentence>,
}

impl Statement {
    /// Whether this is a copy `--propagate-coalitions` made of a coalition's statement for one
    /// of its members (the delegation a member, `on_behalf_of` the coalition): the same words
    /// once more, counted in no total of the run. (`aggregate::group_stance_table` leaves such
    /// rows out of the statement table by the same two columns.)
    pub fn is_propagated_copy(&self) -> bool {
        !self.on_behalf_of.is_empty() && self.delegation != self.on_behalf_of
    }
}

/// A document cut into statements, ready to be embedded and classified.
#[derive(Debug, Clone)]
pub struct AttributedDocument {
    pub doc: Document,
    pub statements: Vec<Statement>,
}

/// One sentence of one statement, in output order, with whether it can count towards a stance:
/// what [`crate::scope`] hands on to be embedded, classified and aggregated.
#[derive(Debug, Clone, Copy)]
pub struct SentenceRow<'a> {
    pub doc: &'a Document,
    /// Statement number, unique across the run (a run numbers conference after conference).
    pub number: u32,
    pub statement: &'a Statement,
    pub sentence: &'a Sentence,
    /// Whether the sentence is about what the axes are about (see [`crate::scope`]); only such
    /// sentences count in the stance tables.
    pub in_scope: bool,
}

/// Which side of an axis a sentence takes. `None` (the axis is not addressed) is a first-class
/// answer, not a missing value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Left,
    Right,
    None,
}

impl Side {
    pub const ALL: [Side; 3] = [Side::Left, Side::Right, Side::None];

    /// Its position in [`Side::ALL`]: the column of a class in matrices and heads.
    pub fn index(self) -> usize {
        match self {
            Side::Left => 0,
            Side::Right => 1,
            Side::None => 2,
        }
    }
}

/// What an annotator said of a sentence on one axis: a side (`None` included), or both poles
/// at once, where the sentence states each explicitly ("a multilateral Internet governance that
/// also involves civil society and the private sector").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gold {
    Side(Side),
    Both,
}

impl Gold {
    /// The sides the sentence counts for: its one side, or the left and the right pole.
    pub fn sides(self) -> &'static [Side] {
        match self {
            Gold::Side(Side::Left) => &[Side::Left],
            Gold::Side(Side::Right) => &[Side::Right],
            Gold::Side(Side::None) => &[Side::None],
            Gold::Both => &[Side::Left, Side::Right],
        }
    }

    /// The single side, for scoring a three-class prediction; `None` for `Both`.
    pub fn side(self) -> Option<Side> {
        match self {
            Gold::Side(side) => Some(side),
            Gold::Both => None,
        }
    }
}

/// A classifier's answer for one sentence on one axis: probabilities that sum to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AxisProbs {
    pub left: f32,
    pub right: f32,
    pub none: f32,
}

impl AxisProbs {
    /// Certainly `none`: the answer for a sentence out of scope, and the placeholder before a
    /// sentence is classified.
    pub const NONE: AxisProbs = AxisProbs {
        left: 0.0,
        right: 0.0,
        none: 1.0,
    };

    /// The probability of `side`.
    pub fn of(&self, side: Side) -> f32 {
        match side {
            Side::Left => self.left,
            Side::Right => self.right,
            Side::None => self.none,
        }
    }

    /// The most probable side (ties resolve towards `None`, then `Left`).
    pub fn side(&self) -> Side {
        if self.none >= self.left && self.none >= self.right {
            Side::None
        } else if self.left >= self.right {
            Side::Left
        } else {
            Side::Right
        }
    }
}

/// An evidence probability under this is weak: held out, the stated cells whose evidence
/// sentence the heads give less than this are right 0.33 to 0.53 of the time (on four splits;
/// 0.00 to 0.64 on speeches), those at 0.8 or more nearly nine times in ten
/// (docs/evaluation.md, "How far to trust a stance"). The first band of `stance eval`'s stated-cells table, and what a
/// run's summary counts.
pub const WEAK_EVIDENCE: f64 = 0.6;

/// Whether a stated cell rests on weak evidence: its evidence probability is under
/// [`WEAK_EVIDENCE`] (a cell with none states no stance).
pub fn is_weak_evidence(evidence_probability: Option<f64>) -> bool {
    evidence_probability.is_some_and(|p| p < WEAK_EVIDENCE)
}

/// How near 0 a cell's score (-1 all left ... +1 all right) is `mixed`: within a third, i.e.
/// when neither pole outweighs the other two to one. The annotations' truth is derived with this
/// band ([`crate::evaluate::cells`]) and every cell rule uses it: cross-validation chose it
/// among 0.2, 1/3 and 0.5 until 2026-12-06, on the 16 true `mixed` cells of the annotations, and
/// that choice was the noisiest part of the cell figures (docs/evaluation.md).
pub const MIXED_WITHIN: f64 = 1.0 / 3.0;

/// How a delegation's cell on an axis is decided from its sentences (codebook, "Delegation
/// stance"). `stance train` chooses its threshold and minimum of sentences by cross-validation
/// on the cell figures (its band is [`MIXED_WITHIN`]) and ships it in the heads file; zero-shot
/// runs with [`CellRule::default`]. [`crate::aggregate`] applies it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CellRule {
    /// A sentence in scope is evidence of a side when its most probable class is a pole with at
    /// least this probability.
    pub min_pole_probability: f64,
    /// A delegation addresses the axis when at least this many of its sentences are evidence;
    /// with fewer the cell is `not_addressed`.
    pub min_sentences: u32,
    /// The cell is `mixed` when its score (-1 all left ... +1 all right) lies nearer 0 than this.
    pub mixed_within: f64,
}

impl std::fmt::Display for CellRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a sentence counts when its pole has p >= {:.2}; at least {} sentence(s) make a stance; mixed within {:.2} of 0",
            self.min_pole_probability, self.min_sentences, self.mixed_within
        )
    }
}

impl Default for CellRule {
    /// Every sentence whose most probable class is a pole is evidence; one is enough; `mixed`
    /// within [`MIXED_WITHIN`] of 0.
    fn default() -> Self {
        CellRule {
            min_pole_probability: 0.0,
            min_sentences: 1,
            mixed_within: MIXED_WITHIN,
        }
    }
}

/// The genre that stands for the records of every genre in the per-genre figures.
pub const ALL_GENRES: &str = "all";

/// How the held-out cells of one pole fared in the cross-validation of the heads (`stance
/// train`), in the records of one genre: of the cells the annotations put on the pole, in
/// records the heads never saw, how many the table stated on it and how many it left
/// `not_addressed`; and how many cells it stated on the pole, rightly or not. Shipped with the
/// heads and copied into `run.json`: the cell figures pool the poles and the genres, and pooled
/// they hide that one side's stances are missed far more often than the other's, and speeches'
/// more often than position papers'.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoleCells {
    /// [`ALL_GENRES`], or a genre of `data/genres.toml`.
    pub genre: String,
    pub axis: String,
    pub pole: String,
    /// Held-out cells the annotations put on this pole.
    pub annotated: usize,
    /// Of them, those the table stated on this pole.
    pub found: usize,
    /// Of them, those the table left `not_addressed`.
    pub not_addressed: usize,
    /// Cells the table stated on this pole, right or wrong.
    pub stated: usize,
}

impl PoleCells {
    /// Whether the table found fewer than half of this pole's held-out stances: on its axis,
    /// `not_addressed` is then weak evidence that a delegation took no such stance.
    pub fn seldom_found(&self) -> bool {
        2 * self.found < self.annotated
    }

    /// Whether fewer than half the held-out cells the table stated on this pole were right: a
    /// stance on it is then a lead to check in its evidence, not a finding.
    pub fn seldom_right(&self) -> bool {
        2 * self.found < self.stated
    }
}

/// Whether `s` is a `YYYY-MM-DD` date (as manifests and the coalition member lists give them),
/// written in full and on the calendar (not `2009-9-1`, not `2009-02-31`).
pub fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let num = |p: &str, len: usize| (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok())?;
    match (num(y, 4), num(m, 2), num(d, 2)) {
        (Some(y), Some(m), Some(d)) => i32::try_from(y).is_ok_and(|y| chrono::NaiveDate::from_ymd_opt(y, m, d).is_some()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert!(is_iso_date("2009-09-01"));
        assert!(!is_iso_date("2009-13-01"));
        assert!(!is_iso_date("01/09/2009"));
        assert!(!is_iso_date("2009-9-1"));
        assert!(!is_iso_date("2009-02-31"), "a day its month does not have");
        assert!(!is_iso_date("2013-02-29"));
        assert!(is_iso_date("2012-02-29"), "a leap day");
    }
}
