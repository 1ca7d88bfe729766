//! Where a run's time and memory go, for `stance bench` and the end-of-run summary.

use std::time::{Duration, Instant};

/// Wall time per pipeline stage, in the order the stages ran.
#[derive(Debug, Default, Clone)]
pub struct StageTimes {
    stages: Vec<Stage>,
}

/// One timed stage.
#[derive(Debug, Clone)]
pub struct Stage {
    pub name: &'static str,
    pub took: Duration,
    /// The process's peak resident memory when the stage ended: where it grows is where the
    /// memory goes.
    pub peak_bytes: Option<u64>,
}

impl StageTimes {
    /// Runs `f` as stage `name` and records how long it took. A stage that runs again (once
    /// per conference) adds to its time and keeps its place in the order.
    pub fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = f();
        let took = start.elapsed();
        let peak_bytes = peak_memory_bytes();
        match self.stages.iter_mut().find(|stage| stage.name == name) {
            Some(stage) => {
                stage.took += took;
                stage.peak_bytes = peak_bytes;
            }
            None => self.stages.push(Stage { name, took, peak_bytes }),
        }
        result
    }

    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    pub fn total(&self) -> Duration {
        self.stages.iter().map(|s| s.took).sum()
    }
}

/// The process's peak resident memory so far, in bytes (Linux; `None` elsewhere).
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
