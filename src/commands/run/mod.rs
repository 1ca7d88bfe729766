//! `stance run`: records in, stance tables out. This file only decides the order of the stages;
//! each stage's work is in its own module, what a run refuses before reading is in `checks` and
//! what it prints when done in `summary`.

mod checks;
mod summary;

use super::classifier;
use checks::{check_coalitions_file, check_columns, no_readable_record};
use summary::print_summary;
use crate::aggregate::{self, StatedCount};
use crate::attribute::ConferenceAttributor;
use crate::classify::classify_texts;
use crate::config::RunConfig;
use crate::embed::{EmbedStats, Embedder};
use crate::error::{Error, Result, SEE_THE_WARNINGS};
use crate::ingest;
use crate::output::folder::{EarlierOutputs, Writer};
use crate::output::{self, column, InputNote, RunProvenance, Staged, TableWriter};
use crate::progress::{self, Diagnostics};
use crate::scope;
use crate::timing::StageTimes;
use crate::types::{AxisProbs, SentenceRow};
use std::collections::HashMap;
use std::path::PathBuf;

/// What a run produced, for the caller's summary and for `stance bench`.
#[derive(Debug)]
pub struct RunOutcome {
    /// What the tables were made from and with (the encoder, the classifier, the cell rule) and
    /// the counts of records, statements, sentences in scope and stated cells: `run.json`.
    pub provenance: RunProvenance,
    /// The records' text, in bytes (UTF-8), for throughput.
    pub bytes: usize,
    /// Sentence rows classified (those in scope, or all with `--all-sentences`).
    pub classified: usize,
    pub embed: EmbedStats,
    pub outputs: Vec<PathBuf>,
    /// The files of an earlier run and of its report that this run did not write again, removed
    /// from the output folder (see [`EarlierOutputs`]).
    pub removed: Vec<PathBuf>,
    pub times: StageTimes,
    /// The encoder's arithmetic per token and its feed-forward shape (for `stance bench`).
    pub matmul_flops_per_token: f64,
    pub feed_forward_shape: (i64, i64),
}

