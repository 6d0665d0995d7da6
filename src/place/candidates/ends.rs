//! Hunks at an end of the file: lines added where upstream's file starts or
//! ends and legacy's context is gone, hunks with no pre-image at all, and the
//! final-newline state a hunk that reaches the end sets.

use std::ops::Range;

use super::{added_lines, cut_for_missing, settle, FileContext, Prepared};
use crate::patch::{Hunk, HunkLine, LineKind};
use crate::place::adapt::{
    closes_something, closing_lines_kept, endings_to_give, give_endings, Adaptation,
};
use crate::place::confidence::Quality;
use crate::place::result::{Candidate, HunkPlan, Strategy};
use crate::syntax::Lang;
use crate::text::{is_blank, Text};

/// Confidence of lines added at an end of the file whose context is gone:
/// a proposal for a person, never taken by `--auto` at the default.
pub(super) const AT_FILE_END: f32 = 0.4;
/// Confidence of lines upstream's file (at hand) shows appended after its
/// last line, in C or Python, whose context is gone: the end is still
/// there, and maintainers append there (13 files over seven corpora and 5
/// on the 11 branches, none wrong once a module the branch never binds
/// counts as missing). In Rust they mostly rewrote what was appended,
/// tests written against the branch's API (11 of 15), so those stay a
/// proposal.
const AT_FILE_END_SURE: f32 = 0.7;
/// A hunk that only adds lines at an end of upstream's file, whose context
/// legacy lacks there: its lines go at the same end of legacy's file, for a
/// person to confirm.
pub(super) fn at_file_end(ctx: &FileContext<'_>, hunk: &Hunk) -> Option<Candidate> {
    if hunk.lines.iter().any(|l| l.kind == LineKind::Removed) {
        return None;
    }
    let n = ctx.legacy.len();
    let (at, end, at_end) = match file_ends(hunk, ctx.base.as_ref().map(Vec::len)) {
        (_, true) => (
            n - closing_lines_kept(&ctx.input.legacy.lines, hunk).max(guard_kept(ctx, hunk)),
            "end",
            true,
        ),
        (true, false) => (0, "start", false),
        (false, false) => return None,
    };
    let why = format!(
        "its context fits nowhere in legacy; it adds at the {end} of upstream's file, so at the {end} of legacy's"
    );
    let appends = at_end
        && hunk.lines.last().is_some_and(|l| l.kind == LineKind::Added)
        && ctx.base.is_some()
        && matches!(
            Lang::from_path(ctx.input.path),
            Some(Lang::C | Lang::Python)
        );
    let confidence = if appends {
        AT_FILE_END_SURE
    } else {
        AT_FILE_END
    };
    let mut candidate = insertion(hunk, at, ctx.input.legacy, Strategy::Fuzzy, confidence, why);
    candidate.missing_names = ctx.missing.of(ctx.input, hunk, &candidate.lines);
    cut_for_missing(
        &mut candidate.confidence,
        &mut candidate.explanation,
        &candidate.missing_names,
    );
    Some(candidate)
}

/// How many of a C header's last lines are its include guard's `#endif`
/// (and the blank lines around it) that upstream's file does not end with:
/// lines upstream appends to a header without a guard go inside legacy's.
fn guard_kept(ctx: &FileContext<'_>, hunk: &Hunk) -> usize {
    if Lang::from_path(ctx.input.path) != Some(Lang::C) {
        return 0;
    }
    let upstream_guarded = (hunk.lines.iter().rev())
        .filter(|l| l.kind != LineKind::Removed)
        .map(|l| l.content.trim_ascii())
        .find(|t| !t.is_empty())
        .is_some_and(|t| t.starts_with(b"#endif"));
    if upstream_guarded {
        return 0;
    }
    let legacy = &ctx.input.legacy.lines;
    let blank = |l: &&Vec<u8>| is_blank(l);
    let after = legacy.iter().rev().take_while(blank).count();
    let Some(endif) = legacy.len().checked_sub(after + 1) else {
        return 0;
    };
    if !legacy[endif].trim_ascii_start().starts_with(b"#endif") {
        return 0;
    }
    let before = legacy[..endif].iter().rev().take_while(blank).count();
    // A `}` or a directive right above closes more than the guard (an
    // `extern "C"` block, a nested `#if`): where the lines go is a guess.
    let above = legacy[..endif - before].last();
    if above.is_none_or(|l| closes_something(l)) {
        return 0;
    }
    legacy.len() - (endif - before)
}

/// Whether a hunk reaches the start and the end of upstream's file. Without
/// upstream's file, a hunk with less context on one side than on the other
/// is at that end, as GNU patch reads it.
pub(super) fn file_ends(hunk: &Hunk, base_len: Option<usize>) -> (bool, bool) {
    let is_context = |l: &&HunkLine| l.kind == LineKind::Context;
    let leading = hunk.lines.iter().take_while(is_context).count();
    let trailing = hunk.lines.iter().rev().take_while(is_context).count();
    let at_start = hunk.old_start <= 1 && leading < trailing;
    let at_end = match base_len {
        Some(n) => hunk.old_start.saturating_sub(1) + hunk.old_len == n && trailing < leading,
        None => trailing < leading,
    };
    (at_start, at_end)
}

