//! Wires the stages together for each command. Every stage's work is in its own module; this
//! file only decides the order, loads what each stage needs, and reports what happened.

mod learn;
mod report;

pub use learn::{eval, train, EvalReport};
pub use report::report;

use crate::aggregate::{self, SentenceRow};
use crate::attribute::{Attributor, Memberships};
use crate::axes::Axes;
use crate::classify::{example_texts, Classifier, Heads, ZeroShot, HEADS_FILE};
use crate::config::{ClassifierChoice, Resources, RunConfig};
use crate::embed::{self, EmbedStats, EmbeddingCache, SentenceEncoder};
use crate::error::{Error, Result};
use crate::ingest::{self, RecordSource};
use crate::progress::{self, Diagnostics};
use crate::report as output;
use crate::segment::{self, SegmentationRules};
use crate::timing::StageTimes;
use crate::types::{AttributedDocument, AxisProbs, Document, Layout};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use crate::report::TableWriter;
use std::path::{Path, PathBuf};

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

/// The stages of a run, as `stance bench` lists them. The last four repeat for every
/// conference; their times add up.
const READ_STAGE: &str = "read, segment, attribute";
/// The stage that embeds the records' sentences and classifies them, chunk by chunk (what
/// `stance bench` rates; classifying takes well under 1% of it).
pub const EMBED_STAGE: &str = "embed and classify sentences";
const AGGREGATE_STAGE: &str = "aggregate";
const WRITE_STAGE: &str = "write";

/// `stance run`: records in, stance tables out.
///
/// The records are processed one conference at a time (a delegation's stance is per
/// conference, and so is attribution): read, attributed, embedded, classified and aggregated,
/// then its statement rows are appended to the statement table on disk and only its stance
/// rows are kept. Memory is bounded by the largest conference, not by the corpus.
pub fn run(config: &RunConfig) -> Result<RunOutcome> {
    let resources = &config.resources;
    let mut times = StageTimes::default();
    // Cheap checks first, so that a mistake in a config file is reported before any real work.
    let axes = Axes::load(&resources.axes)?;
    output::prepare_out_dir(&config.out_dir)?;
    let mut attributor = ConferenceAttributor::load(resources)?;
    let mut diag = Diagnostics::default();
    let conferences = conferences(ingest::find(&config.inputs, config.manifest.as_deref(), &mut diag)?);
    if conferences.is_empty() {
        diag.print_summary();
        return Err(no_readable_record());
    }

    let (encoder, cache) = load_encoder(config, &mut times)?;
    let classifier = load_classifier(config, &axes, &encoder, cache.as_ref(), &mut times)?;

    let mut statement_file = TableWriter::new(config.format, &config.out_dir, output::STATEMENTS);
    let mut stances = Vec::new();
    let (mut documents, mut statements, mut sentences) = (0, 0, 0);
    let mut embed = EmbedStats::default();
    for (_, sources) in conferences {
        let docs = times.time(READ_STAGE, || attributor.read_and_attribute(sources, &mut diag));
        let rows = aggregate::sentence_rows(&docs, &axes, statements as u32);
        documents += docs.len();
        statements += docs.iter().map(|d| d.statements.len()).sum::<usize>();
        sentences += rows.len();
        if rows.is_empty() {
            continue;
        }

        // Each distinct sentence is embedded and classified once, however often it occurs, a
        // chunk at a time: only the probabilities are kept, never all embeddings.
        let (unique, row_to_unique) = distinct_texts(&rows);
        let (unique_probs, stats) = times.time(EMBED_STAGE, || {
            embed_and_classify(&encoder, cache.as_ref(), classifier.as_ref(), axes.axes.len(), &unique, config.batch_size)
        })?;
        embed += stats;
        let probs: Vec<Vec<AxisProbs>> = unique_probs
            .iter()
            .map(|axis| row_to_unique.iter().map(|&u| axis[u]).collect())
            .collect();

        let mut table = times.time(AGGREGATE_STAGE, || -> Result<_> {
            let table = aggregate::statement_table(&rows, &axes, &probs)?;
            stances.push(aggregate::stance_table(&table, &axes)?);
            Ok(table)
        })?;
        times.time(WRITE_STAGE, || statement_file.write(&mut table))?;
    }
    if sentences == 0 {
        diag.print_summary();
        return Err(Error::NothingToDo(format!("{documents} record(s) read, none with any sentence")));
    }
    attributor.report_unlisted(&mut diag);

    let (mut stances, mut wide) = times.time(AGGREGATE_STAGE, || -> Result<_> {
        let stances = aggregate::concat_tables(stances)?;
        let wide = aggregate::wide_table(&stances, &axes)?;
        Ok((stances, wide))
    })?;
    let outputs = times.time(WRITE_STAGE, || -> Result<Vec<PathBuf>> {
        let mut outputs = vec![statement_file.finish()?];
        for (df, name) in [(&mut stances, output::STANCES), (&mut wide, output::STANCES_WIDE)] {
            let path = config.format.path(&config.out_dir, name);
            config.format.write(df, &path)?;
            outputs.push(path);
        }
        Ok(outputs)
    })?;

    let outcome = RunOutcome {
        documents,
        statements,
        sentences,
        classifier: classifier.describe(),
        embed,
        outputs,
        skipped: diag.skipped().len(),
        times,
        matmul_flops_per_token: encoder.matmul_flops_per_token(),
        feed_forward_shape: encoder.feed_forward_shape(),
    };
    print_summary(&outcome, &encoder, &diag);
    Ok(outcome)
}

