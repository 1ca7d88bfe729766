//! The sentence encoder through rust-bert: the same vectors as the reference implementation,
//! and refused when its files are damaged or missing.

use stance::config::Resources;
use stance::embed::SentenceEncoder;
use stance::Error;
use std::path::Path;

#[derive(serde::Deserialize)]
struct Reference {
    sentences: Vec<String>,
    embeddings: Vec<Vec<f32>>,
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (norm(a) * norm(b))
}

#[test]
fn embeddings_match_the_reference_sentence_transformer() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference_embeddings.json");
    let reference: Reference = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let encoder = SentenceEncoder::load(&Resources::default().model_dir).expect("run `make setup` first");
    let texts: Vec<&str> = reference.sentences.iter().map(String::as_str).collect();
    // Batched together (padding in play) and one at a time must both match.
    let batched = encoder.embed_batch(&texts).unwrap();
    for (i, expected) in reference.embeddings.iter().enumerate() {
        let single = encoder.embed_batch(&texts[i..=i]).unwrap();
        for (how, row) in [("batched", batched.row(i).to_vec()), ("alone", single.row(0).to_vec())] {
            let cos = cosine(&row, expected);
            assert!(cos > 0.999, "sentence {i} ({how}): cosine {cos} with the reference");
        }
    }
}

/// A copy of the encoder directory in which `damage` has been done.
fn damaged_copy(damage: impl FnOnce(&Path)) -> tempfile::TempDir {
    let source = Resources::default().model_dir;
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&source).unwrap() {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir(&to).unwrap();
            for inner in std::fs::read_dir(entry.path()).unwrap() {
                let inner = inner.unwrap();
                std::fs::copy(inner.path(), to.join(inner.file_name())).unwrap();
            }
        } else {
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
    damage(dir.path());
    dir
}

#[test]
fn a_modified_model_file_is_refused() {
    let dir = damaged_copy(|d| {
        let vocab = d.join("vocab.txt");
        let mut text = std::fs::read_to_string(&vocab).unwrap();
        text.push_str("extra\n");
        std::fs::write(vocab, text).unwrap();
    });
    match SentenceEncoder::load(dir.path()) {
        Err(err @ Error::ModelCorrupt { .. }) => {
            let message = err.to_string();
            assert!(message.contains("vocab.txt") && message.contains("make clean-deps setup"), "{message}");
        }
        Err(other) => panic!("expected ModelCorrupt, got {other}"),
        Ok(_) => panic!("a modified vocab.txt was accepted"),
    }
}

#[test]
fn a_missing_model_file_is_refused() {
    let dir = damaged_copy(|d| std::fs::remove_file(d.join("tokenizer.json")).unwrap());
    match SentenceEncoder::load(dir.path()) {
        Err(err @ Error::ModelMissing { .. }) => {
            let message = err.to_string();
            assert!(message.contains("tokenizer.json") && message.contains("make setup"), "{message}");
        }
        Err(other) => panic!("expected ModelMissing, got {other}"),
        Ok(_) => panic!("a model without tokenizer.json was accepted"),
    }
}
