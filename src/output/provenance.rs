//! `run.json`: what a run's tables were made from and with, so that a table can be cited with
//! its provenance: `stance`'s version, the inputs, the member lists of `--propagate-coalitions`,
//! the encoder, the classifier (and the sha256
//! of its heads file), the cell rule, how the heads' held-out cells fared pole by pole, the
//! counts the run's summary prints, and the inputs it skipped or warned about (what the tables
//! lack, or may read wrongly). Nothing in it depends on the clock, the cache or the output
//! folder, so a rerun writes the same file.

use super::{stage_text, Staged};
use crate::error::{Error, Result};
use crate::progress::first_and_more;
use crate::types::{CellRule, PoleCells, ALL_GENRES};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The file's name in the output folder.
pub const RUN_FILE: &str = "run.json";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RunProvenance {
    /// `stance`'s version.
    pub stance: String,
    /// The paths given, as given.
    pub inputs: Vec<String>,
    /// The manifest read, if any: as given, or the nearest to the one input by its full path.
    pub manifest: Option<String>,
    /// The member lists read with `--propagate-coalitions` (`null` without it): the tables then
    /// credit each member with its coalition's statements. (Absent from a run.json written before
    /// it was recorded.)
    #[serde(default)]
    pub coalitions: Option<String>,
    pub encoder: String,
    pub classifier: String,
    /// The names of the axes the tables hold, in order. (Absent from a run.json written before
    /// they were listed.)
    #[serde(default)]
    pub axes: Vec<String>,
    /// The sha256 of the heads file (none for zero-shot).
    pub heads_sha256: Option<String>,
    pub cell_rule: CellRule,
    /// How the heads' held-out cells fared per genre and pole, from their cross-validation (empty for
    /// zero-shot, for heads written before the figures were kept, and in a run.json written
    /// before they were recorded).
    #[serde(default)]
    pub held_out_poles: Vec<PoleCells>,
    pub records: usize,
    /// Statements and sentences, each once: the copies `--propagate-coalitions` makes for a
    /// coalition's members are not counted.
    pub statements: usize,
    pub sentences: usize,
    pub sentences_in_scope: usize,
    /// Of the sentences in scope, those the records' text gives to no delegation: they count in
    /// no stance. (Absent from a run.json written before they were counted.)
    #[serde(default)]
    pub sentences_in_scope_unattributed: usize,
    /// The records most of whose sentences in scope belong to no delegation, each with how many:
    /// a one-delegation record (a speech, a position paper) read without its manifest row. (Absent
    /// from a run.json written before they were listed.)
    #[serde(default)]
    pub records_mostly_unattributed: Vec<InputNote>,
    /// Cells stated (a pole or `mixed`), and of them those on weak evidence.
    pub cells_stated: usize,
    pub cells_on_weak_evidence: usize,
    /// The inputs skipped, with why: the tables have nothing of them. (Absent from a run.json
    /// written before they were recorded.)
    #[serde(default)]
    pub skipped: Vec<InputNote>,
    /// The warnings on inputs that were used (a manifest row ignored, bytes replaced, a record
    /// not in English ...).
    #[serde(default)]
    pub warnings: Vec<InputNote>,
    /// The tables the run wrote beside this file, by name: what a later run into the same folder
    /// replaces ([`super::folder::EarlierOutputs`]). (Absent from a run.json written before they
    /// were listed.)
    #[serde(default)]
    pub tables: Vec<String>,
}

/// What a run said of one input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct InputNote {
    pub file: String,
    pub note: String,
}

impl InputNote {
    /// A run's diagnostics on its inputs, by file then text, so that a rerun lists them alike
    /// whatever order the records were read in.
    pub fn sorted(notes: &[(PathBuf, String)]) -> Vec<InputNote> {
        let mut notes: Vec<InputNote> =
            notes.iter().map(|(file, note)| InputNote { file: file.display().to_string(), note: note.clone() }).collect();
        notes.sort();
        notes
    }
}

/// How many notes the page lists before it counts the rest (run.json has them all).
const NOTES_LISTED: usize = 20;

