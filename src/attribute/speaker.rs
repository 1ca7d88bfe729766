//! Who holds the floor in one sentence of running text, from the sentence alone.
//!
//! The rules, in the order they are tried (the first that applies decides):
//! 1. an unnamed speaker describing a delegation's own case: "Another delegate explained
//!    Malaysia's experience ..." → Malaysia;
//! 2. people named in the subject, i.e. before the first reporting verb ("Ian Biggs and ...
//!    Olivia Preston voiced ..."), or right after it ("..., said Fu") → their delegations;
//! 3. a pronoun with a reporting verb ("..., he asserted"; not "said his delegation") → the
//!    current speaker goes on, even across a paragraph break;
//! 4. a reset cue at the start ("One argued ...", "Participants discussed ..."), or a passive
//!    opening with a reporting verb ("It was noted ...", not "It was time ...") → nobody, or
//!    the delegations it gives as examples ("Some delegations, including Australia and Japan,
//!    stressed ...");
//! 5. an anaphor at the start ("He ...", "The representative ...") → as 3, unless the role
//!    noun says whose it is ("The representative of (or from) China said": rule 6; "The
//!    representative of Kosovo", whom the gazetteer does not know: nobody);
//! 6. a delegation in a short subject ("Germany's Head of International Cyber Policy Martin
//!    Fleischer challenged ...", "South Africa's challenges were described") → the last
//!    delegation named there, with those joined to it when they open the subject ("Brazil and
//!    Mexico underlined ...", "The Russian Federation and China stated ..."); a name ending the
//!    subject is learnt for later sentences; a delegation's name right after a courtesy title
//!    is a person's ("Ms. Georgia Lewis"), and a subject that opens with a title and names no
//!    delegation → nobody;
//!    6b. a name and an apposition that gives the speaker's office of a delegation ("SERGEY
//!    LAVROV, Minister for Foreign Affairs of the Russian Federation, said ...", the UN's press
//!    releases) → that delegation;
//! 7. without a reporting verb, the first person the sentence names ("Mr. Li Baodong, Vice
//!    Foreign Minister of China, attended ...");
//! 8. otherwise the current speaker goes on, unless the sentence is in the first person outside
//!    quotation marks: the record's author speaks ([`SentenceRules::author_speaks`], which the
//!    walk applies, knowing whether a quotation runs on from the sentence before).
//!
//! Before any rule, an opening connective ("However, ") and a subordinate clause ("When the
//! representative of the United States asked ..., ") are read past to the main clause
//! ([`SentenceRules::main_clause`]), whose subject names the speaker.
//!
//! A coalition cue in the subject ("Cuba, speaking on behalf of the Group of 77 and China,
//! said") is read first and blanked out: the rules find the speaker (Cuba), and the floor passes
//! to them speaking for the group.

use super::coalition;
use super::gazetteer::{DelegationId, Gazetteer, Mention, POSSESSIVE_ENDINGS};
use super::lexicon::Lexicon;
use super::people::People;
use std::borrow::Cow;

/// A subject longer than this many words is not a speaker's description but a clause.
const MAX_SUBJECT_WORDS: usize = 15;
/// Rule 1 allows the cue plus this many words ("Another delegate") before the verb.
const MAX_CUE_WORDS: usize = 2;
/// Rule 6b: a speaker's name before their apposition has at most this many words.
const MAX_NAME_WORDS: usize = 5;
/// Rule 6b: an apposition has at most this many words ("President of the State of Palestine and
/// Chairman of the Executive Committee of the Palestine Liberation Organization" has 20).
const MAX_APPOSITION_WORDS: usize = 25;

/// Someone the sentence gives the floor to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// Who is credited with what is said: the speaker's own delegation, or the group they speak
    /// for.
    pub delegation: DelegationId,
    /// How the record names them: a person's name or the words that introduce them.
    pub name: String,
    pub voice: Voice,
}

/// Whom a speaker speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    /// Their own delegation.
    Own,
    /// A group (the speaker's `delegation`); `member` is the speaker's own delegation, `None`
    /// when the record does not name it ("One delegate, speaking for the Group of 77, ...").
    ForGroup { member: Option<DelegationId> },
}

