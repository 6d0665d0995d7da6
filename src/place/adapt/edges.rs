//! What stands at the edges of the new code a hunk adds.
//!
//! A blank line upstream sets the new code apart with, after it or before
//! it, is kept where legacy lacks it; a removed blank line that still
//! separates legacy's own lines stays; a context line legacy lacks between
//! two added lines is part of the new code and goes with it, and so is a
//! drifted context line that goes on with a statement an added line
//! begins, and so is a `def` header upstream annotated right after new
//! code; legacy's own lines that are upstream's earlier context in another
//! order stay before the new code; and a blank line left right before the
//! end of a block goes.

use std::collections::{HashMap, HashSet};

use crate::patch::{Hunk, LineKind};
use crate::place::align::How;
use crate::place::lines::{api_names, brackets, tokenize, uses_identifier};
use crate::text::{indentation, is_blank, is_word, squash_whitespace};

use super::lists::closes;

/// Whether the missing context line at `pos` is a blank line that closes a
/// run of added lines: only unmatched lines lie between it and the run,
/// and no added line comes before the next matched line. Upstream set the
/// new code apart with it; maintainers keep that separation.
pub(super) fn separates_added(
    hunk: &Hunk,
    line_of_pre: &HashMap<usize, (usize, How)>,
    pos: usize,
) -> bool {
    blank_at(hunk, pos)
        && nearest_is_added(hunk, line_of_pre, (0..pos).rev())
        && !nearest_is_added(hunk, line_of_pre, pos + 1..hunk.lines.len())
}

/// Whether the missing blank context line at `pos` opens a run of added
/// lines that ends with a blank line, right after a line legacy has:
/// upstream set its new code apart on both sides (a new function after the
/// last one, before an `#endif`), and maintainers keep both sides.
pub(super) fn opens_added(
    hunk: &Hunk,
    line_of_pre: &HashMap<usize, (usize, How)>,
    pos: usize,
) -> bool {
    let lines = &hunk.lines;
    if !blank_at(hunk, pos) {
        return false;
    }
    let before_added = lines
        .get(pos + 1)
        .is_some_and(|l| l.kind == LineKind::Added);
    // What it separates the new code from is a line legacy has (so no
    // added line comes before it either). Context lines legacy lacks
    // between them do not count: upstream's `WINPR_ASSERT(context);` before
    // the blank line, which the branch's function never had, still leaves
    // the new code set apart from the line before it.
    let after_kept = (0..pos)
        .rev()
        .find(|&k| lines[k].kind != LineKind::Context || line_of_pre.contains_key(&k))
        .is_some_and(|k| lines[k].kind == LineKind::Context);
    // The new code is set apart on both sides: its run ends with a blank
    // line of its own (a new function, a new paragraph of statements).
    let run_end = (pos + 1..lines.len())
        .skip_while(|&k| lines[k].kind != LineKind::Added)
        .take_while(|&k| lines[k].kind == LineKind::Added)
        .last();
    // Or a blank context line follows it: flatpak's new function goes after
    // the branch's last one, which ends the file, and upstream's next
    // function, after a blank line, the branch lacks.
    let blank_context = |k: usize| {
        (lines.get(k)).is_some_and(|l| l.kind == LineKind::Context && is_blank(&l.content))
    };
    let run_ends_blank = run_end.is_some_and(|k| blank_at(hunk, k) || blank_context(k + 1));
    before_added && after_kept && run_ends_blank
}

/// Whether the context line at `pos` stands between two added lines, is
/// not blank, and the added line before it kept upstream's indentation (so
/// upstream's form of the line fits as it is).
pub(super) fn inside_added(hunk: &Hunk, texts: &[Option<Vec<u8>>], pos: usize) -> bool {
    let lines = &hunk.lines;
    let added = |k: usize| lines.get(k).is_some_and(|l| l.kind == LineKind::Added);
    pos > 0
        && added(pos - 1)
        && added(pos + 1)
        && !is_blank(&lines[pos].content)
        && texts
            .get(pos - 1)
            .and_then(Option::as_ref)
            .is_some_and(|t| indentation(t) == indentation(&lines[pos - 1].content))
}

