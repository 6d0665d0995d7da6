//! How long a screen of code waits for its colours (`cargo bench --bench
//! highlight`): 60 lines at line 25,000 of a generated 50,000-line Rust file.
//!
//! - `cold`: a fresh highlighter, so the time includes loading syntect's
//!   syntaxes and theme on the worker and parsing the 25,000 lines above the
//!   screen once. This is the worst wait after opening a large file.
//! - `warm_jump`: checkpoints exist (the file was parsed once); each
//!   iteration jumps to a screen not seen before, so the worker re-parses
//!   from the nearest checkpoint below and colours 60 lines.
//! - `warm_scroll`: each iteration asks for the screen just below the last
//!   one, as paging down does; the worker goes on from where it stopped.
//!
//! The times are until the spans are in the cache, measured from the
//! request; the caller's thread never waits that long (it draws plain lines
//! meanwhile). Before timing, each warm case prints how many lines the
//! worker parsed per screen, so a fast figure cannot hide skipped work or
//! cache hits. The file is generated so every run sees the same bytes.

// Budget (../shared/DESIGN.md): a key press draws in under 16 ms on a
// 50,000-line file with highlighting on. Highlighting is off the draw path,
// so these figures bound how soon colours appear, not the frame time; a
// warm screen should still land within a frame or two. Nothing asserts it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use ferry::ui::highlight::{DocId, Highlighter};
use ferry::ui::theme::Theme;

const LINES: usize = 50_000;
const SCREEN: usize = 60;
const AT: usize = 25_000;
const WAIT: Duration = Duration::from_secs(120);

/// A Rust file of `n` lines: structs, impls, doc comments, strings, block
/// comments and attributes, repeating with varying names.
fn rust_file(n: usize) -> Arc<Vec<Vec<u8>>> {
    let mut out: Vec<String> = Vec::with_capacity(n + 32);
    let mut i = 0usize;
    while out.len() < n {
        out.extend([
            format!("/// A record kept for item {i}."),
            "#[derive(Debug, Clone, PartialEq)]".to_owned(),
            format!("pub struct Item{i} {{"),
            "    name: String,".to_owned(),
            format!("    weight: u{},", 8 << (i % 4)),
            "}".to_owned(),
            String::new(),
            format!("impl Item{i} {{"),
            "    /* Builds one; the name is trimmed. */".to_owned(),
            "    pub fn new(name: &str, weight: u64) -> Self {".to_owned(),
            format!("        let label = format!(\"{{}}-{i}\", name.trim());"),
            "        if weight > 0x7f && !label.is_empty() {".to_owned(),
            "            Self { name: label, weight: weight as _ }".to_owned(),
            "        } else {".to_owned(),
            "            Self { name: String::from(\"none\"), weight: 0 }".to_owned(),
            "        }".to_owned(),
            "    }".to_owned(),
            "}".to_owned(),
            String::new(),
        ]);
        i += 1;
    }
    out.truncate(n);
    Arc::new(out.into_iter().map(String::into_bytes).collect())
}

fn screen(h: &Highlighter, doc: DocId, start: usize) {
    h.request(doc, start..start + SCREEN);
    assert!(h.wait_idle(WAIT), "highlighter did not finish");
    assert!(h.spans(doc, start + SCREEN - 1).is_some());
}

/// Screen starts that are never cached when asked for: steps of a prime
/// number of lines, far apart, within the file.
fn jumps(from: usize) -> impl Iterator<Item = usize> {
    (from..).map(|i| 1_000 + (AT + i * 7_919) % (LINES - 2_000))
}

fn highlight(c: &mut Criterion) {
    let file = rust_file(LINES);
    let theme = Theme::default();
    let mut g = c.benchmark_group("highlight_screen_50k_lines");
    g.sampling_mode(SamplingMode::Flat);

    g.sample_size(10);
    g.bench_function("cold", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let started = Instant::now();
                let h = Highlighter::new(&theme);
                let doc = h.open(b"src/big.rs", Arc::clone(&file));
                screen(&h, doc, AT);
                total += started.elapsed();
                black_box(h.spans(doc, AT));
            }
            total
        });
    });

    // One highlighter parsed through once, so checkpoints cover the file.
    let warm = Highlighter::new(&theme);
    let doc = warm.open(b"src/big.rs", Arc::clone(&file));
    screen(&warm, doc, LINES - SCREEN);
    let probe_from = 10_000;
    let before = warm.lines_parsed();
    for start in jumps(probe_from).take(20) {
        screen(&warm, doc, start);
    }
    eprintln!(
        "warm_jump: {} lines parsed per screen",
        (warm.lines_parsed() - before) / 20
    );
    let before = warm.lines_parsed();
    for k in 0..20 {
        screen(&warm, doc, AT + 10_000 + k * SCREEN);
    }
    eprintln!(
        "warm_scroll: {} lines parsed per screen",
        (warm.lines_parsed() - before) / 20
    );

    g.sample_size(50);
    let mut next = jumps(probe_from + 20);
    g.bench_function("warm_jump", |b| {
        b.iter_custom(|iters| {
            let starts: Vec<usize> = next.by_ref().take(iters as usize).collect();
            let started = Instant::now();
            for start in starts {
                screen(&warm, doc, start);
            }
            started.elapsed()
        });
    });

    let mut below = AT;
    g.bench_function("warm_scroll", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                below += SCREEN;
                if below + SCREEN > LINES {
                    below = AT;
                }
                let started = Instant::now();
                screen(&warm, doc, below);
                total += started.elapsed();
            }
            total
        });
    });
    g.finish();
}

criterion_group!(benches, highlight);
criterion_main!(benches);
