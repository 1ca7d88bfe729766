//! Reading one record's bytes into text, refusing what is not text, and saying when the text
//! is not in English.

use crate::progress::Diagnostics;
use encoding_rs::{Encoding, UTF_8};
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
/// "Unicode"); the mark itself is not text. Invalid UTF-8 is decoded lossily and reported with
/// the number of replaced bytes, so nothing readable is lost.
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
    Some(text)
}

/// `bytes` as UTF-8; invalid bytes are replaced with U+FFFD and counted in a warning.
fn from_utf8_reporting(bytes: Vec<u8>, path: &Path, diag: &mut Diagnostics) -> String {
    String::from_utf8(bytes).unwrap_or_else(|err| {
        let bytes = err.into_bytes();
        let replaced = count_invalid_bytes(&bytes);
        diag.warn(path, format!("not valid UTF-8: {replaced} byte(s) replaced with U+FFFD"));
        String::from_utf8_lossy(&bytes).into_owned()
    })
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

    #[test]
    fn nul_means_binary() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!looks_binary("plain text".as_bytes()));
    }
}
