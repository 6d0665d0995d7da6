//! Which of upstream's blank lines legacy's blank lines are.
//!
//! Blank lines are all alike, so an alignment may pair legacy's one blank
//! line with a blank the hunk removes as well as with the blank it keeps
//! beside it. sqlalchemy's newer formatter dropped the second of two blank
//! lines after the imports; the branch already had one, and pairing it with
//! the removed blank would leave none. Legacy's blank lines in such a run go
//! to the kept lines first: legacy then already has what upstream leaves.

use std::borrow::Cow;

use crate::patch::{Hunk, LineKind};
use crate::place::align::{Alignment, Pair};
use crate::text::is_blank;

/// The alignment with legacy's blank lines in each run of upstream's blank
/// pre-image lines paired with the context lines of the run before the
/// removed ones, in order.
pub(super) fn kept_blanks_first<'a>(
    hunk: &Hunk,
    pre_pos: &[usize],
    alignment: &'a Alignment,
) -> Cow<'a, Alignment> {
    let kind = |pre: usize| {
        (pre_pos.get(pre).and_then(|&k| hunk.lines.get(k)))
            .filter(|l| is_blank(&l.content))
            .map(|l| l.kind)
    };
    // Copied only once a pair moves: most alignments keep theirs.
    let mut pairs: Cow<'_, [Pair]> = Cow::Borrowed(&alignment.pairs);
    let mut at = 0;
    while at < pairs.len() {
        // A run of pairs whose pre-image lines are blank and consecutive.
        if kind(pairs[at].pre).is_none() {
            at += 1;
            continue;
        }
        let mut end = at + 1;
        while end < pairs.len()
            && kind(pairs[end].pre).is_some()
            && pairs[end].pre == pairs[end - 1].pre + 1
        {
            end += 1;
        }
        // The whole run of blank pre-image lines around the paired ones, up
        // to the pairs before and after (pairs go in pre-image order).
        let floor = at.checked_sub(1).map_or(0, |k| pairs[k].pre + 1);
        let ceiling = pairs.get(end).map_or(usize::MAX, |p| p.pre);
        let mut lo = pairs[at].pre;
        while lo > floor && kind(lo - 1).is_some() {
            lo -= 1;
        }
        let mut hi = pairs[end - 1].pre + 1;
        while hi < ceiling && kind(hi).is_some() {
            hi += 1;
        }
        let taken = end - at;
        let mut chosen: Vec<usize> = (lo..hi)
            .filter(|&i| kind(i) == Some(LineKind::Context))
            .take(taken)
            .collect();
        let more = taken - chosen.len();
        chosen.extend(
            (lo..hi)
                .filter(|&i| kind(i) == Some(LineKind::Removed))
                .take(more),
        );
        chosen.sort_unstable();
        for (k, pre) in (at..end).zip(chosen) {
            if pairs[k].pre != pre {
                pairs.to_mut()[k].pre = pre;
            }
        }
        at = end;
    }
    match pairs {
        Cow::Borrowed(_) => Cow::Borrowed(alignment),
        Cow::Owned(pairs) => Cow::Owned(Alignment {
            pairs,
            score: alignment.score,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::place::align::How;

    fn pair(pre: usize, legacy: usize) -> Pair {
        Pair {
            pre,
            legacy,
            how: How::Exact,
        }
    }

    #[test]
    fn legacy_s_blank_pairs_with_the_blank_upstream_keeps() {
        // ` x`, ` ` (kept), `-` (removed blank), ` if`: legacy has one blank.
        let hunk = crate::patch::test_hunk(
            1,
            &[
                (LineKind::Context, "x"),
                (LineKind::Context, ""),
                (LineKind::Removed, ""),
                (LineKind::Context, "if"),
            ],
        );
        let pre_pos = [0, 1, 2, 3];
        let alignment = Alignment {
            pairs: vec![pair(0, 10), pair(2, 11), pair(3, 12)],
            score: 1.0,
        };
        let got: Vec<usize> = kept_blanks_first(&hunk, &pre_pos, &alignment)
            .pairs
            .iter()
            .map(|p| p.pre)
            .collect();
        assert_eq!(got, [0, 1, 3]);
        // Legacy with both blank lines keeps both pairs as they are.
        let both = Alignment {
            pairs: vec![pair(0, 10), pair(1, 11), pair(2, 12), pair(3, 13)],
            score: 1.0,
        };
        assert!(matches!(
            kept_blanks_first(&hunk, &pre_pos, &both),
            Cow::Borrowed(_)
        ));
    }
}
