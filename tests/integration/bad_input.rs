//! Messy inputs: each named in one warning, everything else processed.

use crate::common::{attribute, messages, repo, rows, run_json, stance, Completes};
use stance::config::Resources;
use stance::progress::Diagnostics;
use std::path::Path;

fn speech(dir: &Path, name: &str) -> std::path::PathBuf {
    let source = repo("data/records/ungd-2009-2012/s64-2009/CHN_64_2009.txt");
    let to = dir.join(name);
    std::fs::copy(source, &to).unwrap();
    to
}


/// A Latin-1 record reads as what it says, with a warning, and its "Côte d'Ivoire" names its
/// delegation (read as UTF-8 it was "C\u{fffd}te d'Ivoire", nobody); a UTF-8 record with a
/// damaged byte keeps its UTF-8 and counts the replaced bytes.
#[test]
fn a_latin1_record_is_read_as_windows_1252_and_damaged_utf8_with_a_count_of_replaced_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"The representative of C\xf4te d'Ivoire said that the Internet must stay open.\n").unwrap();
    let damaged = dir.path().join("damaged.txt");
    std::fs::write(&damaged, b"The representative of C\xc3\xb4te d'Ivoire said that it was \xff brief.\n").unwrap();
    let mut diag = Diagnostics::default();
    let docs = attribute(&[latin1, damaged], None, &Resources::default(), &mut diag).unwrap();
    assert_eq!(docs.len(), 2);
    for doc in &docs {
        assert!(doc.doc.text.contains("Côte d'Ivoire"), "{}", doc.doc.text);
        assert_eq!(doc.statements[0].delegation, "Côte d'Ivoire", "{}", doc.doc.source.id);
    }
    let warnings = messages(diag.warnings());
    assert!(warnings.iter().any(|w| w.contains("latin1.txt") && w.contains("read as Windows-1252")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("damaged.txt") && w.contains("1 byte(s) replaced")), "{warnings:?}");
}

/// Windows Notepad saves "Unicode" text as UTF-16 with a byte-order mark, and spreadsheets put
/// a mark before UTF-8: the cable saved either way is read as the plain UTF-8 file is.
#[test]
fn a_record_saved_as_utf16_or_with_a_byte_order_mark_is_read_as_its_utf8_twin() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo("data/records/2014-beijing-workshop/us-embassy-beijing-cable-2014-06-17.txt")).unwrap();
    let saved = [
        ("utf8.txt", text.as_bytes().to_vec()),
        ("utf16.txt", [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect()),
        ("utf8-bom.txt", [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect()),
    ];
    let statements: Vec<Vec<(String, Vec<String>)>> = saved
        .iter()
        .map(|(name, bytes)| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let mut diag = Diagnostics::default();
            let docs = attribute(&[path], None, &Resources::default(), &mut diag).unwrap();
            assert!(diag.warnings().is_empty() && diag.skipped().is_empty(), "{name}: {:?}", diag.warnings());
            assert_eq!(docs[0].doc.text, text, "{name}");
            docs[0].statements.iter().map(|s| (s.delegation.clone(), s.sentences.iter().map(|x| x.text.clone()).collect())).collect()
        })
        .collect();
    assert!(statements[0].len() > 5, "the cable has statements: {:?}", statements[0]);
    assert_eq!(statements[1], statements[0], "UTF-16");
    assert_eq!(statements[2], statements[0], "UTF-8 with a byte-order mark");
}

/// Two NETmundial contributions are not (all) in English: BRASSCOM's is in Portuguese, ISOC
/// Senegal's in English then French. Each is named in a warning with its language; an English
/// contribution is not.
#[test]
fn a_record_not_in_english_is_named_with_its_language() {
    let netmundial = repo("../shared/records/netmundial-2014");
    for (file, expected) in [("130.txt", Some("100% of its opening paragraphs read as Portuguese")), ("138.txt", Some("read as French")), ("001.txt", None)] {
        let mut diag = Diagnostics::default();
        attribute(&[netmundial.join(file)], None, &Resources::default(), &mut diag).unwrap();
        let warnings: Vec<String> = messages(diag.warnings()).into_iter().filter(|w| w.contains("not English")).collect();
        match expected {
            Some(said) => assert!(warnings.len() == 1 && warnings[0].contains(file) && warnings[0].contains(said), "{file}: {warnings:?}"),
            None => assert!(warnings.is_empty(), "{file}: {warnings:?}"),
        }
    }
}

