//! `ferry eval` on real history: re-port the backports a maintenance branch
//! already holds and compare, file by file, with what the maintainers
//! committed.
//!
//! The maintainers' commits are the ground truth. For each backport B of an
//! upstream commit U (found by `find.rs`), every file both change is ported
//! from U onto B's parent three ways: by ferry exactly as `ferry pick --auto`
//! would (the same patch text, legacy tree, upstream pre-image and
//! threshold), by a 3-way merge of U's change (what `git cherry-pick` does
//! to a file), and by strict `git apply`. Each is **correct** when it writes
//! the maintainer's file byte for byte, **wrong** when it writes anything
//! else (a silently wrong backport, the outcome that matters most), and
//! **refused** when it stops (unplaced hunks, conflicts). A file is **hard**,
//! as in the benchmark, when strict `git apply` does not give the
//! maintainer's file: it refuses (the patch does not apply cleanly) or
//! applies and the maintainer committed something else.
//!
//! Everything is read from objects: blobs by path in a commit's tree and
//! diffs between trees, never a checkout, so a bare mirror of a large
//! repository is evaluated as it is, in minutes. The rejected alternative,
//! scoring the case folders the benchmark's miner writes (`eval --cases`),
//! needs a mining step and a folder of copies per repository; it stays for
//! the shared corpus, this reads any repository directly.

mod file;
mod find;
mod strict;

pub use file::{evaluate_backport, merge_file, BackportResult};
pub use find::{
    find_backports, normalise_subject, on_first_parent_line, references, Backport, FindOptions,
    Pairing,
};
pub use strict::git_apply;

use git2::Oid;

use crate::git::GitError;
use crate::patch::ParseError;
use crate::port::{PortError, PortOptions};

/// What went wrong evaluating a branch.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// Walking the branch's history failed.
    #[error("cannot walk the history: {}", .git.message())]
    Walk {
        /// The libgit2 error.
        git: git2::Error,
    },
    /// A commit named by the history could not be read.
    #[error("cannot read commit {id}: {}", .git.message())]
    Object {
        /// The commit id.
        id: String,
        /// The libgit2 error.
        git: git2::Error,
    },
    /// Reading from the repository failed.
    #[error(transparent)]
    Git(#[from] GitError),
    /// A commit's patch text could not be read back.
    #[error("the patch of commit {id} does not parse: {error}")]
    Patch {
        /// The commit id.
        id: String,
        /// The parse error.
        error: ParseError,
    },
    /// Planning a file failed.
    #[error("porting commit {id}: {error}")]
    Port {
        /// The upstream commit id.
        id: String,
        /// The port error.
        error: PortError,
    },
    /// libgit2's 3-way file merge failed (not a conflict: an error).
    #[error("3-way merge failed: {}", .git.message())]
    Merge {
        /// The libgit2 error.
        git: git2::Error,
    },
}

/// What a tool did with one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// It wrote the maintainer's file byte for byte.
    Correct,
    /// It wrote something else.
    Wrong,
    /// It stopped: unplaced hunks, a conflict, a pre-image not found.
    Refused,
}

/// For a wrong file `written`, whether the maintainer's `expected` already
/// has every change it makes to `legacy`: merged into the maintainer's file,
/// they leave it as it is, so the maintainer changed more than the patch
/// did (lines no hunk has) rather than otherwise. `None` unless `written` is
/// a wrong file.
pub fn within(legacy: &[u8], written: Option<&[u8]>, expected: &[u8]) -> Option<bool> {
    let written = written.filter(|w| *w != expected)?;
    let merged = merge_file(legacy, expected, written).ok()?;
    Some(merged.as_deref() == Some(expected))
}

impl Outcome {
    /// Correct when a tool wrote the maintainer's file, refused when it
    /// wrote nothing.
    pub fn of(written: Option<&[u8]>, expected: &[u8]) -> Outcome {
        match written {
            None => Outcome::Refused,
            Some(w) if w == expected => Outcome::Correct,
            Some(_) => Outcome::Wrong,
        }
    }

    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Correct => "correct",
            Outcome::Wrong => "wrong",
            Outcome::Refused => "refused",
        }
    }
}

/// One file of one backport, ported three ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileResult {
    /// The backport commit.
    pub backport: Oid,
    /// The upstream commit it carries.
    pub upstream: Oid,
    /// How the two were paired.
    pub pairing: Pairing,
    /// The file's path upstream (after the upstream commit).
    pub path: Vec<u8>,
    /// The file the maintainer changed on the branch.
    pub legacy_path: Vec<u8>,
    /// Hunks in the upstream patch of the file.
    pub hunks: usize,
    /// Strict `git apply` finds every hunk's pre-image.
    pub applies_cleanly: bool,
    /// Strict `git apply` does not give the maintainer's file.
    pub hard: bool,
    /// What ferry did.
    pub ferry: Outcome,
    /// Per hunk `status:strategy:confidence`, then `:ambiguous` and
    /// `:missing=a,b` (names the added lines use that legacy lacks) when
    /// they apply; or why ferry refused the file or wrote another one.
    pub ferry_note: String,
    /// What a 3-way merge did.
    pub merge: Outcome,
    /// What strict `git apply` did.
    pub apply: Outcome,
    /// For a file ferry wrote wrong, whether the maintainer's file contains
    /// it ([`within`]).
    pub ferry_within: Option<bool>,
    /// The same for the 3-way merge's wrong file.
    pub merge_within: Option<bool>,
}

