//! Segmentation and attribution on the real 2014 Beijing workshop records (no model needed).

use crate::common::{self, attribute};
use stance::config::Resources;
use stance::progress::Diagnostics;
use stance::types::AttributedDocument;
use std::collections::BTreeSet;
use std::path::PathBuf;

const BEIJING: &str = "data/records/2014-beijing-workshop";
const REPORT: &str = "unrcpd-summary-report-2014-06.txt";
const CABLE: &str = "us-embassy-beijing-cable-2014-06-17.txt";

fn records() -> Vec<AttributedDocument> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut diag = Diagnostics::default();
    let docs = attribute(&[root.join(BEIJING)], None, &Resources::default(), &mut diag)
        .expect("the Beijing records attribute");
    assert!(diag.skipped().is_empty(), "nothing should be skipped: {:?}", diag.skipped());
    docs
}

fn doc<'a>(docs: &'a [AttributedDocument], id: &str) -> &'a AttributedDocument {
    docs.iter().find(|d| d.doc.source.id == id).unwrap_or_else(|| panic!("{id} not read"))
}

fn delegations(doc: &AttributedDocument) -> BTreeSet<&str> {
    doc.statements.iter().map(|s| s.delegation.as_str()).filter(|d| !d.is_empty()).collect()
}

/// The delegation(s) a sentence containing `needle` is attributed to.
fn who_said(doc: &AttributedDocument, needle: &str) -> BTreeSet<String> {
    let found: BTreeSet<String> = doc
        .statements
        .iter()
        .filter(|st| st.sentences.iter().any(|s| s.text.contains(needle)))
        .map(|st| st.delegation.clone())
        .collect();
    assert!(!found.is_empty(), "no sentence contains {needle:?}");
    found
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Every delegation that speaks in the report, and no other: a name found where nobody speaks
/// would be a delegation the table invents.
#[test]
fn the_report_names_every_delegation_that_speaks() {
    let docs = records();
    let found = delegations(doc(&docs, REPORT));
    let expected = [
        "Australia", "CICIR", "CIIS", "CNCERT", "China", "China National Institute of Network and Information Security",
        "Germany", "ICANN", "IISS", "ITU", "Japan", "Malaysia", "New Zealand", "Pakistan", "Republic of Korea",
        "South Africa", "Sri Lanka", "Thailand", "UNIDIR", "UNODC", "USITO", "United Kingdom",
    ];
    assert_eq!(found, expected.into_iter().collect(), "the report's speakers");
}

#[test]
fn the_cable_names_every_delegation_that_speaks() {
    let docs = records();
    let found = delegations(doc(&docs, CABLE));
    let expected = [
        "Australia", "CICIR", "CIIS", "China", "Germany", "IISS", "Japan", "New Zealand", "Republic of Korea",
        "Sri Lanka", "USITO", "United Kingdom", "United States",
    ];
    assert_eq!(found, expected.into_iter().collect(), "the cable's speakers");
}

#[test]
fn report_sentences_land_with_their_delegation() {
    let docs = records();
    let report = doc(&docs, REPORT);
    let cases = [
        ("Free flow of information is vital for a country's social", &["Japan"][..]),
        ("An international treaty is needed to guarantee rapid information sharing", &["Pakistan"]),
        ("set up Sri Lanka CERT/CC as the national centre", &["Sri Lanka"]),
        ("doubted that a UN body could", &["Germany"]),
        ("multilateral supervision of ICANN", &["China"]),
        ("Another delegate explained Malaysia's experience", &["Malaysia"]),
        ("South Africa's challenges were described", &["South Africa"]),
        ("One explained China's national cyber challenges", &["China"]),
        ("the UN is currently unique in its authority", &["CICIR"]),
        ("regards the framework of existing international law as the starting point", &["Australia"]),
        ("He reiterated China's position against the militarization", &["China"]),
    ];
    for (needle, expected) in cases {
        assert_eq!(who_said(report, needle), set(expected), "{needle}");
    }
}

#[test]
fn unnamed_speakers_stay_unattributed() {
    let docs = records();
    let report = doc(&docs, REPORT);
    for needle in [
        "One argued that in a big data era, states should legislate",
        "One speaker highlighted its country's support for an open, interoperable",
        "Another delegate cited APCERT",
        "One speaker referenced calls by Brazil's president",
    ] {
        assert_eq!(who_said(report, needle), set(&[""]), "{needle}");
    }
}

#[test]
fn cable_sentences_land_with_their_delegation() {
    let docs = records();
    let cable = doc(&docs, CABLE);
    let cases = [
        ("China was not opposed to the multi-stakeholder model", &["China"][..]),
        ("Countries need laws to manage that flow of information", &["China"]),
        ("It was false to assert that a few western countries dominated", &["Germany"]),
        ("the UN could not be the main actor on Internet governance", &["New Zealand"]),
        ("unparalleled authority made it a critical player", &["CICIR"]),
        ("governments alone are ill-equipped to develop Internet standards", &["USITO"]),
        ("far too premature to entertain talk of any treaty", &["Republic of Korea"]),
        ("voiced their governments' support", &["Australia", "United Kingdom"]),
        ("He emphasized the importance of the free flow of information", &["United States"]),
        ("Dukes noted the U.S. participation", &["United States"]),
        ("Participants were divided over how extensive a role", &[""]),
    ];
    for (needle, expected) in cases {
        assert_eq!(who_said(cable, needle), set(expected), "{needle}");
    }
}

#[test]
fn page_furniture_and_annexes_are_never_statements() {
    let docs = records();
    for d in &docs {
        for st in &d.statements {
            for s in &st.sentences {
                for furniture in [
                    "Case No. F-2014-21465",
                    "Page 2 of 5",
                    "List of Acronyms",
                    "Asia Pacific Computer Emergency Response Team |",
                    "PALLIYAGURU",
                    "Drafted By",
                    "Session I: Cyberspace Policies and Emerging Challenges | 5",
                    "MRN:",
                ] {
                    assert!(!s.text.contains(furniture), "{}: {:?} in {:?}", d.doc.source.id, furniture, s.text);
                }
            }
        }
    }
}

#[test]
fn sentences_point_back_into_the_record() {
    let docs = records();
    for d in &docs {
        let chars: Vec<char> = d.doc.text.chars().collect();
        for st in &d.statements {
            for s in &st.sentences {
                common::assert_span_reads_as_sentence(&chars, s, &d.doc.source.id);
            }
        }
    }
    // Titles, initials and abbreviations do not end sentences.
    let report = doc(&docs, REPORT);
    assert!(who_said(report, "Mr. Li Baodong, Vice Foreign Minister of China, attended").contains("China"));
    let cable = doc(&docs, CABLE);
    who_said(cable, "the U.S. vision for an open, interoperable, secure, and reliable cyberspace");
}
