//! Blank lines piling up where a port's seams meet legacy's.
//!
//! rustfmt keeps at most one blank line in a row (`blank_lines_upper_bound`),
//! and so do clang-format's usual styles (`MaxEmptyLinesToKeep: 1`). When a
//! placement leaves two or more blank lines in a row between lines that
//! neither legacy nor the hunk's post-image separates that way, the added
//! or removed lines met legacy's own at a seam that does not fit: a second
//! blank line legacy keeps before the spot, a blank line left behind by
//! a block upstream removes around lines legacy has otherwise. Real backports
//! ported that way were written otherwise by their maintainers; the
//! placement is a person's call. Python is left out: PEP 8 and black put two
//! blank lines around top-level definitions, so two in a row is its own
//! layout.

use std::collections::HashSet;
use std::ops::Range;

use crate::patch::{Hunk, LineKind};
use crate::syntax::Lang;
use crate::text::{is_blank, squash_whitespace};

/// What stands on either side of a run of blank lines: the neighbouring
/// lines without whitespace, `None` at the file's start or end.
type Between = (Option<Vec<u8>>, Option<Vec<u8>>);

/// Whether writing `lines` over `legacy[span]` leaves a run of two or more
/// blank lines between lines legacy's file does not have that run between,
/// in a language whose formatters allow one blank line at most, when the
/// hunk's own post-image has no such run.
pub fn piles_blank_lines(
    lang: Option<Lang>,
    hunk: &Hunk,
    legacy: &[Vec<u8>],
    span: &Range<usize>,
    lines: &[Vec<u8>],
) -> bool {
    if !matches!(lang, Some(Lang::C | Lang::Rust)) {
        return false;
    }
    let post: Vec<&[u8]> = hunk
        .lines
        .iter()
        .filter(|l| l.kind != LineKind::Removed)
        .map(|l| l.content.as_slice())
        .collect();
    if has_run(&post) {
        return false;
    }
    let (Some(before), Some(after)) = (legacy.get(..span.start), legacy.get(span.end..)) else {
        return false;
    };
    // Out to the nearest line that is not blank on either side, so every
    // run in the window has its neighbours in it.
    let lead = before
        .iter()
        .rev()
        .position(|l| !is_blank(l))
        .map_or(before.len(), |k| k + 1);
    let trail = after
        .iter()
        .position(|l| !is_blank(l))
        .map_or(after.len(), |k| k + 1);
    let head = &before[before.len() - lead..];
    let tail = &after[..trail];
    let at_start = lead == before.len();
    let at_end = trail == after.len();
    let old: Vec<&[u8]> = head
        .iter()
        .chain(&legacy[span.clone()])
        .chain(tail)
        .map(Vec::as_slice)
        .collect();
    let new: Vec<&[u8]> = head
        .iter()
        .chain(lines)
        .chain(tail)
        .map(Vec::as_slice)
        .collect();
    let had = runs(&old, at_start, at_end);
    runs(&new, at_start, at_end)
        .iter()
        .any(|between| !had.contains(between))
}

fn has_run(lines: &[&[u8]]) -> bool {
    lines.windows(2).any(|w| is_blank(w[0]) && is_blank(w[1]))
}

/// The neighbours of every run of two or more blank lines in `lines`, a
/// window of a file that starts (ends) with the file when `at_start`
/// (`at_end`).
fn runs(lines: &[&[u8]], at_start: bool, at_end: bool) -> HashSet<Between> {
    let mut found = HashSet::new();
    let mut k = 0;
    while k < lines.len() {
        if !is_blank(lines[k]) {
            k += 1;
            continue;
        }
        let end = (k..lines.len())
            .find(|&j| !is_blank(lines[j]))
            .unwrap_or(lines.len());
        if end - k >= 2 {
            let prev = k.checked_sub(1).map(|p| squash_whitespace(lines[p]));
            let next = lines.get(end).map(|l| squash_whitespace(l));
            // A run at the window's edge is between the file's edge and a
            // line only when the window reaches that edge.
            if (prev.is_some() || at_start) && (next.is_some() || at_end) {
                found.insert((prev, next));
            }
        }
        k = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::HunkLine;

    fn hunk(lines: &[(LineKind, &str)]) -> Hunk {
        Hunk {
            header: Vec::new(),
            old_start: 1,
            old_len: 0,
            new_start: 1,
            new_len: 0,
            section: Vec::new(),
            lines: lines
                .iter()
                .map(|(kind, text)| HunkLine::new(*kind, text.as_bytes().to_vec()))
                .collect(),
        }
    }

    fn file(text: &str) -> Vec<Vec<u8>> {
        text.lines().map(|l| l.as_bytes().to_vec()).collect()
    }

    #[test]
    fn added_lines_after_legacys_second_blank_line_pile_up() {
        use LineKind::*;
        let h = hunk(&[
            (Context, "    f();"),
            (Context, ""),
            (Added, "    g();"),
            (Added, ""),
            (Context, "    // next"),
        ]);
        let legacy = file("fn a() {\n    f();\n\n\n    // next\n}");
        // Context blank matched to legacy's second blank line: the first
        // stays before it, the added lines follow both.
        let lines = file("    f();\n\n\n    g();\n\n    // next");
        assert!(piles_blank_lines(
            Some(Lang::Rust),
            &h,
            &legacy,
            &(1..5),
            &lines
        ));
        // Split around the added lines, one blank line each side: fine.
        let lines = file("    f();\n\n    g();\n\n    // next");
        assert!(!piles_blank_lines(
            Some(Lang::Rust),
            &h,
            &legacy,
            &(1..5),
            &lines
        ));
        // Python lays out two blank lines itself.
        let lines = file("    f();\n\n\n    g();\n\n    // next");
        assert!(!piles_blank_lines(
            Some(Lang::Python),
            &h,
            &legacy,
            &(1..5),
            &lines
        ));
    }

    #[test]
    fn a_run_legacy_or_upstream_has_there_is_its_own() {
        use LineKind::*;
        // Legacy's double blank line between the same two lines stays.
        let h = hunk(&[(Context, "a();"), (Removed, "b();"), (Added, "c();")]);
        let legacy = file("x();\n\n\na();\nb();");
        let lines = file("a();\nc();");
        assert!(!piles_blank_lines(
            Some(Lang::C),
            &h,
            &legacy,
            &(3..5),
            &lines
        ));
        // Upstream writes two blank lines itself.
        let h = hunk(&[
            (Context, "a();"),
            (Context, ""),
            (Added, ""),
            (Added, "#ifdef X"),
        ]);
        let legacy = file("a();\n\nb();");
        let lines = file("a();\n\n\n#ifdef X");
        assert!(!piles_blank_lines(
            Some(Lang::C),
            &h,
            &legacy,
            &(0..2),
            &lines
        ));
    }

    #[test]
    fn a_removal_leaving_legacys_extra_blank_line_piles_up() {
        use LineKind::*;
        let h = hunk(&[
            (Context, "}"),
            (Context, ""),
            (Removed, "fn old() {}"),
            (Removed, ""),
            (Context, "fn next() {}"),
        ]);
        // Legacy has a second blank line after the removed function: what
        // the removal leaves is two blank lines after the line before it.
        let legacy = file("}\n\nfn old() {}\n\n\nfn next() {}");
        let lines = file("}\n\n\nfn next() {}");
        assert!(piles_blank_lines(
            Some(Lang::Rust),
            &h,
            &legacy,
            &(0..6),
            &lines
        ));
    }
}
