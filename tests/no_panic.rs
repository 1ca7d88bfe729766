//! Property tests: segmentation, attribution and the manifest reader never panic, whatever the
//! bytes or text they are given: a short run in `make test`, a longer one with PROPTEST_CASES.

use proptest::prelude::*;
use stance::attribute::{Attributor, People};
use stance::config::Resources;
use stance::progress::Diagnostics;
use stance::segment::{segment, SegmentationRules};
use stance::types::Document;
use std::sync::OnceLock;

struct Shipped {
    rules: SegmentationRules,
    attributor: Attributor,
}

fn shipped() -> &'static Shipped {
    static SHIPPED: OnceLock<Shipped> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let resources = Resources::default();
        Shipped {
            rules: SegmentationRules::load(&resources.segmentation).unwrap(),
            attributor: Attributor::load(&resources.gazetteer, &resources.attribution).unwrap(),
        }
    })
}

/// Text that looks a little like a record: headings, annex lines, names, numbered paragraphs,
/// page furniture, multi-byte characters and stray punctuation.
fn record_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("China".to_string()),
        Just("Mr. FU Cong, Coordinator, China\n".to_string()),
        Just("ANNEX II: Agenda\n".to_string()),
        Just("1. (SBU) ".to_string()),
        Just("Fu said ".to_string()),
        Just("One argued that ".to_string()),
        Just("He stressed ".to_string()),
        Just("Germany's ".to_string()),
        Just("UNCLASSIFIED U.S. Department of State Case No. F-1 Page 1 of 5\n".to_string()),
        Just("\n\n".to_string()),
        Just("  ".to_string()),
        Just("Côte d’Ivoire ".to_string()),
        Just("¹ ".to_string()),
        Just("(".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        "\\PC{0,20}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

fn attribute_text(text: &str, delegation: Option<&str>) {
    let shipped = shipped();
    let layout = segment(text, &shipped.rules);
    let people: People = shipped.attributor.people([layout.back_matter.as_str()]);
    let doc = Document {
        id: "fuzz.txt".into(),
        path: "fuzz.txt".into(),
        conference: "fuzz".into(),
        date: None,
        delegation: delegation.map(String::from),
        text: text.to_string(),
    };
    let statements = shipped.attributor.attribute(&doc, &layout, &people);
    let chars = text.chars().count();
    for st in &statements {
        for s in &st.sentences {
            assert!(s.char_start < s.char_end && s.char_end <= chars, "{s:?} in {chars} chars");
        }
    }
}

// 256 cases per property by default (proptest's own default; PROPTEST_CASES overrides it).
proptest! {
    #[test]
    fn attribution_never_panics_on_record_like_text(text in record_like()) {
        attribute_text(&text, None);
    }

    #[test]
    fn attribution_never_panics_on_any_text(text in "\\PC*|.*") {
        attribute_text(&text, None);
        attribute_text(&text, Some("China"));
    }

    #[test]
    fn the_manifest_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.csv");
        std::fs::write(&path, &bytes).unwrap();
        let mut diag = Diagnostics::default();
        let _ = stance::ingest::Manifest::load(&path, &mut diag);
    }
}
