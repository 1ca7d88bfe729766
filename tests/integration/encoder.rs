//! The sentence encoder through rust-bert: the same vectors as the reference implementation,
//! and refused when its files are damaged or missing.

use stance::embed::{Embedder, EmbeddingCache, SentenceEncoder};
use stance::Error;
use std::path::Path;

#[derive(serde::Deserialize)]
struct Reference {
    sentences: Vec<String>,
    /// The model's sentence embeddings (its last layer, pooled): an embedding's first block.
    embeddings: Vec<Vec<f32>>,
    /// Layer number -> that layer pooled the same way: the blocks after the first.
    layers: std::collections::BTreeMap<usize, Vec<Vec<f32>>>,
}

impl Reference {
    /// Sentence `i`'s expected embedding as `encoder` lays it out: the last layer's block,
    /// then one per other pooled layer.
    fn expected(&self, encoder: &SentenceEncoder, i: usize) -> Vec<f32> {
        let mut row = self.embeddings[i].clone();
        for layer in &encoder.spec().layers[1..] {
            let block = self.layers.get(layer).unwrap_or_else(|| {
                panic!("the reference has no layer {layer}: rerun scripts/make_reference_embeddings.py")
            });
            row.extend(&block[i]);
        }
        row
    }
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (norm(a) * norm(b))
}

/// The reference sentences and sentence-transformers' vectors for them, and the encoder.
fn reference_and_encoder() -> (Reference, SentenceEncoder) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference_embeddings.json");
    let reference: Reference = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let encoder = SentenceEncoder::load(&crate::common::repo("models/encoder")).expect("run `make setup` first");
    (reference, encoder)
}

/// Every block of an embedding (the last layer's, then each other pooled layer's) matches the
/// reference's, batched or alone.
#[test]
fn embeddings_match_the_reference_sentence_transformer() {
    let (reference, encoder) = reference_and_encoder();
    let texts: Vec<&str> = reference.sentences.iter().map(String::as_str).collect();
    let width = encoder.spec().layer_dim;
    assert_eq!(encoder.dim(), width * encoder.spec().layers.len());
    // Batched together (padding in play) and one at a time must both match.
    let batched = encoder.embed_batch(&texts).unwrap();
    for i in 0..texts.len() {
        let expected = reference.expected(&encoder, i);
        let single = encoder.embed_batch(&texts[i..=i]).unwrap();
        for (how, row) in [("batched", batched.row(i).to_vec()), ("alone", single.row(0).to_vec())] {
            for (block, (got, want)) in row.chunks(width).zip(expected.chunks(width)).enumerate() {
                let cos = cosine(got, want);
                assert!(cos > 0.999, "sentence {i} ({how}), block {block}: cosine {cos} with the reference");
            }
        }
    }
}

#[test]
fn chunked_embedding_hands_over_every_sentence_once_with_its_own_vector() {
    let (reference, encoder) = reference_and_encoder();
    let texts: Vec<&str> = reference.sentences.iter().map(String::as_str).collect();
    let dir = tempfile::tempdir().unwrap();
    let cache = EmbeddingCache::open(dir.path(), encoder.spec()).unwrap();
    let embedder = Embedder {
        encoder,
        cache: Some(cache),
        batch_size: 2,
        chunk_rows: 3,
    };
    // Every other sentence is cached beforehand: chunks then come from the cache and the model.
    let cached: Vec<&str> = texts.iter().copied().step_by(2).collect();
    embedder.embed_all(&cached).unwrap();

    let mut seen = vec![0usize; texts.len()];
    let stats = embedder.embed_in_chunks(&texts, |indices, rows| {
        assert!(indices.len() <= 4 && indices.len() == rows.nrows(), "a chunk of {}", indices.len());
        for (&i, row) in indices.iter().zip(rows.rows()) {
            seen[i] += 1;
            let cos = cosine(&row.to_vec(), &reference.expected(&embedder.encoder, i));
            assert!(cos > 0.999, "sentence {i}: cosine {cos} with its reference");
        }
        Ok(())
    })
    .unwrap();
    assert!(seen.iter().all(|&n| n == 1), "{seen:?}");
    assert_eq!((stats.from_cache, stats.embedded), (cached.len(), texts.len() - cached.len()));
}

/// A text given twice is embedded once and both copies get its row, bit for bit. Embedded in two
/// places of the batches, the copies differed in the last bits and the cache kept one of them,
/// so that a run with a warm cache gave other probabilities (in the fourth decimal) than the
/// same run with a cold one.
#[test]
fn a_text_given_twice_is_embedded_once_and_each_copy_gets_its_row() {
    let (reference, encoder) = reference_and_encoder();
    let mut texts: Vec<&str> = reference.sentences.iter().map(String::as_str).collect();
    let (first, last) = (texts[0], texts[texts.len() - 1]);
    texts.insert(texts.len() / 2, last);
    texts.push(first);
    let embedder = Embedder { encoder, cache: None, batch_size: 2, chunk_rows: 3 };
    let (rows, stats) = embedder.embed_all(&texts).unwrap();
    assert_eq!(stats.embedded, texts.len() - 2, "two copies, not embedded again");
    for (i, text) in texts.iter().enumerate() {
        let j = texts.iter().position(|t| t == text).unwrap();
        assert_eq!(rows.row(i), rows.row(j), "{text}");
    }
}

/// A copy of the encoder directory in which `damage` has been done.
fn damaged_copy(damage: impl FnOnce(&Path)) -> tempfile::TempDir {
    let source = crate::common::repo("models/encoder");
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
