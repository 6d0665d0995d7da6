//! What a person decided for each hunk of a commit, with undo and redo, and
//! the files those decisions produce.
//!
//! Decisions are kept apart from the plans: plans are recomputed (they are
//! deterministic for a commit and a legacy tree), decisions are what a person
//! spent time on, so they are what gets saved, undone and resumed.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::patch::CommitPatch;
use crate::place::{self, ApplyError, Candidate, Quality, Status, Strategy};
use crate::port::{FileOutcome, FilePlan};
use crate::text::Text;

/// One decidable item: a hunk of a modified file, or a whole created,
/// deleted or blocked file (`hunk` 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ItemRef {
    /// Index of the file in the commit's plans.
    pub file: usize,
    /// Index of the hunk in the file (0 for a whole-file item).
    pub hunk: usize,
}

/// What was decided for one item.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "kebab-case")]
pub enum Decision {
    /// Nobody has decided yet.
    #[default]
    Undecided,
    /// Take the plan's candidate with this index (0 is the best); for a
    /// whole-file item, do what the plan says (create or delete).
    Accept {
        /// Index into the hunk's candidates.
        candidate: usize,
    },
    /// Lines a person wrote or placed, replacing legacy lines.
    Custom(Custom),
    /// Leave this item out of the backport.
    Skip,
}

/// How a person changed a hunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CustomKind {
    /// The adapted lines were edited by hand.
    Edited,
    /// The hunk was put at a place the person chose.
    Placed,
}

/// A hunk as a person made it: `lines` replace the legacy lines `span`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Custom {
    /// Edited or placed by hand.
    pub kind: CustomKind,
    /// Legacy lines replaced (0-based, end exclusive).
    pub span: Range<usize>,
    /// The lines that take their place (as in [`crate::text::Text`]: no
    /// `\n`, a `\r` kept).
    #[serde(with = "byte_lines")]
    pub lines: Vec<Vec<u8>>,
    /// The file's final-newline state after this hunk, when it decides it.
    pub final_newline: Option<bool>,
}

impl Custom {
    /// A person's version of `candidate`.
    pub fn from_candidate(kind: CustomKind, candidate: &Candidate) -> Custom {
        Custom {
            kind,
            span: candidate.span.clone(),
            lines: candidate.lines.clone(),
            final_newline: candidate.final_newline,
        }
    }

    fn to_candidate(&self) -> Candidate {
        Candidate {
            strategy: Strategy::Manual,
            confidence: 1.0,
            span: self.span.clone(),
            lines: self.lines.clone(),
            evidence: Vec::new(),
            adaptations: Vec::new(),
            explanation: match self.kind {
                CustomKind::Edited => "edited by hand".into(),
                CustomKind::Placed => "placed by hand".into(),
            },
            legacy_symbol: None,
            final_newline: self.final_newline,
            quality: Quality::default(),
            ambiguous: false,
            missing_names: Vec::new(),
        }
    }
}

/// Counts of decisions, for status lines and commit notes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Accepted as planned.
    pub accepted: usize,
    /// Edited or placed by hand.
    pub custom: usize,
    /// Skipped.
    pub skipped: usize,
    /// Not decided yet.
    pub undecided: usize,
}

/// One change, for undo and redo.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    item: ItemRef,
    before: Decision,
    after: Decision,
}

/// Every item's decision, with undo and redo.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Decisions {
    /// Per file, per item.
    files: Vec<Vec<Decision>>,
    #[serde(skip)]
    undo: Vec<Change>,
    #[serde(skip)]
    redo: Vec<Change>,
}

/// A decision that does not fit the plan it is applied to.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecideError {
    /// No such file or hunk.
    #[error("no hunk {} in file {}", .0.hunk + 1, .0.file + 1)]
    NoItem(ItemRef),
    /// The candidate index is out of range.
    #[error("hunk {} of file {} has no candidate {}", .0.hunk + 1, .0.file + 1, .1 + 1)]
    NoCandidate(ItemRef, usize),
    /// The decisions were saved for different plans.
    #[error("the saved decisions cover {saved} files, the commit has {planned}")]
    Shape {
        /// Files in the saved decisions.
        saved: usize,
        /// Files in the plans.
        planned: usize,
    },
    /// The chosen places cannot be applied together.
    #[error(transparent)]
    Apply(#[from] ApplyError),
}

