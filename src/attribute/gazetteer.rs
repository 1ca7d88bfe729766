//! The gazetteer: every delegation `stance` can name, with its aliases and demonyms, read from
//! `data/gazetteer.toml`, and the matcher that finds them in text.

use crate::error::{Error, Result};
use crate::resources;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DelegationKind {
    State,
    Organisation,
    Group,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    kind: DelegationKind,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerFile {
    delegation: Vec<Entry>,
}

/// Index of a delegation in the gazetteer.
pub type DelegationId = usize;

/// A delegation named in a text. Offsets are byte offsets into that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub delegation: DelegationId,
    /// Followed by `'s`, `’s` or a bare apostrophe: "Germany's Head of ...".
    pub possessive: bool,
}

#[derive(Debug)]
pub struct Gazetteer {
    names: Vec<String>,
    /// Indexed like `names`.
    kinds: Vec<DelegationKind>,
    /// Every surface form (name, alias, demonym), as written.
    as_written: Matcher,
    /// The same in capitals, for text set in capitals ("STATEMENT BY ... JAPAN"): a form whose
    /// capitals would name two delegations is left out.
    capitals: Matcher,
}

/// Surface forms → delegation, and the regex that finds them.
#[derive(Debug)]
struct Matcher {
    forms: HashMap<String, DelegationId>,
    /// All forms, longest first, so that the leftmost match is also the longest.
    pattern: Regex,
}

impl Matcher {
    fn new(forms: HashMap<String, DelegationId>, path: &Path) -> Result<Self> {
        let pattern = alternation(forms.keys().map(String::as_str))
            .map_err(|e| Error::bad_input(path, None, format!("cannot build the name matcher: {e}")))?;
        Ok(Matcher { forms, pattern })
    }

    /// Every delegation named in `text`, left to right, longest match at each position.
    fn mentions(&self, text: &str) -> Vec<Mention> {
        self.pattern
            .find_iter(text)
            .filter_map(|m| {
                let delegation = *self.forms.get(m.as_str())?;
                Some(Mention {
                    start: m.start(),
                    end: m.end(),
                    delegation,
                    possessive: is_possessive(&text[m.end()..]),
                })
            })
            .collect()
    }
}

impl Gazetteer {
    pub fn load(path: &Path) -> Result<Self> {
        Self::parse(&resources::read_text(path)?, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let file: GazetteerFile = resources::parse_toml(text, path, "gazetteer")?;
        let mut names = Vec::new();
        let mut kinds = Vec::new();
        let mut forms: HashMap<String, DelegationId> = HashMap::new();
        for (id, entry) in file.delegation.into_iter().enumerate() {
            let surface = std::iter::once(&entry.name)
                .chain(&entry.aliases)
                .chain(&entry.demonyms);
            for form in surface {
                let form = form.trim();
                if form.is_empty() {
                    return Err(Error::bad_input(path, None, format!("{}: empty alias", entry.name)));
                }
                if let Some(&other) = forms.get(form) {
                    if other != id {
                        return Err(Error::bad_input(
                            path,
                            None,
                            format!(
                                "{form:?} names both {} and {}; an alias must name one delegation",
                                names[other], entry.name
                            ),
                        ));
                    }
                }
                forms.insert(form.to_string(), id);
            }
            names.push(entry.name);
            kinds.push(entry.kind);
        }
        let mut capital_forms: HashMap<String, Option<DelegationId>> = HashMap::new();
        for (form, &id) in &forms {
            let named = capital_forms.entry(form.to_uppercase()).or_insert(Some(id));
            if *named != Some(id) {
                *named = None;
            }
        }
        let capital_forms = capital_forms.into_iter().filter_map(|(form, id)| Some((form, id?))).collect();
        Ok(Gazetteer {
            names,
            kinds,
            as_written: Matcher::new(forms, path)?,
            capitals: Matcher::new(capital_forms, path)?,
        })
    }

    pub fn name(&self, id: DelegationId) -> &str {
        &self.names[id]
    }

    pub fn kind(&self, id: DelegationId) -> DelegationKind {
        self.kinds[id]
    }

    /// The delegation whose canonical name is `name` exactly.
    pub fn by_name(&self, name: &str) -> Option<DelegationId> {
        self.names.iter().position(|n| n == name)
    }

    /// The delegation a surface form names exactly ("PRC" → China).
    pub fn lookup(&self, form: &str) -> Option<DelegationId> {
        self.as_written.forms.get(form.trim()).copied()
    }

    /// Every delegation named in `text`, left to right, longest match at each position.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        self.as_written.mentions(text)
    }

    /// The same for a text set in capitals ("STATEMENT BY H.E. MR. FUMIO KISHIDA, PRIME
    /// MINISTER OF JAPAN"), where names are not written as the gazetteer writes them.
    pub fn mentions_in_capitals(&self, text: &str) -> Vec<Mention> {
        self.capitals.mentions(text)
    }
}

/// A regex matching any of `forms` as whole words, longest first (see [`alternation_source`]).
pub fn alternation<'a>(forms: impl Iterator<Item = &'a str>) -> std::result::Result<Regex, regex::Error> {
    RegexBuilder::new(&alternation_source(forms, true)).size_limit(64 << 20).build()
}

