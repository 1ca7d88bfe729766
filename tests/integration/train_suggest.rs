//! The retraining loop with the real model: `stance train` writes heads with their provenance
//! and their cell rule, `stance run` uses them, heads for another encoder, other axes or other
//! features are refused, the shipped heads are the annotations' (as `make heads` trains them),
//! `stance suggest` chooses among the sentences a run classified (pole by pole, or the least
//! certain first), and speeches
//! that never mention the axes' subjects get no stance. (Trained heads against zero-shot on
//! held-out records: `quality.rs`.)

use crate::common::{annotated_cells, authored, repo, rows, stance, Completes};
use stance::axes::Axes;
use stance::classify::{Features, HEADS_FILE};
use stance::embed::EncoderManifest;
use stance::labels;
use stance::output::RunProvenance;
use stance::types::{Gold, Side, ALL_GENRES};
use std::collections::HashMap;
use std::path::PathBuf;

fn shipped_axes() -> Axes {
    Axes::load(&repo("models/axes.toml")).unwrap()
}

fn encoder_digest() -> String {
    EncoderManifest::load_verified(&repo("models/encoder")).unwrap().digest()
}

#[test]
fn train_writes_heads_with_their_provenance_and_run_uses_them() {
    let tmp = tempfile::tempdir().unwrap();
    let heads = tmp.path().join("heads");
    let (cable, speeches) = (repo("data/labels/beijing_cable.csv"), repo("data/labels/ungd_cyber.csv"));
    let output = stance()
        .args(["train", "--labels"])
        .args([&cable, &speeches])
        .args(["--folds", "3", "--out"])
        .arg(&heads)
        .args(["--no-cache", "--also-train"])
        .args(authored())
        .succeeded();

    let axes = shipped_axes();
    let loaded = crate::common::read_heads(&heads, &axes).unwrap();
    assert!(matches!(loaded.model.features, Features::EmbeddingAndTfIdf(_)), "{:?}", loaded.meta.method);
    let mut files = vec![cable.clone(), speeches.clone()];
    files.extend(authored().into_iter().map(PathBuf::from));
    let sentences = labels::read_labels(&files, &axes).unwrap();
    assert_eq!(loaded.meta.sentences, sentences.len());
    assert_eq!(loaded.meta.training_data_sha256, labels::digest(&sentences, &axes));
    let governance = &loaded.meta.label_counts["governance"];
    let state_led = sentences.iter().filter(|s| s.labels[0] == Some(Gold::Side(Side::Left))).count();
    assert_eq!(governance["state_led"], state_led);
    // The rule train chose (and printed) is the one written: a heads file without one would load
    // with the default rule and pass unnoticed.
    let rule = loaded.cell_rule;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let chosen = format!("p >= {:.2}; at least {} sentence(s)", rule.min_pole_probability, rule.min_sentences);
    assert!(stdout.contains(&format!("cell rule (chosen on all held-out cells): a sentence counts when its pole has {chosen}")), "{rule:?}\n{stdout}");
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(heads.join(HEADS_FILE)).unwrap()).unwrap();
    assert_eq!(written["cell_rule"]["min_pole_probability"].as_f64(), Some(rule.min_pole_probability), "{}", written["cell_rule"]);
    assert_eq!(written["cell_rule"]["mixed_within"].as_f64(), Some(rule.mixed_within));
    assert_eq!(loaded.meta.cross_validation.cells.len(), 4, "the cell figures are kept with the heads");
    assert_eq!(loaded.meta.cross_validation.folds, 3);
    assert_eq!(loaded.meta.cross_validation.sentences, labels::read_labels(&[&cable, &speeches], &axes).unwrap().len());
    assert_eq!(loaded.meta.cross_validation.macro_f1.len(), 4, "one figure per axis");
    for f1 in loaded.meta.cross_validation.macro_f1.values() {
        assert!((0.0..=1.0).contains(f1), "{f1}");
    }
    // Genre by genre and pole by pole, the held-out cells are kept with the heads (and printed):
    // all genres first, then the cable's and the speeches'.
    let poles = &loaded.meta.cross_validation.poles;
    let names: Vec<(&str, &str)> = poles.iter().map(|p| (p.genre.as_str(), p.pole.as_str())).collect();
    let expected: Vec<(&str, &str)> = [ALL_GENRES, "report/cable", "speech"]
        .into_iter()
        .flat_map(|genre| axes.axes.iter().flat_map(move |a| [(genre, a.left.name.as_str()), (genre, a.right.name.as_str())]))
        .collect();
    assert_eq!(names, expected);
    assert!(poles.iter().all(|p| p.found + p.not_addressed <= p.annotated && p.found <= p.stated), "{poles:?}");
    assert!(poles.iter().any(|p| p.found > 0), "the cable and speeches take sides: {poles:?}");
    for p in poles {
        let printed = |l: &&str| l.starts_with(&p.genre) && l.contains(&p.pole) && l.contains(&format!("{} of {}", p.found, p.stated));
        assert!(stdout.lines().any(|l| printed(&l)), "{stdout}");
    }

    let out = tmp.path().join("out");
    let record = repo("data/records/2014-beijing-workshop/us-embassy-beijing-cable-2014-06-17.txt");
    let output = stance().arg("run").arg(&record).arg("--heads").arg(&heads).arg("--out").arg(&out).arg("--no-cache").succeeded();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("classifier: trained heads") && stderr.contains(&heads.join(HEADS_FILE).display().to_string()), "{stderr}");
    // A run copies them into run.json, and names the poles whose stances were seldom found,
    // and those whose stated cells were seldom right.
    let provenance = RunProvenance::read(&out).unwrap().expect("run.json");
    assert_eq!(&provenance.held_out_poles, poles);
    let line = |start: &str| stderr.lines().find(|l| l.starts_with(start)).unwrap_or("").to_string();
    let (found_line, right_line) = (line("held out, the heads found fewer than half"), line("held out, fewer than half the cells"));
    for p in poles.iter().filter(|p| p.genre == ALL_GENRES) {
        assert_eq!(found_line.contains(&format!("{} ({} of {})", p.pole, p.found, p.annotated)), p.seldom_found(), "{p:?}\n{stderr}");
        assert_eq!(right_line.contains(&format!("{} ({} of {})", p.pole, p.found, p.stated)), p.seldom_right(), "{p:?}\n{stderr}");
    }
}

