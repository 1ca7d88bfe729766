//! Retraining: per-axis heads fitted on annotated sentences, and the document-grouped
//! cross-validation that says how well they (and a TF-IDF baseline) do on documents they have
//! not seen.
//!
//! A head is a multinomial logistic regression with an L2 penalty ([`logistic`]: argmin's
//! L-BFGS on sparse features), on what a [`Learner`] makes of a sentence: the shipped heads
//! read its embedding and the TF-IDF of its words side by side (nested CV in
//! `notebooks/head-study` scored that above either alone).
//! The poles are rare (a few percent of sentences), so classes are weighted: every sentence of
//! a class weighs round(sqrt(largest class / its class)), as if repeated that many times. That
//! is half-way (in log terms) between no weighting and "balanced" weights, and scored better
//! than either (see `DEFAULT_L2` for the measurement). A sentence also weighs its genre's
//! training weight (`data/genres.toml`: speeches 3), so that the few first-person stances of
//! speeches are not drowned by the position papers' many (`notebooks/speech-study`).
//!
//! Invariants: a sentence trains an axis's head only if it is annotated on that axis; a head
//! always returns three probabilities (a class absent from the training data gets none).

pub mod folds;
mod logistic;

use crate::classify::{AxisHead, FeatureBatch, Features, Model, TfIdf};
use crate::error::{Error, Result};
use crate::types::{AxisProbs, Gold, Side};
use ndarray::{Array1, Array2, Axis};

/// The L2 penalty of the heads (linfa's `alpha`: the loss is summed over sentences, so this is
/// scikit-learn's 1/C); `--l2` overrides it. With the class weighting above, chosen by nested
/// document-grouped CV on the bundled annotations (inner 4 folds, a grid of C in 0.3-100 and
/// weightings none / sqrt / balanced): C = 1 with sqrt weights in 4 of the 5 outer folds, mean
/// macro-F1 over the axes 0.628 against 0.596 for the earlier alpha 0.1 with full balancing.
pub const DEFAULT_L2: f64 = 1.0;

/// How a head weighs each class's sentences against the imbalance of the annotations (the rare
/// poles against `none`), as the heads' provenance states it: keep it true to the code below.
pub const CLASS_WEIGHTS: &str = "each sentence weighted round(sqrt(largest class / its class))";

/// The logit of a class the training data never showed: its probability is zero.
const ABSENT_CLASS_LOGIT: f32 = -1e30;

/// Annotated sentences, ready to learn from: text, embedding and label per axis.
pub struct TrainingSet<'a> {
    /// The axes' names, in the order of `labels`' columns (for messages).
    pub axis_names: Vec<&'a str>,
    pub texts: Vec<&'a str>,
    /// `labels[sentence][axis]`; `None` where the sentence is not annotated on that axis.
    pub labels: Vec<&'a [Option<Gold>]>,
    /// One row per sentence.
    pub embeddings: &'a Array2<f32>,
    /// How much each sentence weighs (times its class's weight).
    pub weights: &'a [f64],
}

/// What a head learns from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Learner {
    /// The sentence embedding and TF-IDF side by side: the heads `stance train` ships.
    EmbeddingsAndTfIdf,
    /// The sentence embedding alone: what the embedding contributes.
    Embeddings,
    /// TF-IDF of words and word pairs alone: the baseline.
    TfIdf,
}

impl Learner {
    /// The heads `stance train` fits and `stance run` uses.
    pub const SHIPPED: Learner = Learner::EmbeddingsAndTfIdf;

    pub fn name(self) -> &'static str {
        match self {
            Learner::EmbeddingsAndTfIdf => "trained heads",
            Learner::Embeddings => "heads, embedding only",
            Learner::TfIdf => "TF-IDF + LR",
        }
    }

    /// Fits a head per axis on the sentences `rows` of `data` (the TF-IDF vocabulary too, from
    /// their texts alone).
    pub fn fit(self, data: &TrainingSet, rows: &[usize], l2: f64) -> Result<Model> {
        let texts: Vec<&str> = rows.iter().map(|&i| data.texts[i]).collect();
        let features = match self {
            Learner::EmbeddingsAndTfIdf => Features::EmbeddingAndTfIdf(TfIdf::fit(&texts)?),
            Learner::Embeddings => Features::Embedding,
            Learner::TfIdf => Features::TfIdf(TfIdf::fit(&texts)?),
        };
        let embeddings = data.embeddings.select(Axis(0), rows);
        let batch = features.batch(&texts, embeddings.view())?;
        let labels: Vec<&[Option<Gold>]> = rows.iter().map(|&i| data.labels[i]).collect();
        let weights: Vec<f64> = rows.iter().map(|&i| data.weights[i]).collect();
        let heads = fit_heads(&batch, &labels, &weights, &data.axis_names, l2)?;
        Ok(Model { features, heads })
    }

    /// Fits on the `train` sentences and predicts the `test` ones: `[axis][test sentence]`.
    pub fn fit_predict(self, data: &TrainingSet, train: &[usize], test: &[usize], l2: f64) -> Result<Vec<Vec<AxisProbs>>> {
        let model = self.fit(data, train, l2)?;
        let texts: Vec<&str> = test.iter().map(|&i| data.texts[i]).collect();
        model.predict(&texts, data.embeddings.select(Axis(0), test).view())
    }
}