/// Items of a file: its hunks, or one item for the whole file.
fn item_count(plan: &FilePlan) -> usize {
    match plan.outcome {
        FileOutcome::Modify => plan.hunks.len(),
        _ => 1,
    }
}

impl Decisions {
    /// The starting point for a person: what needs nothing (already applied,
    /// not applicable, unchanged) is skipped, the rest is undecided.
    pub fn new(plans: &[FilePlan]) -> Decisions {
        Decisions::start(plans, false)
    }

    /// What `--auto` does: placed hunks and created or deleted files
    /// accepted, what needs nothing skipped, the rest undecided.
    pub fn auto(plans: &[FilePlan]) -> Decisions {
        Decisions::start(plans, true)
    }

    fn start(plans: &[FilePlan], accept_placed: bool) -> Decisions {
        let accept = |yes: bool| {
            if yes && accept_placed {
                Decision::Accept { candidate: 0 }
            } else {
                Decision::Undecided
            }
        };
        let files = plans
            .iter()
            .map(|plan| match &plan.outcome {
                FileOutcome::Modify => plan
                    .hunks
                    .iter()
                    .map(|h| match h.status {
                        Status::AlreadyApplied | Status::NotApplicable => Decision::Skip,
                        Status::Placed => accept(!h.candidates.is_empty()),
                        Status::Unplaced => Decision::Undecided,
                    })
                    .collect(),
                FileOutcome::Create(_) | FileOutcome::Delete => vec![accept(true)],
                FileOutcome::Unchanged => vec![Decision::Skip],
                FileOutcome::Blocked(_) => vec![Decision::Undecided],
            })
            .collect();
        Decisions {
            files,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    /// Checks that saved decisions fit `plans` (same files, same hunks,
    /// candidates that exist).
    pub fn check(&self, plans: &[FilePlan]) -> Result<(), DecideError> {
        if self.files.len() != plans.len() {
            return Err(DecideError::Shape {
                saved: self.files.len(),
                planned: plans.len(),
            });
        }
        for (file, (decisions, plan)) in self.files.iter().zip(plans).enumerate() {
            if decisions.len() != item_count(plan) {
                return Err(DecideError::Shape {
                    saved: self.files.len(),
                    planned: plans.len(),
                });
            }
            for (hunk, d) in decisions.iter().enumerate() {
                let item = ItemRef { file, hunk };
                if let Decision::Accept { candidate } = d {
                    if matches!(plan.outcome, FileOutcome::Modify)
                        && plan.hunks[hunk].candidates.get(*candidate).is_none()
                    {
                        return Err(DecideError::NoCandidate(item, *candidate));
                    }
                }
            }
        }
        Ok(())
    }

    /// Every item, in order.
    pub fn items(&self) -> impl Iterator<Item = (ItemRef, &Decision)> {
        self.files.iter().enumerate().flat_map(|(file, ds)| {
            ds.iter()
                .enumerate()
                .map(move |(hunk, d)| (ItemRef { file, hunk }, d))
        })
    }

    /// The decision for an item.
    pub fn get(&self, item: ItemRef) -> Option<&Decision> {
        self.files.get(item.file)?.get(item.hunk)
    }

    /// Records a decision (undoable). Returns whether anything changed.
    pub fn set(&mut self, item: ItemRef, decision: Decision) -> Result<bool, DecideError> {
        let slot = self
            .files
            .get_mut(item.file)
            .and_then(|f| f.get_mut(item.hunk))
            .ok_or(DecideError::NoItem(item))?;
        if *slot == decision {
            return Ok(false);
        }
        let before = std::mem::replace(slot, decision.clone());
        self.undo.push(Change {
            item,
            before,
            after: decision,
        });
        self.redo.clear();
        Ok(true)
    }

    /// Undoes the last decision; the item it changed.
    pub fn undo(&mut self) -> Option<ItemRef> {
        let change = self.undo.pop()?;
        self.put(change.item, change.before.clone());
        let item = change.item;
        self.redo.push(change);
        Some(item)
    }

    /// Redoes the last undone decision; the item it changed.
    pub fn redo(&mut self) -> Option<ItemRef> {
        let change = self.redo.pop()?;
        self.put(change.item, change.after.clone());
        let item = change.item;
        self.undo.push(change);
        Some(item)
    }

    fn put(&mut self, item: ItemRef, decision: Decision) {
        if let Some(slot) = self
            .files
            .get_mut(item.file)
            .and_then(|f| f.get_mut(item.hunk))
        {
            *slot = decision;
        }
    }

    /// How many items are accepted, custom, skipped and undecided.
    pub fn tally(&self) -> Tally {
        let mut t = Tally::default();
        for (_, d) in self.items() {
            match d {
                Decision::Undecided => t.undecided += 1,
                Decision::Accept { .. } => t.accepted += 1,
                Decision::Custom(_) => t.custom += 1,
                Decision::Skip => t.skipped += 1,
            }
        }
        t
    }

    /// Whether every item is decided.
    pub fn is_complete(&self) -> bool {
        self.items().all(|(_, d)| *d != Decision::Undecided)
    }
}

/// Everything a person needs to decide one commit's hunks.
#[derive(Debug, Clone)]
pub struct Review {
    /// The commit's patch (files, hunks, author, message).
    pub commit: CommitPatch,
    /// The upstream commit's full id, when it comes from git.
    pub id: Option<String>,
    /// One plan per file of `commit`, in the same order.
    pub plans: Vec<FilePlan>,
    /// Per file, upstream's file before the change, when known (placing by
    /// hand aligns better with it).
    pub upstream: Vec<Option<Text>>,
    /// This commit's number in the series (1-based) and the series' length.
    pub position: (usize, usize),
}

impl Review {
    /// The hunk `item` fitted at legacy line `line` (0-based), as a person
    /// placing it by hand wants it.
    pub fn fit_at(&self, item: ItemRef, line: usize) -> Option<Candidate> {
        let plan = self.plans.get(item.file)?;
        let file = self.commit.files.get(item.file)?;
        let input = place::FileInput {
            path: plan.legacy_path.as_deref().unwrap_or(&plan.path),
            legacy: &plan.legacy,
            upstream_before: self.upstream.get(item.file).and_then(Option::as_ref),
            hunks: &file.hunks,
            tree_lacks: None,
            tree_has: None,
            python: place::PythonBranch::default(),
        };
        place::fit_at(&input, item.hunk, line)
    }
}

/// An error from saving decisions, whatever the store.
pub type SaveError = Box<dyn std::error::Error + Send + Sync>;

/// How deciding a commit ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Commit the decisions with this message.
    Commit {
        /// The commit message, as the person left it.
        message: String,
    },
    /// Stop here; the decisions are saved and the port can be resumed.
    Pause,
}

/// Whoever decides a commit's hunks: `--auto`, or a person in the TUI.
pub trait Decider {
    /// Decides `review`'s items, starting from `decisions`. `save` is called
    /// after every change (so a kill loses at most the change in flight);
    /// `message` gives the commit message the decisions would make.
    fn decide(
        &mut self,
        review: &Review,
        decisions: &mut Decisions,
        save: &mut dyn FnMut(&Decisions) -> Result<(), SaveError>,
        message: &dyn Fn(&Decisions) -> String,
    ) -> Result<Outcome, SaveError>;

