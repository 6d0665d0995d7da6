//! A recording of a port: one JSON line per decision a person made in the
//! interactive view, with what the view showed for it (the upstream hunk,
//! the legacy lines around the place, the place, strategy, confidence and
//! explanation), so `ferry replay` can show it again and `ferry replay
//! --quiz` can ask a trainee for theirs.
//!
//! JSON lines, appended: a port paused and resumed with `--record` keeps
//! adding to the same file, and a line is complete on its own (a crash
//! loses at most the decision being written).

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::decide::{self, CustomKind, Decision, Decisions, ItemRef, Review};
use crate::patch::LineKind;
use crate::port::FileOutcome;

/// Version of a record line.
pub const RECORD_VERSION: u32 = 1;

/// Legacy lines shown around the place, above and below.
const AROUND: usize = 4;

/// What a person decided for an item, in the words a quiz compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Choice {
    /// Took the shown place.
    Accept,
    /// Left the hunk out.
    Skip,
    /// Edited the adapted hunk.
    Edit,
    /// Placed the hunk by hand.
    Place,
}

impl Choice {
    /// The word for it.
    pub fn name(self) -> &'static str {
        match self {
            Choice::Accept => "accept",
            Choice::Skip => "skip",
            Choice::Edit => "edit",
            Choice::Place => "place by hand",
        }
    }

    /// The choice a decision is (none for undecided).
    pub fn of(decision: &Decision) -> Option<Choice> {
        match decision {
            Decision::Undecided => None,
            Decision::Accept { .. } => Some(Choice::Accept),
            Decision::Skip => Some(Choice::Skip),
            Decision::Custom(c) => Some(match c.kind {
                CustomKind::Edited => Choice::Edit,
                CustomKind::Placed => Choice::Place,
            }),
        }
    }
}

/// One decision with what was on screen for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Version of the line's format.
    pub version: u32,
    /// The upstream commit being ported (full id, or `patch`).
    pub commit: String,
    /// Its subject.
    pub subject: String,
    /// Position of the item among the commit's items, from 0.
    pub item: usize,
    /// How many items the commit has.
    pub items: usize,
    /// The file, as upstream names it.
    pub file: String,
    /// The hunk's index in the file.
    pub hunk: usize,
    /// The decision.
    pub decision: Choice,
    /// The placement's status (`placed`, `unplaced`, `already-applied`, ...)
    /// or the file's outcome (`new file`, ...).
    pub status: String,
    /// The strategy of the place decided (or shown, for a skip).
    pub strategy: Option<String>,
    /// Its confidence.
    pub confidence: Option<f32>,
    /// Its one-line explanation.
    pub explanation: Option<String>,
    /// The upstream hunk, each line with its `+`, `-` or ` ` mark.
    pub hunk_lines: Vec<String>,
    /// 1-based number of the first legacy line in `legacy_lines`.
    pub legacy_start: usize,
    /// The legacy lines around the place.
    pub legacy_lines: Vec<String>,
    /// The legacy lines the place replaces, 1-based, end exclusive.
    pub place: Option<(usize, usize)>,
    /// The lines the decision puts there (empty for a skip).
    pub result_lines: Vec<String>,
}

fn lossy(line: &[u8]) -> String {
    String::from_utf8_lossy(line).into_owned()
}

/// The record of `item`'s `decision` in `review`.
pub fn record(
    review: &Review,
    index: usize,
    items: usize,
    item: ItemRef,
    decision: &Decision,
) -> Option<Record> {
    let choice = Choice::of(decision)?;
    let plan = review.plans.get(item.file)?;
    let hunk = review
        .commit
        .files
        .get(item.file)
        .and_then(|f| f.hunks.get(item.hunk));
    let hunk_plan = match plan.outcome {
        FileOutcome::Modify => plan.hunks.get(item.hunk),
        _ => None,
    };
    let status = match (&plan.outcome, hunk_plan) {
        (FileOutcome::Modify, Some(h)) => h.status.name().to_string(),
        (FileOutcome::Create(_), _) => "new file".into(),
        (FileOutcome::Delete, _) => "deleted file".into(),
        (FileOutcome::Unchanged, _) => "unchanged".into(),
        (FileOutcome::Blocked(why), _) => format!("blocked: {why}"),
        _ => "?".into(),
    };
    let shown = decide::chosen(plan, item.hunk, decision)
        .or_else(|| hunk_plan.and_then(|h| h.best().cloned()));
    let legacy = &plan.legacy.lines;
    let anchor = match (&shown, hunk) {
        (Some(c), _) => c.span.clone(),
        (None, Some(h)) => {
            let at = h.old_start.saturating_sub(1).min(legacy.len());
            at..at
        }
        _ => 0..0,
    };
    let from = anchor.start.saturating_sub(AROUND);
    let to = (anchor.end + AROUND).min(legacy.len());
    let id = review
        .id
        .clone()
        .or_else(|| review.commit.meta.as_ref().and_then(|m| m.id.clone()))
        .unwrap_or_else(|| "patch".into());
    Some(Record {
        version: RECORD_VERSION,
        commit: id,
        subject: review
            .commit
            .meta
            .as_ref()
            .map(|m| m.subject.clone())
            .unwrap_or_default(),
        item: index,
        items,
        file: String::from_utf8_lossy(&plan.path).into_owned(),
        hunk: item.hunk,
        decision: choice,
        status,
        strategy: shown.as_ref().map(|c| c.strategy.name().to_string()),
        confidence: shown
            .as_ref()
            .map(|c| (c.confidence * 1000.0).round() / 1000.0),
        explanation: shown.as_ref().map(|c| c.explanation.clone()),
        hunk_lines: hunk
            .map(|h| {
                h.lines
                    .iter()
                    .map(|l| {
                        let mark = match l.kind {
                            LineKind::Added => '+',
                            LineKind::Removed => '-',
                            LineKind::Context => ' ',
                        };
                        format!("{mark}{}", lossy(&l.content))
                    })
                    .collect()
            })
            .unwrap_or_default(),
        legacy_start: from + 1,
        legacy_lines: legacy
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .map(|l| lossy(l))
            .collect(),
        place: shown.as_ref().map(|c| (c.span.start + 1, c.span.end + 1)),
        result_lines: match choice {
            Choice::Skip => Vec::new(),
            _ => shown
                .as_ref()
                .map(|c| c.lines.iter().map(|l| lossy(l)).collect())
                .unwrap_or_default(),
        },
    })
}

