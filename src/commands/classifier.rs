//! The classifier a command asks for, and heads files read and written: the file side of
//! `classify`, which itself touches no file.

use crate::axes::Axes;
use crate::classify::{Classifier, Heads, ZeroShot, HEADS_FILE};
use crate::config::ClassifierChoice;
use crate::embed::Embedder;
use crate::error::{Error, Result};
use crate::output;
use crate::types::CellRule;
use std::path::{Path, PathBuf};

/// The classifier `choice` names, with the rule that decides cells from its answers: trained
/// heads (checked against the encoder and `axes`) with the rule chosen with them, or zero-shot
/// with the default rule.
pub fn load(choice: &ClassifierChoice, axes: &Axes, embedder: &Embedder) -> Result<(Box<dyn Classifier>, CellRule)> {
    let heads_dir = match choice {
        ClassifierChoice::Heads(dir) => Some(dir),
        ClassifierChoice::Shipped(dir) if dir.join(HEADS_FILE).exists() => Some(dir),
        ClassifierChoice::Shipped(_) | ClassifierChoice::ZeroShot => None,
    };
    Ok(match heads_dir {
        Some(dir) => {
            let heads = read_heads(dir, axes, embedder)?;
            let rule = heads.cell_rule;
            (Box::new(heads), rule)
        }
        None => (Box::new(ZeroShot::embed_examples(axes, embedder)?), CellRule::default()),
    })
}

/// The heads in `dir`, checked against `embedder`'s encoder and `axes`.
pub fn read_heads(dir: &Path, axes: &Axes, embedder: &Embedder) -> Result<Heads> {
    let path = dir.join(HEADS_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::bad_input(
            &path,
            None,
            format!("{e}\n  fix: pass --heads the folder `stance train --out DIR` wrote, or retrain (`make heads`)"),
        )
    })?;
    Heads::from_json(&text, &path, axes, embedder.encoder.spec())
}

/// Writes `heads` to `dir/heads.json` (atomically; `dir` is created if needed).
pub fn write_heads(heads: &Heads, dir: &Path, axes: &Axes) -> Result<PathBuf> {
    output::prepare_out_dir(dir)?;
    let path = dir.join(HEADS_FILE);
    output::write_text(&path, &heads.to_json(axes)?)?;
    Ok(path)
}
