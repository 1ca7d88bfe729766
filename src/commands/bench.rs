//! `stance bench`: a full run with the embedding cache off, timed stage by stage, with the
//! embedding throughput (sentences/s, tokens/s) and the peak memory, printed and written as CSV.

use super::run::{self, EMBED_STAGE};
use crate::config::RunConfig;
use crate::embed;
use crate::error::Result;
use crate::output;
use crate::timing::peak_memory_bytes;
use polars::prelude::*;
use std::path::PathBuf;

pub const BENCH_CSV: &str = "bench.csv";

/// One line of the benchmark table.
struct Measure {
    what: String,
    value: f64,
    unit: &'static str,
}

/// A unit whose measures are counts, printed without decimals.
const COUNT_UNIT: &str = "sentences";

impl Measure {
    /// Decimals to print: none for a count ("2208 sentences", not "2208.00").
    fn decimals(&self) -> usize {
        if self.unit == COUNT_UNIT { 0 } else { 2 }
    }
}

/// Runs `config` (its cache is ignored: every sentence is embedded) and reports the timings.
pub fn bench(config: &RunConfig) -> Result<PathBuf> {
    let mut config = config.clone();
    config.encoder.cache_dir = None;
    let outcome = run::run(&config)?;
    let mut measures: Vec<Measure> = Vec::new();
    let mebibytes_read = outcome.bytes as f64 / (1024.0 * 1024.0);
    for stage in outcome.times.stages() {
        measures.push(Measure {
            what: format!("time: {}", stage.name),
            value: stage.took.as_secs_f64(),
            unit: "s",
        });
        if ![run::LOAD_STAGE, run::CLASSIFIER_STAGE].contains(&stage.name) {
            measures.push(Measure {
                what: format!("throughput: {}", stage.name),
                value: mebibytes_read / stage.took.as_secs_f64().max(1e-9),
                unit: "MiB/s of records",
            });
        }
        measures.push(Measure {
            what: format!("peak memory after: {}", stage.name),
            value: mebibytes(stage.peak_bytes),
            unit: "MiB",
        });
    }
    let total = outcome.times.total().as_secs_f64();
    measures.push(Measure {
        what: "time: total".into(),
        value: total,
        unit: "s",
    });
    let embed_seconds = outcome
        .times
        .stages()
        .iter()
        .find(|stage| stage.name == EMBED_STAGE)
        .map_or(0.0, |stage| stage.took.as_secs_f64());
    let rate = |n: usize| if embed_seconds > 0.0 { n as f64 / embed_seconds } else { 0.0 };
    let model_gflops = rate(outcome.embed.tokens) * outcome.matmul_flops_per_token / 1e9;
    // The model's own matrix shapes: a batch of 32 sentences of 40 tokens times a layer's
    // feed-forward weights; and a large square product, near the machine's best.
    let (hidden, intermediate) = outcome.feed_forward_shape;
    let model_shape = embed::matmul_gflops(32 * 40, hidden, intermediate);
    let square = embed::matmul_gflops(1024, 1024, 1024);
    measures.extend([
        Measure {
            what: "sentences embedded".into(),
            value: outcome.embed.embedded as f64,
            unit: COUNT_UNIT,
        },
        Measure {
            what: "embedding throughput".into(),
            value: rate(outcome.embed.embedded),
            unit: "sentences/s",
        },
        Measure {
            what: "embedding throughput".into(),
            value: rate(outcome.embed.tokens),
            unit: "tokens/s",
        },
        Measure {
            what: "model arithmetic (weight matrices)".into(),
            value: model_gflops,
            unit: "GFLOP/s",
        },
        Measure {
            what: format!("libtorch fp32 matmul 1280x{hidden} . {hidden}x{intermediate}"),
            value: model_shape,
            unit: "GFLOP/s",
        },
        Measure {
            what: "libtorch fp32 matmul 1024^3".into(),
            value: square,
            unit: "GFLOP/s",
        },
        Measure {
            what: "model arithmetic / model-shape matmul".into(),
            value: 100.0 * model_gflops / model_shape,
            unit: "%",
        },
        Measure {
            what: "peak memory".into(),
            value: mebibytes(peak_memory_bytes()),
            unit: "MiB",
        },
    ]);

    println!("{:<48} {:>12}  unit", "measure", "value");
    for m in &measures {
        println!("{:<48} {:>12.*}  {}", m.what, m.decimals(), m.value, m.unit);
    }
    let mut df = DataFrame::new(
        measures.len(),
        vec![
            Column::new("measure".into(), measures.iter().map(|m| m.what.clone()).collect::<Vec<_>>()),
            Column::new("value".into(), measures.iter().map(|m| m.value).collect::<Vec<_>>()),
            Column::new("unit".into(), measures.iter().map(|m| m.unit).collect::<Vec<_>>()),
        ],
    )?;
    let path = config.out_dir.join(BENCH_CSV);
    output::write_csv(&mut df, &path)?;
    eprintln!("wrote {}", path.display());
    Ok(path)
}

fn mebibytes(bytes: Option<u64>) -> f64 {
    bytes.map_or(f64::NAN, |b| b as f64 / (1024.0 * 1024.0))
}
