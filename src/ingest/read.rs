//! Reading one record's bytes into text, refusing what is not text, and saying when the text
//! is not in English.

use crate::progress::Diagnostics;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::path::Path;

/// How much of the start of a file is sniffed for binary content.
const SNIFF_BYTES: usize = 8192;

/// A record's text, by its kind: a PDF's extracted text, else the file read as text. A text
/// that reads in good part as another language than English is named in a warning.
pub fn read_record(path: &Path, diag: &mut Diagnostics) -> Option<String> {
    let is_pdf = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let text = if is_pdf { super::pdf::read_pdf(path, diag) } else { read_text(path, diag) }?;
    if let Some((language, share)) = super::language::other_language(&text) {
        diag.warn(
            path,
            format!(
                "{:.0}% of its opening paragraphs read as {language}, not English: the encoder and heads were trained on \
                 English, so its cells may miss or invent stances more than the evaluation measured (give an English translation if there is one)",
                share * 100.0
            ),
        );
    }
    Some(text)
}

/// The file's text, or `None` (with the reason reported) when it cannot be used: unreadable,
/// empty, or binary. Text is UTF-8, or UTF-16 when a byte-order mark says so (Windows Notepad's
/// "Unicode"); the mark itself is not text. A file without a single UTF-8 character beyond ASCII
/// but with bytes that are not UTF-8 is a legacy single-byte one, read as Windows-1252 (the
/// Latin-1 superset that Windows and older UN text files use); any other invalid UTF-8 is
/// decoded lossily. Either is reported, so nothing readable is lost unsaid.
fn read_text(path: &Path, diag: &mut Diagnostics) -> Option<String> {
    let mut bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            diag.skip(path, format!("cannot be read ({e})"));
            return None;
        }
    };
    let (encoding, mark) = Encoding::for_bom(&bytes).unwrap_or((UTF_8, 0));
    let text = if encoding == UTF_8 {
        bytes.drain(..mark);
        if looks_binary(&bytes) {
            diag.skip(path, "binary content, not text (is it really a .txt/.md file?)");
            return None;
        }
        from_utf8_reporting(bytes, path, diag)
    } else {
        let (text, replaced_some) = encoding.decode_without_bom_handling(&bytes[mark..]);
        if replaced_some {
            diag.warn(path, format!("not valid {}: some characters replaced with U+FFFD", encoding.name()));
        }
        text.into_owned()
    };
    if text.trim().is_empty() {
        diag.skip(path, "empty file");
        return None;
    }
    Some(with_line_feeds(text))
}

/// The text with each line break a `\n` or `\r\n`: a `\r` that ends a line on its own (classic
/// Mac OS text, as the corpus's speeches of 1991 are saved) becomes a `\n`, one character for
/// one, so that offsets into the text are unchanged. Read as it was, such a file was a single
/// line, which the segmenter's line rules (page furniture, metadata lines, speaker labels)
/// could not see or dropped whole. A `\r` beside a `\n` (`\r\n`, or `\n\r` as some old files
/// write it) is left as it is: the line rules already read those.
fn with_line_feeds(text: String) -> String {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') && (i == 0 || bytes[i - 1] != b'\n');
    if !(0..bytes.len()).any(lone) {
        return text;
    }
    let mut out = bytes.to_vec();
    for i in (0..bytes.len()).filter(|&i| lone(i)) {
        out[i] = b'\n';
    }
    String::from_utf8(out).expect("one ASCII byte replaced by another keeps UTF-8 valid")
}

