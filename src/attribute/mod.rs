//! Stage 2b: who speaks. Turns a record's layout into statements attributed to delegations.
//!
//! A record is read in one of three ways:
//! - a one-speaker record (the manifest names its delegation): every sentence is theirs;
//! - a section under a delegation heading ("Germany", then a role line): every sentence of the
//!   section is that delegation's, with the role line as speaker;
//! - anywhere else, sentence by sentence, from reported speech ([`speaker`]'s rules); the floor
//!   passes back to nobody at each heading, and at each new paragraph that does not open by
//!   referring back to the speaker ("He reiterated ...").
//!
//! Invariants: every sentence of the layout lands in exactly one statement per delegation it is
//! attributed to, or in one unattributed statement (`delegation == ""`); nothing is dropped.
//! Names come from `data/gazetteer.toml`, the word lists from `data/attribution.toml`.

mod gazetteer;
mod lexicon;
mod people;
mod speaker;

pub use gazetteer::Gazetteer;
pub use lexicon::Lexicon;
pub use people::People;

use crate::error::Result;
use crate::types::{BlockKind, Document, Layout, Sentence, Statement};
use speaker::{Evidence, SentenceRules, Speaker};
use std::path::Path;

/// A heading names a delegation when it starts with the name and at most this many other words
/// follow, parentheses aside ("Sri Lanka CERT/CC", "CNCERT (China)"), unlike a section title
/// that starts with one ("China Calls for More Cyber Cooperation").
const HEADING_EXTRA_WORDS: usize = 2;

pub struct Attributor {
    gazetteer: Gazetteer,
    lexicon: Lexicon,
}

impl Attributor {
    pub fn load(gazetteer: &Path, lexicon: &Path) -> Result<Self> {
        Ok(Attributor {
            gazetteer: Gazetteer::load(gazetteer)?,
            lexicon: Lexicon::load(lexicon)?,
        })
    }

    /// The people of one conference, from the participant lists in its records' back matter.
    pub fn people<'a>(&self, back_matter: impl IntoIterator<Item = &'a str>) -> People {
        People::from_participant_lists(back_matter, &self.gazetteer, &self.lexicon)
    }

    /// The statements of one record. `people` are its conference's participants.
    pub fn attribute(&self, doc: &Document, layout: &Layout, people: &People) -> Vec<Statement> {
        if let Some(delegation) = &doc.delegation {
            let name = self
                .gazetteer
                .lookup(delegation)
                .map(|id| self.gazetteer.name(id).to_string())
                .unwrap_or_else(|| delegation.trim().to_string());
            let sentences: Vec<Sentence> =
                layout.blocks.iter().flat_map(|b| b.sentences.iter().cloned()).collect();
            return vec![Statement {
                delegation: name,
                speaker: String::new(),
                sentences,
            }];
        }
        let mut walk = Walk {
            rules: SentenceRules {
                gazetteer: &self.gazetteer,
                lexicon: &self.lexicon,
            },
            people: people.clone(),
            section: None,
            floor: Vec::new(),
            pending: Vec::new(),
            statements: Vec::new(),
        };
        let mut previous_was_section_heading = false;
        for block in &layout.blocks {
            match block.kind {
                BlockKind::Heading => {
                    if let Some(delegation) = self.heading_delegation(&block.text) {
                        walk.enter_section(Speaker {
                            delegation,
                            name: String::new(),
                        });
                        previous_was_section_heading = true;
                        continue;
                    }
                    if previous_was_section_heading {
                        walk.name_section_speaker(&block.text);
                    } else {
                        walk.leave_section();
                    }
                }
                BlockKind::Prose => walk.paragraph(&block.sentences),
            }
            previous_was_section_heading = false;
        }
        walk.finish(&self.gazetteer)
    }

    fn heading_delegation(&self, heading: &str) -> Option<gazetteer::DelegationId> {
        let heading = heading.trim();
        let first = *self.gazetteer.mentions(heading).first()?;
        if first.start != 0 {
            return None;
        }
        let rest = without_parentheses(&heading[first.end..]);
        (rest.split_whitespace().count() <= HEADING_EXTRA_WORDS).then_some(first.delegation)
    }
}

fn without_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect()
}

/// The state of reading one record: who has the floor, and the statements so far.
struct Walk<'a> {
    rules: SentenceRules<'a>,
    people: People,
    /// The delegation whose section this is, if under a delegation heading.
    section: Option<Speaker>,
    /// Who holds the floor outside sections (empty: nobody the record names).
    floor: Vec<Speaker>,
    /// Sentences of the statement being built, spoken by `current_floor()`.
    pending: Vec<Sentence>,
    statements: Vec<(Vec<Speaker>, Vec<Sentence>)>,
}

impl Walk<'_> {
    fn current_floor(&self) -> Vec<Speaker> {
        match &self.section {
            Some(section) => vec![section.clone()],
            None => self.floor.clone(),
        }
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let sentences = std::mem::take(&mut self.pending);
            self.statements.push((self.current_floor(), sentences));
        }
    }

    fn enter_section(&mut self, speaker: Speaker) {
        self.flush();
        self.section = Some(speaker);
        self.floor.clear();
    }

    fn name_section_speaker(&mut self, role: &str) {
        if let Some(section) = &mut self.section {
            section.name = role.trim().to_string();
        }
    }

    fn leave_section(&mut self) {
        self.flush();
        self.section = None;
        self.floor.clear();
    }

    fn paragraph(&mut self, sentences: &[Sentence]) {
        if self.section.is_some() {
            self.pending.extend(sentences.iter().cloned());
            return;
        }
        self.flush();
        // A new paragraph gives the floor back to nobody, unless it opens by referring back.
        let previous = std::mem::take(&mut self.floor);
        for (i, sentence) in sentences.iter().enumerate() {
            match self.rules.evidence(&sentence.text, &mut self.people) {
                Evidence::RefersBack if i == 0 => self.floor = previous.clone(),
                Evidence::Speakers(speakers) if speakers != self.floor => {
                    self.flush();
                    self.floor = speakers;
                }
                Evidence::Unnamed if !self.floor.is_empty() => {
                    self.flush();
                    self.floor.clear();
                }
                _ => {}
            }
            self.pending.push(sentence.clone());
        }
        self.flush();
    }

    fn finish(mut self, gazetteer: &Gazetteer) -> Vec<Statement> {
        self.flush();
        let mut out = Vec::new();
        for (floor, sentences) in self.statements {
            if floor.is_empty() {
                out.push(Statement {
                    delegation: String::new(),
                    speaker: String::new(),
                    sentences,
                });
                continue;
            }
            for speaker in floor {
                out.push(Statement {
                    delegation: gazetteer.name(speaker.delegation).to_string(),
                    speaker: speaker.name,
                    sentences: sentences.clone(),
                });
            }
        }
        out
    }
}