/// The records of every item whose decision went from `before` to
/// something else in `after` (a new decision, not an undo to undecided).
pub fn changes(review: &Review, before: &Decisions, after: &Decisions) -> Vec<Record> {
    let items: Vec<(ItemRef, &Decision)> = after.items().collect();
    let n = items.len();
    items
        .iter()
        .enumerate()
        .filter(|(_, (item, d))| before.get(*item) != Some(*d))
        .filter_map(|(i, (item, d))| record(review, i, n, *item, d))
        .collect()
}

/// Reading or writing a recording failed.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A line is not a record.
    #[error("{path} line {line}: not a ferry recording ({message})")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What the parser said.
        message: String,
    },
    /// The file has no records.
    #[error("{path} holds no decisions")]
    Empty {
        /// The file.
        path: PathBuf,
    },
}

/// Appends `records` to the recording at `path`, one JSON line each.
pub fn append(path: &Path, records: &[Record]) -> Result<(), RecordError> {
    let io = |source| RecordError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut text = String::new();
    for r in records {
        let line = serde_json::to_string(r).map_err(|e| io(std::io::Error::other(e)))?;
        text.push_str(&line);
        text.push('\n');
    }
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(io)?;
    f.write_all(text.as_bytes()).map_err(io)?;
    f.flush().map_err(io)
}

/// The records of the recording at `path`, in order.
pub fn load(path: &Path) -> Result<Vec<Record>, RecordError> {
    let text = std::fs::read_to_string(path).map_err(|source| RecordError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: Record = serde_json::from_str(line).map_err(|e| RecordError::Format {
            path: path.to_path_buf(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.push(r);
    }
    if out.is_empty() {
        return Err(RecordError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn sample(decision: Choice) -> Record {
        Record {
            version: RECORD_VERSION,
            commit: "abc".into(),
            subject: "fix".into(),
            item: 0,
            items: 1,
            file: "a.c".into(),
            hunk: 0,
            decision,
            status: "placed".into(),
            strategy: Some("exact".into()),
            confidence: Some(1.0),
            explanation: Some("the pre-image matches".into()),
            hunk_lines: vec![" a".into(), "-b".into(), "+B".into()],
            legacy_start: 1,
            legacy_lines: vec!["a".into(), "b".into()],
            place: Some((1, 3)),
            result_lines: vec!["a".into(), "B".into()],
        }
    }

    #[test]
    fn records_are_appended_and_read_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        append(&path, &[sample(Choice::Accept)]).unwrap();
        append(&path, &[sample(Choice::Skip), sample(Choice::Place)]).unwrap();
        let back = load(&path).unwrap();
        let kinds: Vec<Choice> = back.iter().map(|r| r.decision).collect();
        assert_eq!(kinds, [Choice::Accept, Choice::Skip, Choice::Place]);
        assert_eq!(back[0], sample(Choice::Accept));
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 3);
        assert!(text.contains("\"decision\":\"place\""), "{text}");
    }

    #[test]
    fn a_file_that_is_not_a_recording_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        append(&path, &[sample(Choice::Accept)]).unwrap();
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("{\"not\": \"a record\"}\n");
        std::fs::write(&path, text).unwrap();
        let e = load(&path).unwrap_err().to_string();
        assert!(e.contains("line 2: not a ferry recording"), "{e}");
        std::fs::write(&path, "\n").unwrap();
        assert!(load(&path)
            .unwrap_err()
            .to_string()
            .contains("holds no decisions"));
        assert!(matches!(
            load(&dir.path().join("missing")),
            Err(RecordError::Io { .. })
        ));
    }

    #[test]
    fn choices_name_decisions() {
        assert_eq!(Choice::of(&Decision::Undecided), None);
        assert_eq!(Choice::of(&Decision::Skip), Some(Choice::Skip));
        assert_eq!(
            Choice::of(&Decision::Accept { candidate: 2 }),
            Some(Choice::Accept)
        );
    }
}
