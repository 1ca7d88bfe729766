//! Statements made for a group, on the bundled General Debate speeches: which sentences a speaker
//! says for a group (read by hand from the records), and `--propagate-coalitions` crediting
//! them to the group's members on the speech's date (`data/coalitions.toml`).

use crate::common::{attribute, repo, rows, run_json, stance, Completes};
use stance::config::Resources;
use stance::progress::Diagnostics;
use stance::types::AttributedDocument;
use std::collections::BTreeSet;

const UNGD: &str = "data/records/ungd-2009-2012";

fn speeches(coalitions: Option<&str>, diag: &mut Diagnostics) -> Vec<AttributedDocument> {
    let resources = Resources {
        coalitions: coalitions.map(repo),
        ..Resources::default()
    };
    let root = repo(UNGD);
    attribute(std::slice::from_ref(&root), Some(&root.join("manifest.csv")), &resources, diag).expect("the speeches attribute")
}

/// (doc, group, speaker's delegation, the sentence's opening) of every group's own statement.
fn group_statements(docs: &[AttributedDocument]) -> BTreeSet<(String, String, String, String)> {
    docs.iter()
        .flat_map(|d| d.statements.iter().map(move |s| (d, s)))
        .filter(|(_, s)| !s.on_behalf_of.is_empty() && s.delegation == s.on_behalf_of)
        .map(|(d, s)| {
            let opening: String = s.sentences[0].text.chars().take(30).collect();
            (d.doc.source.id.clone(), s.delegation.clone(), s.speaker_delegation.clone(), opening)
        })
        .collect()
}

#[test]
fn a_speaker_speaking_for_a_group_in_the_first_person_credits_the_group_and_nothing_else_does() {
    let docs = speeches(None, &mut Diagnostics::default());
    let found = group_statements(&docs);
    let expected: BTreeSet<(String, String, String, String)> = [
        ("s64-2009/LBY_64_2009.txt", "African Union", "Libya", "In the name of the African Unio"),
        ("s65-2010/MWI_65_2010.txt", "African Union", "Malawi", "On behalf of the African Union,"),
        ("s66-2011/GRD_66_2011.txt", "AOSIS", "Grenada", "On behalf of the Alliance of Sm"),
        ("s67-2012/SEN_67_2012.txt", "OIC", "Senegal", "To conclude, on behalf of the O"),
    ]
    .into_iter()
    .map(|(doc, group, speaker, opening)| (doc.into(), group.into(), speaker.into(), opening[..30].into()))
    .collect();
    assert_eq!(found, expected);

    // Groups named after "on behalf of" by someone else's statement stay the speaker's own words
    // ("Bulgaria fully aligns itself with the statement made by ... on behalf of the European Union").
    for doc in ["BGR_64_2009", "SVK_64_2009", "HUN_66_2011", "LUX_66_2011", "BHS_67_2012", "DNK_65_2010", "GEO_65_2010"] {
        let speech = docs.iter().find(|d| d.doc.source.id.contains(doc)).expect(doc);
        assert!(speech.statements.iter().all(|s| s.on_behalf_of.is_empty()), "{doc}");
    }

    // Every sentence of every speech is in exactly one statement: the group's, the speaker's,
    // or nobody's for the presiding officer's turn that two speeches keep at their end ("The
    // Acting President: On behalf of the General Assembly, I wish to thank ...").
    for speech in &docs {
        let indices: Vec<usize> = speech.statements.iter().flat_map(|s| s.sentences.iter().map(|x| x.index)).collect();
        assert_eq!(indices, (0..indices.len()).collect::<Vec<_>>(), "{}", speech.doc.source.id);
        let speaker = speech.doc.source.delegations.first().map_or("", String::as_str);
        for statement in &speech.statements {
            let officer = statement.delegation.is_empty() && statement.sentences[0].text.starts_with("On behalf of the General Assembly");
            assert!(statement.speaker_delegation == speaker || officer, "{}: {statement:?}", speech.doc.source.id);
        }
    }
}

