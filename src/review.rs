//! Reviewing a backport someone made: did every upstream change arrive,
//! where, changed how, and what came along that upstream never had?
//!
//! Given the backport B and the upstream commit U it carries (named by B's
//! message or by the caller), U's patch is planned onto B's parent with the
//! placement engine, exactly as `ferry pick` would port it there, so each
//! upstream hunk gets the legacy lines it belongs on. B's own diff, taken
//! with zero context, gives the backport's changes. Pairing (`pairing.rs`)
//! gives each hunk the changes at its place, or failing that the changes
//! most like it; classification (`classify.rs`) says identical, relocated,
//! adapted (with a word diff, `words.rs`), missing or already present; what
//! no hunk took is extra.
//!
//! Rejected: diffing B against a fresh `ferry pick` of U. That grades the
//! backport by ferry's own answer, so every place ferry gets wrong would
//! show as the reviewer's problem; pairing by place and content judges the
//! backport against upstream, using the engine only to find where to look.

mod changes;
mod classify;
mod comment;
mod model;
mod pairing;
mod render;
mod words;

pub use changes::{BackportFile, Change};
pub use comment::{comment, pair_place};
pub use model::{
    BackportReview, Class, CommitRef, FoundBy, LineRole, Mark, Planned, Rename, ReviewPair,
    ReviewSummary, Segment, Side, SideLine, Tag, Verdict, WordLine, REVIEW_SCHEMA_VERSION,
};
pub use pairing::{pair, touches, ChangeRef, PairedBy, Pairing, Wanted};
pub use render::to_text;
pub use words::{align_lines, similarity, tokens, word_diff, Lines, Names, WordDiff};

use std::ops::Range;

use crate::git::{GitError, Oid, Repo};
use crate::patch::{ChangeKind, CommitPatch, FilePatch, ParseError};
use crate::place::Status;
use crate::port::{
    plan_upstream, upstream_commit, CommitTree, FileOutcome, FilePlan, PortError, PortOptions,
};
use crate::text::Text;

use classify::{classify, extra_pair, is_already_applied, HunkInput};

