//! `stance train` and `stance eval`: annotations in, heads or scores out.
//!
//! Both score what users read: the cells of the stance table. The annotated records are read and
//! attributed as a run would ([`scoring`]); a classifier's held-out answers for their sentences
//! are aggregated into cells by a [`CellRule`], and the cells compared with the truth the
//! annotations give. The rule itself is chosen by cross-validation ([`rules`]): for the
//! sentences of each fold, on the cells of the other folds (never on the fold it is scored on).

mod curve;
mod examples;
mod rules;
mod scoring;
mod sentences;

pub(super) use sentences::SENTENCE_TABLE_COLUMNS;

use super::classifier::write_heads;
use crate::axes::Axes;
use crate::classify::{Classifier, CrossValidation, Heads, HeadsMeta, ZeroShot};
use crate::config::{EvalConfig, LearnConfig, TrainConfig};
use crate::embed::Embedder;
use crate::error::{Error, Result};
use crate::evaluate::cells::{CellScores, DelegationCells, CELL_FIGURES};
use crate::evaluate::{self, AxisScores, ClassifierEval, EvalResults};
use crate::labels::{self, AnnotatedRecords, Genres};
use crate::output;
use crate::progress::Diagnostics;
use crate::resources::{self, locate};
use crate::segment::SegmentationRules;
use crate::train::{folds, Learner, CLASS_WEIGHTS};
use crate::types::{AxisProbs, CellRule};
use examples::Examples;
use rules::{best_rule, cells_by_rule, held_out_cells, nested_cells, MACRO_F1_TOLERANCE};
use scoring::Scoring;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What every learning command works from: the annotations (read and checked first, so that a
/// mistake in a file is reported before the model loads), their records attributed as a run
/// would, and the annotated sentences embedded.
struct Learning {
    axes: Axes,
    data: Examples,
    records: AnnotatedRecords,
    genres: Genres,
    embedder: Embedder,
    diag: Diagnostics,
}

impl Learning {
    fn load(learn: &LearnConfig, trained_on: &[PathBuf]) -> Result<Self> {
        let axes = super::load_axes(&learn.resources.axes)?;
        let mut diag = Diagnostics::default();
        let rules = SegmentationRules::load(&learn.resources.segmentation)?;
        let read = Examples::read(&learn.labels, trained_on, &axes, &rules, &mut diag)?;
        let docs: BTreeSet<String> = read.0[..read.1].iter().map(|s| s.doc.clone()).collect();
        let records = AnnotatedRecords::load(&docs, &learn.labels.records, &learn.resources, &mut diag)?;
        let genres = Genres::load(&locate(resources::GENRES))?;
        let embedder = Embedder::load(&learn.encoder)?;
        let data = Examples::embed(read, &embedder, &genres)?;
        Ok(Learning {
            axes,
            data,
            records,
            genres,
            embedder,
            diag,
        })
    }

    /// The scored records laid out for cells.
    fn scoring(&self) -> Scoring<'_> {
        Scoring::new(&self.records, &self.data, &self.axes, &self.genres)
    }
}

/// A classifier's held-out answers for the scored sentences, with its cells and the rules that
/// decided them (see [`held_out_cells`]), turned into its figures.
fn score_classifier(
    name: &str,
    predictions: &[Vec<AxisProbs>],
    data: &Examples,
    scoring: &Scoring,
    (cells, rules): (Vec<DelegationCells>, Vec<CellRule>),
) -> ClassifierEval {
    let (sentences, sentences_by_record) = scoring.sentence_scores(data, predictions);
    ClassifierEval {
        name: name.to_string(),
        sentences,
        sentences_by_record,
        cells,
        rules,
    }
}

/// The cross-validation fold of every scored example and delegation.
struct CellFolds {
    k: usize,
    of_example: Vec<usize>,
    of_delegation: Vec<usize>,
}

