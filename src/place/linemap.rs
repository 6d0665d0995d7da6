//! The line map: where each line of the upstream pre-image file went in the
//! legacy file, from a histogram diff of the two with git's indent heuristic
//! (what a 3-way merge uses).
//!
//! When the whole upstream file is at hand this is the strongest evidence of
//! where a hunk belongs: it sees the file as a whole, so duplicated context
//! elsewhere cannot fool it. It cannot follow code that moved, and it says
//! nothing about lines that changed; the aligner and the structural step
//! settle those.

use imara_diff::{Algorithm, Diff, IndentHeuristic, IndentLevel};

use super::lines::LineKey;

/// A base line and the legacy line it maps to.
pub type Mapped = (usize, usize);

/// For every base line, the legacy line it is identical to, if the diff kept it.
#[derive(Debug, Clone)]
pub struct LineMap {
    to_legacy: Vec<Option<usize>>,
    /// For every legacy line, whether some base line maps to it.
    kept: Vec<bool>,
    /// Base and legacy lines of changed runs as long on both sides, line
    /// for line: rewritten in place, perhaps (`idioms.rs` looks closer).
    rewritten: Vec<Mapped>,
    /// For every base line, whether legacy lacks it with nothing in its
    /// place: a 3-way merge sees both sides delete it.
    deleted: Vec<bool>,
}

impl LineMap {
    /// Diffs `base` (exact line ids) against `legacy` by exact line
    /// identity. `lines` gives the text of a line id, for the indentation
    /// that decides where a block that could slide over equal lines starts.
    pub fn new<'l>(
        base: &[u32],
        legacy: &[LineKey],
        distinct: u32,
        lines: impl Iterator<Item = (u32, &'l [u8])>,
    ) -> LineMap {
        let before: Vec<imara_diff::Token> = base.iter().map(|&k| k.into()).collect();
        let after: Vec<imara_diff::Token> = legacy.iter().map(|k| k.exact.into()).collect();
        let mut diff = Diff::default();
        diff.compute_with(Algorithm::Histogram, &before, &after, distinct);
        // Where legacy has a block upstream lacks between equal lines (blank
        // lines, a docstring's end), git puts the block's edges at the
        // indentation a reader would: so must the map, or a hunk's context
        // lands at the block's far end.
        let blank = IndentLevel::for_ascii_line(*b"", 8);
        let mut indent = vec![blank; distinct as usize];
        for (id, text) in lines {
            if let Some(slot) = indent.get_mut(id as usize) {
                *slot = IndentLevel::for_ascii_line(text.iter().copied(), 8);
            }
        }
        diff.postprocess_with(
            &before,
            &after,
            IndentHeuristic::new(|t: imara_diff::Token| {
                indent.get(u32::from(t) as usize).copied().unwrap_or(blank)
            }),
        );
        let mut to_legacy = vec![None; base.len()];
        let mut rewritten = Vec::new();
        let mut deleted = vec![false; base.len()];
        let (mut b, mut l) = (0usize, 0usize);
        for hunk in diff.hunks() {
            if hunk.after.is_empty() {
                if let Some(run) =
                    deleted.get_mut(hunk.before.start as usize..hunk.before.end as usize)
                {
                    run.fill(true);
                }
            }
            if hunk.before.len() == hunk.after.len() {
                rewritten.extend(
                    (hunk.before.start as usize..hunk.before.end as usize)
                        .zip(hunk.after.start as usize..hunk.after.end as usize),
                );
            }
            while b < hunk.before.start as usize {
                if let Some(slot) = to_legacy.get_mut(b) {
                    *slot = Some(l);
                }
                b += 1;
                l += 1;
            }
            b = hunk.before.end as usize;
            l = hunk.after.end as usize;
        }
        while b < base.len() {
            if let Some(slot) = to_legacy.get_mut(b) {
                *slot = Some(l);
            }
            b += 1;
            l += 1;
        }
        let mut kept = vec![false; legacy.len()];
        for &l in to_legacy.iter().flatten() {
            if let Some(slot) = kept.get_mut(l) {
                *slot = true;
            }
        }
        LineMap {
            to_legacy,
            kept,
            rewritten,
            deleted,
        }
    }

    /// Lines of changed runs as long in both files, paired in order.
    pub fn rewritten(&self) -> &[Mapped] {
        &self.rewritten
    }

