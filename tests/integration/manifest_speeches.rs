//! One-speaker records with a manifest: the UN General Debate speeches bundled in data/.

use crate::common::attribute;
use stance::config::Resources;
use stance::progress::Diagnostics;
use std::path::Path;

#[test]
fn a_manifest_row_gives_the_speech_its_delegation_conference_and_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/records/ungd-2009-2012");
    let inputs = [root.join("s64-2009/CHN_64_2009.txt"), root.join("s66-2011/RUS_66_2011.txt")];
    let mut diag = Diagnostics::default();
    let docs = attribute(&inputs, Some(&root.join("manifest.csv")), &Resources::default(), &mut diag)
        .expect("the speeches attribute");
    assert_eq!(docs.len(), 2);
    for (doc, delegation, conference, date) in [
        (&docs[0], "China", "UNGA 64 general debate", "2009-09-01"),
        (&docs[1], "Russian Federation", "UNGA 66 general debate", "2011-09-01"),
    ] {
        assert_eq!(doc.doc.conference, conference);
        assert_eq!(doc.doc.date.as_deref(), Some(date));
        assert_eq!(doc.statements.len(), 1, "a speech is one statement");
        let statement = &doc.statements[0];
        assert_eq!(statement.delegation, delegation);
        assert!(statement.sentences.len() > 20, "{} sentences", statement.sentences.len());
        // Hard-wrapped lines are joined: no sentence keeps a line break.
        assert!(statement.sentences.iter().all(|s| !s.text.contains('\n')));
    }
}

#[test]
fn without_a_manifest_a_record_takes_its_folder_as_conference() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/records/ungd-2009-2012");
    let mut diag = Diagnostics::default();
    let docs = attribute(&[root.join("s64-2009/CHN_64_2009.txt")], None, &Resources::default(), &mut diag)
        .expect("the speech attributes");
    assert_eq!(docs[0].doc.conference, "s64-2009");
    assert_eq!(docs[0].doc.delegation, None);
}
