//! A PDF record gives what its text gives. The PDF is made here from the bundled Beijing
//! summary report: lines wrapped at 95 characters with long words hyphenated at the break, 54
//! lines a page, a running header and a "Page N of M" footer, Helvetica in WinAnsi (the PDF
//! standard fonts), written with lopdf; `stance` reads it with pdf-extract.

use crate::common::repo;
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};
use crate::common::attribute;
use stance::config::Resources;
use stance::progress::Diagnostics;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const WIDTH: usize = 95;
const LINES_PER_PAGE: usize = 54;
const HEADER: &str = "UNRCPD International Workshop on Information and Cyber Security";

/// The text wrapped at [`WIDTH`], long lower-case words broken with a hyphen; and the words
/// broken.
fn wrap(text: &str) -> (Vec<String>, Vec<String>) {
    let mut lines = Vec::new();
    let mut broken = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH {
                let room = WIDTH.saturating_sub(line.chars().count() + 2);
                if word.len() >= 10 && word.bytes().all(|b| b.is_ascii_lowercase()) && room >= 4 {
                    let cut = room.min(word.len() - 4);
                    lines.push(format!("{line} {}-", &word[..cut]));
                    broken.push(word.to_string());
                    line = word[cut..].to_string();
                    continue;
                }
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    (lines, broken)
}

fn show(ops: &mut Vec<Operation>, x: i64, y: i64, text: &str) {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "{text}");
    ops.extend([
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 10.into()]),
        Operation::new("Td", vec![x.into(), y.into()]),
        Operation::new("Tj", vec![Object::string_literal(bytes.into_owned())]),
        Operation::new("ET", vec![]),
    ]);
}

/// Writes `lines` as a paginated PDF at `path`.
fn write_pdf(lines: &[String], path: &Path) {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let pages: Vec<&[String]> = lines.chunks(LINES_PER_PAGE).collect();
    let mut kids: Vec<Object> = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let mut ops = Vec::new();
        show(&mut ops, 50, 800, HEADER);
        for (i, line) in page.iter().enumerate() {
            if !line.is_empty() {
                show(&mut ops, 50, 770 - 13 * i as i64, line);
            }
        }
        show(&mut ops, 270, 30, &format!("Page {} of {}", n + 1, pages.len()));
        let content = doc.add_object(Stream::new(dictionary! {}, Content { operations: ops }.encode().unwrap()));
        kids.push(
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content, "Resources" => resources,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            })
            .into(),
        );
    }
    let count = kids.len() as i64;
    doc.objects.insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.save(path).unwrap();
}

/// The delegations and sentences `stance` finds in one record.
fn read(path: PathBuf) -> (BTreeSet<String>, Vec<String>) {
    let mut diag = Diagnostics::default();
    let docs = attribute(&[path], None, &Resources::default(), &mut diag).unwrap();
    assert!(diag.skipped().is_empty(), "{:?}", diag.skipped());
    let statements = &docs[0].statements;
    let delegations = statements.iter().map(|s| s.delegation.clone()).filter(|d| !d.is_empty()).collect();
    let sentences = statements.iter().flat_map(|s| s.sentences.iter().map(|x| x.text.clone())).collect();
    (delegations, sentences)
}

#[test]
fn a_pdf_of_the_beijing_report_gives_the_delegations_and_sentences_of_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let source = repo("data/records/2014-beijing-workshop/unrcpd-summary-report-2014-06.txt");
    let (lines, broken) = wrap(&std::fs::read_to_string(&source).unwrap());
    assert!(broken.len() >= 5, "the PDF breaks some words: {broken:?}");
    let pdf = dir.path().join("unrcpd-summary-report-2014-06.pdf");
    write_pdf(&lines, &pdf);
    assert!(lines.len() > 3 * LINES_PER_PAGE, "several pages");

    let (text_delegations, text_sentences) = read(source);
    let (pdf_delegations, pdf_sentences) = read(pdf);
    assert_eq!(pdf_delegations, text_delegations);

    let from_pdf: BTreeSet<&String> = pdf_sentences.iter().collect();
    let kept = text_sentences.iter().filter(|s| from_pdf.contains(s)).count();
    // Measured: 259 of 266. The rest are role lines that wrap in the PDF and so read as prose,
    // and a paragraph split by a page break that is joined to the wrong neighbour.
    assert!(kept * 100 >= text_sentences.len() * 97, "{kept} of {} sentences come out the same", text_sentences.len());
    for sentence in &pdf_sentences {
        assert!(!sentence.contains("Page ") && !sentence.contains(HEADER), "furniture in {sentence:?}");
    }
    let all_text = text_sentences.join(" ");
    let pdf_text = pdf_sentences.join(" ");
    for word in broken.iter().filter(|w| all_text.contains(w.as_str())) {
        assert!(pdf_text.contains(word.as_str()), "{word} is joined again");
    }
}