#[test]
fn propagation_credits_the_members_on_the_speech_date_and_names_groups_without_a_list() {
    let mut diag = Diagnostics::default();
    let docs = speeches(Some("data/coalitions.toml"), &mut diag);
    let malawi = docs.iter().find(|d| d.doc.source.id == "s65-2010/MWI_65_2010.txt").unwrap();
    let union_sentence = malawi
        .statements
        .iter()
        .find(|s| s.delegation == "African Union")
        .map(|s| s.sentences.clone())
        .expect("the group keeps its own statement");
    let credited: BTreeSet<&str> = malawi
        .statements
        .iter()
        .filter(|s| s.on_behalf_of == "African Union" && s.delegation != "African Union")
        .inspect(|s| assert_eq!((s.speaker_delegation.as_str(), &s.sentences), ("Malawi", &union_sentence)))
        .map(|s| s.delegation.as_str())
        .collect();
    // The Union's members in September 2010: all 54 African UN members but South Sudan (joined
    // July 2011) and Morocco (rejoined January 2017).
    assert_eq!(credited.len(), 52, "{credited:?}");
    assert!(credited.contains("Malawi") && credited.contains("Nigeria"));
    assert!(!credited.contains("Morocco") && !credited.contains("South Sudan"));

    let warned: Vec<&str> = diag.warnings().iter().map(|(_, what)| what.as_str()).collect();
    for group in ["AOSIS", "OIC"] {
        assert!(warned.iter().any(|w| w.contains(&format!("no member list for {group}"))), "{warned:?}");
    }
}

#[test]
fn a_run_with_propagation_gives_the_members_stance_rows_and_the_csv_says_who_spoke() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let speech = repo(&format!("{UNGD}/s65-2010/MWI_65_2010.txt"));
    let manifest = repo(&format!("{UNGD}/manifest.csv"));
    let run = |extra: &[&str]| {
        stance()
            .arg("run")
            .arg(&speech)
            .arg("--manifest")
            .arg(&manifest)
            .arg("--out")
            .arg(&out)
            .arg("--cache-dir")
            .arg(dir.path().join("cache"))
            .args(extra)
            .succeeded();
        let delegations: BTreeSet<String> =
            rows(&out.join("stances.csv")).into_iter().map(|r| r["delegation"].clone()).collect();
        delegations
    };

    assert_eq!(run(&[]), BTreeSet::from(["African Union".to_string(), "Malawi".to_string()]));
    let alone = run_json(&out);
    let statements = rows(&out.join("statements.csv"));
    let group_rows: Vec<_> = statements.iter().filter(|r| r["on_behalf_of"] == "African Union").collect();
    assert!(!group_rows.is_empty());
    assert!(group_rows.iter().all(|r| r["delegation"] == "African Union" && r["speaker_delegation"] == "Malawi"));
    assert!(statements
        .iter()
        .filter(|r| r["on_behalf_of"].is_empty())
        .all(|r| r["delegation"] == "Malawi" && r["speaker_delegation"] == "Malawi"));

    let propagated = run(&["--propagate-coalitions"]);
    assert_eq!(propagated.len(), 2 + 51, "the group, Malawi, and the 51 other members: {propagated:?}");
    assert!(propagated.contains("Kenya") && !propagated.contains("Morocco"));

    // run.json says which member lists credited the members, and counts each statement and
    // sentence once (it counted the 51 copies too).
    let with_copies = run_json(&out);
    assert!(alone["coalitions"].is_null(), "{alone}");
    assert!(with_copies["coalitions"].as_str().is_some_and(|f| f.ends_with("coalitions.toml")), "{with_copies}");
    for count in ["statements", "sentences", "sentences_in_scope"] {
        assert_eq!(with_copies[count], alone[count], "{count}");
    }
}

