//! Trained heads: per axis, a multinomial logistic regression on a sentence's features,
//! P(class) = softmax(x·W + b). The features are the sentence embedding, TF-IDF of its words,
//! or both side by side ([`Features`], in `features.rs`). `stance train` fits them (see [`crate::train`]) and
//! writes them, with what they were trained on and how well they cross-validated, to
//! `heads.json`.
//!
//! Invariants: heads are only ever applied to embeddings of the encoder and pooled layers they
//! were trained with (both are in the file and checked at load), and to the axes they were
//! trained for (same names, same poles, same order); a head has one weight row per feature
//! column.

use super::features::{FeatureBatch, Features};
use super::tfidf::TfIdf;
use super::{softmax3, Classifier};
use crate::axes::Axes;
use crate::embed::EmbeddingSpec;
use crate::error::{Error, Result};
use crate::types::{AxisProbs, CellRule, PoleCells, Side};
use ndarray::{s, Array1, Array2, ArrayView2};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file a heads directory holds.
pub const HEADS_FILE: &str = "heads.json";

/// Bumped when the file's layout changes, so that a file is refused by a `stance` too old to
/// read it rather than misread. Format 1 (embedding features only, no `features` field),
/// format 2 (no `cell_rule`: the default rule applies) and format 3 (no `pooled_layers`: the
/// last layer alone) are still read.
const FORMAT: u32 = 4;

/// One axis's head. Columns (of `weights`, entries of `bias`) are in `Side::ALL` order: left
/// pole, right pole, none; rows are feature columns.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisHead {
    pub weights: Array2<f32>,
    pub bias: Array1<f32>,
}

