//! One-speaker records with a manifest: the UN General Debate speeches bundled in data/.

use crate::common::{attribute, messages, repo, rows, run_json, stance, Completes};
use stance::config::Resources;
use stance::ingest::Manifest;
use stance::progress::Diagnostics;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[test]
fn a_manifest_row_gives_the_speech_its_delegation_conference_and_date() {
    let root = repo("data/records/ungd-2009-2012");
    let inputs = [root.join("s64-2009/CHN_64_2009.txt"), root.join("s66-2011/RUS_66_2011.txt")];
    let mut diag = Diagnostics::default();
    let docs = attribute(&inputs, Some(&root.join("manifest.csv")), &Resources::default(), &mut diag)
        .expect("the speeches attribute");
    assert_eq!(docs.len(), 2);
    for (doc, delegation, conference, date) in [
        (&docs[0], "China", "UNGA 64 general debate", "2009-09-01"),
        (&docs[1], "Russian Federation", "UNGA 66 general debate", "2011-09-01"),
    ] {
        assert_eq!(doc.doc.source.conference, conference);
        assert_eq!(doc.doc.source.date.as_deref(), Some(date));
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
    // Copied out of data/records, whose manifest it would otherwise be read with.
    let dir = tempfile::tempdir().unwrap();
    let speech = dir.path().join("s64-2009/CHN_64_2009.txt");
    std::fs::create_dir_all(dir.path().join("s64-2009")).unwrap();
    std::fs::copy(repo("data/records/ungd-2009-2012/s64-2009/CHN_64_2009.txt"), &speech).unwrap();
    let mut diag = Diagnostics::default();
    let docs = attribute(&[speech], None, &Resources::default(), &mut diag).expect("the speech attributes");
    assert_eq!(docs[0].doc.source.conference, "s64-2009");
    assert!(docs[0].doc.source.delegations.is_empty());
}

/// A temporary `speeches/` folder holding China's 2009 speech in `s64-2009/` and a
/// `manifest.csv` with `manifest`; the temporary folder is returned to be kept alive.
fn speeches_folder(manifest: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let speeches = dir.path().join("speeches");
    std::fs::create_dir_all(speeches.join("s64-2009")).unwrap();
    std::fs::copy(repo("data/records/ungd-2009-2012/s64-2009/CHN_64_2009.txt"), speeches.join("s64-2009/CHN_64_2009.txt")).unwrap();
    std::fs::write(speeches.join("manifest.csv"), manifest).unwrap();
    (dir, speeches)
}

/// A folder of speeches (or a folder or file inside it) given alone is read with the nearest
/// manifest in or above it, as `stance train` and `stance eval` read it; given from the folder
/// above, that manifest is not read, and a warning names it with the flag that reads it.
#[test]
fn a_folder_given_alone_is_read_with_its_nearest_manifest() {
    let (dir, speeches) = speeches_folder("path,delegation,date,conference\ns64-2009/CHN_64_2009.txt,China,2009-09-23,UNGA 64 general debate\n");

    for input in [speeches.clone(), speeches.join("s64-2009"), speeches.join("s64-2009/CHN_64_2009.txt")] {
        let mut diag = Diagnostics::default();
        let docs = attribute(std::slice::from_ref(&input), None, &Resources::default(), &mut diag).expect("the speech attributes");
        let source = &docs[0].doc.source;
        assert_eq!((source.delegations.as_slice(), source.conference.as_str()), (&["China".to_string()][..], "UNGA 64 general debate"), "{input:?}");
        assert_eq!(source.date.as_deref(), Some("2009-09-23"));
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    }

    let mut diag = Diagnostics::default();
    let docs = attribute(&[dir.path().to_path_buf()], None, &Resources::default(), &mut diag).expect("the speech attributes");
    let source = &docs[0].doc.source;
    assert_eq!((source.delegations.as_slice(), source.conference.as_str()), (&[][..], "s64-2009"));
    let warnings = messages(diag.warnings());
    assert!(
        warnings.len() == 1 && warnings[0].contains("a manifest this run does not read") && warnings[0].contains("pass --manifest"),
        "{warnings:?}"
    );
}

/// A manifest found beside the records that cannot be read (a row longer than its header) is
/// named with what is wrong with it, not with the fix `--manifest FILE`, which only repeated the
/// error; the records are read by their text alone.
#[test]
fn a_manifest_found_that_cannot_be_read_is_named_with_its_error() {
    let (_dir, speeches) = speeches_folder("path,delegation,date,conference\ns64-2009/CHN_64_2009.txt,China,2009-09-23,UNGA 64,extra\n");
    let mut diag = Diagnostics::default();
    let docs = attribute(std::slice::from_ref(&speeches), None, &Resources::default(), &mut diag).expect("the speech attributes");
    assert!(docs[0].doc.source.delegations.is_empty());
    let warnings = messages(diag.warnings());
    assert!(
        warnings.len() == 1 && warnings[0].contains("cannot be read") && warnings[0].contains("line 2") && !warnings[0].contains("pass --manifest"),
        "{warnings:?}"
    );
}

/// A General Debate speech saved from the UN's site without a manifest opens with a heading in
/// capitals naming the speaker's country, then a line on the occasion: the whole speech is that
/// delegation's.
#[test]
fn a_speech_without_a_manifest_is_attributed_by_its_statement_heading() {
    let dir = tempfile::tempdir().unwrap();
    let speech = std::fs::read_to_string(repo("../shared/records/ungd-1946-2023/s78-2023/JPN_78_2023.txt")).unwrap();
    let path = dir.path().join("japan.txt");
    let heading = "STATEMENT BY H.E. MR. FUMIO KISHIDA, PRIME MINISTER OF JAPAN\n\n\
                   AT THE GENERAL DEBATE OF THE 78TH SESSION OF THE UNITED NATIONS GENERAL ASSEMBLY\n\n";
    std::fs::write(&path, format!("{heading}{speech}")).unwrap();
    let mut diag = Diagnostics::default();
    let docs = attribute(&[path], None, &Resources::default(), &mut diag).unwrap();
    let delegations: Vec<&str> = docs[0].statements.iter().map(|s| s.delegation.as_str()).collect();
    assert_eq!(delegations, ["Japan"], "one statement, Japan's");
    assert!(docs[0].statements[0].sentences.len() > 50, "the whole speech");
}

/// `--group-by` reads the column from the manifest the run reads, given or found beside the
/// records; with no manifest read it stops and says how to give one.
#[test]
fn group_by_reads_the_nearest_manifest_or_says_it_needs_one() {
    let (dir, speeches) = speeches_folder("path,delegation,date,conference,bloc\ns64-2009/CHN_64_2009.txt,China,2009-09-23,UNGA 64 general debate,BRICS\n");
    let run = |input: &Path, out: &Path| {
        stance().arg("run").arg(input).args(["--group-by", "bloc", "--no-cache", "--out"]).arg(out).completed()
    };
    let out = dir.path().join("out");
    let found = run(&speeches, &out);
    assert!(found.status.success(), "{}", String::from_utf8_lossy(&found.stderr));
    let by_bloc = rows(&out.join("stances_by_bloc.csv"));
    assert!(!by_bloc.is_empty() && by_bloc.iter().all(|r| r["bloc"] == "BRICS"), "{by_bloc:?}");

    let bare = dir.path().join("bare");
    std::fs::create_dir_all(&bare).unwrap();
    std::fs::copy(speeches.join("s64-2009/CHN_64_2009.txt"), bare.join("CHN_64_2009.txt")).unwrap();
    let none = run(&bare, &dir.path().join("out-bare"));
    let stderr = String::from_utf8_lossy(&none.stderr);
    assert_eq!(none.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--group-by bloc: no manifest is read") && stderr.contains("--manifest FILE"), "{stderr}");
    assert!(!dir.path().join("out-bare").exists(), "nothing is written");
}

/// A manifest whose `path` column was written from another folder names none of the records:
/// each row is warned about with the rule for its paths, and the manifest as a whole, given or
/// found, is named as listing none of them, instead of every speech going unattributed in silence.
#[test]
fn a_manifest_listing_none_of_the_records_is_named_with_the_fix() {
    // Written from the folder above: "speeches/" is one folder too many.
    let (_dir, speeches) = speeches_folder("path,delegation\nspeeches/s64-2009/CHN_64_2009.txt,China\n");
    let manifest = speeches.join("manifest.csv");

    let mut diag = Diagnostics::default();
    let docs = attribute(std::slice::from_ref(&speeches), Some(&manifest), &Resources::default(), &mut diag).expect("the speech attributes");
    assert!(docs[0].doc.source.delegations.is_empty());
    let warnings = messages(diag.warnings());
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("line 2") && warnings[0].contains("relative to the manifest's folder"), "{warnings:?}");
    assert!(warnings[1].contains("lists none of the records found") && warnings[1].contains("relative to the manifest's own folder"), "{warnings:?}");

    // Not given, the same manifest is not read, and is named for what it is, not with a flag
    // that would not help.
    let mut diag = Diagnostics::default();
    attribute(std::slice::from_ref(&speeches), None, &Resources::default(), &mut diag).expect("the speech attributes");
    let warnings = messages(diag.warnings());
    assert!(
        warnings.len() == 1 && warnings[0].contains("lists none of the records found, so it is not read") && !warnings[0].contains("--manifest"),
        "{warnings:?}"
    );
}


/// A delegation name the manifest gives to records of different sectors (NETmundial's three
/// anonymous "Independent Researcher" contributions) is one row of the stance table for three
/// authors: one warning names it, with its files, their sectors and the fix. Columns whose values
/// hardly repeat (titles; countries as each contributor wrote them) are not compared, and one name
/// at different conferences (a country's speech each year) is not one row.
#[test]
fn a_delegation_name_given_to_records_of_different_sectors_is_named() {
    let mut diag = Diagnostics::default();
    Manifest::load(&repo("../shared/records/netmundial-2014/manifest.csv"), &mut diag).expect("the manifest loads");
    let warnings = messages(diag.warnings());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = &warnings[0];
    assert!(warning.contains("manifest.csv: 2 delegation name(s) given to records"), "{warning}");
    let researchers = "\"Independent Researcher\" at NETmundial 2014 (sector: 032.txt Civil Society, 060.txt Other, 122.txt Technical Community)";
    assert!(warning.contains(researchers) && warning.contains("\"Commonwealth Telecommunications Organisation\""), "{warning}");
    assert!(!warning.contains("Massachusetts") && !warning.contains("title:") && !warning.contains("country:"), "{warning}");
    assert!(warning.contains("give each its own delegation name"), "{warning}");

    let mut diag = Diagnostics::default();
    Manifest::load(&repo("../shared/records/ungd-1946-2023/manifest.csv"), &mut diag).expect("the manifest loads");
    let across: Vec<String> = messages(diag.warnings()).into_iter().filter(|w| w.contains("differ in a category")).collect();
    assert!(across.is_empty(), "{across:?}");
}

/// Manifest columns `stance` does not interpret are carried into the statement table, and
/// `--group-by` writes the stance table by one of them: a group of one delegation has exactly that
/// delegation's cells (scores, intervals, counts, evidence); statements with no value count for no
/// group. A delegation the gazetteer lacks is taken as written, with one note naming it.
#[test]
fn group_by_a_manifest_column_gives_each_group_the_cells_of_its_statements() {
    let dir = tempfile::tempdir().unwrap();
    let speeches = repo("data/records/ungd-2009-2012/s67-2012");
    let rows_of_manifest = [
        ("EST_67_2012.txt", "Estonia", "Baltic"),
        ("KAZ_67_2012.txt", "Kazakhstan", "Central Asia"),
        ("SWE_67_2012.txt", "Sweden", "EU"),
        ("IRL_67_2012.txt", "Ireland", "EU"),
        ("PAN_67_2012.txt", "Republic of Atlantis", ""),
    ];
    let mut manifest = String::from("path,delegation,date,conference,bloc\n");
    for (file, delegation, bloc) in rows_of_manifest {
        manifest += &format!("{},{delegation},2012-09-25,UNGA 67 general debate,{bloc}\n", speeches.join(file).display());
    }
    let manifest_path = dir.path().join("manifest.csv");
    std::fs::write(&manifest_path, manifest).unwrap();
    let out = dir.path().join("out");
    let run = |group_by: &str| {
        stance().args(["run", "--manifest"]).arg(&manifest_path).args(["--group-by", group_by, "--no-cache", "--out"]).arg(&out).completed()
    };
    let output = run("bloc");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let notes: Vec<&str> = stderr.lines().filter(|l| l.contains("not in the gazetteer")).collect();
    assert_eq!(notes.len(), 1, "{stderr}");
    assert!(notes[0].contains("Republic of Atlantis") && !notes[0].contains("Estonia"), "{}", notes[0]);

    let bloc_of: HashMap<&str, &str> = rows_of_manifest.iter().map(|(_, d, b)| (*d, *b)).collect();
    let statements = rows(&out.join("statements.csv"));
    assert!(statements.iter().all(|r| r["bloc"] == bloc_of[r["delegation"].as_str()]), "the bloc column follows the manifest");

    let by_delegation = rows(&out.join("stances.csv"));
    let by_bloc = rows(&out.join("stances_by_bloc.csv"));
    assert!(by_bloc.iter().all(|r| !r["bloc"].is_empty()), "no group of statements without a value");
    let cells = |table: &[HashMap<String, String>], key: &str, value: &str| -> Vec<Vec<String>> {
        let mut found: Vec<Vec<String>> = table
            .iter()
            .filter(|r| r[key] == value)
            .map(|r| {
                let mut fields: Vec<(String, String)> = r.iter().filter(|(k, _)| k.as_str() != key).map(|(k, v)| (k.clone(), v.clone())).collect();
                fields.sort();
                fields.into_iter().map(|(k, v)| format!("{k}={v}")).collect()
            })
            .collect();
        found.sort();
        found
    };
    for (delegation, bloc) in [("Estonia", "Baltic"), ("Kazakhstan", "Central Asia")] {
        let own = cells(&by_delegation, "delegation", delegation);
        assert!(own.iter().flatten().any(|f| f.starts_with("label=") && f != "label=not_addressed"), "{delegation} takes a side");
        assert_eq!(cells(&by_bloc, "bloc", bloc), own, "{bloc} is {delegation} alone");
    }
    // The EU bloc is Sweden's and Ireland's speeches together: on every axis its evidence is
    // theirs added up (the shipped rule lets one sentence make a stance, so a member's counts are
    // all its evidence), and both speak on some axis.
    let count = |table: &[HashMap<String, String>], key: &str, value: &str, axis: &str, column: &str| -> usize {
        let row = table.iter().find(|r| r[key] == value && r["axis"] == axis).unwrap_or_else(|| panic!("{value} on {axis}"));
        row[column].parse().unwrap_or_else(|_| panic!("{column} of {row:?}"))
    };
    let mut both_speak = false;
    for axis in ["governance", "un_role", "information", "legal_order"] {
        for column in ["n_statements", "n_sentences"] {
            let members: usize = ["Sweden", "Ireland"].iter().map(|d| count(&by_delegation, "delegation", d, axis, column)).sum();
            assert_eq!(count(&by_bloc, "bloc", "EU", axis, column), members, "EU's {column} on {axis}");
        }
        both_speak |= count(&by_bloc, "bloc", "EU", axis, "n_statements") == 2;
    }
    assert!(both_speak, "Sweden and Ireland take a side on a common axis");

    let output = run("sector");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("sector") && stderr.contains("manifest.csv") && stderr.contains("bloc"), "{stderr}");
}