/// By a manifest column, each statement counts once: the copies `--propagate-coalitions` makes
/// of the European Union's statement for its members are not 28 more statements of the record's
/// bloc (they were: the bloc's governance cell went from `state_led` over 3 statements to
/// `multi_stakeholder` over 31, found by a helper's trial).
#[test]
fn propagation_leaves_the_table_by_a_manifest_column_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    std::fs::create_dir_all(&records).unwrap();
    std::fs::write(
        records.join("summary.txt"),
        "Summary of the meeting on cyberspace\n\n\
         The representative of Sweden, speaking on behalf of the European Union, said that the multi-stakeholder \
         model of Internet governance must be preserved and that existing international law applies fully to cyberspace.\n\n\
         The representative of the Russian Federation said that States must have the sovereign right to regulate the \
         Internet and that a new legally binding convention on information security should be negotiated.\n\n\
         The representative of China stressed that the United Nations should play the central role in Internet \
         governance and that States should control harmful information online.\n",
    )
    .unwrap();
    std::fs::write(records.join("manifest.csv"), "path,delegation,date,conference,bloc\nsummary.txt,,2014-06-01,Meeting,X\n").unwrap();
    let out = dir.path().join("out");
    let by_bloc = |extra: &[&str]| {
        stance()
            .arg("run")
            .arg(&records)
            .args(["--group-by", "bloc", "--out"])
            .arg(&out)
            .arg("--cache-dir")
            .arg(dir.path().join("cache"))
            .args(extra)
            .succeeded();
        rows(&out.join("stances_by_bloc.csv"))
    };
    let alone = by_bloc(&[]);
    let governance = alone.iter().find(|r| r["axis"] == "governance").unwrap();
    assert_eq!(governance["n_statements"], "3", "{governance:?}");
    assert_eq!(by_bloc(&["--propagate-coalitions"]), alone);
}

#[test]
fn a_broken_member_list_is_named_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("members.toml");
    std::fs::write(&list, "[[group]]\nname = \"European Union\"\nmembers = [\"Atlantis\"]\n").unwrap();
    let output = stance()
        .arg("run")
        .arg(repo(UNGD))
        .arg("--manifest")
        .arg(repo(&format!("{UNGD}/manifest.csv")))
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg(format!("--propagate-coalitions={}", list.display()))
        .completed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("members.toml, line 3") && stderr.contains("\"Atlantis\""), "{stderr}");
    assert!(!dir.path().join("out/statements.csv").exists());
}

/// `--propagate-coalitions FILE`, without `=`: FILE was taken for a record (and skipped as not
/// one), and the shipped member lists were read without a word. It is refused with the fix.
#[test]
fn a_member_list_given_without_the_equals_sign_is_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("members.toml");
    std::fs::write(&list, "[[group]]\nname = \"European Union\"\nmembers = [\"France\"]\n").unwrap();
    let output = stance()
        .arg("run")
        .arg(repo(&format!("{UNGD}/s65-2010/MWI_65_2010.txt")))
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg("--propagate-coalitions")
        .arg(&list)
        .completed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains(&format!("fix: write --propagate-coalitions={}", list.display())), "{stderr}");
    assert!(!dir.path().join("out").exists());
}

/// Statement numbers are unique in a run over several conferences with propagation: the counts
/// leave the members' copies out, and the numbering, which took its start from the count, ran
/// into the conference before's numbers.
#[test]
fn statement_numbers_stay_unique_across_conferences_with_propagation() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    stance()
        .arg("run")
        .args(["s65-2010/MWI_65_2010.txt", "s66-2011/MWI_66_2011.txt"].map(|f| repo(&format!("{UNGD}/{f}"))))
        .arg("--manifest")
        .arg(repo(&format!("{UNGD}/manifest.csv")))
        .arg("--out")
        .arg(&out)
        .arg("--propagate-coalitions")
        .succeeded();
    let mut doc_of: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for row in rows(&out.join("statements.csv")) {
        let doc = doc_of.entry(row["statement"].clone()).or_insert_with(|| row["doc"].clone());
        assert_eq!(*doc, row["doc"], "statement {} in two records", row["statement"]);
    }
}
