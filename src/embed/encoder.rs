//! all-MiniLM-L6-v2 (or any BERT sentence-transformer laid out the same way) on libtorch:
//! HF `tokenizers` reads the model's own `tokenizer.json`; rust-bert's `BertModel` runs the
//! transformer; mean pooling over real tokens and L2 normalisation follow the model's
//! `modules.json`, as sentence-transformers does: for the last layer, which is the model's own
//! sentence embedding, and for each of [`EXTRA_POOLED_LAYERS`], pooled the same way and put
//! after it (the layout of an embedding is [`super::EmbeddingSpec`]'s).

use super::manifest::EncoderManifest;
use super::{EmbeddingSpec, EXTRA_POOLED_LAYERS};
use crate::error::{Error, Result};
use ndarray::Array2;
use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use tch::{nn, Device, Kind, Tensor};
use tokenizers::{Tokenizer, TruncationParams};

#[derive(Deserialize)]
struct SentenceBertConfig {
    max_seq_length: usize,
}

#[derive(Deserialize)]
struct PoolingConfig {
    word_embedding_dimension: usize,
    pooling_mode_mean_tokens: bool,
}

#[derive(Deserialize)]
struct Module {
    #[serde(rename = "type")]
    kind: String,
}

pub struct SentenceEncoder {
    model: BertModel<BertEmbeddings>,
    // Keeps the weights alive for `model`.
    _vars: nn::VarStore,
    tokenizer: Tokenizer,
    /// Where the tokenizer was read from, for messages.
    tokenizer_path: PathBuf,
    /// What its embeddings are: its digest, the layers pooled, a block's width.
    spec: EmbeddingSpec,
    normalize: bool,
    description: String,
    matmul_flops_per_token: f64,
    feed_forward: (i64, i64),
}