    /// Tells the decider its last commit could not be made (a failed
    /// `--exec` check); the next `decide` is for the same commit. `false`
    /// when nobody can act on it, and the port stops.
    fn notice(&mut self, _text: &str) -> bool {
        false
    }
}

/// What a file becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileWrite {
    /// Left as it is.
    Keep,
    /// Written with these bytes.
    Write(Vec<u8>),
    /// Deleted.
    Delete,
}

/// The candidate an item's decision stands for, if it puts lines in.
pub fn chosen(plan: &FilePlan, hunk: usize, decision: &Decision) -> Option<Candidate> {
    match decision {
        Decision::Accept { candidate } => plan.hunks.get(hunk)?.candidates.get(*candidate).cloned(),
        Decision::Custom(custom) => Some(custom.to_candidate()),
        Decision::Undecided | Decision::Skip => None,
    }
}

/// What one file becomes under its decisions (undecided items count as
/// skipped).
pub fn file_write(plan: &FilePlan, decisions: &[Decision]) -> Result<FileWrite, ApplyError> {
    let accepted = decisions
        .first()
        .is_some_and(|d| matches!(d, Decision::Accept { .. }));
    match &plan.outcome {
        FileOutcome::Create(bytes) if accepted => Ok(FileWrite::Write(bytes.clone())),
        FileOutcome::Delete if accepted => Ok(FileWrite::Delete),
        FileOutcome::Modify => {
            let chosen: Vec<(usize, Candidate)> = decisions
                .iter()
                .enumerate()
                .filter_map(|(i, d)| chosen(plan, i, d).map(|c| (i, c)))
                .collect();
            if chosen.is_empty() {
                return Ok(FileWrite::Keep);
            }
            let refs: Vec<(usize, &Candidate)> = chosen.iter().map(|(i, c)| (*i, c)).collect();
            Ok(FileWrite::Write(
                place::apply(&plan.legacy, &refs)?.to_bytes(),
            ))
        }
        _ => Ok(FileWrite::Keep),
    }
}

