//! From a record's lines to headings and prose paragraphs.

use super::rules::SegmentationRules;
use super::clean::{clean, drop_glued_footnote_numbers};
use super::tables::{is_table_row, without_stray_bar, Tables};
use super::text::{char_offset, OffsetText};
use crate::ingest::furniture::{digits_aside, starts_with_footnote_mark};
use crate::types::{BlockKind, SetAsideTable};
use std::collections::HashMap;

/// A Markdown record's front matter (`---` ... `---`) closes within this many lines, or it is
/// none.
const FRONT_MATTER_MAX_LINES: usize = 100;
/// A line that recurs this often (digits aside) is a running header or footer.
const RUNNING_HEADER_MIN_REPEATS: usize = 3;
/// Metadata (`Key: value`) lines are only recognised when shorter than this.
const METADATA_MAX_CHARS: usize = 120;
/// A one-line paragraph of at most this many words without a closing full stop is a heading
/// (a section title, a delegation's name, a speaker's role line).
const HEADING_MAX_WORDS: usize = 14;
/// A passage of `drop_passages` that no line ends within this many lines ends there: a note
/// wraps over a few lines (the PV's over five), and a missing full stop must not drop a speech.
const DROPPED_PASSAGE_MAX_LINES: usize = 8;
/// A line ending in one of these closes a clause, so the next may open a list item.
const CLAUSE_ENDS: [char; 6] = ['.', ';', ':', ',', '!', '?'];
/// A paragraph with at least this many words that stops without punctuation continues on
/// the next page.
const PROSE_MIN_WORDS: usize = 8;

/// A block whose text still knows where each character came from.
#[derive(Debug, Clone)]
pub(super) struct RawBlock {
    pub kind: BlockKind,
    pub text: OffsetText,
}

/// The body's blocks and the back matter, before sentence splitting.
#[derive(Debug, Clone, Default)]
pub(super) struct RawLayout {
    pub blocks: Vec<RawBlock>,
    pub back_matter: String,
    pub tables_with_sentences: Vec<SetAsideTable>,
}

struct RawParagraph {
    text: OffsetText,
    lines: usize,
    markdown_heading: bool,
    /// Opens with a paragraph number ("3. (SBU)"): prose, whatever its length.
    numbered: bool,
    /// Opens a list item or a resolution's clause ("(b) Not to use ...", "Recognizing that
    /// ..."): prose, whatever its length, and never the tail of the paragraph before it.
    item: bool,
    /// Opens a verbatim record's turn with its speaker's label: the label becomes a block of
    /// its own, the rest prose.
    label: Option<LabelSpan>,
}

/// Where a speaker's label ends in the first line of its paragraph, in characters.
#[derive(Debug, Clone, Copy)]
struct LabelSpan {
    /// The label without its colon ("Mr. Lavrov (Russian Federation) (spoke in Russian)").
    label_end: usize,
    /// The first character after the colon.
    turn_start: usize,
}