#[test]
fn heads_for_another_encoder_or_other_layers_or_axes_or_features_are_refused_with_the_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(repo("models/heads").join(HEADS_FILE)).unwrap();
    let record = repo("data/records/2014-beijing-workshop/us-embassy-beijing-cable-2014-06-17.txt");
    for (name, broken, expected) in [
        ("encoder", shipped.replacen(&encoder_digest(), &"0".repeat(64), 1), "another encoder"),
        ("layers", shipped.replacen("\"pooled_layers\":[6,", "\"pooled_layers\":[6,2,", 1), "this stance pools layers"),
        ("axes", shipped.replace("\"information_control\"", "\"censorship\""), "other axes"),
        ("features", shipped.replacen("\"embedding_and_tfidf\"", "\"embedding\"", 1), "do not match its contents"),
        ("garbage", "{ not json".to_string(), "not a stance heads file"),
    ] {
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(HEADS_FILE), broken).unwrap();
        let output = stance().arg("run").arg(&record).arg("--heads").arg(&dir).arg("--out").arg(tmp.path().join("out")).arg("--no-cache").completed();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{name}: {stderr}");
        assert!(stderr.contains(expected) && stderr.contains(HEADS_FILE) && stderr.contains("stance train"), "{name}: {stderr}");
    }
}

