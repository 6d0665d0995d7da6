//! Placement speed next to `git apply` and GNU `patch`, on the same patch file
//! and the same legacy files, in the same run (`cargo bench --bench place`).
//!
//! The input is generated: C-like functions from a seeded generator, a patch
//! written against them, and a legacy version that drifted the ways backports
//! meet (blocks inserted above a hunk, context lines edited, scattered edits
//! elsewhere). Every run and machine sees the same bytes, and the sizes are
//! what the budget names. Rejected: a real repository's history, which would
//! tie the bench to a checkout and could not scale one file to a million
//! lines.
//!
//! Every `ferry_plan_*` run starts on a fresh thread, so ferry's per-thread
//! memo of parsed outlines cannot skip the parsing a real run pays once per
//! file; `ferry_plan_no_upstream_warm` shows what the memo saves.
//!
//! The peers run as processes, so their figures include process start-up and
//! file I/O; the `startup` group measures start-up alone, and the `ferry_cli_*`
//! entries run the `ferry` binary the same way for a like-for-like figure.
//! Before timing, each case prints to stderr what every tool made of the
//! input (hunks placed or failed, files identical to the expected result), so
//! a fast refusal is not mistaken for fast work.

// Budget (../shared/DESIGN.md, "Budgets"): planning the 100-hunk patch over
// 20 files of 5,000 lines must take well under 100 ms in release (read
// `place_100_hunks_20_files/ferry_plan_*`), and the time per line of
// `place_large_file` must stay about the same from 10k to 1M lines. Nothing
// asserts it: timings are read from the report, never checked by a test.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::fs;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use ferry::patch::CommitPatch;
use ferry::place::Status;
use ferry::port::{plan_commit, FilePlan, PortError, PortOptions, Tree};

/// splitmix64: a tiny deterministic generator (no `rand` dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const NOUNS: &[&str] = &[
    "buf", "len", "state", "count", "offset", "flags", "node", "entry", "head", "tail", "ctx",
    "req", "res", "key", "value", "size", "pos", "index", "limit", "mask", "page", "slot", "queue",
    "table", "name", "path", "data", "item", "level", "mode",
];
const VERBS: &[&str] = &[
    "parse", "read", "write", "init", "free", "lookup", "insert", "remove", "update", "flush",
    "check", "find", "alloc", "reset", "emit", "scan", "merge", "split", "copy", "hash",
];
const TYPES: &[&str] = &[
    "struct state *",
    "struct buffer *",
    "const char *",
    "size_t",
    "int",
    "unsigned long",
    "struct node *",
    "uint32_t",
];
const OPS: &[&str] = &["<", ">", "==", "!=", "<=", ">="];
const ERRORS: &[&str] = &["EINVAL", "ENOMEM", "EIO", "EAGAIN", "ENOENT"];

/// A generated source file: its lines, the lines a hunk may change (simple
/// statements) and where each function starts.
#[derive(Default)]
struct Source {
    lines: Vec<Vec<u8>>,
    editable: Vec<usize>,
    starts: Vec<usize>,
}

impl Source {
    fn push(&mut self, line: String) {
        self.lines.push(line.into_bytes());
    }

    fn push_editable(&mut self, line: String) {
        self.editable.push(self.lines.len());
        self.push(line);
    }

