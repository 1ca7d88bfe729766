//! `stance suggest`: what to annotate next. Uncertainty sampling over the sentences a run
//! classified (those in scope): a sentence's margin is, on the axis where the classifier is
//! least sure, the gap between its two most probable labels; the smallest margins are suggested
//! first. They come out in the labels CSV format with the predicted labels filled in, to be
//! corrected by hand. `stance eval --learning-curve` measures what this buys.

use crate::axes::Axes;
use crate::config::SuggestConfig;
use crate::error::Result;
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
pub fn margin(probs: &[AxisProbs]) -> f32 {
    probs
        .iter()
        .map(|p| {
            let mut sorted = [p.left, p.right, p.none];
            sorted.sort_by(|a, b| b.total_cmp(a));
            sorted[0] - sorted[1]
        })
        .fold(f32::INFINITY, f32::min)
}

/// Writes the `n` least certain sentences of the statement table in `from` (not already annotated in
/// `exclude`) to `out`, and returns how many were written.
pub fn suggest(config: &SuggestConfig) -> Result<usize> {
    let axes = Axes::load(&config.axes)?;
    // Matched on the text alone: the same record read from another folder gets another doc id.
    let labelled: HashSet<String> = labels::read_labels(&config.exclude, &axes)?.into_iter().map(|s| s.text).collect();
    let mut candidates = read_candidates(&config.from, &axes)?;
    let mut seen = HashSet::new();
    candidates.retain(|c| {
        !labelled.contains(&c.text) && seen.insert((c.doc.clone(), c.text.clone()))
    });
    // Stable sort: equal margins keep the table's order, so the output is deterministic.
    candidates.sort_by(|a, b| margin(&a.probs).total_cmp(&margin(&b.probs)));
    candidates.truncate(config.n);

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
    let out = config.out.clone().unwrap_or_else(|| config.from.join(DEFAULT_OUT));
    labels::write_labels(&out, &rows)?;
    eprintln!(
        "wrote {} sentence(s) to {}, least certain first, predicted labels filled in\n  \
         next: correct the labels, then `stance train --labels data/labels/*.csv {}`",
        candidates.len(),
        out.display(),
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
