//! Sentence splitting: Unicode's sentence boundaries (UAX #29, via `unicode-segmentation`),
//! with the breaks that follow an abbreviation, an initial or a bare enumerator undone.

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
pub fn split_sentences(block: &OffsetText, abbreviations: &HashSet<String>) -> Vec<SentenceSpan> {
    let string = block.as_str();

    let mut pieces: Vec<(usize, usize)> = Vec::new(); // byte ranges
    for (start, piece) in string.split_sentence_bound_indices() {
        let end = start + piece.len();
        match pieces.last_mut() {
            Some(last) if !ends_sentence(&string[last.0..last.1], piece, abbreviations) => {
                last.1 = end
            }
            _ => pieces.push((start, end)),
        }
    }

    // UAX #29 gives byte ranges, in order; `seen` maps them back to characters as it goes.
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

/// Whether the break UAX #29 puts after `piece` is a real sentence end, given what follows.
fn ends_sentence(piece: &str, next: &str, abbreviations: &HashSet<String>) -> bool {
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
    // A break before a lower-case word is not a sentence end ("... the U.S. government").
    !next.trim_start().chars().next().is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<String> {
        let mut text = OffsetText::default();
        text.push_str(s, 100);
        let abbreviations = ["Mr.", "U.S.", "e.g.", "No."].iter().map(|s| s.to_string()).collect();
        split_sentences(&text, &abbreviations).into_iter().map(|s| s.text).collect()
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
    fn spans_point_into_the_document() {
        let mut text = OffsetText::default();
        text.push_str("One. Two words here.", 10);
        let spans = split_sentences(&text, &HashSet::new());
        // "One." alone has fewer than two words, so it stays with what follows.
        assert_eq!(spans.len(), 1);
        assert_eq!((spans[0].char_start, spans[0].char_end), (10, 30));
    }
}