    /// One C function of `statements` statements, named `name`.
    fn function(&mut self, rng: &mut Rng, name: &str, statements: usize) {
        self.starts.push(self.lines.len());
        if rng.chance(50) {
            self.push("/*".into());
            self.push(format!(
                " * {name}: {} the {} of a {}.",
                rng.pick(VERBS),
                rng.pick(NOUNS),
                rng.pick(NOUNS)
            ));
            self.push(" */".into());
        }
        let (a, b) = (rng.pick(NOUNS), rng.pick(NOUNS));
        self.push(format!(
            "static int {name}({}{a}, {}{b}_arg)",
            rng.pick(TYPES),
            rng.pick(TYPES)
        ));
        self.push("{".into());
        self.push("\tint rc = 0;".into());
        if rng.chance(50) {
            self.push("\tsize_t i;".into());
        }
        self.push(String::new());
        for _ in 0..statements {
            let (n1, n2, n3) = (rng.pick(NOUNS), rng.pick(NOUNS), rng.pick(NOUNS));
            let num = rng.below(64);
            match rng.below(8) {
                0 | 1 => {
                    self.push_editable(format!("\t{n1} = {}_{n2}({n3}, {num});", rng.pick(VERBS)))
                }
                2 => {
                    self.push(format!("\tif ({n1} {} {num})", rng.pick(OPS)));
                    if rng.chance(50) {
                        self.push("\t\tgoto out;".into());
                    } else {
                        self.push(format!("\t\treturn -{};", rng.pick(ERRORS)));
                    }
                }
                3 => {
                    self.push(format!("\tfor (i = 0; i < {n1}->{n2}; i++) {{"));
                    for _ in 0..=rng.below(3) {
                        self.push_editable(format!(
                            "\t\t{}[i] = {}_{}({n1}, i);",
                            rng.pick(NOUNS),
                            rng.pick(VERBS),
                            rng.pick(NOUNS)
                        ));
                    }
                    self.push("\t}".into());
                }
                4 => self.push_editable(format!(
                    "\t{n1}->{n2} {} {n3};",
                    rng.pick(&["=", "+=", "-=", "|=", "&="])
                )),
                5 => self.push_editable(format!("\tlog_debug(\"{name}: {n1} %d\\n\", {n1});")),
                6 => self.push(String::new()),
                _ => self.push(format!(
                    "\t/* {} the {n1} before the {n2} */",
                    rng.pick(VERBS)
                )),
            }
        }
        self.push("out:".into());
        self.push_editable("\treturn rc;".into());
        self.push("}".into());
        self.push(String::new());
    }

    /// At least `lines` lines of C: a few includes, then functions.
    fn generate(rng: &mut Rng, lines: usize) -> Source {
        let mut s = Source::default();
        for h in ["stdio.h", "stdlib.h", "string.h", "errno.h"] {
            s.push(format!("#include <{h}>"));
        }
        s.push(String::new());
        let mut k = 0;
        while s.lines.len() < lines {
            let name = format!("{}_{}_{k}", rng.pick(VERBS), rng.pick(NOUNS));
            let statements = 4 + rng.below(30);
            s.function(rng, &name, statements);
            k += 1;
        }
        s
    }
}

/// How the legacy file differs from upstream around a hunk.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Drift {
    /// Legacy has the pre-image as upstream does, at the same offset as the
    /// hunk before it.
    Exact,
    /// Legacy has a block of extra lines above the hunk.
    Offset,
    /// One context line differs in legacy (which one rotates).
    Context,
}

/// One change of the patch, in upstream's line numbers.
struct Edit {
    /// 0-based index of the first removed line.
    at: usize,
    removed: usize,
    added: Vec<Vec<u8>>,
    drift: Drift,
}

/// Lines of context on each side of a change, as `git diff` writes.
const CONTEXT: usize = 3;

/// A legacy-side edit of a line: a call renamed, else a comment added.
fn drift_line(line: &[u8]) -> Vec<u8> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return b"\t/* legacy */".to_vec();
    }
    if let Some(paren) = line.iter().position(|&b| b == b'(') {
        let start = line[..paren]
            .iter()
            .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
            .map_or(0, |i| i + 1);
        let mut out = line[..start].to_vec();
        out.extend_from_slice(b"legacy_");
        out.extend_from_slice(&line[start..]);
        return out;
    }
    let mut out = line.to_vec();
    out.extend_from_slice(b" /* legacy */");
    out
}

/// One file of a case: upstream's file before the change, the drifted legacy
/// file, what legacy should become, and the patch's text for the file.
struct FileCase {
    path: String,
    before: Vec<u8>,
    legacy: Vec<u8>,
    expected: Vec<u8>,
    diff: Vec<u8>,
    /// The drift around each hunk, in patch order.
    drifts: Vec<Drift>,
}

fn join(lines: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for l in lines {
        out.extend_from_slice(l);
        out.push(b'\n');
    }
    out
}