/// What a run skipped and warned about goes into its run.json, so that a table cited later
/// still says which records it lacks and which it may read wrongly.
#[test]
fn run_json_lists_the_inputs_skipped_and_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    std::fs::create_dir_all(&records).unwrap();
    std::fs::copy(repo("data/records/2014-beijing-workshop/us-embassy-beijing-cable-2014-06-17.txt"), records.join("cable.txt")).unwrap();
    std::fs::copy(repo("../shared/records/netmundial-2014/130.txt"), records.join("brasscom.txt")).unwrap();
    std::fs::write(records.join("scan.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let out = dir.path().join("out");
    stance().arg("run").arg(&records).args(["--no-cache", "--out"]).arg(&out).succeeded();
    let provenance = run_json(&out);
    let notes = |field: &str| -> Vec<(String, String)> {
        let list = provenance[field].as_array().unwrap_or_else(|| panic!("{field}: {provenance}"));
        list.iter().map(|n| (n["file"].as_str().unwrap().to_string(), n["note"].as_str().unwrap().to_string())).collect()
    };
    let skipped = notes("skipped");
    assert!(skipped.len() == 1 && skipped[0].0.ends_with("scan.txt") && skipped[0].1.contains("binary"), "{skipped:?}");
    let warnings = notes("warnings");
    assert!(warnings.len() == 1 && warnings[0].0.ends_with("brasscom.txt") && warnings[0].1.contains("Portuguese"), "{warnings:?}");
    // Read without its manifest row, the contribution belongs mostly to nobody.
    let unattributed = notes("records_mostly_unattributed");
    assert!(unattributed.len() == 1 && unattributed[0].0.ends_with("brasscom.txt"), "{unattributed:?}");
    assert_eq!(provenance["records"], 2, "the two readable records are read");
}

#[test]
fn bad_manifest_rows_are_named_and_the_rest_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let good = speech(dir.path(), "CHN.txt");
    speech(dir.path(), "RUS.txt");
    let manifest = dir.path().join("manifest.csv");
    let text = "path,delegation,date,conference,notes\n\
                CHN.txt,China,2009-09-01,UNGA 64,first\n\
                CHN.txt,China,2009-09-02,UNGA 64,duplicate\n\
                RUS.txt,Russian Federation,23/09/2009,UNGA 64,bad date\n\
                missing.txt,Nowhere,2009-09-01,UNGA 64,no such file\n";
    // Saved from a spreadsheet, with CRLF line ends, the same rows are named.
    for line_end in ["\n", "\r\n"] {
        std::fs::write(&manifest, text.replace('\n', line_end)).unwrap();
        let mut diag = Diagnostics::default();
        let docs = attribute(&[dir.path().to_path_buf()], Some(&manifest), &Resources::default(), &mut diag)
            .unwrap();
        let warnings = messages(diag.warnings());
        for expected in ["line 3: CHN.txt is listed twice", "line 4: date \"23/09/2009\" is not YYYY-MM-DD", "line 5: missing.txt does not exist"] {
            assert!(warnings.iter().any(|w| w.contains("manifest.csv") && w.contains(expected)), "{expected}: {warnings:?}");
        }
        assert_eq!(warnings.len(), 3, "nothing else is wrong: {warnings:?}");
        assert_eq!(docs.len(), 2, "both speeches are still read");
        let china = docs.iter().find(|d| d.doc.source.path == good).unwrap();
        assert_eq!(china.doc.source.date.as_deref(), Some("2009-09-01"), "the first row wins");
        assert_eq!(china.doc.source.extra, ["first"], "a column stance does not interpret is carried along");
        let russia = docs.iter().find(|d| d.doc.source.path != good).unwrap();
        assert_eq!(russia.statements[0].delegation, "Russian Federation");
        assert_eq!(russia.doc.source.date, None, "a bad date is dropped, not guessed");
    }
}

