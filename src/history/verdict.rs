//! What the placement engine says about porting one upstream commit onto
//! the legacy tip, in one word and a few counts.
//!
//! The commit is planned exactly as `ferry plan` plans it (the same patch
//! text with three lines of context, the legacy tree read from objects with
//! renames followed, the upstream pre-image), so the verdict is the plan's
//! summary, not a separate guess.

use serde::Serialize;

use super::HistoryError;
use crate::git::{Oid, Repo};
use crate::patch::CommitPatch;
use crate::place::{Status, Strategy};
use crate::port::{plan_upstream, upstream_commit, CommitTree, FileOutcome, FilePlan, PortOptions};

/// The one-word verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictKind {
    /// Every hunk lands exactly (at its line or moved).
    Clean,
    /// Every hunk is placed, some by adapting it.
    Adapt,
    /// Some hunk has no certain place: a person decides.
    NeedsPerson,
    /// Some hunk changes code legacy does not have (no such file, or lines
    /// found nowhere), and none needs a person.
    Absent,
    /// Everything the commit changes is already in legacy.
    Applied,
}

impl VerdictKind {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            VerdictKind::Clean => "clean",
            VerdictKind::Adapt => "adapt",
            VerdictKind::NeedsPerson => "needs-person",
            VerdictKind::Absent => "absent",
            VerdictKind::Applied => "applied",
        }
    }
}

/// A hunk that did not land exactly: what prerequisites are looked for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HunkNote {
    /// The file's path upstream, before the commit.
    pub path: String,
    /// The file's path as bytes (for looking it up again).
    #[serde(skip)]
    pub path_bytes: Vec<u8>,
    /// The hunk's index in the file (0-based); `None` for the whole file.
    pub hunk: Option<usize>,
    /// `placed`, `unplaced`, `not-applicable`, or `no-legacy-file`.
    pub status: &'static str,
    /// The strategy of the best candidate, if any.
    pub strategy: Option<&'static str>,
    /// Its confidence.
    pub confidence: Option<f32>,
    /// The pre-image's first line upstream (1-based; 0 when empty).
    pub old_start: usize,
    /// Pre-image lines.
    pub old_len: usize,
}

/// What placing a commit onto the legacy tip gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The verdict.
    pub verdict: VerdictKind,
    /// Hunks in the commit (a created or deleted file counts as one).
    pub hunks: usize,
    /// Hunks placed by a strategy other than exact or offset.
    pub adapted: usize,
    /// Hunks without a certain place.
    pub unplaced: usize,
    /// Hunks whose code legacy lacks.
    pub absent: usize,
    /// Hunks already in legacy.
    pub applied: usize,
    /// The lowest confidence among placed hunks.
    pub min_confidence: Option<f32>,
    /// The hunks that did not land exactly.
    pub notes: Vec<HunkNote>,
}

/// Plans `oid` onto `legacy_tip` and sums the plan up.
pub fn verdict(
    repo: &Repo,
    oid: Oid,
    legacy_tip: Oid,
    opts: &PortOptions,
) -> Result<Verdict, HistoryError> {
    let port_error = |error| HistoryError::Port {
        id: oid.to_string(),
        error,
    };
    let (info, commit) = upstream_commit(repo, oid).map_err(port_error)?;
    let legacy = CommitTree::new(repo, legacy_tip).following_renames_to(oid);
    let plans = plan_upstream(repo, &commit, info.parent, &legacy, opts).map_err(port_error)?;
    Ok(summarise(&commit, &plans))
}

fn summarise(commit: &CommitPatch, plans: &[FilePlan]) -> Verdict {
    let mut v = Verdict {
        verdict: VerdictKind::Clean,
        hunks: 0,
        adapted: 0,
        unplaced: 0,
        absent: 0,
        applied: 0,
        min_confidence: None,
        notes: Vec::new(),
    };
    for (file, plan) in commit.files.iter().zip(plans) {
        let path_bytes = file
            .old_path_stripped(1)
            .or_else(|| file.new_path_stripped(1))
            .unwrap_or_default();
        let path = String::from_utf8_lossy(&path_bytes).into_owned();
        let whole = |status| HunkNote {
            path: path.clone(),
            path_bytes: path_bytes.clone(),
            hunk: None,
            status,
            strategy: None,
            confidence: None,
            old_start: 0,
            old_len: 0,
        };
        match &plan.outcome {
            FileOutcome::Blocked(_) => {
                let n = file.hunks.len().max(1);
                v.hunks += n;
                if plan.legacy_path.is_none() {
                    v.absent += n;
                    v.notes.push(whole("no-legacy-file"));
                } else {
                    v.unplaced += n;
                    v.notes.push(whole("unplaced"));
                }
            }
            FileOutcome::Create(_) | FileOutcome::Delete => v.hunks += 1,
            FileOutcome::Unchanged => {
                v.hunks += 1;
                v.applied += 1;
            }
            FileOutcome::Modify => {
                for h in &plan.hunks {
                    v.hunks += 1;
                    let best = h.best();
                    let exact = best
                        .is_some_and(|c| matches!(c.strategy, Strategy::Exact | Strategy::Offset));
                    match h.status {
                        Status::AlreadyApplied => {
                            v.applied += 1;
                            continue;
                        }
                        Status::Placed if exact => {}
                        Status::Placed => v.adapted += 1,
                        Status::Unplaced => v.unplaced += 1,
                        Status::NotApplicable => v.absent += 1,
                    }
                    if h.status == Status::Placed {
                        let c = best.map_or(0.0, |c| c.confidence);
                        v.min_confidence = Some(v.min_confidence.map_or(c, |m: f32| m.min(c)));
                    }
                    if exact && h.status == Status::Placed {
                        continue;
                    }
                    let hunk = file.hunks.get(h.index);
                    v.notes.push(HunkNote {
                        hunk: Some(h.index),
                        status: h.status.name(),
                        strategy: best.map(|c| c.strategy.name()),
                        confidence: best.map(|c| c.confidence),
                        old_start: hunk.map_or(0, |h| h.old_start),
                        old_len: hunk.map_or(0, |h| h.old_len),
                        ..whole("")
                    });
                }
            }
        }
    }
    v.verdict = if v.unplaced > 0 {
        VerdictKind::NeedsPerson
    } else if v.absent > 0 {
        VerdictKind::Absent
    } else if v.hunks > 0 && v.applied == v.hunks {
        VerdictKind::Applied
    } else if v.adapted > 0 {
        VerdictKind::Adapt
    } else {
        VerdictKind::Clean
    };
    v
}