/// Lays out a record's text.
pub(super) fn layout(text: &str, rules: &SegmentationRules) -> RawLayout {
    let lines = lines_with_offsets(text);
    let running_headers = running_headers(&lines);

    let mut paragraphs: Vec<RawParagraph> = Vec::new();
    let mut current: Option<RawParagraph> = None;
    let mut back_matter = String::new();
    let mut tables = Tables::default();
    // Whether the last line added to a paragraph closed a clause: an item or clause starts
    // only after one, so that a wrapped line that happens to open with "(a)" stays put.
    let mut after_clause_end = true;
    // Lines left of a passage of `drop_passages`, which runs to the line ending a sentence.
    let mut dropped_passage_left = 0;
    for (i, &(line, offset)) in lines.iter().enumerate().skip(front_matter(&lines)) {
        let (line, offset) = unquoted(line, offset);
        let (line, offset) = without_page_header(line, offset, rules);
        let (line, offset) = without_stray_bar(line, offset);
        let trimmed = line.trim();
        // Only a line that opens a paragraph (the first, or one after a blank line) can start
        // the back matter: a wrapped line of prose may open with "Annex I countries under the
        // Kyoto Protocol" (Tonga's and Micronesia's General Debate speeches of 2002 and 1999),
        // and taking it for an annex would drop the rest of the speech.
        if current.is_none() && rules.back_matter.iter().any(|re| re.is_match(trimmed)) {
            back_matter = lines[i..].iter().map(|(l, _)| *l).collect::<Vec<_>>().join("\n");
            break;
        }
        if in_dropped_passage(trimmed, rules, &mut dropped_passage_left) {
            continue;
        }
        // A table is furniture, like a running header: a paragraph goes on across it.
        if is_table_row(trimmed) {
            tables.row(i + 1, trimmed);
            continue;
        }
        tables.close();
        if trimmed.is_empty() {
            paragraphs.extend(current.take());
            after_clause_end = true;
            continue;
        }
        // A label opens a paragraph, like a list item; "The President: I thank ..." is no
        // cable's metadata.
        let label = if after_clause_end { speaker_label(trimmed, rules) } else { None };
        let next = lines.get(i + 1).map(|&(next, _)| next);
        let metadata = after_clause_end && is_metadata(trimmed, next, rules);
        if label.is_none() && (metadata || is_furniture(trimmed, rules, &running_headers)) {
            continue;
        }
        if let Some(title) = markdown_heading(trimmed) {
            paragraphs.extend(current.take());
            paragraphs.push(RawParagraph {
                text: heading_text(line, offset, title),
                lines: 1,
                markdown_heading: true,
                numbered: false,
                item: false,
                label: None,
            });
            after_clause_end = true;
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let numbered = rules.paragraph_start.is_match(trimmed);
        let item = after_clause_end && rules.clause_start.is_match(trimmed);
        if (indented || numbered || item || label.is_some()) && current.is_some() {
            paragraphs.extend(current.take());
        }
        let paragraph = current.get_or_insert_with(|| RawParagraph {
            text: OffsetText::default(),
            lines: 0,
            markdown_heading: false,
            numbered,
            item,
            label,
        });
        append_line(&mut paragraph.text, line, offset);
        paragraph.lines += 1;
        after_clause_end = trimmed.ends_with(CLAUSE_ENDS);
    }
    paragraphs.extend(current.take());

    let mut blocks: Vec<RawBlock> = Vec::new();
    let mut paragraphs = paragraphs.into_iter().peekable();
    while let Some(paragraph) = paragraphs.next() {
        // A label wrapped over lines ("Mr. Lavrov (Russian Federation) (spoke in" / "Russian):
        // The world ...", as a two-column PDF prints it) is found in the paragraph it opens.
        let wrapped = || speaker_label(paragraph.text.as_str(), rules).filter(|_| !paragraph.markdown_heading);
        if let Some(span) = paragraph.label.or_else(wrapped) {
            let (label, mut turn) = paragraph.text.split_at(span.turn_start);
            let (label, _colon) = label.split_at(span.label_end);
            drop_glued_footnote_numbers(&mut turn, &rules.abbreviations);
            blocks.push(RawBlock { kind: BlockKind::SpeakerLabel, text: label });
            blocks.push(RawBlock { kind: BlockKind::Prose, text: turn });
            continue;
        }
        // Before `continues` reads the paragraph's end: "... cyberspace.13" stops it.
        let mut paragraph = paragraph;
        drop_glued_footnote_numbers(&mut paragraph.text, &rules.abbreviations);
        let kind = classify(&paragraph, paragraphs.peek());
        if kind == BlockKind::Prose && !paragraph.item {
            if let Some(previous) = blocks.last_mut() {
                if previous.kind == BlockKind::Prose && continues(&previous.text, &paragraph.text) {
                    let join_at = paragraph.text.offset(0).saturating_sub(1);
                    previous.text.push(' ', join_at);
                    previous.text.append(paragraph.text);
                    continue;
                }
            }
        }
        blocks.push(RawBlock {
            kind,
            text: paragraph.text,
        });
    }
    for block in &mut blocks {
        clean(&mut block.text, rules);
    }
    blocks.retain(|b| !b.text.is_empty());
    RawLayout {
        blocks,
        back_matter,
        tables_with_sentences: tables.with_sentences(),
    }
}

/// Each line with the character offset of its first character.
fn lines_with_offsets(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let chars = line.chars().count();
        out.push((line.strip_suffix('\r').unwrap_or(line), offset));
        offset += chars + 1;
    }
    out
}

/// A line without its quotation markers (Markdown's and e-mail's "> ", nested ones too), with
/// the offset of what is left; any other line as it is.
fn unquoted(line: &str, offset: usize) -> (&str, usize) {
    if !line.trim_start().starts_with('>') {
        return (line, offset);
    }
    let rest = line.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
    (rest, offset + char_offset(line, line.len() - rest.len()))
}

