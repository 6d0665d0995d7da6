//! Branch history: which upstream commits a legacy branch carries, which it
//! still lacks, and what a missing fix needs first.
//!
//! The two branches meet at their fork point (the merge base). Upstream's
//! side is every non-merge commit reachable from the upstream ref and not
//! from the legacy tip (all parents, not only the first: on projects that
//! merge pull requests the changes live on the merged side); the legacy
//! side is every non-merge commit reachable from the legacy tip and not from
//! upstream.
//!
//! An upstream commit is **carried** when a legacy commit names it
//! (`(cherry picked from commit X)`, `Backport of X`, `[ Upstream commit X ]`,
//! read by [`crate::eval::references`]) or has the same stable patch id. The
//! trailer wins over the patch id: a port the maintainer adapted keeps the
//! trailer and loses the patch id, and still counts as carried. Patch ids
//! cost a diff with every blob, so only commits touching the same set of
//! paths as some legacy commit are hashed (what `git cherry` does too).
//!
//! The rejected alternative, matching subjects as `eval` may, is left out
//! here: a release manager asking "is this fix in?" needs an answer that is
//! never a guess. Subject matches belong in the evaluation, where a wrong
//! pair only blurs a statistic.
//!
//! - `message.rs`: what a commit message says (`Fixes:`, CVE ids, reverts,
//!   pull requests, adaptation notes).
//! - `carried.rs`: the two sides and the carried index.
//! - `verdict.rs`: what placing a missing commit onto the legacy tip says.
//! - `prereq.rs`: the upstream commits that changed a hunk's function before
//!   the fix.
//! - `series.rs`: commits that belong with others (a pull request, the same
//!   functions as a neighbour).
//! - `missing.rs`: `ferry missing`'s query; `ledger.rs`: `ferry ledger`'s.

mod carried;
mod ledger;
mod message;
mod missing;
mod prereq;
mod series;
mod verdict;

pub use carried::{CarriedBy, CarriedIndex, Carry, Sides};
pub use ledger::{ledger, Ledger, LedgerEntry, LedgerOptions, NOTES_REF};
pub use message::{adaptation_notes, cve_ids, fixes_ids, pull_requests, reverted_ids, FixReason};
pub use missing::{missing, HunkPrereqs, MissingCommit, MissingOptions, MissingReport};
pub use prereq::{prerequisites, target_for_hunk, Prereq, PrereqKind, Target};
pub use series::SeriesFlag;
pub use verdict::{verdict, HunkNote, Verdict, VerdictKind};

use crate::git::GitError;
use crate::port::PortError;

/// What went wrong reading a branch's history.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// Reading from the repository failed.
    #[error(transparent)]
    Git(#[from] GitError),
    /// Planning a commit onto the legacy tip failed.
    #[error("placing commit {id}: {error}")]
    Port {
        /// The upstream commit.
        id: String,
        /// Why.
        error: PortError,
    },
    /// The two branches share no history.
    #[error("{legacy} and {upstream} have no common ancestor")]
    Unrelated {
        /// The legacy tip.
        legacy: String,
        /// The upstream tip.
        upstream: String,
    },
}

/// Progress of a long step: its name, steps done, steps in all.
pub type Progress<'a> = &'a mut dyn FnMut(&str, usize, usize);