#[test]
fn the_shipped_heads_fit_the_encoder_and_axes_and_were_trained_on_the_annotations() {
    let axes = shipped_axes();
    let heads = crate::common::read_heads(&repo("models/heads"), &axes).unwrap();
    // The files `make heads` trains on, listed here, not read from the heads.
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo("data/labels"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.extend(authored().into_iter().map(PathBuf::from));
    let sentences = labels::read_labels(&files, &axes).unwrap();
    assert_eq!(
        heads.meta.training_data_sha256,
        labels::digest(&sentences, &axes),
        "the annotations changed since the heads were trained: run `make heads`"
    );
    let genres = labels::Genres::load(&repo("data/genres.toml")).unwrap();
    assert_eq!(
        &heads.meta.training_weights,
        genres.training_weights(),
        "data/genres.toml's training weights changed since the heads were trained: run `make heads`"
    );
}

#[test]
fn suggest_chooses_pole_by_pole_or_by_margin_in_the_labels_format() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let record = repo("data/records/2014-beijing-workshop/us-embassy-beijing-cable-2014-06-17.txt");
    stance().arg("run").arg(&record).arg("--out").arg(&out).arg("--no-cache").succeeded();

    let suggested = tmp.path().join("margin.csv");
    stance().args(["suggest", "--from"]).arg(&out).args(["--n", "10", "--select", "margin", "--out"]).arg(&suggested).succeeded();
    let axes = shipped_axes();
    let sentences = labels::read_labels(&[&suggested], &axes).unwrap();
    assert_eq!(sentences.len(), 10);
    assert!(sentences.iter().all(|s| s.labels.iter().all(Option::is_some)), "every axis is pre-filled");

    // Only the sentences the run classified (in scope) can be suggested, least certain first:
    // each suggested sentence's margin is no larger than any unsuggested one's.
    let all_rows = rows(&out.join("statements.csv"));
    let statements: Vec<&HashMap<String, String>> = all_rows.iter().filter(|r| r["in_scope"] == "true").collect();
    assert!(statements.len() < all_rows.len(), "some of the cable is out of scope");
    let margin = |row: &HashMap<String, String>| {
        axes.axes
            .iter()
            .map(|a| {
                let mut p: Vec<f64> = [a.left.name.as_str(), a.right.name.as_str(), "none"]
                    .iter()
                    .map(|label| row[&format!("{}_p_{label}", a.name)].parse().unwrap())
                    .collect();
                p.sort_by(|x, y| y.total_cmp(x));
                p[0] - p[1]
            })
            .fold(f64::INFINITY, f64::min)
    };
    let chosen: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    assert!(chosen.iter().all(|text| statements.iter().any(|r| r["text"] == *text)), "only sentences in scope are suggested");
    let worst_chosen = statements.iter().filter(|r| chosen.contains(&r["text"].as_str())).map(|r| margin(r)).fold(0.0, f64::max);
    let best_other = statements.iter().filter(|r| !chosen.contains(&r["text"].as_str())).map(|r| margin(r)).fold(f64::INFINITY, f64::min);
    assert!(worst_chosen <= best_other + 1e-4, "{worst_chosen} > {best_other}");

    // By default, pole by pole: each pole of each axis in turn (axes in file order, left pole
    // first) gets its likeliest sentence not already taken. Replayed here from that rule.
    let suggested = tmp.path().join("poles.csv");
    stance().args(["suggest", "--from"]).arg(&out).args(["--n", "8", "--out"]).arg(&suggested).succeeded();
    let chosen: Vec<String> = labels::read_labels(&[&suggested], &axes).unwrap().into_iter().map(|s| s.text).collect();
    let mut expected: Vec<String> = Vec::new();
    for axis in &axes.axes {
        for pole in [&axis.left.name, &axis.right.name] {
            let p = |row: &HashMap<String, String>| -> f64 { row[&format!("{}_p_{pole}", axis.name)].parse().unwrap() };
            let likeliest = statements
                .iter()
                .filter(|r| !expected.contains(&r["text"]))
                .max_by(|a, b| p(a).total_cmp(&p(b)).then(std::cmp::Ordering::Greater))
                .unwrap();
            expected.push(likeliest["text"].clone());
        }
    }
    // Written in the order chosen: the first sentence for the first axis's left pole, and so on.
    assert_eq!(chosen, expected, "pole by pole");

    // Sentences already annotated are not suggested again: with every one of them annotated,
    // there is nothing to suggest, and no file of no sentence is written (it would block its
    // name for the next batch).
    let suggested = tmp.path().join("excluded.csv");
    let nothing = stance().args(["suggest", "--from"]).arg(&out).arg("--out").arg(&suggested).arg("--exclude").arg(repo("data/labels/beijing_cable.csv")).completed();
    let stderr = String::from_utf8_lossy(&nothing.stderr);
    assert_eq!(nothing.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("already annotated") && stderr.contains("fix:"), "{stderr}");
    assert!(!suggested.exists());
    // A run that classified nothing (no sentence in scope) is said to be that, not "annotated".
    let silent = tmp.path().join("silent");
    std::fs::create_dir(&silent).unwrap();
    std::fs::write(silent.join("lunch.txt"), "The representative of Norway said that lunch would be served at noon.\n").unwrap();
    let silent_out = tmp.path().join("silent-out");
    stance().arg("run").arg(&silent).arg("--out").arg(&silent_out).arg("--no-cache").succeeded();
    let nothing = stance().args(["suggest", "--from"]).arg(&silent_out).completed();
    let stderr = String::from_utf8_lossy(&nothing.stderr);
    assert_eq!(nothing.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("classified no sentence") && !silent_out.join("suggest.csv").exists(), "{stderr}");

    // Suggestions never replace a file, which may hold labels corrected by hand: neither a
    // second run into the default FROM/suggest.csv after it was corrected in place, nor the
    // annotation loop's second pass with the same --out as the first among --exclude
    // (`--exclude data/labels/*.csv --out data/labels/new.csv`). Both refused, the file kept.
    let corrected = tmp.path().join("new.csv");
    std::fs::copy(repo("data/labels/beijing_cable.csv"), &corrected).unwrap();
    let default_out = out.join("suggest.csv");
    stance().args(["suggest", "--from"]).arg(&out).succeeded();
    for (file, exclude) in [(&default_out, None), (&corrected, Some(&corrected))] {
        let before = std::fs::read(file).unwrap();
        let mut again = stance();
        again.args(["suggest", "--from"]).arg(&out).arg("--out").arg(file);
        if let Some(exclude) = exclude {
            again.arg("--exclude").arg(exclude);
        }
        let refused = again.completed();
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&file.display().to_string()) && stderr.contains("already exists") && stderr.contains("fix:"), "{stderr}");
        assert_eq!(std::fs::read(file).unwrap(), before, "{} was written over", file.display());
    }
}

