//! The annotated sentences a training or evaluation learns from, embedded: the scored ones
//! (annotations of real records, checked against them) first, then those only trained on.

use crate::axes::Axes;
use crate::config::LabelFiles;
use crate::embed::Embedder;
use crate::error::{Error, Result, SEE_THE_WARNINGS};
use crate::labels::{self, Genres, LabelledSentence};
use crate::progress::{self, Diagnostics};
use crate::segment::SegmentationRules;
use crate::train::{folds, Learner, TrainingSet};
use crate::types::{AxisProbs, Side};
use ndarray::Array2;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

pub struct Examples {
    pub sentences: Vec<LabelledSentence>,
    pub scored: usize,
    pub embeddings: Array2<f32>,
    /// How much each sentence weighs in training: its record's genre's weight
    /// (`data/genres.toml`, `training_weights`).
    pub weights: Vec<f64>,
}

impl Examples {
    /// Reads the annotations: the sentences, scored ones first, and how many are scored.
    /// `files.scored` and `trained_on` annotate real records and are checked against them;
    /// `files.also_train` need not. A sentence both scored and trained on counts as scored
    /// only. Done before the model is loaded, so that a mistake in a file is reported at once.
    pub fn read(
        files: &LabelFiles,
        trained_on: &[PathBuf],
        axes: &Axes,
        rules: &SegmentationRules,
        diag: &mut Diagnostics,
    ) -> Result<(Vec<LabelledSentence>, usize)> {
        let mut from_records = |paths: &[PathBuf]| -> Result<Vec<LabelledSentence>> {
            labels::keep_found(labels::read_labels(paths, axes)?, &files.records, rules, diag)
        };
        let mut sentences = from_records(&files.scored)?;
        let trained_on = from_records(trained_on)?;
        if sentences.is_empty() {
            return Err(if diag.warnings().is_empty() {
                Error::nothing_to_do(
                    "the label files hold no sentence",
                    "give --labels files with annotation rows (their format: data/labels/README.md)",
                )
            } else {
                Error::nothing_to_do("no annotation of --labels was found in its record", SEE_THE_WARNINGS)
            });
        }
        let n_scored = sentences.len();
        let seen: HashSet<(String, String)> = sentences.iter().map(|s| (s.doc.clone(), s.text.clone())).collect();
        // Said, not done in silence: a user who trains on the files they score saw their
        // training set vanish, and an error about its labels, or figures from the rest alone.
        let scored_too = trained_on.iter().filter(|s| seen.contains(&(s.doc.clone(), s.text.clone()))).count();
        if scored_too > 0 {
            diag.note(&format!(
                "{scored_too} of the {} sentence(s) of --train-on are also in --labels: they are scored and not trained on \
                 (no sentence is trained on and scored at once); give --train-on files that --labels does not annotate",
                trained_on.len()
            ));
        }
        let train_only = trained_on.into_iter().chain(labels::read_labels(&files.also_train, axes)?);
        sentences.extend(train_only.filter(|s| !seen.contains(&(s.doc.clone(), s.text.clone()))));
        Ok((sentences, n_scored))
    }

    /// Embeds what [`Examples::read`] returned, and weighs each sentence by its genre.
    pub fn embed((sentences, scored): (Vec<LabelledSentence>, usize), embedder: &Embedder, genres: &Genres) -> Result<Self> {
        let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
        let (embeddings, _) = embedder.embed_all(&texts)?;
        let weights = sentences.iter().map(|s| genres.training_weight(&s.doc)).collect();
        Ok(Examples {
            sentences,
            scored,
            embeddings,
            weights,
        })
    }

    pub fn training_set<'a>(&'a self, axes: &'a Axes) -> TrainingSet<'a> {
        TrainingSet {
            axis_names: axes.names(),
            texts: self.sentences.iter().map(|s| s.text.as_str()).collect(),
            labels: self.sentences.iter().map(|s| s.labels.as_slice()).collect(),
            embeddings: &self.embeddings,
            weights: &self.weights,
        }
    }

    pub fn scored(&self) -> &[LabelledSentence] {
        &self.sentences[..self.scored]
    }

