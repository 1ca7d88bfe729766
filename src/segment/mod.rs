//! Stage 2a: lay a record out as headings and prose paragraphs, and cut prose into sentences.
//!
//! What is page furniture (running headers, page numbers, footnotes, tables such as the table
//! of contents or the acronym list, cable metadata) is dropped here and never reaches a
//! statement; a table whose cells are sentences is named (`Layout::tables_with_sentences`), so
//! that the run warns of what it did not read. Everything from the back matter on (annexes, participant lists) is handed to the
//! attributor as plain text, for names only. Paragraphs split by a page break are joined again.
//!
//! Invariants: sentence indices run 0.. through the document in reading order; every sentence's
//! `char_start..char_end` lies inside the document text and starts at its first character.

mod clean;
mod layout;
mod rules;
mod sentences;
mod tables;
mod text;

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
                BlockKind::Heading | BlockKind::SpeakerLabel => Vec::new(),
                BlockKind::Prose => sentences::split_sentences(&block.text, &rules.abbreviations, &rules.lead_ins)
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
        tables_with_sentences: raw.tables_with_sentences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped_rules() -> SegmentationRules {
        SegmentationRules::load(&crate::resources::locate(crate::resources::SEGMENTATION)).unwrap()
    }

    /// The sentences of `text`, with their spans.
    fn segmented(text: &str) -> Vec<Sentence> {
        segment(text, &shipped_rules()).blocks.into_iter().flat_map(|b| b.sentences).collect()
    }

    fn sentences(text: &str) -> Vec<String> {
        segmented(text).into_iter().map(|s| s.text).collect()
    }

    /// What `sentence`'s span covers in `record`.
    fn spanned(record: &str, sentence: &Sentence) -> String {
        record.chars().skip(sentence.char_start).take(sentence.char_end - sentence.char_start).collect()
    }

    /// A Markdown record's front matter is no sentence, its links read as their text (an
    /// address in angle brackets stays), its pictures not at all, and its quotation markers
    /// (Markdown's and e-mail's "> ") go: a
    /// sentence's text is what it says, and the stance table's evidence quotes it so; its span
    /// still points into the record.
    #[test]
    fn markdown_links_pictures_and_quotation_markers_are_not_text() {
        let record = "---\ntitle: \"Contribution of Estonia on cyber norms\"\ndate: 2014-03-08\n---\n\n\
                      # Contribution of Estonia\n\n\
                      We hold, as the [Tunis Agenda](https://www.itu.int/wsis/tunis \"WSIS\") and the\n\
                      [NETmundial Statement][1] do, that the Internet ![logo](img/logo.png)is everyone's.\n\n\
                      > Existing international law applies to cyberspace.\n\
                      > > No new treaty is needed.\n\n\
                      See also <https://example.org/cyber> and [1].";
        let found = segmented(record);
        let texts: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "We hold, as the Tunis Agenda and the NETmundial Statement do, that the Internet is everyone's.",
                "Existing international law applies to cyberspace.",
                "No new treaty is needed.",
                "See also <https://example.org/cyber> and [1].",
            ]
        );
        let span = |s: &Sentence| spanned(record, s);
        assert_eq!(span(&found[1]), "Existing international law applies to cyberspace.");
        assert!(span(&found[0]).starts_with("We hold") && span(&found[0]).ends_with("everyone's."));
    }

    /// A table's rows are no text, and a paragraph goes on across them as across a running
    /// header; a line that opens with a stray bar is prose without it, its span starting after
    /// the bar.
    #[test]
    fn a_tables_rows_are_no_text_and_a_stray_bar_is_cut() {
        let record = "We said so and\n| ARF | ASEAN Regional Forum |\nwe act.\n| 140. As to it, we act at home.\n";
        let found = segmented(record);
        let texts: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["We said so and we act.", "140. As to it, we act at home."]);
        assert_eq!(spanned(record, &found[1]), "140. As to it, we act at home.");
    }

    /// A PV's page header at the start of a line is cut off and the sentence goes on across it,
    /// its span still covering the record's text; the PV's note on the record is dropped up to
    /// the line that ends a sentence, and at most eight lines of it when none does.
    #[test]
    fn a_page_header_and_the_note_on_the_record_are_not_text() {
        let record = "The situation is\n16-29667 3/58 very worrying. We act.\n\n\
                      This record contains the text of speeches delivered in English and of the\n\
                      interpretation of speeches delivered in the other languages. Corrections\n\
                      should be submitted to the original languages only.\n\
                      Cyberspace must stay open.";
        let found = segmented(record);
        let texts: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["The situation is very worrying.", "We act.", "Cyberspace must stay open."]);
        assert_eq!(spanned(record, &found[0]), "The situation is\n16-29667 3/58 very worrying.");

        let unclosed = "This record contains the text of speeches delivered in English\n".to_string()
            + &"and of the interpretation of speeches in the other languages\n".repeat(7)
            + "No full stop has closed the note, and this line is the speech.";
        assert_eq!(sentences(&unclosed), ["No full stop has closed the note, and this line is the speech."]);
    }

    /// A verbatim record's speaker label is a block of its own, out of the sentence it opens,
    /// whose span still starts at the speaker's first word. Its line is never a cable's "Key:
    /// value" metadata ("The President: On behalf of the General" was dropped as one), and a
    /// salutation or a quotation is no label.
    #[test]
    fn a_speaker_label_is_a_block_of_its_own() {
        let record = "world.\n Mr. Lavrov (Russian Federation) (spoke in Russian): The\n\
                      United Nations must lead.\n The President: On behalf of the General\n\
                      Assembly, I thank him.\n\n\
                      Mr. President: allow me to congratulate you most warmly on your well-deserved \
                      election as President of the General Assembly.\n\n\
                      As President Kennedy said, we do not act because it is easy.";
        let rules = shipped_rules();
        let layout = segment(record, &rules);
        let labels: Vec<&str> = layout
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::SpeakerLabel)
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(labels, ["Mr. Lavrov (Russian Federation) (spoke in Russian)", "The President"]);
        let found: Vec<&Sentence> = layout.blocks.iter().flat_map(|b| &b.sentences).collect();
        let texts: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "world.",
                "The United Nations must lead.",
                "On behalf of the General Assembly, I thank him.",
                "Mr. President: allow me to congratulate you most warmly on your well-deserved election as \
                 President of the General Assembly.",
                "As President Kennedy said, we do not act because it is easy.",
            ]
        );
        assert!(spanned(record, found[1]).starts_with("The"), "the span starts at the speaker's first word");
    }

    /// A cable's "Key: value" lines go, alone or in a block; a line of prose that opens with a
    /// word and a colon stays: the wrapped middle of a sentence, a paragraph's lead-in going on
    /// over the next lines, a position set out after a name. Each was dropped as metadata.
    #[test]
    fn only_a_cables_metadata_lines_are_dropped() {
        let record = "From: SMART Archive\nSent: 6/17/2014 4:21:25 AM\n\nSubject: China Uses UN Conference\n\n\
                      1. (SBU) Summary: The workshop met in Beijing.\n\n\
                      The message of\nCopenhagen is clear: we appeal to them to strive with\nall their strength.\n\n\
                      Accessibility: For UNESCO, freedom of expression online\nis a right.\n\n\
                      United States: We oppose a new treaty.\n\n\
                      Mr. President:\n\nThe Internet is everyone's.";
        assert_eq!(
            sentences(record),
            [
                "Summary: The workshop met in Beijing.",
                "The message of Copenhagen is clear: we appeal to them to strive with all their strength.",
                "Accessibility: For UNESCO, freedom of expression online is a right.",
                "United States: We oppose a new treaty.",
                "The Internet is everyone's.",
            ]
        );
    }

    /// Text taken from a PDF glues a footnote's number to the full stop before it. In "...
    /// cyberspace.12 The representative of China ..." the sentence did not end, so the next
    /// speaker's words counted for the one before; "... Internet Society.13" at a paragraph's end
    /// kept the paragraph open, and the next was joined to it. The number goes, its stop ends the
    /// sentence; after an abbreviation or a numbered paragraph's reference it stays.
    #[test]
    fn footnote_numbers_glued_to_a_stop_are_dropped() {
        let record = "The United States said existing law applies in cyberspace.12 The representative of China \
                      called for a new treaty (\"a code of conduct\").3 Others agreed.\n\n\
                      Access to information matters to the work of the Internet Society.13\n\n\
                      Governance should be multi-stakeholder.\n\n\
                      The text is in document No.34 Annex II.13 The Group agreed.";
        let found = segmented(record);
        let texts: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The United States said existing law applies in cyberspace.",
                "The representative of China called for a new treaty (\"a code of conduct\").",
                "Others agreed.",
                "Access to information matters to the work of the Internet Society.",
                "Governance should be multi-stakeholder.",
                "The text is in document No.34 Annex II.13 The Group agreed.",
            ]
        );
        let span = |s: &Sentence| spanned(record, s);
        assert_eq!(span(&found[1]), texts[1], "a sentence's span ends at its stop, before the number");
    }

    /// A page saved from the web keeps its character references: "&amp;" hid the joint subject
    /// "Brazil &amp; Mexico", "&nbsp;" the scope's "information security", and the evidence read
    /// "China&#8217;s". Each is its character, its span the reference's; what names no character
    /// stays.
    #[test]
    fn character_references_are_their_characters() {
        let record = "China&#8217;s delegate spoke on information&nbsp;security. Brazil &amp; Mexico agreed; \
                      R&D &Security; &#x2014; &bogus;";
        let found = segmented(record);
        let texts: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "China\u{2019}s delegate spoke on information security.",
                "Brazil & Mexico agreed; R&D &Security; \u{2014} &bogus;",
            ]
        );
        let span = |s: &Sentence| spanned(record, s);
        assert!(span(&found[0]).starts_with("China&#8217;s") && span(&found[0]).ends_with("&nbsp;security."));
        assert!(span(&found[1]).starts_with("Brazil &amp;") && span(&found[1]).ends_with("&bogus;"));
    }

    /// A word processor's no-break, em and thin spaces read as spaces, and its zero-width
    /// characters not at all: "United\u{A0}States" named nobody and "information\u{A0}security"
    /// was out of scope. A tab and a soft hyphen stay, as annotated sentences hold them.
    #[test]
    fn unicode_spaces_are_spaces_and_zero_width_characters_nothing() {
        assert_eq!(
            sentences("The United\u{A0}States\u{2003}said that\u{202F}information\u{200B} security\u{2060} mattered.\n"),
            ["The United States said that information security mattered."]
        );
        assert_eq!(sentences("Multi\u{AD}stakeholder\tgovernance works.\n"), ["Multi\u{AD}stakeholder\tgovernance works."]);
    }

    #[test]
    fn list_items_and_resolution_clauses_are_sentences_of_their_own() {
        let code = "Recalling its resolutions on the role of science and\n\
                    technology in the context of international security,\n\
                    Reaffirming that policy authority for Internet-related public issues is\n\
                    the sovereign right of States,\n\
                    Each State voluntarily subscribing to the code pledges:\n\
                    (a) To comply with the Charter of the United Nations and\n\
                    universally recognized norms;\n\
                    (b) Not to use information and communications technologies, including\n\
                    networks, to carry out hostile activities;";
        assert_eq!(
            sentences(code),
            [
                "Recalling its resolutions on the role of science and technology in the context of international security,",
                // Not a clause word: the line stays with the clause before it.
                "Reaffirming that policy authority for Internet-related public issues is the sovereign right of States, \
                 Each State voluntarily subscribing to the code pledges:",
                "(a) To comply with the Charter of the United Nations and universally recognized norms;",
                "(b) Not to use information and communications technologies, including networks, to carry out hostile activities;",
            ]
        );
    }

    #[test]
    fn an_item_marker_after_an_open_line_stays_in_its_sentence() {
        // The wrapped line happens to open with "(a)": the line before did not close a clause.
        let text = "Delegates discussed the measures set out in paragraph\n(a) of the report and agreed on them.";
        assert_eq!(
            sentences(text),
            ["Delegates discussed the measures set out in paragraph (a) of the report and agreed on them."]
        );
    }

    #[test]
    fn the_back_matter_starts_only_at_a_paragraph_that_opens_with_its_heading() {
        let rules = shipped_rules();
        // A wrapped line of prose that opens with "Annex I" (Tonga, General Debate 2002) is prose.
        let speech = "As such, Tonga welcomes the commitment by certain\n\
                      Annex I countries under the Kyoto Protocol made in Bonn.\n\n\
                      We thank the Secretary-General.";
        let layout = segment(speech, &rules);
        assert_eq!(layout.back_matter, "");
        assert_eq!(layout.blocks.iter().map(|b| b.sentences.len()).sum::<usize>(), 2);
        // The same words opening a paragraph start the back matter.
        let report = "The workshop closed.\n\nAnnex I\nList of participants";
        let layout = segment(report, &rules);
        assert_eq!(layout.back_matter, "Annex I\nList of participants");
        assert_eq!(layout.blocks.iter().map(|b| b.sentences.len()).sum::<usize>(), 1);
    }

    #[test]
    fn a_short_line_that_trails_off_is_prose_and_a_short_title_a_heading() {
        // The United Kingdom's General Debate speech of 2024 is written as short lines.
        let text = "Security and growth\n\nConflict touches more countries now…\n\nIncredible new technologies like AI…";
        assert_eq!(sentences(text), ["Conflict touches more countries now…", "Incredible new technologies like AI…"]);
    }

    #[test]
    fn a_sentence_that_a_blank_line_broke_stays_whole() {
        // Canada's General Debate speech of 2024 is double-spaced: a blank line after every line.
        let speech = "Canada\n\n\
                      Ours is a country based on the rights and freedoms that are\n\n\
                      enshrined in our constitutional Charter.\n\n\
                      The world now stands at a similar crossroads, with a choice to make:\n\n\
                      to choose unity for the collective good.";
        assert_eq!(
            sentences(speech),
            [
                "Ours is a country based on the rights and freedoms that are enshrined in our constitutional Charter.",
                "The world now stands at a similar crossroads, with a choice to make: to choose unity for the collective good.",
            ]
        );
        // A long title before a list item stays a title.
        let paper = "Internet governance principles and a roadmap for their future\n\na) Issue-to-Solution Mapping.";
        assert_eq!(sentences(paper), ["a) Issue-to-Solution Mapping."]);
    }

    #[test]
    fn an_item_is_never_joined_to_the_paragraph_before_it() {
        // The first principle ends with a source note, not a full stop: without the item rule it
        // would run on into the second.
        let text = "(1) The open and free nature of the Internet has to be ensured. [adjusted from OECD]\n\n\
                    (2) The same rights that people have offline must also be protected online.";
        assert_eq!(
            sentences(text),
            [
                "(1) The open and free nature of the Internet has to be ensured. [adjusted from OECD]",
                "(2) The same rights that people have offline must also be protected online.",
            ]
        );
    }
}
