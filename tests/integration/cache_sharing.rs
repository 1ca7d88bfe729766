//! The embedding cache shared by real `stance` processes: two runs at once on one cache both
//! succeed and keep everything they computed, and a run killed with SIGKILL in the middle of
//! embedding leaves a cache that holds, intact, what it stored, and that the next run uses.

use crate::common::{assert_same_tables, attribute, repo, stance, Completes};
use stance::config::Resources;
use stance::embed::{EmbeddingCache, Embedder, EncoderSettings};
use stance::progress::Diagnostics;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BEIJING: &str = "data/records/2014-beijing-workshop";

fn run(record: &Path, out: &Path, cache: &Path, extra: &[&str]) -> Command {
    let mut command = stance();
    command.arg("run").arg(record).arg("--out").arg(out).arg("--cache-dir").arg(cache).args(extra);
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
    let output = run(&records, &dir.path().join("both"), &cache, &["--all-sentences"]).succeeded();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(embedded(&stderr), 0, "{stderr}");
}

#[test]
fn a_run_killed_while_embedding_leaves_a_cache_the_next_run_uses() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    // Every sentence of a General Debate session: minutes of embedding, killed once it has
    // stored its first chunk of embeddings and goes on embedding.
    let session = repo("data/records/ungd-2009-2012/s64-2009");
    let docs = attribute(std::slice::from_ref(&session), None, &Resources::default(), &mut Diagnostics::default()).unwrap();
    let texts: Vec<&str> = docs.iter().flat_map(|d| &d.statements).flat_map(|s| &s.sentences).map(|s| s.text.as_str()).collect();
    let embedder = Embedder::load(&EncoderSettings {
        model_dir: repo("models/encoder"),
        batch_size: 32,
        threads: None,
        cache_dir: None,
    })
    .unwrap();
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
    assert!(file.exists(), "the run never opened its cache");
    // Read as the run writes: the cache is shared a transaction at a time.
    let shared = EmbeddingCache::open(&cache, embedder.encoder.spec()).unwrap();
    let stored = || -> Vec<(&str, Vec<f32>)> {
        texts.iter().zip(shared.get_many(&texts).unwrap()).filter_map(|(text, row)| Some((*text, row?))).collect()
    };
    while stored().is_empty() && started.elapsed() < Duration::from_secs(600) {
        std::thread::sleep(Duration::from_secs(1));
    }
    assert!(child.try_wait().unwrap().is_none(), "the run ended before it could be killed");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // What it stored is there and intact: those sentences embed to the same vectors afresh.
    let stored = stored();
    assert!(!stored.is_empty(), "the run stored none of the session's sentences in ten minutes");
    let sample: Vec<&str> = stored.iter().take(32).map(|(text, _)| *text).collect();
    let (fresh, _) = embedder.embed_all(&sample).unwrap();
    for (row, (text, kept)) in fresh.rows().into_iter().zip(&stored) {
        let gap = row.iter().zip(kept).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        assert!(gap < 1e-4, "the stored embedding of {text:?} is off by {gap}");
    }

    // The next run opens the cache, and its tables are those of a run without one.
    let records = repo(BEIJING);
    let output = run(&records, &dir.path().join("after"), &cache, &[]).completed();
    assert!(output.status.success(), "the cache a killed run left cannot be used:\n{}", String::from_utf8_lossy(&output.stderr));
    let fresh = dir.path().join("fresh");
    stance().arg("run").arg(&records).arg("--out").arg(&fresh).arg("--no-cache").succeeded();
    let tables = ["statements.csv", "stances.csv"];
    assert_same_tables(&dir.path().join("after"), &fresh, &tables, "between a run on the killed run's cache and a run without cache");
    // And it keeps what it stores: a second run embeds nothing.
    let output = run(&records, &dir.path().join("again"), &cache, &[]).succeeded();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(embedded(&stderr), 0, "{stderr}");
}
