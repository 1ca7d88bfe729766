//! `stance suggest`: what to annotate next, among the sentences a run classified (those in
//! scope). Two selections ([`Selection`]): pole by pole (each pole of each axis in turn gets the
//! sentence the classifier thinks likeliest to take it), the default; or by margin (uncertainty
//! sampling: on the axis where the classifier is least sure, the gap between a sentence's two most
//! probable labels, smallest first). They come out in the labels CSV format with the predicted
//! labels filled in, to be corrected by hand. `stance eval --learning-curve` measures what each
//! buys against random choice, with these same functions.

use crate::axes::Axes;
use crate::config::{Selection, SuggestConfig};
use crate::error::{Error, Result};
use crate::labels::{self, LabelRow};
use crate::output::column::{self, *};
use crate::output::RunTables;
use crate::types::{AxisProbs, Side};
use polars::prelude::*;
use std::collections::HashSet;
use std::path::Path;

/// Where `stance suggest` writes unless told: this file beside the statement table it reads.
const DEFAULT_OUT: &str = "suggest.csv";

/// A sentence of the statement table with the classifier's answers.
struct Candidate {
    conference: String,
    doc: String,
    delegation: String,
    text: String,
    probs: Vec<AxisProbs>,
}

/// How sure the classifier is of a sentence: the smallest gap, over the axes, between its two
/// most probable labels. Uncertainty sampling annotates the smallest margins first.
fn margin(probs: &[AxisProbs]) -> f32 {
    probs
        .iter()
        .map(|p| {
            let mut sorted = [p.left, p.right, p.none];
            sorted.sort_by(|a, b| b.total_cmp(a));
            sorted[0] - sorted[1]
        })
        .fold(f32::INFINITY, f32::min)
}

/// The `n` candidates (indices into `probs`, one entry per candidate with its probabilities on
/// every axis) that `select` picks, in the order picked. Deterministic: ties keep the candidates'
/// order.
pub fn choose(select: Selection, probs: &[&[AxisProbs]], n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..probs.len()).collect();
    match select {
        Selection::Margin => {
            order.sort_by(|&a, &b| margin(probs[a]).total_cmp(&margin(probs[b])));
            order.truncate(n);
            order
        }
        Selection::Poles => {
            let axes = probs.first().map_or(0, |p| p.len());
            // Per (axis, pole), the candidates likeliest to take it first.
            let rankings: Vec<Vec<usize>> = (0..axes)
                .flat_map(|axis| [Side::Left, Side::Right].map(move |side| (axis, side)))
                .map(|(axis, side)| {
                    let mut ranked = order.clone();
                    ranked.sort_by(|&a, &b| probs[b][axis].of(side).total_cmp(&probs[a][axis].of(side)));
                    ranked
                })
                .collect();
            let wanted = n.min(probs.len());
            let mut next = vec![0; rankings.len()];
            let mut taken = vec![false; probs.len()];
            let mut chosen = Vec::with_capacity(wanted);
            while chosen.len() < wanted && !rankings.is_empty() {
                for (ranking, at) in rankings.iter().zip(next.iter_mut()) {
                    while *at < ranking.len() && taken[ranking[*at]] {
                        *at += 1;
                    }
                    if chosen.len() < wanted && *at < ranking.len() {
                        taken[ranking[*at]] = true;
                        chosen.push(ranking[*at]);
                    }
                }
            }
            chosen
        }
    }
}

/// Suggestions go to a new file, never over an existing one: the file written last time may hold
/// labels corrected since (the annotation loop run twice with one batch name, or the default
/// `FROM/suggest.csv` corrected in place and `stance suggest` run again). Refused before anything
/// is read.
fn refuse_to_replace(out: &Path) -> Result<()> {
    if out.exists() {
        return Err(Error::Usage {
            what: format!(
                "--out {} already exists, and suggestions never replace a file: it may hold labels corrected by hand",
                out.display()
            ),
            fix: format!(
                "give each batch a file of its own (--out data/labels/batch-YYYY-MM-DD.csv, say), \
                 or delete {} if nothing in it needs keeping",
                out.display()
            ),
        });
    }
    Ok(())
}

