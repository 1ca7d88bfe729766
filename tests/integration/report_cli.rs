//! `stance report` on real runs: the Beijing records (one conference), and real NETmundial
//! contributions dated three years apart and credited, by the test's manifest, to one made-up
//! delegation that therefore moves from one pole to the other (drift, timelines, heatmaps).
//! What the pictures and the page must hold is computed here from the run's own CSVs.

use crate::common::{repo, rows, run_json, stance, Completes};
use stance::report::page::{SELDOM_RIGHT_NOTE, WEAK_NOTE};
use stance::types::{PoleCells, ALL_GENRES, WEAK_EVIDENCE};
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::Path;

fn run_and_report(inputs: &[&OsStr], out: &Path) {
    stance().arg("run").args(inputs).arg("--out").arg(out).arg("--cache-dir").arg(out.with_extension("cache")).succeeded();
    report(out);
}

fn report(out: &Path) {
    stance().args(["report", "--from"]).arg(out).succeeded();
}

/// `text` as the page writes it (maud escapes these four).
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The delegations of `conference` with a score on `axis`, from stances.csv.
fn placed(out: &Path, conference: &str, axis: &str) -> BTreeSet<String> {
    rows(&out.join("stances.csv"))
        .into_iter()
        .filter(|r| r["conference"] == conference && r["axis"] == axis && !r["score"].is_empty())
        .map(|r| r["delegation"].clone())
        .collect()
}

/// The texts drawn in an SVG picture.
fn svg_texts(path: &Path) -> BTreeSet<String> {
    let svg = std::fs::read_to_string(path).unwrap();
    svg.split("<text")
        .skip(1)
        .filter_map(|element| {
            let content = &element[element.find('>')? + 1..];
            Some(content[..content.find("</text>")?].trim().to_string())
        })
        .collect()
}

