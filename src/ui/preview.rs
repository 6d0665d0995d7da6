//! The legacy file with a hunk's result previewed in place: the file's own
//! lines around the place, the legacy lines that will go, and the lines that
//! will come, those ferry adapted (re-indented, renamed) told apart from
//! upstream's own added lines.
//!
//! The preview is rows over the whole file, computed per row on demand: a
//! 50,000-line file costs only the rows on screen. Only the replaced span is
//! diffed (legacy span against the candidate's lines), so the lines a
//! candidate keeps show as context, not as removed and added again.

use std::collections::HashSet;
use std::ops::Range;

/// What a preview row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A legacy line that stays.
    Context,
    /// A legacy line that goes.
    Removed,
    /// A line that comes, as upstream adds it.
    Added,
    /// A line that comes, changed to fit legacy.
    Adapted,
}

/// One row: its kind and where its text is (a legacy line, or a line of the
/// candidate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// What the row shows.
    pub kind: RowKind,
    /// Index of the line: in the legacy file for context and removed rows,
    /// in the new lines for added and adapted rows.
    pub index: usize,
}

/// A legacy file with one span replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    legacy_len: usize,
    span: Range<usize>,
    diff: Vec<Row>,
}

/// Above this many cells the span is shown as all removed then all added
/// rather than diffed.
const MAX_DIFF_CELLS: usize = 4_000_000;

impl Preview {
    /// The file unchanged (no place to show).
    pub fn plain(legacy_len: usize) -> Preview {
        Preview {
            legacy_len,
            span: 0..0,
            diff: Vec::new(),
        }
    }

    /// `legacy` with `span` replaced by `lines`; a new line equal to none of
    /// `upstream_added` is marked adapted.
    pub fn new(
        legacy: &[Vec<u8>],
        span: Range<usize>,
        lines: &[Vec<u8>],
        upstream_added: &HashSet<&[u8]>,
    ) -> Preview {
        let end = span.end.min(legacy.len());
        let start = span.start.min(end);
        let old = legacy.get(start..end).unwrap_or_default();
        let kind_of = |line: &[u8]| {
            if upstream_added.contains(line) {
                RowKind::Added
            } else {
                RowKind::Adapted
            }
        };
        let mut diff = Vec::with_capacity(old.len() + lines.len());
        if old.len().saturating_mul(lines.len()) > MAX_DIFF_CELLS {
            diff.extend((0..old.len()).map(|i| Row {
                kind: RowKind::Removed,
                index: start + i,
            }));
            diff.extend(lines.iter().enumerate().map(|(i, l)| Row {
                kind: kind_of(l),
                index: i,
            }));
        } else {
            // Longest common subsequence, walked from the front.
            let (n, m) = (old.len(), lines.len());
            let mut lcs = vec![0u32; (n + 1) * (m + 1)];
            let at = |i: usize, j: usize| i * (m + 1) + j;
            for i in (0..n).rev() {
                for j in (0..m).rev() {
                    lcs[at(i, j)] = if old[i] == lines[j] {
                        lcs[at(i + 1, j + 1)] + 1
                    } else {
                        lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
                    };
                }
            }
            let (mut i, mut j) = (0, 0);
            while i < n || j < m {
                if i < n && j < m && old[i] == lines[j] {
                    diff.push(Row {
                        kind: RowKind::Context,
                        index: start + i,
                    });
                    i += 1;
                    j += 1;
                } else if i < n && (j == m || lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
                    diff.push(Row {
                        kind: RowKind::Removed,
                        index: start + i,
                    });
                    i += 1;
                } else {
                    diff.push(Row {
                        kind: kind_of(&lines[j]),
                        index: j,
                    });
                    j += 1;
                }
            }
        }
        Preview {
            legacy_len: legacy.len(),
            span: start..end,
            diff,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.legacy_len - self.span.len() + self.diff.len()
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row at `r`.
    pub fn row(&self, r: usize) -> Option<Row> {
        if r < self.span.start {
            return Some(Row {
                kind: RowKind::Context,
                index: r,
            });
        }
        let k = r - self.span.start;
        if let Some(row) = self.diff.get(k) {
            return Some(*row);
        }
        let index = r - self.diff.len() + self.span.len();
        (index < self.legacy_len).then_some(Row {
            kind: RowKind::Context,
            index,
        })
    }

    /// The row where the change starts (the first row that is not context,
    /// or the span's start).
    pub fn first_change(&self) -> usize {
        self.span.start
            + self
                .diff
                .iter()
                .position(|r| r.kind != RowKind::Context)
                .unwrap_or(0)
    }

    /// The row showing legacy line `line` (or where it would be).
    pub fn row_of_legacy(&self, line: usize) -> usize {
        if line < self.span.start {
            return line;
        }
        if line < self.span.end {
            return self
                .diff
                .iter()
                .position(|r| {
                    matches!(r.kind, RowKind::Context | RowKind::Removed) && r.index == line
                })
                .map_or(self.span.start, |p| self.span.start + p);
        }
        line + self.diff.len() - self.span.len()
    }

    /// The rows of the change itself.
    pub fn change_rows(&self) -> Range<usize> {
        self.span.start..self.span.start + self.diff.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<Vec<u8>> {
        s.lines().map(|l| l.as_bytes().to_vec()).collect()
    }

    #[test]
    fn rows_show_kept_gone_added_and_adapted_lines() {
        let legacy = lines("a\nb\nc\nd\ne");
        let new = lines("b\nX\n  y\nd");
        let added: HashSet<&[u8]> = [&b"X"[..], b"y"].into_iter().collect();
        let p = Preview::new(&legacy, 1..4, &new, &added);
        let rows: Vec<Row> = (0..p.len()).filter_map(|r| p.row(r)).collect();
        let kinds: Vec<RowKind> = rows.iter().map(|r| r.kind).collect();
        use RowKind::*;
        assert_eq!(
            kinds,
            [Context, Context, Removed, Added, Adapted, Context, Context]
        );
        assert_eq!(rows[2].index, 2);
        assert_eq!(rows[6].index, 4);
        assert_eq!(p.first_change(), 2);
        assert_eq!(p.row_of_legacy(4), 6);
        assert_eq!(p.row_of_legacy(2), 2);
        assert_eq!(p.row(7), None);
    }

    #[test]
    fn a_plain_file_is_all_context_and_bad_spans_are_clamped() {
        let p = Preview::plain(3);
        assert_eq!(p.len(), 3);
        assert_eq!(p.row(2).map(|r| r.kind), Some(RowKind::Context));
        let legacy = lines("a\nb");
        let p = Preview::new(&legacy, 5..9, &lines("z"), &HashSet::new());
        assert_eq!(p.len(), 3);
        assert_eq!(p.row(2).map(|r| r.kind), Some(RowKind::Adapted));
    }
}