/// Writes the `n` sentences of the statement table in `from` (not already annotated in
/// `exclude`) that `config.select` chooses to `out`, and returns how many were written.
pub fn suggest(config: &SuggestConfig) -> Result<usize> {
    let out = config.out.clone().unwrap_or_else(|| config.from.join(DEFAULT_OUT));
    refuse_to_replace(&out)?;
    let axes = Axes::load(&config.axes)?;
    // Matched on the text alone: the same record read from another folder gets another doc id.
    let labelled: HashSet<String> = labels::read_labels(&config.exclude, &axes)?.into_iter().map(|s| s.text).collect();
    let mut candidates = read_candidates(&config.from, &axes)?;
    if candidates.is_empty() {
        return Err(Error::nothing_to_do(
            format!("the run in {} classified no sentence: none of its sentences is in scope", config.from.display()),
            "suggest from a run of records that speak of the axes' subject (or one made with --all-sentences)",
        ));
    }
    let mut seen = HashSet::new();
    candidates.retain(|c| {
        !labelled.contains(&c.text) && seen.insert((c.doc.clone(), c.text.clone()))
    });
    let probs: Vec<&[AxisProbs]> = candidates.iter().map(|c| c.probs.as_slice()).collect();
    let chosen = choose(config.select, &probs, config.n);
    if chosen.is_empty() {
        // A file of no sentence would say nothing, and block its name for the next batch.
        return Err(Error::nothing_to_do(
            format!("every sentence the run in {} classified is already annotated in the --exclude files", config.from.display()),
            "run `stance run` on records not yet annotated, and suggest from its output",
        ));
    }
    let candidates: Vec<&Candidate> = chosen.into_iter().map(|i| &candidates[i]).collect();

    let rows: Vec<LabelRow> = candidates
        .iter()
        .flat_map(|c| {
            axes.axes.iter().zip(&c.probs).map(|(axis, p)| LabelRow {
                conference: &c.conference,
                doc: &c.doc,
                delegation: &c.delegation,
                sentence: &c.text,
                axis: &axis.name,
                label: axis.label(p.side()),
            })
        })
        .collect();
    labels::write_labels(&out, &rows)?;
    eprintln!(
        "wrote {} sentence(s) to {}, chosen by {}, predicted labels filled in\n  \
         next: correct the labels, then `stance train --labels data/labels/*.csv {} --also-train \
         data/labels/authored/*.csv --records data/records ../shared/records RUN_INPUT --out DIR`, \
         RUN_INPUT being the folder `stance run` was given (its `doc` paths start there)",
        candidates.len(),
        out.display(),
        match config.select {
            Selection::Poles => "pole (the likeliest sentence of each axis's poles in turn)",
            Selection::Margin => "margin (least certain first)",
        },
        out.display()
    );
    Ok(candidates.len())
}

/// The statement table's classified sentences (of the run in `dir`) with their probabilities
/// on every axis of `axes`; a sentence the run did not classify (out of scope) has none and is
/// passed over.
fn read_candidates(dir: &Path, axes: &Axes) -> Result<Vec<Candidate>> {
    let table = RunTables::statements(dir, axes)?;
    let text = |name: &str| -> Result<&StringChunked> { Ok(table.column(name)?.str()?) };
    let (conference, doc, delegation, sentence) = (text(CONFERENCE)?, text(DOC)?, text(DELEGATION)?, text(TEXT)?);
    let probs: Vec<[&Float32Chunked; 3]> = axes
        .axes
        .iter()
        .map(|axis| {
            let [l, r, n] = Side::ALL.map(|side| table.column(&column::prob(&axis.name, axis.label(side))));
            Ok([l?.f32()?, r?.f32()?, n?.f32()?])
        })
        .collect::<Result<_>>()?;

    let string = |values: &StringChunked, i: usize| values.get(i).unwrap_or_default().to_string();
    Ok((0..table.height())
        .filter_map(|i| {
            let probs = probs
                .iter()
                .map(|[l, r, n]| Some(AxisProbs { left: l.get(i)?, right: r.get(i)?, none: n.get(i)? }))
                .collect::<Option<Vec<_>>>()?;
            Some(Candidate {
                conference: string(conference, i),
                doc: string(doc, i),
                delegation: string(delegation, i),
                text: string(sentence, i),
                probs,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(left: f32, right: f32) -> AxisProbs {
        AxisProbs { left, right, none: 1.0 - left - right }
    }

    #[test]
    fn poles_take_turns_and_margin_takes_the_least_certain() {
        // Two axes; candidate 0 is the likeliest on both poles of axis 0, so the right pole of
        // axis 0 gets its next likeliest; a repeat is never chosen.
        let rows: Vec<Vec<AxisProbs>> = vec![
            vec![p(0.9, 0.05), p(0.1, 0.1)],
            vec![p(0.1, 0.8), p(0.1, 0.1)],
            vec![p(0.2, 0.7), p(0.6, 0.1)],
            vec![p(0.4, 0.4), p(0.1, 0.5)],
            vec![p(0.0, 0.0), p(0.0, 0.0)],
        ];
        let probs: Vec<&[AxisProbs]> = rows.iter().map(Vec::as_slice).collect();
        assert_eq!(choose(Selection::Poles, &probs, 4), vec![0, 1, 2, 3]);
        assert_eq!(choose(Selection::Poles, &probs, 9), vec![0, 1, 2, 3, 4], "never more than there are");
        // Margins (the smaller of the two axes'): 0.7, 0.7, 0.3, 0.0, 1.0; ties keep the order.
        assert_eq!(choose(Selection::Margin, &probs, 3), vec![3, 2, 0]);
    }
}
