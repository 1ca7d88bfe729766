//! `stance bench` on the Beijing records: every stage timed, throughput and memory reported.

use crate::common::{repo, stance, Completes};

#[test]
fn bench_times_every_stage_and_writes_its_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bench");
    let records = repo("data/records/2014-beijing-workshop");
    let printed = stance().arg("bench").arg(&records).arg("--out").arg(&out).succeeded();
    let printed = String::from_utf8_lossy(&printed.stdout).into_owned();
    let mut reader = csv::Reader::from_path(out.join("bench.csv")).unwrap();
    assert_eq!(reader.headers().unwrap(), vec!["measure", "value", "unit"]);
    let rows: Vec<(String, f64, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].parse().unwrap(), r[2].to_string())
        })
        .collect();
    let value = |measure: &str, unit: &str| {
        rows.iter()
            .find(|(m, _, u)| m == measure && u == unit)
            .unwrap_or_else(|| panic!("no {measure} in {unit}: {rows:?}"))
            .1
    };
    // Each stage's throughput is the records' size over its time, up to the four decimals the
    // CSV keeps of each (a stage of a few milliseconds keeps only two significant digits).
    let half_unit = 0.5e-4;
    let mebibytes: f64 = std::fs::read_dir(&records)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::metadata(p).unwrap().len() as f64 / (1024.0 * 1024.0))
        .sum();
    for stage in ["read, segment, attribute", "embed and classify sentences", "aggregate", "write"] {
        let seconds = value(&format!("time: {stage}"), "s");
        let rate = value(&format!("throughput: {stage}"), "MiB/s of records");
        let rounding = half_unit * (rate + seconds + half_unit);
        assert!(
            (rate * seconds - mebibytes).abs() < 0.01 * mebibytes + rounding,
            "{stage}: {rate} MiB/s over {seconds} s for {mebibytes} MiB"
        );
    }
    // The cache is off: every distinct sentence in scope was embedded, and no other.
    let mut reader = csv::Reader::from_path(out.join("statements.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let (text, in_scope) = (headers.iter().position(|h| h == "text").unwrap(), headers.iter().position(|h| h == "in_scope").unwrap());
    let in_scope: std::collections::HashSet<String> =
        reader.records().map(|r| r.unwrap()).filter(|r| &r[in_scope] == "true").map(|r| r[text].to_string()).collect();
    assert!(!in_scope.is_empty());
    assert_eq!(value("sentences embedded", "sentences"), in_scope.len() as f64);
    // A count is printed as one: "sentences embedded   133  sentences", not "133.00".
    let line = printed.lines().find(|l| l.starts_with("sentences embedded")).unwrap_or_else(|| panic!("{printed}"));
    assert_eq!(line.split_whitespace().nth(2), Some(in_scope.len().to_string().as_str()), "{line}");
    assert!(value("embedding throughput", "sentences/s") > 0.0);
    assert!(value("embedding throughput", "tokens/s") > value("embedding throughput", "sentences/s"));
    assert!(value("peak memory", "MiB") > 0.0);
    assert!(out.join("stances.csv").is_file());
}
