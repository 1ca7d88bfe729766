//! Wires the stages together for each command. Every stage's work is in its own module; this
//! file only decides the order, loads what each stage needs, and reports what happened.

mod learn;
mod report;

pub use learn::{eval, train, EvalReport};
pub use report::report;

use crate::aggregate::{self, SentenceRow};
use crate::attribute::Attributor;
use crate::axes::Axes;
use crate::classify::{example_texts, Classifier, Heads, ZeroShot, HEADS_FILE};
use crate::config::{ClassifierChoice, Resources, RunConfig};
use crate::embed::{self, EmbedStats, EmbeddingCache, SentenceEncoder};
use crate::error::{Error, Result};
use crate::ingest;
use crate::progress::{self, Diagnostics};
use crate::report as output;
use crate::segment::{self, SegmentationRules};
use crate::timing::StageTimes;
use crate::types::{AttributedDocument, AxisProbs, Document, Layout};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// What a run produced, for the caller's summary and for tests.
#[derive(Debug)]
pub struct RunOutcome {
    pub documents: usize,
    pub statements: usize,
    pub sentences: usize,
    pub classifier: String,
    pub embed: EmbedStats,
    pub outputs: Vec<PathBuf>,
    pub skipped: usize,
    pub times: StageTimes,
    /// The encoder's arithmetic per token and its feed-forward shape (for `stance bench`).
    pub matmul_flops_per_token: f64,
    pub feed_forward_shape: (i64, i64),
}

/// The name of the stage that embeds the records' sentences and classifies them, chunk by chunk
/// (what `stance bench` rates; classifying takes well under 1% of it).
pub const EMBED_STAGE: &str = "embed and classify sentences";

/// `stance run`: records in, stance tables out.
pub fn run(config: &RunConfig) -> Result<RunOutcome> {
    let resources = &config.resources;
    let mut times = StageTimes::default();
    // Cheap checks first, so that a mistake in a config file is reported before any real work.
    let axes = Axes::load(&resources.axes)?;
    output::prepare_out_dir(&config.out_dir)?;

    let mut diag = Diagnostics::default();
    let docs = times.time("read, segment, attribute", || {
        attribute_records(&config.inputs, config.manifest.as_deref(), resources, &mut diag)
    })?;
    let rows = aggregate::sentence_rows(&docs, &axes);
    if rows.is_empty() {
        diag.print_summary();
        return Err(Error::NothingToDo(format!(
            "{} record(s) read, none with any sentence",
            docs.len()
        )));
    }

    let (encoder, cache) = load_encoder(config, &mut times)?;
    let classifier = load_classifier(config, &axes, &encoder, cache.as_ref(), &mut times)?;

    // Each distinct sentence is embedded and classified once, however often it occurs, a chunk
    // at a time: only the probabilities of all sentences are kept, never all embeddings.
    let (unique, row_to_unique) = distinct_texts(&rows);
    let (unique_probs, stats) = times.time(EMBED_STAGE, || {
        embed_and_classify(&encoder, cache.as_ref(), classifier.as_ref(), axes.axes.len(), &unique, config.batch_size)
    })?;
    let probs: Vec<Vec<AxisProbs>> = unique_probs
        .iter()
        .map(|axis| row_to_unique.iter().map(|&u| axis[u]).collect())
        .collect();

    let (mut statements, mut stances, mut wide) = times.time("aggregate", || -> Result<_> {
        let statements = aggregate::statement_table(&rows, &axes, &probs)?;
        let stances = aggregate::stance_table(&statements, &axes)?;
        let wide = aggregate::wide_table(&stances, &axes)?;
        Ok((statements, stances, wide))
    })?;
    let outputs = times.time("write", || -> Result<Vec<PathBuf>> {
        let mut outputs = Vec::new();
        for (df, name) in [
            (&mut statements, output::STATEMENTS),
            (&mut stances, output::STANCES),
            (&mut wide, output::STANCES_WIDE),
        ] {
            let path = config.format.path(&config.out_dir, name);
            config.format.write(df, &path)?;
            outputs.push(path);
        }
        Ok(outputs)
    })?;

    let outcome = RunOutcome {
        documents: docs.len(),
        statements: docs.iter().map(|d| d.statements.len()).sum(),
        sentences: rows.len(),
        classifier: classifier.describe(),
        embed: stats,
        outputs,
        skipped: diag.skipped().len(),
        times,
        matmul_flops_per_token: encoder.matmul_flops_per_token(),
        feed_forward_shape: encoder.feed_forward_shape(),
    };
    print_summary(&outcome, &encoder, &diag);
    Ok(outcome)
}

