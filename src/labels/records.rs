//! The records an evaluation scores: every record that holds an annotation, read, attributed
//! and laid out as sentence rows with their scope exactly as `stance run` would, so that cells
//! are decided on the run's own statements, delegations and scope.
//!
//! A record is found under the first of the annotation roots that holds it; what a manifest
//! says of it (its delegation, for a one-speaker record) comes from the nearest `manifest.csv`
//! in its folder or a folder above it, up to its root.

use super::find_record;
use crate::attribute::ConferenceAttributor;
use crate::error::{Error, Result};
use crate::ingest::{self, Manifest, MANIFEST_FILE};
use crate::progress::Diagnostics;
use crate::resources::{self, Resources};
use crate::types::{AttributedDocument, RecordSource};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The annotated records, attributed.
pub struct AnnotatedRecords {
    pub docs: Vec<AttributedDocument>,
}

/// The genre of each collection of records, and how much a training sentence of a genre
/// weighs (`data/genres.toml`).
#[derive(Debug, Default)]
pub struct Genres {
    genres: BTreeMap<String, String>,
    training_weights: BTreeMap<String, f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GenresFile {
    genres: BTreeMap<String, String>,
    #[serde(default)]
    training_weights: BTreeMap<String, f64>,
}

impl Genres {
    pub fn load(path: &Path) -> Result<Self> {
        let file: GenresFile = resources::parse_toml(&resources::read_text(path)?, path, "genre list")?;
        if let Some((genre, weight)) = file.training_weights.iter().find(|(_, w)| !(w.is_finite() && **w > 0.0)) {
            return Err(Error::bad_input(
                path,
                None,
                format!("training_weights: {genre} = {weight}\n  fix: a weight is a number above 0 (1 is the default)"),
            ));
        }
        Ok(Genres {
            genres: file.genres,
            training_weights: file.training_weights,
        })
    }

    /// How much a training sentence of the record `doc` weighs: its genre's weight, or 1.
    pub fn training_weight(&self, doc: &str) -> f64 {
        self.training_weights.get(self.of(doc)).copied().unwrap_or(1.0)
    }

    /// The genres whose training sentences do not weigh 1, with their weights.
    pub fn training_weights(&self) -> &BTreeMap<String, f64> {
        &self.training_weights
    }

