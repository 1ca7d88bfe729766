//! Who is who: people named in a conference's participant lists (and introduced in its text),
//! each with the delegation they speak for, so that "Fu asserted" can be attributed.
//!
//! A participant-list line reads "Mr. FU Cong, Coordinator for Cyber Affairs, Ministry of
//! Foreign Affairs, China": a name (surname in capitals), then the role and affiliation; the
//! first delegation the affiliation names is the person's. A person is later recognised by
//! their full name in either order ("Fu Cong", "Georgina Sargison") or by surname alone
//! ("Fu"), unless that surname belongs to people of different delegations.

use super::gazetteer::{alternation, is_possessive, DelegationId, Gazetteer};
use super::lexicon::Lexicon;
use regex::Regex;
use std::collections::{HashMap, HashSet};

/// Names in a participant list have at most this many words (titles aside).
const MAX_NAME_WORDS: usize = 5;

#[derive(Debug, Clone)]
pub struct Person {
    /// The name as the record gives it, titles removed ("Fu Cong").
    pub name: String,
    pub delegation: DelegationId,
}

/// A person named in a text; byte offsets into that text.
#[derive(Debug, Clone, Copy)]
pub struct PersonMention {
    pub start: usize,
    pub end: usize,
    pub person: usize,
    pub possessive: bool,
}

#[derive(Debug, Clone, Default)]
pub struct People {
    persons: Vec<Person>,
    /// Surface form → person; `None` where the form is shared by different delegations.
    forms: HashMap<String, Option<usize>>,
    pattern: Option<Regex>,
    /// Words that are never a surname on their own (lower case).
    common_words: HashSet<String>,
}

impl People {
    /// Reads every participant-list line of `texts` (a conference's back matter).
    pub fn from_participant_lists<'a>(
        texts: impl IntoIterator<Item = &'a str>,
        gazetteer: &Gazetteer,
        lexicon: &Lexicon,
    ) -> People {
        let mut people = People {
            // A surname such as "HE" must not turn every "He said" into that person.
            common_words: lexicon.function_words(),
            ..People::default()
        };
        for line in texts.into_iter().flat_map(str::lines) {
            if let Some((name, delegation)) = parse_participant(line, gazetteer, lexicon) {
                people.add(&name, delegation);
            }
        }
        people.rebuild();
        people
    }

    pub fn get(&self, person: usize) -> &Person {
        &self.persons[person]
    }

    /// Adds a person introduced in the text ("State Department Deputy Coordinator ... Tom
    /// Dukes"), so that later sentences can name them by surname.
    pub fn learn(&mut self, name: &str, delegation: DelegationId) {
        if self.add(name, delegation) {
            self.rebuild();
        }
    }

    /// Everyone named in `text`, left to right.
    pub fn mentions(&self, text: &str) -> Vec<PersonMention> {
        let Some(pattern) = &self.pattern else {
            return Vec::new();
        };
        pattern
            .find_iter(text)
            .filter_map(|m| {
                let person = (*self.forms.get(m.as_str())?)?;
                Some(PersonMention {
                    start: m.start(),
                    end: m.end(),
                    person,
                    possessive: is_possessive(&text[m.end()..]),
                })
            })
            .collect()
    }

    /// Registers `name`; returns whether anything new was learnt.
    fn add(&mut self, name: &str, delegation: DelegationId) -> bool {
        let words: Vec<&str> = name.split_whitespace().collect();
        let (surname, given): (Vec<&str>, Vec<&str>) =
            words.iter().partition(|w| is_capitalised_surname(w));
        let mut forms = vec![words.iter().map(|w| title_case(w)).collect::<Vec<_>>().join(" ")];
        if !surname.is_empty() && !given.is_empty() {
            let surname = surname.iter().map(|w| title_case(w)).collect::<Vec<_>>().join(" ");
            let given_all = given.join(" ");
            forms.push(format!("{given_all} {surname}"));
            forms.push(format!("{surname} {given_all}"));
            forms.push(format!("{} {surname}", given[0]));
            forms.push(format!("{surname} {}", given[0]));
            if !self.common_words.contains(&surname.to_lowercase()) {
                forms.push(surname);
            }
        }
        let display = forms[0].clone();
        let existing = self.persons.iter().position(|p| p.name == display && p.delegation == delegation);
        let id = existing.unwrap_or_else(|| {
            self.persons.push(Person {
                name: display,
                delegation,
            });
            self.persons.len() - 1
        });
        let mut changed = existing.is_none();
        for form in forms {
            let entry = self.forms.entry(form).or_insert_with(|| {
                changed = true;
                Some(id)
            });
            if let Some(other) = *entry {
                if self.persons[other].delegation != delegation {
                    *entry = None;
                    changed = true;
                }
            }
        }
        changed
    }

    fn rebuild(&mut self) {
        let usable = self.forms.iter().filter(|(_, p)| p.is_some()).map(|(f, _)| f.as_str());
        // The forms are escaped names; building cannot fail short of the size limit, and a
        // conference with no usable names simply has no matcher.
        self.pattern = alternation(usable).ok();
    }
}

