//! `stance bench` on the Beijing records: every stage timed, throughput and memory reported.

use std::path::Path;
use std::process::Command;

#[test]
fn bench_times_every_stage_and_writes_its_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bench");
    let records = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/records/2014-beijing-workshop");
    let output = Command::new(env!("CARGO_BIN_EXE_stance"))
        .args(["bench".as_ref(), records.as_os_str(), "--out".as_ref(), out.as_os_str()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
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
    for stage in ["read, segment, attribute", "embed and classify sentences", "aggregate", "write"] {
        assert!(value(&format!("time: {stage}"), "s") >= 0.0);
    }
    // The cache is off: every sentence of the records was embedded.
    assert!(value("sentences embedded", "sentences") > 300.0);
    assert!(value("embedding throughput", "sentences/s") > 0.0);
    assert!(value("embedding throughput", "tokens/s") > value("embedding throughput", "sentences/s"));
    assert!(value("peak memory", "MiB") > 0.0);
    assert!(out.join("stances.csv").is_file());
}