    /// Per scored sentence, the group its record is cross-validated in. Records that share a
    /// sentence are one group (NETmundial contributions that several organisations signed hold
    /// the same paragraphs): otherwise a fold could be scored on a sentence another fold's heads
    /// were trained on. So are the records of each list of `together`, the records of one
    /// delegation at one conference (one row of the stance table: the Internet Society's four
    /// NETmundial contributions; China in both Beijing records, which report the same
    /// speeches): otherwise a cell would be decided from sentences of several folds, some
    /// scored by heads trained on the delegation's other records, and its cell rule chosen on
    /// folds that hold part of it. A group is named after the first of its records in name
    /// order.
    pub fn record_groups(&self, together: &[&[String]]) -> Vec<&str> {
        let scored = self.scored();
        let names: Vec<&str> = scored.iter().map(|s| s.doc.as_str()).collect::<BTreeSet<_>>().into_iter().collect();
        let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, name)| (*name, i)).collect();
        // Union-find over the records, each group's root its first record by name.
        let mut parent: Vec<usize> = (0..names.len()).collect();
        let root = |parent: &[usize], mut record: usize| {
            while parent[record] != record {
                record = parent[record];
            }
            record
        };
        let mut join = |record: usize, other: usize| {
            let (a, b) = (root(&parent, record), root(&parent, other));
            parent[a.max(b)] = a.min(b);
        };
        let mut first_record_of: HashMap<&str, usize> = HashMap::new();
        for s in scored {
            let record = index[s.doc.as_str()];
            join(record, *first_record_of.entry(s.text.as_str()).or_insert(record));
        }
        for records in together {
            let mut annotated = records.iter().filter_map(|doc| index.get(doc.as_str()).copied());
            if let Some(first) = annotated.next() {
                annotated.for_each(|record| join(record, first));
            }
        }
        scored.iter().map(|s| names[root(&parent, index[s.doc.as_str()])]).collect()
    }

    /// Predictions for the scored sentences by `learner`, each from a model that never saw the
    /// sentence's record: by cross-validation over `folds` (the fold of each scored sentence,
    /// and their number), or, with `folds` `None`, by one model trained on the train-only
    /// sentences.
    pub fn held_out(&self, axes: &Axes, learner: Learner, folds: Option<(&[usize], usize)>, l2: f64) -> Result<Vec<Vec<AxisProbs>>> {
        let data = self.training_set(axes);
        let train_only: Vec<usize> = (self.scored..self.sentences.len()).collect();
        match folds {
            Some((fold_of, k)) => {
                let bar = progress::bar(k as u64, &format!("{}: {k}-fold cross-validation", learner.name()));
                let predictions = folds::out_of_fold(fold_of, k, |train, test| {
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

    /// Sentences per axis and label.
    pub fn label_counts(&self, axes: &Axes) -> BTreeMap<String, BTreeMap<String, usize>> {
        axes.axes
            .iter()
            .enumerate()
            .map(|(i, axis)| {
                let mut counts: BTreeMap<String, usize> =
                    Side::ALL.iter().map(|&side| (axis.label(side).to_string(), 0)).collect();
                for gold in self.sentences.iter().filter_map(|s| s.labels[i]) {
                    *counts.entry(axis.gold_label(gold).to_string()).or_default() += 1;
                }
                (axis.name.clone(), counts)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::Origin;

    fn sentence(doc: &str, text: &str) -> LabelledSentence {
        LabelledSentence {
            doc: doc.into(),
            text: text.into(),
            labels: Vec::new(),
            origin: Origin {
                file: PathBuf::from("labels.csv"),
                line: 1,
            },
        }
    }

    /// Records that share a sentence or a delegation, directly or through a third, are one
    /// group, named after the first of them by name; the others keep their own.
    #[test]
    fn records_that_share_a_sentence_or_a_delegation_are_one_group() {
        let sentences = vec![
            sentence("c.txt", "A paragraph two organisations signed."),
            sentence("a.txt", "Its own sentence."),
            sentence("b.txt", "A paragraph two organisations signed."),
            sentence("b.txt", "A paragraph b and d share."),
            sentence("d.txt", "A paragraph b and d share."),
            sentence("e.txt", "Its own sentence too."),
        ];
        let examples = Examples {
            scored: sentences.len(),
            embeddings: Array2::zeros((sentences.len(), 1)),
            weights: vec![1.0; sentences.len()],
            sentences,
        };
        assert_eq!(examples.record_groups(&[]), ["b.txt", "a.txt", "b.txt", "b.txt", "b.txt", "e.txt"]);
        // One delegation's records at one conference join too; a record without an
        // annotated sentence is passed over.
        let (one_delegation, unannotated) = (["e.txt".to_string(), "a.txt".to_string()], ["x.txt".to_string(), "e.txt".to_string()]);
        assert_eq!(
            examples.record_groups(&[&one_delegation, &unannotated]),
            ["b.txt", "a.txt", "b.txt", "b.txt", "b.txt", "a.txt"]
        );
    }
}