/// `bytes` as UTF-8, or as Windows-1252 when they are no UTF-8 at all ([`single_byte_encoded`]);
/// otherwise invalid bytes are replaced with U+FFFD and counted. Read as UTF-8, "Côte d'Ivoire"
/// in Latin-1 became "C\u{FFFD}te d'Ivoire", which names no delegation.
fn from_utf8_reporting(bytes: Vec<u8>, path: &Path, diag: &mut Diagnostics) -> String {
    String::from_utf8(bytes).unwrap_or_else(|err| {
        let bytes = err.into_bytes();
        if single_byte_encoded(&bytes) {
            let (text, _, _) = WINDOWS_1252.decode(&bytes);
            diag.warn(
                path,
                "not UTF-8: read as Windows-1252 (Latin-1), the usual encoding of such files; if its accented letters \
                 read wrong in statements.csv, re-save it as UTF-8 (iconv -f ITS-ENCODING -t UTF-8)",
            );
            return text.into_owned();
        }
        let replaced = count_invalid_bytes(&bytes);
        diag.warn(
            path,
            format!("not valid UTF-8: {replaced} byte(s) replaced with U+FFFD; re-save it as UTF-8 to keep those characters"),
        );
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// A CSV file's bytes (a manifest, an annotation file) as UTF-8 where their encoding can be
/// told as a record's is: UTF-16 by its byte-order mark (a spreadsheet's "Unicode text"), and
/// Windows-1252 when no character of them is UTF-8 beyond ASCII but some byte is not UTF-8 (a
/// spreadsheet's "CSV" on Windows). Anything else is left as it is: UTF-8, with or without its
/// mark, and damaged UTF-8, which the reader then refuses with its line.
pub(super) fn csv_as_utf8(bytes: Vec<u8>) -> Vec<u8> {
    match Encoding::for_bom(&bytes) {
        Some((encoding, mark)) if encoding != UTF_8 => {
            encoding.decode_without_bom_handling(&bytes[mark..]).0.into_owned().into_bytes()
        }
        None if std::str::from_utf8(&bytes).is_err() && single_byte_encoded(&bytes) => {
            WINDOWS_1252.decode(&bytes).0.into_owned().into_bytes()
        }
        _ => bytes,
    }
}

/// Whether `bytes` hold no UTF-8 character beyond ASCII: what is not ASCII in them is not UTF-8
/// either, so they were written in a single-byte encoding, not damaged UTF-8.
fn single_byte_encoded(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().all(|chunk| chunk.valid().is_ascii())
}

/// NUL bytes do not occur in text files; a PNG or PDF renamed `.txt` has them early on.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(SNIFF_BYTES)].contains(&0)
}

fn count_invalid_bytes(mut bytes: &[u8]) -> usize {
    let mut invalid = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(_) => return invalid,
            Err(e) => {
                let bad = e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
                invalid += bad;
                bytes = &bytes[e.valid_up_to() + bad..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file saved with classic Mac OS line ends (`\r` alone) reads with its lines, as the
    /// same file with `\n` or `\r\n` does; a `\r` beside a `\n` is left alone; offsets hold.
    #[test]
    fn a_carriage_return_alone_ends_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut diag = Diagnostics::default();
        let mut read = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            read_text(&path, &mut diag).unwrap()
        };
        assert_eq!(read("cr.txt", b"First line.\rSecond line.\r\rThird."), "First line.\nSecond line.\n\nThird.");
        assert_eq!(read("crlf.txt", b"First line.\r\nSecond.\n\rThird."), "First line.\r\nSecond.\n\rThird.");
        assert_eq!(read("plain.txt", b"No break at all."), "No break at all.");
    }

    #[test]
    fn counts_each_invalid_byte() {
        assert_eq!(count_invalid_bytes(b"ok \xff\xfe ok \xc3"), 3);
        assert_eq!(count_invalid_bytes("déjà".as_bytes()), 0);
    }

    #[test]
    fn a_byte_order_mark_says_how_to_read_the_text_and_is_not_part_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Statement by the delegation of Côte d'Ivoire.";
        let utf16le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        let utf8: Vec<u8> = [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect();
        for (name, bytes) in [("le.txt", utf16le), ("be.txt", utf16be), ("utf8.txt", utf8)] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let mut diag = Diagnostics::default();
            assert_eq!(read_text(&path, &mut diag).as_deref(), Some(text), "{name}");
            assert!(diag.warnings().is_empty() && diag.skipped().is_empty(), "{name}");
        }
    }

    /// A Latin-1 (Windows-1252) file reads as what it says, with a warning; a UTF-8 file with a
    /// damaged byte keeps its UTF-8 and marks the damage.
    #[test]
    fn a_single_byte_file_reads_as_windows_1252_and_damaged_utf8_as_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let latin1 = dir.path().join("latin1.txt");
        std::fs::write(&latin1, b"Statement by C\xf4te d'Ivoire \x96 \x93open\x94 Internet.").unwrap();
        let mut diag = Diagnostics::default();
        assert_eq!(read_text(&latin1, &mut diag).as_deref(), Some("Statement by Côte d'Ivoire – “open” Internet."));
        assert!(diag.warnings()[0].1.contains("read as Windows-1252"), "{:?}", diag.warnings());
        let damaged = dir.path().join("damaged.txt");
        std::fs::write(&damaged, b"C\xc3\xb4te d'Ivoire \xff").unwrap();
        let mut diag = Diagnostics::default();
        assert_eq!(read_text(&damaged, &mut diag).as_deref(), Some("Côte d'Ivoire \u{FFFD}"));
        assert!(diag.warnings()[0].1.contains("1 byte(s) replaced"), "{:?}", diag.warnings());
    }

    #[test]
    fn nul_means_binary() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!looks_binary("plain text".as_bytes()));
    }
}