/// Whether the context line at `pos` goes on with a statement an added
/// line begins: the line right before it is added and leaves a bracket
/// open, or the context line starts by chaining onto it (`.map_err(…)`,
/// `| flag`, `&& cond`). Upstream's form of the line is then part of the
/// new statement (firecracker's new `Cmdline::try_from(…)` goes on with a
/// `.map_err(|err| …)` its branch wrote `|e|`).
pub(super) fn continues_added(hunk: &Hunk, pos: usize) -> bool {
    let lines = &hunk.lines;
    let Some(prev) = pos.checked_sub(1).and_then(|k| lines.get(k)) else {
        return false;
    };
    if prev.kind != LineKind::Added || is_blank(&prev.content) {
        return false;
    }
    let text = lines[pos].content.trim_ascii_start();
    // `.field = value,` is an item of an initializer, not a method chained.
    let member = text.get(1..).unwrap_or_default();
    let after_name = &member[member.iter().take_while(|&&b| is_word(b)).count()..];
    let initializer = after_name.trim_ascii_start().starts_with(b"=");
    let chains = text.starts_with(b".") && !text.starts_with(b"..") && !initializer
        || text.starts_with(b"|")
        || text.starts_with(b"&&")
        || text.starts_with(b"?");
    let [round, square, _] = brackets(std::iter::once(prev.content.as_slice()));
    chains || round + square > 0
}

/// Whether upstream's form of a context line leaves the brackets open that
/// legacy's form does: only then can it stand in for legacy's. Where legacy
/// writes on one line what upstream wraps over three (cloud-hypervisor's
/// `&& !(request_type == In || … GetDeviceId)`), upstream's first line
/// alone would leave a `(` open.
pub(super) fn same_brackets(upstream: &[u8], legacy: &[u8]) -> bool {
    brackets(std::iter::once(upstream)) == brackets(std::iter::once(legacy))
}

/// Whether the removed blank line at `pos` still separates something once
/// the lines it followed are gone: upstream removes it with the removed
/// lines above it, before a context line that stays, and in legacy a line
/// of legacy's own (`last`, kept) now stands above it.
pub(super) fn still_separates(
    hunk: &Hunk,
    line_of_pre: &HashMap<usize, (usize, How)>,
    pos: usize,
    last: Option<&Vec<u8>>,
) -> bool {
    let lines = &hunk.lines;
    is_blank(&lines[pos].content)
        && pos > 0
        && lines[pos - 1].kind == LineKind::Removed
        && lines
            .get(pos + 1)
            .is_some_and(|l| l.kind == LineKind::Context && !is_blank(&l.content))
        && line_of_pre.contains_key(&(pos + 1))
        && last.is_some_and(|l| !is_blank(l))
}

/// Whether the removed blank line at `pos` is one of two blank lines
/// upstream collapses into one, where legacy's matched blank line stands
/// alone between two lines of code (`last`, written above it, and `next`):
/// removing it there would join them, which upstream's change never does.
/// SDL's clang-format pass took a doubled blank line after a header guard;
/// SDL 2's header has its includes there, and its blank line before the
/// next comment stays.
pub(super) fn collapses_blanks(
    hunk: &Hunk,
    pos: usize,
    last: Option<&Vec<u8>>,
    next: Option<&Vec<u8>>,
) -> bool {
    let lines = &hunk.lines;
    let blank_context = |k: usize| {
        lines
            .get(k)
            .is_some_and(|l| l.kind == LineKind::Context && is_blank(&l.content))
    };
    is_blank(&lines[pos].content)
        && ((pos > 0 && blank_context(pos - 1)) || blank_context(pos + 1))
        && last.is_some_and(|l| !is_blank(l))
        && next.is_some_and(|l| !is_blank(l))
}

/// Whether a blank line between the last added line and the next line
/// would set the new code apart: both are code, and the next line is no
/// less indented and no closing bracket (no blank line precedes the end of
/// a block: `}`, `</listitem>`, a dedent).
pub(super) fn sets_apart(last: &[u8], next: &[u8]) -> bool {
    sets_apart_from(last, indentation(last).len(), next)
}

/// `sets_apart` for a run of added lines whose shallowest line has
/// `depth` columns of indentation: the next line standing there is no
/// dedent out of the block the run is in, though the run's last line is
/// deeper (the body of a braceless `if` the run ends with).
pub(super) fn sets_apart_from(last: &[u8], depth: usize, next: &[u8]) -> bool {
    let t = next.trim_ascii_start();
    !is_blank(last) && !t.is_empty() && !closes_block(t) && indentation(next).len() >= depth
}

/// Whether a line (without its indentation) closes a block: a bracket, or
/// a markup closing tag (`</listitem>`).
fn closes_block(t: &[u8]) -> bool {
    closes(t) || t.starts_with(b"</")
}

