//! The classifier a command asks for, and heads files read and written: the file side of
//! `classify`, which itself touches no file.

use crate::axes::Axes;
use crate::classify::{Classifier, Heads, ZeroShot, HEADS_FILE};
use crate::config::ClassifierChoice;
use crate::embed::Embedder;
use crate::error::{Error, Result};
use crate::output;
use crate::types::{CellRule, PoleCells};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A run's classifier and what decides its cells.
pub struct Loaded {
    pub classifier: Box<dyn Classifier>,
    /// The rule chosen with the heads, or the default for zero-shot.
    pub cell_rule: CellRule,
    /// The sha256 of the heads file read (none for zero-shot), for the run's provenance.
    pub heads_sha256: Option<String>,
    /// How the heads' held-out cells fared pole by pole (none for zero-shot, which was not
    /// cross-validated, and for heads written before the figures were kept).
    pub held_out_poles: Vec<PoleCells>,
}

/// The classifier `choice` names, with the rule that decides cells from its answers: trained
/// heads (checked against the encoder and `axes`) with the rule chosen with them, or zero-shot
/// with the default rule.
pub fn load(choice: &ClassifierChoice, axes: &Axes, embedder: &Embedder) -> Result<Loaded> {
    let heads_dir = match choice {
        ClassifierChoice::Heads(dir) => Some(dir),
        ClassifierChoice::Shipped(dir) if dir.join(HEADS_FILE).exists() => Some(dir),
        ClassifierChoice::Shipped(_) | ClassifierChoice::ZeroShot => None,
    };
    Ok(match heads_dir {
        Some(dir) => {
            let (path, text) = heads_text(dir)?;
            let heads = Heads::from_json(&text, &path, axes, embedder.encoder.spec())?;
            Loaded {
                cell_rule: heads.cell_rule,
                heads_sha256: Some(format!("{:x}", Sha256::digest(text.as_bytes()))),
                held_out_poles: heads.meta.cross_validation.poles.clone(),
                classifier: Box::new(heads),
            }
        }
        None => Loaded {
            classifier: Box::new(ZeroShot::embed_examples(axes, embedder)?),
            cell_rule: CellRule::default(),
            heads_sha256: None,
            held_out_poles: Vec::new(),
        },
    })
}

/// The heads file in `dir` and its text.
fn heads_text(dir: &Path) -> Result<(PathBuf, String)> {
    let path = dir.join(HEADS_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::bad_input(
            &path,
            None,
            format!("{e}\n  fix: pass --heads the folder `stance train --out DIR` wrote, or retrain (`make heads`)"),
        )
    })?;
    Ok((path, text))
}

/// Writes `heads` to `dir/heads.json` (atomically; `dir` is created if needed).
pub fn write_heads(heads: &Heads, dir: &Path, axes: &Axes) -> Result<PathBuf> {
    output::prepare_out_dir(dir)?;
    let path = dir.join(HEADS_FILE);
    output::write_text(&path, &heads.to_json(axes)?)?;
    Ok(path)
}
