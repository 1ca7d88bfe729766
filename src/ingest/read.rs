//! Reading one record's bytes into text, refusing what is not text, and saying when the text
//! is not in English.

use crate::progress::Diagnostics;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
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
/// empty, or binary. How its bytes are text is [`encoding_of`]'s to say; the mark of a
/// byte-order is not text. A file read as Windows-1252, as UTF-16 or UTF-32 without the mark that
/// says so, or with characters replaced, is named in a warning, so nothing readable is lost
/// unsaid.
fn read_text(path: &Path, diag: &mut Diagnostics) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            diag.skip(path, format!("cannot be read ({e})"));
            return None;
        }
    };
    let text = match encoding_of(&bytes) {
        Encoded::Binary => {
            diag.skip(path, "binary content, not text (is it really a .txt/.md file?)");
            return None;
        }
        Encoded::Utf8 { mark } => {
            let mut bytes = bytes;
            bytes.drain(..mark);
            from_utf8_reporting(bytes, path, diag)
        }
        Encoded::Windows1252 => {
            diag.warn(
                path,
                "not UTF-8: read as Windows-1252 (Latin-1), the usual encoding of such files; if its accented letters \
                 read wrong in statements.csv, re-save it as UTF-8 (iconv -f ITS-ENCODING -t UTF-8)",
            );
            WINDOWS_1252.decode(&bytes).0.into_owned()
        }
        Encoded::Wide { unit, mark } => {
            let (text, replaced_some) = unit.decode(&bytes[mark..]);
            if mark == 0 {
                diag.warn(
                    path,
                    format!(
                        "no byte-order mark: read as {} by the NUL bytes beside its letters; if it reads wrong in \
                         statements.csv, re-save it as UTF-8",
                        unit.name()
                    ),
                );
            }
            if replaced_some {
                diag.warn(path, format!("not valid {}: some characters replaced with U+FFFD", unit.name()));
            }
            text
        }
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

/// `bytes` as UTF-8, invalid bytes replaced with U+FFFD and counted in a warning.
fn from_utf8_reporting(bytes: Vec<u8>, path: &Path, diag: &mut Diagnostics) -> String {
    String::from_utf8(bytes).unwrap_or_else(|err| {
        let bytes = err.into_bytes();
        let replaced = count_invalid_bytes(&bytes);
        diag.warn(
            path,
            format!("not valid UTF-8: {replaced} byte(s) replaced with U+FFFD; re-save it as UTF-8 to keep those characters"),
        );
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// A CSV file's bytes (a manifest, an annotation file) as UTF-8 where [`encoding_of`] tells
/// them to be something else (a spreadsheet's "Unicode text" is UTF-16, its "CSV" on Windows
/// Windows-1252). UTF-8, with or without its mark, and damaged UTF-8 are left as they are: the
/// reader refuses damaged UTF-8 with its line.
pub(super) fn csv_as_utf8(bytes: Vec<u8>) -> Vec<u8> {
    match encoding_of(&bytes) {
        Encoded::Wide { unit, mark } => unit.decode(&bytes[mark..]).0.into_bytes(),
        Encoded::Windows1252 => WINDOWS_1252.decode(&bytes).0.into_owned().into_bytes(),
        Encoded::Utf8 { .. } | Encoded::Binary => bytes,
    }
}

/// How a file's bytes are text: the one place that decides, for records and CSV files alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoded {
    /// UTF-8, valid or damaged, after a byte-order mark of `mark` bytes (0 without one).
    Utf8 { mark: usize },
    /// UTF-16 or UTF-32, by its byte-order mark of `mark` bytes (Windows Notepad's and a
    /// spreadsheet's "Unicode"), or without one (`mark` 0) by the NUL bytes beside its letters.
    Wide { unit: Unit, mark: usize },
    /// No UTF-8 character beyond ASCII, and bytes that are not UTF-8: a single-byte encoding,
    /// read as Windows-1252 (the Latin-1 superset that Windows and older UN text files use).
    Windows1252,
    /// NUL bytes that no wide encoding explains: not text.
    Binary,
}

/// A wide encoding: its code unit and byte order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Utf16Le => "UTF-16LE",
            Unit::Utf16Be => "UTF-16BE",
            Unit::Utf32Le => "UTF-32LE",
            Unit::Utf32Be => "UTF-32BE",
        }
    }

    /// `bytes` (without their mark) as text, and whether some had to be replaced with U+FFFD.
    /// UTF-16 is `encoding_rs`'s; UTF-32, which the Encoding Standard leaves out, is a code point
    /// in every four bytes.
    fn decode(self, bytes: &[u8]) -> (String, bool) {
        let code_point = |four: [u8; 4]| match self {
            Unit::Utf32Le => u32::from_le_bytes(four),
            _ => u32::from_be_bytes(four),
        };
        match self {
            Unit::Utf16Le | Unit::Utf16Be => {
                let encoding = if self == Unit::Utf16Le { UTF_16LE } else { UTF_16BE };
                let (text, replaced_some) = encoding.decode_without_bom_handling(bytes);
                (text.into_owned(), replaced_some)
            }
            Unit::Utf32Le | Unit::Utf32Be => {
                let mut replaced_some = bytes.len() % 4 != 0;
                let text = bytes
                    .chunks_exact(4)
                    .map(|four| {
                        char::from_u32(code_point([four[0], four[1], four[2], four[3]])).unwrap_or_else(|| {
                            replaced_some = true;
                            char::REPLACEMENT_CHARACTER
                        })
                    })
                    .collect();
                (text, replaced_some)
            }
        }
    }
}

