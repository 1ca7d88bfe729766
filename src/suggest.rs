//! `stance suggest`: what to annotate next. Uncertainty sampling over a run's statement table:
//! a sentence's margin is, on the axis where the classifier is least sure, the gap between its
//! two most probable labels; the smallest margins are suggested first. They come out in the
//! labels CSV format with the predicted labels filled in, to be corrected by hand.

use crate::axes::Axes;
use crate::config::SuggestConfig;
use crate::error::{Error, Result};
use crate::labels::{self, LabelRow};
use crate::report;
use crate::types::{AxisProbs, Side};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A sentence of the statement table with the classifier's answers.
struct Candidate {
    conference: String,
    doc: String,
    delegation: String,
    text: String,
    probs: Vec<AxisProbs>,
}

impl Candidate {
    /// The smallest gap, over the axes, between the two most probable labels.
    fn margin(&self) -> f32 {
        self.probs
            .iter()
            .map(|p| {
                let mut sorted = [p.left, p.right, p.none];
                sorted.sort_by(|a, b| b.total_cmp(a));
                sorted[0] - sorted[1]
            })
            .fold(f32::INFINITY, f32::min)
    }
}

/// Writes the `n` least certain sentences of `from/statements.csv` (not already annotated in
/// `exclude`) to `out`, and returns how many were written.
pub fn suggest(config: &SuggestConfig) -> Result<usize> {
    let axes = Axes::load(&config.axes)?;
    let statements = config.from.join(report::STATEMENTS_CSV);
    // Matched on the text alone: the same record read from another folder gets another doc id.
    let labelled: HashSet<String> = labels::read_labels(&config.exclude, &axes)?.into_iter().map(|s| s.text).collect();
    let mut candidates = read_candidates(&statements, &axes)?;
    let mut seen = HashSet::new();
    candidates.retain(|c| {
        !labelled.contains(&c.text) && seen.insert((c.doc.clone(), c.text.clone()))
    });
    // Stable sort: equal margins keep the table's order, so the output is deterministic.
    candidates.sort_by(|a, b| a.margin().total_cmp(&b.margin()));
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
    labels::write_labels(&config.out, &rows)?;
    eprintln!(
        "wrote {} sentence(s) to {}, least certain first, predicted labels filled in\n  \
         next: correct the labels, then `stance train --labels data/labels/*.csv {}`",
        candidates.len(),
        config.out.display(),
        config.out.display()
    );
    Ok(candidates.len())
}

/// The statement table's sentences with their probabilities on every axis of `axes`.
fn read_candidates(path: &Path, axes: &Axes) -> Result<Vec<Candidate>> {
    let csv_error = |e: csv::Error| {
        let line = e.position().map(|p| p.line());
        Error::bad_input(path, line, format!("not a readable statements CSV: {e}"))
    };
    let mut reader = csv::Reader::from_path(path).map_err(|e| match e.kind() {
        csv::ErrorKind::Io(_) => Error::bad_input(
            path,
            None,
            "cannot be read; pass --from the output folder of a `stance run`".to_string(),
        ),
        _ => csv_error(e),
    })?;
    let headers = reader.headers().map_err(csv_error)?.clone();
    let column = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            Error::bad_input(
                path,
                Some(1),
                format!(
                    "no column {name:?}: was it written by `stance run` with these axes ({})?",
                    axes.names().join(", ")
                ),
            )
        })
    };
    let [conference, doc, delegation, text] = ["conference", "doc", "delegation", "text"].map(column);
    let (conference, doc, delegation, text) = (conference?, doc?, delegation?, text?);
    let prob_columns: Vec<[usize; 3]> = axes
        .axes
        .iter()
        .map(|axis| {
            let [l, r, n] = Side::ALL.map(|side| column(&format!("{}_p_{}", axis.name, axis.label(side))));
            Ok([l?, r?, n?])
        })
        .collect::<Result<_>>()?;

    let mut candidates = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map(|p| p.line());
        let number = |i: usize| {
            record[i]
                .parse::<f32>()
                .map_err(|_| Error::bad_input(path, line, format!("{:?} is not a probability", &record[i])))
        };
        let probs = prob_columns
            .iter()
            .map(|&[l, r, n]| Ok(AxisProbs { left: number(l)?, right: number(r)?, none: number(n)? }))
            .collect::<Result<Vec<_>>>()?;
        candidates.push(Candidate {
            conference: record[conference].to_string(),
            doc: record[doc].to_string(),
            delegation: record[delegation].to_string(),
            text: record[text].to_string(),
            probs,
        });
    }
    Ok(candidates)
}

/// Where `stance suggest` writes by default: beside the statement table it reads.
pub fn default_out(from: &Path) -> PathBuf {
    from.join("suggest.csv")
}