/// A line without the page header printed at its start ("16-29667 3/58 very worrying." reads
/// "very worrying."), with the offset of what is left; a line that is nothing but a header is
/// left to `drop_lines`.
fn without_page_header<'a>(line: &'a str, offset: usize, rules: &SegmentationRules) -> (&'a str, usize) {
    match rules.page_header_prefix.as_ref().and_then(|re| re.find(line)) {
        Some(header) if header.end() < line.trim_end().len() => {
            (&line[header.end()..], offset + char_offset(line, header.end()))
        }
        _ => (line, offset),
    }
}

/// Whether the line `trimmed` belongs to a passage of `drop_passages`: one that opens it, or
/// one of the lines after, up to the line that ends a sentence, a blank line, or
/// [`DROPPED_PASSAGE_MAX_LINES`] in all. `left` carries how many lines the passage may still
/// run from one line to the next.
fn in_dropped_passage(trimmed: &str, rules: &SegmentationRules, left: &mut usize) -> bool {
    if trimmed.is_empty() {
        *left = 0;
        return false;
    }
    if *left == 0 && rules.drop_passages.iter().any(|re| re.is_match(trimmed)) {
        *left = DROPPED_PASSAGE_MAX_LINES;
    }
    if *left == 0 {
        return false;
    }
    *left = if ends_a_sentence(trimmed) { 0 } else { *left - 1 };
    true
}

/// Whether a line ends as a sentence does: a full stop, "!" or "?", closing quotes, brackets and
/// emphasis marks after it aside ("... of the United Nations (http://documents.un.org).", "...
/// online.\"").
pub(super) fn ends_a_sentence(trimmed: &str) -> bool {
    trimmed.trim_end_matches(['"', '”', '\'', '’', ')', '*']).ends_with(['.', '!', '?'])
}

/// How many lines a Markdown record's front matter takes at its start (YAML between `---` and
/// `---` or `...`, TOML between `+++` and `+++`; 0 without): its `title: ...`, `date: ...` are
/// the file's metadata, not a sentence of the record.
fn front_matter(lines: &[(&str, usize)]) -> usize {
    let fence = match lines.first().map(|(l, _)| l.trim_end()) {
        Some(fence @ ("---" | "+++")) => fence,
        _ => return 0,
    };
    let closes = |line: &str| line.trim_end() == fence || (fence == "---" && line.trim_end() == "...");
    lines
        .iter()
        .take(FRONT_MATTER_MAX_LINES)
        .skip(1)
        .position(|(line, _)| closes(line))
        .map_or(0, |i| i + 2)
}

/// Lines with a digit (page numbers, dates, case numbers) that recur, digits aside.
fn running_headers(lines: &[(&str, usize)]) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (line, _) in lines {
        let trimmed = line.trim();
        if trimmed.len() >= 10 && trimmed.bytes().any(|b| b.is_ascii_digit()) {
            *counts.entry(digits_aside(trimmed)).or_default() += 1;
        }
    }
    counts.retain(|_, n| *n >= RUNNING_HEADER_MIN_REPEATS);
    counts
}


/// The speaker's label a line (or a paragraph) opens with, if any (`speaker_label_pattern`).
fn speaker_label(trimmed: &str, rules: &SegmentationRules) -> Option<LabelSpan> {
    let found = rules.speaker_label.as_ref()?.captures(trimmed)?;
    let label = found.name("label")?;
    let colon = label.end() + trimmed[label.end()..].find(':')?;
    Some(LabelSpan {
        label_end: char_offset(trimmed, label.end()),
        turn_start: char_offset(trimmed, colon) + 1,
    })
}

/// Page furniture and other lines that are never part of a statement.
fn is_furniture(trimmed: &str, rules: &SegmentationRules, running: &HashMap<String, usize>) -> bool {
    starts_with_footnote_mark(trimmed)
        || rules.drop_lines.iter().any(|re| re.is_match(trimmed))
        || running.contains_key(&digits_aside(trimmed))
}

/// Whether a line that starts something new (the line before closed a clause, or was blank) is
/// a cable's or memo's "Key: value" metadata ("Subject: ...", "MRN: 14 BEIJING 2134"): short,
/// no sentence, and standing alone or in a block of such lines. `next` is the line after it.
///
/// Most lines that open with a word or three and a colon are prose: the wrapped middle of a
/// sentence ("Copenhagen is clear: we appeal to them to strive with", the Marshall Islands'
/// General Debate speech of 2009; the caller asks only after a clause's end), a paragraph's
/// lead-in that goes on over the next lines ("Accessibility: For UNESCO, freedom of expression
/// online ...", a NETmundial contribution), a position set out after a name ("United States: We
/// oppose a new treaty."). Each was dropped as metadata, its words lost from the record.
fn is_metadata(trimmed: &str, next: Option<&str>, rules: &SegmentationRules) -> bool {
    let metadata_shaped = |line: &str| line.len() < METADATA_MAX_CHARS && rules.metadata_line.is_match(line);
    let sentence = || ends_a_sentence(trimmed);
    let continued = || {
        next.is_some_and(|next| {
            let next_trimmed = next.trim();
            !next_trimmed.is_empty()
                && !next.starts_with([' ', '\t'])
                && !metadata_shaped(next_trimmed)
                && !rules.paragraph_start.is_match(next_trimmed)
                && markdown_heading(next_trimmed).is_none()
        })
    };
    // Most lines are not shaped so: the next line is looked at only for one that is.
    metadata_shaped(trimmed) && !sentence() && !continued()
}