/// Whether `line` ends by opening a bracket: a blank line after it would
/// open the block with nothing (`int main(…) {`, then a blank line).
pub(super) fn opens_bracket(line: &[u8]) -> bool {
    matches!(line.trim_ascii_end().last(), Some(b'{' | b'(' | b'['))
}

/// A blank line with the ending legacy's lines have.
pub(super) fn blank_like(upstream: &[u8], crlf: Option<bool>) -> Vec<u8> {
    match crlf {
        Some(true) => b"\r".to_vec(),
        Some(false) => Vec::new(),
        None => upstream.iter().copied().filter(|&b| b == b'\r').collect(),
    }
}

/// Whether the hunk line at `pos` is blank.
fn blank_at(hunk: &Hunk, pos: usize) -> bool {
    hunk.lines.get(pos).is_some_and(|l| is_blank(&l.content))
}

/// Whether, walking `order` from a missing line, the first line that is
/// added or matched in legacy is an added one: the missing line borders
/// new code on that side.
fn nearest_is_added(
    hunk: &Hunk,
    line_of_pre: &HashMap<usize, (usize, How)>,
    mut order: impl Iterator<Item = usize>,
) -> bool {
    let lines = &hunk.lines;
    order
        .find(|&k| lines[k].kind == LineKind::Added || line_of_pre.contains_key(&k))
        .is_some_and(|k| lines[k].kind == LineKind::Added)
}

/// Whether every identifier `line` uses outside its string literals is
/// one legacy's file has: upstream's form of a line that needs API the
/// branch lacks (glib's `_g_stat_nlink (…)` where the branch reads
/// `st_nlink`) is no form the branch can take.
pub(super) fn legacy_has_names(line: &[u8], legacy: &[Vec<u8>]) -> bool {
    let bound = closure_params(line);
    api_names(line)
        .into_iter()
        .filter(|name| !bound.contains(name))
        .all(|name| uses_identifier(legacy, name))
}

/// Whether upstream's form of a line keeps every name legacy's form uses
/// (but the parameters of its closure): meson's branch still imports
/// `OptionKey` in the list upstream's line closes without it.
pub(super) fn keeps_legacys_names(upstream: &[u8], legacy: &[u8]) -> bool {
    let bound = closure_params(legacy);
    let theirs = tokenize(upstream);
    api_names(legacy)
        .into_iter()
        .filter(|name| !bound.contains(name))
        .all(|name| theirs.contains(&name))
}

/// The names a closure on `line` binds (`|err| …`): the line's own.
fn closure_params(line: &[u8]) -> Vec<&[u8]> {
    let params = line
        .iter()
        .position(|&b| b == b'|')
        .and_then(|a| {
            let rest = &line[a + 1..];
            Some(&rest[..rest.iter().position(|&b| b == b'|')?])
        })
        .unwrap_or_default();
    tokenize(params)
}

/// How many of `gap`'s first lines are, but for whitespace, context lines
/// the hunk has before the added line at `pos`. Lines that say little (a
/// brace, `#endif`, a short word) could be any of several and do not count.
pub(super) fn moved_context_before(hunk: &Hunk, pos: usize, gap: &[Vec<u8>]) -> usize {
    let telling = |l: &[u8]| {
        let s = squash_whitespace(l);
        s.len() >= 8 && !s.starts_with(b"#") && s.iter().any(u8::is_ascii_alphabetic)
    };
    let before: HashSet<Vec<u8>> = hunk.lines[..pos]
        .iter()
        .filter(|l| l.kind == LineKind::Context && telling(&l.content))
        .map(|l| squash_whitespace(&l.content))
        .collect();
    gap.iter()
        .take_while(|l| telling(l) && before.contains(&squash_whitespace(l)))
        .count()
}

/// Whether the replacement ends with a blank line right before a line that
/// closes a block, where legacy had none: the code the blank line set apart
/// from what followed is gone, or follows nowhere in legacy (a new function
/// last in an `extern` block, a block removed last in its `else`). Upstream
/// writing a blank line before a closing one itself keeps it.
pub(super) fn blank_before_closer(
    hunk: &Hunk,
    out: &[Vec<u8>],
    legacy: &[Vec<u8>],
    span: &std::ops::Range<usize>,
) -> bool {
    let ends_blank = out.len() >= 2 && out.last().is_some_and(|l| is_blank(l));
    let closer_next = legacy
        .get(span.end)
        .is_some_and(|l| closes_block(l.trim_ascii_start()));
    let legacy_had = span.end > span.start && legacy.get(span.end - 1).is_some_and(|l| is_blank(l));
    if !ends_blank || !closer_next || legacy_had {
        return false;
    }
    let mut post = hunk
        .lines
        .iter()
        .filter(|l| l.kind != LineKind::Removed)
        .map(|l| l.content.as_slice());
    let mut after_blank = false;
    !post.any(|l| {
        let upstream_does = after_blank && closes_block(l.trim_ascii_start());
        after_blank = is_blank(l);
        upstream_does
    })
}