/// How `bytes` are text ([`Encoded`]).
fn encoding_of(bytes: &[u8]) -> Encoded {
    // UTF-32's marks first: UTF-32LE's begins with UTF-16LE's.
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Encoded::Wide { unit: Unit::Utf32Le, mark: 4 };
    }
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Encoded::Wide { unit: Unit::Utf32Be, mark: 4 };
    }
    let sniff = |from: usize| &bytes[from..bytes.len().min(from + SNIFF_BYTES)];
    match Encoding::for_bom(bytes) {
        // (a mark does not make NUL bytes text: a binary file may begin with these three bytes)
        Some((encoding, mark)) if encoding == UTF_8 => {
            return if sniff(mark).contains(&0) { Encoded::Binary } else { Encoded::Utf8 { mark } };
        }
        Some((encoding, mark)) => {
            let unit = if encoding == UTF_16LE { Unit::Utf16Le } else { Unit::Utf16Be };
            return Encoded::Wide { unit, mark };
        }
        None => {}
    }
    if sniff(0).contains(&0) {
        return wide_without_mark(sniff(0)).map_or(Encoded::Binary, |unit| Encoded::Wide { unit, mark: 0 });
    }
    if std::str::from_utf8(bytes).is_err() && single_byte_encoded(bytes) {
        Encoded::Windows1252
    } else {
        Encoded::Utf8 { mark: 0 }
    }
}

/// The wide encoding that the NUL bytes of `sniff` show, if one does: a text in Latin script
/// written as UTF-16 has a NUL beside nearly every letter, on the same side; as UTF-32, two more
/// beyond it. Anything else with NUL bytes (a picture, a PDF renamed) shows no such pattern.
fn wide_without_mark(sniff: &[u8]) -> Option<Unit> {
    // The share of NUL bytes among those at `offset` in every `step` bytes.
    let nul_share = |offset: usize, step: usize| {
        let (nul, all) = sniff.iter().skip(offset).step_by(step).fold((0, 0), |(nul, all), &b| (nul + usize::from(b == 0), all + 1));
        nul as f64 / all.max(1) as f64
    };
    let (mostly, seldom) = (|share: f64| share >= 0.9, |share: f64| share <= 0.1);
    if mostly(nul_share(2, 4)) && mostly(nul_share(3, 4)) && seldom(nul_share(0, 4)) {
        Some(Unit::Utf32Le)
    } else if mostly(nul_share(0, 4)) && mostly(nul_share(1, 4)) && seldom(nul_share(3, 4)) {
        Some(Unit::Utf32Be)
    } else if mostly(nul_share(1, 2)) && seldom(nul_share(0, 2)) {
        Some(Unit::Utf16Le)
    } else if mostly(nul_share(0, 2)) && seldom(nul_share(1, 2)) {
        Some(Unit::Utf16Be)
    } else {
        None
    }
}

/// Whether `bytes` hold no UTF-8 character beyond ASCII: what is not ASCII in them is not UTF-8
/// either, so they were written in a single-byte encoding, not damaged UTF-8.
fn single_byte_encoded(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().all(|chunk| chunk.valid().is_ascii())
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

    /// UTF-32 with its mark, and UTF-16 without one, read as their UTF-8 twin: UTF-32 was read
    /// as UTF-16 (their marks begin alike), a text of NUL-separated letters in no sentence, and
    /// UTF-16 without its mark was refused as binary. A manifest or an annotation file in them
    /// reads alike; a file whose NUL bytes no encoding explains is still not text.
    #[test]
    fn utf32_and_utf16_without_its_mark_read_as_their_utf8_twin() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Statement by the delegation of Côte d'Ivoire on the Internet.";
        let utf32 = |le: bool| -> Vec<u8> {
            let mark: [u8; 4] = if le { [0xFF, 0xFE, 0, 0] } else { [0, 0, 0xFE, 0xFF] };
            let units = text.chars().flat_map(move |c| if le { u32::from(c).to_le_bytes() } else { u32::from(c).to_be_bytes() });
            mark.into_iter().chain(units).collect()
        };
        let utf16 = |le: bool| -> Vec<u8> {
            text.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
        };
        for (name, bytes, warned) in
            [("32le.txt", utf32(true), false), ("32be.txt", utf32(false), false), ("16le.txt", utf16(true), true), ("16be.txt", utf16(false), true)]
        {
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            let mut diag = Diagnostics::default();
            assert_eq!(read_text(&path, &mut diag).as_deref(), Some(text), "{name}");
            assert!(diag.skipped().is_empty(), "{name}");
            assert_eq!(diag.warnings().iter().any(|(_, w)| w.contains("no byte-order mark")), warned, "{name}: {:?}", diag.warnings());
            assert_eq!(csv_as_utf8(bytes), text.as_bytes(), "{name}");
        }
        let marked = dir.path().join("marked.txt");
        std::fs::write(&marked, b"\xEF\xBB\xBFtext\0\0\0\x01\x02").unwrap();
        let mut diag = Diagnostics::default();
        assert!(read_text(&marked, &mut diag).is_none(), "a UTF-8 mark does not make NUL bytes text");
        let png = dir.path().join("picture.txt");
        std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x02\x80\0\0\x01\xe0\x08\x06\0\0\0").unwrap();
        let mut diag = Diagnostics::default();
        assert!(read_text(&png, &mut diag).is_none());
        assert!(diag.skipped()[0].1.contains("binary content"), "{:?}", diag.skipped());
    }
}
