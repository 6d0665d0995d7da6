//! Parses a patch file and prints its shape and the parser's throughput:
//! `cargo run --release --example parse_throughput -- big.patch`.
//!
//! Besides wall time it reports the thread's CPU time (Linux
//! `/proc/thread-self/schedstat`), which stays meaningful on a busy machine.

use std::time::Instant;

/// Nanoseconds this thread has run on a CPU, where Linux tells.
fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: parse_throughput <patch file>"))?;
    let bytes = std::fs::read(&path)?;
    let (mut best_wall, mut best_cpu) = (f64::INFINITY, f64::INFINITY);
    let mut patch = None;
    for _ in 0..5 {
        let cpu = cpu_ns();
        let start = Instant::now();
        let parsed = ferry::patch::parse(&bytes)?;
        best_wall = best_wall.min(start.elapsed().as_secs_f64());
        if let (Some(before), Some(after)) = (cpu, cpu_ns()) {
            best_cpu = best_cpu.min(after.saturating_sub(before) as f64 / 1e9);
        }
        patch = Some(parsed);
    }
    let patch = patch.ok_or_else(|| anyhow::anyhow!("not parsed"))?;
    let files: usize = patch.commits.iter().map(|c| c.files.len()).sum();
    let hunks: usize = patch
        .commits
        .iter()
        .flat_map(|c| &c.files)
        .map(|f| f.hunks.len())
        .sum();
    let mb = bytes.len() as f64 / 1e6;
    println!(
        "{path}: {mb:.1} MB, {} commits, {files} files, {hunks} hunks; best of 5: \
         wall {:.1} ms ({:.0} MB/s), cpu {:.1} ms ({:.0} MB/s); round trip {}",
        patch.commits.len(),
        best_wall * 1e3,
        mb / best_wall,
        best_cpu * 1e3,
        mb / best_cpu,
        if patch.to_bytes() == bytes {
            "exact"
        } else {
            "DIFFERS"
        }
    );
    Ok(())
}
