//! The embedding cache shared by real `stance` processes: two runs at once on one cache both
//! succeed and keep everything they computed, and a run killed with SIGKILL in the middle of
//! embedding leaves a cache the next run opens and uses.

use crate::common::repo;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BEIJING: &str = "data/records/2014-beijing-workshop";

fn run(record: &Path, out: &Path, cache: &Path, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stance"));
    command
        .args(["run".as_ref(), record.as_os_str(), "--out".as_ref(), out.as_os_str(), "--cache-dir".as_ref(), cache.as_os_str()])
        .args(extra)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// How many sentences a run embedded, from its summary.
fn embedded(stderr: &str) -> usize {
    let at = stderr.find(" sentence(s) embedded").unwrap_or_else(|| panic!("no summary in:\n{stderr}"));
    stderr[..at].rsplit(' ').next().unwrap().parse().unwrap()
}

#[test]
fn two_runs_at_once_share_one_cache_and_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let records = repo(BEIJING);
    let (report, cable) = (records.join("unrcpd-summary-report-2014-06.txt"), records.join("us-embassy-beijing-cable-2014-06-17.txt"));
    let children: Vec<_> = [(&report, "a"), (&cable, "b")]
        .into_iter()
        .map(|(record, name)| {
            run(record, &dir.path().join(name), &cache, &["--all-sentences"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut computed = 0;
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "a run sharing the cache failed:\n{stderr}");
        assert!(!stderr.to_lowercase().contains("delete"), "no message advises deleting a cache in use:\n{stderr}");
        computed += embedded(&stderr);
    }
    assert!(computed > 0);
    // Everything either run computed is there: a run over both records embeds nothing new.
    let output = run(&records, &dir.path().join("both"), &cache, &["--all-sentences"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(embedded(&stderr), 0, "{stderr}");
}

#[test]
fn a_run_killed_while_embedding_leaves_a_cache_the_next_run_uses() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    // Every sentence of a General Debate session: minutes of embedding, killed after a few
    // seconds of it.
    let session = repo("data/records/ungd-2009-2012/s64-2009");
    let mut child = run(&session, &dir.path().join("killed"), &cache, &["--all-sentences"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let file = cache.join("embeddings.redb");
    while !file.exists() && started.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(8));
    assert!(child.try_wait().unwrap().is_none(), "the run ended before it could be killed");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // The next run opens the cache, and its tables are those of a run without one.
    let records = repo(BEIJING);
    let output = run(&records, &dir.path().join("after"), &cache, &[]).output().unwrap();
    assert!(output.status.success(), "the cache a killed run left cannot be used:\n{}", String::from_utf8_lossy(&output.stderr));
    let fresh = dir.path().join("fresh");
    let output = Command::new(env!("CARGO_BIN_EXE_stance"))
        .args(["run".as_ref(), records.as_os_str(), "--out".as_ref(), fresh.as_os_str(), "--no-cache".as_ref()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for name in ["statements.csv", "stances.csv"] {
        let a = std::fs::read(dir.path().join("after").join(name)).unwrap();
        let b = std::fs::read(fresh.join(name)).unwrap();
        assert!(a == b, "{name} differs between a run on the killed run's cache and a run without cache");
    }
    // And it keeps what it stores: a second run embeds nothing.
    let output = run(&records, &dir.path().join("again"), &cache, &[]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(embedded(&stderr), 0, "{stderr}");
}