impl AxisHead {
    /// Class probabilities for each sentence of `batch`: softmax(x·W + b), the sparse TF-IDF
    /// part of x summed entry by entry.
    fn predict(&self, batch: &FeatureBatch) -> Vec<AxisProbs> {
        let dim = batch.embedding_columns();
        let mut logits = match &batch.embeddings {
            Some(embeddings) => embeddings.dot(&self.weights.slice(s![..dim, ..])),
            None => Array2::zeros((batch.len, 3)),
        };
        if let Some(terms) = &batch.terms {
            for (mut logit, row) in logits.rows_mut().into_iter().zip(terms) {
                for &(j, x) in row {
                    logit.scaled_add(x, &self.weights.row(dim + j));
                }
            }
        }
        logits += &self.bias;
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

/// A head per axis and the features they read: what `crate::train` fits.
#[derive(Debug, Clone)]
pub struct Model {
    pub features: Features,
    pub heads: Vec<AxisHead>,
}

impl Model {
    /// `result[axis][sentence]` for `texts` and their `embeddings` (a row each).
    pub fn predict(&self, texts: &[&str], embeddings: ArrayView2<f32>) -> Result<Vec<Vec<AxisProbs>>> {
        let batch = self.features.batch(texts, embeddings)?;
        Ok(self.heads.iter().map(|head| head.predict(&batch)).collect())
    }
}

/// What the heads were trained on and how well they did; written beside the weights so that a
/// table can always be traced back to its model.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HeadsMeta {
    /// sha256 of the encoder the embeddings came from (its manifest digest).
    pub encoder_sha256: String,
    /// The encoder layers pooled into the embeddings, the last first ([`EmbeddingSpec`]);
    /// empty in files of format 3 and before: the last layer alone.
    #[serde(default)]
    pub pooled_layers: Vec<usize>,
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
    /// Per genre, how much its training sentences weighed (`data/genres.toml`); a genre not
    /// listed weighed 1 (and so did every sentence of heads written before this existed).
    #[serde(default)]
    pub training_weights: BTreeMap<String, f64>,
    /// Document-grouped cross-validation on the scored annotation files.
    pub cross_validation: CrossValidation,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CrossValidation {
    pub folds: usize,
    pub documents: usize,
    pub sentences: usize,
    /// Per axis: macro-F1 over the three classes and expected calibration error.
    #[serde(with = "measured")]
    pub macro_f1: BTreeMap<String, f64>,
    #[serde(with = "measured")]
    pub ece: BTreeMap<String, f64>,
    /// The cell figures (agreement on addressed cells, `not_addressed` on uncoded axes and on
    /// silent delegations, cell macro-F1); absent from files written before they existed, and
    /// one with no cells to measure (NaN) is absent too.
    #[serde(default, with = "measured")]
    pub cells: BTreeMap<String, f64>,
    /// The same held-out cells per genre (all genres first) and pole (axes in order, left pole
    /// first); absent from files written before 2026-12-05.
    #[serde(default)]
    pub poles: Vec<PoleCells>,
}

/// Figures by name, of which some may not have been measured (NaN: "no such cells", as when no
/// held-out delegation is silent on every axis). JSON has no NaN, and the `null` serde_json
/// writes for one does not read back as a number: such heads were written and then refused by
/// every run. So a figure not measured is left out, and a `null` that heads written before
/// 2026-12-07 hold reads as left out.
mod measured {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(figures: &BTreeMap<String, f64>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(figures.iter().filter(|(_, value)| value.is_finite()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<String, f64>, D::Error> {
        let read = BTreeMap::<String, Option<f64>>::deserialize(deserializer)?;
        Ok(read.into_iter().filter_map(|(name, value)| Some((name, value?))).collect())
    }
}

#[derive(Serialize, Deserialize)]
struct HeadsFile {
    format: u32,
    meta: HeadsMeta,
    /// What the weights' rows are: embedding dimensions, then TF-IDF terms if any.
    #[serde(default)]
    features: FeatureKind,
    /// The TF-IDF vocabulary and idf, for the features that have them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tfidf: Option<TfIdfFile>,
    axes: Vec<AxisFile>,
    /// How a delegation's cells are decided with these heads (chosen with them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cell_rule: Option<CellRule>,
}

#[derive(Serialize, Deserialize, Default, PartialEq)]
#[serde(rename_all = "snake_case")]
enum FeatureKind {
    #[default]
    Embedding,
    Tfidf,
    EmbeddingAndTfidf,
}

#[derive(Serialize, Deserialize)]
struct TfIdfFile {
    /// Terms (words, and word pairs joined by a space), in column order.
    terms: Vec<String>,
    idf: Vec<f32>,
}

#[derive(Serialize, Deserialize)]
struct AxisFile {
    name: String,
    /// Class names in column order: left pole, right pole, none.
    classes: [String; 3],
    bias: Vec<f32>,
    /// One row per feature column, one column per class.
    weights: Vec<[f32; 3]>,
}

/// The trained classifier: one head per axis, with its provenance, and the rule that decides a
/// delegation's cells from its sentences' probabilities.
#[derive(Debug, Clone)]
pub struct Heads {
    pub model: Model,
    pub meta: HeadsMeta,
    pub cell_rule: CellRule,
    /// Where they were loaded from (for messages); empty for heads not yet saved.
    pub source: PathBuf,
}

impl Heads {
    /// Heads from the text of a heads file (read from `path`, named in errors), checked
    /// against the embeddings they will meet (`embedding`) and `axes`.
    pub fn from_json(text: &str, path: &Path, axes: &Axes, embedding: &EmbeddingSpec) -> Result<Self> {
        let retrain = "retrain with `stance train` (see the README) or run with --zero-shot";
        let bad = |message: String| Error::bad_input(path, None, format!("{message}\n  fix: {retrain}"));
        let file: HeadsFile =
            serde_json::from_str(text).map_err(|e| bad(format!("not a stance heads file: {e}")))?;
        if !(1..=FORMAT).contains(&file.format) {
            return Err(bad(format!("heads file format {} (this stance reads formats 1 to {FORMAT})", file.format)));
        }
        if file.meta.encoder_sha256 != embedding.encoder_sha256 {
            return Err(bad(format!(
                "the heads were trained on another encoder (sha256 {}, this one is {})",
                file.meta.encoder_sha256, embedding.encoder_sha256
            )));
        }
        let trained_on = match file.meta.pooled_layers.as_slice() {
            [] => &embedding.layers[..1],
            layers => layers,
        };
        if trained_on != embedding.layers {
            return Err(bad(format!(
                "the heads were trained on embeddings of the encoder's layers {trained_on:?}, this stance pools layers {:?}",
                embedding.layers
            )));
        }
        let dim = embedding.dim();
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
        let tfidf = match file.tfidf {
            Some(t) => Some(TfIdf::new(t.terms, Array1::from(t.idf)).map_err(|e| bad(format!("its TF-IDF vocabulary: {e}")))?),
            None => None,
        };
        let features = match (file.features, tfidf) {
            (FeatureKind::Embedding, None) => Features::Embedding,
            (FeatureKind::Tfidf, Some(tfidf)) => Features::TfIdf(tfidf),
            (FeatureKind::EmbeddingAndTfidf, Some(tfidf)) => Features::EmbeddingAndTfIdf(tfidf),
            (_, tfidf) => {
                let has = if tfidf.is_some() { "has" } else { "lacks" };
                return Err(bad(format!("its features do not match its contents (it {has} a TF-IDF vocabulary)")));
            }
        };
        let width = features.width(dim);
        let heads = file
            .axes
            .into_iter()
            .map(|axis| {
                if axis.weights.len() != width || axis.bias.len() != 3 {
                    return Err(bad(format!(
                        "axis {}: weights for {} features, expected {width} ({})",
                        axis.name,
                        axis.weights.len(),
                        features.describe()
                    )));
                }
                let flat: Vec<f32> = axis.weights.iter().flatten().copied().collect();
                let weights = Array2::from_shape_vec((width, 3), flat).map_err(|e| bad(e.to_string()))?;
                Ok(AxisHead {
                    weights,
                    bias: Array1::from(axis.bias),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Heads {
            model: Model { features, heads },
            meta: file.meta,
            cell_rule: file.cell_rule.unwrap_or_default(),
            source: path.to_path_buf(),
        })
    }

    /// The heads file's text, for `axes`.
    pub fn to_json(&self, axes: &Axes) -> Result<String> {
        let features = &self.model.features;
        let file = HeadsFile {
            format: FORMAT,
            meta: self.meta.clone(),
            features: match features {
                Features::Embedding => FeatureKind::Embedding,
                Features::TfIdf(_) => FeatureKind::Tfidf,
                Features::EmbeddingAndTfIdf(_) => FeatureKind::EmbeddingAndTfidf,
            },
            tfidf: features.tfidf().map(|t| TfIdfFile {
                terms: t.terms().to_vec(),
                idf: t.idf().to_vec(),
            }),
            axes: axes
                .axes
                .iter()
                .zip(&self.model.heads)
                .map(|(axis, head)| AxisFile {
                    name: axis.name.clone(),
                    classes: Side::ALL.map(|side| axis.label(side).to_string()),
                    bias: head.bias.to_vec(),
                    weights: head.weights.rows().into_iter().map(|r| [r[0], r[1], r[2]]).collect(),
                })
                .collect(),
            cell_rule: Some(self.cell_rule),
        };
        // Compact: with a vocabulary of tens of thousands of terms, pretty-printing (a line per
        // weight) would more than double the file. `jq .meta` shows the provenance.
        serde_json::to_string(&file).map_err(|e| Error::Train(format!("writing the heads as JSON: {e}")))
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

    fn classify(&self, texts: &[&str], embeddings: &Array2<f32>) -> Result<Vec<Vec<AxisProbs>>> {
        self.model.predict(texts, embeddings.view())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;
    use serde_json::json;

    const AXES: &str = "[scope]\npattern = \"cyber\"\nambiguous_pattern = \"espionage\"\nwindow = 1\n\
        [zero_shot]\ntop_k = 1\nnone_bias = 0.0\ntemperature = 0.05\n[none]\nexamples = [\"n\"]\n\
        [[axis]]\nname = \"governance\"\ndescription = \"d\"\n\
        [axis.left]\nname = \"multilateral\"\ndescription = \"d\"\nexamples = [\"l\"]\n\
        [axis.right]\nname = \"multistakeholder\"\ndescription = \"d\"\nexamples = [\"r\"]\n\
        [[axis]]\nname = \"legal_order\"\ndescription = \"d\"\n\
        [axis.left]\nname = \"new_treaty\"\ndescription = \"d\"\nexamples = [\"l\"]\n\
        [axis.right]\nname = \"existing_law\"\ndescription = \"d\"\nexamples = [\"r\"]\n";

    fn axes() -> Axes {
        Axes::parse(AXES, Path::new("axes.toml")).unwrap()
    }

    /// Embeddings of the last layer (6) and the first, two columns each.
    fn two_layers() -> EmbeddingSpec {
        EmbeddingSpec { encoder_sha256: "encoder".into(), layers: vec![6, 1], layer_dim: 2 }
    }

    fn meta(pooled_layers: Vec<usize>) -> HeadsMeta {
        HeadsMeta {
            encoder_sha256: "encoder".into(),
            pooled_layers,
            training_data_sha256: "data".into(),
            label_files: vec!["labels.csv".into()],
            sentences: 3,
            label_counts: BTreeMap::new(),
            method: "logistic regression".into(),
            training_weights: BTreeMap::from([("speech".into(), 3.0)]),
            cross_validation: CrossValidation {
                folds: 2,
                documents: 2,
                sentences: 3,
                macro_f1: BTreeMap::from([("governance".into(), 0.5)]),
                ece: BTreeMap::new(),
                cells: BTreeMap::new(),
                poles: Vec::new(),
            },
        }
    }

    /// A head whose weights differ in every entry, so that a row or column out of place shows.
    fn head(rows: usize, seed: f32) -> AxisHead {
        AxisHead {
            weights: Array2::from_shape_fn((rows, 3), |(i, j)| seed + 0.37 * i as f32 - 0.71 * j as f32),
            bias: array![seed, -seed, 0.25],
        }
    }

    fn embeddings() -> Array2<f32> {
        array![[0.3, -1.2, 0.5, 0.1], [2.0, 0.4, -0.3, 0.9]]
    }

    const TEXTS: [&str; 2] = ["cyber norms for cyber states", "nothing in the vocabulary"];

    #[test]
    fn heads_written_and_read_back_predict_the_same() {
        let tfidf = TfIdf::new(vec!["cyber".into(), "norms".into()], array![1.5, 2.5]).unwrap();
        let width = 4 + 2;
        let written = Heads {
            model: Model {
                features: Features::EmbeddingAndTfIdf(tfidf),
                heads: vec![head(width, 0.1), head(width, -0.4)],
            },
            meta: meta(vec![6, 1]),
            cell_rule: CellRule { min_pole_probability: 0.5, min_sentences: 2, mixed_within: 0.25 },
            source: PathBuf::new(),
        };
        let json = written.to_json(&axes()).unwrap();
        let read = Heads::from_json(&json, Path::new("heads.json"), &axes(), &two_layers()).unwrap();

        assert!(matches!(read.model.features, Features::EmbeddingAndTfIdf(_)));
        assert_eq!(read.model.heads, written.model.heads);
        assert_eq!(read.meta, written.meta);
        assert_eq!(read.cell_rule, written.cell_rule);
        let before = written.model.predict(&TEXTS, embeddings().view()).unwrap();
        let after = read.model.predict(&TEXTS, embeddings().view()).unwrap();
        assert_eq!(before, after);
        // The TF-IDF columns are read: the sentence with known terms scores otherwise without them.
        let embedding_only = Model { features: Features::Embedding, heads: written.model.heads.clone() };
        let without_terms = embedding_only.predict(&TEXTS, embeddings().view()).unwrap();
        assert_ne!(without_terms[0][0], after[0][0]);
        assert_eq!(without_terms[0][1], after[0][1]);
    }

    /// Heads trained where no held-out delegation is silent on every axis (NETmundial's
    /// governments) have no `silent_not_addressed` figure: it is left out of the file, not
    /// written as a `null` that no run could read back; and a `null` an older file holds reads
    /// as left out.
    #[test]
    fn a_figure_with_nothing_to_measure_is_left_out_and_an_old_null_reads() {
        let mut written = Heads {
            model: Model { features: Features::Embedding, heads: vec![head(4, 0.1), head(4, -0.4)] },
            meta: meta(vec![6, 1]),
            cell_rule: CellRule::default(),
            source: PathBuf::new(),
        };
        written.meta.cross_validation.cells =
            BTreeMap::from([("addressed_agreement".into(), 0.5), ("silent_not_addressed".into(), f64::NAN)]);
        let json = written.to_json(&axes()).unwrap();
        assert!(!json.contains("silent_not_addressed"), "{json}");
        let read = Heads::from_json(&json, Path::new("heads.json"), &axes(), &two_layers()).unwrap();
        assert_eq!(read.meta.cross_validation.cells, BTreeMap::from([("addressed_agreement".into(), 0.5)]));

        let with_null = json.replace(r#""addressed_agreement":0.5"#, r#""addressed_agreement":0.5,"silent_not_addressed":null"#);
        assert_ne!(with_null, json);
        let read = Heads::from_json(&with_null, Path::new("heads.json"), &axes(), &two_layers()).unwrap();
        assert_eq!(read.meta.cross_validation.cells, BTreeMap::from([("addressed_agreement".into(), 0.5)]));
    }

    /// A file of format 1, as the first `stance train` wrote it: no features (the embedding),
    /// no pooled layers (the last alone), no cell rule (the default), no training weights.
    fn format_1() -> serde_json::Value {
        let axis = |name: &str, left: &str, right: &str| {
            json!({"name": name, "classes": [left, right, "none"], "bias": [0.5, -0.5, 0.0],
                   "weights": [[1.0, 0.0, -1.0], [0.0, 2.0, 0.5]]})
        };
        json!({
            "format": 1,
            "meta": {
                "encoder_sha256": "encoder", "training_data_sha256": "data", "label_files": ["a.csv"],
                "sentences": 10, "label_counts": {}, "method": "logistic regression",
                "cross_validation": {"folds": 5, "documents": 4, "sentences": 10, "macro_f1": {}, "ece": {}}
            },
            "axes": [axis("governance", "multilateral", "multistakeholder"), axis("legal_order", "new_treaty", "existing_law")]
        })
    }

    #[test]
    fn a_format_1_file_reads_as_last_layer_embedding_heads_with_the_default_rule() {
        let last_layer = EmbeddingSpec { layers: vec![6], ..two_layers() };
        let heads = Heads::from_json(&format_1().to_string(), Path::new("old.json"), &axes(), &last_layer).unwrap();
        assert!(matches!(heads.model.features, Features::Embedding));
        assert_eq!(heads.cell_rule, CellRule::default());
        assert_eq!(heads.model.heads[1].weights, array![[1.0, 0.0, -1.0], [0.0, 2.0, 0.5]]);
        assert!(heads.meta.training_weights.is_empty() && heads.meta.cross_validation.cells.is_empty());

        // Heads of the last layer alone never meet embeddings that pool another layer beside it.
        let err = Heads::from_json(&format_1().to_string(), Path::new("old.json"), &axes(), &two_layers()).unwrap_err();
        assert!(err.to_string().contains("layers [6]") && err.to_string().contains("old.json"), "{err}");
    }

    #[test]
    fn a_file_that_does_not_fit_is_refused_with_the_fix() {
        let last_layer = EmbeddingSpec { layers: vec![6], ..two_layers() };
        let refused = |edit: &dyn Fn(&mut serde_json::Value), expected: &str| {
            let mut file = format_1();
            edit(&mut file);
            let err = Heads::from_json(&file.to_string(), Path::new("h.json"), &axes(), &last_layer).unwrap_err();
            let message = err.to_string();
            assert!(message.contains(expected) && message.contains("stance train"), "{expected}: {message}");
        };
        refused(&|f| f["format"] = json!(FORMAT + 1), "this stance reads formats 1 to");
        refused(&|f| f["meta"]["encoder_sha256"] = json!("another"), "trained on another encoder");
        refused(&|f| f["axes"].as_array_mut().unwrap().reverse(), "trained for other axes");
        refused(&|f| f["axes"][0]["classes"][1] = json!("renamed"), "trained for other axes");
        refused(&|f| f["axes"][1]["weights"].as_array_mut().unwrap().truncate(1), "weights for 1 features, expected 2");
        refused(&|f| f["features"] = json!("embedding_and_tfidf"), "lacks a TF-IDF vocabulary");
        refused(&|f| f["axes"] = json!("weights"), "not a stance heads file");
    }
}
