//! Stage 3: who speaks. Turns a record's layout into statements attributed to delegations.
//!
//! A record, or a part of one, is read in one of these ways:
//! - a delegation's own record (the manifest names its delegation, or each signatory of a joint
//!   statement): every sentence is theirs, but the presiding officer's turns;
//! - a section under a delegation heading ("Germany", or "Statement by Germany"; then a role
//!   line): every sentence of the section is that delegation's, with the role line as speaker;
//!   the section ends at the next heading, except in a record whose title is the delegation
//!   heading (a paper: "Contribution of Estonia ...", first or under a letterhead), where only
//!   another speaker's heading ends it;
//! - a turn under a verbatim record's speaker label ("Mr. Lavrov (Russian Federation) (spoke
//!   in Russian):"): every sentence until the next label or heading is the label's speaker's,
//!   nobody's for the presiding officer ([`label`]);
//! - a paragraph labelled with a delegation ("China: The draft should ..."): the delegation's;
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
mod label;
mod lexicon;
mod members;
mod people;
mod speaker;
mod walk;

pub use conference::ConferenceAttributor;
pub use gazetteer::Gazetteer;
pub use lexicon::Lexicon;
pub use members::Memberships;
pub use people::People;

use crate::error::Result;
use crate::types::{BlockKind, Document, Layout, Statement, UNATTRIBUTED};
use speaker::{SentenceRules, Speaker};
use walk::Walk;
use std::path::Path;

/// A heading names a delegation when it starts with the name and at most this many other words
/// follow, parentheses aside ("Sri Lanka CERT/CC", "CNCERT (China)"), unlike a section title
/// that starts with one ("China Calls for More Cyber Cooperation").
const HEADING_EXTRA_WORDS: usize = 2;
/// A speaker heading wrapped over lines, which the segmenter lays out as prose, has at most
/// this many words ("Address by Ms. Dilma Rousseff, President of the Federative Republic of
/// Brazil" has 13).
const WRAPPED_HEADING_MAX_WORDS: usize = 25;

