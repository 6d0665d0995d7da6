//! `ferry eval [--branch B]`: re-port the backports a branch already holds
//! and print, next to each other, how often ferry, a 3-way merge and strict
//! `git apply` wrote what the maintainers committed.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use ferry::error::Failure;
use ferry::eval::{self, Counts, EvalOptions, Evaluation, FileResult, FindOptions, Tally};
use ferry::git::{Oid, Repo};
use ferry::port::PortOptions;
use ferry::text::visible::{json_safe, terminal_safe};
use serde::Serialize;

use crate::cli::EvalArgs;

/// Version of the JSON output's schema; fields are only ever added.
const SCHEMA_VERSION: u32 = 1;

/// Evaluates the branch and prints the table or the JSON.
pub fn run(args: &EvalArgs) -> Result<i32> {
    let start = Instant::now();
    // eval only reads, and reads a great many objects; libgit2 checksums
    // every object it reads (about a seventh of the run), git does not.
    git2::opts::strict_hash_verification(false);
    let dir = args.repo.as_deref().unwrap_or(Path::new("."));
    let repo = Repo::discover(dir).map_err(|e| {
        Failure::usage(
            e.to_string(),
            "run ferry eval inside a repository, or give one with -C DIR",
        )
    })?;
    let branch = args.branch.as_deref().unwrap_or("HEAD");
    let tip = commit_of(&repo, branch).ok_or_else(|| {
        Failure::usage(
            format!("unknown branch or revision '{branch}'"),
            "name the maintenance branch with --branch (see git branch -a)",
        )
    })?;
    let upstream = match &args.upstream {
        Some(name) => {
            let oid = commit_of(&repo, name).ok_or_else(|| {
                Failure::usage(
                    format!("unknown upstream branch '{name}'"),
                    "name the branch the backports come from with --upstream",
                )
            })?;
            Some((name.clone(), oid))
        }
        None => default_upstream(&repo, tip),
    };
    let opts = EvalOptions {
        find: FindOptions {
            tip,
            upstream: upstream.as_ref().map(|(_, oid)| *oid),
            limit: args.limit,
            match_subjects: !args.trailers_only,
        },
        port: PortOptions {
            strip: 1,
            min_confidence: args.place.min_confidence,
        },
    };
    let mut bar = Progress::new(std::io::stderr().is_terminal(), branch);
    let evaluation = eval::evaluate(&repo, &opts, &mut |done, total| bar.show(done, total))?;
    bar.clear();
    let seconds = start.elapsed().as_secs_f64();
    let upstream_name = upstream.map(|(name, _)| name);
    if args.place.json {
        let out = JsonOut::new(
            &evaluation,
            branch,
            tip,
            upstream_name,
            args.place.min_confidence,
            seconds,
        );
        println!("{}", json_safe(&serde_json::to_string_pretty(&out)?));
    } else {
        print!(
            "{}",
            terminal_safe(&table(
                &evaluation,
                branch,
                upstream_name.as_deref(),
                seconds
            ))
        );
    }
    for f in evaluation.failures.iter().take(5) {
        eprintln!(
            "warning: backport {} left out: {}",
            f.commit,
            terminal_safe(&f.error.to_string())
        );
    }
    if evaluation.failures.len() > 5 {
        eprintln!(
            "warning: {} more backports left out",
            evaluation.failures.len() - 5
        );
    }
    Ok(0)
}

/// The commit a revision names, through tags; a merge is fine here.
fn commit_of(repo: &Repo, rev: &str) -> Option<Oid> {
    let object = repo.raw().revparse_single(rev).ok()?;
    object.peel_to_commit().ok().map(|c| c.id())
}

/// The first of the usual upstream names that is not the branch itself and
/// does not have it on its first-parent line (the branch would have no
/// commits of its own). One that merged the branch back is fine.
fn default_upstream(repo: &Repo, tip: Oid) -> Option<(String, Oid)> {
    super::missing::UPSTREAM_CANDIDATES
        .into_iter()
        .filter_map(|name| Some((name.to_string(), commit_of(repo, name)?)))
        .find(|(_, oid)| {
            *oid != tip
                && !(repo.raw().graph_descendant_of(*oid, tip).unwrap_or(true)
                    && eval::on_first_parent_line(repo, *oid, tip).unwrap_or(true))
        })
}

