//! Criterion benchmarks of the pipeline's stages on the bundled records and the real model:
//!
//! - `segment`: every bundled record laid out and cut into sentences (MB/s of text);
//! - `embed`: 128 Beijing sentences through the encoder at batch sizes 8-64 (sentences/s);
//! - `classify`: the Beijing sentences' embeddings through the shipped heads and zero-shot;
//! - `aggregate`: the three tables of a run over every bundled record (64,000+ sentence rows).
//!
//! `cargo bench --bench stages` runs all; `cargo bench --bench stages -- embed` one group.
//! Needs `make setup` (the encoder). The whole-run numbers are `stance bench`'s.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use stance::aggregate;
use stance::attribute::ConferenceAttributor;
use stance::axes::Axes;
use stance::classify::{Classifier, Heads, ZeroShot, HEADS_FILE};
use stance::embed::{self, Embedder, EncoderSettings};
use stance::ingest;
use stance::progress::Diagnostics;
use stance::resources::{self, locate, Resources};
use stance::scope;
use stance::segment::{self, SegmentationRules};
use stance::types::{AttributedDocument, AxisProbs, CellRule};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

const BEIJING: &str = "data/records/2014-beijing-workshop";

/// The encoder with no cache: every sentence goes through the model.
fn embedder(batch_size: usize) -> Embedder {
    let settings = EncoderSettings {
        model_dir: locate(resources::ENCODER),
        batch_size,
        threads: None,
        cache_dir: None,
    };
    Embedder::load(&settings).expect("the encoder is set up (make setup)")
}

/// The shipped heads, for `embedder`'s encoder.
fn shipped_heads(axes: &Axes, embedder: &Embedder) -> Heads {
    let path = locate(resources::HEADS).join(HEADS_FILE);
    let text = std::fs::read_to_string(&path).expect("models/heads/heads.json");
    Heads::from_json(&text, &path, axes, embedder.encoder.spec()).unwrap()
}

/// The records under `input`, read and attributed a conference at a time, as a run does.
fn attribute(input: PathBuf, manifest: Option<&Path>) -> Vec<AttributedDocument> {
    let mut diag = Diagnostics::default();
    let mut attributor = ConferenceAttributor::load(&Resources::default()).unwrap();
    ingest::by_conference(ingest::find(&[input], manifest, &mut diag).unwrap().sources)
        .into_values()
        .flat_map(|sources| attributor.read_and_attribute(sources, &mut diag))
        .collect()
}

fn axes() -> Axes {
    Axes::load(&locate(resources::AXES)).expect("models/axes.toml loads")
}

/// The distinct sentences of the Beijing records, in order.
fn beijing_sentences() -> Vec<String> {
    let docs = attribute(locate(BEIJING), None);
    let mut texts: Vec<String> = Vec::new();
    for sentence in docs.iter().flat_map(|d| &d.statements).flat_map(|s| &s.sentences) {
        if !texts.contains(&sentence.text) {
            texts.push(sentence.text.clone());
        }
    }
    texts
}

fn segmentation(c: &mut Criterion) {
    let rules = SegmentationRules::load(&locate(resources::SEGMENTATION)).unwrap();
    // every bundled record read at once (a run reads a conference at a time)
    let mut diag = Diagnostics::default();
    let records = ingest::find(&[locate(resources::RECORDS)], None, &mut diag).unwrap();
    let docs: Vec<_> = records.sources.into_iter().filter_map(|source| ingest::read(source, &mut diag)).collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut group = c.benchmark_group("segment");
    group.sample_size(10).throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("all bundled records ({} docs)", docs.len()), |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(segment::segment(&doc.text, &rules));
            }
        })
    });
    group.finish();
}

fn embedding(c: &mut Criterion) {
    let sentences = beijing_sentences();
    let texts: Vec<&str> = sentences.iter().take(128).map(String::as_str).collect();
    let mut group = c.benchmark_group("embed");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Elements(texts.len() as u64));
    for batch_size in [8, 16, 32, 64] {
        let embedder = embedder(batch_size);
        group.bench_with_input(BenchmarkId::new("batch size", batch_size), &batch_size, |b, _| {
            b.iter(|| embedder.embed_all(&texts).unwrap())
        });
    }
    group.finish();
}

fn classification(c: &mut Criterion) {
    let embedder = embedder(embed::DEFAULT_BATCH_SIZE);
    let axes = axes();
    let sentences = beijing_sentences();
    let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let (embeddings, _) = embedder.embed_all(&texts).unwrap();
    let heads = shipped_heads(&axes, &embedder);
    let zero_shot = ZeroShot::embed_examples(&axes, &embedder).unwrap();

    let mut group = c.benchmark_group("classify");
    group.throughput(Throughput::Elements(texts.len() as u64));
    let classifiers: [(&str, &dyn Classifier); 2] = [("trained heads", &heads), ("zero-shot", &zero_shot)];
    for (name, classifier) in classifiers {
        group.bench_function(name, |b| b.iter(|| classifier.classify(black_box(&texts), black_box(&embeddings)).unwrap()));
    }
    group.finish();
}

fn aggregation(c: &mut Criterion) {
    let embedder = embedder(embed::DEFAULT_BATCH_SIZE);
    let axes = axes();
    let records = locate(resources::RECORDS);
    let manifest = records.join("ungd-2009-2012/manifest.csv");
    let docs = attribute(records, Some(&manifest));
    let rows = scope::sentence_rows(&docs, &axes, 0);
    // Real answers of the shipped heads, for the Beijing sentences, dealt out to the rows in
    // turn: aggregation's cost depends on the rows and delegations, not on the values.
    let sentences = beijing_sentences();
    let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let (embeddings, _) = embedder.embed_all(&texts).unwrap();
    let heads = shipped_heads(&axes, &embedder);
    let answers = heads.classify(&texts, &embeddings).unwrap();
    let probs: Vec<Vec<Option<AxisProbs>>> =
        answers.iter().map(|axis| (0..rows.len()).map(|i| Some(axis[i % axis.len()])).collect()).collect();

    let mut group = c.benchmark_group("aggregate");
    group.sample_size(10).throughput(Throughput::Elements(rows.len() as u64));
    group.bench_function(format!("three tables, {} sentence rows", rows.len()), |b| {
        b.iter(|| {
            let statements = aggregate::statement_table(&rows, &axes, &[], &probs).unwrap();
            let stances = aggregate::stance_table(&statements, &axes, &CellRule::default()).unwrap();
            black_box(aggregate::wide_table(&stances, &axes).unwrap())
        })
    });
    group.finish();
}

criterion_group!(stages, segmentation, embedding, classification, aggregation);
criterion_main!(stages);