/// Generates one file of `lines` lines with `hunks` hunks; `first_hunk` is the
/// hunk's number across the whole case (it picks the drift kind).
fn file_case(rng: &mut Rng, path: &str, lines: usize, hunks: usize, first_hunk: usize) -> FileCase {
    let src = Source::generate(rng, lines);
    let n = src.lines.len();
    // One hunk per equal segment; the change sits well inside it so an
    // inserted block at the segment's start lands above the hunk.
    let mut edits = Vec::with_capacity(hunks);
    for j in 0..hunks {
        let (lo, hi) = (j * n / hunks, (j + 1) * n / hunks);
        let fits: Vec<usize> = src
            .editable
            .iter()
            .copied()
            .filter(|&at| at >= lo + 12 && at + 2 + CONTEXT + 4 < hi)
            .collect();
        assert!(
            !fits.is_empty(),
            "segment {lo}..{hi} of {path} has no editable line"
        );
        let at = fits[rng.below(fits.len())];
        let removed = if src.editable.contains(&(at + 1)) && rng.chance(30) {
            2
        } else {
            1
        };
        let old = &src.lines[at..at + removed];
        let indent: Vec<u8> = old[0]
            .iter()
            .take_while(|&&b| b == b'\t')
            .copied()
            .collect();
        let noun = rng.pick(NOUNS);
        let mut added = vec![
            [&indent[..], format!("if (unlikely(!{noun}))").as_bytes()].concat(),
            [&indent[..], b"\treturn -EINVAL;"].concat(),
        ];
        for l in old {
            let body = l.strip_suffix(b";").unwrap_or(l);
            added.push([body, b" | FLAG_CHECKED;"].concat());
        }
        let drift = match (first_hunk + j) % 3 {
            0 => Drift::Exact,
            1 => Drift::Offset,
            _ => Drift::Context,
        };
        edits.push(Edit {
            at,
            removed,
            added,
            drift,
        });
    }

    // Legacy: blocks inserted above Offset hunks, one context line edited for
    // Context hunks, and 0.5% of the other lines edited anywhere.
    let mut inserts: HashMap<usize, Vec<Vec<u8>>> = HashMap::new();
    let mut changed: HashMap<usize, Vec<u8>> = HashMap::new();
    let near_hunk = |i: usize| {
        edits
            .iter()
            .any(|e| i + CONTEXT + 6 >= e.at && i <= e.at + e.removed + CONTEXT + 6)
    };
    for (j, e) in edits.iter().enumerate() {
        match e.drift {
            Drift::Exact => {}
            Drift::Offset => {
                let lo = j * n / hunks;
                let at = src
                    .starts
                    .iter()
                    .copied()
                    .find(|&s| s >= lo && s + CONTEXT + 2 < e.at)
                    .unwrap_or(lo);
                let mut block = Source::default();
                let name = format!("compat_{}_{j}", rng.pick(NOUNS));
                let statements = 3 + rng.below(12);
                block.function(rng, &name, statements);
                inserts.insert(at, block.lines);
            }
            Drift::Context => {
                let line = match (first_hunk + j) / 3 % 3 {
                    0 => e.at - CONTEXT,
                    1 => e.at - 1,
                    _ => e.at + e.removed,
                };
                changed.insert(line, drift_line(&src.lines[line]));
            }
        }
    }
    for i in 0..n {
        if rng.chance(1) && rng.chance(50) && !near_hunk(i) {
            changed.insert(i, drift_line(&src.lines[i]));
        }
    }
    let mut legacy = Vec::with_capacity(n + 200);
    let mut expected = Vec::with_capacity(n + 200);
    let mut edit = edits.iter().peekable();
    let mut i = 0;
    while i < n {
        if let Some(block) = inserts.get(&i) {
            legacy.extend_from_slice(block);
            expected.extend_from_slice(block);
        }
        if let Some(e) = edit.next_if(|e| e.at == i) {
            legacy.extend_from_slice(&src.lines[i..i + e.removed]);
            expected.extend_from_slice(&e.added);
            i += e.removed;
            continue;
        }
        let line = changed.get(&i).unwrap_or(&src.lines[i]);
        legacy.push(line.clone());
        expected.push(line.clone());
        i += 1;
    }

    // The patch, as `git diff` writes it.
    let mut diff =
        format!("diff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n").into_bytes();
    let mut delta: isize = 0;
    for e in &edits {
        let start = e.at - CONTEXT;
        let end = e.at + e.removed + CONTEXT;
        let old_len = end - start;
        let new_len = old_len - e.removed + e.added.len();
        let section = src.lines[..start]
            .iter()
            .rev()
            .find(|l| l.starts_with(b"static "))
            .map_or(&b""[..], Vec::as_slice);
        diff.extend_from_slice(
            format!(
                "@@ -{},{old_len} +{},{new_len} @@ ",
                start + 1,
                start as isize + 1 + delta
            )
            .as_bytes(),
        );
        diff.extend_from_slice(section);
        diff.push(b'\n');
        for l in &src.lines[start..e.at] {
            diff.push(b' ');
            diff.extend_from_slice(l);
            diff.push(b'\n');
        }
        for l in &src.lines[e.at..e.at + e.removed] {
            diff.push(b'-');
            diff.extend_from_slice(l);
            diff.push(b'\n');
        }
        for l in &e.added {
            diff.push(b'+');
            diff.extend_from_slice(l);
            diff.push(b'\n');
        }
        for l in &src.lines[e.at + e.removed..end] {
            diff.push(b' ');
            diff.extend_from_slice(l);
            diff.push(b'\n');
        }
        delta += e.added.len() as isize - e.removed as isize;
    }
    FileCase {
        path: path.to_string(),
        before: join(&src.lines),
        legacy: join(&legacy),
        expected: join(&expected),
        diff,
        drifts: edits.iter().map(|e| e.drift).collect(),
    }
}

