//! `stance run --format parquet` on the Beijing records: the same three tables as the CSV run
//! (same columns, rows and values, the CSV's floats being rounded to 4 decimals), and `stance
//! report` and `stance suggest` read them as they read CSV. A CSV run into the Parquet run's
//! folder replaces that run and its report, and keeps the annotator's file. A folder holding a
//! table in both formats is refused, naming both.

use crate::common::{repo, rows, stance, Completes};
use polars::prelude::*;
use std::path::Path;

fn run(out: &Path, cache: &Path, format: &str) {
    let records = repo("data/records/2014-beijing-workshop");
    stance().arg("run").arg(&records).arg("--out").arg(out).arg("--cache-dir").arg(cache).args(["--format", format]).succeeded();
}

fn read_csv(path: &Path) -> DataFrame {
    CsvReadOptions::default()
        .with_infer_schema_length(None)
        .try_into_reader_with_file_path(Some(path.to_path_buf()))
        .and_then(|r| r.finish())
        .unwrap()
}

fn read_parquet(path: &Path) -> DataFrame {
    ParquetReader::new(std::fs::File::open(path).unwrap()).finish().unwrap()
}

/// Every cell of `parquet` equals `csv`'s: text as is, numbers to within the CSV's rounding.
fn assert_same_table(parquet: &DataFrame, csv: &DataFrame, name: &str) {
    assert_eq!(parquet.get_column_names(), csv.get_column_names(), "{name}: columns");
    assert_eq!(parquet.height(), csv.height(), "{name}: rows");
    for column in parquet.columns() {
        let other = csv.column(column.name()).unwrap();
        if column.dtype().is_float() {
            let (a, b) = (column.cast(&DataType::Float64).unwrap(), other.cast(&DataType::Float64).unwrap());
            for (x, y) in a.f64().unwrap().iter().zip(b.f64().unwrap().iter()) {
                match (x, y) {
                    (Some(x), Some(y)) => assert!((x - y).abs() <= 5.1e-5, "{name}.{}: {x} vs {y}", column.name()),
                    (x, y) => assert_eq!(x.is_some(), y.is_some(), "{name}.{}: {x:?} vs {y:?}", column.name()),
                }
            }
        } else {
            let as_text = |c: &Column| c.cast(&DataType::String).unwrap().str().unwrap().iter().map(|v| v.unwrap_or("").to_string()).collect::<Vec<_>>();
            assert_eq!(as_text(column), as_text(other), "{name}.{}", column.name());
        }
    }
}

#[test]
fn parquet_tables_hold_what_the_csv_ones_do_and_report_and_suggest_read_them() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let (csv_out, parquet_out) = (dir.path().join("csv"), dir.path().join("parquet"));
    run(&csv_out, &cache, "csv");
    run(&parquet_out, &cache, "parquet");

    for table in ["statements", "stances", "stances_wide"] {
        assert!(!parquet_out.join(format!("{table}.csv")).exists(), "a parquet run writes no {table}.csv");
        let parquet = read_parquet(&parquet_out.join(format!("{table}.parquet")));
        assert!(parquet.height() > 0, "{table} is empty");
        assert_same_table(&parquet, &read_csv(&csv_out.join(format!("{table}.csv"))), table);
    }

    stance().args(["report", "--from"]).arg(&parquet_out).succeeded();
    let page = std::fs::read_to_string(parquet_out.join("report.html")).unwrap();
    assert!(page.contains("the full table is stances_wide.parquet"), "the page names the file the run wrote");
    let suggested = parquet_out.join("suggest.csv");
    stance().args(["suggest", "--from"]).arg(&parquet_out).args(["--n", "10"]).succeeded();
    let texts: Vec<String> = rows(&suggested).into_iter().map(|r| r["sentence"].clone()).collect();
    let statements = read_parquet(&parquet_out.join("statements.parquet"));
    let known: Vec<&str> = statements.column("text").unwrap().str().unwrap().iter().flatten().collect();
    assert_eq!(texts.len(), 10 * 4, "10 sentences, a row per axis");
    assert!(texts.iter().all(|t| known.contains(&t.as_str())));

    // A CSV run into the same folder: the Parquet tables and their report are the earlier run's,
    // and were left beside the new tables (the folder then unreadable: a table in both formats).
    let suggestions = std::fs::read(&suggested).unwrap();
    let output = stance().arg("run").arg(repo("data/records/2014-beijing-workshop")).arg("--out").arg(&parquet_out)
        .arg("--cache-dir").arg(&cache).succeeded();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut left: Vec<String> =
        std::fs::read_dir(&parquet_out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["run.json", "stances.csv", "stances_wide.csv", "statements.csv", "suggest.csv"], "{stderr}");
    assert_eq!(std::fs::read(&suggested).unwrap(), suggestions, "the annotator's file is kept as it was");
    for removed in ["statements.parquet", "report.html", "stance_map.png", "drift.csv"] {
        assert!(stderr.contains(&format!("removed {}", parquet_out.join(removed).display())), "{removed}: {stderr}");
    }
    stance().args(["report", "--from"]).arg(&parquet_out).succeeded();

    // A table in both formats: which run is meant cannot be guessed.
    std::fs::copy(parquet_out.join("statements.csv"), parquet_out.join("statements.parquet")).unwrap();
    let output = stance().args(["report", "--from"]).arg(&parquet_out).completed();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("statements.parquet") && stderr.contains("statements.csv"), "{stderr}");
}
