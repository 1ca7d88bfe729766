//! The scored records laid out as `stance run` lays them out (statements, delegations, sentence
//! rows with their scope), joined to their annotations: what turns a classifier's answers into
//! the cells of a stance table, and the annotations into those cells' truth.
//!
//! A delegation's cells are scored only when every sentence of its records that the run would
//! classify (every sentence in scope) is annotated: otherwise an unannotated sentence could
//! carry a stance the truth does not know of. Such records are named in the summary, their
//! unannotated sentences listed for annotation, and they still serve for training and the
//! sentence-level figures.

use super::examples::Examples;
use crate::aggregate;
use crate::axes::{Axes, CellLabel};
use crate::error::Result;
use crate::evaluate::cells::{DelegationCells, SideCounts};
use crate::evaluate::AxisScores;
use crate::labels::{AnnotatedRecords, Genres};
use crate::output::column::{AXIS, CONFERENCE, DELEGATION, EVIDENCE_PROBABILITY, LABEL};
use crate::scope;
use crate::types::{AxisProbs, CellRule, SentenceRow, Side, UNATTRIBUTED};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the scope gate does to the annotated sentences (see [`Scoring::scope_effect`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct ScopeEffect {
    pub sides: usize,
    pub sides_left_out: usize,
    pub nones: usize,
    pub nones_let_in: usize,
}

impl std::fmt::Display for ScopeEffect {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "scope: {} of {} annotated sentences that take a side are out of scope ({:.1}%); {} of {} that take none are in it",
            self.sides_left_out,
            self.sides,
            100.0 * self.sides_left_out as f64 / self.sides.max(1) as f64,
            self.nones_let_in,
            self.nones
        )
    }
}

/// An in-scope sentence of a scored record that no annotation holds: it keeps its record out of
/// the cell figures until someone reads and labels it.
#[derive(Debug, Clone)]
pub struct Unannotated {
    pub conference: String,
    pub doc: String,
    pub delegation: String,
    pub text: String,
}

/// A delegation whose cells are scored: (conference, delegation) of the stance table.
struct Delegation {
    conference: String,
    name: String,
    genre: String,
    /// Its records (for grouping by cross-validation fold).
    docs: Vec<String>,
    truth: Vec<CellLabel>,
}

/// Where a scored example stands in its record, from the first row that holds it.
#[derive(Debug, Clone)]
pub struct Place {
    pub conference: String,
    pub delegation: String,
    /// The sentence before it in its statement (the scope's context); empty for a statement's
    /// first.
    pub previous: String,
}

/// The scored records' rows, their annotations and the delegations whose cells are scored.
pub struct Scoring<'a> {
    /// The in-scope rows of the records whose delegations are scored: what the run classifies
    /// and aggregates.
    rows: Vec<SentenceRow<'a>>,
    /// Per row of `rows`, its example (annotated sentence).
    example_of_row: Vec<usize>,
    /// Per scored example, whether the run would classify it (some row of it is in scope).
    pub in_scope: Vec<bool>,
    /// Per scored example, where it stands (`None` if no row of its record holds it).
    pub places: Vec<Option<Place>>,
    delegations: Vec<Delegation>,
    /// The in-scope sentences that lack an annotation, in record order (each once per record);
    /// their records are left out of the cell figures.
    pub unannotated: Vec<Unannotated>,
}

