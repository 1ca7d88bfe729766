//! Trained heads: per axis, a multinomial logistic regression on the sentence embedding,
//! P(class) = softmax(x·W + b). `stance train` fits them (see [`crate::train`]) and writes them,
//! with what they were trained on and how well they cross-validated, to `heads.json`.
//!
//! Invariants: heads are only ever applied to embeddings of the encoder they were trained with
//! (its sha256 is in the file and checked at load), and to the axes they were trained for
//! (same names, same poles, same order).

use super::{softmax3, Classifier};
use crate::axes::Axes;
use crate::error::{Error, Result};
use crate::types::{AxisProbs, Side};
use ndarray::{Array1, Array2, ArrayView2};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file a heads directory holds.
pub const HEADS_FILE: &str = "heads.json";

/// Bumped when the file's layout changes, so an old file is refused rather than misread.
const FORMAT: u32 = 1;

/// One axis's head. Columns (of `weights`, entries of `bias`) are in `Side::ALL` order: left
/// pole, right pole, none.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisHead {
    pub weights: Array2<f32>,
    pub bias: Array1<f32>,
}

impl AxisHead {
    /// Class probabilities for each row of `features`.
    pub fn predict(&self, features: ArrayView2<f32>) -> Vec<AxisProbs> {
        let logits = features.dot(&self.weights) + &self.bias;
        logits
            .rows()
            .into_iter()
            .map(|row| {
                let [left, right, none] = softmax3([row[0], row[1], row[2]]);
                AxisProbs { left, right, none }
            })
            .collect()
    }
}

/// What the heads were trained on and how well they did; written beside the weights so that a
/// table can always be traced back to its model.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HeadsMeta {
    /// sha256 of the encoder the embeddings came from (its manifest digest).
    pub encoder_sha256: String,
    /// sha256 over the training rows (doc, sentence, axis, label), sorted.
    pub training_data_sha256: String,
    /// The annotation files, as given to `stance train`.
    pub label_files: Vec<String>,
    /// Distinct training sentences.
    pub sentences: usize,
    /// Sentences per axis and label in the training data.
    pub label_counts: BTreeMap<String, BTreeMap<String, usize>>,
    /// The learner and its settings, in words.
    pub method: String,
    /// Document-grouped cross-validation on the scored annotation files.
    pub cross_validation: CrossValidation,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CrossValidation {
    pub folds: usize,
    pub documents: usize,
    pub sentences: usize,
    /// Per axis: macro-F1 over the three classes and expected calibration error.
    pub macro_f1: BTreeMap<String, f64>,
    pub ece: BTreeMap<String, f64>,
}

#[derive(Serialize, Deserialize)]
struct HeadsFile {
    format: u32,
    meta: HeadsMeta,
    axes: Vec<AxisFile>,
}

#[derive(Serialize, Deserialize)]
struct AxisFile {
    name: String,
    /// Class names in column order: left pole, right pole, none.
    classes: [String; 3],
    bias: Vec<f32>,
    /// One row per embedding dimension, one column per class.
    weights: Vec<[f32; 3]>,
}

/// The trained classifier: one head per axis.
#[derive(Debug, Clone)]
pub struct Heads {
    pub heads: Vec<AxisHead>,
    pub meta: HeadsMeta,
    /// Where they were loaded from (for messages); empty for heads not yet saved.
    pub source: PathBuf,
}

impl Heads {
    /// Loads `dir/heads.json` and checks it fits the encoder (`encoder_sha256`) and `axes`.
    pub fn load(dir: &Path, axes: &Axes, encoder_sha256: &str, dim: usize) -> Result<Self> {
        let path = dir.join(HEADS_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let retrain = "retrain with `stance train` (see the README) or run with --zero-shot";
        let bad = |message: String| Error::bad_input(&path, None, format!("{message}\n  fix: {retrain}"));
        let file: HeadsFile =
            serde_json::from_str(&text).map_err(|e| bad(format!("not a stance heads file: {e}")))?;
        if file.format != FORMAT {
            return Err(bad(format!("heads file format {} (this stance reads format {FORMAT})", file.format)));
        }
        if file.meta.encoder_sha256 != encoder_sha256 {
            return Err(bad(format!(
                "the heads were trained on another encoder (sha256 {}, this one is {encoder_sha256})",
                file.meta.encoder_sha256
            )));
        }
        let expected: Vec<(&str, [&str; 3])> = axes
            .axes
            .iter()
            .map(|a| (a.name.as_str(), Side::ALL.map(|side| a.label(side))))
            .collect();
        let found: Vec<(&str, [&str; 3])> = file
            .axes
            .iter()
            .map(|a| (a.name.as_str(), [a.classes[0].as_str(), a.classes[1].as_str(), a.classes[2].as_str()]))
            .collect();
        if expected != found {
            return Err(bad(format!(
                "the heads were trained for other axes ({}) than the axis file defines ({})",
                describe_axes(&found),
                describe_axes(&expected)
            )));
        }
        let heads = file
            .axes
            .into_iter()
            .map(|axis| {
                if axis.weights.len() != dim || axis.bias.len() != 3 {
                    return Err(bad(format!(
                        "axis {}: weights for {} dimensions, the encoder has {dim}",
                        axis.name,
                        axis.weights.len()
                    )));
                }
                let flat: Vec<f32> = axis.weights.iter().flatten().copied().collect();
                let weights = Array2::from_shape_vec((dim, 3), flat).map_err(|e| bad(e.to_string()))?;
                Ok(AxisHead {
                    weights,
                    bias: Array1::from(axis.bias),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Heads {
            heads,
            meta: file.meta,
            source: path,
        })
    }

    /// Writes `dir/heads.json` (atomically; `dir` is created if needed).
    pub fn save(&self, dir: &Path, axes: &Axes) -> Result<PathBuf> {
        crate::report::prepare_out_dir(dir)?;
        let file = HeadsFile {
            format: FORMAT,
            meta: self.meta.clone(),
            axes: axes
                .axes
                .iter()
                .zip(&self.heads)
                .map(|(axis, head)| AxisFile {
                    name: axis.name.clone(),
                    classes: Side::ALL.map(|side| axis.label(side).to_string()),
                    bias: head.bias.to_vec(),
                    weights: head.weights.rows().into_iter().map(|r| [r[0], r[1], r[2]]).collect(),
                })
                .collect(),
        };
        let path = dir.join(HEADS_FILE);
        let json = serde_json::to_string_pretty(&file).map_err(|e| Error::io(&path, e.into()))?;
        crate::report::write_text(&path, &json)?;
        Ok(path)
    }
}

fn describe_axes(axes: &[(&str, [&str; 3])]) -> String {
    axes.iter()
        .map(|(name, classes)| format!("{name}: {}/{}", classes[0], classes[1]))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Classifier for Heads {
    fn describe(&self) -> String {
        let f1: Vec<String> = self
            .meta
            .cross_validation
            .macro_f1
            .iter()
            .map(|(axis, f1)| format!("{axis} {f1:.2}"))
            .collect();
        format!(
            "trained heads {} ({} training sentences; cross-validated macro-F1: {})",
            self.source.display(),
            self.meta.sentences,
            f1.join(", ")
        )
    }

    fn classify(&self, embeddings: &Array2<f32>) -> Vec<Vec<AxisProbs>> {
        self.heads.iter().map(|head| head.predict(embeddings.view())).collect()
    }
}