/// The stages of a run, as `stance bench` lists them. The last four repeat for every
/// conference; their times add up.
pub const LOAD_STAGE: &str = "load and verify the encoder";
pub const CLASSIFIER_STAGE: &str = "load the classifier";
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
    check_coalitions_file(config)?;
    let axes = super::load_axes(&config.resources.axes)?;
    let attributor = ConferenceAttributor::load(&config.resources)?;
    let mut diag = Diagnostics::default();
    let records = ingest::find(&config.inputs, config.manifest.as_deref(), &mut diag)?;
    let bar = progress::run_bar(records.sources.len() as u64);
    let mut attributor = attributor.with_progress(bar.clone());
    check_columns(config, &axes, records.manifest.as_deref(), &records.extra_columns)?;
    let extra_columns = records.extra_columns;
    let records_manifest = records.manifest;
    let conferences = ingest::by_conference(records.sources);
    if conferences.is_empty() {
        diag.print_summary();
        return Err(no_readable_record(&config.inputs, config.manifest.as_deref(), &diag));
    }
    // (only now: an input mistyped leaves no empty output folder behind)
    output::prepare_out_dir(&config.out_dir)?;
    let earlier = EarlierOutputs::in_folder(&config.out_dir, &axes.names())?;

    let embedder = times.time(LOAD_STAGE, || Embedder::load(&config.encoder))?;
    let classifier::Loaded { classifier, cell_rule, heads_sha256, held_out_poles } =
        times.time(CLASSIFIER_STAGE, || classifier::load(&config.classifier, &axes, &embedder))?;

    let mut statement_file = TableWriter::new(config.format, &config.out_dir, column::STATEMENTS);
    let mut stances = Vec::new();
    let mut grouped = Vec::new();
    let (mut documents, mut bytes, mut statements, mut sentences, mut in_scope, mut classified) = (0, 0, 0, 0, 0, 0);
    // Statement numbers run through the whole run, copies included, so that each is unique.
    let mut numbered = 0;
    let mut unattributed = 0;
    let mut mostly_unattributed = Vec::new();
    let mut embed = EmbedStats::default();
    for (_, sources) in conferences {
        let docs = times.time(READ_STAGE, || attributor.read_and_attribute(sources, &mut diag));
        let rows = scope::sentence_rows(&docs, &axes, numbered as u32);
        numbered += docs.iter().map(|d| d.statements.len()).sum::<usize>();
        documents += docs.len();
        bytes += docs.iter().map(|d| d.doc.text.len()).sum::<usize>();
        // Each statement and sentence once: a coalition member's copy is not one more.
        statements += docs.iter().flat_map(|d| &d.statements).filter(|s| !s.is_propagated_copy()).count();
        let original = |row: &&SentenceRow| !row.statement.is_propagated_copy();
        sentences += rows.iter().filter(original).count();
        if rows.is_empty() {
            continue;
        }

        in_scope += rows.iter().filter(original).filter(|row| row.in_scope).count();
        for record in scope::coverage(&rows) {
            unattributed += record.unattributed;
            if record.mostly_unattributed() {
                mostly_unattributed.push(InputNote {
                    file: record.doc.source.path.display().to_string(),
                    note: format!("{} of {} sentences in scope", record.unattributed, record.in_scope),
                });
            }
        }
        bar.set_message(format!("{sentences} sentences, {in_scope} in scope"));

        // Only the sentences that can count are embedded and classified (every one with
        // --all-sentences), each distinct text once, however often it occurs.
        let (unique, row_to_unique) = distinct_texts(&rows, |row| row.in_scope || config.all_sentences);
        classified += rows.iter().zip(&row_to_unique).filter(|(row, unique)| unique.is_some() && original(row)).count();
        let (unique_probs, stats) =
            times.time(EMBED_STAGE, || classify_texts(&embedder, classifier.as_ref(), axes.axes.len(), &unique))?;
        embed += stats;
        let probs: Vec<Vec<Option<AxisProbs>>> = unique_probs
            .iter()
            .map(|axis| row_to_unique.iter().map(|u| u.map(|u| axis[u])).collect())
            .collect();

        let mut table = times.time(AGGREGATE_STAGE, || -> Result<_> {
            let table = aggregate::statement_table(&rows, &axes, &extra_columns, &probs)?;
            stances.push(aggregate::stance_table(&table, &axes, &cell_rule)?);
            if let Some(group) = &config.group_by {
                grouped.push(aggregate::group_stance_table(&table, &axes, &cell_rule, group)?);
            }
            Ok(table)
        })?;
        times.time(WRITE_STAGE, || statement_file.write(&mut table))?;
    }
    bar.finish_and_clear();
    if sentences == 0 {
        diag.print_summary();
        return Err(Error::nothing_to_do(format!("{documents} record(s) read, none with any sentence"), SEE_THE_WARNINGS));
    }
    attributor.report_unlisted(&mut diag);

    let (stances, wide, grouped) = times.time(AGGREGATE_STAGE, || -> Result<_> {
        let stances = aggregate::concat_tables(stances)?;
        let wide = aggregate::wide_table(&stances, &axes)?;
        let grouped = match &config.group_by {
            Some(group) => Some((column::stances_by(group), aggregate::concat_tables(grouped)?)),
            None => None,
        };
        Ok((stances, wide, grouped))
    })?;
    let stated = StatedCount::of(&stances)?;
    // Every file written whole before any is put in place: a run that fails here leaves the
    // earlier run's files as they were, not new tables beside its run.json and report.
    let mut staged = times.time(WRITE_STAGE, || -> Result<Vec<Staged>> {
        let mut staged = vec![statement_file.stage()?];
        let tables = [(column::STANCES.to_string(), stances), (column::STANCES_WIDE.to_string(), wide)];
        for (name, mut df) in tables.into_iter().chain(grouped) {
            staged.push(config.format.stage(&mut df, &config.format.path(&config.out_dir, &name))?);
        }
        Ok(staged)
    })?;
    mostly_unattributed.sort();
    let provenance = RunProvenance {
        stance: env!("CARGO_PKG_VERSION").to_string(),
        inputs: config.inputs.iter().map(|p| p.display().to_string()).collect(),
        manifest: records_manifest.map(|p| p.display().to_string()),
        coalitions: config.resources.coalitions.as_ref().map(|p| p.display().to_string()),
        encoder: embedder.encoder.description().to_string(),
        classifier: classifier.describe(),
        axes: axes.names().into_iter().map(String::from).collect(),
        heads_sha256,
        cell_rule,
        held_out_poles,
        records: documents,
        statements,
        sentences,
        sentences_in_scope: in_scope,
        sentences_in_scope_unattributed: unattributed,
        records_mostly_unattributed: mostly_unattributed,
        cells_stated: stated.stated,
        cells_on_weak_evidence: stated.weak,
        skipped: InputNote::sorted(diag.skipped()),
        warnings: InputNote::sorted(diag.warnings()),
        tables: staged.iter().map(Staged::file_name).collect(),
    };
    let outputs = times.time(WRITE_STAGE, || -> Result<Vec<PathBuf>> {
        staged.push(provenance.stage(&config.out_dir)?);
        staged.into_iter().map(Staged::commit).collect()
    })?;
    // The earlier report drew the earlier tables: it goes too.
    let removed = earlier.remove_unwritten(&[Writer::Run, Writer::Report], &outputs)?;

    let outcome = RunOutcome {
        provenance,
        bytes,
        classified,
        embed,
        outputs,
        removed,
        times,
        matmul_flops_per_token: embedder.encoder.matmul_flops_per_token(),
        feed_forward_shape: embedder.encoder.feed_forward_shape(),
    };
    print_summary(&outcome, &diag);
    Ok(outcome)
}

/// The distinct texts of the `rows` to classify (first-seen order) and, per row, the index of
/// its text, `None` for a row not classified.
fn distinct_texts<'a>(
    rows: &[SentenceRow<'a>],
    classify: impl Fn(&SentenceRow) -> bool,
) -> (Vec<&'a str>, Vec<Option<usize>>) {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut unique = Vec::new();
    let map = rows
        .iter()
        .map(|row| {
            classify(row).then(|| {
                let text = row.sentence.text.as_str();
                *index.entry(text).or_insert_with(|| {
                    unique.push(text);
                    unique.len() - 1
                })
            })
        })
        .collect();
    (unique, map)
}

