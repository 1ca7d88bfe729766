//! Reading one record's bytes into text, refusing what is not text.

use crate::progress::Diagnostics;
use std::path::Path;

/// How much of the start of a file is sniffed for binary content.
const SNIFF_BYTES: usize = 8192;

/// A record's text, by its kind: a PDF's extracted text, else the file read as text.
pub fn read_record(path: &Path, diag: &mut Diagnostics) -> Option<String> {
    let is_pdf = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if is_pdf {
        super::pdf::read_pdf(path, diag)
    } else {
        read_text(path, diag)
    }
}

/// The file's text, or `None` (with the reason reported) when it cannot be used: unreadable,
/// empty, or binary. Invalid UTF-8 is decoded lossily and reported with the number of
/// replaced bytes, so nothing readable is lost.
fn read_text(path: &Path, diag: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            diag.skip(path, format!("cannot be read ({e})"));
            return None;
        }
    };
    if looks_binary(&bytes) {
        diag.skip(path, "binary content, not text (is it really a .txt/.md file?)");
        return None;
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let bytes = err.into_bytes();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let replaced = count_invalid_bytes(&bytes);
            diag.warn(
                path,
                format!("not valid UTF-8: {replaced} byte(s) replaced with U+FFFD"),
            );
            text
        }
    };
    if text.trim().is_empty() {
        diag.skip(path, "empty file");
        return None;
    }
    Some(text)
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
    fn nul_means_binary() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!looks_binary("plain text".as_bytes()));
    }
}