/// A one-line progress bar on standard error, drawn only on a terminal.
struct Progress {
    on: bool,
    last: Option<(usize, usize)>,
    /// The longest line drawn so far, to overwrite it all.
    width: usize,
}

/// Characters between the brackets.
const BAR_WIDTH: usize = 30;

impl Progress {
    fn new(on: bool, branch: &str) -> Progress {
        let mut p = Progress {
            on,
            last: None,
            width: 0,
        };
        p.draw(&format!("finding the backports on {branch}..."));
        p
    }

    fn show(&mut self, done: usize, total: usize) {
        if self.last == Some((done, total)) {
            return;
        }
        self.last = Some((done, total));
        let filled = (done * BAR_WIDTH).checked_div(total).unwrap_or(BAR_WIDTH);
        let mut bar = "=".repeat(filled);
        if filled < BAR_WIDTH {
            bar.push('>');
        }
        self.draw(&format!(
            "[{bar:<width$}] {done}/{total} backports",
            width = BAR_WIDTH
        ));
    }

    fn clear(&mut self) {
        self.draw("");
        if self.on {
            let _ = write!(std::io::stderr().lock(), "\r");
        }
    }

    /// Replaces the line with `text`.
    fn draw(&mut self, text: &str) {
        if !self.on {
            return;
        }
        self.width = self.width.max(text.chars().count());
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{text:<width$}", width = self.width);
        let _ = err.flush();
    }
}