/// A government's position paper read without its manifest row is read as reported speech,
/// and almost none of it belongs to a delegation: the run names the record with the fix (in one
/// warning, however many records) and counts what counts in no stance (summary, run.json);
/// given the row, the paper is Sweden's.
#[test]
fn a_position_paper_without_its_manifest_row_is_named_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let papers = dir.path().join("papers");
    std::fs::create_dir_all(&papers).unwrap();
    std::fs::copy(repo("../shared/records/netmundial-2014/018.txt"), papers.join("sweden.txt")).unwrap();
    let run = |out: &str| {
        let out = dir.path().join(out);
        let done = stance().arg("run").arg(&papers).arg("--out").arg(&out).succeeded();
        (String::from_utf8_lossy(&done.stderr).into_owned(), run_json(&out), rows(&out.join("stances.csv")))
    };
    let count = |provenance: &serde_json::Value, field: &str| provenance[field].as_u64().unwrap();

    let (stderr, provenance, _) = run("bare");
    let (in_scope, unattributed) = (count(&provenance, "sentences_in_scope"), count(&provenance, "sentences_in_scope_unattributed"));
    assert!(in_scope > 10 && unattributed * 2 > in_scope, "{in_scope} in scope, {unattributed} unattributed");
    let note = format!("{unattributed} of {in_scope} sentences in scope");
    let warning = "warning: 1 record(s) have most of their sentences in scope attributed to no delegation";
    assert!(stderr.contains(warning) && stderr.contains(&format!("sweden.txt ({note})")), "{stderr}");
    assert!(stderr.contains("columns path,delegation"), "{stderr}");
    assert!(stderr.contains(&format!("({unattributed} of them attributed to no delegation, in no stance)")), "{stderr}");
    let listed = provenance["records_mostly_unattributed"].as_array().unwrap();
    assert!(listed.len() == 1 && listed[0]["file"].as_str().unwrap().ends_with("sweden.txt") && listed[0]["note"] == note.as_str(), "{listed:?}");
    assert_eq!(provenance["warnings"], serde_json::json!([]), "not a warning on the input");

    std::fs::write(papers.join("manifest.csv"), "path,delegation\nsweden.txt,Sweden\n").unwrap();
    let (stderr, provenance, stances) = run("listed");
    assert_eq!(count(&provenance, "sentences_in_scope_unattributed"), 0);
    assert_eq!(provenance["records_mostly_unattributed"], serde_json::json!([]));
    assert!(!stderr.contains("attributed to no delegation"), "{stderr}");
    assert!(
        stances.iter().any(|r| r["delegation"] == "Sweden" && r["label"] != "not_addressed"),
        "the paper's stances count: {stances:?}"
    );
}