/// Stages 1-2: read, lay out and attribute every record. Records are attributed conference by
/// conference, each with the participants its records list.
pub fn attribute_records(
    inputs: &[PathBuf],
    manifest: Option<&std::path::Path>,
    resources: &Resources,
    diag: &mut Diagnostics,
) -> Result<Vec<AttributedDocument>> {
    let rules = SegmentationRules::load(&resources.segmentation)?;
    let attributor = Attributor::load(&resources.gazetteer, &resources.attribution)?;
    let memberships = match &resources.coalitions {
        Some(path) => Some(attributor.memberships(path)?),
        None => None,
    };
    let docs = ingest::ingest(inputs, manifest, diag)?;
    if docs.is_empty() {
        diag.print_summary();
        return Err(Error::NothingToDo("no readable .txt, .md or .pdf record among the inputs".into()));
    }

    let bar = progress::bar(docs.len() as u64, "segmenting");
    let laid_out: Vec<(Document, Layout)> = docs
        .into_iter()
        .map(|doc| {
            let layout = segment::segment(&doc.text, &rules);
            bar.inc(1);
            (doc, layout)
        })
        .collect();
    bar.finish_and_clear();

    let mut back_matter: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (doc, layout) in &laid_out {
        back_matter.entry(&doc.conference).or_default().push(&layout.back_matter);
    }
    let people: HashMap<String, _> = back_matter
        .into_iter()
        .map(|(conference, texts)| (conference.to_string(), attributor.people(texts)))
        .collect();

    // Each layout is dropped once its document is attributed: the documents are moved on,
    // not copied, so a large record is never held twice.
    let mut unlisted = BTreeSet::new();
    let attributed = laid_out
        .into_iter()
        .map(|(doc, layout)| {
            let mut statements = attributor.attribute(&doc, &layout, &people[&doc.conference]);
            if let Some(memberships) = &memberships {
                statements = memberships.propagate(statements, doc.date.as_deref(), &mut unlisted);
            }
            AttributedDocument { statements, doc }
        })
        .collect();
    if let Some(memberships) = &memberships {
        for group in unlisted {
            diag.warn(
                memberships.path(),
                format!("no member list for {group}: its statements stay the group's; add its members to propagate them"),
            );
        }
    }
    Ok(attributed)
}

/// `result[axis][text]`: the classifier's answers for `texts`, embedded chunk by chunk.
fn embed_and_classify(
    encoder: &SentenceEncoder,
    cache: Option<&EmbeddingCache>,
    classifier: &dyn Classifier,
    axes: usize,
    texts: &[&str],
    batch_size: usize,
) -> Result<(Vec<Vec<AxisProbs>>, EmbedStats)> {
    let unset = AxisProbs {
        left: 0.0,
        right: 0.0,
        none: 1.0,
    };
    let mut probs = vec![vec![unset; texts.len()]; axes];
    let stats = embed::embed_in_chunks(encoder, cache, texts, batch_size, embed::CHUNK_ROWS, |indices, embeddings| {
        for (axis, answers) in probs.iter_mut().zip(classifier.classify(embeddings)) {
            for (&i, answer) in indices.iter().zip(answers) {
                axis[i] = answer;
            }
        }
        Ok(())
    })?;
    Ok((probs, stats))
}

/// The encoder (verified) and its embedding cache.
fn load_encoder(config: &RunConfig, times: &mut StageTimes) -> Result<(SentenceEncoder, Option<EmbeddingCache>)> {
    if let Some(threads) = config.threads {
        embed::set_threads(threads);
    }
    let encoder = times.time("load and verify the encoder", || {
        SentenceEncoder::load(&config.resources.model_dir)
    })?;
    let cache = match &config.cache_dir {
        Some(dir) => Some(EmbeddingCache::open(dir, encoder.digest(), encoder.dim())?),
        None => None,
    };
    Ok((encoder, cache))
}

/// The classifier `config` asks for: trained heads (checked against the encoder and `axes`)
/// or zero-shot.
fn load_classifier(
    config: &RunConfig,
    axes: &Axes,
    encoder: &SentenceEncoder,
    cache: Option<&EmbeddingCache>,
    times: &mut StageTimes,
) -> Result<Box<dyn Classifier>> {
    let heads_dir = match &config.classifier {
        ClassifierChoice::Heads(dir) => Some(dir),
        ClassifierChoice::Auto(dir) if dir.join(HEADS_FILE).exists() => Some(dir),
        ClassifierChoice::Auto(_) | ClassifierChoice::ZeroShot => None,
    };
    Ok(match heads_dir {
        Some(dir) => Box::new(Heads::load(dir, axes, encoder.digest(), encoder.dim())?),
        None => Box::new(times.time("embed the axis examples", || {
            zero_shot(axes, encoder, cache, config.batch_size)
        })?),
    })
}

/// The zero-shot classifier for `axes`: their example sentences, embedded.
fn zero_shot(
    axes: &Axes,
    encoder: &SentenceEncoder,
    cache: Option<&EmbeddingCache>,
    batch_size: usize,
) -> Result<ZeroShot> {
    let (embedded, _) = embed::embed_all(encoder, cache, &example_texts(axes), batch_size)?;
    Ok(ZeroShot::new(axes, &embedded))
}

/// The distinct texts of `rows` (first-seen order) and, per row, the index of its text.
fn distinct_texts<'a>(rows: &[SentenceRow<'a>]) -> (Vec<&'a str>, Vec<usize>) {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut unique = Vec::new();
    let map = rows
        .iter()
        .map(|row| {
            let text = row.sentence.text.as_str();
            *index.entry(text).or_insert_with(|| {
                unique.push(text);
                unique.len() - 1
            })
        })
        .collect();
    (unique, map)
}

fn print_summary(outcome: &RunOutcome, encoder: &SentenceEncoder, diag: &Diagnostics) {
    eprintln!(
        "read {} record(s): {} statement(s), {} sentence(s)\n\
         encoder: {}; {} sentence(s) embedded, {} from the cache\n\
         classifier: {}",
        outcome.documents,
        outcome.statements,
        outcome.sentences,
        encoder.description(),
        outcome.embed.embedded,
        outcome.embed.from_cache,
        outcome.classifier,
    );
    for path in &outcome.outputs {
        eprintln!("wrote {}", path.display());
    }
    diag.print_summary();
}
