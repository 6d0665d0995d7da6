//! Items appended to a list whose legacy version is longer.
//!
//! Upstream adds `timeout: …,` after `retries: 3,`, the last field of a
//! struct literal; legacy's literal has fields of its own after `retries`.
//! Right after `retries` would put the new field between legacy's, in an
//! order nothing confirms; what upstream did is append to the list, and
//! the end of legacy's list is where that goes (tikv's config fields, a
//! crate's `#![feature(…)]` lines).

use crate::patch::{Hunk, HunkLine, LineKind};
use crate::place::lines::is_comment;
use crate::text::{indentation, is_blank};

use super::imports::is_import;

/// Whether an upstream line closes a list: a blank line, or a closing
/// bracket.
pub(super) fn ends_list(line: Option<&HunkLine>) -> bool {
    line.map(|l| l.content.trim_ascii())
        .is_some_and(|t| t.is_empty() || closes(t))
}

/// Whether the upstream line after an added run closes the block the run
/// is in: a closing bracket less indented than the run's first line.
pub(super) fn ends_block(line: Option<&HunkLine>, run: &[&[u8]]) -> bool {
    line.is_some_and(|l| {
        closes(l.content.trim_ascii_start())
            && run
                .iter()
                .find(|r| !is_blank(r))
                .is_some_and(|r| indentation(&l.content).len() < indentation(r).len())
    })
}

/// Whether a (trimmed) line starts with a closing bracket.
pub(super) fn closes(t: &[u8]) -> bool {
    matches!(t.first(), Some(b'}' | b')' | b']'))
}

/// How added items follow legacy's own at the end of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Appended {
    /// One-line items of one depth: the list settles the order.
    List,
    /// Items that span lines at a block's end: maintainers append to an
    /// `extern` block or a struct, but keep a trait's methods in groups, so
    /// the order stays unconfirmed, but for an `extern` block's bodiless
    /// declarations (libc's `pub fn execvpe(…) -> c_int;`), which are a
    /// `List`.
    Block,
}

/// Whether the line before the added run, legacy's own lines after it and
/// the run are items of one list: non-blank lines of one indentation, none
/// a closing bracket. Imports are left out, and so are the names of an
/// import's list: their place is a matter of sorting and grouping
/// (`sorted_slot`, `useorder`), not of appending. `above` is legacy up to
/// the line before the run. With `block_end` (upstream's next line closes
/// the block the run is in), items are also whatever starts at the list's
/// depth, with deeper lines, closers at that depth and blank lines
/// between: libc's multi-line `pub fn` declarations.
pub(super) fn list_items(
    above: &[Vec<u8>],
    last: Option<&Vec<u8>>,
    gap: &[Vec<u8>],
    run: &[&[u8]],
    block_end: bool,
) -> Option<Appended> {
    let last = last?;
    let indent = indentation(last);
    // The line that opens the list: the nearest one above, indented less.
    let opener = above
        .iter()
        .rev()
        .find(|l| !is_blank(l) && indentation(l).len() < indent.len());
    if opener.is_some_and(|l| is_import(l)) {
        // The items of a `use a::{…}` or `from m import (…)` list.
        return None;
    }
    // An assignment at the top level (`_NAME_FLAGS = …`, `const MAX: u32 =
    // 9;`) is a statement of its own, not a list's item: aiohttp put a new
    // module constant right after the one it goes with, ahead of the
    // branch's own, and the order stays a person's call.
    let item = |l: &[u8]| {
        let t = l.trim_ascii_start();
        !t.is_empty()
            && !closes(t)
            && !is_import(l)
            && indentation(l) == indent
            && (!indent.is_empty() || memchr::memmem::find(l, b" = ").is_none())
    };
    if item(last) && gap.iter().all(|l| item(l)) && run.iter().all(|l| item(l)) {
        return Some(Appended::List);
    }
    // The run ends its block (the next line closes it, shallower): the
    // items may span lines and stand apart with blank lines, as the
    // functions of an `extern` block do.
    let inside = |l: &[u8]| {
        is_blank(l)
            || (indentation(l).len() > indent.len())
            || (indentation(l) == indent && !is_import(l))
    };
    let starts = run.iter().find(|l| !is_blank(l));
    (block_end
        && starts.is_some_and(|l| indentation(l) == indent && !closes(l.trim_ascii_start()))
        && gap.iter().any(|l| !is_blank(l))
        && gap.iter().all(|l| inside(l))
        && run.iter().all(|l| inside(l)))
    .then(|| {
        // An `extern` block's declarations, bodiless, are a list in no
        // order; a trait's methods are grouped.
        let extern_block = opener.is_some_and(|l| {
            let t = l.trim_ascii_start();
            t.starts_with(b"extern ") || t.starts_with(b"unsafe extern ")
        });
        let bodiless = |l: &[u8]| !l.contains(&b'{') && !l.contains(&b'}');
        let mut items = gap.iter().map(Vec::as_slice).chain(run.iter().copied());
        if extern_block && items.all(bodiless) {
            Appended::List
        } else {
            Appended::Block
        }
    })
}

