//! Aligning a hunk's pre-image with a window of the legacy file.
//!
//! This is a semi-global alignment in the manner of Smith-Waterman with affine
//! gaps: every pre-image line is either matched to a legacy line (exactly,
//! ignoring whitespace, or fuzzily) or skipped at a cost, while the legacy
//! window may start and end anywhere. Extra legacy lines inside the span cost
//! an opening penalty and a small per-line one, so a block the legacy branch
//! inserted in the middle of a function does not break the placement.
//!
//! Rejected: matching the pre-image as one block (what `patch` does with fuzz)
//! fails on any line that drifted; LCS without weights lets blank lines and
//! braces decide where a hunk goes.

use std::collections::HashSet;
use std::ops::Range;

use super::lines::{similarity, LineKey};

/// How a pre-image line matched a legacy line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum How {
    /// Same bytes (a trailing `\r` aside).
    Exact,
    /// Same once whitespace is ignored.
    Whitespace,
    /// Similar tokens; the value is the similarity in [0, 1].
    Fuzzy(f32),
}

/// One matched line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// Index into the pre-image.
    pub pre: usize,
    /// Line index in the legacy file.
    pub legacy: usize,
    /// How they matched.
    pub how: How,
}

/// The best alignment found in a window.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// Matched lines in increasing order on both sides.
    pub pairs: Vec<Pair>,
    /// The alignment score (sum of match scores minus gap costs).
    pub score: f32,
}

impl Alignment {
    /// The legacy lines from the first to the last matched line.
    pub fn span(&self) -> Option<Range<usize>> {
        let first = self.pairs.first()?;
        let last = self.pairs.last()?;
        Some(first.legacy..last.legacy + 1)
    }
}

/// What the aligner needs about the pre-image.
pub struct Pre<'a> {
    /// Keys of the pre-image lines.
    pub keys: &'a [LineKey],
    /// Evidence weight of each pre-image line.
    pub weights: &'a [f32],
    /// The legacy line the 3-way line map gives each pre-image line (empty
    /// without a line map). A line it puts elsewhere is there unchanged, so
    /// it is never matched fuzzily here; a match it confirms gets a bonus.
    pub mapped: &'a [Option<usize>],
    /// The legacy line the pre-image is expected to start at: of equally
    /// good alignments in a window, the one ending nearest its expected end
    /// wins, as it does between windows (else the first).
    pub near: Option<usize>,
}

/// Scoring constants, in units of one full-weight line match.
const WHITESPACE: f32 = 0.85;
const FUZZY: f32 = 0.5;
const FUZZY_MIN: f32 = 0.5;
const SKIP_PRE: f32 = 0.3;
const GAP_OPEN: f32 = 0.25;
const GAP_EXTEND: f32 = 0.03;
const GAP_EXTEND_BLANK: f32 = 0.01;
/// Bonus for a match the line map (the 3-way alignment) agrees with.
pub const PRIOR: f32 = 0.3;

/// Largest matrix the aligner fills; larger problems get a narrower window.
pub const MAX_CELLS: usize = 4_000_000;

/// How well pre-image line `p` matches legacy line `l`, if at all.
pub fn match_score(p: &LineKey, l: &LineKey, weight: f32) -> Option<(f32, How)> {
    if p.exact == l.exact {
        return Some((weight, How::Exact));
    }
    if p.squashed == l.squashed {
        return Some((weight * WHITESPACE, How::Whitespace));
    }
    if p.blank || l.blank || p.len < 4 || l.len < 4 {
        return None;
    }
    let (a, b) = (p.tokens.len(), l.tokens.len());
    if a * 2 < b || b * 2 < a {
        return None;
    }
    let sim = similarity(&p.tokens, &l.tokens);
    (sim >= FUZZY_MIN).then_some((weight * FUZZY * sim, How::Fuzzy(sim)))
}

#[derive(Clone, Copy, PartialEq)]
enum Step {
    Start,
    Diag,
    SkipPre,
    Gap,
}