/// A joint statement is listed once per signatory: each is credited with every sentence of it,
/// and their cells are the same. Rows of one record that disagree on anything but the
/// delegation are named and ignored, and a signatory listed twice counts once.
#[test]
fn a_record_listed_once_per_delegation_is_each_ones_whole() {
    let dir = tempfile::tempdir().unwrap();
    let statements = dir.path().join("statements");
    std::fs::create_dir_all(&statements).unwrap();
    std::fs::write(
        statements.join("joint.txt"),
        "Joint Statement on Advancing Responsible State Behavior in Cyberspace\n\n\
         We are committed to an open, free and secure Internet. We reiterate that existing \
         international law, including the Charter of the United Nations, applies to State conduct \
         in cyberspace. No new treaty is needed.\n",
    )
    .unwrap();
    std::fs::write(
        statements.join("manifest.csv"),
        "path,delegation,date,conference\n\
         joint.txt,Australia,2019-09-23,UNGA 74\n\
         joint.txt,Canada,2019-09-23,UNGA 74\n\
         joint.txt,Estonia,2019-09-23,UNGA 74\n\
         joint.txt,Canada,2019-09-23,UNGA 74\n\
         joint.txt,Japan,2019-09-24,UNGA 74\n",
    )
    .unwrap();
    let mut diag = Diagnostics::default();
    let docs = attribute(std::slice::from_ref(&statements), None, &Resources::default(), &mut diag).unwrap();
    let warnings = messages(diag.warnings());
    assert!(warnings.len() == 2, "{warnings:?}");
    assert!(warnings[0].contains("line 5: joint.txt is listed twice for Canada"), "{warnings:?}");
    assert!(warnings[1].contains("line 6: joint.txt") && warnings[1].contains("date"), "{warnings:?}");
    let credited: Vec<(&str, usize)> =
        docs[0].statements.iter().map(|s| (s.delegation.as_str(), s.sentences.len())).collect();
    assert_eq!(credited, [("Australia", 3), ("Canada", 3), ("Estonia", 3)]);

    let out = dir.path().join("out");
    stance().arg("run").arg(&statements).arg("--out").arg(&out).succeeded();
    let stances = rows(&out.join("stances.csv"));
    let cells = |delegation: &str| -> Vec<(String, String, String)> {
        let of = stances.iter().filter(|r| r["delegation"] == delegation);
        of.map(|r| (r["axis"].clone(), r["label"].clone(), r["evidence"].clone())).collect()
    };
    assert!(cells("Australia").iter().any(|(_, label, _)| label != "not_addressed"), "{stances:?}");
    assert_eq!(cells("Australia"), cells("Canada"));
    assert_eq!(cells("Australia"), cells("Estonia"));
    assert!(cells("Japan").is_empty(), "the row that disagrees is ignored");
}