impl SentenceEncoder {
    /// Loads the encoder in `dir` after checking every file against its manifest. Never touches
    /// the network.
    pub fn load(dir: &Path) -> Result<Self> {
        let manifest = EncoderManifest::load_verified(dir)?;
        let file = |name: &str| manifest.file(dir, name);

        let config_path = file("config.json")?;
        let mut config: BertConfig = read_json(&config_path)?;
        let last = usize::try_from(config.num_hidden_layers).unwrap_or(0);
        if let Some(&layer) = EXTRA_POOLED_LAYERS.iter().find(|&&l| l == 0 || l >= last) {
            return Err(Error::bad_input(
                &config_path,
                None,
                format!(
                    "the encoder has {last} layers; stance pools layer {layer} beside the last, and needs a model \
                     of at least {} layers (as all-MiniLM-L6-v2, 6)",
                    EXTRA_POOLED_LAYERS.iter().max().map_or(1, |m| m + 1)
                ),
            ));
        }
        // Every layer's output, not the last alone, when more than the last is pooled.
        config.output_hidden_states = Some(!EXTRA_POOLED_LAYERS.is_empty());
        let sbert: SentenceBertConfig = read_json(&file("sentence_bert_config.json")?)?;
        let pooling_path = file("1_Pooling/config.json")?;
        let pooling: PoolingConfig = read_json(&pooling_path)?;
        if !pooling.pooling_mode_mean_tokens {
            return Err(Error::bad_input(
                &pooling_path,
                None,
                "only mean-token pooling is supported (pooling_mode_mean_tokens = true)",
            ));
        }
        let modules: Vec<Module> = read_json(&file("modules.json")?)?;
        let normalize = modules.iter().any(|m| m.kind.ends_with(".Normalize"));

        let tokenizer_path = file("tokenizer.json")?;
        let mut tokenizer = Tokenizer::from_file(&tokenizer_path).map_err(|e| Error::Tokenizer {
            path: tokenizer_path.clone(),
            message: e.to_string(),
        })?;
        // The file pads every input to a fixed length; batches are padded here, to their
        // longest member, and truncated at the model's own maximum.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: sbert.max_seq_length,
                ..Default::default()
            }))
            .map_err(|e| Error::Tokenizer {
                path: tokenizer_path.clone(),
                message: e.to_string(),
            })?;

        let mut vars = nn::VarStore::new(Device::Cpu);
        let model = BertModel::<BertEmbeddings>::new_with_optional_pooler(vars.root(), &config, false);
        let weights = file("model.safetensors")?;
        vars.load(&weights)?;
        vars.freeze();

        Ok(SentenceEncoder {
            model,
            _vars: vars,
            tokenizer,
            tokenizer_path,
            spec: EmbeddingSpec::new(manifest.digest(), last, pooling.word_embedding_dimension),
            normalize,
            description: format!("{} ({})", manifest.model, manifest.source),
            matmul_flops_per_token: matmul_flops_per_token(&config),
            feed_forward: (config.hidden_size, config.intermediate_size),
        })
    }

    /// The floating-point operations of the model's weight matrices per token (see
    /// [`matmul_flops_per_token`]): with a token rate, the arithmetic rate the model reaches.
    pub fn matmul_flops_per_token(&self) -> f64 {
        self.matmul_flops_per_token
    }

    /// (hidden size, intermediate size): the shape of a layer's largest weight matrix.
    pub fn feed_forward_shape(&self) -> (i64, i64) {
        self.feed_forward
    }

    /// Width of an embedding: every pooled layer's.
    pub fn dim(&self) -> usize {
        self.spec.dim()
    }

    /// The encoder's identity: the digest of its manifest's file digests.
    pub fn digest(&self) -> &str {
        &self.spec.encoder_sha256
    }

    /// What its embeddings are: the encoder, the layers pooled, their width.
    pub fn spec(&self) -> &EmbeddingSpec {
        &self.spec
    }

    /// The model's name and source, for messages.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Number of tokens (special tokens included, after truncation) of each text.
    pub fn token_counts(&self, texts: &[&str]) -> Result<Vec<usize>> {
        let encodings = self.tokenize(texts)?;
        Ok(encodings.iter().map(|e| e.len()).collect())
    }

    /// Embeds one batch: a row per text, in order.
    pub fn embed_batch(&self, texts: &[&str]) -> Result<Array2<f32>> {
        if texts.is_empty() {
            return Ok(Array2::zeros((0, self.dim())));
        }
        let encodings = self.tokenize(texts)?;
        let rows = encodings.len();
        let width = encodings.iter().map(|e| e.len()).max().unwrap_or(0).max(1);
        let mut ids = vec![0i64; rows * width];
        let mut mask = vec![0i64; rows * width];
        let mut types = vec![0i64; rows * width];
        for (r, encoding) in encodings.iter().enumerate() {
            for (c, ((&id, &m), &t)) in encoding
                .get_ids()
                .iter()
                .zip(encoding.get_attention_mask())
                .zip(encoding.get_type_ids())
                .enumerate()
            {
                ids[r * width + c] = i64::from(id);
                mask[r * width + c] = i64::from(m);
                types[r * width + c] = i64::from(t);
            }
        }
        let shape = [rows as i64, width as i64];
        let ids = Tensor::from_slice(&ids).view(shape);
        let mask = Tensor::from_slice(&mask).view(shape);
        let types = Tensor::from_slice(&types).view(shape);

        let pooled = tch::no_grad(|| -> Result<Tensor> {
            let output = self
                .model
                .forward_t(Some(&ids), Some(&mask), Some(&types), None, None, None, None, false)
                .map_err(|e| Error::Torch(tch::TchError::Torch(e.to_string())))?;
            let mask = mask.unsqueeze(-1).to_kind(Kind::Float);
            let counts = mask.sum_dim_intlist(1, false, Kind::Float).clamp_min(1e-9);
            let pool = |states: &Tensor| {
                let mean = (states * &mask).sum_dim_intlist(1, false, Kind::Float) / &counts;
                if self.normalize {
                    let norms = mean.norm_scalaropt_dim(2.0, 1, true).clamp_min(1e-12);
                    mean / norms
                } else {
                    mean
                }
            };
            let mut blocks = vec![pool(&output.hidden_state)];
            if let Some(all) = &output.all_hidden_states {
                // all[i] is the output of layer i + 1.
                blocks.extend(self.spec.layers[1..].iter().map(|&layer| pool(&all[layer - 1])));
            }
            Ok(Tensor::cat(&blocks, 1))
        })?;
        let values = Vec::<f32>::try_from(pooled.contiguous().view(-1))?;
        Array2::from_shape_vec((rows, self.dim()), values)
            .map_err(|e| Error::Torch(tch::TchError::Shape(e.to_string())))
    }

    fn tokenize(&self, texts: &[&str]) -> Result<Vec<tokenizers::Encoding>> {
        self.tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| Error::Tokenizer {
                path: self.tokenizer_path.clone(),
                message: e.to_string(),
            })
    }
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::bad_input(path, None, format!("invalid JSON: {e}")))
}

/// FLOPs per token in the weight matrices of a BERT encoder: per layer the query, key, value
/// and output projections (4 h²) and the feed-forward pair (2 h i) multiply-adds, two FLOPs
/// each. Attention scores add 4 h per token of context per layer, a few percent at sentence
/// lengths, and are left out: this is a floor on the work, so the rate it gives is too.
fn matmul_flops_per_token(config: &BertConfig) -> f64 {
    let (h, i, layers) = (config.hidden_size as f64, config.intermediate_size as f64, config.num_hidden_layers as f64);
    2.0 * layers * (4.0 * h * h + 2.0 * h * i)
}

/// The fp32 rate of libtorch's matrix product (m×k)·(k×n) on this machine, with the threads the
/// run set: the ceiling the encoder's arithmetic can approach. Timed over at least half a
/// second after a warm-up product.
pub fn matmul_gflops(m: i64, k: i64, n: i64) -> f64 {
    let options = (tch::Kind::Float, tch::Device::Cpu);
    let (a, b) = (tch::Tensor::randn([m, k], options), tch::Tensor::randn([k, n], options));
    tch::no_grad(|| {
        let _ = a.matmul(&b);
        let start = std::time::Instant::now();
        let mut products = 0u32;
        while products < 3 || start.elapsed().as_secs_f64() < 0.5 {
            let _ = a.matmul(&b);
            products += 1;
        }
        2.0 * (m * k * n) as f64 * f64::from(products) / start.elapsed().as_secs_f64() / 1e9
    })
}
