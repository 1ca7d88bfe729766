//! The walk through a record no manifest gives to a delegation: who holds the floor, block by
//! block (a delegation's section, a verbatim record's turn, a labelled paragraph, or reported
//! speech sentence by sentence), and the statements it makes. [`super::Attributor::attribute`]
//! decides what each block is; the walk keeps the state.

use super::gazetteer::DelegationId;
use super::people::People;
use super::speaker::{self, Evidence, SentenceRules, Speaker, Voice};
use super::{coalition, label};
use crate::types::{Sentence, Statement, UNATTRIBUTED};

/// A section under a delegation heading: its speaker, and the heading, which may name the
/// person a speaker label later names only by surname ("Address by Ms. Dilma Rousseff, ...").
struct OpenSection {
    speaker: Speaker,
    heading: String,
}

/// The state of reading one record: who has the floor, and the statements so far.
pub(super) struct Walk<'a> {
    rules: SentenceRules<'a>,
    people: People,
    /// The delegation whose section this is, if under a delegation heading.
    section: Option<OpenSection>,
    /// In a verbatim record, who holds the turn that the last speaker label opened (empty:
    /// nobody the record names), until the next label or heading; `None` outside a turn.
    turn: Option<Vec<Speaker>>,
    /// Who holds the floor outside sections (empty: nobody the record names).
    floor: Vec<Speaker>,
    /// Sentences of the statement being built, spoken by `current_floor()`.
    pending: Vec<Sentence>,
    statements: Vec<(Vec<Speaker>, Vec<Sentence>)>,
}

impl<'a> Walk<'a> {
    pub(super) fn new(rules: SentenceRules<'a>, people: People) -> Self {
        Walk {
            rules,
            people,
            section: None,
            turn: None,
            floor: Vec::new(),
            pending: Vec::new(),
            statements: Vec::new(),
        }
    }