fn markdown_heading(trimmed: &str) -> Option<&str> {
    let rest = trimmed.trim_start_matches('#');
    (rest.len() < trimmed.len() && rest.starts_with(' ')).then(|| rest.trim())
}

fn heading_text(line: &str, offset: usize, title: &str) -> OffsetText {
    let byte = line.find(title).unwrap_or(0);
    let mut text = OffsetText::default();
    text.push_str(title, offset + char_offset(line, byte));
    text
}

/// Joins a wrapped line onto its paragraph. A line-break hyphen is kept ("large-" + "scale"
/// gives "large-scale"): without a dictionary, keeping it is the safer mistake.
fn append_line(paragraph: &mut OffsetText, line: &str, offset: usize) {
    let content = line.trim_end();
    let lead = content.len() - content.trim_start().len();
    let start = offset + char_offset(content, lead);
    let content = content.trim_start();
    let continues_word = paragraph.last_char() == Some('-')
        && content.chars().next().is_some_and(char::is_lowercase);
    if !paragraph.is_empty() && !continues_word {
        paragraph.push(' ', start.saturating_sub(1));
    }
    paragraph.push_str(content, start);
}

/// A heading or prose; `next` is the paragraph after it, if any.
fn classify(paragraph: &RawParagraph, next: Option<&RawParagraph>) -> BlockKind {
    if paragraph.markdown_heading {
        return BlockKind::Heading;
    }
    let text = paragraph.text.as_str();
    let words = text.split_whitespace().count();
    // A closing parenthesis does not close a sentence here: "CNCERT (China)" is a heading. An
    // ellipsis does: a speech written as a list of short lines ("Conflict touches more countries
    // now…", the United Kingdom's of 2024) is prose.
    let closed = text.trim_end().ends_with(['.', '!', '?', ';', '"', '”', '\'', '…']);
    let heading = paragraph.lines == 1
        && words <= HEADING_MAX_WORDS
        && !closed
        && !paragraph.numbered
        && !paragraph.item
        && !broken_by_blank_line(words, next);
    if heading {
        BlockKind::Heading
    } else {
        BlockKind::Prose
    }
}

/// Whether a one-line paragraph is the first part of a sentence that a blank line broke off: it
/// has a prose sentence's length and the next paragraph goes on with a lower-case word. A
/// double-spaced record (Canada's General Debate speech of 2024) has a blank line after every
/// line, and each line short of a full stop used to pass for a heading and leave the sentences.
/// Page furniture ("09-52179 16") is too short to qualify, and a next paragraph that opens a
/// list item ("a) ...", "i. ...", "a.Democracy") or with a web address does not go on with a word.
fn broken_by_blank_line(words: usize, next: Option<&RawParagraph>) -> bool {
    let Some(next) = next.filter(|n| !n.markdown_heading && !n.numbered && !n.item) else {
        return false;
    };
    let goes_on_with_a_word = next.text.as_str().split_whitespace().next().is_some_and(|first| {
        let word = first.trim_end_matches([',', ';', ':', '.']);
        (word.chars().count() > 1 || word == "a") && word.chars().all(char::is_lowercase)
    });
    words >= PROSE_MIN_WORDS && goes_on_with_a_word
}

/// Whether `next` continues `previous` across a page break: it starts in lower case or with a
/// digit, or `previous` is running text that stops mid-sentence.
fn continues(previous: &OffsetText, next: &OffsetText) -> bool {
    let prev = previous.as_str();
    let next = next.as_str();
    let Some(first) = next.trim_start().chars().next() else {
        return false;
    };
    let ends_open = !prev.trim_end().ends_with(['.', '!', '?', ':', ';', '"', '”', ')']);
    first.is_lowercase()
        || (ends_open && (first.is_ascii_digit() || prev.split_whitespace().count() >= PROSE_MIN_WORDS))
}