/// Whether legacy's lines `gap` and the added `run` are one-line members of
/// one block at one depth (struct fields, declarations), with comments and
/// blank lines between: the run goes at the block's end, after legacy's
/// own members, as OpenVPN's maintainers put `allow_recursive_routing`
/// after the branch's `peer_id` at the end of `struct options`. A trait's
/// methods, which span lines, are not such members.
pub(super) fn members(gap: &[Vec<u8>], run: &[&[u8]]) -> bool {
    let Some(first) = run.iter().find(|l| !is_blank(l)) else {
        return false;
    };
    let indent = indentation(first);
    // A comment's continuation lines count with it (`… */`).
    let member = |l: &[u8]| {
        let t = l.trim_ascii();
        t.is_empty()
            || is_comment(l, false)
            || t.ends_with(b"*/")
            || (indentation(l) == indent && (t.ends_with(b";") || t.ends_with(b",")) && !closes(t))
    };
    gap.iter().any(|l| !is_blank(l))
        && gap.iter().all(|l| member(l))
        && run.iter().all(|l| member(l))
}

/// Whether legacy's first line in `gap` closes the block the added `run`
/// ends, as upstream's next line `up` does, written otherwise: the same
/// closing bracket at the same depth (FreeRDP's `} rdpsndPulsePlugin;`,
/// which the branch writes `};`). The run goes right before it.
pub(super) fn closed_as_upstream(up: Option<&HunkLine>, gap: &[Vec<u8>], run: &[&[u8]]) -> bool {
    let first = gap.iter().find(|l| !is_blank(l));
    ends_block(up, run)
        && up.zip(first).is_some_and(|(up, first)| {
            indentation(first) == indentation(&up.content)
                && first.trim_ascii_start().first() == up.content.trim_ascii_start().first()
        })
}

/// How many of legacy's last lines are the hunk's trailing context (the
/// `}` closing `mod tests`, a header's `#endif`): lines added before
/// upstream's closing lines go before legacy's, inside the same block
/// (`candidates/ends.rs`), and after legacy's own lines there.
pub(in crate::place) fn closing_lines_kept(legacy: &[Vec<u8>], hunk: &Hunk) -> usize {
    let trailing: Vec<&[u8]> = (hunk.lines.iter().rev())
        .take_while(|l| l.kind == LineKind::Context)
        .map(|l| l.content.trim_ascii())
        .collect();
    let fits = trailing.len() <= legacy.len()
        && (trailing.iter().zip(legacy.iter().rev())).all(|(a, b)| *a == b.trim_ascii());
    if fits {
        trailing.len()
    } else {
        0
    }
}