#[test]
fn the_beijing_report_maps_every_delegation_on_both_axes_and_shows_its_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_and_report(&[repo("data/records/2014-beijing-workshop").as_os_str()], &out);

    let both: BTreeSet<String> = &placed(&out, "2014-beijing-workshop", "governance") & &placed(&out, "2014-beijing-workshop", "un_role");
    assert!(both.len() >= 3, "{both:?}");
    let map = svg_texts(&out.join("stance_map.svg"));
    for delegation in &both {
        assert!(map.contains(delegation), "{delegation} is not labelled on the map: {map:?}");
    }
    for pole in ["state_led", "multi_stakeholder", "un_central", "un_facilitator"] {
        assert!(map.iter().any(|t| t.contains(pole)), "the map's axes are named after the poles: {pole}");
    }
    let png = std::fs::read(out.join("stance_map.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000, "{} bytes", png.len());
    for axis in ["governance", "un_role", "information", "legal_order"] {
        let plot = svg_texts(&out.join(format!("axis_{axis}.svg")));
        for delegation in placed(&out, "2014-beijing-workshop", axis) {
            assert!(plot.contains(&delegation), "{delegation} missing from axis_{axis}.svg");
        }
    }

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for outside in ["<script", "<link", "src=\"http", "href=\"http", "@import"] {
        assert!(!html.contains(outside), "report.html is self-contained, but holds {outside}");
    }
    assert!(html.matches("<svg").count() >= 5, "the map and the four axis plots are inline");
    // Every stance's evidence sentence is on the page.
    for row in rows(&out.join("stances.csv")).iter().filter(|r| !r["score"].is_empty()) {
        assert!(html.contains(&escaped(&row["evidence"])), "evidence of {} on {} missing", row["delegation"], row["axis"]);
    }
    // A cell on weak evidence says so beside its figures; made weak here by editing the table,
    // the page marks one more.
    let weak_cells = |path: &Path| {
        rows(path)
            .iter()
            .filter(|r| !r["score"].is_empty() && r["evidence_probability"].parse::<f64>().unwrap() < WEAK_EVIDENCE)
            .count()
    };
    let stances = out.join("stances.csv");
    let weak_before = weak_cells(&stances);
    assert_eq!(html.matches(WEAK_NOTE).count(), weak_before, "one note per weak cell");
    let mut reader = csv::Reader::from_path(&stances).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (score, probability) = (column("score"), column("evidence_probability"));
    let mut records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let strong = records
        .iter()
        .position(|r| !r[score].is_empty() && r[probability].parse::<f64>().unwrap() >= WEAK_EVIDENCE)
        .expect("a stance on strong evidence");
    records[strong] = records[strong].iter().enumerate().map(|(j, field)| if j == probability { "0.5500" } else { field }).collect();
    let mut writer = csv::Writer::from_path(&stances).unwrap();
    writer.write_record(&headers).unwrap();
    records.iter().for_each(|r| writer.write_record(r).unwrap());
    writer.flush().unwrap();
    report(&out);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(weak_cells(&stances), weak_before + 1);
    assert_eq!(html.matches(WEAK_NOTE).count(), weak_before + 1, "the edited cell is marked");

    // One conference, undated: an empty drift table, nothing over time.
    assert!(rows(&out.join("drift.csv")).is_empty());
    assert!(!out.join("timeline_governance.svg").exists() && !out.join("heatmap_governance.svg").exists());

    // The page says what the tables were made with, from run.json; without it, that this is
    // not recorded; a run.json that does not parse is refused, naming it.
    let provenance = run_json(&out);
    let sha = provenance["heads_sha256"].as_str().expect("the shipped heads' sha256");
    assert!(html.contains("Made with") && html.contains(sha), "report.html shows run.json's heads sha256");
    let rule: stance::types::CellRule = serde_json::from_value(provenance["cell_rule"].clone()).unwrap();
    assert!(html.contains(&escaped(&rule.to_string())), "report.html shows the cell rule");
    assert!(html.contains("inputs skipped") && html.contains("warnings on inputs"), "and what the run skipped or warned about");
    // And, pole by pole, how the heads' held-out cells fared over all genres and in each,
    // naming the poles whose stances were seldom found.
    let held_out: Vec<PoleCells> = serde_json::from_value(provenance["held_out_poles"].clone()).unwrap();
    let (poles, by_genre): (Vec<PoleCells>, Vec<PoleCells>) = held_out.into_iter().partition(|p| p.genre == ALL_GENRES);
    assert_eq!(poles.len(), 8, "the shipped heads carry their held-out figures per pole");
    assert_eq!(by_genre.len(), 3 * 8, "and per genre: position papers, reports and cables, speeches");
    assert!(html.contains("How far to trust these tables"));
    for p in &poles {
        let row = format!("<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>", p.axis, p.pole, p.annotated, p.found, p.not_addressed);
        assert!(html.contains(&row), "{row} not in report.html");
    }
    for p in &poles {
        let cells: String = by_genre
            .iter()
            .filter(|q| q.axis == p.axis && q.pole == p.pole)
            .map(|q| format!("<td>{} of {}; {} of {}</td>", q.found, q.annotated, q.found, q.stated))
            .collect();
        assert!(html.contains(&format!("<td>{}</td>{cells}", p.pole)), "{}: {cells} not in report.html", p.pole);
    }
    let seldom: Vec<&str> = poles.iter().filter(|p| p.seldom_found()).map(|p| p.pole.as_str()).collect();
    assert_eq!(html.contains(&format!("Fewer than half the held-out stances of {} were found", seldom.join(", "))), !seldom.is_empty());
    // A stance on a pole whose held-out stated cells were seldom right is marked, each one.
    let seldom_right: Vec<&str> = poles.iter().filter(|p| p.seldom_right()).map(|p| p.pole.as_str()).collect();
    assert_eq!(html.contains(&format!("Fewer than half the held-out cells stated on {} were right", seldom_right.join(", "))), !seldom_right.is_empty());
    let on_them = rows(&out.join("stances.csv")).iter().filter(|r| seldom_right.contains(&r["label"].as_str())).count();
    assert_eq!(html.matches(SELDOM_RIGHT_NOTE).count(), on_them);
    // A run.json written before the skipped inputs, the warnings and the per-pole figures were
    // recorded still reads; the page says that the figures are not there.
    let mut older = provenance.clone();
    for field in ["skipped", "warnings", "held_out_poles"] {
        older.as_object_mut().unwrap().remove(field).expect(field);
    }
    std::fs::write(out.join("run.json"), older.to_string()).unwrap();
    report(&out);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains(sha) && html.contains("carries no held-out figures per pole"));
    std::fs::remove_file(out.join("run.json")).unwrap();
    report(&out);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains(sha) && html.contains("No run.json beside the tables"));
    std::fs::write(out.join("run.json"), "{\"stance\": ").unwrap();
    let refused = stance().args(["report", "--from"]).arg(&out).completed();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && stderr.contains("run.json") && stderr.contains("fix:"), "{stderr}");
    std::fs::remove_file(out.join("run.json")).unwrap();

    // A hand-edited table with a mistyped label is refused, naming the file, the row and the
    // labels the axis has, rather than drawn with that cell blank.
    let table = std::fs::read_to_string(&stances).unwrap();
    let edited = table.replacen(",governance,multi_stakeholder,", ",governance,multistakeholder,", 1);
    assert_ne!(edited, table, "some delegation is multi_stakeholder on governance");
    std::fs::write(&stances, edited).unwrap();
    let refused = stance().args(["report", "--from"]).arg(&out).completed();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{stderr}");
    for part in ["stances.csv", "row ", "\"multistakeholder\"", "multi_stakeholder, mixed, not_addressed", "fix:"] {
        assert!(stderr.contains(part), "{part:?} not in: {stderr}");
    }
}

