//! The words records use to hand over the floor (`data/attribution.toml`): reporting verbs,
//! anaphors, cues that a new, unnamed speaker is talking, courtesy titles, the phrases by
//! which a speaker speaks for a group, the openings of a heading over a delegation's section,
//! and the connectives and subordinate-clause openings read past to a sentence's main clause.

use super::gazetteer::alternation_source;
use crate::error::{Error, Result};
use crate::resources;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::path::Path;

/// Words allowed between a first-person word and its speech verb ("I have the honour to speak").
const FIRST_PERSON_SPEECH_GAP: usize = 4;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    reporting_verbs: Vec<String>,
    anaphors: Vec<String>,
    reset_cues: Vec<String>,
    titles: Vec<String>,
    coalition_cues: Vec<String>,
    first_person: Vec<String>,
    first_person_speech_verbs: Vec<String>,
    /// Optional, so that a lexicon written before it was read still loads.
    #[serde(default)]
    heading_openers: Vec<String>,
    /// Openings that hand the floor to nobody only when a reporting verb follows ("It was noted
    /// that ..."), not otherwise ("It was time to ..."). Optional, as above.
    #[serde(default)]
    passive_openings: Vec<String>,
    /// The pronouns that, beside a reporting verb, keep the floor ("..., he asserted", "said
    /// she"). Optional, as above: without them the one-word anaphors serve, possessives too.
    #[serde(default)]
    reporting_pronouns: Vec<String>,
    /// Words that introduce the delegations an unnamed subject stands for ("Some delegations,
    /// including Australia and Japan, stressed ..."). Optional, as above.
    #[serde(default)]
    example_cues: Vec<String>,
    /// Words that join delegations named together ("Brazil and Mexico", "Cuba, as well as the
    /// Islamic Republic of Iran"). Optional, as above: without them only commas join.
    #[serde(default)]
    joiners: Vec<String>,
    /// A sentence's opening connective ("However, ..."), read past. Optional, as above.
    #[serde(default)]
    connectives: Vec<String>,
    /// Words that open a subordinate clause before the main one ("When ..., the representative
    /// of China replied ..."). Optional, as above.
    #[serde(default)]
    subordinate_openings: Vec<String>,
    /// Phrases by which a speaker for a group turns to speak for their own delegation ("in his
    /// national capacity"). Optional, as above.
    #[serde(default)]
    own_capacity_cues: Vec<String>,
}

#[derive(Debug)]
pub struct Lexicon {
    /// Any reporting verb, as a whole word, in lower case as the lexicon gives it: a capital
    /// makes a name ("the United States", "Mr. Said"), not a verb.
    pub reporting_verb: Regex,
    /// "he said", "She observed", "said he" (the pronoun in any case): the floor stays with the
    /// current speaker.
    pub pronoun_report: Regex,
    /// A sentence opening with an anaphor ("He ...", "The representative ...").
    pub anaphor_opening: Regex,
    /// A sentence opening with a reset cue ("One argued ...", "Participants discussed ..."), or
    /// with a passive opening and a reporting verb ("It was noted ...").
    pub reset_opening: Regex,
    pub titles: Vec<String>,
    /// "on behalf of (the)", "speaking for (the)": a group's name may follow.
    pub coalition_cue: Regex,
    /// A first-person word ("I", "we", "our"), case as given.
    pub first_person: Regex,
    /// Text ending in a first-person speech verb ("I have the honour to speak "): what follows
    /// is said for whom it names.
    pub first_person_speech: Regex,
    /// A heading opening "Statement by", "Intervention of" ...: whom it then names, the section
    /// under it is theirs.
    pub heading_opener: Regex,
    /// "including", "such as": the delegations after it in an unnamed subject are its speakers.
    pub example_cue: Regex,
    /// What may stand between two delegations named together, whole: a possessive ending,
    /// commas and joiners ("'s and ", ", as well as the ").
    pub joined: Regex,
    /// A connective and its comma opening a sentence ("However, ", "In contrast, ").
    pub connective_opening: Regex,
    /// A sentence opening with a subordinate clause ("When ...", "While ...").
    pub subordinate_opening: Regex,
    /// "in his national capacity": a group's speaker speaks for their own delegation again.
    pub own_capacity: Regex,
    /// Every single word of the anaphors, cues and titles, lower case.
    words: Vec<String>,
}

