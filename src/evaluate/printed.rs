//! The tables `stance eval` and `stance train` print: per axis sentence scores, classifiers side
//! by side, the cell figures per genre and per pole, and how many stated cells are right.

use super::cells::CellScores;
use super::{classifier_genres, label_names, stated, stated_groups, AxisScores, ClassifierEval};
use crate::axes::Axes;
use crate::types::PoleCells;

/// The scores as a printable table: per axis macro-F1 and ECE, then P/R/F1 per label.
pub fn table(axes: &Axes, scores: &[AxisScores]) -> String {
    let mut out = format!("{:<12} {:>8} {:>6}   per label: precision / recall / F1 (support)\n", "axis", "macro-F1", "ECE");
    for (axis, s) in axes.axes.iter().zip(scores) {
        let labels = label_names(axis);
        let per_label: Vec<String> = (0..3)
            .map(|c| format!("{} {:.2}/{:.2}/{:.2} ({})", labels[c], s.precision(c), s.recall(c), s.f1(c), s.support(c)))
            .collect();
        out.push_str(&format!("{:<12} {:>8.3} {:>6.3}   {}\n", axis.name, s.macro_f1(), s.ece, per_label.join("; ")));
    }
    out
}

/// Per axis, each classifier's sentence macro-F1 and ECE side by side.
pub fn comparison_table(axes: &Axes, classifiers: &[ClassifierEval]) -> String {
    // A column is as wide as its name, and at least as wide as "0.000 / 0.000".
    let widths: Vec<usize> = classifiers.iter().map(|c| c.name.chars().count().max(13)).collect();
    let mut out = format!("{:<12}", "sentences: macro-F1/ECE");
    out.push('\n');
    out.push_str(&format!("{:<12}", ""));
    for (c, width) in classifiers.iter().zip(&widths) {
        out.push_str(&format!("   {:>width$}", c.name));
    }
    out.push('\n');
    for (i, axis) in axes.axes.iter().enumerate() {
        out.push_str(&format!("{:<12}", axis.name));
        for (c, width) in classifiers.iter().zip(&widths) {
            let cell = format!("{:.3} / {:.3}", c.sentences[i].macro_f1(), c.sentences[i].ece);
            out.push_str(&format!("   {cell:>width$}"));
        }
        out.push('\n');
    }
    out
}

/// Per classifier and genre, the cell figures: agreement on the cells where a delegation takes
/// a side, `not_addressed` kept on the other axes of such delegations and on every axis of the
/// delegations that take none, and the cell macro-F1.
pub fn cell_table(classifiers: &[ClassifierEval]) -> String {
    let mut out = format!(
        "{:<22} {:<15} {:>16} {:>16} {:>16} {:>9}\n",
        "cells", "genre", "addressed agree", "uncoded n/a", "silent n/a", "macro-F1"
    );
    let figure = |value: f64, n: usize| format!("{value:.3} ({n})");
    for (classifier, genre, group) in classifier_genres(classifiers) {
        let scores = CellScores::new(group);
        out.push_str(&format!(
            "{:<22} {:<15} {:>16} {:>16} {:>16} {:>9.3}\n",
            classifier,
            genre,
            figure(scores.addressed_agreement(), scores.addressed),
            figure(scores.uncoded_not_addressed(), scores.uncoded),
            figure(scores.silent_not_addressed(), scores.silent),
            scores.macro_f1()
        ));
    }
    out
}

/// Per classifier and genre, the share of stated cells that the annotations confirm, in all and
/// by the probability of the cell's evidence sentence, then how many of the cells stated `mixed`
/// are ([`stated`]).
pub fn stated_table(classifiers: &[ClassifierEval]) -> String {
    let mut out = format!("{:<22} {:<15} {:>12}", "stated cells right", "genre", "all");
    for band in stated::band_names() {
        out.push_str(&format!(" {band:>12}"));
    }
    out.push_str(&format!(" {:>14}\n", "mixed: right"));
    let figure = |s: &stated::StatedCells| format!("{:.3} ({})", s.share_right(), s.stated);
    for (classifier, genre, all, by_band) in stated_groups(classifiers) {
        out.push_str(&format!("{:<22} {:<15} {:>12}", classifier, genre, figure(&all)));
        for band in &by_band {
            out.push_str(&format!(" {:>12}", figure(band)));
        }
        out.push_str(&format!(" {:>14}\n", format!("{} of {}", all.mixed_right, all.mixed)));
    }
    out
}

/// Per genre and pole, of the pole's held-out stances how many the table found and how many it
/// left `not_addressed`, and of the cells it stated on the pole how many are right
/// ([`super::poles`]).
pub fn pole_table(poles: &[PoleCells]) -> String {
    let mut out = format!(
        "{:<15} {:<12} {:<20} {:>9} {:>14} {:>13} {:>15}\n",
        "genre", "axis", "pole", "annotated", "found", "not_addressed", "right of stated"
    );
    let share = |hits: usize, of: usize| match of {
        0 => format!("{hits} (-)"),
        _ => format!("{hits} ({:.2})", hits as f64 / of as f64),
    };
    for p in poles {
        out.push_str(&format!(
            "{:<15} {:<12} {:<20} {:>9} {:>14} {:>13} {:>15}\n",
            p.genre,
            p.axis,
            p.pole,
            p.annotated,
            share(p.found, p.annotated),
            p.not_addressed,
            format!("{} of {}", p.found, p.stated)
        ));
    }
    out
}