#[test]
fn a_delegation_that_changes_sides_is_flagged_drawn_over_time_and_on_the_heatmap() {
    let dir = tempfile::tempdir().unwrap();
    let netmundial = repo("../shared/records/netmundial-2014");
    // The draft code of conduct for information security (state-led, new instruments) in 2011,
    // the US submission (multistakeholder, free flow) in 2014: one delegation that moves.
    let manifest = dir.path().join("manifest.csv");
    let row = |file: &str, delegation: &str, conference: &str, date: &str| {
        format!("{},{delegation},{conference},{date}\n", netmundial.join(file).display())
    };
    let text = ["path,delegation,conference,date\n".to_string(),
        row("009.txt", "Testland", "Test meeting 2011", "2011-09-12"),
        row("006.txt", "Testland", "Test meeting 2014", "2014-04-23"),
        // A name with a comma, as 21 NETmundial contributors' are: --delegations reads it whole.
        row("002.txt", "\"Germany, Federal Republic\"", "Test meeting 2014", "2014-04-23")]
    .concat();
    std::fs::write(&manifest, text).unwrap();
    let out = dir.path().join("out");
    run_and_report(&["--manifest".as_ref(), manifest.as_os_str()], &out);

    // Expected drift rows from stances.csv: (delegation, axis) scored at both meetings.
    let dates = BTreeMap::from([("Test meeting 2011".to_string(), "2011-09-12"), ("Test meeting 2014".to_string(), "2014-04-23")]);
    // (delegation, axis) -> its (date, [score, low, high]) at each meeting
    type Scored<'a> = BTreeMap<(String, String), Vec<(&'a str, [f64; 3])>>;
    let mut scored: Scored = BTreeMap::new();
    for r in rows(&out.join("stances.csv")).into_iter().filter(|r| !r["score"].is_empty()) {
        let at = ["score", "score_low", "score_high"].map(|c| r[c].parse::<f64>().unwrap());
        scored.entry((r["delegation"].clone(), r["axis"].clone())).or_default().push((dates[&r["conference"]], at));
    }
    scored.retain(|_, v| v.len() >= 2);
    let governance = scored.get(&("Testland".to_string(), "governance".to_string())).expect("Testland addresses governance twice");
    assert!(governance[0].1[0] < 0.0 && governance[1].1[0] > 0.0, "state-led in 2011, multistakeholder in 2014: {governance:?}");

    let drift = rows(&out.join("drift.csv"));
    assert_eq!(drift.len(), scored.values().map(Vec::len).sum::<usize>());
    for ((delegation, axis), mut points) in scored {
        points.sort_by(|a, b| a.0.cmp(b.0));
        let mine: Vec<_> = drift.iter().filter(|r| r["delegation"] == delegation && r["axis"] == axis).collect();
        assert_eq!(mine.len(), points.len(), "{delegation} {axis}");
        for (k, (row, (date, [score, low, high]))) in mine.iter().zip(&points).enumerate() {
            assert_eq!(&row["date"], date, "time order");
            if k == 0 {
                assert!(row["change"].is_empty() && row["beyond_intervals"] == "false", "{row:?}");
                continue;
            }
            let [p_score, p_low, p_high] = points[k - 1].1;
            let change: f64 = row["change"].parse().unwrap();
            assert!((change - (score - p_score)).abs() < 2e-4, "{row:?}");
            let apart = *low > p_high || *high < p_low;
            assert_eq!(row["beyond_intervals"], apart.to_string(), "{row:?}");
        }
    }
    let moved = drift.iter().find(|r| r["delegation"] == "Testland" && r["axis"] == "governance" && !r["change"].is_empty()).unwrap();
    assert_eq!(moved["beyond_intervals"], "true", "the move from one pole to the other is larger than both intervals: {moved:?}");

    // Over time: the timeline follows Testland, the heatmap has a row for it and a column per
    // meeting, and the page has both.
    let timeline = svg_texts(&out.join("timeline_governance.svg"));
    assert!(timeline.contains("Testland"), "{timeline:?}");
    assert!(timeline.iter().any(|t| t == "2011") && timeline.iter().any(|t| t == "2014"), "years on the time axis: {timeline:?}");
    let heatmap = svg_texts(&out.join("heatmap_governance.svg"));
    assert!(heatmap.contains("Testland") && heatmap.contains("2011") && heatmap.contains("2014"), "{heatmap:?}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Over time") && html.contains("Heatmap: governance"), "the page shows the timelines and heatmaps");

    // Named delegations: the timeline follows them alone. (And the conferences --conference may
    // pick are the others: the one mapped was offered as another too.)
    let done = stance().args(["report", "--from"]).arg(&out).args(["--delegations", "Germany, Federal Republic"]).succeeded();
    let stderr = String::from_utf8_lossy(&done.stderr);
    let mapped = stderr.split("stance map and axis plots: ").nth(1).and_then(|rest| rest.split(" (").next()).unwrap();
    let others = stderr.split("--conference picks another of: ").nth(1).and_then(|rest| rest.lines().next()).unwrap();
    assert!(!others.contains(&format!("{mapped:?}")) && others.contains('"'), "{stderr}");
    let timeline = svg_texts(&out.join("timeline_governance.svg"));
    let germany = "Germany, Federal Republic";
    assert!(timeline.contains(germany) && !timeline.contains("Testland"), "only the named delegations: {timeline:?}");
    stance().args(["report", "--from"]).arg(&out).args(["--delegations", "Testland,Germany, Federal Republic"]).succeeded();
    let timeline = svg_texts(&out.join("timeline_governance.svg"));
    assert!(timeline.contains(germany) && timeline.contains("Testland"), "both: {timeline:?}");

    // A misspelt name, or more than a timeline can draw, is refused with the fix.
    let nine = "A,B,C,D,E,F,G,H,I";
    for (named, expected) in [("Germny", "no delegation \"Germny\" in this run"), (nine, "a timeline draws at most 8")] {
        let output = stance().args(["report", "--from"]).arg(&out).args(["--delegations", named]).completed();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{named}: {stderr}");
        assert!(stderr.contains(expected), "{named}: {stderr}");
    }
}

