//! Sentence splitting: Unicode's sentence boundaries (UAX #29, via `unicode-segmentation`),
//! plus the ends PDF text glues to the next sentence without a space, with the breaks that
//! follow an abbreviation, an initial, a bare enumerator or a lead-in phrase alone undone.

use super::text::OffsetText;
use std::collections::HashSet;
use unicode_segmentation::UnicodeSegmentation;

/// A sentence of a block: its text and its character span in the document (end exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceSpan {
    pub text: String,
    pub char_start: usize,
    pub char_end: usize,
}

/// Splits a prose block into sentences.
pub fn split_sentences(
    block: &OffsetText,
    abbreviations: &HashSet<String>,
    lead_ins: &[String],
) -> Vec<SentenceSpan> {
    let string = block.as_str();

    let mut pieces: Vec<(usize, usize)> = Vec::new(); // byte ranges
    let candidates = string
        .split_sentence_bound_indices()
        .flat_map(|(start, piece)| unglued(piece).map(move |(at, part)| (start + at, part)));
    for (start, piece) in candidates {
        let end = start + piece.len();
        match pieces.last_mut() {
            Some(last) if !ends_sentence(&string[last.0..last.1], piece, abbreviations, lead_ins) => {
                last.1 = end
            }
            _ => pieces.push((start, end)),
        }
    }

    // The pieces are byte ranges, in order; `seen` maps them back to characters as it goes.
    let mut seen = (0, 0); // (byte, char) offsets in `string`
    pieces
        .into_iter()
        .filter_map(|(start, end)| {
            let raw = &string[start..end];
            let text = raw.trim();
            if text.is_empty() {
                return None;
            }
            let first_byte = start + (raw.len() - raw.trim_start().len());
            let first = seen.1 + string[seen.0..first_byte].chars().count();
            seen = (first_byte, first);
            let last = first + text.chars().count() - 1;
            Some(SentenceSpan {
                text: text.to_string(),
                char_start: block.offset(first),
                char_end: block.offset(last) + 1,
            })
        })
        .collect()
}

/// Words after which a glued stop is a stray mark of the scan, not a sentence's end ("... the
/// Secretary-General of the.United Nations ...").
const ARTICLES_AND_CONJUNCTIONS: [&str; 2] = ["the", "and"];

/// Cuts a piece of UAX #29 after each full stop that two sentences share without a space, as
/// PDF text often prints them ("... governance structures.Management of ..."; [`glued_end`]).
/// UAX #29 reads no end there, as in "U.S.A"; the cuts are offered to `ends_sentence` like its
/// own breaks, so an abbreviation ("etc.") or a lone initial still holds the sentence together.
/// Yields each part with its byte offset in `piece`, allocating nothing: every sentence of a
/// corpus passes here.
fn unglued(piece: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut ends = piece
        .match_indices('.')
        .map(|(stop, _)| stop + 1)
        .filter(move |&cut| glued_end(piece, cut))
        .chain(std::iter::once(piece.len()));
    let mut start = 0;
    std::iter::from_fn(move || {
        let end = ends.next()?;
        let part = (start, &piece[start..end]);
        start = end;
        Some(part)
    })
}

/// Whether the full stop ending at byte `cut` of `piece` ends a sentence glued to the next: it
/// follows three lower-case letters (not "the" or "and") and precedes a capitalised word, and
/// is not inside a web or mail address.
fn glued_end(piece: &str, cut: usize) -> bool {
    let (before, after) = (&piece[..cut - 1], &piece[cut..]);
    let mut next = after.chars();
    next.next().is_some_and(char::is_uppercase)
        && next.next().is_some_and(char::is_lowercase)
        && before.chars().rev().take(3).filter(|c| c.is_lowercase()).count() == 3
        && !ARTICLES_AND_CONJUNCTIONS.contains(&word_before(before))
        && !in_address(piece, cut)
}

/// Whether byte `at` of `piece` lies in a word that is a web or mail address.
fn in_address(piece: &str, at: usize) -> bool {
    let word_start = piece[..at].rfind(char::is_whitespace).map_or(0, |w| w + 1);
    let word_end = piece[at..].find(char::is_whitespace).map_or(piece.len(), |w| at + w);
    let word = &piece[word_start..word_end];
    word.contains(['/', '@']) || word.starts_with("www.")
}