/// Whether the added line at `pos` is a blank line opening its run that
/// set the new code apart from a context line legacy lacks, right after a
/// blank line the port already wrote: numpy's branch lacks the `TARGET_R`
/// line upstream's new table follows, and the table's leading blank line
/// would have doubled the one before.
pub(super) fn blank_after_gone(
    hunk: &Hunk,
    line_of_pre: &HashMap<usize, (usize, How)>,
    pos: usize,
    last: Option<&Vec<u8>>,
) -> bool {
    // The line before is context, so the added line opens its run.
    let lines = &hunk.lines;
    lines.get(pos).is_some_and(|l| is_blank(&l.content))
        && pos
            .checked_sub(1)
            .is_some_and(|p| lines[p].kind == LineKind::Context && !line_of_pre.contains_key(&p))
        && last.is_some_and(|l| is_blank(l))
}

/// Whether the added line at `pos` is a blank line ending its run that set
/// the new code apart from context lines legacy lacks, right before a line
/// that closes a block (`</listitem>` after systemd's `<xi:include …>`,
/// which its branches lack): with them gone, the blank line would stand
/// right before the closer.
pub(super) fn blank_before_gone(
    hunk: &Hunk,
    line_of_pre: &HashMap<usize, (usize, How)>,
    pos: usize,
) -> bool {
    let lines = &hunk.lines;
    if !lines
        .get(pos)
        .is_some_and(|l| l.kind == LineKind::Added && is_blank(&l.content))
    {
        return false;
    }
    let Some(next) = (pos + 1..lines.len()).find(|k| line_of_pre.contains_key(k)) else {
        return false;
    };
    let gone = &lines[pos + 1..next];
    !gone.is_empty()
        && gone.iter().all(|l| l.kind == LineKind::Context)
        && gone.iter().any(|l| !is_blank(&l.content))
        && lines[next].kind == LineKind::Context
        && closes_block(lines[next].content.trim_ascii_start())
}