/// Why a review could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// Reading from the repository failed.
    #[error(transparent)]
    Git(#[from] GitError),
    /// The backport is a root commit: there is nothing it was applied to.
    #[error("commit {short} has no parent, so it is not a backport onto anything")]
    NoParent {
        /// The commit.
        short: String,
    },
    /// The commit's message names no upstream commit.
    #[error("commit {short} names no upstream commit (no cherry-picked, Backport of or Upstream commit line)")]
    NoTrailer {
        /// The backport.
        short: String,
    },
    /// The message names commits this repository does not have.
    #[error("commit {short} names upstream commit {named}, which is not in this repository (or is a merge)")]
    UnknownUpstream {
        /// The backport.
        short: String,
        /// The id named.
        named: String,
    },
    /// The upstream commit is the backport itself.
    #[error("the upstream commit and the backport are the same commit {short}")]
    SameCommit {
        /// The commit.
        short: String,
    },
    /// A commit's diff could not be read back.
    #[error("the diff of commit {id} does not parse: {error}")]
    Patch {
        /// The commit.
        id: String,
        /// Why.
        error: ParseError,
    },
    /// Planning the upstream commit on the backport's parent failed.
    #[error(transparent)]
    Port(#[from] PortError),
    /// Reading the repository through libgit2 failed.
    #[error("cannot read commit {id}: {}", .git.message())]
    Object {
        /// The commit.
        id: String,
        /// The libgit2 error.
        git: git2::Error,
    },
}

/// Options of a review.
#[derive(Debug, Clone, Copy)]
pub struct ReviewOptions {
    /// Confidence a placement needs to count as placed.
    pub min_confidence: f32,
}

impl Default for ReviewOptions {
    fn default() -> Self {
        ReviewOptions {
            min_confidence: crate::place::DEFAULT_MIN_CONFIDENCE,
        }
    }
}

/// The upstream commit `backport`'s message names: the first named commit
/// that exists here, has one parent and is not the backport.
pub fn find_upstream(repo: &Repo, backport: Oid) -> Result<(Oid, FoundBy), ReviewError> {
    let info = repo.commit_info(backport)?;
    let refs = crate::eval::references(&info.message_bytes);
    for (pairing, hex) in &refs {
        let Some(found_by) = FoundBy::from_pairing(*pairing) else {
            continue;
        };
        let Ok(commit) = repo.raw().find_commit_by_prefix(hex) else {
            continue;
        };
        if commit.parent_count() == 1 && commit.id() != backport {
            return Ok((commit.id(), found_by));
        }
    }
    match refs.first() {
        Some((_, named)) => Err(ReviewError::UnknownUpstream {
            short: info.short,
            named: named.clone(),
        }),
        None => Err(ReviewError::NoTrailer { short: info.short }),
    }
}

/// Reviews `backport` against `upstream` (found from the message when
/// `None`).
pub fn review(
    repo: &Repo,
    backport: Oid,
    upstream: Option<Oid>,
    opts: &ReviewOptions,
) -> Result<BackportReview, ReviewError> {
    let b_info = repo.commit_info(backport)?;
    let Some(parent) = b_info.parent else {
        return Err(ReviewError::NoParent {
            short: b_info.short,
        });
    };
    let (upstream, found_by) = match upstream {
        Some(u) => (u, FoundBy::Option),
        None => find_upstream(repo, backport)?,
    };
    if upstream == backport {
        return Err(ReviewError::SameCommit {
            short: b_info.short,
        });
    }
    let (u_info, commit) = upstream_commit(repo, upstream)?;
    let legacy = CommitTree::new(repo, parent).following_renames_to(upstream);
    let port_opts = PortOptions {
        strip: 1,
        min_confidence: opts.min_confidence,
    };
    let plans = plan_upstream(repo, &commit, u_info.parent, &legacy, &port_opts)?;
    let files = backport_files(repo, backport, parent)?;
    let pairs = review_pairs(&commit, &plans, &files);
    Ok(BackportReview {
        version: REVIEW_SCHEMA_VERSION,
        command: "review",
        backport: CommitRef {
            id: b_info.id.clone(),
            short: b_info.short.clone(),
            subject: b_info.summary(),
        },
        upstream: CommitRef {
            id: u_info.id.clone(),
            short: u_info.short.clone(),
            subject: u_info.summary(),
        },
        found_by,
        summary: ReviewSummary::of(&pairs),
        pairs,
    })
}

/// A commit's diff against its first parent, parsed.
fn commit_patch(repo: &Repo, oid: Oid, context: u32) -> Result<CommitPatch, ReviewError> {
    let bytes = repo.commit_patch(oid, context)?;
    crate::patch::parse_commit_diff(&bytes).map_err(|error| ReviewError::Patch {
        id: oid.to_string(),
        error,
    })
}

/// The backport's changes, file by file, with both whole files.
fn backport_files(
    repo: &Repo,
    backport: Oid,
    parent: Oid,
) -> Result<Vec<BackportFile>, ReviewError> {
    let patch = commit_patch(repo, backport, 0)?;
    let read = |commit: Oid, path: Option<Vec<u8>>| -> Result<Text, ReviewError> {
        Ok(match path {
            Some(p) => Text::parse(&repo.blob_at(commit, &p)?.unwrap_or_default()),
            None => Text::default(),
        })
    };
    let mut out = Vec::new();
    for f in &patch.files {
        let old_path = (f.kind != ChangeKind::Added)
            .then(|| f.old_path_stripped(1))
            .flatten();
        let new_path = (f.kind != ChangeKind::Deleted)
            .then(|| f.new_path_stripped(1))
            .flatten();
        let (before, after) = (read(parent, old_path)?, read(backport, new_path)?);
        out.push(BackportFile::from_patch(f, 1, before, after));
    }
    Ok(out)
}

/// Where each hunk of one upstream file should be.
struct FileTarget<'a> {
    key: Option<&'a [u8]>,
    spans: Vec<Option<Range<usize>>>,
    certain: Vec<bool>,
    already: Vec<bool>,
    blocked: Option<&'a str>,
}