impl Lexicon {
    /// Words that have a grammatical job in these lists ("he", "one", "mr"): never a name.
    pub fn function_words(&self) -> std::collections::HashSet<String> {
        self.words.iter().cloned().collect()
    }

    pub fn load(path: &Path) -> Result<Self> {
        Self::parse(&resources::read_text(path)?, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let file: LexiconFile = resources::parse_toml(text, path, "attribution lexicon")?;
        let words = |list: &[String]| alternation_source(list.iter().map(String::as_str), false);
        let build = |source: String, case_insensitive: bool| {
            RegexBuilder::new(&source)
                .case_insensitive(case_insensitive)
                .build()
                .map_err(|e| Error::bad_input(path, None, format!("cannot build a matcher: {e}")))
        };
        let verbs = words(&file.reporting_verbs);
        let pronouns = match file.reporting_pronouns.as_slice() {
            [] => &file.anaphors,
            listed => listed,
        };
        let pronouns: Vec<String> = pronouns.iter().filter(|a| !a.contains(' ')).map(|a| a.to_lowercase()).collect();
        let pronouns = words(&pronouns);
        let first_person = words(&file.first_person);
        Ok(Lexicon {
            reporting_verb: build(format!(r"\b(?:{verbs})\b"), false)?,
            pronoun_report: build(
                format!(r"\b(?:(?i:{pronouns})\s+(?:also\s+)?(?:{verbs})|(?:{verbs})\s+(?i:{pronouns}))\b"),
                false,
            )?,
            anaphor_opening: build(format!(r"^(?:{})\b", words(&file.anaphors)), false)?,
            reset_opening: build(
                format!(r"^(?:(?:{})\b|(?:{})\s+(?:{verbs})\b)", words(&file.reset_cues), words(&file.passive_openings)),
                false,
            )?,
            titles: file.titles.iter().map(|t| t.trim().to_string()).collect(),
            coalition_cue: build(format!(r"\b(?:{})\s+(?:the\s+)?", words(&file.coalition_cues)), true)?,
            first_person: build(format!(r"\b(?:{first_person})\b"), false)?,
            first_person_speech: build(
                format!(
                    r"\b(?:{first_person})\b(?:\s+\S+){{0,{FIRST_PERSON_SPEECH_GAP}}}?\s+(?:{})\s*$",
                    words(&file.first_person_speech_verbs)
                ),
                false,
            )?,
            heading_opener: build(format!(r"^(?:{})\b", words(&file.heading_openers)), true)?,
            example_cue: build(format!(r"\b(?:{})\b", words(&file.example_cues)), true)?,
            joined: build(format!(r"^(?:['’]s?)?[\s,]*(?:(?:{})[\s,]+)*$", words(&file.joiners)), false)?,
            connective_opening: build(format!(r"^(?:{}),\s+", words(&file.connectives)), false)?,
            subordinate_opening: build(format!(r"^(?:{})\b", words(&file.subordinate_openings)), false)?,
            own_capacity: build(format!(r"\b(?:{})\b", words(&file.own_capacity_cues)), true)?,
            words: file
                .anaphors
                .iter()
                .chain(&file.reset_cues)
                .chain(&file.titles)
                .flat_map(|phrase| phrase.split_whitespace())
                .map(|w| w.trim_end_matches('.').to_lowercase())
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_word_list_matches_nothing() {
        let lexicon = Lexicon::parse(
            r#"
            reporting_verbs = ["said"]
            anaphors = []
            reset_cues = []
            titles = []
            coalition_cues = []
            first_person = []
            first_person_speech_verbs = []
            "#,
            Path::new("a.toml"),
        )
        .unwrap();
        for text in ["One said", "the European Union", " ", "We speak"] {
            assert!(!lexicon.reset_opening.is_match(text), "{text:?}");
            assert!(!lexicon.anaphor_opening.is_match(text), "{text:?}");
            assert!(!lexicon.coalition_cue.is_match(text), "{text:?}");
            assert!(!lexicon.first_person_speech.is_match(text), "{text:?}");
            assert!(!lexicon.heading_opener.is_match(text), "{text:?}");
            assert!(!lexicon.connective_opening.is_match(text), "{text:?}");
            assert!(!lexicon.subordinate_opening.is_match(text), "{text:?}");
            assert!(!lexicon.own_capacity.is_match(text), "{text:?}");
        }
    }
}
