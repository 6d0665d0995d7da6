//! The line map: where each line of the upstream pre-image file went in the
//! legacy file, from a histogram diff of the two (what a 3-way merge uses).
//!
//! When the whole upstream file is at hand this is the strongest evidence of
//! where a hunk belongs: it sees the file as a whole, so duplicated context
//! elsewhere cannot fool it. It cannot follow code that moved, and it says
//! nothing about lines that changed; the aligner and the structural step
//! settle those.

use imara_diff::{Algorithm, Diff};

use super::lines::LineKey;

/// A base line and the legacy line it maps to.
pub type Mapped = (usize, usize);

/// For every base line, the legacy line it is identical to, if the diff kept it.
#[derive(Debug, Clone)]
pub struct LineMap {
    to_legacy: Vec<Option<usize>>,
}

impl LineMap {
    /// Diffs `base` (exact line ids) against `legacy` by exact line identity.
    pub fn new(base: &[u32], legacy: &[LineKey], distinct: u32) -> LineMap {
        let before: Vec<imara_diff::Token> = base.iter().map(|&k| k.into()).collect();
        let after: Vec<imara_diff::Token> = legacy.iter().map(|k| k.exact.into()).collect();
        let mut diff = Diff::default();
        diff.compute_with(Algorithm::Histogram, &before, &after, distinct);
        let mut to_legacy = vec![None; base.len()];
        let (mut b, mut l) = (0usize, 0usize);
        for hunk in diff.hunks() {
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
        LineMap { to_legacy }
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
        let map = LineMap::new(&base, &legacy, 16);
        assert_eq!(map.get(0), Some(0));
        assert_eq!(map.get(1), Some(2));
        assert_eq!(map.get(2), None);
        assert_eq!(map.get(3), Some(3));
        assert_eq!(map.around(2), (Some((1, 2)), Some((3, 3))));
    }
}