fn target<'a>(file: &'a FilePatch, plan: &'a FilePlan) -> FileTarget<'a> {
    let n = file.hunks.len();
    let hunk_plan = |i: usize| plan.hunks.iter().find(|h| h.index == i);
    let legacy = plan.legacy_path.as_deref();
    match &plan.outcome {
        FileOutcome::Modify => FileTarget {
            key: legacy,
            spans: (0..n)
                .map(|i| hunk_plan(i).and_then(|h| h.best()).map(|c| c.span.clone()))
                .collect(),
            certain: (0..n)
                .map(|i| {
                    hunk_plan(i).is_some_and(|h| {
                        matches!(h.status, Status::Placed | Status::AlreadyApplied)
                    })
                })
                .collect(),
            already: (0..n).map(|i| is_already_applied(hunk_plan(i))).collect(),
            blocked: None,
        },
        FileOutcome::Create(_) => FileTarget {
            key: Some(&plan.path),
            spans: vec![Some(0..0); n],
            certain: vec![true; n],
            already: vec![false; n],
            blocked: None,
        },
        FileOutcome::Unchanged => FileTarget {
            key: Some(&plan.path),
            spans: vec![None; n],
            certain: vec![false; n],
            already: vec![true; n],
            blocked: None,
        },
        FileOutcome::Delete => FileTarget {
            key: legacy,
            spans: vec![Some(0..plan.legacy.len()); n],
            certain: vec![true; n],
            already: vec![false; n],
            blocked: None,
        },
        FileOutcome::Blocked(why) => FileTarget {
            key: legacy,
            spans: vec![None; n],
            certain: vec![false; n],
            already: vec![false; n],
            blocked: Some(why.as_str()),
        },
    }
}

/// Pairs and classifies every hunk of `commit` (planned as `plans`)
/// against the backport's `files`: upstream's hunks in patch order, each
/// group of extra changes after the last pair of its file.
pub fn review_pairs(
    commit: &CommitPatch,
    plans: &[FilePlan],
    files: &[BackportFile],
) -> Vec<ReviewPair> {
    let targets: Vec<FileTarget<'_>> = commit
        .files
        .iter()
        .zip(plans)
        .map(|(f, p)| target(f, p))
        .collect();
    let mut wanted = Vec::new();
    let mut where_: Vec<(usize, usize)> = Vec::new();
    for (fi, (file, t)) in commit.files.iter().zip(&targets).enumerate() {
        for (hi, hunk) in file.hunks.iter().enumerate() {
            wanted.push(Wanted {
                hunk,
                key: t.key,
                span: t.spans.get(hi).cloned().flatten(),
                certain: t.certain.get(hi).copied().unwrap_or(false),
            });
            where_.push((fi, hi));
        }
    }
    let pairing = pair(&wanted, files);
    let mut by_file: Vec<Vec<ReviewPair>> = vec![Vec::new(); commit.files.len()];
    for (w, ((fi, hi), (refs, how))) in wanted.iter().zip(where_.iter().zip(&pairing.hunks)) {
        let (Some(plan), Some(t)) = (plans.get(*fi), targets.get(*fi)) else {
            continue;
        };
        let changes = refs.first().and_then(|&(bf, _)| {
            let bfile = files.get(bf)?;
            let chosen: Vec<&Change> = refs
                .iter()
                .filter(|(f, _)| *f == bf)
                .filter_map(|&(_, c)| bfile.changes.get(c))
                .collect();
            Some((bfile, chosen))
        });
        let input = HunkInput {
            path: &plan.path,
            index: *hi,
            hunk: w.hunk,
            plan: plan.hunks.iter().find(|h| h.index == *hi),
            span: w.span.clone(),
            already_present: t.already.get(*hi).copied().unwrap_or(false),
            blocked: t.blocked,
            changes,
            paired_by: how.unwrap_or(PairedBy::Nothing),
            key: t.key,
        };
        if let Some(slot) = by_file.get_mut(*fi) {
            slot.push(classify(&input));
        }
    }
    let mut trailing = Vec::new();
    for group in &pairing.extra {
        let Some(&(bf, _)) = group.first() else {
            continue;
        };
        let Some(bfile) = files.get(bf) else {
            continue;
        };
        let chosen: Vec<&Change> = group
            .iter()
            .filter_map(|&(_, c)| bfile.changes.get(c))
            .collect();
        let extra = extra_pair(bfile, &chosen);
        match targets.iter().position(|t| t.key == Some(bfile.key())) {
            Some(fi) => {
                if let Some(slot) = by_file.get_mut(fi) {
                    slot.push(extra);
                }
            }
            None => trailing.push(extra),
        }
    }
    by_file.into_iter().flatten().chain(trailing).collect()
}
