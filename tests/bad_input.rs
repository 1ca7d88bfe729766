//! Messy inputs: each named in one warning, everything else processed.

use stance::app::attribute_records;
use stance::config::Resources;
use stance::progress::Diagnostics;
use std::path::Path;

fn speech(dir: &Path, name: &str) -> std::path::PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/records/ungd-2009-2012/s64-2009/CHN_64_2009.txt");
    let to = dir.join(name);
    std::fs::copy(source, &to).unwrap();
    to
}

fn messages(list: &[(std::path::PathBuf, String)]) -> Vec<String> {
    list.iter().map(|(p, m)| format!("{}: {m}", p.display())).collect()
}

#[test]
fn invalid_utf8_is_decoded_with_a_count_of_replaced_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    std::fs::write(&path, b"The delegate of C\xf4te d'Ivoire spoke.\nIt was \xe9t\xe9 brief.\n").unwrap();
    let mut diag = Diagnostics::default();
    let docs = attribute_records(std::slice::from_ref(&path), None, &Resources::default(), &mut diag).unwrap();
    assert_eq!(docs.len(), 1);
    assert!(docs[0].doc.text.contains("C\u{fffd}te"));
    let warnings = messages(diag.warnings());
    assert!(
        warnings.iter().any(|w| w.contains("latin1.txt") && w.contains("3 byte(s) replaced")),
        "{warnings:?}"
    );
}

#[test]
fn bad_manifest_rows_are_named_and_the_rest_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let good = speech(dir.path(), "CHN.txt");
    speech(dir.path(), "RUS.txt");
    let manifest = dir.path().join("manifest.csv");
    std::fs::write(
        &manifest,
        "path,delegation,date,conference,notes\n\
         CHN.txt,China,2009-09-01,UNGA 64,first\n\
         CHN.txt,China,2009-09-02,UNGA 64,duplicate\n\
         RUS.txt,Russian Federation,23/09/2009,UNGA 64,bad date\n\
         missing.txt,Nowhere,2009-09-01,UNGA 64,no such file\n",
    )
    .unwrap();
    let mut diag = Diagnostics::default();
    let docs = attribute_records(&[dir.path().to_path_buf()], Some(&manifest), &Resources::default(), &mut diag)
        .unwrap();
    let warnings = messages(diag.warnings());
    for expected in ["column(s) notes not used", "line 3: CHN.txt is listed twice", "line 4: date \"23/09/2009\" is not YYYY-MM-DD", "line 5: missing.txt does not exist"] {
        assert!(warnings.iter().any(|w| w.contains("manifest.csv") && w.contains(expected)), "{expected}: {warnings:?}");
    }
    assert_eq!(docs.len(), 2, "both speeches are still read");
    let china = docs.iter().find(|d| d.doc.path == good).unwrap();
    assert_eq!(china.doc.date.as_deref(), Some("2009-09-01"), "the first row wins");
    let russia = docs.iter().find(|d| d.doc.path != good).unwrap();
    assert_eq!(russia.statements[0].delegation, "Russian Federation");
    assert_eq!(russia.doc.date, None, "a bad date is dropped, not guessed");
}

#[test]
fn a_record_nobody_can_be_attributed_in_keeps_its_statements() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minutes.txt");
    std::fs::write(
        &path,
        "One participant argued that norms take time. Another disagreed strongly with that view.\n\n\
         Several delegates called for more capacity building in the region.\n",
    )
    .unwrap();
    let mut diag = Diagnostics::default();
    let docs = attribute_records(&[path], None, &Resources::default(), &mut diag).unwrap();
    let sentences: usize = docs[0].statements.iter().map(|s| s.sentences.len()).sum();
    assert_eq!(sentences, 3);
    assert!(docs[0].statements.iter().all(|s| s.delegation.is_empty()));
}