impl Speaker {
    pub fn own(delegation: DelegationId, name: String) -> Self {
        Speaker {
            delegation,
            name,
            voice: Voice::Own,
        }
    }

    /// The same speaker, now speaking for `group`.
    pub fn for_group(self, group: DelegationId) -> Self {
        let member = self.speaker_delegation();
        Speaker {
            delegation: group,
            name: self.name,
            voice: Voice::ForGroup { member },
        }
    }

    /// The same speaker, now for their own delegation, if the record names it (a speaker for a
    /// group "in his national capacity").
    pub fn in_own_capacity(self) -> Option<Self> {
        match self.voice {
            Voice::Own => Some(self),
            Voice::ForGroup { member } => member.map(|member| Speaker::own(member, self.name)),
        }
    }

    /// The delegation whose representative speaks, if known.
    pub fn speaker_delegation(&self) -> Option<DelegationId> {
        match self.voice {
            Voice::Own => Some(self.delegation),
            Voice::ForGroup { member } => member,
        }
    }

    /// The group spoken for, if any.
    pub fn group(&self) -> Option<DelegationId> {
        matches!(self.voice, Voice::ForGroup { .. }).then_some(self.delegation)
    }
}

/// What one sentence says about who holds the floor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub evidence: Evidence,
    /// Whether the floor's speakers speak for their own delegations from this sentence on, not
    /// for the group they spoke for ("Speaking in his national capacity, he said ...").
    pub own_capacity: bool,
    /// The group the floor's speakers speak for from this sentence on, if its subject says so
    /// ("Cuba, speaking on behalf of the Group of 77 and China, said").
    pub for_group: Option<DelegationId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// The floor passes to these speakers (several for a joint statement).
    Speakers(Vec<Speaker>),
    /// The floor passes to someone the record does not name.
    Unnamed,
    /// The sentence refers back to the speaker ("He ...", "..., she observed"): the floor stays
    /// with them, even across a paragraph break.
    RefersBack,
    /// The sentence says nothing new about who speaks.
    Continues,
}

/// Whose a role noun opening a sentence says it is ([`SentenceRules::whose`]).
enum Whose {
    Delegation,
    Unknown,
    NotSaid,
}

pub struct SentenceRules<'a> {
    pub gazetteer: &'a Gazetteer,
    pub lexicon: &'a Lexicon,
}

