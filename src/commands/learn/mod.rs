//! `stance train` and `stance eval`: annotations in, heads or scores out.

use super::classifier::write_heads;
use crate::axes::Axes;
use crate::classify::{Classifier, CrossValidation, Heads, HeadsMeta, ZeroShot};
use crate::config::{EvalConfig, LabelFiles, TrainConfig, TrainSettings};
use crate::embed::Embedder;
use crate::error::{Error, Result};
use crate::evaluate::{self, AxisScores, EvalResults};
use crate::labels::{self, LabelledSentence};
use crate::output;
use crate::progress::{self, Diagnostics};
use crate::segment::SegmentationRules;
use crate::train::{folds, Learner, TrainingSet};
use crate::types::{AxisProbs, Side};
use ndarray::Array2;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

/// The annotations of a training or evaluation, embedded: first the sentences that are scored,
/// then those only trained on.
struct Annotations {
    sentences: Vec<LabelledSentence>,
    scored: usize,
    embeddings: Array2<f32>,
}

impl Annotations {
    /// Reads the annotations: the sentences, scored ones first, and how many are scored.
    /// `files.scored` and `trained_on` annotate real records and are checked against them;
    /// `files.also_train` need not. A sentence both scored and trained on counts as scored
    /// only. Done before the model is loaded, so that a mistake in a file is reported at once.
    fn read(
        files: &LabelFiles,
        trained_on: &[PathBuf],
        axes: &Axes,
        rules: &SegmentationRules,
        diag: &mut Diagnostics,
    ) -> Result<(Vec<LabelledSentence>, usize)> {
        let mut from_records = |paths: &[PathBuf]| -> Result<Vec<LabelledSentence>> {
            Ok(labels::keep_found(labels::read_labels(paths, axes)?, &files.records, rules, diag))
        };
        let mut sentences = from_records(&files.scored)?;
        let trained_on = from_records(trained_on)?;
        if sentences.is_empty() {
            return Err(Error::NothingToDo(if diag.warnings().is_empty() {
                "the label files hold no sentence".into()
            } else {
                "no annotation of --labels was found in its record (see the warnings above)".into()
            }));
        }
        let n_scored = sentences.len();
        let seen: HashSet<(String, String)> = sentences.iter().map(|s| (s.doc.clone(), s.text.clone())).collect();
        let train_only = trained_on.into_iter().chain(labels::read_labels(&files.also_train, axes)?);
        sentences.extend(train_only.filter(|s| !seen.contains(&(s.doc.clone(), s.text.clone()))));
        Ok((sentences, n_scored))
    }

    /// Embeds what [`Annotations::read`] returned.
    fn embed((sentences, scored): (Vec<LabelledSentence>, usize), embedder: &Embedder) -> Result<Self> {
        let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
        let (embeddings, _) = embedder.embed_all(&texts)?;
        Ok(Annotations {
            sentences,
            scored,
            embeddings,
        })
    }

    fn training_set<'a>(&'a self, axes: &'a Axes) -> TrainingSet<'a> {
        TrainingSet {
            axis_names: axes.names(),
            texts: self.sentences.iter().map(|s| s.text.as_str()).collect(),
            labels: self.sentences.iter().map(|s| s.labels.as_slice()).collect(),
            embeddings: &self.embeddings,
        }
    }

    fn scored(&self) -> &[LabelledSentence] {
        &self.sentences[..self.scored]
    }

    /// Predictions for the scored sentences by `learner`, each from a model that never saw the
    /// sentence's document: by document-grouped cross-validation (`folds`), or, with `folds`
    /// `None`, by one model trained on the train-only sentences.
    fn held_out(&self, axes: &Axes, learner: Learner, folds: Option<usize>, l2: f64) -> Result<Vec<Vec<AxisProbs>>> {
        let data = self.training_set(axes);
        let train_only: Vec<usize> = (self.scored..self.sentences.len()).collect();
        match folds {
            Some(k) => {
                let groups: Vec<&str> = self.scored().iter().map(|s| s.doc.as_str()).collect();
                let fold_of = folds::grouped_folds(&groups, k)?;
                let bar = progress::bar(k as u64, &format!("{}: {k}-fold cross-validation", learner.name()));
                let predictions = folds::out_of_fold(&fold_of, k, |train, test| {
                    let train: Vec<usize> = train.iter().chain(&train_only).copied().collect();
                    let predicted = learner.fit_predict(&data, &train, test, l2);
                    bar.inc(1);
                    predicted
                });
                bar.finish_and_clear();
                predictions
            }
            None => {
                let scored: Vec<usize> = (0..self.scored).collect();
                learner.fit_predict(&data, &train_only, &scored, l2)
            }
        }
    }

    /// Per axis, the scores of `predictions` (for the scored sentences) against their labels.
    fn score(&self, predictions: &[Vec<AxisProbs>]) -> Vec<AxisScores> {
        predictions
            .iter()
            .enumerate()
            .map(|(axis, probs)| {
                let pairs: Vec<(Side, AxisProbs)> = self
                    .scored()
                    .iter()
                    .zip(probs)
                    .filter_map(|(sentence, &p)| sentence.labels[axis].map(|gold| (gold, p)))
                    .collect();
                AxisScores::new(&pairs)
            })
            .collect()
    }