/// A spreadsheet's manifest: its columns named in capitals are the ones `stance` reads, and a
/// `Country` column where `delegation` was meant is named in a warning with the fix (the record
/// is read as reported speech until then); the right name makes the speech China's.
#[test]
fn a_manifests_column_names_are_read_in_any_case_and_a_country_column_is_named() {
    let dir = tempfile::tempdir().unwrap();
    speech(dir.path(), "CHN.txt");
    let manifest = dir.path().join("manifest.csv");
    let read = |header: &str| {
        std::fs::write(&manifest, format!("{header}\r\nCHN.txt,China,2009-09-23\r\n")).unwrap();
        let mut diag = Diagnostics::default();
        let docs = attribute(&[dir.path().to_path_buf()], Some(&manifest), &Resources::default(), &mut diag).unwrap();
        (docs, messages(diag.warnings()))
    };
    let (docs, warnings) = read("Path,Country,Date");
    assert_eq!(docs[0].doc.source.date.as_deref(), Some("2009-09-23"));
    assert!(docs[0].doc.source.delegations.is_empty());
    assert!(
        warnings.iter().any(|w| w.contains("manifest.csv") && w.contains("\"Country\"") && w.contains("rename it `delegation`")),
        "{warnings:?}"
    );
    let (docs, warnings) = read("PATH,Delegation,Date");
    assert_eq!(docs[0].doc.source.delegations, ["China"]);
    assert!(docs[0].statements.iter().all(|s| s.delegation == "China"));
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn two_files_with_one_id_are_refused_and_one_file_given_twice_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["a/unga64", "b/unga64"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        speech(&dir.path().join(folder), "CHN.txt");
    }
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let mut diag = Diagnostics::default();
    let err = attribute(&[a.clone(), b], None, &Resources::default(), &mut diag).unwrap_err().to_string();
    assert!(err.contains("\"unga64/CHN.txt\"") && err.contains("fix:"), "{err}");
    let twice = attribute(&[a.clone(), a.join("unga64/CHN.txt")], None, &Resources::default(), &mut diag).unwrap();
    assert_eq!(twice.len(), 1, "the folder and the file in it are one record");
    assert_eq!(twice[0].doc.source.id, "unga64/CHN.txt", "under the id of the first input");
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
    let docs = attribute(&[path], None, &Resources::default(), &mut diag).unwrap();
    let sentences: usize = docs[0].statements.iter().map(|s| s.sentences.len()).sum();
    assert_eq!(sentences, 3);
    assert!(docs[0].statements.iter().all(|s| s.delegation.is_empty()));
}

/// Tables are set aside unread (the Beijing report's table of contents and acronym list are
/// page furniture); a table whose cells hold sentences, as a paper's table of positions does, is
/// named with its line, where it was lost in silence. A line of prose that opens with a stray
/// bar (paragraph 140 of the Soviet Union's General Debate speech of 1972) is prose, where it was
/// dropped as a table's row.
#[test]
fn a_table_of_sentences_is_named_and_a_stray_bar_opens_no_table() {
    let dir = tempfile::tempdir().unwrap();
    let paper = dir.path().join("positions.md");
    std::fs::write(
        &paper,
        "# Positions on Internet governance\n\nWe set out the positions heard.\n\n\
         | Delegation | Position |\n|---|---|\n\
         | China | Policy authority for Internet-related public issues is the sovereign right of States. |\n\
         | Brazil | The Internet should be governed by all stakeholders together. |\n",
    )
    .unwrap();
    let beijing = repo("data/records/2014-beijing-workshop/unrcpd-summary-report-2014-06.txt");
    let soviet = repo("../shared/records/ungd-1946-2023/s27-1972/RUS_27_1972.txt");
    let mut diag = Diagnostics::default();
    let docs = attribute(&[paper, beijing, soviet], None, &Resources::default(), &mut diag).unwrap();
    let warnings: Vec<String> = messages(diag.warnings()).into_iter().filter(|w| w.contains("table")).collect();
    assert!(
        warnings.len() == 1 && warnings[0].contains("positions.md") && warnings[0].contains("1 table(s) whose cells hold sentences, at line 5 (3 rows)"),
        "{warnings:?}"
    );
    let sentences: Vec<&str> = docs
        .iter()
        .flat_map(|d| &d.statements)
        .flat_map(|s| &s.sentences)
        .map(|s| s.text.as_str())
        .collect();
    assert!(sentences.contains(&"140. As to the Soviet Union, it has invariably done and will continue to do everything it can to ensure that the United Nations acts precisely in that manner."), "paragraph 140 is read");
    assert!(!sentences.iter().any(|s| s.contains("sovereign right of States") || s.contains("Confidence-building")), "tables stay unread");
}