impl CellFolds {
    fn new(data: &Examples, scoring: &Scoring, k: usize, seed: u64) -> Result<Self> {
        let delegation_records = scoring.delegation_records();
        let of_example = folds::grouped_folds(&data.record_groups(&delegation_records), k, seed)?;
        let of_doc: HashMap<&str, usize> = data.scored().iter().map(|s| s.doc.as_str()).zip(of_example.iter().copied()).collect();
        // A delegation's records share a fold (`record_groups`): its first one's is all of theirs.
        let of_delegation = delegation_records.iter().map(|docs| of_doc.get(docs[0].as_str()).copied().unwrap_or(0)).collect();
        Ok(CellFolds {
            k,
            of_example,
            of_delegation,
        })
    }
}

/// `stance eval`: the comparison of the classifiers, or with `--learning-curve` the simulation
/// of annotation.
pub fn eval(config: &EvalConfig) -> Result<()> {
    refuse_inputs_in_out(config)?;
    match config.learning_curve {
        Some(steps) => curve::learning_curve(config, steps).map(drop),
        None => compare(config).map(drop),
    }
}

/// `stance eval` writes its tables into `--out` and removes an `eval_unannotated.csv` an earlier
/// evaluation left there once nothing is unannotated: an annotation file in that folder would be
/// written over or removed (the list of unannotated sentences, filled in and passed back as
/// --labels as its fix said, was removed). Refused before anything is read.
fn refuse_inputs_in_out(config: &EvalConfig) -> Result<()> {
    let Ok(out) = std::fs::canonicalize(&config.learn.out_dir) else {
        return Ok(()); // not there yet, so nothing is in it
    };
    let labels = &config.learn.labels;
    let mut inputs = labels.scored.iter().chain(&labels.also_train).chain(&config.train_on);
    let in_out = |file: &&PathBuf| std::fs::canonicalize(file).is_ok_and(|file| file.parent() == Some(out.as_path()));
    match inputs.find(in_out) {
        Some(file) => Err(Error::Usage {
            what: format!(
                "{} is in --out {}, whose files `stance eval` writes over or removes",
                file.display(),
                config.learn.out_dir.display()
            ),
            fix: "move it out of that folder first (a filled-in eval_unannotated.csv to data/labels/, under a name of its \
                  own) and pass it from there"
                .into(),
        }),
        None => Ok(()),
    }
}

