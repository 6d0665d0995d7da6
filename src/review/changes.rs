//! What the backport itself did: each file's changes against its parent, as
//! zero-context runs of removed and added lines with their positions in both
//! files.
//!
//! Zero context keeps two nearby edits apart, so each can be paired with its
//! own upstream hunk or be reported as extra; the lines around them are
//! read from the whole files when a side is shown.

use std::ops::Range;

use crate::patch::{ChangeKind, FilePatch, LineKind};
use crate::text::Text;

/// One run of lines the backport replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The lines replaced in the file before (0-based, end exclusive; empty
    /// for an insertion before `old.start`).
    pub old: Range<usize>,
    /// The lines that replace them in the file after.
    pub new: Range<usize>,
    /// The removed lines.
    pub removed: Vec<Vec<u8>>,
    /// The added lines.
    pub added: Vec<Vec<u8>>,
}

/// One file the backport changed.
#[derive(Debug, Clone, Default)]
pub struct BackportFile {
    /// Its path before (`None` when the backport creates it).
    pub old_path: Option<Vec<u8>>,
    /// Its path after (`None` when the backport deletes it).
    pub new_path: Option<Vec<u8>>,
    /// The file before the backport.
    pub before: Text,
    /// The file after the backport.
    pub after: Text,
    /// A binary file: its change is shown whole, without lines.
    pub binary: bool,
    /// The changes, in file order.
    pub changes: Vec<Change>,
}

impl BackportFile {
    /// The file a zero-context patch changes, with the whole file before
    /// and after. A binary file, or one renamed without a change of
    /// content, gets one empty change standing for the whole file.
    pub fn from_patch(file: &FilePatch, strip: usize, before: Text, after: Text) -> BackportFile {
        let old_path = (file.kind != ChangeKind::Added)
            .then(|| file.old_path_stripped(strip))
            .flatten();
        let new_path = (file.kind != ChangeKind::Deleted)
            .then(|| file.new_path_stripped(strip))
            .flatten();
        let mut changes = changes_of(file);
        if changes.is_empty() && (file.binary || old_path != new_path) {
            changes.push(Change {
                old: 0..0,
                new: 0..0,
                removed: Vec::new(),
                added: Vec::new(),
            });
        }
        BackportFile {
            old_path,
            new_path,
            before,
            after,
            binary: file.binary,
            changes,
        }
    }

    /// The path to name the file by: before, else after.
    pub fn key(&self) -> &[u8] {
        self.old_path
            .as_deref()
            .or(self.new_path.as_deref())
            .unwrap_or_default()
    }

    /// The path after, else before.
    pub fn shown_path(&self) -> &[u8] {
        self.new_path
            .as_deref()
            .or(self.old_path.as_deref())
            .unwrap_or_default()
    }
}

/// The changes of a zero-context file patch.
pub fn changes_of(file: &FilePatch) -> Vec<Change> {
    file.hunks
        .iter()
        .map(|h| {
            let removed: Vec<Vec<u8>> = h
                .lines
                .iter()
                .filter(|l| l.kind == LineKind::Removed)
                .map(|l| l.content.clone())
                .collect();
            let added: Vec<Vec<u8>> = h
                .lines
                .iter()
                .filter(|l| l.kind == LineKind::Added)
                .map(|l| l.content.clone())
                .collect();
            // With no lines on a side, git gives the line before the gap.
            let old_start = if removed.is_empty() {
                h.old_start
            } else {
                h.old_start.saturating_sub(1)
            };
            let new_start = if added.is_empty() {
                h.new_start
            } else {
                h.new_start.saturating_sub(1)
            };
            Change {
                old: old_start..old_start + removed.len(),
                new: new_start..new_start + added.len(),
                removed,
                added,
            }
        })
        .collect()
}

/// Where line `line` of the file before is in the file after, given the
/// changes (for lines no change touches; a line inside a change maps to the
/// start of its replacement).
pub fn map_line(changes: &[Change], line: usize) -> usize {
    let mut delta: i64 = 0;
    for c in changes {
        if c.old.start > line {
            break;
        }
        if c.old.end > line {
            return c.new.start;
        }
        delta += c.added.len() as i64 - c.removed.len() as i64;
    }
    (line as i64 + delta).max(0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(old: Range<usize>, new: Range<usize>) -> Change {
        Change {
            removed: vec![b"r".to_vec(); old.len()],
            added: vec![b"a".to_vec(); new.len()],
            old,
            new,
        }
    }

    #[test]
    fn maps_lines_past_insertions_and_replacements() {
        // Insert 2 before line 1, replace lines 4..6 by one line.
        let cs = vec![change(1..1, 1..3), change(4..6, 6..7)];
        assert_eq!(map_line(&cs, 0), 0);
        assert_eq!(map_line(&cs, 1), 3);
        assert_eq!(map_line(&cs, 3), 5);
        assert_eq!(map_line(&cs, 4), 6);
        assert_eq!(map_line(&cs, 6), 7);
    }

    #[test]
    fn reads_zero_context_hunks() {
        let patch = crate::patch::parse(
            b"--- a/f\n+++ b/f\n@@ -2,0 +3,1 @@\n+new\n@@ -5 +6 @@\n-old\n+neu\n@@ -8 +8,0 @@\n-gone\n",
        )
        .unwrap_or_default();
        let file = &patch.commits[0].files[0];
        let cs = changes_of(file);
        assert_eq!(cs[0].old, 2..2);
        assert_eq!(cs[0].new, 2..3);
        assert_eq!(cs[1].old, 4..5);
        assert_eq!(cs[1].new, 5..6);
        assert_eq!(cs[2].old, 7..8);
        assert_eq!(cs[2].new, 8..8);
    }
}