/// The source of a regex matching any of `forms` (trimmed; empty ones ignored), longest first
/// so that a form wins over another it begins with. With `word_bounds`, a word boundary is
/// required on a side where the form begins or ends with a word character ("U.S." may be
/// followed by anything). Without any form, a pattern that matches nothing: an empty alternation
/// would match everywhere.
pub fn alternation_source<'a>(forms: impl Iterator<Item = &'a str>, word_bounds: bool) -> String {
    let mut forms: Vec<&str> = forms.map(str::trim).filter(|form| !form.is_empty()).collect();
    if forms.is_empty() {
        return r"[^\s\S]".to_string();
    }
    forms.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    forms.dedup();
    let bound = |c: Option<char>| match c {
        Some(c) if word_bounds && (c.is_alphanumeric() || c == '_') => r"\b",
        _ => "",
    };
    let alternatives: Vec<String> = forms
        .iter()
        .map(|form| format!("{}{}{}", bound(form.chars().next()), regex::escape(form), bound(form.chars().last())))
        .collect();
    format!("(?:{})", alternatives.join("|"))
}

/// The endings that make a name possessive, longest first ("China's", "the Philippines'"),
/// straight or curly.
pub const POSSESSIVE_ENDINGS: [&str; 4] = ["'s", "’s", "'", "’"];

/// Whether the text right after a name makes it possessive.
pub fn is_possessive(after: &str) -> bool {
    let rest = POSSESSIVE_ENDINGS.iter().find_map(|ending| after.strip_prefix(ending));
    rest.is_some_and(|r| !r.chars().next().is_some_and(char::is_alphanumeric))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let toml = r#"
            [[delegation]]
            name = "China"
            kind = "state"
            aliases = ["PRC", "People's Republic of China"]
            demonyms = ["Chinese"]
            [[delegation]]
            name = "CICIR"
            kind = "organisation"
            aliases = ["China Institute of Contemporary International Relations"]
            [[delegation]]
            name = "United States"
            kind = "state"
            aliases = ["U.S."]
        "#;
        Gazetteer::parse(toml, Path::new("test.toml")).unwrap()
    }

    /// A manifest made from a UN list names states in the UN's own short forms, the long name
    /// in parentheses or after a comma: each is the state the records name otherwise, not a
    /// delegation of its own. A verbatim record of the Cold War labels its delegates by their
    /// states' names of then: the corpus manifest's name of their speeches answers.
    #[test]
    fn the_shipped_gazetteer_knows_the_un_forms_of_state_names() {
        let shipped = crate::resources::locate(crate::resources::GAZETTEER);
        let g = Gazetteer::load(&shipped).unwrap();
        for (form, name) in [
            ("Iran (Islamic Republic of)", "Iran"),
            ("Venezuela (Bolivarian Republic of)", "Venezuela"),
            ("Bolivia (Plurinational State of)", "Bolivia"),
            ("Micronesia (Federated States of)", "Micronesia"),
            ("Netherlands (Kingdom of the)", "Netherlands"),
            ("Korea, Republic of", "Republic of Korea"),
            ("United Kingdom of Great Britain and Northern Ireland", "United Kingdom"),
            ("Union of Soviet Socialist Republics", "Russian Federation"),
            ("Byelorussian Soviet Socialist Republic", "Belarus"),
            ("Ukrainian Soviet Socialist Republic", "Ukraine"),
            ("Upper Volta", "Burkina Faso"),
            ("Democratic Kampuchea", "Cambodia"),
        ] {
            assert_eq!(g.lookup(form).map(|id| g.name(id)), Some(name), "{form}");
        }
        let found: Vec<&str> = g.mentions("Iran (Islamic Republic of) said").iter().map(|m| g.name(m.delegation)).collect();
        assert_eq!(found, ["Iran"]);
    }

    /// A State Department cable names governments and delegations in its own abbreviations:
    /// "USG representatives stressed ...", "USDEL said ...", "The GOJ argued ...", "HMG
    /// noted ...". Each named nobody.
    #[test]
    fn the_shipped_gazetteer_knows_a_cables_names_of_governments() {
        let g = Gazetteer::load(&crate::resources::locate(crate::resources::GAZETTEER)).unwrap();
        let found: Vec<&str> = g
            .mentions("USG and USDEL (USDel), USUN, the GOJ (GoJ), HMG, the PRC and the ROK")
            .iter()
            .map(|m| g.name(m.delegation))
            .collect();
        assert_eq!(
            found,
            [
                "United States", "United States", "United States", "United States", "Japan", "Japan", "United Kingdom",
                "China", "Republic of Korea"
            ]
        );
    }

    #[test]
    fn longest_match_wins_and_possessives_count() {
        let g = gazetteer();
        let found: Vec<(&str, bool)> = g
            .mentions("The China Institute of Contemporary International Relations and China's U.S. policy; Chinas")
            .iter()
            .map(|m| (g.name(m.delegation), m.possessive))
            .collect();
        assert_eq!(found, vec![("CICIR", false), ("China", true), ("United States", false)]);
    }

    #[test]
    fn names_in_capitals_are_found_in_text_set_in_capitals() {
        let g = gazetteer();
        let found: Vec<&str> = g
            .mentions_in_capitals("STATEMENT BY H.E. MR. WANG YI OF THE PEOPLE'S REPUBLIC OF CHINA TO THE UNITED STATES")
            .iter()
            .map(|m| g.name(m.delegation))
            .collect();
        assert_eq!(found, ["China", "United States"]);
        assert!(g.mentions("THE PEOPLE'S REPUBLIC OF CHINA").is_empty(), "in prose, names are matched as written");
    }

    #[test]
    fn an_alias_naming_two_delegations_is_refused() {
        let toml = r#"
            [[delegation]]
            name = "A"
            kind = "state"
            aliases = ["X"]
            [[delegation]]
            name = "B"
            kind = "state"
            aliases = ["X"]
        "#;
        let err = Gazetteer::parse(toml, Path::new("g.toml")).unwrap_err().to_string();
        assert!(err.contains("\"X\" names both A and B"), "{err}");
    }
}