/// Files by path, in memory.
struct MemTree(HashMap<Vec<u8>, Vec<u8>>);

impl Tree for MemTree {
    fn read(&self, path: &[u8]) -> Result<Option<Vec<u8>>, PortError> {
        Ok(self.0.get(path).cloned())
    }
}

/// A whole input: the files, the patch (text and parsed), the trees, and a
/// directory holding the legacy files and the patch for the peers.
struct Case {
    files: Vec<FileCase>,
    patch_text: Vec<u8>,
    commit: CommitPatch,
    legacy: MemTree,
    upstream: MemTree,
    /// Holds `legacy/` and `change.patch`; removed on drop.
    dir: tempfile::TempDir,
    hunks: usize,
    lines: usize,
}

impl Case {
    fn new(seed: u64, files: usize, lines: usize, hunks_per_file: usize) -> Case {
        let mut rng = Rng(seed);
        let files: Vec<FileCase> = (0..files)
            .map(|f| {
                let path = if files == 1 {
                    "src/big.c".to_string()
                } else {
                    format!("src/mod{}/file{f:02}.c", f % 4)
                };
                file_case(&mut rng, &path, lines, hunks_per_file, f * hunks_per_file)
            })
            .collect();
        let patch_text: Vec<u8> = files.iter().flat_map(|f| f.diff.clone()).collect();
        let mut parsed = ferry::patch::parse(&patch_text).expect("the generated patch parses");
        let commit = parsed.commits.remove(0);
        let legacy = MemTree(
            files
                .iter()
                .map(|f| (f.path.clone().into_bytes(), f.legacy.clone()))
                .collect(),
        );
        let upstream = MemTree(
            files
                .iter()
                .map(|f| (f.path.clone().into_bytes(), f.before.clone()))
                .collect(),
        );
        let dir = tempfile::tempdir().expect("temporary directory");
        fs::write(dir.path().join("change.patch"), &patch_text).expect("write the patch");
        let lines = files
            .iter()
            .map(|f| f.legacy.iter().filter(|&&b| b == b'\n').count())
            .sum();
        let case = Case {
            hunks: files.len() * hunks_per_file,
            files,
            patch_text,
            commit,
            legacy,
            upstream,
            dir,
            lines,
        };
        case.restore();
        case
    }

    fn legacy_dir(&self) -> PathBuf {
        self.dir.path().join("legacy")
    }

    /// Puts the legacy files back as generated, with no reject or backup files.
    fn restore(&self) {
        let root = self.legacy_dir();
        if root.exists() {
            fs::remove_dir_all(&root).expect("clear the legacy directory");
        }
        for f in &self.files {
            let p = root.join(&f.path);
            fs::create_dir_all(p.parent().expect("a parent")).expect("create directories");
            fs::write(&p, &f.legacy).expect("write a legacy file");
        }
    }