impl SentenceRules<'_> {
    /// Decides who holds the floor in `sentence`, and for whom they speak; may learn a newly
    /// introduced person. A coalition cue in the subject is read, then blanked out so that the
    /// rules below see the speaker, not the group.
    pub fn read(&self, sentence: &str, people: &mut People) -> Reading {
        let sentence = &*self.main_clause(sentence);
        let cue = self
            .lexicon
            .reporting_verb
            .find(sentence)
            .and_then(|verb| coalition::find(&sentence[..verb.start()], self.gazetteer, self.lexicon));
        let own_capacity = self.lexicon.own_capacity.is_match(sentence);
        match cue {
            None => Reading {
                evidence: self.evidence(sentence, people),
                own_capacity,
                for_group: None,
            },
            Some(cue) => Reading {
                evidence: self.evidence(&coalition::without(sentence, &cue.span), people),
                own_capacity,
                for_group: Some(cue.group),
            },
        }
    }

    /// The part of `sentence` whose subject names its speaker: past an opening connective
    /// ("However, other delegations stressed ..." reads "Other delegations stressed ..."), and
    /// past a subordinate clause to the main one ("When the representative of the United States
    /// asked ..., the representative of China replied ...": China's, not the United States'),
    /// which is the first clause after a comma with a reporting verb of its own and no comma in
    /// its subject, and no relative clause ("..., which stressed ..."). The sentence itself when
    /// there is none.
    fn main_clause<'s>(&self, sentence: &'s str) -> Cow<'s, str> {
        let Some(connective) = self.lexicon.connective_opening.find(sentence) else {
            return Cow::Borrowed(self.after_subordinate_clause(sentence));
        };
        let rest = self.after_subordinate_clause(&sentence[connective.end()..]);
        let mut chars = rest.chars();
        match chars.next() {
            Some(first) => Cow::Owned(first.to_uppercase().chain(chars).collect()),
            None => Cow::Borrowed(rest),
        }
    }

    fn after_subordinate_clause<'s>(&self, sentence: &'s str) -> &'s str {
        if !self.lexicon.subordinate_opening.is_match(sentence) {
            return sentence;
        }
        let main = |clause: &&str| {
            let relative = clause.split_whitespace().next().is_some_and(|w| matches!(w, "who" | "whose" | "whom" | "which" | "that"));
            !relative && self.lexicon.reporting_verb.find(clause).is_some_and(|verb| !clause[..verb.start()].contains(", "))
        };
        sentence.match_indices(", ").map(|(i, _)| &sentence[i + 2..]).find(main).unwrap_or(sentence)
    }

    /// Rules 1-8 on one sentence.
    fn evidence(&self, sentence: &str, people: &mut People) -> Evidence {
        let verb = self.lexicon.reporting_verb.find(sentence);
        let subject = verb.map(|v| &sentence[..v.start()]);
        let after_verb = verb.map(|v| &sentence[v.end()..]);

        // 1. "Another delegate explained Malaysia's experience".
        if let (Some(subject), Some(after)) = (subject, after_verb) {
            let cue = subject.trim();
            if self.lexicon.reset_opening.is_match(cue) && cue.split_whitespace().count() <= MAX_CUE_WORDS {
                let object = after.trim_start();
                let offset = after.len() - object.len();
                if let Some(m) = self.gazetteer.mentions(after).first() {
                    if m.start == offset && m.possessive {
                        return self.speakers([(m.delegation, cue.to_string())]);
                    }
                }
            }
        }

        // 2. People named as the subject, or right after the verb.
        let in_subject: Vec<_> = match subject {
            Some(subject) => people.mentions(subject).into_iter().filter(|m| !m.possessive).collect(),
            None => Vec::new(),
        };
        if !in_subject.is_empty() {
            return self.speakers(in_subject.iter().map(|m| {
                let p = people.get(m.person);
                (p.delegation, p.name.clone())
            }));
        }
        if let Some(after) = after_verb {
            if let Some(m) = people.mentions(after).first() {
                if after[..m.start].trim().is_empty() {
                    let p = people.get(m.person);
                    return self.speakers([(p.delegation, p.name.clone())]);
                }
            }
        }

        // 3.-5.
        if self.lexicon.pronoun_report.is_match(sentence) {
            return Evidence::RefersBack;
        }
        if self.lexicon.reset_opening.is_match(sentence) {
            // "Some delegations, including Australia and Japan, stressed ...": those named.
            return match subject.and_then(|subject| self.examples(subject)) {
                Some(named) => self.speakers(named),
                None => Evidence::Unnamed,
            };
        }
        if let Some(anaphor) = self.lexicon.anaphor_opening.find(sentence) {
            match self.whose(&sentence[anaphor.end()..]) {
                Whose::NotSaid => return Evidence::RefersBack,
                // "The representative of Kosovo", "The delegate of Microsoft": someone the
                // gazetteer does not know takes the floor, not the speaker before.
                Whose::Unknown => return Evidence::Unnamed,
                Whose::Delegation => {}
            }
        }

        // 6. A delegation in a short subject.
        if let Some(subject) = subject {
            let phrase = subject_phrase(subject);
            if phrase.split_whitespace().count() <= MAX_SUBJECT_WORDS {
                // "Ms. Georgia Lewis", "Mr. Jordan Peters": a person's first name, not a delegation.
                let mentions: Vec<Mention> =
                    self.gazetteer.mentions(phrase).into_iter().filter(|m| !self.after_title(&phrase[..m.start])).collect();
                if let Some(m) = mentions.last() {
                    if let Some(name) = trailing_name(&phrase[m.end..]) {
                        people.learn(name, m.delegation);
                    }
                    // "Brazil and Mexico underlined ...": each of the delegations joined to
                    // the last; "UK-based IISS's Director ...": the last alone.
                    let speaker = phrase.trim().to_string();
                    let joint = self.joined_to_last(subject, phrase, m);
                    return self.speakers(joint.into_iter().map(|d| (d, speaker.clone())));
                }
            }
            // 6b. "SERGEY LAVROV, Minister for Foreign Affairs of the Russian Federation, said".
            if let Some((name, delegation)) = self.apposition(subject) {
                return self.speakers([(delegation, name.to_string())]);
            }
            // A person the record names by title, of no delegation it names ("Ms. Georgia Lewis,
            // a researcher at the Oxford Internet Institute, said"): not the speaker before.
            let opens_with_title = |title: &String| subject.trim_start().strip_prefix(title.as_str()).is_some_and(|rest| rest.starts_with(' '));
            if self.lexicon.titles.iter().any(opens_with_title) {
                return Evidence::Unnamed;
            }
            return Evidence::Continues;
        }

        // 7. No reporting verb: the first person named.
        if let Some(m) = people.mentions(sentence).into_iter().find(|m| !m.possessive) {
            let p = people.get(m.person);
            return self.speakers([(p.delegation, p.name.clone())]);
        }
        Evidence::Continues
    }

    /// Whether `before` (the text before a name) ends with a courtesy title ("Ms. "), which makes
    /// the name a person's ("Ms. Georgia Lewis").
    fn after_title(&self, before: &str) -> bool {
        let before = before.trim_end();
        self.lexicon.titles.iter().any(|title| {
            before.strip_suffix(title.as_str()).is_some_and(|rest| rest.is_empty() || rest.ends_with(char::is_whitespace))
        })
    }

    /// Rule 6b: the speaker a subject names with an apposition, the way the UN's press releases
    /// open each speaker's paragraph ("DILMA ROUSSEFF, President of Brazil, said ...", "Georgina
    /// Sargison, an official from New Zealand's Ministry of Foreign Affairs and Trade, argued
    /// ..."): the name, and the first delegation the apposition names after "of", "from" or
    /// "for", whose office the speaker holds. A clause in that place ("Fu, who was responding to
    /// the United States, said ...", "..., replying to ...") names no speaker's delegation.
    fn apposition<'s>(&self, subject: &'s str) -> Option<(&'s str, DelegationId)> {
        let (name, apposition) = subject.trim_end().strip_suffix(',')?.split_once(", ")?;
        let name = name.trim();
        let opens_clause = apposition
            .split_whitespace()
            .next()
            .is_some_and(|w| matches!(w, "who" | "whose" | "whom" | "which" | "that") || w.ends_with("ing"));
        if !name.starts_with(char::is_uppercase)
            || name.split_whitespace().count() > MAX_NAME_WORDS
            || apposition.split_whitespace().count() > MAX_APPOSITION_WORDS
            || opens_clause
        {
            return None;
        }
        let whose = |m: &&Mention| {
            let before = apposition[..m.start].trim_end();
            let before = before.strip_suffix(" the").unwrap_or(before);
            [" of", " from", " for"].iter().any(|word| before.ends_with(word))
        };
        let mentions = self.gazetteer.mentions(apposition);
        mentions.iter().find(whose).map(|m| (name, m.delegation))
    }

    /// The delegations named after an example cue in an unnamed subject ("Some delegations,
    /// including Australia and the Islamic Republic of Iran,"), when nothing but joiners stands
    /// between, before and after them.
    fn examples(&self, subject: &str) -> Option<Vec<(DelegationId, String)>> {
        let cue = self.lexicon.example_cue.find(subject)?;
        let listed = &subject[cue.end()..];
        let mentions = self.gazetteer.mentions(listed);
        let (first, last) = (mentions.first()?, mentions.last()?);
        let joined = |gap: &str| self.lexicon.joined.is_match(gap);
        let all_joined = joined(&listed[..first.start])
            && joined(strip_possessive(&listed[last.end..]))
            && mentions.windows(2).all(|pair| joined(&listed[pair[0].end..pair[1].start]));
        let named = cue.as_str().to_string();
        all_joined.then(|| mentions.iter().map(|m| (m.delegation, named.clone())).collect())
    }

    /// The delegation `last` names in `phrase` (a part of `subject`) and those joined to it
    /// before ("Brazil, Mexico and Chile", "China's and Russia's"), in order, when they open
    /// their clause: in "Ms. Spasova, who worked on law reform in Moldova and Bulgaria noted"
    /// they are places, and the last alone is kept, as for one name.
    fn joined_to_last(&self, subject: &str, phrase: &str, last: &Mention) -> Vec<DelegationId> {
        let phrase_start = phrase.as_ptr() as usize - subject.as_ptr() as usize;
        let mentions: Vec<Mention> = self.gazetteer.mentions(subject);
        let Some(last) = mentions.iter().position(|m| m.start == phrase_start + last.start) else {
            return vec![last.delegation];
        };
        let mut first = last;
        while first > 0 && self.lexicon.joined.is_match(&subject[mentions[first - 1].end..mentions[first].start]) {
            first -= 1;
        }
        let before = &subject[..mentions[first].start];
        let clause_start = before.rfind(", ").map_or(0, |comma| comma + 2);
        if !self.lexicon.joined.is_match(&before[clause_start..]) {
            first = last;
        }
        mentions[first..=last].iter().map(|m| m.delegation).collect()
    }

    /// Whose a role noun is ("The representative| of China"): a delegation's, then it names
    /// them rather than referring back; someone's the gazetteer does not know ("of Kosovo", "of
    /// the Internet Society"); or not said ("The representative said", "of his country").
    fn whose(&self, after_role: &str) -> Whose {
        // "The representative from Japan" too: it was taken for the speaker before.
        let Some(rest) = after_role.strip_prefix(" of ").or_else(|| after_role.strip_prefix(" from ")) else {
            return Whose::NotSaid;
        };
        let rest = rest.strip_prefix("the ").unwrap_or(rest);
        if self.gazetteer.mentions(rest).first().is_some_and(|m| m.start == 0) {
            Whose::Delegation
        } else if rest.starts_with(char::is_uppercase) {
            Whose::Unknown
        } else {
            Whose::NotSaid
        }
    }

    /// The delegation a paragraph is labelled with, the way a compilation of positions or a
    /// chair's annex sets them out: its name and a colon open the paragraph, and a sentence
    /// follows ("China: The draft should recognise ...", "UNITED STATES: We oppose ..."). The
    /// label may name a group ("European Union:").
    pub fn paragraph_label(&self, paragraph: &str) -> Option<Speaker> {
        self.line_label(paragraph).flatten()
    }

    /// What a line opening with a delegation's whole name and a colon says: `None` when it does
    /// not so open; `Some(None)` when no sentence follows, a title ("Brazil: an overview of the
    /// Marco Civil"); `Some(Some(speaker))` for a label ([`Self::paragraph_label`]).
    pub fn line_label(&self, text: &str) -> Option<Option<Speaker>> {
        let (delegation, label, rest) = self.named_before_colon(text)?;
        // A sentence, not a list of definitions ("UNITED STATES: AAP: Association of American
        // Publishers; ESA: ...", the acronyms of a NETmundial contribution).
        let first_word = rest.split_whitespace().next().unwrap_or_default();
        let opens_sentence = rest.starts_with(' ') && first_word.starts_with(char::is_uppercase) && !first_word.ends_with(':');
        Some(opens_sentence.then(|| Speaker::own(delegation, label.to_string())))
    }

    /// The delegation whose whole name (in capitals or not) is all that stands before `text`'s
    /// first colon, with that label and what follows the colon. An article before the name and
    /// a short form in brackets after it are part of a label ("The Russian Federation:",
    /// "Republic of Korea (ROK):"); without them, such a line went on with the label before.
    fn named_before_colon<'t>(&self, text: &'t str) -> Option<(DelegationId, &'t str, &'t str)> {
        let (label, rest) = text.split_once(':')?;
        let name = ["The ", "THE "].iter().find_map(|article| label.strip_prefix(article)).unwrap_or(label);
        // "Iran (Islamic Republic of)" is a name whole, "Republic of Korea (ROK)" without its
        // short form.
        let without_short_form = name.strip_suffix(')').and_then(|n| n.rsplit_once(" (")).map(|(name, _)| name);
        let whole_name = |name: &str| {
            let in_capitals = name.chars().any(char::is_uppercase) && !name.chars().any(char::is_lowercase);
            let mentions = if in_capitals { self.gazetteer.mentions_in_capitals(name) } else { self.gazetteer.mentions(name) };
            mentions.first().filter(|m| m.start == 0 && m.end == name.len()).map(|m| m.delegation)
        };
        let delegation = whole_name(name).or_else(|| without_short_form.and_then(whole_name))?;
        Some((delegation, label, rest))
    }

    /// Whether the record's author speaks in `sentence`: a first-person word outside quotation
    /// marks ("In our view, ...", "Quite often we talk about ..."). A reported speaker's words
    /// are in the third person ("said his delegation would ...") or quoted, so such a sentence
    /// does not continue the speaker reported before it: read without its manifest row, a
    /// civil-society paper gave its "We believe ..." to ICANN, named a sentence earlier. "I"
    /// counts only as a pronoun: before a lower-case word, not after a capitalised one ("Annex
    /// I", "World War I").
    pub fn author_speaks(&self, sentence: &str) -> bool {
        let unquoted = outside_quotations(sentence);
        self.lexicon.first_person.find_iter(&unquoted).any(|word| {
            if word.as_str() != "I" {
                return true;
            }
            let before: Vec<&str> = unquoted[..word.start()].split_whitespace().collect();
            let after_a_name = match before.as_slice() {
                [] | [_] => false, // "I ...", "As I ...": a capital opening the sentence is no name.
                [.., previous] => previous.starts_with(char::is_uppercase) && !previous.ends_with([',', ';', ':']),
            };
            let before_a_word = unquoted[word.end()..].split_whitespace().next().is_some_and(|w| w.starts_with(char::is_lowercase));
            before_a_word && !after_a_name
        })
    }

    fn speakers(&self, found: impl IntoIterator<Item = (DelegationId, String)>) -> Evidence {
        let mut speakers: Vec<Speaker> = Vec::new();
        for (delegation, name) in found {
            if !speakers.iter().any(|s| s.delegation == delegation) {
                speakers.push(Speaker::own(delegation, name));
            }
        }
        Evidence::Speakers(speakers)
    }
}

