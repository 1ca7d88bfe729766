//! Wires the stages together for each command. Every stage's work is in its own module; this
//! file only decides the order, loads what each stage needs, and reports what happened.

use crate::aggregate::{self, SentenceRow};
use crate::attribute::Attributor;
use crate::axes::Axes;
use crate::classify::{example_texts, Classifier, ZeroShot};
use crate::config::{EvalConfig, Resources, RunConfig};
use crate::evaluate::{self, AxisScores};
use crate::labels;
use crate::embed::{self, EmbedStats, EmbeddingCache, SentenceEncoder};
use crate::error::{Error, Result};
use crate::ingest;
use crate::progress::{self, Diagnostics};
use crate::report;
use crate::segment::{self, SegmentationRules};
use crate::timing::StageTimes;
use crate::types::{AttributedDocument, AxisProbs, Document, Layout};
use std::collections::{BTreeMap, HashMap};
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
}

/// The name of the stage that embeds the records' sentences (what `stance bench` rates).
pub const EMBED_STAGE: &str = "embed sentences";

/// `stance run`: records in, stance tables out.
pub fn run(config: &RunConfig) -> Result<RunOutcome> {
    let resources = &config.resources;
    let mut times = StageTimes::default();
    // Cheap checks first, so that a mistake in a config file is reported before any real work.
    let axes = Axes::load(&resources.axes)?;
    report::prepare_out_dir(&config.out_dir)?;

    let mut diag = Diagnostics::default();
    let docs = times.time("read, segment, attribute", || {
        attribute_records(&config.inputs, config.manifest.as_deref(), resources, &mut diag)
    })?;
    let rows = aggregate::sentence_rows(&docs);
    if rows.is_empty() {
        if let Some(summary) = diag.summary() {
            eprintln!("{summary}");
        }
        return Err(Error::NothingToDo(format!(
            "{} record(s) read, none with any sentence",
            docs.len()
        )));
    }

    let Model {
        encoder,
        cache,
        classifier,
    } = load_model(config, &axes, &mut times)?;

    // Each distinct sentence is embedded and classified once, however often it occurs.
    let (unique, row_to_unique) = distinct_texts(&rows);
    let (embeddings, stats) = times.time(EMBED_STAGE, || {
        embed::embed_all(&encoder, cache.as_ref(), &unique, config.batch_size)
    })?;
    let probs: Vec<Vec<AxisProbs>> = times.time("classify", || {
        classifier
            .classify(&embeddings)
            .iter()
            .map(|axis| row_to_unique.iter().map(|&u| axis[u]).collect())
            .collect()
    });

    let (mut statements, mut stances, mut wide) = times.time("aggregate", || -> Result<_> {
        let statements = aggregate::statement_table(&rows, &axes, &probs)?;
        let stances = aggregate::stance_table(&statements, &axes)?;
        let wide = aggregate::wide_table(&stances, &axes)?;
        Ok((statements, stances, wide))
    })?;
    let outputs = times.time("write", || -> Result<Vec<PathBuf>> {
        let mut outputs = Vec::new();
        for (df, name) in [
            (&mut statements, report::STATEMENTS_CSV),
            (&mut stances, report::STANCES_CSV),
            (&mut wide, report::STANCES_WIDE_CSV),
        ] {
            let path = config.out_dir.join(name);
            report::write_csv(df, &path)?;
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
    };
    print_summary(&outcome, &encoder, &diag);
    Ok(outcome)
}

/// `stance eval`: the classifier's scores on annotated sentences, per axis.
pub fn eval(config: &EvalConfig) -> Result<Vec<AxisScores>> {
    let run = &config.run;
    let axes = Axes::load(&run.resources.axes)?;
    let labelled = labels::read_labels(&config.labels, &axes)?;
    if labelled.is_empty() {
        return Err(Error::NothingToDo("the label files hold no sentence".into()));
    }
    report::prepare_out_dir(&run.out_dir)?;
    let Model {
        encoder,
        cache,
        classifier,
    } = load_model(run, &axes, &mut StageTimes::default())?;
    let texts: Vec<&str> = labelled.iter().map(|s| s.text.as_str()).collect();
    let (embeddings, _) = embed::embed_all(&encoder, cache.as_ref(), &texts, run.batch_size)?;
    let predictions = classifier.classify(&embeddings);

    let scores: Vec<AxisScores> = predictions
        .iter()
        .enumerate()
        .map(|(axis, probs)| {
            let pairs: Vec<_> = labelled
                .iter()
                .zip(probs)
                .filter_map(|(sentence, &p)| sentence.labels[axis].map(|gold| (gold, p)))
                .collect();
            AxisScores::new(&pairs)
        })
        .collect();
    let name = classifier.describe();
    print!("{}", evaluate::table(&axes, &scores));
    for (mut df, file) in evaluate::frames(&name, &axes, &scores)? {
        let path = run.out_dir.join(file);
        report::write_csv(&mut df, &path)?;
        eprintln!("wrote {}", path.display());
    }
    eprintln!("{} annotated sentence(s); classifier: {name}", labelled.len());
    Ok(scores)
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
    let docs = ingest::ingest(inputs, manifest, diag)?;
    if docs.is_empty() {
        if let Some(summary) = diag.summary() {
            eprintln!("{summary}");
        }
        return Err(Error::NothingToDo("no readable .txt or .md record among the inputs".into()));
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
    let people: HashMap<&str, _> = back_matter
        .into_iter()
        .map(|(conference, texts)| (conference, attributor.people(texts)))
        .collect();

    Ok(laid_out
        .iter()
        .map(|(doc, layout)| AttributedDocument {
            statements: attributor.attribute(doc, layout, &people[doc.conference.as_str()]),
            doc: doc.clone(),
        })
        .collect())
}

/// The encoder (verified), its embedding cache, and the classifier for `axes`.
struct Model {
    encoder: SentenceEncoder,
    cache: Option<EmbeddingCache>,
    classifier: ZeroShot,
}

fn load_model(config: &RunConfig, axes: &Axes, times: &mut StageTimes) -> Result<Model> {
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
    let classifier = times.time("embed the axis examples", || -> Result<ZeroShot> {
        let examples = example_texts(axes);
        let (embedded, _) = embed::embed_all(&encoder, cache.as_ref(), &examples, config.batch_size)?;
        Ok(ZeroShot::new(axes, &embedded))
    })?;
    Ok(Model {
        encoder,
        cache,
        classifier,
    })
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
    if let Some(summary) = diag.summary() {
        eprintln!("{summary}");
    }
}
