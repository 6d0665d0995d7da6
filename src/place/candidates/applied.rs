//! Whether a hunk's result is already in the legacy file: the post-image
//! aligned there in one piece, where the pre-image is not.

use std::ops::Range;

use super::ends::file_ends;
use super::{FileContext, Found, Origins, Prepared};
use crate::patch::Hunk;
use crate::place::align::{align, How, Pre};

/// Whether the post-image is already in the legacy file where the hunk
/// belongs; the explanation if so.
pub(super) fn already_applied(
    ctx: &FileContext<'_>,
    hunk: &Hunk,
    prep: &Prepared,
    windows: &[(Range<usize>, Origins)],
    best_pre: Option<&Found>,
) -> Option<String> {
    if prep.post.is_empty() {
        return None;
    }
    let changes_something = prep.removed.iter().any(|&r| r) || prep.post.len() > prep.pre.len();
    if !changes_something {
        return None;
    }
    let post = Pre {
        keys: &prep.post,
        weights: &prep.post_weights,
        mapped: &[],
        near: None,
    };
    let total: f32 = prep.post_weights.iter().sum();
    let best_post = windows
        .iter()
        .filter_map(|(w, _)| align(&post, &ctx.legacy, w.clone()))
        .max_by(|a, b| a.score.total_cmp(&b.score))?;
    let exact: f32 = best_post
        .pairs
        .iter()
        .filter(|p| p.how == How::Exact)
        .map(|p| prep.post_weights.get(p.pre).copied().unwrap_or(0.0))
        .sum();
    let post_ratio = if total > 0.0 { exact / total } else { 0.0 };
    let pre_ratio = best_pre.map_or(0.0, |f| f.quality.ratio);
    let post_whole = best_post.pairs.len() == prep.post.len()
        && best_post.span().is_some_and(|s| s.len() == prep.post.len());
    let pre_whole = best_pre.is_some_and(|f| f.quality.contiguous_exact);
    let span = best_post.span()?;
    // A hunk that reaches an end of the file must find its result at that
    // end: a deletion's context still matches in front of the lines it
    // deletes when nothing follows them.
    let (at_start, at_end) = file_ends(hunk, ctx.base.as_ref().map(Vec::len));
    let anchored = (!at_start || span.start == 0) && (!at_end || span.end == ctx.legacy.len());
    // The hunk is still to do where it belongs:
    // - most removed lines are still there, where the result seems to be
    //   (the result's lines are legacy's own: a deleted function ends as
    //   the one before it does), or where the line map puts the hunk (the
    //   result's lines elsewhere are another copy's: a doc comment written
    //   for two macros);
    // - a hunk that only adds lines is placed by the line map away from
    //   the copy found (FRRouting's `macvlan_down` has the null check
    //   upstream adds to `macvlan_up`).
    let still_to_do = best_pre.is_some_and(|f| {
        let q = &f.quality;
        let Some(place) = f.alignment.span() else {
            return false;
        };
        let overlaps = place.start <= span.end && span.start <= place.end;
        if q.removed == 0 {
            q.map_confirms() && !overlaps
        } else {
            q.removed_sure * 2 > q.removed && (q.map_confirms() || overlaps)
        }
    });
    // The post-image must be there in one piece: a pure deletion's context
    // still matches around lines that were not deleted.
    let applied = anchored
        && !still_to_do
        && post_whole
        && post_ratio >= 0.9
        && !pre_whole
        && (post_ratio > pre_ratio + 0.05 || post_ratio >= 0.99);
    applied.then(|| {
        format!(
            "the hunk's result is already at lines {}-{}",
            span.start + 1,
            span.end
        )
    })
}