/// The stance map's axes default to the first two of the run's axis configuration, not to the
/// shipped file's names: with the axes renamed (zero-shot, which needs no heads trained on
/// them), `stance report` without `--x`/`--y` draws the renamed ones.
#[test]
fn the_stance_map_defaults_to_the_first_two_axes_of_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(repo("models/axes.toml")).unwrap();
    let renamed = shipped
        .replacen("name = \"governance\"", "name = \"who_governs\"", 1)
        .replacen("name = \"un_role\"", "name = \"un_place\"", 1);
    let axes = dir.path().join("renamed.toml");
    std::fs::write(&axes, renamed).unwrap();
    let out = dir.path().join("out");
    stance()
        .arg("run")
        .arg(repo("data/records/2014-beijing-workshop"))
        .args(["--zero-shot", "--axes"])
        .arg(&axes)
        .arg("--out")
        .arg(&out)
        .arg("--cache-dir")
        .arg(dir.path().join("cache"))
        .succeeded();
    stance().args(["report", "--from"]).arg(&out).arg("--axes").arg(&axes).succeeded();
    let texts = svg_texts(&out.join("stance_map.svg"));
    assert!(texts.iter().any(|t| t.contains("who_governs")), "x axis: {texts:?}");
    assert!(texts.iter().any(|t| t.contains("un_place")), "y axis: {texts:?}");
}