impl<'a> Scoring<'a> {
    pub fn new(records: &'a AnnotatedRecords, examples: &Examples, axes: &Axes, genres: &Genres) -> Self {
        let all_rows = scope::sentence_rows(&records.docs, axes, 0);
        let index: HashMap<(&str, &str), usize> = examples
            .scored()
            .iter()
            .enumerate()
            .map(|(i, s)| ((s.doc.as_str(), s.text.as_str()), i))
            .collect();
        let example_of = |row: &SentenceRow| index.get(&(row.doc.source.id.as_str(), row.sentence.text.as_str())).copied();

        let mut in_scope = vec![false; examples.scored().len()];
        let mut places: Vec<Option<Place>> = vec![None; examples.scored().len()];
        let mut unannotated: Vec<Unannotated> = Vec::new();
        let mut listed: HashSet<(&str, &str)> = HashSet::new();
        for (r, row) in all_rows.iter().enumerate() {
            let example = example_of(row);
            if let Some(place @ None) = example.map(|i| &mut places[i]) {
                // A statement's rows are consecutive (see `scope::sentence_rows`).
                let previous = r.checked_sub(1).map(|p| &all_rows[p]).filter(|p| p.number == row.number);
                *place = Some(Place {
                    conference: row.doc.source.conference.clone(),
                    delegation: row.statement.delegation.clone(),
                    previous: previous.map(|p| p.sentence.text.clone()).unwrap_or_default(),
                });
            }
            match (example, row.in_scope) {
                (Some(i), true) => in_scope[i] = true,
                (None, true) if listed.insert((row.doc.source.id.as_str(), row.sentence.text.as_str())) => {
                    unannotated.push(Unannotated {
                        conference: row.doc.source.conference.clone(),
                        doc: row.doc.source.id.clone(),
                        delegation: row.statement.delegation.clone(),
                        text: row.sentence.text.clone(),
                    })
                }
                _ => {}
            }
        }
        let uncovered: HashSet<&str> = listed.iter().map(|(doc, _)| *doc).collect();

        // The truth of every attributed delegation of the covered records, from all their
        // annotated sentences (the annotators applied the scope rule themselves).
        let mut counts: BTreeMap<(String, String), (Vec<SideCounts>, Vec<String>)> = BTreeMap::new();
        for row in all_rows.iter().filter(|r| !uncovered.contains(r.doc.source.id.as_str())) {
            if row.statement.delegation == UNATTRIBUTED {
                continue;
            }
            let key = (row.doc.source.conference.clone(), row.statement.delegation.clone());
            let (axis_counts, docs) = counts.entry(key).or_insert_with(|| (vec![SideCounts::default(); axes.axes.len()], Vec::new()));
            if !docs.contains(&row.doc.source.id) {
                docs.push(row.doc.source.id.clone());
            }
            if let Some(i) = example_of(row) {
                for (axis, gold) in axis_counts.iter_mut().zip(&examples.scored()[i].labels) {
                    if let Some(gold) = gold {
                        axis.add(*gold);
                    }
                }
            }
        }
        let delegations = counts
            .into_iter()
            .map(|((conference, name), (axis_counts, docs))| Delegation {
                genre: genres.of(&docs[0]).to_string(),
                truth: axis_counts.into_iter().map(SideCounts::truth).collect(),
                conference,
                name,
                docs,
            })
            .collect();

        let (rows, example_of_row): (Vec<SentenceRow>, Vec<usize>) = all_rows
            .iter()
            .filter(|row| row.in_scope && !uncovered.contains(row.doc.source.id.as_str()))
            .map(|row| (*row, example_of(row).expect("a covered record's in-scope rows are annotated")))
            .unzip();
        Scoring {
            rows,
            example_of_row,
            in_scope,
            places,
            delegations,
            unannotated,
        }
    }