/// Trained heads, heads on the embedding alone, the TF-IDF baseline and zero-shot, scored on the
/// same held-out records: cells first, then sentences.
fn compare(config: &EvalConfig) -> Result<EvalResults> {
    let EvalConfig { learn, train_on, fold_seed, .. } = config;
    output::prepare_out_dir(&learn.out_dir)?;
    let learning = Learning::load(learn, train_on)?;
    let (data, axes, scoring) = (&learning.data, &learning.axes, learning.scoring());
    let folds = match train_on.is_empty() {
        true => Some(CellFolds::new(data, &scoring, learn.settings.folds, *fold_seed)?),
        false => None,
    };

    let mut classifiers = Vec::new();
    let mut sentence_table = None;
    for learner in [Learner::SHIPPED, Learner::Embeddings, Learner::TfIdf] {
        eprintln!("{}: fitting ...", learner.name());
        let fold_of = folds.as_ref().map(|f| (f.of_example.as_slice(), f.k));
        let predictions = data.held_out(axes, learner, fold_of, learn.settings.l2)?;
        if learner == Learner::SHIPPED {
            let fold_of = folds.as_ref().map(|f| f.of_example.as_slice());
            sentence_table = Some(sentences::sentence_table(axes, data, &scoring, &learning.genres, fold_of, &predictions)?);
        }
        let cells = held_out_cells(&scoring, axes, &predictions, folds.as_ref())?;
        classifiers.push(score_classifier(learner.name(), &predictions, data, &scoring, cells));
    }
    let zero_shot = ZeroShot::embed_examples(axes, &learning.embedder)?;
    let scored_rows = data.embeddings.slice(ndarray::s![..data.scored, ..]).to_owned();
    let scored_texts: Vec<&str> = data.scored().iter().map(|s| s.text.as_str()).collect();
    let predictions = zero_shot.classify(&scored_texts, &scored_rows)?;
    let cells = held_out_cells(&scoring, axes, &predictions, folds.as_ref())?;
    classifiers.push(score_classifier("zero-shot", &predictions, data, &scoring, cells));

    let how = match &folds {
        Some(f) => {
            let seed = if *fold_seed == 0 { String::new() } else { format!(" (fold seed {fold_seed})") };
            format!("{}-fold cross-validation grouped by record{seed}", f.k)
        }
        None => format!("trained on {}", describe_files(train_on)),
    };
    let results = EvalResults { classifiers };
    println!(
        "{} scored sentence(s) in {} record(s), {}; {} more trained on only",
        data.scored,
        learning.records.docs.len(),
        how,
        data.sentences.len() - data.scored
    );
    report_coverage(&scoring, data, axes, Some(&learn.out_dir.join(EVAL_UNANNOTATED_CSV)))?;
    print!("{}", evaluate::cell_table(&results.classifiers));
    print!("\n{}", evaluate::stated_table(&results.classifiers));
    print!("\n{}", evaluate::comparison_table(axes, &results.classifiers));
    println!("\n{} (cells per genre and pole):", results.classifiers[0].name);
    print!("{}", evaluate::pole_table(&evaluate::poles::by_genre_and_pole(axes, &results.classifiers[0].cells)));
    println!("\n{} (sentences):", results.classifiers[0].name);
    print!("{}", evaluate::table(axes, &results.classifiers[0].sentences));
    let frames = evaluate::frames(axes, &results.classifiers)?;
    for (mut df, file) in frames.into_iter().chain(sentence_table.map(|df| (df, sentences::EVAL_SENTENCES_CSV))) {
        let path = learn.out_dir.join(file);
        output::write_csv(&mut df, &path)?;
        eprintln!("wrote {}", path.display());
    }
    learning.diag.print_summary();
    Ok(results)
}

/// `stance train`: cross-validates the heads and chooses their cell rule, fits them on all
/// annotations and writes them with the rule and what the cross-validation measured.
pub fn train(config: &TrainConfig) -> Result<Heads> {
    output::refuse_file_as_out_dir(&config.out_dir)?;
    let learning = Learning::load(config, &[])?;
    let (data, axes, scoring) = (&learning.data, &learning.axes, learning.scoring());
    let (labels, encoder) = (&config.labels, &learning.embedder.encoder);
    let settings = config.settings;
    let folds = CellFolds::new(data, &scoring, settings.folds, 0)?;

    eprintln!("cross-validating ({} folds, grouped by record) ...", folds.k);
    let predictions = data.held_out(axes, Learner::SHIPPED, Some((&folds.of_example, folds.k)), settings.l2)?;
    let by_rule = cells_by_rule(&scoring, axes, &predictions)?;
    let held_out = score_classifier(Learner::SHIPPED.name(), &predictions, data, &scoring, nested_cells(&by_rule, &folds));
    let cell_rule = best_rule(&by_rule, |_| true).rule;
    report_coverage(&scoring, data, axes, None)?;
    let poles = evaluate::poles::by_genre_and_pole(axes, &held_out.cells);
    print!("{}", evaluate::cell_table(std::slice::from_ref(&held_out)));
    print!("{}", evaluate::pole_table(&poles));
    print!("{}", evaluate::table(axes, &held_out.sentences));
    println!("cell rule (chosen on all held-out cells): {cell_rule}");

    eprintln!("fitting on all {} sentences ...", data.sentences.len());
    let all: Vec<usize> = (0..data.sentences.len()).collect();
    let model = Learner::SHIPPED.fit(&data.training_set(axes), &all, settings.l2)?;
    let scores = &held_out.sentences;
    let named = |f: fn(&AxisScores) -> f64| axes.names().iter().zip(scores).map(|(a, s)| (a.to_string(), f(s))).collect();
    let cell_figures = CellScores::new(&held_out.cells);
    let meta = HeadsMeta {
        encoder_sha256: encoder.digest().to_string(),
        pooled_layers: encoder.spec().layers.clone(),
        training_data_sha256: labels::digest(&data.sentences, axes),
        label_files: labels.scored.iter().chain(&labels.also_train).map(|p| p.display().to_string()).collect(),
        sentences: data.sentences.len(),
        label_counts: data.label_counts(axes),
        training_weights: learning.genres.training_weights().clone(),
        method: format!(
            "multinomial logistic regression (argmin's L-BFGS, linfa-logistic's objective) on {} ({} \
             embeddings, layers {:?} mean-pooled side by side, scaled to unit length); L2 alpha {}; {} \
             times its genre's training weight; cell rule chosen among {} on the held-out cells: of \
             those within {} of the best cell macro-F1, the one stating the fewest wrong cells",
            model.features.describe(),
            encoder.description(),
            &encoder.spec().layers,
            settings.l2,
            CLASS_WEIGHTS,
            by_rule.len(),
            MACRO_F1_TOLERANCE
        ),
        cross_validation: CrossValidation {
            folds: folds.k,
            documents: data.scored().iter().map(|s| s.doc.as_str()).collect::<HashSet<_>>().len(),
            sentences: data.scored,
            macro_f1: named(AxisScores::macro_f1),
            ece: named(|s| s.ece),
            cells: CELL_FIGURES.iter().map(|(name, figure)| (name.to_string(), figure(&cell_figures))).collect(),
            poles,
        },
    };
    let mut heads = Heads {
        model,
        meta,
        cell_rule,
        source: PathBuf::new(),
    };
    heads.source = write_heads(&heads, &config.out_dir, axes)?;
    eprintln!("wrote {}", heads.source.display());
    learning.diag.print_summary();
    Ok(heads)
}