/// Aligns the whole pre-image with the best-scoring part of
/// `legacy[window]`. Returns `None` when nothing matches or the problem is
/// larger than [`MAX_CELLS`].
pub fn align(pre: &Pre<'_>, legacy: &[LineKey], window: Range<usize>) -> Option<Alignment> {
    let m = pre.keys.len();
    let window = window.start.min(legacy.len())..window.end.min(legacy.len());
    let n = window.len();
    if m == 0 || n == 0 || (m + 1) * (n + 1) > MAX_CELLS {
        return None;
    }
    let cols = n + 1;
    let neg = f32::NEG_INFINITY;
    // A legacy line that is one of the pre-image's own lines is that line,
    // moved: it pairs with no other line loosely (redis swapped two calls
    // that upstream's context has, and a third context line legacy lacks
    // took the one out of order as its drifted form).
    let own: HashSet<u32> = pre
        .keys
        .iter()
        .filter(|k| !k.blank)
        .map(|k| k.squashed)
        .collect();
    // h: best score with pre[..i] and legacy[..j] consumed; e: same, ending in
    // a legacy gap.
    let mut h = vec![neg; (m + 1) * cols];
    let mut e = vec![neg; (m + 1) * cols];
    let mut h_step = vec![Step::Start; (m + 1) * cols];
    let mut e_from_gap = vec![false; (m + 1) * cols];
    let mut how = vec![How::Exact; (m + 1) * cols];
    h[..cols].fill(0.0);
    for i in 1..=m {
        let pk = &pre.keys[i - 1];
        let pw = pre.weights[i - 1];
        let mapped = pre.mapped.get(i - 1).copied().flatten();
        for j in 0..cols {
            let at = i * cols + j;
            // Skip this pre-image line.
            let mut best = h[(i - 1) * cols + j] - SKIP_PRE * pw;
            let mut step = Step::SkipPre;
            if j > 0 {
                let lk = &legacy[window.start + j - 1];
                let ext = if lk.blank {
                    GAP_EXTEND_BLANK
                } else {
                    GAP_EXTEND
                };
                let open = h[at - 1] - GAP_OPEN - ext;
                let extend = e[at - 1] - ext;
                let (ev, from_gap) = if extend > open {
                    (extend, true)
                } else {
                    (open, false)
                };
                e[at] = ev;
                e_from_gap[at] = from_gap;
                if ev > best {
                    best = ev;
                    step = Step::Gap;
                }
                let here = window.start + j - 1;
                let scored = match_score(pk, lk, pw).filter(|&(_, hw)| {
                    !matches!(hw, How::Fuzzy(_))
                        || (mapped.is_none_or(|l| l == here) && !own.contains(&lk.squashed))
                });
                if let Some((mut s, hw)) = scored {
                    if mapped == Some(here) {
                        s += PRIOR * pw;
                    }
                    let d = h[(i - 1) * cols + j - 1] + s;
                    if d > best {
                        best = d;
                        step = Step::Diag;
                        how[at] = hw;
                    }
                }
            }
            h[at] = best;
            h_step[at] = step;
        }
    }
    // Free end: the best cell of the last row.
    let mut end_j = 0;
    let mut best = neg;
    let off = |j: usize| pre.near.map_or(0, |l| (window.start + j).abs_diff(l + m));
    for j in 0..cols {
        let v = h[m * cols + j];
        if v > best || (v == best && off(j) < off(end_j)) {
            best = v;
            end_j = j;
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (m, end_j);
    let mut in_gap = false;
    while i > 0 {
        let at = i * cols + j;
        if in_gap {
            in_gap = e_from_gap[at];
            j -= 1;
            continue;
        }
        match h_step[at] {
            Step::Diag => {
                pairs.push(Pair {
                    pre: i - 1,
                    legacy: window.start + j - 1,
                    how: how[at],
                });
                i -= 1;
                j -= 1;
            }
            Step::SkipPre => i -= 1,
            Step::Gap => in_gap = true,
            Step::Start => break,
        }
    }
    pairs.reverse();
    if pairs.is_empty() {
        return None;
    }
    Some(Alignment { pairs, score: best })
}

#[cfg(test)]
mod tests {
    use super::super::lines::Keys;
    use super::*;

    fn run(pre: &[&str], legacy: &[&str]) -> Alignment {
        let mut keys = Keys::default();
        let p = keys.keys(pre.iter().map(|s| s.as_bytes()));
        let l = keys.keys(legacy.iter().map(|s| s.as_bytes()));
        let w = vec![1.0; p.len()];
        align(
            &Pre {
                keys: &p,
                weights: &w,
                mapped: &[],
                near: None,
            },
            &l,
            0..l.len(),
        )
        .unwrap()
    }

    fn legacy_lines(a: &Alignment) -> Vec<usize> {
        a.pairs.iter().map(|p| p.legacy).collect()
    }

    #[test]
    fn of_two_equal_places_the_nearest_to_the_expected_line_wins() {
        let mut keys = Keys::default();
        let p = keys.keys([&b"b"[..], b"c"]);
        let legacy = ["b", "c", "x", "y", "z", "b", "c", "w"];
        let l = keys.keys(legacy.iter().map(|s| s.as_bytes()));
        let w = vec![1.0; p.len()];
        let at = |near| {
            let pre = Pre {
                keys: &p,
                weights: &w,
                mapped: &[],
                near,
            };
            legacy_lines(&align(&pre, &l, 0..l.len()).unwrap())
        };
        assert_eq!(at(Some(4)), [5, 6]);
        assert_eq!(at(Some(1)), [0, 1]);
        // Without an expected line, the first.
        assert_eq!(at(None), [0, 1]);
    }

    #[test]
    fn finds_exact_block_anywhere() {
        let a = run(&["b", "c", "d"], &["x", "y", "b", "c", "d", "z"]);
        assert_eq!(legacy_lines(&a), [2, 3, 4]);
        assert!(a.pairs.iter().all(|p| p.how == How::Exact));
    }

    #[test]
    fn keeps_extra_legacy_lines_inside() {
        let a = run(
            &["alpha()", "beta()", "gamma()"],
            &[
                "alpha()",
                "inserted_line()",
                "another_one()",
                "beta()",
                "gamma()",
            ],
        );
        assert_eq!(legacy_lines(&a), [0, 3, 4]);
    }

    #[test]
    fn skips_a_missing_line_and_matches_drifted_ones() {
        let a = run(
            &[
                "    foo(bar);",
                "gone_in_legacy()",
                "    let total = compute(x, y);",
            ],
            &["  foo(bar);", "  let total = compute(x, z);"],
        );
        assert_eq!(a.pairs.len(), 2);
        assert_eq!(a.pairs[0].how, How::Whitespace);
        assert!(matches!(a.pairs[1].how, How::Fuzzy(_)));
        assert_eq!(a.pairs[1].pre, 2);
    }

    #[test]
    fn prior_breaks_ties_between_duplicates() {
        let mut keys = Keys::default();
        let p = keys.keys(["dup()".as_bytes()]);
        let l = keys.keys(["dup()", "x", "dup()"].map(str::as_bytes));
        let w = [1.0];
        let a = align(
            &Pre {
                keys: &p,
                weights: &w,
                mapped: &[Some(2)],
                near: None,
            },
            &l,
            0..3,
        )
        .unwrap();
        assert_eq!(legacy_lines(&a), [2]);
    }

    #[test]
    fn a_line_the_line_map_puts_elsewhere_is_not_matched_fuzzily_here() {
        let mut keys = Keys::default();
        let p = keys.keys(["let total = compute(x, y);", "done();"].map(str::as_bytes));
        let l = keys.keys(["let total = compute(x, z);", "done();"].map(str::as_bytes));
        let w = [1.0, 1.0];
        let aligned = |mapped: &[Option<usize>]| {
            let pre = Pre {
                keys: &p,
                weights: &w,
                mapped,
                near: None,
            };
            legacy_lines(&align(&pre, &l, 0..2).unwrap())
        };
        assert_eq!(aligned(&[]), [0, 1]);
        assert_eq!(aligned(&[Some(40), Some(1)]), [1]);
    }
}
