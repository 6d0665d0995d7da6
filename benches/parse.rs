//! Parser throughput on a large synthetic patch (`cargo bench --bench parse`).
//! The real-world figure comes from `examples/parse_throughput.rs` run on a
//! `git log -p` dump.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

/// A `git log -p`-like input: `commits` commits of 5 files with 4 hunks each,
/// with function context, CRLF and non-UTF-8 lines mixed in.
fn synthetic(commits: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for c in 0..commits {
        out.extend_from_slice(
            format!(
                "commit {c:040x}\nAuthor: A U Thor <a@example.org>\nDate:   Mon Jan 1 00:00:00 2024 +0000\n\n    Change number {c}\n\n    With a body.\n\n"
            )
            .as_bytes(),
        );
        for f in 0..5 {
            out.extend_from_slice(
                format!("diff --git a/src/m{f}/file{c}.c b/src/m{f}/file{c}.c\nindex 1234567..89abcde 100644\n--- a/src/m{f}/file{c}.c\n+++ b/src/m{f}/file{c}.c\n").as_bytes(),
            );
            for h in 0..4 {
                let at = h * 50 + 10;
                out.extend_from_slice(
                    format!("@@ -{at},7 +{at},8 @@ static int function_{h}(struct state *s)\n")
                        .as_bytes(),
                );
                out.extend_from_slice(b" \tint rc;\n \n \trc = prepare(s);\n-\tif (rc < 0)\n+\tif (rc < 0) {\r\n+\t\tlog_error(\"caf\xe9\");\n \t\treturn rc;\n \n \tdone(s);\n");
            }
        }
        out.push(b'\n');
    }
    out
}

fn bench_parse(c: &mut Criterion) {
    let input = synthetic(2_000);
    let patch = ferry::patch::parse(&input);
    assert!(patch.is_ok(), "the synthetic patch must parse: {patch:?}");
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.sample_size(20);
    group.bench_function("git_log_synthetic", |b| {
        // The model's drop (one allocation per line) is not parsing.
        b.iter_with_large_drop(|| ferry::patch::parse(black_box(&input)))
    });
    let patch = patch.ok();
    group.bench_function("render_git_log_synthetic", |b| {
        b.iter(|| patch.as_ref().map(|p| p.to_bytes()))
    });
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
