//! A CSV file read whole, so that an error can name the line a row is on. The csv crate counts
//! a row's line one short when the file ends its lines with CRLF, as spreadsheets and Python's
//! `csv` module write them (rust-csv issue #395), and after a blank line (issue #208); the row's
//! byte offset is right in both cases, so the line is counted from it.
//!
//! The separator is the header line's: a comma, or, where the header has none, a semicolon or a
//! tab (a spreadsheet saving "CSV" in a locale whose decimal mark is the comma writes
//! `path;delegation;date`, which read with commas had no `path` column).

use std::path::Path;

use crate::error::{Error, Result};

/// The bytes of one CSV file, and the reader over them.
pub struct CsvText {
    bytes: Vec<u8>,
}

impl CsvText {
    /// The file at `path`, as UTF-8 ([`super::read::csv_as_utf8`]: a spreadsheet's "Unicode
    /// text" or Windows "CSV" reads as its UTF-8 twin).
    pub fn read(path: &Path) -> Result<CsvText> {
        std::fs::read(path).map(|bytes| CsvText { bytes: super::read::csv_as_utf8(bytes) }).map_err(|e| Error::io(path, e))
    }

    /// The error of a file at `path` that does not read as a `what` ("CSV manifest", "labels
    /// CSV") at the row `err` is about, with the fix when it is no text it can read (damaged UTF-8).
    pub fn error(&self, path: &Path, what: &str, err: &csv::Error) -> Error {
        let fix = match err.kind() {
            csv::ErrorKind::Utf8 { .. } => "\n  fix: re-save the file as UTF-8 (a spreadsheet's \"CSV UTF-8\")",
            _ => "",
        };
        Error::bad_input(path, self.error_line(err), format!("not a readable {what}: {err}{fix}"))
    }

    /// A reader of rows under a header row, each as long as the header.
    pub fn reader(&self) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new().delimiter(self.separator()).from_reader(self.bytes.as_slice())
    }

    /// The header line's separator: a comma if it has one, else a semicolon or a tab if it has
    /// one of those, else a comma.
    fn separator(&self) -> u8 {
        let header = self.bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        [b',', b';', b'\t'].into_iter().find(|sep| header.contains(sep)).unwrap_or(b',')
    }

    /// The line (from 1) of the row that starts at `position`: the line terminators and blank
    /// lines before a row are skipped, then the newlines before it counted.
    pub fn line(&self, position: &csv::Position) -> u64 {
        let mut start = usize::try_from(position.byte()).map_or(self.bytes.len(), |b| b.min(self.bytes.len()));
        while self.bytes.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        1 + self.bytes[..start].iter().filter(|&&b| b == b'\n').count() as u64
    }

    /// The line of the row a csv error is about, when it is about one.
    fn error_line(&self, err: &csv::Error) -> Option<u64> {
        err.position().map(|p| self.line(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line `line` gives each data row of `text`, in order.
    fn lines_of_rows(text: &str) -> Vec<u64> {
        let csv = CsvText { bytes: text.as_bytes().to_vec() };
        let mut reader = csv.reader();
        reader.records().map(|r| csv.line(r.unwrap().position().unwrap())).collect()
    }

    #[test]
    fn a_row_is_on_its_own_line_whatever_ends_the_lines() {
        assert_eq!(lines_of_rows("a,b\n1,2\n3,4\n"), [2, 3]);
        assert_eq!(lines_of_rows("a,b\r\n1,2\r\n3,4\r\n"), [2, 3], "CRLF, as spreadsheets write");
        assert_eq!(lines_of_rows("a,b\r\n1,2\r\n3,4"), [2, 3], "no terminator after the last row");
    }

    #[test]
    fn a_row_after_a_blank_line_or_a_quoted_line_break_is_on_its_own_line() {
        assert_eq!(lines_of_rows("a,b\n1,2\n\n3,4\n"), [2, 4]);
        assert_eq!(lines_of_rows("a,b\r\n1,\"two\r\nlines\"\r\n3,4\r\n"), [2, 4]);
    }

    /// A spreadsheet's "CSV" separated by semicolons (or tabs) reads as the comma-separated file
    /// does; a comma in the header decides for commas, whatever the rows hold.
    #[test]
    fn the_header_lines_separator_separates_the_rows() {
        let fields = |text: &str| -> Vec<Vec<String>> {
            let csv = CsvText { bytes: text.as_bytes().to_vec() };
            let mut reader = csv.reader();
            let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
            std::iter::once(header)
                .chain(reader.records().map(|r| r.unwrap().iter().map(String::from).collect()))
                .collect()
        };
        let expected = [["path", "delegation"], ["a.txt", "Côte d'Ivoire; Ghana"]];
        assert_eq!(fields("path,delegation\r\na.txt,Côte d'Ivoire; Ghana\r\n"), expected);
        assert_eq!(fields("path;delegation\r\na.txt;\"Côte d'Ivoire; Ghana\"\r\n"), expected);
        assert_eq!(fields("path\tdelegation\na.txt\tCôte d'Ivoire; Ghana\n"), expected);
    }

    /// A spreadsheet saves "Unicode text" as UTF-16 with a byte-order mark and tabs, and "CSV" on
    /// Windows as Windows-1252: both read as the UTF-8 file does (they were refused: "invalid
    /// UTF-8 in field 0 near byte index 0").
    #[test]
    fn utf16_and_windows_1252_files_read_as_their_utf8_twins() {
        let read = |bytes: Vec<u8>| -> Vec<Vec<String>> {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("manifest.csv");
            std::fs::write(&path, bytes).unwrap();
            let csv = CsvText::read(&path).unwrap();
            let mut reader = csv.reader();
            let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
            std::iter::once(header).chain(reader.records().map(|r| r.unwrap().iter().map(String::from).collect())).collect()
        };
        let expected = [["path", "delegation"], ["a.txt", "Côte d'Ivoire"]];
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("path\tdelegation\r\na.txt\tCôte d'Ivoire\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(read(utf16), expected);
        assert_eq!(read(b"path,delegation\r\na.txt,C\xf4te d'Ivoire\r\n".to_vec()), expected);
        assert_eq!(read("path,delegation\na.txt,Côte d'Ivoire\n".as_bytes().to_vec()), expected);
    }

    #[test]
    fn an_error_names_the_line_of_its_row() {
        let csv = CsvText { bytes: b"a,b\r\n1,2\r\n3\r\n".to_vec() };
        let err = csv.reader().records().find_map(|r| r.err()).unwrap();
        assert_eq!(csv.error_line(&err), Some(3));
    }
}
