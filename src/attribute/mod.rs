//! Stage 3: who speaks. Turns a record's layout into statements attributed to delegations.
//!
//! A record is read in one of three ways:
//! - a delegation's own record (the manifest names its delegation, or each signatory of a joint
//!   statement): every sentence is theirs;
//! - a section under a delegation heading ("Germany", or "Statement by Germany"; then a role
//!   line): every sentence of the section is that delegation's, with the role line as speaker;
//!   the section ends at the next heading, except in a record whose title is the delegation
//!   heading (a paper: "Contribution of Estonia ...", first or under a letterhead), where only
//!   another speaker's heading ends it;
//! - anywhere else, sentence by sentence, from reported speech ([`speaker`]'s rules); the floor
//!   passes back to nobody at each heading, and at each new paragraph that does not open by
//!   referring back to the speaker ("He reiterated ...").
//!
//! A speaker may speak for a group ("on behalf of the Group of 77"): the statement is then the
//! group's, and the speaker's own delegation is kept ([`coalition`]). With member lists
//! ([`Memberships`]) a group's statements are also copied to its members.
//!
//! Invariants: every sentence of the layout lands in exactly one statement per delegation it is
//! attributed to, or in one unattributed statement (`delegation ==` [`UNATTRIBUTED`]); nothing is dropped.
//! Names come from `data/gazetteer.toml`, the word lists from `data/attribution.toml`.

mod coalition;
mod conference;
mod gazetteer;
mod lexicon;
mod members;
mod people;
mod speaker;

pub use conference::ConferenceAttributor;
pub use gazetteer::Gazetteer;
pub use lexicon::Lexicon;
pub use members::Memberships;
pub use people::People;