/// Sentences `stance` finds in `text`, written to `dir` as one record.
fn sentences_in(dir: &Path, text: &str) -> usize {
    let path = dir.join("sample.txt");
    std::fs::write(&path, text).unwrap();
    let docs = attribute(&[path], None, &Resources::default(), &mut Diagnostics::default()).unwrap();
    docs[0].statements.iter().map(|s| s.sentences.len()).sum()
}

#[test]
fn a_50_mb_record_is_processed_whole_in_bounded_memory() {
    const SIZE: usize = 50 * 1024 * 1024;
    const PEAK_MIB: f64 = 1024.0;
    let dir = tempfile::tempdir().unwrap();
    // Distinct real speeches (the General Debates from 1946 on), one after another: every
    // sentence is a new one, for every stage.
    let corpus = repo("../shared/records/ungd-1946-2023");
    let mut folders: Vec<_> = std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    let mut text = String::with_capacity(SIZE + 100_000);
    'fill: for folder in folders {
        let mut speeches: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()).collect();
        speeches.sort();
        for speech in speeches {
            text.push_str(&std::fs::read_to_string(&speech).unwrap());
            text.push_str("\n\n");
            if text.len() >= SIZE {
                break 'fill;
            }
        }
    }
    assert!(text.len() >= SIZE, "the corpus holds 50 MB of speeches");
    let expected = sentences_in(dir.path(), &text);
    assert!(expected > 100_000, "{expected} sentences in 50 MB of speeches");
    let big = dir.path().join("big.txt");
    std::fs::write(&big, &text).unwrap();
    drop(text);

    let out = dir.path().join("out");
    stance().arg("bench").arg(&big).arg("--out").arg(&out).succeeded();
    assert_eq!(rows(&out.join("statements.csv")).len(), expected, "every sentence of the record");
    let peak: f64 = rows(&out.join("bench.csv"))
        .iter()
        .find(|r| r["measure"] == "peak memory")
        .map(|r| r["value"].parse().unwrap())
        .unwrap();
    assert!(peak < PEAK_MIB, "peak memory {peak:.0} MiB for a {} MiB record", SIZE / (1024 * 1024));
}

#[test]
fn a_broken_axes_file_is_named_and_leaves_earlier_tables_alone() {
    let dir = tempfile::tempdir().unwrap();
    let record = speech(dir.path(), "CHN.txt");
    let shipped = std::fs::read_to_string(repo("models/axes.toml")).unwrap();
    let first_axis = &shipped[shipped.find("\n[[axis]]\n").unwrap() + 1..];
    let first_axis = &first_axis[..first_axis.find("\n[[axis]]\n").unwrap() + 1];
    let right = first_axis.find("[axis.right]").unwrap();
    let none = first_axis.find("[axis.none]").unwrap();
    let without_right = first_axis.replace(&first_axis[right..none], "");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let earlier = "conference,delegation,axis\nearlier,run,kept\n";
    std::fs::write(out.join("stances.csv"), earlier).unwrap();

    for (name, text, expected) in [
        ("twice.toml", format!("{shipped}\n{first_axis}"), "is defined twice"),
        ("no_right.toml", shipped.replacen(first_axis, &without_right, 1), "missing field `right`"),
        (
            "column_name.toml",
            shipped.replacen("name = \"governance\"", "name = \"text\"", 1),
            "axis name \"text\" is also the name of one of the tables' own columns",
        ),
    ] {
        let axes = dir.path().join(name);
        std::fs::write(&axes, text).unwrap();
        let output = stance().arg("run").arg(&record).arg("--axes").arg(&axes).arg("--out").arg(&out).completed();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(name) && stderr.contains(expected), "{name}: {stderr}");
        assert_eq!(std::fs::read_to_string(out.join("stances.csv")).unwrap(), earlier);
    }
}

