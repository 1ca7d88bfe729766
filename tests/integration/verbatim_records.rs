//! Verbatim records (the UN's "PV", which carry the General Debate): each turn is its label's
//! speaker's, the presiding officer's nobody's.

use crate::common::{assert_span_reads_as_sentence, attribute, repo, rows, stance, Completes};
use stance::config::Resources;
use stance::progress::Diagnostics;

/// A meeting's record in the PV's shape (written for the test: the project holds no whole PV),
/// run without a manifest: each speaker's sentences are their delegation's, the President's
/// nobody's, and every stance the table states rests on a sentence of its own delegation's turn.
/// Read as reported speech, every turn after the "Address by" heading was Brazil's, and Brazil's
/// row stated the United States' `free_flow`.
#[test]
fn each_turn_of_a_verbatim_record_is_its_speakers() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("A-68-PV.5.txt");
    std::fs::write(
        &record,
        "General Assembly\nSixty-eighth session\n5th plenary meeting\n\n\
         Address by Ms. Dilma Rousseff, President of the Federative Republic of Brazil\n\n\
         \x20The President: The Assembly will now hear an address by the President of the\n\
         Federative Republic of Brazil.\n\
         \x20President Rousseff (spoke in Portuguese; English text provided by the delegation):\n\
         Information and communication technologies cannot be the new battlefield between States.\n\
         The United Nations must play a leading role in the effort to regulate the conduct of\n\
         States with regard to those technologies, and Brazil will propose a civilian multilateral\n\
         framework for the governance and use of the Internet.\n\
         \x20The President: On behalf of the General\n\
         Assembly, I wish to thank the President of the Federative Republic of Brazil.\n\
         \x20Mr. Obama (United States of America): We will keep the Internet open, interoperable\n\
         and free, governed by all who have a stake in it rather than by Governments alone. We do\n\
         not believe that a new treaty on cyberspace is needed.\n\
         \x20The Acting President: I now give the floor to the Minister for Foreign Affairs of the\n\
         Russian Federation.\n\
         \x20Mr. Lavrov (Russian Federation) (spoke in Russian): We believe that a universal\n\
         convention on international information security should be negotiated under the\n\
         auspices of the United Nations.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    stance().arg("run").arg(&record).arg("--out").arg(&out).succeeded();

    let statements = rows(&out.join("statements.csv"));
    let whose = |opening: &str| -> &str {
        let row = statements.iter().find(|r| r["text"].starts_with(opening)).unwrap_or_else(|| panic!("no sentence {opening:?}"));
        &row["delegation"]
    };
    assert_eq!(whose("The Assembly will now hear"), "");
    assert_eq!(whose("Information and communication technologies cannot"), "Brazil");
    assert_eq!(whose("On behalf of the General Assembly"), "");
    assert_eq!(whose("We do not believe that a new treaty"), "United States");
    assert_eq!(whose("I now give the floor"), "");
    assert_eq!(whose("We believe that a universal convention"), "Russian Federation");
    assert!(statements.iter().all(|r| !r["text"].contains("(spoke in")), "a label is no sentence");

    let stated: Vec<_> = rows(&out.join("stances.csv")).into_iter().filter(|r| r["n_sentences"] != "0").collect();
    for cell in &stated {
        let evidence = statements
            .iter()
            .find(|r| r["char_start"] == cell["evidence_char_start"] && r["delegation"] == cell["delegation"]);
        assert!(evidence.is_some(), "the evidence of {cell:?} is a sentence of its delegation's own turn");
    }
}

/// A speech of the corpus copied from a verbatim record keeps the President's words after it
/// ("The President: Before proceeding further, I would like to remind members ..."): with its
/// manifest row, they are nobody's, and no longer run on into the speech's last sentence (their
/// label line was dropped as a cable's metadata, and the rest joined to Nepal's sentence).
#[test]
fn the_presiding_officers_turn_in_a_speech_is_nobodys() {
    let corpus = repo("../shared/records/ungd-1946-2023");
    let out = tempfile::tempdir().unwrap();
    stance()
        .arg("run")
        .arg(corpus.join("s62-2007/NPL_62_2007.txt"))
        .arg("--manifest")
        .arg(corpus.join("manifest.csv"))
        .arg("--out")
        .arg(out.path())
        .succeeded();
    let statements = rows(&out.path().join("statements.csv"));
    let officer: Vec<_> = statements.iter().filter(|r| r["text"].contains("Before proceeding further")).collect();
    assert_eq!(officer.len(), 1, "{officer:?}");
    assert_eq!(officer[0]["delegation"], "", "{officer:?}");
    assert!(officer[0]["text"].starts_with("Before proceeding further"), "{officer:?}");
    let nepal = statements.iter().filter(|r| r["delegation"] == "Nepal").count();
    assert!(nepal > 50, "the speech is Nepal's: {nepal} sentences");
}