/// Stages 1-2: read, lay out and attribute every record, conference by conference.
pub fn attribute_records(
    inputs: &[PathBuf],
    manifest: Option<&Path>,
    resources: &Resources,
    diag: &mut Diagnostics,
) -> Result<Vec<AttributedDocument>> {
    let mut attributor = ConferenceAttributor::load(resources)?;
    let mut attributed = Vec::new();
    for (_, sources) in conferences(ingest::find(inputs, manifest, diag)?) {
        attributed.extend(attributor.read_and_attribute(sources, diag));
    }
    if attributed.is_empty() {
        diag.print_summary();
        return Err(no_readable_record());
    }
    attributor.report_unlisted(diag);
    Ok(attributed)
}

/// The records grouped by conference, conferences in name order, records in id order within.
fn conferences(sources: Vec<RecordSource>) -> BTreeMap<String, Vec<RecordSource>> {
    let mut by_conference: BTreeMap<String, Vec<RecordSource>> = BTreeMap::new();
    for source in sources {
        by_conference.entry(source.conference.clone()).or_default().push(source);
    }
    by_conference
}

fn no_readable_record() -> Error {
    Error::NothingToDo("no readable .txt, .md or .pdf record among the inputs".into())
}

/// Stages 1-2 for the records of one conference at a time: attribution needs a conference's
/// records together (its participant lists say who speaks for whom), and nothing more.
struct ConferenceAttributor {
    rules: SegmentationRules,
    attributor: Attributor,
    memberships: Option<Memberships>,
    /// Groups spoken for that have no member list: reported once, after the last conference.
    unlisted: BTreeSet<String>,
}

impl ConferenceAttributor {
    fn load(resources: &Resources) -> Result<Self> {
        let rules = SegmentationRules::load(&resources.segmentation)?;
        let attributor = Attributor::load(&resources.gazetteer, &resources.attribution)?;
        let memberships = match &resources.coalitions {
            Some(path) => Some(attributor.memberships(path)?),
            None => None,
        };
        Ok(Self {
            rules,
            attributor,
            memberships,
            unlisted: BTreeSet::new(),
        })
    }

    /// Reads, lays out and attributes the records of one conference; unreadable ones are
    /// reported in `diag` and left out.
    fn read_and_attribute(&mut self, sources: Vec<RecordSource>, diag: &mut Diagnostics) -> Vec<AttributedDocument> {
        let bar = progress::bar(sources.len() as u64, "reading and segmenting");
        let laid_out: Vec<(Document, Layout)> = sources
            .into_iter()
            .filter_map(|source| {
                let doc = ingest::read(source, diag);
                bar.inc(1);
                doc
            })
            .map(|doc| {
                let layout = segment::segment(&doc.text, &self.rules);
                (doc, layout)
            })
            .collect();
        bar.finish_and_clear();

        let people = self.attributor.people(laid_out.iter().map(|(_, layout)| layout.back_matter.as_str()));
        // Each layout is dropped once its document is attributed: the documents are moved on,
        // not copied, so a large record is never held twice.
        laid_out
            .into_iter()
            .map(|(doc, layout)| {
                let mut statements = self.attributor.attribute(&doc, &layout, &people);
                if let Some(memberships) = &self.memberships {
                    statements = memberships.propagate(statements, doc.date.as_deref(), &mut self.unlisted);
                }
                AttributedDocument { statements, doc }
            })
            .collect()
    }

    fn report_unlisted(self, diag: &mut Diagnostics) {
        if let Some(memberships) = &self.memberships {
            for group in self.unlisted {
                diag.warn(
                    memberships.path(),
                    format!("no member list for {group}: its statements stay the group's; add its members to propagate them"),
                );
            }
        }
    }
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
        let chunk: Vec<&str> = indices.iter().map(|&i| texts[i]).collect();
        for (axis, answers) in probs.iter_mut().zip(classifier.classify(&chunk, embeddings)?) {
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