/// `stance train` and `stance eval` build tables with a column per axis too (the statement
/// table's, and `eval_sentences.csv` with its `genre`, `fold` and `previous`): an axis named
/// like one of their columns is refused with the axes file and the fix before anything is read,
/// as `stance run` refuses it, not deep in a table with polars' bare "duplicate".
#[test]
fn train_and_eval_refuse_an_axis_named_like_a_column() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(repo("models/axes.toml")).unwrap();
    let first_axis = &shipped[shipped.find("\n[[axis]]\n").unwrap() + 1..];
    let first_axis = &first_axis[..first_axis.find("\n[[axis]]\n").unwrap() + 1];
    for (command, column) in [("eval", "text"), ("eval", "genre"), ("train", "previous")] {
        // a fifth axis, so that the annotations' four stay known
        let fifth = first_axis
            .replacen("name = \"governance\"", &format!("name = \"{column}\""), 1)
            .replacen("name = \"state_led\"", "name = \"fifth_left\"", 1)
            .replacen("name = \"multi_stakeholder\"", "name = \"fifth_right\"", 1);
        let axes = dir.path().join(format!("{command}_{column}.toml"));
        std::fs::write(&axes, format!("{shipped}\n{fifth}")).unwrap();
        let output = stance()
            .arg(command)
            .arg("--labels")
            .arg(repo("data/labels/beijing_cable.csv"))
            .arg("--axes")
            .arg(&axes)
            .arg("--out")
            .arg(dir.path().join("out"))
            .completed();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{command} {column}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        let expected = format!("axis name \"{column}\" is also the name of one of the tables' own columns: rename the axis");
        assert!(stderr.contains(&*axes.to_string_lossy()) && stderr.contains(&expected), "{command} {column}: {stderr}");
        let written = std::fs::read_dir(dir.path().join("out")).map_or(0, |files| files.count());
        assert_eq!(written, 0, "{command} wrote nothing");
    }
}

/// Mistakes in `stance train`'s and `stance eval`'s arguments that went unnoticed or cost a
/// whole run, each refused before anything is read, naming the path and the fix: an `--out`
/// that is a file (train refused it only after its cross-validation and fit); a mistyped
/// `--records` folder (every annotation under it left out, a warning per sentence, exit 0); an
/// annotation file inside eval's `--out` (a filled-in `eval_unannotated.csv` passed back as
/// `--labels`, as its fix said, was removed by the evaluation it was given to).
#[test]
fn train_and_eval_refuse_an_out_file_a_missing_records_folder_and_labels_inside_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = |p: &Path| p.display().to_string();
    // Annotations that train (28 records), so that only the refusal stops the old behaviour.
    let governments = path(&repo("data/labels/netmundial_gov.csv"));
    let refused = |args: Vec<String>, expected: &[&str], code: i32| {
        let output = stance().args(&args).completed();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(expected.iter().all(|e| stderr.contains(e)), "{args:?}: {stderr}");
        assert!(!stderr.contains("fitting"), "refused before any work: {stderr}");
    };
    let command = |name: &str, rest: &[&str]| -> Vec<String> {
        [name, "--folds", "2", "--no-cache", "--labels", &governments].iter().chain(rest).map(|a| a.to_string()).collect()
    };

    let a_file = dir.path().join("a-file");
    std::fs::write(&a_file, "").unwrap();
    refused(command("train", &["--out", &path(&a_file)]), &[&path(&a_file), "fix:"], 1);

    let typo = path(&dir.path().join("new-recrods"));
    let (bundled, shared) = (path(&repo("data/records")), path(&repo("../shared/records")));
    let heads = path(&dir.path().join("heads"));
    refused(command("train", &["--records", &bundled, &shared, &typo, "--out", &heads]), &[&typo, "--records"], 2);

    let out = dir.path().join("eval");
    std::fs::create_dir(&out).unwrap();
    let filled_in = out.join("eval_unannotated.csv");
    std::fs::copy(repo("data/labels/beijing_cable.csv"), &filled_in).unwrap();
    let before = std::fs::read(&filled_in).unwrap();
    refused(command("eval", &[&path(&filled_in), "--out", &path(&out)]), &[&path(&filled_in), "--out", "fix:"], 1);
    assert_eq!(std::fs::read(&filled_in).unwrap(), before, "the annotations were kept");
}

