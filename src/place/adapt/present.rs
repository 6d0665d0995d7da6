//! Added lines legacy already has where they go: a run found in one piece
//! among legacy's own lines there is not written twice, and an added line
//! the aligner took for a drifted context line is that line, present.

use std::borrow::Cow;

use crate::patch::{Hunk, LineKind};
use crate::place::align::{Alignment, How, Pair};
use crate::text::{is_blank, squash_whitespace};

/// The alignment without a context line paired loosely with the legacy
/// line that is the added line next to it in the hunk: that line is not
/// the context drifted but the added line already there (vector's `use`
/// list had the `request_builder::EncodeResult` upstream adds after a
/// neighbour legacy writes otherwise), and it is found as present instead
/// of written twice.
pub(super) fn without_added_twins<'a>(
    hunk: &Hunk,
    pre_pos: &[usize],
    alignment: &'a Alignment,
    legacy: &[Vec<u8>],
) -> Cow<'a, Alignment> {
    let added_next_to = |pos: usize, leg: &[u8]| {
        [pos.checked_sub(1), pos.checked_add(1)]
            .into_iter()
            .flatten()
            .filter_map(|k| hunk.lines.get(k))
            .any(|l| {
                l.kind == LineKind::Added
                    && !is_blank(&l.content)
                    && squash_whitespace(&l.content) == squash_whitespace(leg)
            })
    };
    let is_context =
        |pos: &&usize| (hunk.lines.get(**pos)).is_some_and(|l| l.kind == LineKind::Context);
    let twin = |p: &Pair| {
        let context = pre_pos.get(p.pre).filter(is_context);
        matches!(p.how, How::Fuzzy(_))
            && (context.zip(legacy.get(p.legacy)))
                .is_some_and(|(&pos, leg)| added_next_to(pos, leg))
    };
    if !alignment.pairs.iter().any(twin) {
        return Cow::Borrowed(alignment);
    }
    let pairs = alignment
        .pairs
        .iter()
        .filter(|p| !twin(p))
        .copied()
        .collect();
    Cow::Owned(Alignment {
        pairs,
        score: alignment.score,
    })
}

/// Whether `run` occurs in `lines` in one piece (ignoring whitespace).
pub(super) fn contains_run(lines: &[Vec<u8>], run: &[&[u8]]) -> bool {
    !run.is_empty()
        && lines.windows(run.len()).any(|w| {
            w.iter().zip(run).all(|(a, b)| {
                squash_whitespace(a) == squash_whitespace(b) && is_blank(a) == is_blank(b)
            })
        })
}
