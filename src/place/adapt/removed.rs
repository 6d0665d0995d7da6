//! Legacy's own lines around the lines a hunk removes.
//!
//! Which of them are the body of a block the hunk deletes (and go with it),
//! which start a body that stays under a rewritten header, which stand in
//! a table rewritten line for line, and how far a removed statement that
//! legacy wraps over several lines reaches.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::patch::{Hunk, HunkLine, LineKind};
use crate::place::align::How;
use crate::place::lines::{brackets, is_comment, is_identifier, tokenize};
use crate::place::reflow;
use crate::text::{indentation, is_blank};

/// Whether legacy's own lines `gap`, right before the hunk line at `pos`,
/// lie inside a block the hunk removes: the matched line before them is
/// removed, and they are indented deeper than the first line of that run of
/// removed lines (the body of a function or struct the hunk deletes, with a
/// line only legacy has), or are attached to it (`attached_to_removed`).
pub(super) fn inside_removed(
    hunk: &Hunk,
    line_of_pre: &HashMap<usize, (usize, How)>,
    pos: usize,
    legacy: &[Vec<u8>],
    gap: Range<usize>,
) -> bool {
    if gap.is_empty() {
        return false;
    }
    if attached_to_removed(hunk, pos, legacy.get(gap.clone()).unwrap_or_default()) {
        return true;
    }
    let lines = &hunk.lines;
    let Some(prev) = (0..pos).rev().find(|k| line_of_pre.contains_key(k)) else {
        return false;
    };
    if lines[prev].kind != LineKind::Removed {
        return false;
    }
    let head = (0..=prev)
        .rev()
        .take_while(|&k| lines[k].kind == LineKind::Removed)
        .filter(|&k| !is_blank(&lines[k].content))
        .last();
    let Some(head) = head else { return false };
    // A removed run that leaves a block open (a header upstream rewrote:
    // `match ty {` for `match s.ident() {`) whose body goes on in context
    // lines: legacy's own lines there are in a block that stays.
    let end = (prev..lines.len())
        .take_while(|&k| lines[k].kind == LineKind::Removed)
        .last()
        .unwrap_or(prev);
    let next_kept = (pos..lines.len())
        .find(|k| line_of_pre.contains_key(k))
        .is_some_and(|k| lines[k].kind == LineKind::Context);
    if next_kept
        && opens_block(
            lines[head..=end]
                .iter()
                .filter(|l| l.kind == LineKind::Removed),
        )
    {
        return false;
    }
    // As many legacy lines as removed lines legacy lacks, between two
    // removed lines it has: legacy's versions of them, however changed
    // (`except (AttributeError, RuntimeError):` for `except RuntimeError:`).
    if lines.get(pos).is_some_and(|l| l.kind == LineKind::Removed)
        && lines[prev + 1..pos]
            .iter()
            .all(|l| l.kind == LineKind::Removed)
        && pos - prev - 1 == gap.len()
    {
        return true;
    }
    // The run's depth is its first line of code: a C directive or a
    // comment stands at the margin whatever block it is in.
    let code_head = (head..=prev)
        .filter(|&k| lines[k].kind == LineKind::Removed)
        .find(|&k| {
            let t = lines[k].content.trim_ascii_start();
            !t.is_empty() && !t.starts_with(b"#") && !t.starts_with(b"//")
        })
        .unwrap_or(head);
    let depth = indentation(&lines[code_head].content).len();
    // Comments in a block that goes on in context lines after the run,
    // deeper than its head: its body stays, and legacy's comments in it
    // (psycopg's note under a `def` whose header and first lines upstream
    // rewrote). Not legacy's own statements there, which may be its own
    // form of what the added lines do (systemd's `(( i == 0 )) || sleep .5`
    // where upstream adds `(( i > 1 )) && sleep 0.5`).
    let comments = legacy[gap.clone()].iter().all(|l| {
        let t = l.trim_ascii_start();
        is_blank(l) || is_comment(l, false) || t.starts_with(b"# ") || t == b"#"
    });
    let goes_on = comments
        && (pos..lines.len())
            .filter(|k| line_of_pre.contains_key(k))
            .find(|&k| !is_blank(&lines[k].content))
            .is_some_and(|k| {
                lines[k].kind == LineKind::Context && indentation(&lines[k].content).len() > depth
            });
    if goes_on {
        return false;
    }
    let inside = &legacy[gap.clone()];
    if inside.iter().any(|l| !is_blank(l))
        && inside
            .iter()
            .all(|l| is_blank(l) || indentation(l).len() > depth)
    {
        return true;
    }
    // The rest of a statement the removed lines open in legacy's form and
    // close in upstream's (`assert!(match … {` … `});` against upstream's
    // `assert!(matches!(` … `));`): the lines that close it go too.
    let run = (head..=end).filter(|&k| lines[k].kind == LineKind::Removed);
    let Some(start) = run
        .clone()
        .find_map(|k| line_of_pre.get(&k).map(|&(l, _)| l))
    else {
        return false;
    };
    let (Some(taken), Some(with_gap)) = (legacy.get(start..gap.start), legacy.get(start..gap.end))
    else {
        return false;
    };
    let removed = brackets(run.map(|k| lines[k].content.as_slice()));
    removed == [0; 3]
        && brackets(taken.iter().map(Vec::as_slice)) != [0; 3]
        && brackets(with_gap.iter().map(Vec::as_slice)) == [0; 3]
        && legacy[gap].iter().all(|l| !is_blank(l))
}