/// "none", or how many notes and the first [`NOTES_LISTED`] of them.
fn listed(notes: &[InputNote]) -> String {
    if notes.is_empty() {
        return "none".into();
    }
    let each: Vec<String> = notes.iter().map(|n| format!("{}: {}", n.file, n.note)).collect();
    format!("{}: {}", notes.len(), first_and_more(&each, NOTES_LISTED, "; ", Some(RUN_FILE)))
}

impl RunProvenance {
    /// Writes `dir/run.json` beside its place, to be put there by [`Staged::commit`] with the
    /// run's tables.
    pub fn stage(&self, dir: &Path) -> Result<Staged> {
        let path = dir.join(RUN_FILE);
        let text = serde_json::to_string_pretty(self).map_err(|e| Error::Output {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        stage_text(&path, &(text + "\n"))
    }

    /// `dir/run.json`, or `None` when the run predates it.
    pub fn read(dir: &Path) -> Result<Option<Self>> {
        Self::read_refusing(dir, |e| format!("{e}\n  fix: move it out of the folder (or delete it), then run `stance run` again"))
    }

    /// `dir/run.json`, or `None` when there is none; one that does not parse is refused with what
    /// `refusal` makes of the parser's error (a run into the folder says more than a report).
    pub fn read_refusing(dir: &Path, refusal: impl FnOnce(serde_json::Error) -> String) -> Result<Option<Self>> {
        let path = dir.join(RUN_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(&path, e)),
        };
        serde_json::from_str(&text).map(Some).map_err(|e| Error::bad_input(&path, None, refusal(e)))
    }

    /// The held-out figures over all genres of the poles that `keep` selects (as
    /// [`PoleCells::seldom_found`]): what the run's summary names and the report page marks.
    pub fn poles_over_all_genres(&self, keep: fn(&PoleCells) -> bool) -> impl Iterator<Item = &PoleCells> {
        self.held_out_poles.iter().filter(move |p| p.genre == ALL_GENRES && keep(p))
    }

    /// The rows of the report page's "Made with" table: what each field says, in words.
    pub fn described(&self) -> Vec<(&'static str, String)> {
        vec![
            ("stance", self.stance.clone()),
            ("inputs", self.inputs.join(", ")),
            ("manifest", self.manifest.clone().unwrap_or_else(|| "none".into())),
            (
                "coalitions",
                self.coalitions.as_ref().map_or_else(
                    || "not propagated (a run.json written before 2026-12-08 does not say)".into(),
                    |file| format!("members credited with their coalition's statements ({file})"),
                ),
            ),
            ("encoder", self.encoder.clone()),
            ("classifier", self.classifier.clone()),
            ("heads sha256", self.heads_sha256.clone().unwrap_or_else(|| "none (zero-shot)".into())),
            ("cell rule", self.cell_rule.to_string()),
            (
                "counts",
                format!(
                    "{} record(s), {} statement(s), {} sentence(s), {} in scope ({} of them attributed to no delegation); \
                     {} cell(s) stated, {} on weak evidence",
                    self.records,
                    self.statements,
                    self.sentences,
                    self.sentences_in_scope,
                    self.sentences_in_scope_unattributed,
                    self.cells_stated,
                    self.cells_on_weak_evidence
                ),
            ),
            ("inputs skipped", listed(&self.skipped)),
            ("warnings on inputs", listed(&self.warnings)),
            ("records mostly attributed to no delegation", listed(&self.records_mostly_unattributed)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_lists_the_first_notes_and_counts_the_rest() {
        let notes: Vec<InputNote> = (0..25).map(|i| InputNote { file: format!("r{i:02}.txt"), note: "empty file".into() }).collect();
        let text = listed(&notes);
        assert!(text.starts_with("25: r00.txt: empty file; ") && text.contains("r19.txt") && !text.contains("r20.txt"), "{text}");
        assert!(text.ends_with("r19.txt: empty file and 5 more (all in run.json)"), "{text}");
        assert_eq!(listed(&notes[..2]), "2: r00.txt: empty file; r01.txt: empty file");
        assert_eq!(listed(&[]), "none");
    }
}