/// Files left out, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Binary, or missing on one side.
    pub binary: usize,
    /// The two commits share no changed line in the file.
    pub unrelated_files: usize,
    /// Subject-paired commits sharing too little of their changes.
    pub unrelated_pairs: usize,
    /// Backports (or their upstream commits) that change no file: a
    /// cherry-pick kept empty because the branch already had the change.
    pub empty_commits: usize,
}

impl Skipped {
    fn add(&mut self, other: Skipped) {
        self.binary += other.binary;
        self.unrelated_files += other.unrelated_files;
        self.unrelated_pairs += other.unrelated_pairs;
        self.empty_commits += other.empty_commits;
    }
}

/// A backport that could not be evaluated.
#[derive(Debug)]
pub struct BackportFailure {
    /// The backport commit.
    pub commit: Oid,
    /// Why.
    pub error: EvalError,
}

/// What one tool did over a set of files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Files written as the maintainer did.
    pub correct: usize,
    /// Files written otherwise.
    pub wrong: usize,
    /// Files refused.
    pub refused: usize,
    /// Wrong files the maintainer's file contains ([`within`]).
    pub within: usize,
}

impl Counts {
    /// Counts one more file, and whether the maintainer's file contains it
    /// when it is wrong.
    pub fn add_within(&mut self, o: Outcome, within: Option<bool>) {
        self.add(o);
        self.within += usize::from(within == Some(true));
    }

    /// `K of W`: how many of the wrong files the maintainer's file
    /// contains, of how many.
    pub fn within_of_wrong(&self) -> String {
        format!("{} of {}", self.within, self.wrong)
    }

    /// Counts one more file.
    pub fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Correct => self.correct += 1,
            Outcome::Wrong => self.wrong += 1,
            Outcome::Refused => self.refused += 1,
        }
    }
}

/// The three tools over one set of files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Files in the set.
    pub files: usize,
    /// ferry.
    pub ferry: Counts,
    /// The 3-way merge.
    pub merge: Counts,
    /// Strict `git apply`.
    pub apply: Counts,
}

impl Tally {
    fn add(&mut self, r: &FileResult) {
        self.files += 1;
        self.ferry.add_within(r.ferry, r.ferry_within);
        self.merge.add_within(r.merge, r.merge_within);
        self.apply.add(r.apply);
    }
}

/// Totals over all files, the hard ones, and those where the patch does not
/// apply at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Every file.
    pub all: Tally,
    /// Strict `git apply` does not give the maintainer's file.
    pub hard: Tally,
    /// Strict `git apply` refuses.
    pub not_applying: Tally,
}

/// Options of an evaluation.
#[derive(Debug, Clone, Copy)]
pub struct EvalOptions {
    /// Which backports.
    pub find: FindOptions,
    /// How ferry ports (the threshold of `pick --auto`).
    pub port: PortOptions,
}

/// The result of evaluating a branch.
#[derive(Debug, Default)]
pub struct Evaluation {
    /// The backports found, newest first.
    pub backports: Vec<Backport>,
    /// One row per file evaluated, in the backports' order.
    pub files: Vec<FileResult>,
    /// Files left out.
    pub skipped: Skipped,
    /// Backports that could not be evaluated.
    pub failures: Vec<BackportFailure>,
}

impl Evaluation {
    /// Counts per tool and outcome.
    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for r in &self.files {
            t.all.add(r);
            if r.hard {
                t.hard.add(r);
            }
            if !r.applies_cleanly {
                t.not_applying.add(r);
            }
        }
        t
    }
}

/// Finds the backports and evaluates each; `progress(done, total)` is
/// called before each backport and once at the end. A backport that cannot
/// be read is recorded in [`Evaluation::failures`] and the rest go on.
pub fn evaluate(
    repo: &crate::git::Repo,
    opts: &EvalOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Evaluation, EvalError> {
    let backports = find_backports(repo, &opts.find)?;
    let mut eval = Evaluation::default();
    let total = backports.len();
    for (i, bp) in backports.iter().enumerate() {
        progress(i, total);
        match evaluate_backport(repo, bp, &opts.port) {
            Ok(r) => {
                eval.files.extend(r.files);
                eval.skipped.add(r.skipped);
            }
            Err(error) => eval.failures.push(BackportFailure {
                commit: bp.commit,
                error,
            }),
        }
    }
    progress(total, total);
    eval.backports = backports;
    Ok(eval)
}