/// The text report: one block per set of files, one row per tool.
fn table(e: &Evaluation, branch: &str, upstream: Option<&str>, seconds: f64) -> String {
    let t = e.totals();
    let s = e.skipped;
    let mut out = format!(
        "{branch}: {} backports{}, {} files evaluated in {seconds:.1} s\n",
        e.backports.len(),
        upstream
            .map(|u| format!(" (commits since the branch left {u})"))
            .unwrap_or_default(),
        t.all.files,
    );
    let left_out: Vec<String> = [
        (s.binary, "binary or missing files"),
        (
            s.unrelated_files,
            "files the two commits change differently",
        ),
        (s.unrelated_pairs, "subject pairs sharing too little"),
        (s.empty_commits, "backports that change nothing"),
        (e.failures.len(), "backports that could not be read"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if !left_out.is_empty() {
        out.push_str(&format!("left out: {}\n", left_out.join(", ")));
    }
    let blocks = [
        ("all files", &t.all),
        (
            "hard: strict git apply does not give the maintainer's file",
            &t.hard,
        ),
        ("of which the patch does not apply", &t.not_applying),
    ];
    for (title, tally) in blocks {
        out.push_str(&format!(
            "\n{title} (n={})\n  {:<20}{:>16}{:>16}{:>16}\n",
            tally.files, "", "correct", "wrong", "refused"
        ));
        out.push_str(&rows(tally));
    }
    out
}

fn rows(t: &Tally) -> String {
    let cell = |n: usize| {
        let pct = 100.0 * n as f64 / t.files.max(1) as f64;
        format!("{n:>7} {pct:>6.1}%")
    };
    let row = |name: &str, c: &Counts| {
        format!(
            "  {name:<20}{:>16}{:>16}{:>16}\n",
            cell(c.correct),
            cell(c.wrong),
            cell(c.refused)
        )
    };
    let mut out = [
        row("ferry", &t.ferry),
        row("3-way merge", &t.merge),
        row("git apply (strict)", &t.apply),
    ]
    .concat();
    if t.ferry.wrong + t.merge.wrong > 0 {
        out.push_str(&format!(
            "  wrong files the maintainer's file contains (the maintainer changed more than \
             the patch): ferry {}, 3-way merge {}\n",
            t.ferry.within_of_wrong(),
            t.merge.within_of_wrong()
        ));
    }
    out
}

/// The JSON output.
#[derive(Serialize)]
struct JsonOut {
    /// Schema version.
    version: u32,
    /// The branch as given.
    branch: String,
    /// Its tip.
    tip: String,
    /// The upstream branch, if one was used.
    upstream: Option<String>,
    /// ferry's threshold.
    min_confidence: f32,
    /// Backports found.
    backports: usize,
    /// Wall time.
    seconds: f64,
    /// Files left out.
    skipped: JsonSkipped,
    /// Backports that could not be evaluated.
    failures: Vec<JsonFailure>,
    /// Counts.
    totals: JsonTotals,
    /// One row per file.
    files: Vec<JsonFile>,
}

#[derive(Serialize)]
struct JsonSkipped {
    binary: usize,
    unrelated_files: usize,
    unrelated_pairs: usize,
    empty_commits: usize,
}

#[derive(Serialize)]
struct JsonFailure {
    commit: String,
    error: String,
}

#[derive(Serialize)]
struct JsonTotals {
    all: JsonTally,
    hard: JsonTally,
    not_applying: JsonTally,
}

#[derive(Serialize)]
struct JsonTally {
    files: usize,
    ferry: JsonCounts,
    merge: JsonCounts,
    apply: JsonCounts,
}

#[derive(Serialize)]
struct JsonCounts {
    correct: usize,
    wrong: usize,
    refused: usize,
    /// Wrong files the maintainer's file contains (not for strict `git
    /// apply`).
    #[serde(skip_serializing_if = "Option::is_none")]
    within: Option<usize>,
}

#[derive(Serialize)]
struct JsonFile {
    backport: String,
    upstream: String,
    pairing: &'static str,
    path: String,
    legacy_path: String,
    hunks: usize,
    applies_cleanly: bool,
    hard: bool,
    ferry: &'static str,
    ferry_note: String,
    merge: &'static str,
    apply: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ferry_within: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merge_within: Option<bool>,
}

impl JsonOut {
    fn new(
        e: &Evaluation,
        branch: &str,
        tip: Oid,
        upstream: Option<String>,
        min_confidence: f32,
        seconds: f64,
    ) -> JsonOut {
        let t = e.totals();
        JsonOut {
            version: SCHEMA_VERSION,
            branch: branch.to_string(),
            tip: tip.to_string(),
            upstream,
            min_confidence,
            backports: e.backports.len(),
            seconds: (seconds * 1000.0).round() / 1000.0,
            skipped: JsonSkipped {
                binary: e.skipped.binary,
                unrelated_files: e.skipped.unrelated_files,
                unrelated_pairs: e.skipped.unrelated_pairs,
                empty_commits: e.skipped.empty_commits,
            },
            failures: e
                .failures
                .iter()
                .map(|f| JsonFailure {
                    commit: f.commit.to_string(),
                    error: f.error.to_string(),
                })
                .collect(),
            totals: JsonTotals {
                all: JsonTally::new(&t.all),
                hard: JsonTally::new(&t.hard),
                not_applying: JsonTally::new(&t.not_applying),
            },
            files: e.files.iter().map(JsonFile::new).collect(),
        }
    }
}

impl JsonTally {
    fn new(t: &Tally) -> JsonTally {
        let c = |c: &Counts, within: bool| JsonCounts {
            correct: c.correct,
            wrong: c.wrong,
            refused: c.refused,
            within: within.then_some(c.within),
        };
        JsonTally {
            files: t.files,
            ferry: c(&t.ferry, true),
            merge: c(&t.merge, true),
            apply: c(&t.apply, false),
        }
    }
}

impl JsonFile {
    fn new(r: &FileResult) -> JsonFile {
        let lossy = |p: &[u8]| String::from_utf8_lossy(p).into_owned();
        JsonFile {
            backport: r.backport.to_string(),
            upstream: r.upstream.to_string(),
            pairing: r.pairing.name(),
            path: lossy(&r.path),
            legacy_path: lossy(&r.legacy_path),
            hunks: r.hunks,
            applies_cleanly: r.applies_cleanly,
            hard: r.hard,
            ferry: r.ferry.name(),
            ferry_note: r.ferry_note.clone(),
            merge: r.merge.name(),
            apply: r.apply.name(),
            ferry_within: r.ferry_within,
            merge_within: r.merge_within,
        }
    }
}