    fn current_floor(&self) -> Vec<Speaker> {
        match (&self.turn, &self.section) {
            (Some(turn), _) => turn.clone(),
            (None, Some(section)) => vec![section.speaker.clone()],
            (None, None) => self.floor.clone(),
        }
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let sentences = std::mem::take(&mut self.pending);
            self.statements.push((self.current_floor(), sentences));
        }
    }

    pub(super) fn enter_section(&mut self, speaker: Speaker, heading: &str) {
        self.flush();
        self.section = Some(OpenSection {
            speaker,
            heading: heading.to_string(),
        });
        self.floor.clear();
    }

    pub(super) fn name_section_speaker(&mut self, role: &str) {
        if let Some(section) = &mut self.section {
            section.speaker.name = role.trim().to_string();
        }
    }

    /// A speaker label: its speaker holds the floor, in the first person, until the next label
    /// or heading ([`label::turn`]); a label that names nobody the record knows of, and says
    /// nothing else, leaves the floor as it was.
    pub(super) fn open_turn(&mut self, text: &str) {
        let section = self.section.as_ref().map(|s| label::Section {
            heading: &s.heading,
            delegation: s.speaker.delegation,
        });
        let turn = match label::turn(text, section, self.rules.gazetteer, &self.people) {
            label::Turn::Speaker(speaker) => vec![speaker],
            label::Turn::Nobody => Vec::new(),
            label::Turn::Unknown => return,
        };
        self.flush();
        self.turn = Some(turn);
    }

    /// A paragraph of a turn: the speaker's, but for a sentence in which they say, in the first
    /// person, that they speak for a group ("I have the honour to speak on behalf of the Group
    /// of 77 and China"), which is the group's, as in a speech ([`coalition::speech_speaks_for`]).
    fn turn_paragraph(&mut self, turn: &[Speaker], sentences: &[Sentence]) {
        for sentence in sentences {
            let group = coalition::speech_speaks_for(&sentence.text, self.rules.gazetteer, self.rules.lexicon)
                .filter(|&group| turn.iter().all(|speaker| speaker.delegation != group));
            match group {
                Some(group) => {
                    self.flush();
                    self.statements.push((speaking_for(turn.to_vec(), group), vec![sentence.clone()]));
                }
                None => self.pending.push(sentence.clone()),
            }
        }
    }

    pub(super) fn end_turn(&mut self) {
        if self.turn.is_some() {
            self.flush();
            self.turn = None;
        }
    }

    pub(super) fn leave_section(&mut self) {
        self.flush();
        self.section = None;
        self.floor.clear();
    }

    pub(super) fn paragraph(&mut self, sentences: &[Sentence]) {
        if let Some(turn) = self.turn.clone() {
            self.turn_paragraph(&turn, sentences);
            return;
        }
        if self.section.is_some() {
            self.pending.extend(sentences.iter().cloned());
            return;
        }
        self.flush();
        // "China: The draft should ...": the paragraph is the labelled delegation's, up to a
        // sentence that opens with another name and a colon: a compilation's lines, not parted
        // by blank lines, are one paragraph, and "Russian Federation: We support a new
        // convention." on the line after China's is Russia's, not China's ("Brazil: an overview
        // of ...", a title, is nobody's).
        if let Some(speaker) = sentences.first().and_then(|s| self.rules.paragraph_label(&s.text)) {
            self.floor = vec![speaker];
            for (i, sentence) in sentences.iter().enumerate() {
                if let Some(label) = (i > 0).then(|| self.rules.line_label(&sentence.text)).flatten() {
                    let next: Vec<Speaker> = label.into_iter().collect();
                    // The same delegation's label again goes on with its statement.
                    if next.first().map(|s| s.delegation) != self.floor.first().map(|s| s.delegation) {
                        self.flush();
                        self.floor = next;
                    }
                }
                self.pending.push(sentence.clone());
            }
            self.flush();
            return;
        }
        // A new paragraph gives the floor back to nobody, unless it opens by referring back.
        let previous = std::mem::take(&mut self.floor);
        let mut quoting = false;
        for (i, sentence) in sentences.iter().enumerate() {
            let reading = self.rules.read(&sentence.text, &mut self.people);
            let authors = !quoting && self.rules.author_speaks(&sentence.text);
            quoting = speaker::quotation_open_after(&sentence.text, quoting);
            let mut next = match reading.evidence {
                Evidence::RefersBack if i == 0 => previous.clone(),
                Evidence::Speakers(speakers) => speakers,
                Evidence::Unnamed => Vec::new(),
                // In the first person, outside quotation marks, the record's author speaks.
                Evidence::Continues if authors => Vec::new(),
                Evidence::RefersBack | Evidence::Continues => self.floor.clone(),
            };
            if let Some(group) = reading.for_group {
                next = speaking_for(next, group);
            }
            // "Speaking in his national capacity, he said ...": no longer the group's, as it was.
            if reading.own_capacity {
                next = next.into_iter().filter_map(Speaker::in_own_capacity).collect();
            }
            if next != self.floor {
                self.flush();
                self.floor = next;
            }
            self.pending.push(sentence.clone());
        }
        self.flush();
    }

    pub(super) fn finish(mut self) -> Vec<Statement> {
        self.flush();
        let gazetteer = self.rules.gazetteer;
        let mut out = Vec::new();
        for (floor, sentences) in self.statements {
            if floor.is_empty() {
                out.push(Statement {
                    delegation: UNATTRIBUTED.to_string(),
                    speaker: String::new(),
                    speaker_delegation: String::new(),
                    on_behalf_of: String::new(),
                    sentences,
                });
                continue;
            }
            let name = |id: Option<DelegationId>| id.map(|id| gazetteer.name(id).to_string()).unwrap_or_default();
            for speaker in floor {
                out.push(Statement {
                    delegation: gazetteer.name(speaker.delegation).to_string(),
                    speaker_delegation: name(speaker.speaker_delegation()),
                    on_behalf_of: name(speaker.group()),
                    speaker: speaker.name,
                    sentences: sentences.clone(),
                });
            }
        }
        out
    }
}

/// The floor after "speaking for `group`": its speakers, now for the group; or, if nobody the
/// record names holds it, an unnamed speaker for the group.
fn speaking_for(floor: Vec<Speaker>, group: DelegationId) -> Vec<Speaker> {
    if floor.is_empty() {
        return vec![Speaker {
            delegation: group,
            name: String::new(),
            voice: Voice::ForGroup { member: None },
        }];
    }
    // Several speakers for one group make one statement of the group's, credited once.
    let mut speakers: Vec<Speaker> = Vec::new();
    for speaker in floor.into_iter().map(|s| s.for_group(group)) {
        if !speakers.iter().any(|s| s.delegation == speaker.delegation) {
            speakers.push(speaker);
        }
    }
    speakers
}