    /// The cells of every scored delegation, `probs[axis][example]` being a classifier's
    /// answers for the scored examples, decided by `rule` as `stance run` decides them.
    pub fn cells(&self, axes: &Axes, probs: &[Vec<AxisProbs>], rule: &CellRule) -> Result<Vec<DelegationCells>> {
        let row_probs: Vec<Vec<Option<AxisProbs>>> =
            probs.iter().map(|axis| self.example_of_row.iter().map(|&i| Some(axis[i])).collect()).collect();
        // (conference, delegation, axis) -> (label, evidence probability), from the stance table.
        let predicted: HashMap<(String, String, String), (String, Option<f64>)> = if self.rows.is_empty() {
            HashMap::new()
        } else {
            let statements = aggregate::statement_table(&self.rows, axes, &[], &row_probs)?;
            let stances = aggregate::stance_table(&statements, axes, rule)?;
            let [conference, delegation, axis, label] =
                [CONFERENCE, DELEGATION, AXIS, LABEL].map(|name| stances.column(name).and_then(|c| c.str().cloned()));
            let (conference, delegation, axis, label) = (conference?, delegation?, axis?, label?);
            let probability = stances.column(EVIDENCE_PROBABILITY)?.f64()?.clone();
            (0..stances.height())
                .filter_map(|i| {
                    let key = (conference.get(i)?.to_string(), delegation.get(i)?.to_string(), axis.get(i)?.to_string());
                    Some((key, (label.get(i)?.to_string(), probability.get(i))))
                })
                .collect()
        };
        Ok(self
            .delegations
            .iter()
            .map(|d| {
                let (predicted, evidence_probability) = axes
                    .axes
                    .iter()
                    .map(|axis| {
                        predicted
                            .get(&(d.conference.clone(), d.name.clone(), axis.name.clone()))
                            .and_then(|(label, p)| Some((CellLabel::from_table(label, axis)?, *p)))
                            .unwrap_or((CellLabel::NotAddressed, None))
                    })
                    .unzip();
                DelegationCells {
                    conference: d.conference.clone(),
                    delegation: d.name.clone(),
                    genre: d.genre.clone(),
                    fold: None,
                    truth: d.truth.clone(),
                    predicted,
                    evidence_probability,
                }
            })
            .collect())
    }

    /// How the scope gate treats the annotations: of the scored sentences that take a side on
    /// some axis, how many it leaves out, and of those that take none, how many it lets in.
    pub fn scope_effect(&self, examples: &Examples) -> ScopeEffect {
        let mut effect = ScopeEffect::default();
        for (sentence, &in_scope) in examples.scored().iter().zip(&self.in_scope) {
            let takes_side = sentence.labels.iter().flatten().any(|gold| gold.sides() != [Side::None]);
            if takes_side {
                effect.sides += 1;
                effect.sides_left_out += usize::from(!in_scope);
            } else {
                effect.nones += 1;
                effect.nones_let_in += usize::from(in_scope);
            }
        }
        effect
    }

    /// Per scored delegation, its records at its conference: they are cross-validated in one
    /// fold ([`Examples::record_groups`](super::examples::Examples::record_groups)).
    pub fn delegation_records(&self) -> Vec<&[String]> {
        self.delegations.iter().map(|d| d.docs.as_slice()).collect()
    }

    /// Per axis, the sentence-level scores of the run's decision for each scored example: the
    /// classifier's answer where the sentence is in scope, `none` where it is not. A sentence
    /// annotated `both` has no single side and is left out. Also per record, `[record][axis]`.
    pub fn sentence_scores(&self, examples: &Examples, probs: &[Vec<AxisProbs>]) -> (Vec<AxisScores>, Vec<Vec<AxisScores>>) {
        let scored = examples.scored();
        let mut records: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, s) in scored.iter().enumerate() {
            records.entry(s.doc.as_str()).or_default().push(i);
        }
        let scores = |examples: &[usize], axis: usize| {
            let pairs: Vec<(Side, AxisProbs)> = examples
                .iter()
                .filter_map(|&i| {
                    let gold = scored[i].labels[axis]?.side()?;
                    Some((gold, if self.in_scope[i] { probs[axis][i] } else { AxisProbs::NONE }))
                })
                .collect();
            AxisScores::new(&pairs)
        };
        let all: Vec<usize> = (0..scored.len()).collect();
        let overall = (0..probs.len()).map(|axis| scores(&all, axis)).collect();
        let by_record = records.values().map(|examples| (0..probs.len()).map(|axis| scores(examples, axis)).collect()).collect();
        (overall, by_record)
    }
}