/// One head per axis, from `features` (a row per sentence), `labels[sentence][axis]` and each
/// sentence's weight. A sentence annotated `both` trains its axis once as the left pole and once
/// as the right, so the head learns to split its probability between them. The axes are fitted
/// on threads of their own: they share nothing, and L-BFGS on one core is what makes
/// cross-validating slow.
fn fit_heads(batch: &FeatureBatch, labels: &[&[Option<Gold>]], weights: &[f64], axis_names: &[&str], l2: f64) -> Result<Vec<AxisHead>> {
    let fit_axis = |axis: usize| {
        let (rows, sides): (Vec<usize>, Vec<Side>) = labels
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l[axis].map(|gold| (i, gold)))
            .flat_map(|(i, gold)| gold.sides().iter().map(move |&side| (i, side)))
            .unzip();
        let row_weights: Vec<f64> = rows.iter().map(|&i| weights[i]).collect();
        fit_head(batch, &rows, &sides, &row_weights, l2).map_err(|e| match e {
            Error::Train(message) => Error::Train(format!("axis {}: {message}", axis_names[axis])),
            other => other,
        })
    };
    std::thread::scope(|scope| {
        let fits: Vec<_> = (0..axis_names.len()).map(|axis| scope.spawn(move || fit_axis(axis))).collect();
        fits.into_iter()
            .map(|fit| fit.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}

/// One axis's head, from the sentences `rows` of `batch`, their sides and their weights (each
/// times its class's weight; the class weights count sentences, not weights).
fn fit_head(batch: &FeatureBatch, rows: &[usize], sides: &[Side], row_weights: &[f64], l2: f64) -> Result<AxisHead> {
    let mut counts = [0usize; 3];
    for &side in sides {
        counts[side.index()] += 1;
    }
    let present: Vec<usize> = (0..3).filter(|&c| counts[c] > 0).collect();
    if present.len() < 2 {
        return Err(Error::Train(
            "the sentences trained on hold only one label (all the annotations, or the share of them a fold or a \
             learning curve's step trains on); a head needs sentences of at least two\n  \
             fix: annotate sentences that take a side (see `stance suggest`)"
                .into(),
        ));
    }
    let largest = counts.iter().copied().max().unwrap_or(1) as f64;
    // as CLASS_WEIGHTS says
    let weight = |c: usize| (largest / counts[c] as f64).sqrt().round().max(1.0);
    let dense = match &batch.embeddings {
        Some(embeddings) => embeddings.select(Axis(0), rows),
        None => Array2::zeros((rows.len(), 0)),
    };
    let no_terms = Vec::new();
    let samples = logistic::Samples {
        dense: dense.view(),
        sparse: rows.iter().map(|&i| batch.terms.as_ref().map_or(&no_terms, |t| &t[i])).collect(),
        sparse_columns: batch.term_columns,
        classes: sides.iter().map(|s| present.iter().position(|&c| c == s.index()).unwrap_or(0)).collect(),
        weights: sides.iter().zip(row_weights).map(|(s, w)| weight(s.index()) * w).collect(),
    };
    let fitted = logistic::fit(&samples, present.len(), l2)?;

    let mut weights = Array2::<f32>::zeros((fitted.weights.nrows(), 3));
    let mut bias = Array1::from_elem(3, ABSENT_CLASS_LOGIT);
    for (column, &c) in present.iter().enumerate() {
        weights.column_mut(c).assign(&fitted.weights.column(column).mapv(|v| v as f32));
        bias[c] = fitted.bias[column] as f32;
    }
    Ok(AxisHead { weights, bias })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An axis whose annotations are all one label cannot be learnt: the error names the axis
    /// and the fix once, under one "training:" prefix.
    #[test]
    fn an_axis_with_one_label_is_refused_naming_it() {
        let embeddings = Array2::from_shape_fn((4, 3), |(i, j)| (i * 3 + j) as f32);
        let sides = [Gold::Side(Side::Left), Gold::Side(Side::Right), Gold::Side(Side::None), Gold::Side(Side::Left)];
        let rows: Vec<[Option<Gold>; 2]> = sides.iter().map(|&side| [Some(side), Some(Gold::Side(Side::None))]).collect();
        let data = TrainingSet {
            axis_names: vec!["governance", "un_role"],
            texts: vec!["a", "b", "c", "d"],
            labels: rows.iter().map(|r| r.as_slice()).collect(),
            embeddings: &embeddings,
            weights: &[1.0; 4],
        };
        let Err(error) = Learner::Embeddings.fit(&data, &[0, 1, 2, 3], 1.0) else { panic!("un_role holds only `none`") };
        let message = error.to_string();
        assert!(message.starts_with("training: axis un_role: the sentences trained on hold only one label"), "{message}");
        assert_eq!(message.matches("training:").count(), 1, "{message}");
    }
}