use crate::error::Result;
use crate::types::{BlockKind, Document, Layout, Sentence, Statement, UNATTRIBUTED};
use gazetteer::DelegationId;
use speaker::{Evidence, SentenceRules, Speaker, Voice};
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

    /// The coalition member lists in `path`, checked against the gazetteer.
    pub fn memberships(&self, path: &Path) -> Result<Memberships> {
        Memberships::load(path, &self.gazetteer)
    }

    /// The people of one conference, from the participant lists in its records' back matter.
    pub fn people<'a>(&self, back_matter: impl IntoIterator<Item = &'a str>) -> People {
        People::from_participant_lists(back_matter, &self.gazetteer, &self.lexicon)
    }

    /// Whether the gazetteer knows `delegation` (a manifest's name for a speaker): one it does
    /// not is taken as written.
    pub fn knows(&self, delegation: &str) -> bool {
        self.gazetteer.lookup(delegation).is_some()
    }

    /// The statements of one record. `people` are its conference's participants.
    pub fn attribute(&self, doc: &Document, layout: &Layout, people: &People) -> Vec<Statement> {
        if !doc.source.delegations.is_empty() {
            return self.own_record(&doc.source.delegations, layout);
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
        // Whether the record's title opened the section it is in: then the record is that
        // delegation's paper, and its topic headings are its own. The title is the first block,
        // or a speaker heading ("Statement by ...", "Contribution of ...") before any prose,
        // under a letterhead; not a bare name among a contribution's front matter.
        let mut titled_for_section = false;
        let mut seen_prose = false;
        for (i, block) in layout.blocks.iter().enumerate() {
            match block.kind {
                BlockKind::Heading => {
                    let speaker_heading = self.lexicon.heading_opener.is_match(block.text.trim());
                    if let Some(delegation) = self.heading_delegation(&block.text) {
                        walk.enter_section(Speaker::own(delegation, String::new()));
                        previous_was_section_heading = true;
                        titled_for_section = i == 0 || (!seen_prose && speaker_heading);
                        continue;
                    }
                    if previous_was_section_heading {
                        walk.name_section_speaker(&block.text);
                    } else if !titled_for_section || speaker_heading {
                        walk.leave_section();
                        titled_for_section = false;
                    }
                }
                BlockKind::Prose => {
                    seen_prose = true;
                    walk.paragraph(&block.sentences);
                }
            }
            previous_was_section_heading = false;
        }
        walk.finish(&self.gazetteer)
    }

    /// The statements of a record the manifest gives to `delegations`: all of it each one's, a
    /// joint statement once per signatory. A sentence said for a group is the group's, credited
    /// once however many sign.
    fn own_record(&self, delegations: &[String], layout: &Layout) -> Vec<Statement> {
        let mut names: Vec<String> = Vec::new();
        for delegation in delegations {
            let name = self
                .gazetteer
                .lookup(delegation)
                .map(|id| self.gazetteer.name(id).to_string())
                .unwrap_or_else(|| delegation.trim().to_string());
            // Two aliases of one delegation ("USA", "United States") sign once.
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let mut statements = Vec::new();
        for (i, name) in names.into_iter().enumerate() {
            let own = self.speech(name, layout).into_iter();
            statements.extend(own.filter(|statement| i == 0 || statement.on_behalf_of.is_empty()));
        }
        statements
    }

    /// The statements of a one-speaker record: the speaker's own, except sentences in which
    /// they say they speak for a group ([`coalition::speech_speaks_for`]).
    fn speech(&self, delegation: String, layout: &Layout) -> Vec<Statement> {
        let mut statements: Vec<Statement> = Vec::new();
        for sentence in layout.blocks.iter().flat_map(|b| &b.sentences) {
            let group = coalition::speech_speaks_for(&sentence.text, &self.gazetteer, &self.lexicon)
                .map(|id| self.gazetteer.name(id))
                .filter(|&group| group != delegation);
            let credited = group.unwrap_or(&delegation);
            match statements.last_mut() {
                Some(last) if last.delegation == credited => last.sentences.push(sentence.clone()),
                _ => statements.push(Statement {
                    delegation: credited.to_string(),
                    speaker: String::new(),
                    speaker_delegation: delegation.clone(),
                    on_behalf_of: group.unwrap_or_default().to_string(),
                    sentences: vec![sentence.clone()],
                }),
            }
        }
        statements
    }

    /// The delegation whose section a heading opens: one the heading starts with, followed by
    /// few words ("Germany", "CNCERT (China)"), or the one delegation named after an opening
    /// of the lexicon's `heading_openers` ("Statement by the United States"). A heading set in
    /// capitals is read in capitals ("UNITED STATES").
    fn heading_delegation(&self, heading: &str) -> Option<gazetteer::DelegationId> {
        let heading = heading.trim();
        let in_capitals = heading.chars().any(char::is_uppercase) && !heading.chars().any(char::is_lowercase);
        let mentions = if in_capitals { self.gazetteer.mentions_in_capitals(heading) } else { self.gazetteer.mentions(heading) };
        let first = *mentions.first()?;
        if first.start == 0 {
            let rest = without_parentheses(&heading[first.end..]);
            return (rest.split_whitespace().count() <= HEADING_EXTRA_WORDS).then_some(first.delegation);
        }
        let names_one = mentions.iter().all(|m| m.delegation == first.delegation);
        (names_one && self.lexicon.heading_opener.is_match(heading)).then_some(first.delegation)
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
            let reading = self.rules.read(&sentence.text, &mut self.people);
            let mut next = match reading.evidence {
                Evidence::RefersBack if i == 0 => previous.clone(),
                Evidence::Speakers(speakers) => speakers,
                Evidence::Unnamed => Vec::new(),
                Evidence::RefersBack | Evidence::Continues => self.floor.clone(),
            };
            if let Some(group) = reading.for_group {
                next = speaking_for(next, group);
            }
            if next != self.floor {
                self.flush();
                self.floor = next;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::{self, locate};
    use crate::segment::{self, SegmentationRules};
    use crate::types::RecordSource;

    /// (delegation, speaker's delegation, group) of each statement of a record in reported speech.
    fn statements(text: &str) -> Vec<(String, String, String)> {
        let attributor = Attributor::load(&locate(resources::GAZETTEER), &locate(resources::ATTRIBUTION)).unwrap();
        let rules = SegmentationRules::load(&locate(resources::SEGMENTATION)).unwrap();
        let doc = Document {
            source: RecordSource {
                id: "coverage.txt".into(),
                path: "coverage.txt".into(),
                conference: "test".into(),
                date: None,
                delegations: Vec::new(),
                extra: Vec::new(),
            },
            text: text.into(),
        };
        let layout = segment::segment(text, &rules);
        attributor
            .attribute(&doc, &layout, &attributor.people([""]))
            .into_iter()
            .map(|s| (s.delegation, s.speaker_delegation, s.on_behalf_of))
            .collect()
    }

    /// "Statement by X" over a section gives it to X, wherever in the heading X is named, in
    /// capitals too; a heading naming two delegations, or none, gives the section to nobody.
    #[test]
    fn a_statement_heading_gives_its_section_to_the_one_delegation_it_names() {
        let found = statements(
            "Statement by the United States\n\n\
             The multistakeholder model must be preserved.\n\n\
             Statement of H.E. Mr. Wang Yi, Minister of Foreign Affairs of China\n\n\
             Sovereignty applies in cyberspace.\n\n\
             STATEMENT BY H.E. MR. FUMIO KISHIDA, PRIME MINISTER OF JAPAN\n\n\
             Existing international law applies in cyberspace.\n\n\
             GERMANY\n\n\
             The Internet must stay open.\n\n\
             Statement by the Chair\n\n\
             The meeting rose at six.\n\n\
             Statement by Cuba on behalf of the Group of 77\n\n\
             Developing countries need capacity.\n",
        );
        let own = |d: &str| (d.to_string(), d.to_string(), String::new());
        let nobody = (String::new(), String::new(), String::new());
        assert_eq!(found, [own("United States"), own("China"), own("Japan"), own("Germany"), nobody.clone(), nobody]);
    }

    /// A record whose title opens a delegation's section ("Contribution of the Republic of
    /// Estonia ...", under a letterhead or not) is that delegation's paper: its topic headings
    /// are its own sections, not a hand-back of the floor. A speaker heading that names nobody
    /// else ("Statement by the Chair") still ends it. A delegation heading inside a record (a
    /// report's "Germany"), or a bare country line in a contribution's front matter (a Tama
    /// University fellow's "Japan" among the NETmundial contributions), ends at the next heading,
    /// as before.
    #[test]
    fn a_paper_titled_for_a_delegation_is_its_own_through_its_topic_headings() {
        let paper = statements(
            "Permanent Mission to the United Nations\n\n\
             Contribution of the Republic of Estonia to the Global Digital Dialogue\n\n\
             Submitted by the Ministry of Foreign Affairs\n\n\
             The Internet must remain governed by all stakeholders.\n\n\
             International law\n\n\
             Existing international law applies to cyberspace.\n\n\
             Statement by the Chair\n\n\
             The meeting rose at six.\n",
        );
        let own = |d: &str| (d.to_string(), d.to_string(), String::new());
        let nobody = (String::new(), String::new(), String::new());
        assert_eq!(paper, [own("Estonia"), nobody.clone()]);
        let report = statements(
            "Summary of the workshop\n\n\
             Germany\n\n\
             The Internet must stay open.\n\n\
             Session two\n\n\
             Capacity building was discussed at length.\n",
        );
        assert_eq!(report, [own("Germany"), nobody.clone()]);
        let front_matter = statements(
            "Document\n\n\
             IIS Contribution on Internet governance principles\n\n\
             Senior Research Fellow, Institute for InfoSocinomics\n\n\
             Japan\n\n\
             We support a multi-stakeholder approach to Internet governance.\n\n\
             Human rights\n\n\
             Human rights should be equal online and offline.\n",
        );
        assert_eq!(front_matter, [own("Japan"), nobody]);
    }

    /// A chair's summary names who said what in two ways the rules read as one speaker or none:
    /// a joint subject ("Brazil and Mexico underlined ...", each of them; only Mexico was) and
    /// examples after an unnamed one ("Some delegations, including Australia and Japan,
    /// stressed ...", those named; nobody was). A descriptor naming a place before the speaker
    /// ("UK-based IISS's director ...") is no joint subject, nor are places in a clause ("who
    /// worked ... in Moldova and Bulgaria": the last named, as before), and examples after the
    /// verb are not speakers.
    #[test]
    fn joint_subjects_and_named_examples_are_each_credited() {
        let found = statements(
            "Brazil and Mexico underlined that the United Nations should remain the central forum.\n\n\
             Looking ahead, Chile, Peru and Colombia stressed the role of the Internet Governance Forum.\n\n\
             Some delegations, including Australia and the Islamic Republic of Iran, stressed that \
             existing international law applies in cyberspace.\n\n\
             Several delegations stressed the value of regional organisations, such as ASEAN.\n\n\
             UK-based IISS's Director Nigel Inkster asked whether that was so.\n\n\
             Ms. Spasova, who worked on law reform in Moldova and Bulgaria noted the judges' doubts \
             about cybercrime.\n",
        );
        let own = |d: &str| (d.to_string(), d.to_string(), String::new());
        let nobody = (String::new(), String::new(), String::new());
        assert_eq!(
            found,
            [
                own("Brazil"),
                own("Mexico"),
                own("Chile"),
                own("Peru"),
                own("Colombia"),
                own("Australia"),
                own("Iran"),
                nobody,
                own("IISS"),
                own("Bulgaria")
            ]
        );
    }

    /// A meeting's summary in the UN's style: "It was time for ..." goes on in the speaker's
    /// indirect speech (only "It was noted that ..." hands the floor to nobody), and "said his
    /// delegation would ..." names the speaker's own delegation, not a "said he" that refers
    /// back. Both gave a speaker's sentences to nobody, or to the speaker before, whose table
    /// then stated Iran's stance as the United States'.
    #[test]
    fn a_summary_in_indirect_speech_keeps_each_speaker_on_the_floor() {
        let found = statements(
            "The representative of the Russian Federation said that the draft would establish a working \
             group. It was time for the United Nations to take the lead in cyberspace.\n\n\
             It was noted that the draft had many sponsors.\n\n\
             The representative of the United States said existing international law applied.\n\n\
             Speaking in explanation of vote, the representative of Iran said his delegation would vote \
             in favour. The Internet must be governed multilaterally.\n",
        );
        let own = |d: &str| (d.to_string(), d.to_string(), String::new());
        let nobody = (String::new(), String::new(), String::new());
        assert_eq!(found, [own("Russian Federation"), nobody, own("United States"), own("Iran")]);
    }

    /// A reporting verb is a lower-case word: "States" in "the United States' strategy" is a
    /// name, not "states". Taken for the verb, it made the subject end in "the Brazilian
    /// Internet Steering Committee's principles and the United", and gave the rest of the
    /// United States' NETmundial contribution, read without its manifest, to Brazil; and in a
    /// meeting's summary, "The representative of the United States said ..." was nobody's.
    #[test]
    fn a_name_that_spells_a_reporting_verb_gives_nobody_the_floor() {
        let found = statements(
            "These principles appear in previous works that the U.S. has supported. These goals \
             are also the basis for many sets of principles, notably including the Brazilian \
             Internet Steering Committee's principles and the United States' International \
             Strategy for Cyberspace. We welcome the consideration of similar principles.\n\n\
             The United States stressed that the Internet must stay open.\n\n\
             The representative of China said that sovereignty applied in cyberspace.\n\n\
             The representative of the United States said that existing law applied there.\n",
        );
        let own = |d: &str| (d.to_string(), d.to_string(), String::new());
        assert_eq!(found, [own("United States"), own("United States"), own("China"), own("United States")]);
    }

    #[test]
    fn a_delegate_speaking_for_a_group_holds_the_floor_for_it() {
        let found = statements(
            "Cuba, speaking on behalf of the Group of 77 and China, said that developing countries \
             needed capacity. He added that the United Nations must lead.\n\n\
             The representative of China said that sovereignty applied to cyberspace.\n\n\
             Speaking for the European Union, Germany stressed that existing law applied. \
             Another delegate said that was not enough.\n",
        );
        let own = |d: &str| (d.to_string(), d.to_string(), String::new());
        let group = |g: &str, by: &str| (g.to_string(), by.to_string(), g.to_string());
        assert_eq!(
            found,
            [
                group("Group of 77", "Cuba"),
                own("China"),
                group("European Union", "Germany"),
                (String::new(), String::new(), String::new()),
            ]
        );
    }
}
