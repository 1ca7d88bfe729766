//! Stage 2a: lay a record out as headings and prose paragraphs, and cut prose into sentences.
//!
//! What is page furniture (running headers, page numbers, footnotes, tables such as the table
//! of contents or the acronym list, cable metadata) is dropped here and never reaches a
//! statement. Everything from the back matter on (annexes, participant lists) is handed to the
//! attributor as plain text, for names only. Paragraphs split by a page break are joined again.
//!
//! Invariants: sentence indices run 0.. through the document in reading order; every sentence's
//! `char_start..char_end` lies inside the document text and starts at its first character.

mod layout;
mod rules;
mod sentences;
mod text;

pub(crate) use layout::{digits_aside, starts_with_footnote_mark};
pub use rules::SegmentationRules;

use crate::types::{Block, BlockKind, Layout, Sentence};

/// Lays out a record's text and splits its prose into sentences.
pub fn segment(text: &str, rules: &SegmentationRules) -> Layout {
    let raw = layout::layout(text, rules);
    let mut next_index = 0;
    let blocks = raw
        .blocks
        .into_iter()
        .map(|block| {
            let sentences = match block.kind {
                BlockKind::Heading => Vec::new(),
                BlockKind::Prose => sentences::split_sentences(&block.text, &rules.abbreviations)
                    .into_iter()
                    .map(|span| {
                        let index = next_index;
                        next_index += 1;
                        Sentence {
                            text: span.text,
                            index,
                            char_start: span.char_start,
                            char_end: span.char_end,
                        }
                    })
                    .collect(),
            };
            Block {
                kind: block.kind,
                text: block.text.as_str().to_string(),
                sentences,
            }
        })
        .collect();
    Layout {
        blocks,
        back_matter: raw.back_matter,
    }
}