/// The letters that end `text`.
fn word_before(text: &str) -> &str {
    text.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or(text)
}

/// Whether the break UAX #29 (or `unglued`) puts after `piece` is a real sentence end, given
/// what follows.
fn ends_sentence(piece: &str, next: &str, abbreviations: &HashSet<String>, lead_ins: &[String]) -> bool {
    let piece = piece.trim_end();
    let Some(last_word) = piece.split_whitespace().last() else {
        return false;
    };
    let last_word = last_word.trim_start_matches(['(', '"', '“', '\'', '‘']);
    if abbreviations.contains(last_word) {
        return false;
    }
    // An initial ("J. Smith") or an enumerator standing alone ("1.", "(a)", "iv.").
    let stem = last_word.trim_end_matches('.');
    if last_word.ends_with('.') && stem.chars().count() == 1 && stem.chars().all(char::is_uppercase) {
        return false;
    }
    if piece.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count() < 2 {
        return false;
    }
    // A lead-in phrase alone ("In that regard. I would like ..."): its stop is a misprinted comma.
    // Compared in place, case aside, so that no sentence of a corpus is copied to lower case.
    let lead_in_alone = |phrase: &str| lead_ins.iter().any(|lead_in| lead_in.eq_ignore_ascii_case(phrase.trim()));
    if piece.strip_suffix('.').is_some_and(lead_in_alone) {
        return false;
    }
    // A break before a lower-case word is not a sentence end ("... the U.S. government").
    !next.trim_start().chars().next().is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<String> {
        let mut text = OffsetText::default();
        text.push_str(s, 100);
        let abbreviations = ["Mr.", "U.S.", "e.g.", "etc.", "No."].map(String::from).into_iter().collect();
        let lead_ins = ["In that regard", "To that end"].map(String::from);
        split_sentences(&text, &abbreviations, &lead_ins).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn survives_titles_and_acronyms() {
        assert_eq!(
            split("Mr. Li Baodong spoke. The U.S. Department of State replied. It was brief."),
            vec!["Mr. Li Baodong spoke.", "The U.S. Department of State replied.", "It was brief."]
        );
    }

    #[test]
    fn survives_examples_and_numbers() {
        assert_eq!(
            split("Challenges include shortfalls (e.g. No. 5 of the list). Next, J. Smith left."),
            vec!["Challenges include shortfalls (e.g. No. 5 of the list).", "Next, J. Smith left."]
        );
    }

    #[test]
    fn splits_sentences_glued_without_a_space() {
        // PDF text often loses the space after a full stop; Unicode's rules then read
        // "structures.Management" as they read "U.S.A" and join two sentences.
        assert_eq!(
            split("We need open governance structures.Management of critical resources is next."),
            vec!["We need open governance structures.", "Management of critical resources is next."]
        );
        // Not after an abbreviation, a short word, an initial or an article, nor inside an address.
        let one = "Rules differ, etc.Then the U.S.Department of the.United States and Mr.Li wrote \
                   to info@icann.Org at www.nic.Br/About.";
        assert_eq!(split(one), vec![one]);
    }

    #[test]
    fn a_lead_in_phrase_is_no_sentence_of_its_own() {
        // The corpus's speeches of 2023 often print a comma as a full stop: "In that regard. I
        // would like ...". A lead-in phrase never stands alone; a short sentence still does.
        assert_eq!(
            split("We act at home. In that regard. I recall a detail. That is not acceptable. IN THAT REGARD. We act."),
            vec!["We act at home.", "In that regard. I recall a detail.", "That is not acceptable.", "IN THAT REGARD. We act."]
        );
        // Only the phrase alone: a sentence that merely opens with it ends where it ends.
        assert_eq!(split("To that end we act. We win."), vec!["To that end we act.", "We win."]);
    }

    #[test]
    fn spans_point_into_the_document() {
        let mut text = OffsetText::default();
        text.push_str("One. Two words here.", 10);
        let spans = split_sentences(&text, &HashSet::new(), &[]);
        // "One." alone has fewer than two words, so it stays with what follows.
        assert_eq!(spans.len(), 1);
        assert_eq!((spans[0].char_start, spans[0].char_end), (10, 30));
    }
}
