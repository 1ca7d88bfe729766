//! PDF records: the text of each page (`pdf-extract`), with the page furniture that PDF adds
//! taken out before the record reaches the segmenter: running headers and footers, page
//! numbers, footnotes (their wrapped lines would otherwise join the text), and the hyphens that break a word at the end of a line.

use crate::progress::Diagnostics;
use super::furniture::{digits_aside, starts_with_footnote_mark};
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

/// How many lines at the top and at the bottom of a page may be header or footer.
const EDGE_LINES: usize = 3;

/// A page number on its own line: "7", "- 7 -", "Page 7", "Page 7 of 12", "7/12". Up to three
/// digits, so that a year standing alone ("2014") is kept.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(page\s+)?[-–—]?\s*\d{1,3}\s*[-–—]?(\s*(of|/)\s*\d{1,3})?$").expect("a valid pattern")
});

/// A line ending in a word broken by a hyphen, continued in lower case on the next line.
static BROKEN_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\p{Ll}{2,})-\n\s*(\p{Ll})").expect("a valid pattern"));

/// The record's text, or `None` (with the reason reported) when the PDF cannot be read or
/// holds no text.
pub fn read_pdf(path: &Path, diag: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            diag.skip(path, format!("cannot be read ({e})"));
            return None;
        }
    };
    if bytes.is_empty() {
        diag.skip(path, "empty file");
        return None;
    }
    // pdf-extract panics on some malformed files; one bad PDF must not end the run.
    let pages = match std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(&bytes)) {
        Ok(Ok(pages)) => pages,
        Ok(Err(e)) => {
            diag.skip(path, unreadable(&e.to_string()));
            return None;
        }
        Err(_) => {
            diag.skip(path, "not a readable PDF (the PDF reader failed on it)");
            return None;
        }
    };
    let text = clean_pages(&pages);
    if text.trim().is_empty() {
        diag.skip(path, "the PDF holds no text (a scan? run OCR on it first)");
        return None;
    }
    Some(text)
}

/// Why a PDF the reader refused is skipped, with the fix where there is one: a PDF locked with a
/// password (one that opens without a password is read) needs an unlocked copy.
fn unreadable(error: &str) -> String {
    let lower = error.to_lowercase();
    if ["decrypt", "password", "encrypt"].iter().any(|word| lower.contains(word)) {
        format!(
            "a PDF locked with a password ({error}): save an unlocked copy (with the password, `qpdf --decrypt \
             --password=PASSWORD IN.pdf OUT.pdf`, or print it to a new PDF) and give that"
        )
    } else {
        format!("not a readable PDF ({error})")
    }
}

/// The pages joined into one text, without their headers, footers and page numbers, and with
/// words broken across lines joined again.
pub fn clean_pages(pages: &[String]) -> String {
    let pages: Vec<Vec<&str>> = pages.iter().map(|p| p.lines().map(str::trim_end).collect()).collect();
    let furniture = running_lines(&pages);
    let mut text = String::new();
    for page in &pages {
        let content: Vec<usize> = (0..page.len()).filter(|&i| !page[i].trim().is_empty()).collect();
        let edge = |i: usize| {
            let rank = content.iter().position(|&c| c == i).unwrap_or(usize::MAX);
            rank < EDGE_LINES || rank + EDGE_LINES >= content.len()
        };
        let mut in_footnote = false;
        for (i, line) in page.iter().enumerate() {
            let trimmed = line.trim();
            // A footnote runs from its mark to the next blank line (or the page's end).
            in_footnote = starts_with_footnote_mark(trimmed) || (in_footnote && !trimmed.is_empty());
            let dropped = in_footnote
                || (edge(i) && (PAGE_NUMBER.is_match(trimmed) || furniture.contains_key(&digits_aside(trimmed))));
            if !dropped {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    BROKEN_WORD.replace_all(&text, "$1$2").into_owned()
}

/// Lines (digits aside) that stand at the top or bottom of at least half the pages, and of two
/// or more: running headers and footers ("Summary report — page 3").
fn running_lines(pages: &[Vec<&str>]) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in pages {
        let content: Vec<&str> = page.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
        let mut edges: Vec<String> = content.iter().take(EDGE_LINES).chain(content.iter().rev().take(EDGE_LINES)).map(|l| digits_aside(l)).collect();
        edges.sort();
        edges.dedup();
        for line in edges {
            *counts.entry(line).or_default() += 1;
        }
    }
    let needed = (pages.len() / 2).max(2);
    counts.retain(|_, n| *n >= needed);
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(n: usize, body: &str) -> String {
        format!("Workshop summary\n\n{body}\n\n¹ A footnote long enough\nto wrap onto a second line.\nPage {n} of 3\n")
    }

    /// A PDF locked with a password was skipped with the reader's "decryption error" and no fix;
    /// an empty file with "invalid file header".
    #[test]
    fn a_locked_or_empty_pdf_is_skipped_saying_what_to_do() {
        let locked = unreadable("PDF error: decryption error: the supplied password is incorrect");
        assert!(locked.starts_with("a PDF locked with a password (") && locked.contains("qpdf --decrypt"), "{locked}");
        assert_eq!(unreadable("invalid file header"), "not a readable PDF (invalid file header)");
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pdf");
        std::fs::write(&empty, b"").unwrap();
        let mut diag = Diagnostics::default();
        assert!(read_pdf(&empty, &mut diag).is_none());
        assert_eq!(diag.skipped()[0].1, "empty file");
    }

    #[test]
    fn headers_footers_and_page_numbers_go_and_broken_words_are_joined() {
        let pages = [
            page(1, "The delegates discussed inter-\nnational norms."),
            page(2, "China said the UN must lead."),
            page(3, "Japan replied that existing law applies.\n7"),
        ];
        let text = clean_pages(&pages);
        assert!(!text.contains("Workshop summary") && !text.contains("Page"), "{text}");
        assert!(!text.contains("footnote") && !text.contains("second line"), "{text}");
        assert!(text.contains("international norms"), "{text}");
        assert!(text.contains("China said the UN must lead."), "{text}");
        assert!(!text.contains("\n7\n"), "{text}");
    }

    #[test]
    fn a_hyphen_before_a_capital_or_a_number_stays() {
        let text = clean_pages(&["the Sino-\nJapanese talks of 2013-\n2014\n".to_string()]);
        assert!(text.contains("Sino-\nJapanese") && text.contains("2013-\n2014"), "{text}");
    }
}