#[test]
fn speeches_that_never_mention_the_axes_subjects_get_no_stance() {
    // Twenty 2012 General Debate speeches in which no sentence is in scope (the axes' own
    // pattern finds no word on cyberspace, the Internet or ICTs), and Kazakhstan's 2011 speech,
    // which calls for "an international legal framework for global information space".
    let off_topic = shipped_axes().scope.pattern;
    let speeches = repo("data/records/ungd-2009-2012");
    let manifest = rows(&speeches.join("manifest.csv"));
    let mut chosen: Vec<&HashMap<String, String>> = manifest
        .iter()
        .filter(|r| r["path"].starts_with("s67-2012/"))
        .filter(|r| {
            let text = std::fs::read_to_string(speeches.join(&r["path"])).unwrap();
            // Phrases may break across lines in the file.
            !off_topic.is_match(&text.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .take(20)
        .collect();
    assert_eq!(chosen.len(), 20);
    chosen.extend(manifest.iter().filter(|r| r["path"] == "s66-2011/KAZ_66_2011.txt"));

    let tmp = tempfile::tempdir().unwrap();
    let manifest_path = tmp.path().join("manifest.csv");
    let mut writer = csv::Writer::from_path(&manifest_path).unwrap();
    writer.write_record(["path", "delegation", "date", "conference"]).unwrap();
    for r in &chosen {
        let path = speeches.join(&r["path"]).display().to_string();
        writer.write_record([path.as_str(), &r["delegation"], &r["date"], &r["conference"]]).unwrap();
    }
    writer.flush().unwrap();
    let out = tmp.path().join("out");
    stance().args(["run", "--manifest"]).arg(&manifest_path).arg("--out").arg(&out).arg("--no-cache").succeeded();

    let stances = rows(&out.join("stances.csv"));
    assert_eq!(stances.len(), 21 * 4);
    for row in &stances {
        if row["delegation"] != "Kazakhstan" {
            assert_eq!(row["label"], "not_addressed", "{row:?}");
        }
    }
    // Kazakhstan's cells are what its annotations make them by the codebook's rule (its speech
    // is among the training annotations), and it takes a side on some axis.
    let axes = shipped_axes();
    let annotations: Vec<PathBuf> = crate::common::csv_files("data/labels").into_iter().map(PathBuf::from).collect();
    let annotated = annotated_cells(&out.join("statements.csv"), &annotations, &axes);
    let mut sides = 0;
    for axis in &axes.axes {
        let truth = annotated.get(&("Kazakhstan".to_string(), axis.name.clone())).copied().unwrap_or_default().truth();
        let row = stances.iter().find(|r| r["delegation"] == "Kazakhstan" && r["axis"] == axis.name).unwrap();
        assert_eq!(row["label"], truth.name(axis), "{row:?}");
        sides += usize::from(row["label"] != "not_addressed");
    }
    assert!(sides > 0, "Kazakhstan's call for a legal framework is a stance");
}

#[test]
fn a_penalty_that_would_never_converge_is_refused_before_any_work() {
    for bad in ["nan", "-1", "inf"] {
        let out = stance().args(["train", "--labels", "data/labels/beijing_cable.csv"]).arg(format!("--l2={bad}")).completed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert!(stderr.contains("--l2") && stderr.contains("finite number >= 0"), "{bad}: {stderr}");
    }
}
