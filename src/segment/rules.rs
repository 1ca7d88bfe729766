//! The segmentation rules that depend on how records are printed, not on code: they live in
//! `data/segmentation.toml` so that a new kind of record is an edit of that file.

use crate::error::{Error, Result};
use crate::resources;
use regex::Regex;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

#[derive(Debug, Deserialize)]
struct RulesFile {
    drop_line_patterns: Vec<String>,
    #[serde(default)]
    page_header_prefix_pattern: Option<String>,
    #[serde(default)]
    drop_passage_patterns: Vec<String>,
    metadata_line_pattern: String,
    back_matter_patterns: Vec<String>,
    paragraph_start_pattern: String,
    paragraph_marker_pattern: String,
    clause_start_pattern: String,
    #[serde(default)]
    speaker_label_pattern: Option<String>,
    abbreviations: Vec<String>,
    #[serde(default)]
    lead_ins: Vec<String>,
}

/// Compiled segmentation rules.
#[derive(Debug)]
pub struct SegmentationRules {
    /// Page headers and footers, dropped wherever they occur.
    pub drop_lines: Vec<Regex>,
    /// A page's header printed at the start of a line of text, cut off the line. `None`: no
    /// line is cut.
    pub page_header_prefix: Option<Regex>,
    /// A line matching one of these opens a passage dropped up to the first line that ends a
    /// sentence, the first blank line or its eighth line: a note printed on the page, which
    /// interrupts a sentence of the text.
    pub drop_passages: Vec<Regex>,
    /// `Key: value` lines of cables and memos (metadata, never statements).
    pub metadata_line: Regex,
    /// The first line matching one of these starts the back matter (annexes, participant
    /// lists, drafting notes): no statements there, but the attributor reads it for names.
    pub back_matter: Vec<Regex>,
    /// A line that opens a numbered paragraph: a new paragraph, never a heading.
    pub paragraph_start: Regex,
    /// Paragraph numbers and classification markers at the start of a paragraph.
    pub paragraph_marker: Regex,
    /// A line that opens a list item or a resolution's clause, when the line before closed one.
    pub clause_start: Regex,
    /// A line opening a verbatim record's turn with its speaker's label ("Mr. Lavrov (Russian
    /// Federation) (spoke in Russian): ..."); the label is the group `label`. `None`: no line is.
    pub speaker_label: Option<Regex>,
    /// Tokens that end in a full stop without ending a sentence ("Mr.", "U.S.", "e.g.").
    pub abbreviations: HashSet<String>,
    /// Phrases that open a sentence and never stand alone ("In that regard", "To that end"):
    /// followed by a full stop, the stop is a misprinted comma and the sentence goes on. Matched
    /// case-insensitively (ASCII).
    pub lead_ins: Vec<String>,
}

impl SegmentationRules {
    pub fn load(path: &Path) -> Result<Self> {
        Self::parse(&resources::read_text(path)?, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let file: RulesFile = resources::parse_toml(text, path, "segmentation rules")?;
        let compile = |pattern: &str| {
            Regex::new(pattern).map_err(|e| {
                Error::bad_input(path, None, format!("invalid pattern {pattern:?}: {e}"))
            })
        };
        let compile_all = |patterns: &[String]| {
            patterns.iter().map(|p| compile(p)).collect::<Result<Vec<_>>>()
        };
        let speaker_label = file.speaker_label_pattern.as_deref().map(compile).transpose()?;
        if speaker_label.as_ref().is_some_and(|re| !re.capture_names().any(|name| name == Some("label"))) {
            return Err(Error::bad_input(
                path,
                None,
                "speaker_label_pattern has no group `label`: name the label's part of the line (?P<label>...)",
            ));
        }
        Ok(SegmentationRules {
            drop_lines: compile_all(&file.drop_line_patterns)?,
            page_header_prefix: file.page_header_prefix_pattern.as_deref().map(compile).transpose()?,
            drop_passages: compile_all(&file.drop_passage_patterns)?,
            metadata_line: compile(&file.metadata_line_pattern)?,
            back_matter: compile_all(&file.back_matter_patterns)?,
            paragraph_start: compile(&file.paragraph_start_pattern)?,
            paragraph_marker: compile(&file.paragraph_marker_pattern)?,
            clause_start: compile(&file.clause_start_pattern)?,
            speaker_label,
            abbreviations: file.abbreviations.into_iter().collect(),
            lead_ins: file.lead_ins,
        })
    }
}
