//! The words records use to hand over the floor (`data/attribution.toml`): reporting verbs,
//! anaphors, cues that a new, unnamed speaker is talking, and courtesy titles.

use crate::error::{Error, Result};
use crate::resources;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    reporting_verbs: Vec<String>,
    anaphors: Vec<String>,
    reset_cues: Vec<String>,
    titles: Vec<String>,
}

#[derive(Debug)]
pub struct Lexicon {
    /// Any reporting verb, as a whole word, case-insensitive.
    pub reporting_verb: Regex,
    /// "he said", "she observed", "said he": the floor stays with the current speaker.
    pub pronoun_report: Regex,
    /// A sentence opening with an anaphor ("He ...", "The representative ...").
    pub anaphor_opening: Regex,
    /// A sentence opening with a reset cue ("One argued ...", "Participants discussed ...").
    pub reset_opening: Regex,
    pub titles: Vec<String>,
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
        let words = |list: &[String]| {
            let mut escaped: Vec<String> = list.iter().map(|w| regex::escape(w.trim())).collect();
            escaped.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            escaped.dedup();
            escaped.join("|")
        };
        let build = |source: String, case_insensitive: bool| {
            RegexBuilder::new(&source)
                .case_insensitive(case_insensitive)
                .build()
                .map_err(|e| Error::bad_input(path, None, format!("cannot build a matcher: {e}")))
        };
        let verbs = words(&file.reporting_verbs);
        let pronouns: Vec<String> = file
            .anaphors
            .iter()
            .filter(|a| !a.contains(' '))
            .map(|a| a.to_lowercase())
            .collect();
        let pronouns = words(&pronouns);
        Ok(Lexicon {
            reporting_verb: build(format!(r"\b(?:{verbs})\b"), true)?,
            pronoun_report: build(
                format!(r"\b(?:(?:{pronouns})\s+(?:also\s+)?(?:{verbs})|(?:{verbs})\s+(?:{pronouns}))\b"),
                true,
            )?,
            anaphor_opening: build(format!(r"^(?:{})\b", words(&file.anaphors)), false)?,
            reset_opening: build(format!(r"^(?:{})\b", words(&file.reset_cues)), false)?,
            titles: file.titles.iter().map(|t| t.trim().to_string()).collect(),
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