    /// Sentences per axis and label.
    fn label_counts(&self, axes: &Axes) -> BTreeMap<String, BTreeMap<String, usize>> {
        axes.axes
            .iter()
            .enumerate()
            .map(|(i, axis)| {
                let mut counts: BTreeMap<String, usize> =
                    Side::ALL.iter().map(|&side| (axis.label(side).to_string(), 0)).collect();
                for side in self.sentences.iter().filter_map(|s| s.labels[i]) {
                    *counts.entry(axis.label(side).to_string()).or_default() += 1;
                }
                (axis.name.clone(), counts)
            })
            .collect()
    }
}

/// `stance eval`: trained heads, the TF-IDF baseline and zero-shot, scored on the same
/// held-out sentences.
pub fn eval(config: &EvalConfig) -> Result<EvalResults> {
    let EvalConfig { learn, train_on } = config;
    let axes = Axes::load(&learn.resources.axes)?;
    output::prepare_out_dir(&learn.out_dir)?;
    let mut diag = Diagnostics::default();
    let rules = SegmentationRules::load(&learn.resources.segmentation)?;
    let read = Annotations::read(&learn.labels, train_on, &axes, &rules, &mut diag)?;
    let embedder = Embedder::load(&learn.encoder)?;
    let data = Annotations::embed(read, &embedder)?;
    let folds = train_on.is_empty().then_some(learn.settings.folds);

    let mut classifiers = Vec::new();
    for learner in [Learner::SHIPPED, Learner::Embeddings, Learner::TfIdf] {
        eprintln!("{}: fitting ...", learner.name());
        let predictions = data.held_out(&axes, learner, folds, learn.settings.l2)?;
        classifiers.push((learner.name().to_string(), data.score(&predictions)));
    }
    let zero_shot = ZeroShot::embed_examples(&axes, &embedder)?;
    let scored_rows = data.embeddings.slice(ndarray::s![..data.scored, ..]).to_owned();
    let scored_texts: Vec<&str> = data.scored().iter().map(|s| s.text.as_str()).collect();
    classifiers.push(("zero-shot".to_string(), data.score(&zero_shot.classify(&scored_texts, &scored_rows)?)));

    let how = match folds {
        Some(k) => format!("{k}-fold cross-validation grouped by document"),
        None => format!("trained on {}", describe_files(train_on)),
    };
    println!("{} scored sentence(s), {}; {} more trained on only", data.scored, how, data.sentences.len() - data.scored);
    print!("{}", evaluate::comparison_table(&axes, &classifiers));
    println!("\n{}:", classifiers[0].0);
    print!("{}", evaluate::table(&axes, &classifiers[0].1));
    let results = EvalResults { classifiers };
    for (mut df, file) in evaluate::frames(&axes, &results.classifiers)? {
        let path = learn.out_dir.join(file);
        output::write_csv(&mut df, &path)?;
        eprintln!("wrote {}", path.display());
    }
    diag.print_summary();
    Ok(results)
}

/// `stance train`: cross-validates the heads, fits them on all annotations and writes them.
pub fn train(config: &TrainConfig) -> Result<Heads> {
    let axes = Axes::load(&config.resources.axes)?;
    let labels = &config.labels;
    let mut diag = Diagnostics::default();
    let rules = SegmentationRules::load(&config.resources.segmentation)?;
    let read = Annotations::read(labels, &[], &axes, &rules, &mut diag)?;
    let embedder = Embedder::load(&config.encoder)?;
    let encoder = &embedder.encoder;
    let data = Annotations::embed(read, &embedder)?;
    let TrainSettings { folds, l2 } = config.settings;

    eprintln!("cross-validating ({folds} folds, grouped by document) ...");
    let scores = data.score(&data.held_out(&axes, Learner::SHIPPED, Some(folds), l2)?);
    print!("{}", evaluate::table(&axes, &scores));

    eprintln!("fitting on all {} sentences ...", data.sentences.len());
    let all: Vec<usize> = (0..data.sentences.len()).collect();
    let model = Learner::SHIPPED.fit(&data.training_set(&axes), &all, l2)?;
    let named = |f: fn(&AxisScores) -> f64| axes.names().iter().zip(&scores).map(|(a, s)| (a.to_string(), f(s))).collect();
    let meta = HeadsMeta {
        encoder_sha256: encoder.digest().to_string(),
        training_data_sha256: labels::digest(&data.sentences, &axes),
        label_files: labels.scored.iter().chain(&labels.also_train).map(|p| p.display().to_string()).collect(),
        sentences: data.sentences.len(),
        label_counts: data.label_counts(&axes),
        method: format!(
            "multinomial logistic regression (linfa-logistic, L-BFGS) on {} ({} embeddings); \
             L2 alpha {l2}; each sentence repeated round(sqrt(largest class / its class)) times",
            model.features.describe(),
            encoder.description()
        ),
        cross_validation: CrossValidation {
            folds,
            documents: data.scored().iter().map(|s| s.doc.as_str()).collect::<HashSet<_>>().len(),
            sentences: data.scored,
            macro_f1: named(AxisScores::macro_f1),
            ece: named(|s| s.ece),
        },
    };
    let mut heads = Heads {
        model,
        meta,
        source: PathBuf::new(),
    };
    heads.source = write_heads(&heads, &config.out_dir, &axes)?;
    eprintln!("wrote {}", heads.source.display());
    diag.print_summary();
    Ok(heads)
}

fn describe_files(files: &[PathBuf]) -> String {
    files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}