/// `text` without what it quotes: the spans between “ and ” or between two straight double
/// quotes, and from a quotation mark left open to the end.
fn outside_quotations(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut open: Option<char> = None;
    for c in text.chars() {
        match (open, c) {
            (None, '“' | '"') => open = Some(c),
            (Some('“'), '”') | (Some('"'), '"') => open = None,
            (None, _) => kept.push(c),
            (Some(_), _) => {}
        }
    }
    kept
}

/// Whether a quotation is open after `sentence`, given whether one was open before it: a
/// quotation may run over several sentences (“We oppose ... . We support ...”).
pub fn quotation_open_after(sentence: &str, open_before: bool) -> bool {
    let mut open = open_before;
    for c in sentence.chars() {
        match c {
            '“' => open = true,
            '”' => open = false,
            '"' => open = !open,
            _ => {}
        }
    }
    open
}

/// `text` without the possessive ending it may open with ("'s, ...").
fn strip_possessive(text: &str) -> &str {
    POSSESSIVE_ENDINGS.iter().find_map(|ending| text.strip_prefix(ending)).unwrap_or(text)
}

/// The part of a subject that names the speaker: after a leading clause ("Looking ahead to
/// ..., China called"), or before an apposition ("Georgina Sargison, an official from ...,").
fn subject_phrase(subject: &str) -> &str {
    match subject.rfind(", ") {
        Some(i) if !subject[i + 2..].trim().is_empty() => &subject[i + 2..],
        Some(_) => subject.split(", ").next().unwrap_or(subject),
        None => subject,
    }
}

/// A person's name closing a speaker's description: the last two capitalised words, if the
/// description goes on after the delegation ("State Department Deputy Coordinator for Cyber
/// Issues Tom Dukes" → "Tom Dukes").
fn trailing_name(after_delegation: &str) -> Option<&str> {
    let words: Vec<&str> = after_delegation.split_whitespace().collect();
    if words.len() < 3 {
        return None;
    }
    let name = &words[words.len() - 2..];
    let is_name_word = |w: &&str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase)
            && chars.clone().count() >= 1
            && chars.all(|c| c.is_lowercase() || c == '-')
    };
    if !name.iter().all(is_name_word) {
        return None;
    }
    let start = after_delegation.rfind(name[0])?;
    Some(after_delegation[start..].trim_end())
}
