//! A block's characters: what is markup or a mark, not words, goes (Markdown's links and
//! pictures, emphasis, footnote marks and the footnote numbers PDF text glues to a full stop,
//! zero-width characters), what is written as a reference or an odd space is read as its
//! character, and white space is folded. `layout` decides where blocks begin and end; this
//! module only changes what is inside one, keeping each character's document offset.

use super::rules::SegmentationRules;
use super::text::{CharOffsets, OffsetText};
use crate::ingest::furniture::is_superscript_digit;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Characters that word processors put in text without a width: a zero-width space or word
/// joiner, or a byte-order mark left inside a file (one at its start is read away).
const ZERO_WIDTH: [char; 3] = ['\u{200B}', '\u{2060}', '\u{FEFF}'];

/// Markdown's pictures (`![alt](src)`, dropped whole) and links (`[text](url "title")` and
/// `[text][ref]`, whose `text` stays). An autolink (`<https://...>`) is left as it is: it is an
/// address either way, and the annotated NETmundial bibliographies quote it so.
static LINK_MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"!\[[^\]\n]*\]\([^)\s]*(?:\s+"[^"]*")?\)|(\[)[^\]\n]*(\]\([^)\s]*(?:\s+"[^"]*")?\)|\]\[[^\]\n]*\])"#,
    )
    .expect("a valid pattern")
});

/// The character ranges of `text` that are link markup, not words ([`LINK_MARKUP`]).
fn link_markup(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut chars = CharOffsets::new(text);
    let mut spans = Vec::new();
    for found in LINK_MARKUP.captures_iter(text) {
        let groups: Vec<_> = found.iter().skip(1).flatten().collect();
        if groups.is_empty() {
            let whole = found.get(0).expect("a match");
            spans.push(chars.of(whole.start())..chars.of(whole.end()));
        }
        spans.extend(groups.iter().map(|g| chars.of(g.start())..chars.of(g.end())));
    }
    spans
}

/// A footnote's number that text taken from a PDF glues to the full stop before it ("... on
/// cyberspace.12 The representative of ..."): the word before the stop (group `word`, with a
/// closing quotation mark or bracket), the number (group `number`), and what shows that the
/// sentence ended there: a capital after white space, or the paragraph's end. UAX #29 reads no
/// sentence end in "cyberspace.12", so the next speaker's words ran on in the sentence before.
static GLUED_FOOTNOTE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?P<word>\S+?)\.["”’)]?(?P<number>[0-9]{1,3})(?:\s+["“(\[]?\p{Lu}|\s*\z)"#).expect("a valid pattern")
});

/// The character ranges of `text` that are footnote numbers glued to a sentence's full stop
/// ([`GLUED_FOOTNOTE_NUMBER`]). A number stays after an abbreviation ("No.34", "p.12") and
/// after a word without a lower-case letter that does not close a quotation or a bracket
/// ("Paras II.5 and II.13", "Annex A.1"): that stop need not end a sentence.
fn glued_footnote_numbers(text: &str, abbreviations: &HashSet<String>) -> Vec<std::ops::Range<usize>> {
    let mut chars = CharOffsets::new(text);
    GLUED_FOOTNOTE_NUMBER
        .captures_iter(text)
        .filter_map(|found| {
            let word = found.name("word")?.as_str().trim_start_matches(['(', '"', '“', '\'', '‘']);
            let closes = word.ends_with([')', '"', '”', '’']);
            let ends_sentence = (closes || word.chars().any(char::is_lowercase)) && !abbreviations.contains(&format!("{word}."));
            let number = found.name("number")?;
            ends_sentence.then(|| chars.of(number.start())..chars.of(number.end()))
        })
        .collect()
}

/// Drops the footnote numbers glued to full stops ([`glued_footnote_numbers`]).
pub(super) fn drop_glued_footnote_numbers(text: &mut OffsetText, abbreviations: &HashSet<String>) {
    let numbers = glued_footnote_numbers(text.as_str(), abbreviations);
    if !numbers.is_empty() {
        text.drop_spans(&numbers);
    }
}

/// A character reference of HTML ("&amp;", "&#8217;", "&#x2014;"), as a page saved from the
/// web keeps them.
static CHARACTER_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});").expect("a valid pattern"));

/// The character ranges of `text` that are character references, each with the one character
/// it names (html-escape's table of HTML's names); one that names none, or several, is left.
fn character_references(text: &str) -> Vec<(std::ops::Range<usize>, char)> {
    let mut offsets = CharOffsets::new(text);
    CHARACTER_REFERENCE
        .find_iter(text)
        .filter_map(|found| {
            let decoded = html_escape::decode_html_entities(found.as_str());
            let mut chars = decoded.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else { return None };
            (decoded != found.as_str()).then(|| (offsets.of(found.start())..offsets.of(found.end()), c))
        })
        .collect()
}

/// Removes paragraph numbers and classification markers, link and emphasis markup, footnote
/// reference marks and zero-width characters, writes character references ("&amp;") as their
/// characters and the Unicode spaces (no-break, em, thin ...) as plain spaces, and folds runs of
/// white space. A no-break space in "United\u{A0}States" or "information\u{A0}security" (or
/// "information&nbsp;security") hid the name from the gazetteer and the words from the scope.
/// Tabs and soft hyphens stay: annotated sentences hold them (the encoder's tokenizer drops a
/// soft hyphen).
pub(super) fn clean(text: &mut OffsetText, rules: &SegmentationRules) {
    text.trim();
    let string = text.as_str();
    if let Some(marker) = rules.paragraph_marker.find(string) {
        let marker_chars = string[..marker.end()].chars().count();
        text.drop_front(marker_chars);
    }
    let markup = link_markup(text.as_str());
    if !markup.is_empty() {
        text.drop_spans(&markup);
    }
    let references = character_references(text.as_str());
    if !references.is_empty() {
        text.replace_spans(&references);
    }
    // One pass: markup and zero-width characters out, Unicode spaces as spaces, runs of white
    // space folded to their first character.
    let mut previous_space = true;
    text.filter_map(|c| {
        if c == '*' || is_superscript_digit(c) || ZERO_WIDTH.contains(&c) {
            return None;
        }
        let c = if c.is_whitespace() && !c.is_ascii() { ' ' } else { c };
        let space = c.is_whitespace();
        let fold = space && previous_space;
        previous_space = space;
        (!fold).then_some(c)
    });
    text.trim();
}