/// What opened the section of a record that its text is in, when that was the record's title:
/// then the record is that delegation's paper, and its topic headings are its own. The title is
/// the first block, or a speaker heading before any prose, under a letterhead; not a bare name
/// among a contribution's front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Title {
    /// The section was not opened by the record's title.
    NotTheTitle,
    /// A bare name, the first block ("China", a compilation's first section): a heading that is
    /// a bare name opens the next delegation's section.
    BareName,
    /// A speaker heading ("Statement by ...", "Contribution of ..."): a heading that is a bare
    /// name ("ICANN", "European Union") is one of the paper's topics.
    SpeakerHeading,
}

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
        let rules = SentenceRules {
            gazetteer: &self.gazetteer,
            lexicon: &self.lexicon,
        };
        let mut walk = Walk::new(rules, people.clone());
        let mut previous_was_section_heading = false;
        let mut title = Title::NotTheTitle;
        let mut seen_prose = false;
        for (i, block) in layout.blocks.iter().enumerate() {
            match block.kind {
                BlockKind::Heading => {
                    walk.end_turn();
                    let speaker_heading = self.lexicon.heading_opener.is_match(block.text.trim());
                    let a_papers_topic = title == Title::SpeakerHeading && !speaker_heading;
                    if let Some(delegation) = self.heading_delegation(&block.text).filter(|_| !a_papers_topic) {
                        walk.enter_section(Speaker::own(delegation, String::new()), &block.text);
                        previous_was_section_heading = true;
                        title = match (i == 0 || (!seen_prose && speaker_heading), speaker_heading) {
                            (false, _) => Title::NotTheTitle,
                            (true, false) => Title::BareName,
                            (true, true) => Title::SpeakerHeading,
                        };
                        continue;
                    }
                    if previous_was_section_heading {
                        walk.name_section_speaker(&block.text);
                    } else if title == Title::NotTheTitle || speaker_heading {
                        walk.leave_section();
                        title = Title::NotTheTitle;
                    }
                }
                BlockKind::Prose => {
                    if let Some(delegation) = self.wrapped_speaker_heading(&block.text) {
                        walk.end_turn();
                        walk.enter_section(Speaker::own(delegation, String::new()), &block.text);
                        title = if seen_prose { Title::NotTheTitle } else { Title::SpeakerHeading };
                    }
                    seen_prose = true;
                    walk.paragraph(&block.sentences);
                }
                BlockKind::SpeakerLabel => walk.open_turn(&block.text),
            }
            previous_was_section_heading = false;
        }
        walk.finish()
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
            let own = self.speech(&name, layout).into_iter();
            statements.extend(own.filter(|statement| i == 0 || statement.delegation == name));
        }
        statements
    }

    /// The statements of a one-speaker record: the speaker's own, except sentences in which
    /// they say they speak for a group ([`coalition::speech_speaks_for`]), and the presiding
    /// officer's turns that a speech copied from a verbatim record keeps ("The Acting President:
    /// I now call on ..."), which are nobody's: from an office's label to the next label or
    /// heading.
    fn speech(&self, delegation: &str, layout: &Layout) -> Vec<Statement> {
        let mut statements: Vec<Statement> = Vec::new();
        let mut officer_speaks = false;
        for block in &layout.blocks {
            match block.kind {
                BlockKind::SpeakerLabel => officer_speaks = label::is_office(&block.text),
                BlockKind::Heading => officer_speaks = false,
                BlockKind::Prose => {}
            }
            for sentence in &block.sentences {
                let group = (!officer_speaks)
                    .then(|| coalition::speech_speaks_for(&sentence.text, &self.gazetteer, &self.lexicon))
                    .flatten()
                    .map(|id| self.gazetteer.name(id))
                    .filter(|&group| group != delegation);
                let (credited, speaker_delegation) = match officer_speaks {
                    true => (UNATTRIBUTED, UNATTRIBUTED),
                    false => (group.unwrap_or(delegation), delegation),
                };
                match statements.last_mut() {
                    Some(last) if last.delegation == credited => last.sentences.push(sentence.clone()),
                    _ => statements.push(Statement {
                        delegation: credited.to_string(),
                        speaker: String::new(),
                        speaker_delegation: speaker_delegation.to_string(),
                        on_behalf_of: group.unwrap_or_default().to_string(),
                        sentences: vec![sentence.clone()],
                    }),
                }
            }
        }
        statements
    }

    /// The delegation whose section a speaker heading wrapped over lines opens ("Address by Ms.
    /// Dilma Rousseff, President of the Federative Republic" / "of Brazil", as a two-column PDF
    /// prints a verbatim record): a short paragraph without a closing stop that opens with a
    /// heading opener and names one delegation. The segmenter lays it out as prose, a heading
    /// being one line; its words stay the section's.
    fn wrapped_speaker_heading(&self, text: &str) -> Option<gazetteer::DelegationId> {
        let text = text.trim();
        let short = text.split_whitespace().count() <= WRAPPED_HEADING_MAX_WORDS;
        let open = !text.ends_with(['.', '!', '?', ';', ':', ',']);
        (short && open && self.lexicon.heading_opener.is_match(text)).then(|| self.heading_delegation(text)).flatten()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::{self, locate};
    use crate::segment::{self, SegmentationRules};
    use crate::types::RecordSource;

    /// (delegation, speaker's delegation, group) of each statement of a record in reported speech.
    fn statements(text: &str) -> Vec<(String, String, String)> {
        statements_of(text, &[])
    }

    /// The same for a record a manifest gives to `delegations` (none: reported speech).
    fn statements_of(text: &str, delegations: &[&str]) -> Vec<(String, String, String)> {
        let attributor = Attributor::load(&locate(resources::GAZETTEER), &locate(resources::ATTRIBUTION)).unwrap();
        let rules = SegmentationRules::load(&locate(resources::SEGMENTATION)).unwrap();
        let doc = Document {
            source: RecordSource {
                id: "coverage.txt".into(),
                path: "coverage.txt".into(),
                conference: "test".into(),
                date: None,
                delegations: delegations.iter().map(|d| d.to_string()).collect(),
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

    /// A statement a delegation makes for itself, as [`statements`] gives it.
    fn own(delegation: &str) -> (String, String, String) {
        (delegation.to_string(), delegation.to_string(), String::new())
    }

    /// A statement of nobody the record names.
    fn nobody() -> (String, String, String) {
        Default::default()
    }

    /// "Statement by X" over a section gives it to X, wherever in the heading X is named, in
    /// capitals too; a heading naming two delegations, or none, gives the section to nobody. A
    /// compilation of views submitted to a UN working group titles contributions "Input from
    /// X", "Response of X", "Written statement by X": each section was nobody's.
    #[test]
    fn a_statement_heading_gives_its_section_to_the_one_delegation_it_names() {
        let found = statements(
            "Statement by the United States\n\n\
             The multistakeholder model must be preserved.\n\n\
             Response of the Russian Federation\n\n\
             A legally binding convention is needed.\n\n\
             Written statement by Canada\n\n\
             The free flow of information must be protected.\n\n\
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
        assert_eq!(
            found,
            [
                own("United States"),
                own("Russian Federation"),
                own("Canada"),
                own("China"),
                own("Japan"),
                own("Germany"),
                nobody(),
                nobody()
            ]
        );
    }

    /// A record whose title opens a delegation's section ("Contribution of the Republic of
    /// Estonia ...", under a letterhead or not) is that delegation's paper: its topic headings
    /// are its own sections, not a hand-back of the floor, even one that is a bare name
    /// ("ICANN", "European Union": they were ICANN's and the EU's, and the rest of the paper
    /// nobody's). A speaker heading that names nobody else ("Statement by the Chair") still ends
    /// it. Under a bare-name title ("China"), a compilation's first section, the next bare name
    /// opens the next delegation's section. A delegation heading inside a record (a
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
             ICANN\n\n\
             The stewardship transition must be completed.\n\n\
             European Union\n\n\
             Data protection rules must be respected.\n\n\
             Cooperation\n\n\
             Capacity building matters.\n\n\
             Statement by the Chair\n\n\
             The meeting rose at six.\n",
        );
        assert_eq!(paper, [own("Estonia"), nobody()]);
        let compilation = statements(
            "China\n\n\
             The draft should recognise sovereignty in cyberspace.\n\n\
             Russian Federation\n\n\
             A legally binding convention is needed.\n",
        );
        assert_eq!(compilation, [own("China"), own("Russian Federation")]);
        let report = statements(
            "Summary of the workshop\n\n\
             Germany\n\n\
             The Internet must stay open.\n\n\
             Session two\n\n\
             Capacity building was discussed at length.\n",
        );
        assert_eq!(report, [own("Germany"), nobody()]);
        let front_matter = statements(
            "Document\n\n\
             IIS Contribution on Internet governance principles\n\n\
             Senior Research Fellow, Institute for InfoSocinomics\n\n\
             Japan\n\n\
             We support a multi-stakeholder approach to Internet governance.\n\n\
             Human rights\n\n\
             Human rights should be equal online and offline.\n",
        );
        assert_eq!(front_matter, [own("Japan"), nobody()]);
    }

    /// A chair's summary names who said what in two ways the rules read as one speaker or none:
    /// a joint subject ("Brazil and Mexico underlined ...", each of them; only Mexico was; "Norway
    /// &amp; Sweden", a web page's ampersand, was Sweden's alone) and
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
             Norway &amp; Sweden recalled the Tallinn Manual.\n\n\
             Some delegations, including Australia and the Islamic Republic of Iran, stressed that \
             existing international law applies in cyberspace.\n\n\
             Several delegations stressed the value of regional organisations, such as ASEAN.\n\n\
             UK-based IISS's Director Nigel Inkster asked whether that was so.\n\n\
             Ms. Spasova, who worked on law reform in Moldova and Bulgaria noted the judges' doubts \
             about cybercrime.\n",
        );
        assert_eq!(
            found,
            [
                own("Brazil"),
                own("Mexico"),
                own("Chile"),
                own("Peru"),
                own("Colombia"),
                own("Norway"),
                own("Sweden"),
                own("Australia"),
                own("Iran"),
                nobody(),
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
        assert_eq!(found, [own("Russian Federation"), nobody(), own("United States"), own("Iran")]);
    }

    /// A role noun that says whose it is names the speaker: "The delegate of Microsoft", "The
    /// representative of Kosovo", whom the gazetteer does not know, take the floor from China
    /// (they went on as China's, and China's cells took their stances), as "The representative
    /// of the United States" does; "The representative of his country" refers back.
    #[test]
    fn a_role_noun_of_someone_unknown_gives_nobody_the_floor() {
        let found = statements(
            "The representative of China said that a new binding treaty on cyberspace was needed.\n\n\
             The delegate of Microsoft said that the multi-stakeholder model must be preserved.\n\n\
             The representative of the Internet Society said that the Internet must stay open.\n\n\
             The representative of Kosovo said that existing law applied. He added that the model worked.\n\n\
             The representative of the United States said that existing law applied.\n\n\
             The representative of his country said that the model should stay.\n",
        );
        assert_eq!(found, [own("China"), nobody(), nobody(), nobody(), own("United States"), own("United States")]);
    }

    /// A reporting verb is a lower-case word: "States" in "the United States' strategy" is a
    /// name, not "states". Taken for the verb, it made the subject end in "the Brazilian
    /// Internet Steering Committee's principles and the United", and gave the rest of the
    /// United States' NETmundial contribution, read without its manifest, to Brazil; and in a
    /// meeting's summary, "The representative of the United States said ..." was nobody's.
    /// ("We welcome ..." is the paper's author's, whom a record without its manifest row does
    /// not name.)
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
        assert_eq!(found, [own("United States"), nobody(), own("United States"), own("China"), own("United States")]);
    }

    /// A verbatim record (the UN's "PV", which carries the General Debate) gives each turn to
    /// the speaker its label names: the delegation in parentheses, the head of State that an
    /// "Address by ..." heading introduced, nobody for the presiding officer (whose label, on a
    /// short wrapped line, used to be dropped as a cable's "Key: value" metadata). Read as
    /// reported speech, every turn after the "Address by" heading was Brazil's: the United
    /// States' and Russia's stances with it.
    #[test]
    fn a_verbatim_record_gives_each_turn_to_its_labels_speaker() {
        let record = "Address by Ms. Dilma Rousseff, President of the Federative Republic of Brazil\n\n\
             The President: The Assembly will now hear an address by the President of Brazil.\n\
             President Rousseff (spoke in Portuguese; English text provided by the delegation): \
             Information technologies cannot be the new battlefield between States.\n\
             The United States must end its surveillance of other nations.\n\
             The President: On behalf of the General\n\
             Assembly, I wish to thank the President of Brazil.\n\
             Mr. Obama (United States of America): The Internet must stay open.\n\
             The Acting President:\n\
             I now give the floor to the Minister for Foreign Affairs of the Russian Federation.\n\
             Mr. Lavrov (Russian Federation) (spoke in Russian): The United Nations must lead.\n\
             Mr. Smith (Chair of the Working Group): The report is before the Assembly.\n\
             President Obama: Thank you.\n";
        assert_eq!(
            statements(record),
            [
                nobody(),
                own("Brazil"),
                nobody(),
                own("United States"),
                nobody(),
                own("Russian Federation"),
                nobody(),
            ]
        );
        // A speech copied from a verbatim record is its delegation's, but not the presiding
        // officer's turns in it.
        let speech = " President Al-Bashir (spoke in Arabic): It gives me great pleasure to address the Assembly.\n\
                      The Internet must be governed by States.\n\
                      The Acting President: I now call on the Minister for Foreign Affairs of Benin.\n";
        assert_eq!(statements_of(speech, &["Sudan"]), [own("Sudan"), nobody()]);
        assert_eq!(statements_of(speech, &["Sudan", "Chad"]), [own("Sudan"), nobody(), own("Chad")]);
        // A delegate who says they speak for a group speaks for it in that sentence, as in a
        // speech; the rest of the turn is their delegation's.
        let group = statements(
            " Mr. Moreno (Cuba) (spoke in Spanish): I have the honour to speak on behalf of the Group \
             of 77 and China. Cuba rejects unilateral coercive measures.\n\
             The Internet must be governed multilaterally.\n",
        );
        let for_group = ("Group of 77".to_string(), "Cuba".to_string(), "Group of 77".to_string());
        assert_eq!(group, [for_group, own("Cuba")]);
    }

    /// A first-person sentence outside quotation marks is the record's author's, not the
    /// speaker's reported before it: read without its manifest row, a civil-society paper gave
    /// its "Quite often we talk ..." and what followed to ICANN, named a sentence earlier. A
    /// quotation, over several sentences too, stays the speaker's, and so does "Annex I".
    #[test]
    fn the_authors_first_person_does_not_continue_a_reported_speaker() {
        let found = statements(
            "Recently, ICANN announced that new generic top-level domains had been delegated. \
             Quite often we talk about the Internet as an ecosystem. Diversity is vital to it.\n\n\
             The representative of Brazil stressed: “We support the multistakeholder model. Our \
             Government will host the meeting.” The Internet should remain open.\n\n\
             The representative of China said that Annex I countries had obligations. The \
             United Nations should lead on cyberspace.\n",
        );
        assert_eq!(found, [own("ICANN"), nobody(), own("Brazil"), own("China")]);
    }

    /// A verbatim record as a two-column PDF gives its text: short lines, the "Address by"
    /// heading over two of them (prose to the segmenter) and labels wrapped before their colon.
    /// Each turn is still its speaker's; all were nobody's. A wrapped title is a title too.
    #[test]
    fn a_verbatim_records_wrapped_heading_and_labels_are_read() {
        let found = statements(
            "Address by Ms. Dilma Rousseff, President of the\n\
             Federative Republic of Brazil\n\n\
             \x20  The President: The Assembly will now hear an\n\
             address by the President of Brazil.\n\
             \x20  President Rousseff (spoke in Portuguese;\n\
             English text provided by the delegation): Information\n\
             technologies cannot be the new battlefield between States.\n\
             \x20  Mr. Lavrov (Russian Federation) (spoke in\n\
             Russian): The United Nations must lead.\n",
        );
        assert_eq!(found, [own("Brazil"), nobody(), own("Brazil"), own("Russian Federation")]);
        // A paper's title wrapped so is its title: the paper is its delegation's through its
        // topic headings, as under a one-line title.
        let paper = statements(
            "Contribution of the Republic of Estonia to the Global\n\
             Multistakeholder Meeting on the Future of Internet Governance\n\n\
             Principles\n\n\
             The Internet must remain governed by all stakeholders.\n\n\
             International law\n\n\
             Existing international law applies to cyberspace.\n",
        );
        assert_eq!(paper, [own("Estonia")]);
    }

    /// A compilation of positions sets each delegation's out under its name and a colon: each
    /// paragraph so labelled is that delegation's (a group's too), in capitals as well, and "The
    /// representative added ..." after it goes on with it. All were nobody's. A colon after
    /// anything but a delegation's whole name, or before no sentence, labels nothing. Labelled
    /// lines not parted by blank lines are each their delegation's: Russia's line after Kenya's
    /// was Kenya's; a name before a title ("Brazil: an overview ...") ends the label before it.
    #[test]
    fn a_paragraph_labelled_with_a_delegation_is_its() {
        let found = statements(
            "**China:** The draft should recognise that States have sovereignty over ICT infrastructure.\n\n\
             **UNITED STATES:** We oppose any reference to a new treaty. Existing international law applies.\n\n\
             The representative added that the Charter applies in cyberspace.\n\n\
             - European Union: The EU supports the multistakeholder model.\n\n\
             Kenya: We call for more capacity building.\n\
             Kenya: We also call for a stronger Internet Governance Forum.\n\
             Russian Federation: We support a new convention on international information security.\n\
             Brazil: an overview of the public consultation.\n\
             It ran for two years.\n\n\
             Note: in the debate that followed, the Russian Federation said that the United Nations should \
             lead on all questions of international information security.\n\n\
             China's position: States are sovereign in cyberspace, and their sovereignty extends to the \
             infrastructure, data and content on their territory.\n\n\
             Brazil: an overview of the Marco Civil da Internet and of the public consultation that \
             preceded it over several years in the country.\n",
        );
        assert_eq!(
            found,
            [
                own("China"),
                own("United States"),
                own("United States"),
                own("European Union"),
                own("Kenya"),
                own("Russian Federation"),
                nobody(),
                own("Russian Federation"),
                nobody(),
                nobody()
            ]
        );
    }

    /// Found by a helper's trial of summaries and compilations, each credited to the wrong
    /// delegation before: a sentence whose subordinate clause names another delegation first
    /// (the United States', Australia's), one in the present tense ("China considers"), an
    /// unnamed subject after a connective ("However, other delegations") or an officer of the
    /// meeting (all Japan's), "The representative from" (Kenya's), labels with an article or a
    /// short form (the label's above), a person's first name after a title ("Ms. Georgia Lewis":
    /// Georgia's); and a joint subject after "The" was its last delegation's alone.
    #[test]
    fn the_main_clause_names_the_speaker_and_unnamed_subjects_hand_the_floor_to_nobody() {
        let found = statements(
            "The representative of Japan said that existing international law applies to cyberspace. \
             China considers that a new international instrument is needed. However, other delegations \
             stressed that a binding instrument was needed. The Chair noted the divergence of views.\n\n\
             When the representative of the United States asked whether the Internet should be placed under \
             the International Telecommunication Union, the representative of China replied that the United \
             Nations should lead. While Australia argued that voluntary norms were sufficient, Indonesia said \
             that they should be binding.\n\n\
             The representative of Kenya said that the United Nations should lead on capacity-building.\n\n\
             The representative from Japan said that existing international law applies in cyberspace.\n\n\
             The representative from the Internet Society said that the multistakeholder model works.\n\n\
             Brazil: Brazil supports the multistakeholder model of Internet governance.\n\
             The Russian Federation: We call for a binding convention under the United Nations.\n\
             Republic of Korea (ROK): Korea supports the free flow of information.\n\n\
             Ms. Georgia Lewis, a researcher at the Oxford Internet Institute, said that the Internet must stay \
             open.\n\n\
             The Russian Federation and China stated that a new convention was needed.\n",
        );
        assert_eq!(
            found,
            [
                own("Japan"),
                own("China"),
                nobody(),
                own("China"),
                own("Indonesia"),
                own("Kenya"),
                own("Japan"),
                nobody(),
                own("Brazil"),
                own("Russian Federation"),
                own("Republic of Korea"),
                nobody(),
                own("Russian Federation"),
                own("China"),
            ]
        );
    }

    /// The UN's press releases of the General Assembly open each speaker's paragraph with the
    /// name in capitals and an apposition giving the office ("DILMA ROUSSEFF, President of
    /// Brazil, said ..."): the office's delegation speaks, and "He added ..." goes on with it.
    /// All were nobody's. A clause in the apposition's place names no speaker's delegation.
    #[test]
    fn a_press_releases_speaker_is_the_delegation_of_their_office() {
        let found = statements(
            "DILMA ROUSSEFF, President of Brazil, said that electronic surveillance had caused \
             indignation. Information technologies could not be a battlefield between States.\n\n\
             BARACK OBAMA, President of the United States, said the Internet should remain open. He \
             added that existing international law applied in cyberspace.\n\n\
             SERGEY LAVROV, Minister for Foreign Affairs of the Russian Federation, called for a \
             universal convention on international information security.\n\n\
             Fu Cong, responding to the United States, said that China opposed hegemony in cyberspace.\n",
        );
        assert_eq!(found, [own("Brazil"), own("United States"), own("Russian Federation"), nobody()]);
    }

    #[test]
    fn a_delegate_speaking_for_a_group_holds_the_floor_for_it() {
        let found = statements(
            "Cuba, speaking on behalf of the Group of 77 and China, said that developing countries \
             needed capacity. He added that the United Nations must lead.\n\n\
             The representative of China said that sovereignty applied to cyberspace.\n\n\
             Speaking for the European Union, Germany stressed that existing law applied. \
             Another delegate said that was not enough.\n\n\
             Cuba, speaking on behalf of the Group of 77 and China, said that the United Nations must lead. \
             Speaking in his national capacity, he said that Cuba supported a new convention.\n",
        );
        let group = |g: &str, by: &str| (g.to_string(), by.to_string(), g.to_string());
        assert_eq!(
            found,
            [
                group("Group of 77", "Cuba"),
                own("China"),
                group("European Union", "Germany"),
                nobody(),
                // In his national capacity, Cuba's own (it stayed the Group's).
                group("Group of 77", "Cuba"),
                own("Cuba"),
            ]
        );
    }
}
