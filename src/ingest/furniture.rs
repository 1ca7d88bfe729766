//! Page furniture that both the PDF reader and the layout of plain-text records recognise:
//! running headers (recurring lines, digits aside) and footnotes (lines opening with a
//! superscript digit).

/// A line with its digits masked, so that "Page 3 of 12" and "Page 4 of 12" are the same line.
pub fn digits_aside(line: &str) -> String {
    line.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}

/// Footnote text at the foot of a page: "² 'Group of Governmental Experts ...'".
pub fn starts_with_footnote_mark(trimmed: &str) -> bool {
    trimmed.chars().next().is_some_and(is_superscript_digit)
}

pub fn is_superscript_digit(c: char) -> bool {
    matches!(c, '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹')
}
