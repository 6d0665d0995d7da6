//! Parses a patch file and prints its shape and the parser's throughput:
//! `cargo run --release --example parse_throughput -- big.patch`.

use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: parse_throughput <patch file>"))?;
    let bytes = std::fs::read(&path)?;
    let mut best = f64::INFINITY;
    let mut patch = None;
    for _ in 0..5 {
        let start = Instant::now();
        let parsed = ferry::patch::parse(&bytes)?;
        best = best.min(start.elapsed().as_secs_f64());
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
        "{path}: {mb:.1} MB, {} commits, {files} files, {hunks} hunks; best of 5: {:.1} ms, {:.0} MB/s; round trip {}",
        patch.commits.len(),
        best * 1e3,
        mb / best,
        if patch.to_bytes() == bytes { "exact" } else { "DIFFERS" }
    );
    Ok(())
}