/// "Mr. FU Cong, Coordinator ..., China" → ("FU Cong", China).
fn parse_participant(line: &str, gazetteer: &Gazetteer, lexicon: &Lexicon) -> Option<(String, DelegationId)> {
    let (name, affiliation) = line.trim().split_once(',')?;
    let mut name = name.trim();
    loop {
        let before = name;
        for title in &lexicon.titles {
            if let Some(rest) = name.strip_prefix(title.as_str()) {
                if rest.starts_with(char::is_whitespace) {
                    name = rest.trim_start();
                }
            }
        }
        if name == before {
            break;
        }
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let plausible = (2..=MAX_NAME_WORDS).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        });
    if !plausible {
        return None;
    }
    let delegation = gazetteer.mentions(affiliation).first()?.delegation;
    Some((words.join(" "), delegation))
}

/// Participant lists write surnames in capitals: "FU", "BASELEY-WALKER".
fn is_capitalised_surname(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
}

/// "FU" → "Fu", "BASELEY-WALKER" → "Baseley-Walker"; other words unchanged.
fn title_case(word: &str) -> String {
    if !is_capitalised_surname(word) {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn participants_are_known_by_full_name_and_surname() {
        let gazetteer = Gazetteer::parse(
            r#"
            [[delegation]]
            name = "China"
            kind = "state"
            [[delegation]]
            name = "New Zealand"
            kind = "state"
            "#,
            Path::new("g.toml"),
        )
        .unwrap();
        let lexicon = Lexicon::parse(
            r#"
            reporting_verbs = ["said"]
            anaphors = ["he"]
            reset_cues = ["One"]
            titles = ["Mr.", "Ms.", "H.E."]
            coalition_cues = []
            first_person = []
            first_person_speech_verbs = []
            "#,
            Path::new("a.toml"),
        )
        .unwrap();
        let annex = "H.E. Mr. LI Baodong, Vice Foreign Minister of China\n\
                     Ms. Georgina Elizabeth SARGISON, Policy Officer, New Zealand\n\
                     Session I: Cyberspace Policies, and more";
        let people = People::from_participant_lists([annex], &gazetteer, &lexicon);
        let named = |text: &str| -> Vec<&str> {
            people
                .mentions(text)
                .iter()
                .map(|m| gazetteer.name(people.get(m.person).delegation))
                .collect()
        };
        assert_eq!(named("Li told participants"), vec!["China"]);
        assert_eq!(named("Georgina Sargison, an official, argued"), vec!["New Zealand"]);
        assert_eq!(named("Sargison and Baodong Li"), vec!["New Zealand", "China"]);
        assert!(named("Session I").is_empty());
    }
}