/// General Debate speeches cut out of the PV keep its page furniture: a page's header on lines
/// of its own ("14/55 15-29658", "01/10/2015 A/70/PV.22"; "9 08-51839" in 2005-2011, where it
/// stood as a heading between the two halves of a sentence), at the start of a line of text
/// ("16-29667 3/58 very worrying."), and the first page's note on the record, on one line or
/// wrapped over five, with its job number ("This record contains the text of speeches delivered
/// in English ...", "17-29597 (E) *1729597*"). Each fell mid-sentence: "... implementing its
/// national 14/55 15-29658 01/10/2015 A/70/PV.22 development plan ...". Most of the General
/// Debate speeches of 2015 have them, and the speeches kept aside to evaluate the project come
/// from the same corpus.
#[test]
fn a_pv_page_header_is_furniture_and_the_sentence_it_broke_is_whole() {
    let furniture = regex::Regex::new(r"\b\d{2}-\d{5}\b|\d{2}/\d{2}/\d{4}|A/\d{2}/PV\.\d+ |\*\d{7}\*|This record contains").unwrap();
    let sentences = corpus_sentences_without(
        &[
            "s63-2008/EST_63_2008.txt",
            "s68-2013/CHE_68_2013.txt",
            "s70-2015/AGO_70_2015.txt",
            "s71-2016/ALB_71_2016.txt",
            "s72-2017/GEO_72_2017.txt",
        ],
        &furniture,
    );
    for broken in [
        "To that end, it is implementing its national development plan, which aims",
        "developments that have unfolded in recent days and hours are very worrying.",
        "Georgia was heading into general elections.",
        "Even before the armed conflict broke out, Georgia was the target of a cyberwar",
        "has deteriorated to such an extent that humanitarian organizations are unable to cope.",
        "develop demand-based higher and professional education and enhance the economic skills",
        "Meanwhile, Russia continues to install motion detectors and other technologies",
    ] {
        assert!(sentences.iter().any(|s| s.contains(broken)), "no sentence holds {broken:?}");
    }
}

/// Many of the corpus's General Debate speeches of 2023 print the comma after a lead-in phrase as
/// a full stop: "In that regard. I would like to recall ...", "At the same time. Romania
/// welcomes the Secretary-General's initiative ...". Each phrase stood as a sentence of its own,
/// and the clause it opens lost it, and with it the scope the phrase had through the sentence
/// before. The phrase alone is no sentence: it stays with the clause.
#[test]
fn a_lead_in_phrase_printed_with_a_full_stop_stays_with_its_clause() {
    let alone = regex::Regex::new(r"(?i)^(In that regard|In that context|At the same time|To that end|In short|In conclusion)\.$").unwrap();
    let sentences = corpus_sentences_without(
        &["s78-2023/SVN_78_2023.txt", "s78-2023/QAT_78_2023.txt", "s78-2023/ROU_78_2023.txt", "s78-2023/ESP_78_2023.txt"],
        &alone,
    );
    for whole in [
        "In that regard. I would like to recall an astounding detail",
        "In that context. Web Summit 2024 will take place in Doha.",
        "At the same time. Romania welcomes the Secretary-General’s initiative to issue a code of conduct",
        "In that regard. Spain is committed to supporting the Secretary-General’s Envoy on Technology",
    ] {
        assert!(sentences.iter().any(|s| s.starts_with(whole)), "no sentence opens with {whole:?}");
    }
}

/// The sentences of speeches of `../shared`'s corpus (paths under it), attributed with its
/// manifest: none matches `unwanted`, and each one's span reads as its text.
fn corpus_sentences_without(speeches: &[&str], unwanted: &regex::Regex) -> Vec<String> {
    let corpus = repo("../shared/records/ungd-1946-2023");
    let inputs: Vec<_> = speeches.iter().map(|p| corpus.join(p)).collect();
    let mut diag = Diagnostics::default();
    let docs = attribute(&inputs, Some(&corpus.join("manifest.csv")), &Resources::default(), &mut diag).expect("the speeches attribute");
    let mut sentences = Vec::new();
    for d in &docs {
        let chars: Vec<char> = d.doc.text.chars().collect();
        for s in d.statements.iter().flat_map(|st| &st.sentences) {
            assert!(!unwanted.is_match(&s.text), "{}: {:?} in {:?}", d.doc.source.id, unwanted.as_str(), s.text);
            assert_span_reads_as_sentence(&chars, s, &d.doc.source.id);
            sentences.push(s.text.clone());
        }
    }
    sentences
}

/// A verbatim record notes on a line of its own the language a speaker turns to ("(spoke in
/// French)"), and speeches cut out of it keep the note. It is no text: it opened the sentence
/// after it ("(spoke in English) Despite the fact that ..."), and where the sentence before ends
/// in a full stop, Unicode's rules read no end before "(spoke" and the two sentences ran on as
/// one ("... calls to heaven for justice. (spoke in English) If the United Nations ...").
#[test]
fn a_pv_note_on_the_language_spoken_is_not_text() {
    let note = regex::Regex::new(r"\(spoke in").unwrap();
    let sentences = corpus_sentences_without(&["s68-2013/ARM_68_2013.txt", "s68-2013/CAN_68_2013.txt", "s68-2013/EU_68_2013.txt"], &note);
    for opening in [
        "Despite the fact that most of us share the understanding",
        "If the United Nations does not act to protect",
        "We do so because Europe is ready to continue to play its role in the world.",
    ] {
        assert!(sentences.iter().any(|s| s.starts_with(opening)), "no sentence opens with {opening:?}");
    }
}