/// The final-newline state a replacement (`span`, written as `lines`) sets
/// when it reaches the end of the file: the hunk's `\ No newline at end of
/// file` markers say; without them, a last line written anew ends as
/// upstream's does, since a missing final newline belonged to legacy's line
/// it replaces (the `sphinx-copybutton` sqlalchemy 1.4 pinned, last in a
/// requirements file whose last line had none, was committed with one).
pub(super) fn final_newline(
    hunk: &Hunk,
    span: &Range<usize>,
    lines: &[Vec<u8>],
    legacy: &Text,
) -> Option<bool> {
    if span.end < legacy.lines.len() {
        return None;
    }
    // Whether the last line of the pre-image (not added) or of the
    // post-image (not removed) has no newline.
    let marked = |side_without: LineKind| {
        (hunk.lines.iter().rev())
            .find(|l| l.kind != side_without)
            .map(|l| l.no_newline.is_some())
    };
    match (marked(LineKind::Added), marked(LineKind::Removed)) {
        (Some(false), Some(true)) => Some(false),
        (Some(true), Some(false)) => Some(true),
        _ if hunk.lines.iter().any(|l| l.no_newline.is_some()) => None,
        // An empty last line without a newline is the newline of the line
        // before it: the file already ends with one.
        _ => (!legacy.final_newline
            && (lines.last()).is_some_and(|l| !l.is_empty() && legacy.lines.last() != Some(l)))
        .then_some(true),
    }
}

/// A hunk with an empty pre-image (pure insertion without context): it goes
/// where the line map or the header puts it.
pub(super) fn plan_insertion(
    ctx: &FileContext<'_>,
    hunk: &Hunk,
    prep: &Prepared,
    delta: isize,
    plan: &mut HunkPlan,
    min_confidence: f32,
) {
    let n = ctx.input.legacy.lines.len();
    // `-a,0` means "after line a".
    let after = hunk.old_start;
    let (at, confidence, why) = if n == 0 {
        (0, 1.0, "the legacy file is empty".to_string())
    } else if let (Some(map), Some(b)) = (ctx.map.as_ref(), prep.base_start) {
        match b.checked_sub(1).and_then(|p| map.get(p)) {
            Some(l) => (
                l + 1,
                0.8,
                format!("the line map puts upstream line {b} at {}", l + 1),
            ),
            None => (
                (after as isize + delta).clamp(0, n as isize) as usize,
                0.4,
                "no context; placed by line number".to_string(),
            ),
        }
    } else {
        (
            (after as isize + delta).clamp(0, n as isize) as usize,
            0.4,
            "no context; placed by line number".to_string(),
        )
    };
    plan.candidates.push(insertion(
        hunk,
        at,
        ctx.input.legacy,
        Strategy::Exact,
        confidence,
        why,
    ));
    settle(plan, min_confidence);
}

/// A candidate that inserts the hunk's added lines at line `at` of
/// `legacy`, taking nothing away (also where a person put a hunk whose
/// pre-image is not there).
pub(super) fn insertion(
    hunk: &Hunk,
    at: usize,
    legacy: &Text,
    strategy: Strategy,
    confidence: f32,
    explanation: String,
) -> Candidate {
    let span = at..at;
    let mut lines = added_lines(hunk);
    let mut adaptations = Vec::new();
    if let Some(crlf) = endings_to_give(&legacy.lines, &lines) {
        give_endings(&mut lines, crlf, &[]);
        adaptations.push(Adaptation::LineEndings { crlf });
    }
    Candidate {
        strategy,
        confidence,
        final_newline: final_newline(hunk, &span, &lines, legacy).or(if legacy.lines.is_empty() {
            Some(hunk.lines.last().is_none_or(|l| l.no_newline.is_none()))
        } else {
            None
        }),
        span,
        lines,
        evidence: Vec::new(),
        adaptations,
        explanation,
        legacy_symbol: None,
        quality: Quality::default(),
        ambiguous: false,
        missing_names: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::test_hunk;

    #[test]
    fn lines_inserted_without_matched_context_take_the_legacy_file_s_endings() {
        let lf_hunk = test_hunk(3, &[(LineKind::Context, "b"), (LineKind::Added, "new")]);
        let into = |legacy: &[u8], hunk: &Hunk| {
            let c = insertion(
                hunk,
                2,
                &Text::parse(legacy),
                Strategy::Fuzzy,
                0.7,
                String::new(),
            );
            (c.lines, c.adaptations)
        };
        assert_eq!(
            into(b"a\r\nb\r\n", &lf_hunk),
            (
                vec![b"new\r".to_vec()],
                vec![Adaptation::LineEndings { crlf: true }]
            )
        );
        let crlf_hunk = test_hunk(3, &[(LineKind::Context, "b\r"), (LineKind::Added, "new\r")]);
        assert_eq!(
            into(b"a\nb\n", &crlf_hunk),
            (
                vec![b"new".to_vec()],
                vec![Adaptation::LineEndings { crlf: false }]
            )
        );
        // Endings that already agree are left alone.
        assert_eq!(into(b"a\nb\n", &lf_hunk), (vec![b"new".to_vec()], vec![]));
    }

    #[test]
    fn a_new_last_line_ends_with_the_newline_legacy_s_last_line_lacked() {
        let legacy = Text::parse(b"a\nold");
        let hunk = test_hunk(
            1,
            &[
                (LineKind::Context, "a"),
                (LineKind::Removed, "old"),
                (LineKind::Added, "new"),
            ],
        );
        let lines =
            |l: &[&str]| -> Vec<Vec<u8>> { l.iter().map(|s| s.as_bytes().to_vec()).collect() };
        assert_eq!(
            final_newline(&hunk, &(0..2), &lines(&["a", "new"]), &legacy),
            Some(true)
        );
        // Legacy's own last line kept last: its missing newline stays.
        assert_eq!(
            final_newline(&hunk, &(0..2), &lines(&["new", "old"]), &legacy),
            None
        );
        // An empty last line is already the newline of the line before.
        assert_eq!(
            final_newline(&hunk, &(0..2), &lines(&["new", ""]), &legacy),
            None
        );
        // Short of legacy's end, nothing changes.
        assert_eq!(
            final_newline(&hunk, &(0..1), &lines(&["new"]), &legacy),
            None
        );
    }
}
