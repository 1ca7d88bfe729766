//! `stance run`: records in, stance tables out. This file only decides the order of the stages;
//! each stage's work is in its own module.

use super::classifier;
use crate::aggregate;
use crate::attribute::ConferenceAttributor;
use crate::axes::Axes;
use crate::classify::classify_texts;
use crate::config::RunConfig;
use crate::embed::{EmbedStats, Embedder};
use crate::error::{Error, Result};
use crate::ingest;
use crate::output::{self, column, TableWriter};
use crate::progress::Diagnostics;
use crate::scope;
use crate::timing::StageTimes;
use crate::types::{AxisProbs, SentenceRow};
use std::collections::HashMap;
use std::path::PathBuf;

/// What a run produced, for the caller's summary and for `stance bench`.
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

/// `stance run`.
///
/// The records are processed one conference at a time (a delegation's stance is per
/// conference, and so is attribution): read and attributed, laid out as sentence rows with
/// their scope, embedded and classified, and aggregated; then the conference's statement rows
/// are appended to the statement table on disk and only its stance rows are kept. Memory is
/// bounded by the largest conference, not by the corpus.
pub fn run(config: &RunConfig) -> Result<RunOutcome> {
    let mut times = StageTimes::default();
    // Cheap checks first, so that a mistake in a config file is reported before any real work.
    let axes = Axes::load(&config.resources.axes)?;
    output::prepare_out_dir(&config.out_dir)?;
    let mut attributor = ConferenceAttributor::load(&config.resources)?;
    let mut diag = Diagnostics::default();
    let conferences = ingest::by_conference(ingest::find(&config.inputs, config.manifest.as_deref(), &mut diag)?);
    if conferences.is_empty() {
        diag.print_summary();
        return Err(no_readable_record());
    }

    let embedder = times.time("load and verify the encoder", || Embedder::load(&config.encoder))?;
    let classifier = times.time("load the classifier", || classifier::load(&config.classifier, &axes, &embedder))?;

    let mut statement_file = TableWriter::new(config.format, &config.out_dir, column::STATEMENTS);
    let mut stances = Vec::new();
    let (mut documents, mut statements, mut sentences) = (0, 0, 0);
    let mut embed = EmbedStats::default();
    for (_, sources) in conferences {
        let docs = times.time(READ_STAGE, || attributor.read_and_attribute(sources, &mut diag));
        let rows = scope::sentence_rows(&docs, &axes, statements as u32);
        documents += docs.len();
        statements += docs.iter().map(|d| d.statements.len()).sum::<usize>();
        sentences += rows.len();
        if rows.is_empty() {
            continue;
        }

        // Each distinct sentence is embedded and classified once, however often it occurs.
        let (unique, row_to_unique) = distinct_texts(&rows);
        let (unique_probs, stats) =
            times.time(EMBED_STAGE, || classify_texts(&embedder, classifier.as_ref(), axes.axes.len(), &unique))?;
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
        for (df, name) in [(&mut stances, column::STANCES), (&mut wide, column::STANCES_WIDE)] {
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
        matmul_flops_per_token: embedder.encoder.matmul_flops_per_token(),
        feed_forward_shape: embedder.encoder.feed_forward_shape(),
    };
    print_summary(&outcome, &embedder, &diag);
    Ok(outcome)
}

fn no_readable_record() -> Error {
    Error::NothingToDo("no readable .txt, .md or .pdf record among the inputs".into())
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

fn print_summary(outcome: &RunOutcome, embedder: &Embedder, diag: &Diagnostics) {
    eprintln!(
        "read {} record(s): {} statement(s), {} sentence(s)\n\
         encoder: {}; {} sentence(s) embedded, {} from the cache\n\
         classifier: {}",
        outcome.documents,
        outcome.statements,
        outcome.sentences,
        embedder.encoder.description(),
        outcome.embed.embedded,
        outcome.embed.from_cache,
        outcome.classifier,
    );
    for path in &outcome.outputs {
        eprintln!("wrote {}", path.display());
    }
    diag.print_summary();
}