/// Whether legacy's own lines `gap` are comments or attributes standing
/// right above a block the hunk deletes outright, at its depth: they
/// belong to it (`#[deprecated]`, a doc comment, a decorator), and left
/// behind an attribute would fasten on the next item. Where added lines
/// replace the block, the attribute may still be wanted, and stays.
fn attached_to_removed(hunk: &Hunk, pos: usize, gap: &[Vec<u8>]) -> bool {
    let lines = &hunk.lines;
    let Some(line) = lines.get(pos) else {
        return false;
    };
    if line.kind != LineKind::Removed || is_blank(&line.content) || gap.is_empty() {
        return false;
    }
    let depth = indentation(&line.content);
    let attached = |l: &Vec<u8>| {
        let t = l.trim_ascii_start();
        indentation(l) == depth
            && (is_comment(l, false) || [&b"#["[..], b"# ", b"@"].iter().any(|p| t.starts_with(p)))
    };
    let end = (pos..lines.len())
        .take_while(|&k| lines[k].kind == LineKind::Removed)
        .last()
        .unwrap_or(pos);
    gap.iter().all(attached) && lines.get(end + 1).is_none_or(|l| l.kind != LineKind::Added)
}

/// Whether legacy's own lines `gap`, between two removed lines of the hunk
/// (the one at `pos` matched to legacy's `removed`), end in a line that one
/// is nested under: legacy put a condition around a line upstream removes
/// (redis guarded a call with `if (listLength(server.slaves))`). Whether
/// the added lines go under it is a person's call; a 3-way merge conflicts.
pub(super) fn nests_removed(
    hunk: &Hunk,
    line_of_pre: &HashMap<usize, (usize, How)>,
    pos: usize,
    gap: &[Vec<u8>],
    removed: &[u8],
) -> bool {
    let removed_at =
        |k: usize| hunk.lines[k].kind == LineKind::Removed && !is_blank(&hunk.lines[k].content);
    removed_at(pos)
        && (0..pos)
            .rev()
            .find(|k| line_of_pre.contains_key(k))
            .is_some_and(removed_at)
        && gap
            .iter()
            .rev()
            .find(|l| !is_blank(l))
            .is_some_and(|last| indentation(last).len() < indentation(removed).len())
}

/// Whether the removed line at `k` is in a run of removed lines followed by
/// as many added lines: a block rewritten line for line.
pub(super) fn one_for_one(hunk: &Hunk, k: usize) -> bool {
    let lines = &hunk.lines;
    let kind = |i: usize| lines[i].kind;
    let start = (0..=k)
        .rev()
        .take_while(|&i| kind(i) == LineKind::Removed)
        .last();
    let end = (k..lines.len())
        .take_while(|&i| kind(i) == LineKind::Removed)
        .last();
    let (Some(start), Some(end)) = (start, end) else {
        return false;
    };
    let added = (end + 1..lines.len())
        .take_while(|&i| kind(i) == LineKind::Added)
        .count();
    added == end - start + 1
}

/// Whether an added line is the removed one edited: most of the removed
/// line's names are still in it (`pub const S_ISTXT: c_int = 0x0200;` and
/// `pub const S_ISTXT: c_int = 0o1000;`), not a line that only takes its
/// place in the block.
pub(super) fn same_statement(removed: &[u8], added: &[u8]) -> bool {
    let names = |l: &[u8]| -> HashSet<Vec<u8>> {
        tokenize(l)
            .into_iter()
            .filter(|t| is_identifier(t))
            .map(<[u8]>::to_vec)
            .collect()
    };
    let (old, new) = (names(removed), names(added));
    !old.is_empty() && old.iter().filter(|n| new.contains(*n)).count() * 4 >= old.len() * 3
}

/// Whether `lines` leave a block open: a bracket, or a Python header's
/// `:` at the end of the last of them.
fn opens_block<'a>(lines: impl Iterator<Item = &'a HunkLine> + Clone) -> bool {
    let open = brackets(lines.clone().map(|l| l.content.as_slice()));
    open.iter().any(|&n| n > 0)
        || lines
            .filter(|l| !is_blank(&l.content))
            .last()
            .is_some_and(|l| l.content.trim_ascii_end().ends_with(b":"))
}

/// Drifted removed lines (by index in the hunk) that legacy wraps over
/// several lines, with the first and last of those legacy lines. Each stays
/// between the legacy lines of its matched neighbours.
pub(super) fn wrapped_removed(
    hunk: &Hunk,
    line_of_pre: &HashMap<usize, (usize, How)>,
    legacy: &[Vec<u8>],
    span: &Range<usize>,
) -> HashMap<usize, (usize, usize)> {
    let mut out = HashMap::new();
    let mut free_from = span.start;
    for (pos, line) in hunk.lines.iter().enumerate() {
        let Some(&(l, how)) = line_of_pre.get(&pos) else {
            continue;
        };
        if line.kind == LineKind::Removed && matches!(how, How::Fuzzy(_)) {
            let next = (pos + 1..hunk.lines.len())
                .find_map(|k| line_of_pre.get(&k).map(|&(n, _)| n))
                .unwrap_or(span.end);
            let extent = reflow::extent(&line.content, legacy, l, free_from.min(l)..next);
            if extent != (l, l) {
                out.insert(pos, extent);
            }
        }
        free_from = l + 1;
    }
    out
}