    /// How many files under `legacy/` now equal the expected result.
    fn files_as_expected(&self) -> usize {
        self.files
            .iter()
            .filter(|f| {
                fs::read(self.legacy_dir().join(&f.path)).ok().as_ref() == Some(&f.expected)
            })
            .count()
    }

    fn plan(&self, with_upstream: bool) -> Vec<FilePlan> {
        let upstream = with_upstream.then_some(&self.upstream as &dyn Tree);
        plan_commit(
            &self.commit,
            &self.legacy,
            upstream,
            &PortOptions::default(),
        )
        .expect("in-memory trees do not fail")
    }

    /// `git`, `patch` or `ferry` run in the legacy directory with the user's
    /// configuration kept out.
    fn command(&self, program: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .current_dir(self.legacy_dir())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("HOME", self.dir.path())
            .env("GIT_CEILING_DIRECTORIES", self.dir.path())
            .stdin(Stdio::null());
        cmd
    }

    /// Runs a command once and returns its exit code and combined output.
    fn output(&self, program: &str, args: &[&str]) -> (Option<i32>, String) {
        let out = self
            .command(program, args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
        let text = String::from_utf8_lossy(&[out.stdout, out.stderr].concat()).into_owned();
        (out.status.code(), text)
    }

    /// Total time of `iters` runs of a command, output discarded; with
    /// `restore`, the legacy files are put back (untimed) before each run.
    fn time(&self, iters: u64, restore: bool, program: &str, args: &[&str]) -> Duration {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            if restore {
                self.restore();
            }
            let mut cmd = self.command(program, args);
            cmd.stdout(Stdio::null()).stderr(Stdio::null());
            let start = Instant::now();
            let status = cmd
                .status()
                .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
            total += start.elapsed();
            black_box(status);
        }
        if restore {
            self.restore();
        }
        total
    }
}

const FERRY: &str = env!("CARGO_BIN_EXE_ferry");

/// Runs `f` on a fresh thread. ferry remembers parsed outlines per thread
/// (`syntax::cached_outline`), so repeating a plan on one thread would skip
/// the parsing a real run pays once per file; a fresh thread starts cold.
fn cold<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn_scoped(s, f)
            .expect("spawn a planning thread")
            .join()
            .expect("the planning thread")
    })
}

/// `git apply`: all or nothing, so `--reject` to apply the hunks it can.
const GIT_CHECK: &[&str] = &["apply", "--check", "../change.patch"];
const GIT_APPLY: &[&str] = &["apply", "--reject", "../change.patch"];
/// GNU `patch` with fuzz 3 (all of the context may be ignored), rejects
/// discarded, no backups, never prompting.
const PATCH_DRY: &[&str] = &[
    "-p1",
    "-F3",
    "--batch",
    "--forward",
    "--no-backup-if-mismatch",
    "--reject-file=-",
    "--dry-run",
    "-i",
    "../change.patch",
];
const PATCH_APPLY: &[&str] = &[
    "-p1",
    "-F3",
    "--batch",
    "--forward",
    "--no-backup-if-mismatch",
    "--reject-file=-",
    "-i",
    "../change.patch",
];
const FERRY_DRY: &[&str] = &["apply", "../change.patch", "--auto", "--dry-run", "--json"];
const FERRY_APPLY: &[&str] = &["apply", "../change.patch", "--auto", "--json"];

