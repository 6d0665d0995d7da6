//! The tree check's search next to `git grep`, on the same generated tree,
//! in the same run (`cargo bench --bench tree_check`).
//!
//! A tree of 1,500 Rust files (about 24 MB, seeded, the size of tikv's) is
//! searched for two names: one only the last file uses, one no file uses,
//! so every file is read. `*_checkout` asks about HEAD, whose files the
//! index vouches for, so ferry reads them from disk; `*_pack` asks about the
//! commit before, whose blobs come from the pack (`git gc` packed them).
//! ferry opens the repository afresh each time, so nothing it kept from an
//! earlier search answers. The peer is `git grep -w` over the worktree and
//! over the older commit, run as a process (its figures include start-up).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::path::Path;
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use ferry::git::Repo;

const FILES: usize = 1_500;
const LINES_PER_FILE: usize = 400;
const LATE: &str = "present_only_in_the_last_file";
const ABSENT: &str = "absent_from_every_file";

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=b",
            "-c",
            "user.email=b@b",
            "-c",
            "gc.auto=0",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

/// Seeded words, the same on every run.
fn words(seed: u64) -> impl Iterator<Item = String> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    std::iter::from_fn(move || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        Some(format!("name_{:x}", (x >> 33) % 50_000))
    })
}

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    for f in 0..FILES {
        let mut text = String::new();
        let mut w = words(f as u64);
        for _ in 0..LINES_PER_FILE {
            let (a, b, c) = (w.next().unwrap(), w.next().unwrap(), w.next().unwrap());
            text.push_str(&format!("    let {a} = {b}(&{c}, 42);\n"));
        }
        if f == FILES - 1 {
            text.push_str(&format!("fn {LATE}() {{}}\n"));
        }
        let path = root.join(format!("src/m{:02}/f{f:04}.rs", f % 40));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "tree"]);
    std::fs::write(root.join("src/m00/f0000.rs"), "fn changed() {}\n").unwrap();
    git(root, &["commit", "-q", "-am", "one more"]);
    git(root, &["gc", "-q"]);
    // Files older than the index, as in a checkout nobody touched since.
    let touched = Command::new("find")
        .args([
            ".",
            "-name",
            "*.rs",
            "-exec",
            "touch",
            "-d",
            "2020-01-01",
            "{}",
            "+",
        ])
        .current_dir(root)
        .status()
        .unwrap();
    assert!(touched.success());
    git(root, &["update-index", "--refresh"]);
    dir
}

fn search(root: &Path, rev: &str) -> usize {
    let repo = Repo::open(root).unwrap();
    let commit = repo.raw().revparse_single(rev).unwrap().id();
    let names = [LATE.as_bytes().to_vec(), ABSENT.as_bytes().to_vec()];
    let rust = |p: &[u8]| p.ends_with(b".rs");
    repo.words_in_tree(commit, &rust, &names).unwrap().len()
}

fn git_grep(root: &Path, rev: Option<&str>) -> bool {
    let mut cmd = Command::new("git");
    cmd.args(["grep", "-q", "-w", "-e", LATE, "-e", ABSENT]);
    if let Some(rev) = rev {
        cmd.arg(rev);
    }
    cmd.args(["--", "*.rs"]).current_dir(root);
    cmd.status().unwrap().success()
}

fn bench(c: &mut Criterion) {
    let dir = tree();
    let root = dir.path();
    // What each finds, so a fast miss is not taken for fast work.
    eprintln!(
        "ferry finds {} of 2 names at HEAD, {} at HEAD~1; git grep finds some: {} / {}",
        search(root, "HEAD"),
        search(root, "HEAD~1"),
        git_grep(root, None),
        git_grep(root, Some("HEAD~1")),
    );
    let mut group = c.benchmark_group("tree_search_1500_files");
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    group.bench_function("ferry_checkout", |b| {
        b.iter(|| black_box(search(root, "HEAD")))
    });
    group.bench_function("git_grep_worktree", |b| {
        b.iter(|| black_box(git_grep(root, None)))
    });
    group.bench_function("ferry_pack", |b| {
        b.iter(|| black_box(search(root, "HEAD~1")))
    });
    group.bench_function("git_grep_commit", |b| {
        b.iter(|| black_box(git_grep(root, Some("HEAD~1"))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
