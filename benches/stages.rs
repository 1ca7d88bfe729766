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
use stance::app::attribute_records;
use stance::axes::Axes;
use stance::classify::{example_texts, Classifier, Heads, ZeroShot};
use stance::config::Resources;
use stance::embed::{self, SentenceEncoder};
use stance::ingest;
use stance::progress::Diagnostics;
use stance::resources::{self, locate};
use stance::segment::{self, SegmentationRules};
use stance::types::AxisProbs;
use std::hint::black_box;
use std::time::Duration;

const BEIJING: &str = "data/records/2014-beijing-workshop";

fn encoder() -> SentenceEncoder {
    SentenceEncoder::load(&locate(resources::ENCODER)).expect("the encoder is set up (make setup)")
}

fn axes() -> Axes {
    Axes::load(&locate(resources::AXES)).expect("models/axes.toml loads")
}

/// The distinct sentences of the Beijing records, in order.
fn beijing_sentences() -> Vec<String> {
    let docs = attribute_records(&[locate(BEIJING)], None, &Resources::default(), &mut Diagnostics::default())
        .expect("the Beijing records attribute");
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
    let docs = ingest::ingest(&[locate(resources::RECORDS)], None, &mut Diagnostics::default()).unwrap();
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
    let encoder = encoder();
    let sentences = beijing_sentences();
    let texts: Vec<&str> = sentences.iter().take(128).map(String::as_str).collect();
    let mut group = c.benchmark_group("embed");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Elements(texts.len() as u64));
    for batch_size in [8, 16, 32, 64] {
        group.bench_with_input(BenchmarkId::new("batch size", batch_size), &batch_size, |b, &batch_size| {
            b.iter(|| embed::embed_all(&encoder, None, &texts, batch_size).unwrap())
        });
    }
    group.finish();
}

fn classification(c: &mut Criterion) {
    let encoder = encoder();
    let axes = axes();
    let sentences = beijing_sentences();
    let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let (embeddings, _) = embed::embed_all(&encoder, None, &texts, embed::DEFAULT_BATCH_SIZE).unwrap();
    let heads = Heads::load(&locate(resources::HEADS), &axes, encoder.digest(), encoder.dim()).unwrap();
    let (examples, _) = embed::embed_all(&encoder, None, &example_texts(&axes), embed::DEFAULT_BATCH_SIZE).unwrap();
    let zero_shot = ZeroShot::new(&axes, &examples);

    let mut group = c.benchmark_group("classify");
    group.throughput(Throughput::Elements(texts.len() as u64));
    let classifiers: [(&str, &dyn Classifier); 2] = [("trained heads", &heads), ("zero-shot", &zero_shot)];
    for (name, classifier) in classifiers {
        group.bench_function(name, |b| b.iter(|| classifier.classify(black_box(&texts), black_box(&embeddings)).unwrap()));
    }
    group.finish();
}

fn aggregation(c: &mut Criterion) {
    let encoder = encoder();
    let axes = axes();
    let resources = Resources::default();
    let records = locate(resources::RECORDS);
    let manifest = records.join("ungd-2009-2012/manifest.csv");
    let docs = attribute_records(&[records], Some(&manifest), &resources, &mut Diagnostics::default()).unwrap();
    let rows = aggregate::sentence_rows(&docs, &axes, 0);
    // Real answers of the shipped heads, for the Beijing sentences, dealt out to the rows in
    // turn: aggregation's cost depends on the rows and delegations, not on the values.
    let sentences = beijing_sentences();
    let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let (embeddings, _) = embed::embed_all(&encoder, None, &texts, embed::DEFAULT_BATCH_SIZE).unwrap();
    let heads = Heads::load(&locate(resources::HEADS), &axes, encoder.digest(), encoder.dim()).unwrap();
    let answers = heads.classify(&texts, &embeddings).unwrap();
    let probs: Vec<Vec<AxisProbs>> =
        answers.iter().map(|axis| (0..rows.len()).map(|i| axis[i % axis.len()]).collect()).collect();

    let mut group = c.benchmark_group("aggregate");
    group.sample_size(10).throughput(Throughput::Elements(rows.len() as u64));
    group.bench_function(format!("three tables, {} sentence rows", rows.len()), |b| {
        b.iter(|| {
            let statements = aggregate::statement_table(&rows, &axes, &probs).unwrap();
            let stances = aggregate::stance_table(&statements, &axes).unwrap();
            black_box(aggregate::wide_table(&stances, &axes).unwrap())
        })
    });
    group.finish();
}

criterion_group!(stages, segmentation, embedding, classification, aggregation);
criterion_main!(stages);