    /// The genre of the record `doc` (a doc path): its collection's, or "other".
    pub fn of(&self, doc: &str) -> &str {
        let collection = doc.split('/').next().unwrap_or_default();
        self.genres.get(collection).map_or("other", String::as_str)
    }
}

impl AnnotatedRecords {
    /// Reads and attributes the records `docs` (annotation doc paths) found under `roots`; one
    /// that cannot be found or read is named in `diag` and left out.
    pub fn load(docs: &BTreeSet<String>, roots: &[PathBuf], resources: &Resources, diag: &mut Diagnostics) -> Result<Self> {
        let mut manifests: HashMap<PathBuf, Option<Manifest>> = HashMap::new();
        let mut sources = Vec::new();
        for doc in docs {
            let Some(path) = find_record(doc, roots) else {
                diag.skip(Path::new(doc), "no record under the annotation roots");
                continue;
            };
            let manifest = match manifest_of(doc, &path) {
                Some(file) => {
                    if !manifests.contains_key(&file) {
                        let loaded = Manifest::load(&file, diag)?;
                        manifests.insert(file.clone(), Some(loaded));
                    }
                    manifests[&file].as_ref()
                }
                None => None,
            };
            sources.push(RecordSource::new(doc.clone(), path, manifest));
        }
        let mut attributor = ConferenceAttributor::load(resources)?;
        let mut attributed = Vec::new();
        for (_, group) in ingest::by_conference(sources) {
            attributed.extend(attributor.read_and_attribute(group, diag));
        }
        Ok(AnnotatedRecords { docs: attributed })
    }
}

/// The manifest that describes the record at `path` (named `doc` under its root): the nearest
/// `manifest.csv` from its folder up to the root, the root's own included (the folder `stance
/// run` was given, passed back as a root). Unlike a run's search for its inputs' manifest
/// (`ingest::find`), it stops at the annotation root, and a manifest found there that does not
/// load is an error: annotated records are read for training and scoring, where a record read
/// without its delegation would quietly move the truth.
fn manifest_of(doc: &str, path: &Path) -> Option<PathBuf> {
    let depth = Path::new(doc).components().count();
    path.ancestors()
        .skip(1)
        .take(depth)
        .map(|folder| folder.join(MANIFEST_FILE))
        .find(|file| file.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn genres(text: &str) -> Result<Genres> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("genres.toml");
        std::fs::write(&path, text).unwrap();
        Genres::load(&path)
    }

    #[test]
    fn a_sentence_weighs_its_genres_training_weight_or_one() {
        let g = genres("[genres]\n\"ungd\" = \"speech\"\n\"papers\" = \"position paper\"\n[training_weights]\nspeech = 3\n").unwrap();
        assert_eq!(g.of("ungd/s68/US.txt"), "speech");
        assert_eq!(g.training_weight("ungd/s68/US.txt"), 3.0);
        assert_eq!(g.training_weight("papers/001.txt"), 1.0);
        assert_eq!(g.training_weight("elsewhere/x.txt"), 1.0, "a collection not listed is `other`");
        assert_eq!(genres("[genres]\n").unwrap().training_weight("ungd/x.txt"), 1.0, "no weights: all 1");
    }

    /// A manifest's warnings about annotated records reach the command's diagnostics (and so
    /// its summary), as a run's do.
    #[test]
    fn a_warning_of_an_annotated_records_manifest_is_kept() {
        let root = tempfile::tempdir().unwrap();
        let collection = root.path().join("speeches");
        std::fs::create_dir(&collection).unwrap();
        std::fs::write(collection.join("A.txt"), "Statement by Ruritania.\n\nWe support open standards.\n").unwrap();
        std::fs::write(collection.join("manifest.csv"), "path,delegation\nA.txt,Ruritania\n,Nowhere\n").unwrap();
        let docs = BTreeSet::from(["speeches/A.txt".to_string()]);
        let mut diag = Diagnostics::default();
        let records = AnnotatedRecords::load(&docs, &[root.path().to_path_buf()], &Resources::default(), &mut diag).unwrap();
        assert_eq!(records.docs.len(), 1);
        let warnings: Vec<&String> = diag.warnings().iter().map(|(_, what)| what).collect();
        assert!(warnings.iter().any(|w| w.contains("empty `path`, row ignored")), "{warnings:?}");
    }

    /// The folder `stance run` was given is an annotation root (`--records ... RUN_INPUT`, as
    /// `stance suggest` says), and its own manifest describes its records: a manifest at the root
    /// was not read, and the records of a new batch lost their delegations in training and
    /// evaluation, their cells with them.
    #[test]
    fn a_manifest_at_the_annotation_root_gives_its_records_their_delegations() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("A.txt"), "We support open standards for the Internet.\n").unwrap();
        std::fs::write(root.path().join("manifest.csv"), "path,delegation\nA.txt,Ruritania\n").unwrap();
        let docs = BTreeSet::from(["A.txt".to_string()]);
        let mut diag = Diagnostics::default();
        let records = AnnotatedRecords::load(&docs, &[root.path().to_path_buf()], &Resources::default(), &mut diag).unwrap();
        assert_eq!(records.docs[0].doc.source.delegations, ["Ruritania"]);
        assert!(records.docs[0].statements.iter().all(|s| s.delegation == "Ruritania"));
    }

    #[test]
    fn a_weight_that_is_not_above_zero_is_refused_naming_the_file() {
        for bad in ["0", "-1", "nan"] {
            let err = genres(&format!("[genres]\n[training_weights]\nspeech = {bad}\n")).unwrap_err().to_string();
            assert!(err.contains("genres.toml") && err.contains("training_weights: speech") && err.contains("above 0"), "{err}");
        }
    }
}