/// Whether a line closes a block or a directive's span (`}`, `#endif`).
pub(in crate::place) fn closes_something(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    t.starts_with(b"}") || t.starts_with(b"#")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::LineKind;

    fn lines(v: &[&str]) -> Vec<Vec<u8>> {
        v.iter().map(|l| l.as_bytes().to_vec()).collect()
    }

    #[test]
    fn fields_and_attributes_are_items_of_one_list() {
        let above = lines(&["    Config {", "        retries: 3,"]);
        let gap = lines(&["        verbose: false,", "        level: 2,"]);
        let run: &[&[u8]] = &[b"        timeout: 10,"];
        assert_eq!(
            list_items(&above, above.last(), &gap, run, false),
            Some(Appended::List)
        );
        let above = lines(&["// Copyright", "#![feature(test)]"]);
        let gap = lines(&["#![feature(array_zip)]"]);
        let run: &[&[u8]] = &[b"#![feature(let_chains)]"];
        assert_eq!(
            list_items(&above, above.last(), &gap, run, false),
            Some(Appended::List)
        );
    }

    #[test]
    fn closers_imports_and_other_levels_are_not_list_items() {
        let item = |l: &str| l.as_bytes().to_vec();
        let run: &[&[u8]] = &[b"mod gamma;"];
        // `};` closes the item before: what follows it is another group.
        let gap = lines(&["mod beta;"]);
        assert_eq!(list_items(&[], Some(&item("};")), &gap, run, false), None);
        assert_eq!(
            list_items(&[], Some(&item("mod alpha;")), &gap, run, false),
            Some(Appended::List)
        );
        // Assignments at the top level are statements, each of its own.
        let run: &[&[u8]] = &[b"_NAME_FLAGS = socket.NI_NUMERICHOST"];
        let gap = lines(&["_SUPPORTS_SCOPE_ID = sys.version_info >= (3, 9, 0)"]);
        let last = item("_NUMERIC_FLAGS = socket.AI_NUMERICHOST");
        assert_eq!(list_items(&[], Some(&last), &gap, run, false), None);
        // Imports are sorted or grouped, not appended, and so are the
        // names of a `use` list.
        let gap = lines(&["use std::cell::Cell;"]);
        let run: &[&[u8]] = &[b"use fail::fail_point;"];
        assert_eq!(
            list_items(&[], Some(&item("use a::B;")), &gap, run, false),
            None
        );
        let above = lines(&["use tikv_util::{", "    config::ReadableDuration,"]);
        let gap = lines(&["    HandyRwLock,"]);
        let run: &[&[u8]] = &[b"    worker::{Builder, LazyWorker},"];
        assert_eq!(list_items(&above, above.last(), &gap, run, false), None);
        // A line of legacy's at another depth is not an item of this list.
        let gap = lines(&["    b: Inner {", "        c: 2,"]);
        let run: &[&[u8]] = &[b"    d: 3,"];
        assert_eq!(
            list_items(&[], Some(&item("    a: 1,")), &gap, run, false),
            None
        );
    }

    #[test]
    fn at_a_blocks_end_items_span_lines_and_stand_apart() {
        let above = lines(&["extern \"C\" {", "    pub fn basename(p: *mut c_char);"]);
        let gap = lines(&[
            "    pub fn timerfd_settime(",
            "        fd: c_int,",
            "    ) -> c_int;",
        ]);
        let run: &[&[u8]] = &[
            b"",
            b"    pub fn execvpe(",
            b"        file: *const c_char,",
            b"    ) -> c_int;",
        ];
        // Bodiless, in an `extern` block: a list.
        assert_eq!(
            list_items(&above, above.last(), &gap, run, true),
            Some(Appended::List)
        );
        // One-line items only, unless the run ends the block.
        assert_eq!(list_items(&above, above.last(), &gap, run, false), None);
        // Legacy's lines shallower than the items close the block first.
        let gap = lines(&["}", "", "extern \"C\" {"]);
        assert_eq!(list_items(&above, above.last(), &gap, run, true), None);
        // Nothing of legacy's own in between: nothing to follow.
        assert_eq!(
            list_items(&above, above.last(), &lines(&[""]), run, true),
            None
        );
    }

    #[test]
    fn a_shallower_closing_bracket_ends_the_runs_block() {
        let line = |s: &str| HunkLine::new(LineKind::Context, s.as_bytes().to_vec());
        let run: &[&[u8]] = &[b"", b"    pub fn f();"];
        assert!(ends_block(Some(&line("}")), run));
        assert!(!ends_block(Some(&line("    }")), run));
        assert!(!ends_block(Some(&line("")), run));
        assert!(!ends_block(None, run));
    }

    #[test]
    fn blank_lines_and_closing_brackets_end_lists() {
        let line = |s: &str| HunkLine::new(LineKind::Context, s.as_bytes().to_vec());
        assert!(ends_list(Some(&line("    }"))));
        assert!(ends_list(Some(&line(""))));
        assert!(ends_list(Some(&line("]);"))));
        assert!(!ends_list(Some(&line("    level: 2,"))));
        assert!(!ends_list(None));
    }

    #[test]
    fn an_extern_blocks_declarations_are_a_list_and_a_traits_are_not() {
        let decls = |opener: &str| {
            let above = lines(&[opener, "    pub fn sched_getcpu() -> ::c_int;"]);
            let gap = lines(&["    pub fn closefrom(", "        lowfd: ::c_int,", "    );"]);
            let run: &[&[u8]] = &[b"", b"    pub fn execvpe(", b"    ) -> ::c_int;"];
            list_items(&above, above.last(), &gap, run, true)
        };
        assert_eq!(decls("extern \"C\" {"), Some(Appended::List));
        assert_eq!(decls("pub trait ImportExt {"), Some(Appended::Block));
    }

    #[test]
    fn fields_with_comments_are_members_and_methods_are_not() {
        let gap = lines(&["  bool use_peer_id;", "  uint32_t peer_id;"]);
        let run: &[&[u8]] = &[
            b"",
            b"  /* Useful when packets sent by openvpn itself are not subject",
            b"     to the routing tables that would move packets into the tunnel. */",
            b"  bool allow_recursive_routing;",
        ];
        assert!(members(&gap, run));
        let gap = lines(&[
            "    fn len(&self) -> usize {",
            "        self.0.len()",
            "    }",
        ]);
        let run: &[&[u8]] = &[b"    fn is_empty(&self) -> bool;"];
        assert!(!members(&gap, run));
    }
}
