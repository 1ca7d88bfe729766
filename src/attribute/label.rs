//! Whose turn a verbatim record's speaker label opens. The UN's verbatim records ("PV") of the
//! General Assembly, which carry the General Debate, and of the Security Council print each turn
//! under a label: "The President:", "Mr. Lavrov (Russian Federation) (spoke in Russian):", or,
//! for a head of State or Government introduced by an "Address by ..." heading, "President
//! Rousseff (spoke in Portuguese; ...):". `segment` finds the labels (`speaker_label_pattern`);
//! this module reads them.

use super::gazetteer::{DelegationId, Gazetteer};
use super::people::People;
use super::speaker::Speaker;

/// Whose turn a label opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Turn {
    /// A delegation's: its delegate speaks, in the first person, until the next label.
    Speaker(Speaker),
    /// Nobody's the record names: the presiding officer ("The President"), or a speaker whose
    /// delegation the label does not give ("Mr. Smith (Chair of the Working Group)").
    Nobody,
    /// No new turn: a head of State's label ("President Obama") that neither the section's
    /// heading nor the participant list names, and that says nothing else. Whoever held the
    /// floor keeps it.
    Unknown,
}

/// The section a label stands in: its heading, and the delegation the heading names.
#[derive(Debug, Clone, Copy)]
pub struct Section<'a> {
    pub heading: &'a str,
    pub delegation: DelegationId,
}

/// Whether a label names an office, not a person ("The President", "The Acting Chair (spoke in
/// French)"): the only labels that open with "The".
pub fn is_office(label: &str) -> bool {
    label.split_whitespace().next().is_some_and(|first| first.eq_ignore_ascii_case("the"))
}

/// Whose turn `label` opens: the delegation in its parentheses ("(Russian Federation)"); else
/// nobody for an office; else the section's delegation when the section's heading ("Address by
/// Ms. Dilma Rousseff, President of the Federative Republic of Brazil") names the speaker
/// ("President Rousseff"); else the delegation the participant list gives the speaker.
pub fn turn(label: &str, section: Option<Section>, gazetteer: &Gazetteer, people: &People) -> Turn {
    let (who, notes) = split_notes(label);
    let speaker = |delegation| Turn::Speaker(Speaker::own(delegation, who.to_string()));
    if let Some(delegation) = notes.iter().find_map(|note| gazetteer.lookup(note)) {
        return speaker(delegation);
    }
    if is_office(who) {
        return Turn::Nobody;
    }
    if let Some(section) = section.filter(|s| surname(who).is_some_and(|name| names(s.heading, name))) {
        return speaker(section.delegation);
    }
    if let Some(mention) = people.mentions(who).first() {
        return speaker(people.get(mention.person).delegation);
    }
    if notes.is_empty() {
        Turn::Unknown
    } else {
        Turn::Nobody
    }
}

/// The words before the parentheses, and what each parenthesis holds: "Mr. Lavrov (Russian
/// Federation) (spoke in Russian)" → ("Mr. Lavrov", ["Russian Federation", "spoke in Russian"]).
/// One level of nesting is kept inside a note ("Bolivia (Plurinational State of)").
fn split_notes(label: &str) -> (&str, Vec<&str>) {
    let who_end = label.find('(').unwrap_or(label.len());
    let mut notes = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in label.char_indices().skip_while(|&(i, _)| i < who_end) {
        match c {
            '(' => {
                if depth == 0 {
                    start = i + 1;
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    notes.push(label[start..i].trim());
                }
            }
            _ => {}
        }
    }
    (label[..who_end].trim(), notes)
}

/// A speaker's surname: the last word of their label that is not a regnal number ("King
/// Abdullah II" → "Abdullah").
fn surname(who: &str) -> Option<&str> {
    let regnal = |word: &str| word.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    let words: Vec<&str> = who.split_whitespace().collect();
    words.into_iter().skip(1).rev().find(|word| !regnal(word))
}

/// Whether `heading` has `name` as a word of its own, in any case.
fn names(heading: &str, name: &str) -> bool {
    heading
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .any(|word| word.to_lowercase() == name.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_who_and_the_notes_in_its_parentheses() {
        assert_eq!(
            split_notes("Mr. Lavrov (Russian Federation) (spoke in Russian)"),
            ("Mr. Lavrov", vec!["Russian Federation", "spoke in Russian"])
        );
        assert_eq!(
            split_notes("Mr. Choquehuanca (Bolivia (Plurinational State of)) (spoke in Spanish)"),
            ("Mr. Choquehuanca", vec!["Bolivia (Plurinational State of)", "spoke in Spanish"])
        );
        assert_eq!(split_notes("The President"), ("The President", vec![]));
        assert_eq!(surname("King Abdullah II"), Some("Abdullah"));
        assert_eq!(surname("President Bachelet Jeria"), Some("Jeria"));
        assert!(names("Address by Ms. Michelle Bachelet Jeria, President of the Republic of Chile", "JERIA"));
        assert!(!names("Address by Mr. Barack Obama, President of the United States", "Oba"));
    }
}
