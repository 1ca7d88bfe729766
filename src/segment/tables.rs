//! Tables laid out in a record's text (Markdown's "| cell | cell |"): page furniture, set
//! aside unread, as the Beijing report's table of contents and acronym list are. A table whose
//! cells hold sentences is set aside too, but named, so that a run can say what it did not read:
//! a position paper's table of who holds what position would otherwise be lost in silence.

use super::layout::ends_a_sentence;
use crate::types::SetAsideTable;

/// A cell of at least this many words that ends as a sentence does is a sentence, not a
/// title or an acronym's expansion ("Confidence-building Measure").
const SENTENCE_MIN_WORDS: usize = 4;

/// Whether a line (trimmed) is a table's row: it opens with a bar and holds another ("| ARF |
/// ASEAN Regional Forum |", "|---|---|"), or is nothing but bars, rules and spaces ("|", as a
/// PDF's ruled box leaves it). A line of prose that opens with a stray bar ("| 140. As to the
/// Soviet Union, ...", a scan's speck in a General Debate speech of 1972) is none: see
/// [`without_stray_bar`].
pub(super) fn is_table_row(trimmed: &str) -> bool {
    trimmed.strip_prefix('|').is_some_and(|rest| rest.contains('|') || only_rules(rest))
}

/// A line of prose without the stray bar it opens with (and the spaces after it), with the
/// offset of what is left; any other line as it is.
pub(super) fn without_stray_bar(line: &str, offset: usize) -> (&str, usize) {
    let trimmed = line.trim_start();
    match trimmed.strip_prefix('|') {
        Some(rest) if !is_table_row(trimmed) => {
            let rest = rest.trim_start();
            (rest, offset + line[..line.len() - rest.len()].chars().count())
        }
        _ => (line, offset),
    }
}

/// The rows of the table being read, line by line, and the tables read so far whose cells hold
/// sentences.
#[derive(Debug, Default)]
pub(super) struct Tables {
    open: Option<OpenTable>,
    with_sentences: Vec<SetAsideTable>,
}

#[derive(Debug)]
struct OpenTable {
    /// The record's line the table opens on, from 1.
    line: usize,
    rows: Vec<Vec<String>>,
}

impl Tables {
    /// Adds a row (a line for which [`is_table_row`] holds) on the record's line `line` (from 1).
    pub fn row(&mut self, line: usize, trimmed: &str) {
        let table = self.open.get_or_insert_with(|| OpenTable { line, rows: Vec::new() });
        let cells = trimmed.trim_matches('|').split('|').map(|cell| cell.trim().to_string()).collect();
        table.rows.push(cells);
    }

    /// Closes the table being read, if any (the line after its last row is no row).
    pub fn close(&mut self) {
        if let Some(table) = self.open.take() {
            let rows: Vec<&Vec<String>> = table.rows.iter().filter(|row| !is_rule(row)).collect();
            if holds_sentences(&rows) {
                self.with_sentences.push(SetAsideTable { line: table.line, rows: rows.len() });
            }
        }
    }

    /// The tables whose cells hold sentences, in the record's order.
    pub fn with_sentences(mut self) -> Vec<SetAsideTable> {
        self.close();
        self.with_sentences
    }
}

/// Whether a cell of a table's `rows` (its rule rows aside) is a sentence, unless the table is a
/// table of contents (each row ends with a page number: "| Session III: The Role of the United
/// Nations in Promoting Dialogue on Cyber Security. | 10 |").
fn holds_sentences(rows: &[&Vec<String>]) -> bool {
    let ends_with_page_number = |row: &Vec<String>| {
        row.iter().rev().find(|cell| !cell.is_empty()).is_some_and(|cell| is_page_number(cell))
    };
    // The header row (before the rule) may name the page column without a number.
    let contents = rows.iter().skip(1).all(|row| ends_with_page_number(row)) && rows.len() > 1;
    !contents
        && rows.iter().flat_map(|row| row.iter()).any(|cell| {
            cell.split_whitespace().count() >= SENTENCE_MIN_WORDS && ends_a_sentence(cell)
        })
}

/// A row of rules only ("|---|:--:|"), which divides a Markdown table's header from its body.
fn is_rule(row: &[String]) -> bool {
    row.iter().all(|cell| only_rules(cell))
}

/// Nothing but a rule's characters and spaces ("---", ":--:", "").
fn only_rules(text: &str) -> bool {
    text.chars().all(|c| matches!(c, '-' | ':' | '+' | '=') || c.is_whitespace())
}

/// "5", "12-14", "iv": a page number or range in a table of contents.
fn is_page_number(cell: &str) -> bool {
    let arabic = cell.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '–');
    let roman = cell.chars().all(|c| matches!(c.to_ascii_lowercase(), 'i' | 'v' | 'x' | 'l'));
    !cell.is_empty() && (arabic || roman)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_holds_two_bars_or_only_rules() {
        assert!(is_table_row("| ARF | ASEAN Regional Forum |"));
        assert!(is_table_row("|---|:--:|"));
        assert!(is_table_row("|"));
        assert!(!is_table_row("| 140. As to the Soviet Union, it has done everything it can."));
        assert!(!is_table_row("|§that negotiations should take place"));
    }

    #[test]
    fn a_stray_bar_is_cut_with_its_spaces_and_the_offset_follows() {
        assert_eq!(without_stray_bar("| 140. As to the Soviet Union", 100), ("140. As to the Soviet Union", 102));
        assert_eq!(without_stray_bar("  |§that negotiations", 7), ("§that negotiations", 10));
        assert_eq!(without_stray_bar("| a | b |", 0), ("| a | b |", 0));
        assert_eq!(without_stray_bar("We act.", 5), ("We act.", 5));
    }

    fn tables(lines: &[&str]) -> Vec<SetAsideTable> {
        let mut tables = Tables::default();
        for (i, line) in lines.iter().enumerate() {
            if is_table_row(line.trim()) {
                tables.row(i + 1, line.trim());
            } else {
                tables.close();
            }
        }
        tables.with_sentences()
    }

    /// The Beijing report's table of contents and acronym list are no sentences; a table of
    /// positions is, and is named by its first line and its rows (the rule row aside).
    #[test]
    fn only_a_table_whose_cells_are_sentences_is_named() {
        let contents = [
            "| | <i>Page</i> |",
            "|---|-------------|",
            "| Introduction | 5 |",
            "| Session III: The Role of the United Nations in Promoting Dialogue on Cyber Security. | 10 |",
        ];
        assert_eq!(tables(&contents), []);
        let acronyms = [
            "| | |",
            "|----------------|---|",
            "| CBM | Confidence-building Measure |",
            "| GGE | Group of Governmental Experts on Developments in the Field of Information and Telecommunications |",
        ];
        assert_eq!(tables(&acronyms), []);
        let positions = [
            "Our positions:",
            "",
            "| Delegation | Position |",
            "|---|---|",
            "| China | Policy authority for Internet-related public issues is the sovereign right of States. |",
            "| Kenya | Page 12 |",
            "We end here.",
            "| a | b |",
        ];
        assert_eq!(tables(&positions), [SetAsideTable { line: 3, rows: 3 }]);
    }
}