/// Whether the drifted context line at `pos`, right after added lines
/// that end with a blank one, is a Python `def` header upstream annotated:
/// legacy's form is upstream's with the annotations left out. A 3-way
/// merge puts the header in the conflict with the new code before it, and
/// the maintainers who resolve it take upstream's side (aiohttp's tests,
/// annotated upstream).
pub(super) fn annotated_header(hunk: &Hunk, pos: usize, legacy_line: &[u8]) -> bool {
    let lines = &hunk.lines;
    if pos == 0 || lines[pos - 1].kind != LineKind::Added || !is_blank(&lines[pos - 1].content) {
        return false;
    }
    let up = lines[pos].content.trim_ascii_start();
    if !(up.starts_with(b"def ") || up.starts_with(b"async def ")) {
        return false;
    }
    let up = tokenize(up);
    let leg = tokenize(legacy_line.trim_ascii_start());
    // Walk upstream's tokens, matching legacy's in order; the ones skipped
    // are what upstream added.
    let mut skipped_colon = false;
    let mut rest = up.iter();
    let subsequence = leg.iter().all(|t| {
        rest.by_ref().any(|u| {
            let same = u == t;
            skipped_colon |= !same && (*u == b":" || *u == b">");
            same
        })
    });
    subsequence && skipped_colon
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::test_lines;

    fn hunk(lines: &[(LineKind, &str)]) -> Hunk {
        crate::patch::test_hunk(1, lines)
    }

    /// A new test function, a blank line, then the header at hunk line 3.
    fn after_new_function(header: &str, before: &str) -> Hunk {
        hunk(&[
            (LineKind::Added, "def test_new(parser: Parser) -> None:"),
            (LineKind::Added, "    assert parser"),
            (LineKind::Added, before),
            (LineKind::Context, header),
            (LineKind::Context, "    parser.feed(b'')"),
        ])
    }

    #[test]
    fn a_doubled_blank_collapsed_keeps_legacys_lone_blank() {
        let h = hunk(&[
            (LineKind::Context, "#define SDL_blit_h_"),
            (LineKind::Context, ""),
            (LineKind::Removed, ""),
            (
                LineKind::Context,
                "/* pixman ARM blitters are 32 bit only : */",
            ),
        ]);
        let include = b"#include \"SDL_surface.h\"".to_vec();
        let comment = b"/* pixman ARM blitters are 32 bit only : */".to_vec();
        assert!(collapses_blanks(&h, 2, Some(&include), Some(&comment)));
        // Where legacy doubles the blank line too, one goes.
        assert!(!collapses_blanks(&h, 2, Some(&Vec::new()), Some(&comment)));
        // A blank line removed between lines of code is no collapse.
        let lone = hunk(&[
            (LineKind::Context, "int a;"),
            (LineKind::Removed, ""),
            (LineKind::Context, "int b;"),
        ]);
        assert!(!collapses_blanks(&lone, 1, Some(&include), Some(&comment)));
    }

    #[test]
    fn upstreams_continuation_must_keep_the_names_legacys_has() {
        // meson's branch still imports `OptionKey` in the list.
        assert!(!keeps_legacys_names(
            b"    windows_proof_rmtree, setup_vsenv)",
            b"    windows_proof_rmtree, setup_vsenv, OptionKey)",
        ));
        assert!(keeps_legacys_names(
            b"    windows_proof_rmtree, setup_vsenv, OptionKey)",
            b"    windows_proof_rmtree, setup_vsenv)",
        ));
        // A closure's own parameter is the line's to rename.
        assert!(keeps_legacys_names(
            b"    .map_err(|err| VmmError::Chroot(err))?;",
            b"    .map_err(|error_val| VmmError::Chroot(error_val))?;",
        ));
    }

    #[test]
    fn a_line_at_the_runs_own_depth_is_set_apart_though_the_run_ends_deeper() {
        let last = b"\t\tlc->config.block_size = lc->blocksize;";
        let next = b"\tif (ioctl(dev_fd, LOOP_CONFIGURE, &lc->config) < 0) {";
        // Measured from the run's last line, the next line is a dedent.
        assert!(!sets_apart(last, next));
        // The run began with `if (lc->blocksize > 0)` one tab in.
        assert!(sets_apart_from(last, 1, next));
        // Out of the block the run is in, no blank line goes.
        assert!(!sets_apart_from(last, 2, b"\treturn 0;"));
        assert!(!sets_apart_from(last, 1, b"}"));
    }

    #[test]
    fn header_annotated_upstream_only_after_a_new_function() {
        let up = "def test_old(parser: Parser) -> None:";
        let h = after_new_function(up, "");
        assert!(annotated_header(&h, 3, b"def test_old(parser) -> None:"));
        assert!(annotated_header(&h, 3, b"def test_old(parser):"));
        // The same header, or one named otherwise, is no annotation.
        assert!(!annotated_header(&h, 3, up.as_bytes()));
        assert!(!annotated_header(&h, 3, b"def test_other(parser) -> None:"));
        // Another annotation in legacy is not upstream's added to none.
        assert!(!annotated_header(
            &h,
            3,
            b"def test_old(parser: Any) -> None:"
        ));
        // Right after a decorator the maintainer kept legacy's header.
        let decorated = after_new_function(up, "@pytest.mark.skip");
        assert!(!annotated_header(
            &decorated,
            3,
            b"def test_old(parser) -> None:"
        ));
    }

    /// A function added last before `next` in an `extern` block.
    fn added_before(next: &str) -> Hunk {
        hunk(&[
            (LineKind::Context, "    pub fn basename(p: *mut c_char);"),
            (LineKind::Added, "    pub fn dirname(p: *mut c_char);"),
            (LineKind::Added, ""),
            (LineKind::Context, next),
        ])
    }

    #[test]
    fn blank_line_before_a_closer_goes_unless_legacy_or_upstream_has_one() {
        let added = added_before("    pub fn getutxent() -> *mut utmpx;");
        let legacy = test_lines(&["extern {", "    pub fn basename(p: *mut c_char);", "}"]);
        let out = test_lines(&[
            "    pub fn basename(p: *mut c_char);",
            "    pub fn dirname(p: *mut c_char);",
            "",
        ]);
        assert!(blank_before_closer(&added, &out, &legacy, &(1..2)));
        // Legacy's own blank line before the `}` stays.
        let spaced = test_lines(&["extern {", "    pub fn basename(p: *mut c_char);", "", "}"]);
        assert!(!blank_before_closer(&added, &out, &spaced, &(1..3)));
        // Upstream writing a blank line before a closing one keeps it.
        assert!(!blank_before_closer(
            &added_before("}"),
            &out,
            &legacy,
            &(1..2)
        ));
    }
}