/// Where `stance eval` lists the in-scope sentences that keep records out of the cell figures.
pub const EVAL_UNANNOTATED_CSV: &str = "eval_unannotated.csv";

/// Says what the scope gate does to the annotations, and which records' cells were left out:
/// listed in `listed_in` (an annotation file whose labels are left empty), when given.
fn report_coverage(scoring: &Scoring, data: &Examples, axes: &Axes, listed_in: Option<&Path>) -> Result<()> {
    println!("{}", scoring.scope_effect(data));
    let Some(first) = scoring.unannotated.first() else {
        // A list left by an earlier run in the same folder would name sentences now annotated.
        if let Some(path) = listed_in {
            match std::fs::remove_file(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::Output { path: path.to_path_buf(), source: e });
                }
                _ => {}
            }
        }
        return Ok(());
    };
    let records: BTreeSet<&str> = scoring.unannotated.iter().map(|s| s.doc.as_str()).collect();
    let fix = match listed_in {
        Some(path) => {
            let rows: Vec<labels::LabelRow> = scoring
                .unannotated
                .iter()
                .flat_map(|s| {
                    axes.axes.iter().map(|axis| labels::LabelRow {
                        conference: &s.conference,
                        doc: &s.doc,
                        delegation: &s.delegation,
                        sentence: &s.text,
                        axis: &axis.name,
                        label: "",
                    })
                })
                .collect();
            labels::write_labels(path, &rows)?;
            format!(
                "they are listed in {} with their labels left empty: read each in its record, fill in the labels \
                 by the codebook, move the file out of that folder (to data/labels/, under a name of its own) and pass \
                 it with the other --labels",
                path.display()
            )
        }
        None => format!("`stance eval` lists them in {EVAL_UNANNOTATED_CSV}"),
    };
    eprintln!(
        "{} record(s) left out of the cell figures: {} of their in-scope sentences are not annotated (e.g. {})\n  fix: {fix}",
        records.len(),
        scoring.unannotated.len(),
        first.doc
    );
    Ok(())
}

fn describe_files(files: &[PathBuf]) -> String {
    files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}