/// Prints, once, what each tool makes of the case; returns ferry's plans
/// with the upstream file.
fn report_outcomes(name: &str, case: &Case, peers: bool) -> Vec<FilePlan> {
    eprintln!(
        "\n== {name}: {} files, {} legacy lines, {} hunks, patch {} bytes",
        case.files.len(),
        case.lines,
        case.hunks,
        case.patch_text.len()
    );
    let verbose = std::env::var_os("FERRY_BENCH_VERBOSE").is_some();
    let mut kept = Vec::new();
    for with_upstream in [true, false] {
        let plans = case.plan(with_upstream);
        // (drift, status) -> hunks, and strategies of placed hunks.
        let mut outcomes: HashMap<String, usize> = HashMap::new();
        let mut strategies: HashMap<&str, usize> = HashMap::new();
        for (p, f) in plans.iter().zip(&case.files) {
            for (h, drift) in p.hunks.iter().zip(&f.drifts) {
                *outcomes
                    .entry(format!("{drift:?} {:?}", h.status))
                    .or_default() += 1;
                if h.status == Status::Placed {
                    if let Some(c) = h.best() {
                        *strategies.entry(c.strategy.name()).or_default() += 1;
                    }
                } else if verbose {
                    eprintln!(
                        "  {} hunk {} ({drift:?}): {:?} {} | {}",
                        f.path,
                        h.index + 1,
                        h.status,
                        h.note,
                        h.best().map_or(String::new(), |c| format!(
                            "best {:.2} {}: {}",
                            c.confidence,
                            c.strategy.name(),
                            c.explanation
                        ))
                    );
                }
            }
        }
        let correct = plans
            .iter()
            .zip(&case.files)
            .filter(|(p, f)| p.result().ok().flatten().as_ref() == Some(&f.expected))
            .count();
        let mut outcomes: Vec<_> = outcomes.into_iter().collect();
        outcomes.sort();
        let mut strategies: Vec<_> = strategies.into_iter().collect();
        strategies.sort();
        eprintln!(
            "ferry ({}): hunks by drift and status {outcomes:?}, placed by {strategies:?}; files equal to the expected result with the placed hunks applied: {correct}/{}",
            if with_upstream { "with upstream file" } else { "no upstream file" },
            case.files.len()
        );
        if with_upstream {
            kept = plans;
        }
    }
    if let Some(dir) = std::env::var_os("FERRY_BENCH_DUMP") {
        // The case on disk, to replay with `ferry apply`, `git apply`, `patch`.
        let dir = PathBuf::from(dir).join(name.replace('/', "_"));
        for (side, pick) in [
            (
                "before",
                (|f: &FileCase| &f.before) as fn(&FileCase) -> &Vec<u8>,
            ),
            ("legacy", |f| &f.legacy),
            ("expected", |f| &f.expected),
        ] {
            for f in &case.files {
                let p = dir.join(side).join(&f.path);
                fs::create_dir_all(p.parent().expect("a parent")).expect("create directories");
                fs::write(&p, pick(f)).expect("write a dumped file");
            }
        }
        fs::write(dir.join("change.patch"), &case.patch_text).expect("write the patch");
        eprintln!("dumped to {}", dir.display());
    }
    if !peers {
        return kept;
    }
    case.restore();
    // All or nothing: exit 1 and no file written while any hunk is unplaced.
    let (code, _) = case.output(FERRY, FERRY_APPLY);
    eprintln!(
        "ferry apply --auto: exit {code:?}; files as expected {}/{}",
        case.files_as_expected(),
        case.files.len()
    );
    case.restore();
    let (code, out) = case.output("git", GIT_APPLY);
    eprintln!(
        "git apply --reject: exit {code:?}, {} hunks rejected; files as expected {}/{}",
        out.matches("Rejected hunk").count(),
        case.files_as_expected(),
        case.files.len()
    );
    case.restore();
    let (code, out) = case.output("patch", PATCH_APPLY);
    eprintln!(
        "patch -F3: exit {code:?}, {} hunks FAILED, {} with fuzz, {} with offset; files as expected {}/{}",
        out.matches("FAILED at").count(),
        out.matches("with fuzz").count(),
        out.matches("(offset").count(),
        case.files_as_expected(),
        case.files.len()
    );
    case.restore();
    let mut once: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            black_box(cold(|| case.plan(false)));
            start.elapsed()
        })
        .collect();
    once.sort();
    eprintln!(
        "budget: planning without the upstream file (cold) took {:.1} ms (median of 5); DESIGN.md wants well under 100 ms for 100 hunks over 20 files of 5,000 lines",
        once[2].as_secs_f64() * 1e3
    );
    kept
}