    /// For every legacy line, whether it is some base line's.
    pub fn kept(&self) -> &[bool] {
        &self.kept
    }

    /// Whether legacy lacks base line `line` with nothing in its place.
    pub fn deleted(&self, line: usize) -> bool {
        self.deleted.get(line).copied().unwrap_or(false)
    }

    /// The legacy line that base line `line` became, if it survived unchanged.
    pub fn get(&self, line: usize) -> Option<usize> {
        self.to_legacy.get(line).copied().flatten()
    }

    /// The nearest mapped base lines at or before and at or after `line`,
    /// with their legacy lines.
    pub fn around(&self, line: usize) -> (Option<Mapped>, Option<Mapped>) {
        let before = (0..=line.min(self.to_legacy.len().saturating_sub(1)))
            .rev()
            .find_map(|b| self.get(b).map(|l| (b, l)));
        let after = (line..self.to_legacy.len()).find_map(|b| self.get(b).map(|l| (b, l)));
        (before, after)
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::Keys;
    use super::*;

    #[test]
    fn maps_kept_lines_past_insertions_and_deletions() {
        let mut keys = Keys::default();
        let base: Vec<u32> = keys
            .keys(["a", "b", "c", "d"].map(str::as_bytes))
            .iter()
            .map(|k| k.exact)
            .collect();
        let legacy = keys.keys(["a", "new", "b", "d"].map(str::as_bytes));
        let map = LineMap::new(&base, &legacy, 16, std::iter::empty());
        assert_eq!(map.get(0), Some(0));
        assert_eq!(map.get(1), Some(2));
        assert_eq!(map.get(2), None);
        assert_eq!(map.get(3), Some(3));
        assert_eq!(map.around(2), (Some((1, 2)), Some((3, 3))));
        assert_eq!(map.kept(), [true, false, true, true]);
        assert!(map.rewritten().is_empty());
        // "c" is gone with nothing in its place: deleted on legacy's side.
        assert_eq!(
            (0..4).map(|b| map.deleted(b)).collect::<Vec<_>>(),
            [false, false, true, false]
        );
        let legacy = keys.keys(["a", "B", "c", "d"].map(str::as_bytes));
        let map = LineMap::new(&base, &legacy, 16, std::iter::empty());
        assert_eq!(map.rewritten(), [(1, 1)]);
        // "b" was rewritten, not deleted.
        assert!(!map.deleted(1));
    }

    /// sqlalchemy's events.py: legacy keeps a method upstream deleted, and
    /// its docstring ends as the one before does. The diff anchors on the
    /// next method, which upstream has once, and takes the lines equal at
    /// both ends of the block from the far end; the map must keep the
    /// docstring's end with the function it closes, as git does.
    #[test]
    fn a_block_legacy_keeps_between_equal_lines_starts_at_its_def() {
        let mut keys = Keys::default();
        let (go, body, end) = (
            "            def go():",
            "                pass",
            "        \"\"\"",
        );
        let example = [go, body, "", end, ""];
        let next = [
            "    def before_insert(self):",
            "        \"\"\"Before an INSERT.",
        ];
        let base_text: Vec<&str> =
            [&example[..], &["    def one(self):"], &example, &next].concat();
        let kept = [
            "    def translate_row(self):",
            "        \"\"\"Deprecated.",
            "",
            end,
            "",
        ];
        let legacy_text: Vec<&str> = [
            &example[..],
            &["    def one_renamed(self):"],
            &example,
            &kept,
            &next,
        ]
        .concat();
        let base: Vec<u32> = keys
            .keys(base_text.iter().map(|t| t.as_bytes()))
            .iter()
            .map(|k| k.exact)
            .collect();
        let legacy = keys.keys(legacy_text.iter().map(|t| t.as_bytes()));
        let texts = base
            .iter()
            .zip(&base_text)
            .chain(legacy.iter().map(|k| &k.exact).zip(&legacy_text))
            .map(|(&id, t)| (id, t.as_bytes()));
        let map = LineMap::new(&base, &legacy, keys.distinct_exact(), texts);
        // The second example's docstring end and the blank after it.
        assert_eq!((map.get(9), map.get(10)), (Some(9), Some(10)));
        assert_eq!(map.get(11), Some(16));
    }
}