/// A manifest header that would give a table two columns of one name (a name given twice, the
/// name of one of the statement table's own or an axis's columns, or a `--group-by` column named
/// like one of the stance table's) is refused before any record is read, naming the manifest,
/// the column and the fix.
#[test]
fn a_manifest_column_that_would_clash_in_the_tables_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    speech(dir.path(), "CHN.txt");
    let manifest = dir.path().join("manifest.csv");
    let cases: [(&str, &[&str], &str); 7] = [
        ("sector,sector", &[], "names \"sector\" twice (columns 5 and 6): rename one"),
        ("governance", &[], "column \"governance\" is one of the statement table's own (or an axis's): rename it"),
        ("un_role_p_none", &[], "column \"un_role_p_none\""),
        ("", &[], "column 5 of the header has no name"),
        ("score", &["--group-by", "score"], "--group-by score: the stance table has a column of that name already"),
        // The grouped table's file is named after the column: "region/bloc" failed after the
        // other tables were written, and "x/../../outside" wrote outside --out.
        ("region/bloc", &["--group-by", "region/bloc"], "--group-by region/bloc: a column name that cannot name a file"),
        ("x/../../outside", &["--group-by", "x/../../outside"], "cannot name a file"),
    ];
    for (extra, flags, expected) in cases {
        let values = vec!["a"; extra.split(',').count()].join(",");
        std::fs::write(&manifest, format!("path,delegation,date,conference,{extra}\nCHN.txt,China,2009-09-01,UNGA 64,{values}\n")).unwrap();
        let output = stance().arg("run").arg(dir.path()).arg("--manifest").arg(&manifest).args(flags).arg("--out").arg(dir.path().join("out")).completed();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{extra}: {stderr}");
        assert!(stderr.contains("manifest.csv") && stderr.contains(expected), "{extra}: {stderr}");
        assert!(!dir.path().join("out").exists() && !dir.path().join("outside.csv").exists(), "{extra}: nothing written");
    }
}

/// `--manifest` given the folder that holds the manifest was refused with the system's "Is a
/// directory (os error 21)" and no fix: it is refused naming the file to give.
#[test]
fn a_manifest_given_as_its_folder_is_refused_naming_the_file_to_give() {
    let dir = tempfile::tempdir().unwrap();
    speech(dir.path(), "CHN.txt");
    std::fs::write(dir.path().join("manifest.csv"), "path,delegation\nCHN.txt,China\n").unwrap();
    let output = stance().arg("run").arg(dir.path()).arg("--manifest").arg(dir.path()).arg("--out").arg(dir.path().join("out")).completed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let file = dir.path().join("manifest.csv");
    assert!(stderr.contains("--manifest") && stderr.contains(&*file.to_string_lossy()), "{stderr}");
    assert!(!dir.path().join("out").exists(), "nothing written");
}

/// A run that fails while writing its tables (here a folder stands where one goes; a full disk
/// would do the same) leaves the earlier run's files as they were: it used to put the tables
/// written before the failure in place, beside the earlier run's run.json and report.
#[test]
fn a_run_that_fails_while_writing_leaves_the_earlier_run_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let beijing = repo("data/records/2014-beijing-workshop");
    stance().arg("run").arg(&beijing).arg("--out").arg(&out).succeeded();
    stance().args(["report", "--from"]).arg(&out).succeeded();
    let files = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect();
        files.sort();
        files
    };
    std::fs::remove_file(out.join("stances_wide.csv")).unwrap();
    std::fs::create_dir(out.join("stances_wide.csv")).unwrap();
    let before = files(&out);

    let cable = beijing.join("unrcpd-summary-report-2014-06.txt");
    let output = stance().arg("run").arg(&cable).arg("--out").arg(&out).completed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("stances_wide.csv") && stderr.contains("fix: move the folder away"), "{stderr}");
    assert!(files(&out) == before, "the earlier files, byte for byte, and no temporary file: {stderr}");
}