/// Every file a commit's decisions change: (legacy path, what it becomes),
/// in plan order, without the files left as they are.
pub fn writes(
    plans: &[FilePlan],
    decisions: &Decisions,
) -> Result<Vec<(Vec<u8>, FileWrite)>, DecideError> {
    decisions.check(plans)?;
    let mut out = Vec::new();
    for (plan, ds) in plans.iter().zip(&decisions.files) {
        let Some(path) = &plan.legacy_path else {
            continue;
        };
        match file_write(plan, ds)? {
            FileWrite::Keep => {}
            write => out.push((path.clone(), write)),
        }
    }
    Ok(out)
}

/// Lines as JSON strings when they are UTF-8, byte arrays when not, so a
/// saved hand edit loses nothing.
mod byte_lines {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Line {
        Text(String),
        Bytes(Vec<u8>),
    }

    pub fn serialize<S: Serializer>(lines: &[Vec<u8>], s: S) -> Result<S::Ok, S::Error> {
        let lines: Vec<Line> = lines
            .iter()
            .map(|l| match std::str::from_utf8(l) {
                Ok(t) => Line::Text(t.to_string()),
                Err(_) => Line::Bytes(l.clone()),
            })
            .collect();
        lines.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<u8>>, D::Error> {
        let lines = Vec::<Line>::deserialize(d)?;
        Ok(lines
            .into_iter()
            .map(|l| match l {
                Line::Text(t) => t.into_bytes(),
                Line::Bytes(b) => b,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::port::{port_bytes, PortOptions};

    const LEGACY: &[u8] = b"fn a() {\n    one();\n}\n\nfn b() {\n    two();\n}\n";
    const PATCH: &[u8] = b"--- a/x.rs\n+++ b/x.rs\n@@ -1,3 +1,3 @@\n fn a() {\n-    one();\n+    uno();\n }\n@@ -5,3 +5,3 @@\n fn b() {\n-    two();\n+    dos();\n }\n";

    fn plans() -> Vec<FilePlan> {
        let patch = crate::patch::parse(PATCH).unwrap();
        let file = &patch.commits[0].files[0];
        let (plan, _) = port_bytes(file, LEGACY, None, &PortOptions::default()).unwrap();
        vec![plan]
    }

    fn result(plans: &[FilePlan], d: &Decisions) -> Vec<u8> {
        match writes(plans, d).unwrap().pop() {
            Some((_, FileWrite::Write(bytes))) => bytes,
            _ => LEGACY.to_vec(),
        }
    }

    #[test]
    fn auto_accepts_placed_hunks_and_new_leaves_them_open() {
        let plans = plans();
        assert_eq!(Decisions::auto(&plans).tally().accepted, 2);
        let d = Decisions::new(&plans);
        assert_eq!(d.tally().undecided, 2);
        assert!(!d.is_complete());
        assert_eq!(result(&plans, &d), LEGACY);
        assert_eq!(
            result(&plans, &Decisions::auto(&plans)),
            b"fn a() {\n    uno();\n}\n\nfn b() {\n    dos();\n}\n"
        );
    }

    #[test]
    fn skip_edit_undo_redo() {
        let plans = plans();
        let mut d = Decisions::new(&plans);
        let first = ItemRef { file: 0, hunk: 0 };
        let second = ItemRef { file: 0, hunk: 1 };
        d.set(first, Decision::Skip).unwrap();
        let best = &plans[0].hunks[1].candidates[0];
        let mut edit = Custom::from_candidate(CustomKind::Edited, best);
        edit.lines[0] = b"    tres();".to_vec();
        d.set(second, Decision::Custom(edit)).unwrap();
        assert!(d.is_complete());
        assert_eq!(
            result(&plans, &d),
            b"fn a() {\n    one();\n}\n\nfn b() {\n    tres();\n}\n"
        );
        assert_eq!(d.undo(), Some(second));
        assert_eq!(d.get(second), Some(&Decision::Undecided));
        assert_eq!(d.redo(), Some(second));
        assert_eq!(d.tally().custom, 1);
        assert_eq!(d.undo(), Some(second));
        assert_eq!(d.undo(), Some(first));
        assert_eq!(d.undo(), None);
        // A new decision after undoing drops what could be redone.
        d.set(first, Decision::Accept { candidate: 0 }).unwrap();
        assert_eq!(d.redo(), None);
    }

    #[test]
    fn saved_decisions_round_trip_with_non_utf8_lines() {
        let plans = plans();
        let mut d = Decisions::new(&plans);
        let best = &plans[0].hunks[0].candidates[0];
        let mut edit = Custom::from_candidate(CustomKind::Placed, best);
        edit.lines.push(b"\xff\xfe latin-1 \xe9".to_vec());
        d.set(ItemRef { file: 0, hunk: 0 }, Decision::Custom(edit))
            .unwrap();
        let json = serde_json::to_string(&d).unwrap();
        let back: Decisions = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back.items().collect::<Vec<_>>(),
            d.items().collect::<Vec<_>>()
        );
        back.check(&plans).unwrap();
    }

    #[test]
    fn decisions_for_other_plans_are_refused() {
        let plans = plans();
        let mut d = Decisions::new(&plans);
        assert!(d.set(ItemRef { file: 0, hunk: 7 }, Decision::Skip).is_err());
        d.set(
            ItemRef { file: 0, hunk: 0 },
            Decision::Accept { candidate: 9 },
        )
        .unwrap();
        assert_eq!(
            d.check(&plans),
            Err(DecideError::NoCandidate(ItemRef { file: 0, hunk: 0 }, 9))
        );
        assert!(matches!(
            Decisions::new(&[]).check(&plans),
            Err(DecideError::Shape { .. })
        ));
    }

    #[test]
    fn fit_at_places_a_hunk_where_a_person_says() {
        let patch = crate::patch::parse(PATCH).unwrap();
        let file = &patch.commits[0].files[0];
        let legacy = crate::text::Text::parse(LEGACY);
        let input = place::FileInput {
            path: b"x.rs",
            legacy: &legacy,
            upstream_before: None,
            hunks: &file.hunks,
            tree_lacks: None,
            tree_has: None,
            python: place::PythonBranch::default(),
        };
        let c = place::fit_at(&input, 1, 4).unwrap();
        assert_eq!(c.strategy, Strategy::Manual);
        assert_eq!(c.span, 5..6);
        assert_eq!(c.lines, vec![b"    dos();".to_vec()]);
        // Where the pre-image is not, only the added lines go in.
        let c = place::fit_at(&input, 0, 7).unwrap();
        assert_eq!(c.span, 7..7);
        assert_eq!(c.lines, vec![b"    uno();".to_vec()]);
    }
}