/// 100 hunks over 20 files of 5,000 lines: ferry against `git apply` and
/// `patch` on the same patch and files.
fn hundred_hunks(c: &mut Criterion) {
    let case = Case::new(0x5EED_0001, 20, 5_000, 5);
    let plans = report_outcomes("place_100_hunks_20_files", &case, true);

    let mut g = c.benchmark_group("place_100_hunks_20_files");
    // Flat sampling and few samples: a cold plan takes most of a second, and
    // criterion's default linear sampling would repeat it thousands of times.
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Elements(case.hunks as u64));
    g.bench_function("ferry_plan_with_upstream", |b| {
        b.iter(|| black_box(cold(|| case.plan(true))))
    });
    g.bench_function("ferry_plan_no_upstream", |b| {
        b.iter(|| black_box(cold(|| case.plan(false))))
    });
    // The same with outlines remembered from the previous run (what
    // re-planning in one session costs): the difference is parsing.
    g.bench_function("ferry_plan_no_upstream_warm", |b| {
        b.iter(|| black_box(case.plan(false)))
    });
    g.bench_function("ferry_result", |b| {
        b.iter(|| {
            for p in &plans {
                black_box(p.result().ok());
            }
        })
    });
    g.bench_function("ferry_cli_dry_run", |b| {
        b.iter_custom(|n| case.time(n, false, FERRY, FERRY_DRY))
    });
    g.bench_function("ferry_cli_apply", |b| {
        b.iter_custom(|n| case.time(n, true, FERRY, FERRY_APPLY))
    });
    g.bench_function("git_apply_check", |b| {
        b.iter_custom(|n| case.time(n, false, "git", GIT_CHECK))
    });
    g.bench_function("git_apply", |b| {
        b.iter_custom(|n| case.time(n, true, "git", GIT_APPLY))
    });
    g.bench_function("patch_dry_run", |b| {
        b.iter_custom(|n| case.time(n, false, "patch", PATCH_DRY))
    });
    g.bench_function("patch", |b| {
        b.iter_custom(|n| case.time(n, true, "patch", PATCH_APPLY))
    });
    g.finish();

    // What starting each process costs, to read the figures above against.
    let mut g = c.benchmark_group("startup");
    g.sample_size(20);
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("ferry_version", |b| {
        b.iter_custom(|n| case.time(n, false, FERRY, &["--version"]))
    });
    g.bench_function("git_version", |b| {
        b.iter_custom(|n| case.time(n, false, "git", &["--version"]))
    });
    g.bench_function("patch_version", |b| {
        b.iter_custom(|n| case.time(n, false, "patch", &["--version"]))
    });
    g.finish();
}

/// One file of 10k, 100k and 1M lines with 5 hunks: the time per line
/// (criterion's elements/s) must stay about constant.
fn large_file(c: &mut Criterion) {
    let mut g = c.benchmark_group("place_large_file");
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    for lines in [10_000, 100_000, 1_000_000] {
        let case = Case::new(0x5EED_0002 + lines as u64, 1, lines, 5);
        let plans = report_outcomes(&format!("place_large_file/{lines}"), &case, false);
        g.throughput(Throughput::Elements(case.lines as u64));
        // A cold plan of the 1M-line file with the upstream file takes
        // seconds; eleven of them are left to `FERRY_BENCH_FULL=1`.
        if lines < 1_000_000 || std::env::var_os("FERRY_BENCH_FULL").is_some() {
            g.bench_with_input(
                BenchmarkId::new("ferry_plan_with_upstream", lines),
                &case,
                |b, case| b.iter(|| black_box(cold(|| case.plan(true)))),
            );
        }
        g.bench_with_input(
            BenchmarkId::new("ferry_plan_no_upstream", lines),
            &case,
            |b, case| b.iter(|| black_box(cold(|| case.plan(false)))),
        );
        g.bench_with_input(
            BenchmarkId::new("ferry_result", lines),
            &plans,
            |b, plans| {
                b.iter(|| {
                    for p in plans {
                        black_box(p.result().ok());
                    }
                })
            },
        );
        g.bench_with_input(
            BenchmarkId::new("git_apply_check", lines),
            &case,
            |b, case| b.iter_custom(|n| case.time(n, false, "git", GIT_CHECK)),
        );
        g.bench_with_input(
            BenchmarkId::new("patch_dry_run", lines),
            &case,
            |b, case| b.iter_custom(|n| case.time(n, false, "patch", PATCH_DRY)),
        );
    }
    g.finish();
}

criterion_group!(benches, hundred_hunks, large_file);
criterion_main!(benches);
