//! The order of names in a Rust `use` list, as each branch's rustfmt has it.
//!
//! rustfmt's 2024 style sorts `use a::{Zeta, alpha, BETA}` by version
//! sorting (`BETA, Zeta, alpha`); the earlier styles put `self`, then
//! lower-case paths, then CamelCase types, then SCREAMING constants
//! (`alpha, Zeta, BETA`). A branch cut before a project moved to the 2024
//! style keeps the old order, so upstream's added `use` line would not pass
//! the branch's `cargo fmt --check`; maintainers reorder it by hand.

use std::cmp::Ordering;

use crate::patch::{Hunk, LineKind};
use crate::syntax::Lang;
use crate::text::squash_whitespace;

/// How the `use` lists a port adds to a Rust file are to be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UseStyle {
    /// As upstream wrote them.
    #[default]
    AsUpstream,
    /// In the old order; `lists`: lists laid out over lines are laid out
    /// again, as the legacy file's own are.
    OldOrder { lists: bool },
}

/// How the added `use` lists of `hunks` should be written: in the old
/// order when the file is Rust, some added line is a one-line `use` list
/// or may be items of a list laid out over lines, and the legacy file's own
/// lists keep the old order. The legacy file is read only when an added
/// list could change.
pub fn style(path: &[u8], hunks: &[Hunk], legacy: &[Vec<u8>]) -> UseStyle {
    let could_change = Lang::from_path(path) == Some(Lang::Rust)
        && hunks.iter().flat_map(|h| &h.lines).any(|l| {
            l.kind == LineKind::Added && (starts_use(&l.content) || items_line(&l.content))
        });
    if !could_change || !legacy_uses_old_order(legacy) {
        return UseStyle::AsUpstream;
    }
    UseStyle::OldOrder {
        lists: lists_laid_out_alike(legacy),
    }
}

/// Whether [`lay_out`] gives the legacy file's own `use` lists laid out
/// over lines the lines they have: then the width and the rules are the
/// ones its rustfmt used (nearly all of them; rustfmt has rules ferry does
/// not know for a few).
fn lists_laid_out_alike(lines: &[Vec<u8>]) -> bool {
    let view = |i: usize| lines.get(i).map(Vec::as_slice);
    let (mut alike, mut not) = (0, 0);
    for (head, line) in lines.iter().enumerate() {
        if !opens_list(line) {
            continue;
        }
        let Some(ListOverLines { inner, items }) = list_at(&view, head) else {
            continue;
        };
        let indent = [crate::text::indentation(line), b"    "].concat();
        if lay_out(&indent, &items).iter().map(Vec::as_slice).eq(inner) {
            alike += 1;
        } else {
            not += 1;
        }
    }
    alike > 0 && not * 4 <= alike
}

/// Whether a line could be items of a `use` list laid out over lines
/// (`    Either, box_err,`): paths and names, each line ending in a comma.
fn items_line(line: &[u8]) -> bool {
    let t = line.trim_ascii();
    t.ends_with(b",")
        && line.first().is_some_and(u8::is_ascii_whitespace)
        && t.iter()
            .all(|&b| b.is_ascii_alphanumeric() || b" _:{},*".contains(&b))
}

/// rustfmt's line width, which the old style also used.
const MAX_WIDTH: usize = 100;

/// How many lines a `use` list laid out over lines is looked for in.
const REACH: usize = 200;

fn starts_use(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    t.starts_with(b"use ") || t.starts_with(b"pub use ") || t.starts_with(b"pub(crate) use ")
}

fn opens_list(line: &[u8]) -> bool {
    line.trim_ascii().ends_with(b"{") && starts_use(line)
}

/// Whether a line opens a list laid out over lines inside another
/// (`    sync::{`).
fn opens_nested(line: &[u8]) -> bool {
    let t = line.trim_ascii();
    t.ends_with(b"::{")
        && line.first().is_some_and(u8::is_ascii_whitespace)
        && t.iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"_:{".contains(&b))
}

/// Whether the nested list opening at `head` is inside a `use`: the lines
/// above it up to a `use` line are all items, openings or closings of lists.
fn nested_in_use<'v>(view: &dyn Fn(usize) -> Option<&'v [u8]>, head: usize) -> bool {
    (head.saturating_sub(REACH)..head)
        .rev()
        .map_while(|i| view(i).filter(|l| opens_list(l) || opens_nested(l) || items_line(l)))
        .any(opens_list)
}

/// A `use` list laid out over lines.
struct ListOverLines<'v> {
    /// Its lines between the opening and the closing one.
    inner: Vec<&'v [u8]>,
    items: Vec<Vec<u8>>,
}

/// The `use` list laid out over lines whose opening line is `head`; `None`
/// when it holds a comment. A list laid out over lines inside it is one
/// item, its lines joined by `\n` (`codec::{\n        a,\n    }`).
fn list_at<'v>(view: &dyn Fn(usize) -> Option<&'v [u8]>, head: usize) -> Option<ListOverLines<'v>> {
    let closing: &[u8] = if opens_list(view(head)?) {
        b"};"
    } else {
        b"},"
    };
    let (mut inner, mut items) = (Vec::new(), Vec::new());
    let (mut text, mut block) = (Vec::new(), Vec::<u8>::new());
    let mut depth = 0;
    for i in head + 1..head + REACH {
        let line = view(i)?;
        let t = line.trim_ascii();
        if depth == 0 && t.starts_with(b"}") {
            if t != closing {
                return None;
            }
            items.extend(split_items(&text).into_iter().map(<[u8]>::to_vec));
            return Some(ListOverLines { inner, items });
        }
        if t.starts_with(b"//") {
            return None;
        }
        inner.push(line);
        if depth == 0 && !t.ends_with(b"{") {
            text.extend_from_slice(t);
            text.push(b' ');
            continue;
        }
        if depth == 0 {
            items.extend(split_items(&text).into_iter().map(<[u8]>::to_vec));
            text.clear();
            block.extend_from_slice(t);
        } else {
            block.push(b'\n');
            block.extend_from_slice(line);
        }
        depth += usize::from(t.ends_with(b"{"));
        if t.starts_with(b"}") {
            depth -= 1;
            if depth == 0 {
                // The item's own comma is the list's to write.
                if block.last() == Some(&b',') {
                    block.pop();
                }
                items.push(std::mem::take(&mut block));
            }
        }
    }
    None
}

/// The `use` list laid out over lines that the line `at` of `view` is
/// in, put in the old order and laid out again: the range of lines of
/// `view` its items take and their new lines. `None` when `at` is in no
/// such list, the list holds a list laid out over lines itself or a
/// comment, or is in the old order already.
pub fn reordered_list<'v>(
    view: &dyn Fn(usize) -> Option<&'v [u8]>,
    at: usize,
) -> Option<(std::ops::Range<usize>, Vec<Vec<u8>>)> {
    // The nearest opening above whose list is not closed before `at`.
    let mut depth = 0;
    let head = (at.saturating_sub(REACH)..at).rev().find(|&i| {
        let Some(l) = view(i) else { return false };
        if l.trim_ascii_start().starts_with(b"}") {
            depth += 1;
        } else if l.trim_ascii().ends_with(b"{") {
            if depth == 0 {
                return true;
            }
            depth -= 1;
        }
        false
    })?;
    let opening = view(head)?;
    let in_use = opens_list(opening) || (opens_nested(opening) && nested_in_use(view, head));
    if !in_use {
        return None;
    }
    let ListOverLines { inner, mut items } = list_at(view, head)?;
    if head + inner.len() < at || items.windows(2).all(|w| old_order(&w[0], &w[1]).is_le()) {
        return None;
    }
    items.sort_by(|a, b| old_order(a, b));
    let indent = [crate::text::indentation(view(head)?), b"    "].concat();
    let items: Vec<&[u8]> = items.iter().map(Vec::as_slice).collect();
    Some((head + 1..head + 1 + inner.len(), lay_out(&indent, &items)))
}

/// rustfmt's layout of a `use` list's items over lines: as many as fit in
/// the width on a line, except that in a list holding a list (`fs::{File,
/// Path}`) an item with a path (`a::B`) takes a line of its own.
fn lay_out<T: AsRef<[u8]>>(indent: &[u8], items: &[T]) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    let mut line = indent.to_vec();
    let mut after_path = false;
    let nested = items.iter().any(|i| i.as_ref().contains(&b'{'));
    for item in items {
        let item = item.as_ref();
        if item.contains(&b'\n') {
            // A list laid out over lines: its lines as they are, its first
            // at the list's indentation.
            if line.len() > indent.len() {
                line.push(b',');
                lines.push(std::mem::replace(&mut line, indent.to_vec()));
            }
            let mut own = item.split(|&b| b == b'\n');
            lines.extend(own.next().map(|first| [indent, first].concat()));
            lines.extend(own.map(<[u8]>::to_vec));
            if let Some(last) = lines.last_mut() {
                last.push(b',');
            }
            after_path = true;
            continue;
        }
        let path = nested && item.windows(2).any(|w| w == b"::");
        // `, item,` must fit.
        let fits = line.len() + 2 + item.len() < MAX_WIDTH;
        if line.len() > indent.len() && (!fits || after_path || path) {
            line.push(b',');
            lines.push(std::mem::replace(&mut line, indent.to_vec()));
        }
        if line.len() > indent.len() {
            line.extend_from_slice(b", ");
        }
        line.extend_from_slice(item);
        after_path = path;
    }
    if line.len() > indent.len() {
        line.push(b',');
        lines.push(line);
    }
    lines
}

/// Whether a file's own `use` lists follow the old order: some list is in
/// the old order and not the 2024 one, and none is the other way round.
fn legacy_uses_old_order(lines: &[Vec<u8>]) -> bool {
    let (mut old, mut new) = (0, 0);
    for items in use_lists(lines) {
        let in_old = items.windows(2).all(|w| old_order(&w[0], &w[1]).is_le());
        let in_new = items.windows(2).all(|w| new_order(&w[0], &w[1]).is_le());
        match (in_old, in_new) {
            (true, false) => old += 1,
            (false, true) => new += 1,
            _ => {}
        }
    }
    old > 0 && new == 0
}

/// The items of every top-level `use` list in the file, one line or many
/// (a nested list such as `raw::{Cache, Env}` is one item).
fn use_lists(lines: &[Vec<u8>]) -> Vec<Vec<Vec<u8>>> {
    let view = |i: usize| lines.get(i).map(Vec::as_slice);
    lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| match use_list(line) {
            Some(list) => Some(list.items.iter().map(|i| i.to_vec()).collect()),
            None if opens_list(line) => list_at(&view, i).map(|l| l.items),
            None => None,
        })
        .collect()
}

/// Items separated by top-level commas.
pub(super) fn split_items(inner: &[u8]) -> Vec<&[u8]> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0i32, 0);
    for (i, &b) in inner.iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b',' if depth == 0 => {
                items.push(inner[start..i].trim_ascii());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(inner[start..].trim_ascii());
    items.retain(|i| !i.is_empty());
    items
}

/// An added `use` line, or line of items of a list laid out over lines,
/// with each `::{…}` list on it that is in the 2024 order put in the old
/// one, nested lists first; `None` when it is no such line or needs no
/// change.
pub fn to_old_order(line: &[u8]) -> Option<Vec<u8>> {
    if !starts_use(line) && !items_line(line) {
        return None;
    }
    let out = lists_to_old_order(line);
    (out != line).then_some(out)
}

/// Whether legacy's `line` is upstream's `use` line (or line of list
/// items) with its lists in the old order: the same line in the branch's
/// style, no drift.
pub fn same_in_old_order(upstream: &[u8], line: &[u8]) -> bool {
    to_old_order(upstream).is_some_and(|o| squash_whitespace(&o) == squash_whitespace(line))
}

fn lists_to_old_order(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        let close = line[i..]
            .starts_with(b"::{")
            .then(|| closing_brace(line, i + 2))
            .flatten();
        let Some(close) = close else {
            out.push(line[i]);
            i += 1;
            continue;
        };
        let inner = lists_to_old_order(&line[i + 3..close]);
        let mut items = split_items(&inner);
        out.extend_from_slice(b"::{");
        // Only a list written as rustfmt writes one (`{a, b}`) is rewritten.
        if items.join(&b", "[..]) == inner
            && items.windows(2).all(|w| new_order(w[0], w[1]).is_le())
        {
            items.sort_by(|a, b| old_order(a, b));
            out.extend_from_slice(&items.join(&b", "[..]));
        } else {
            out.extend_from_slice(&inner);
        }
        out.push(b'}');
        i = close + 1;
    }
    out
}

/// The index of the `}` closing the `{` at `open`, on the same line.
fn closing_brace(line: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, &b) in line.iter().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' if depth == 1 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// A one-line `use path::{a, b};`: `use path::{` and the items.
pub(super) struct UseList<'a> {
    pub(super) head: &'a [u8],
    pub(super) items: Vec<&'a [u8]>,
}

/// A one-line `use` list; lists with nested braces are left alone.
pub(super) fn use_list(line: &[u8]) -> Option<UseList<'_>> {
    let t = line.trim_ascii_start();
    if !(t.starts_with(b"use ") || t.starts_with(b"pub use ")) {
        return None;
    }
    let open = line.iter().position(|&b| b == b'{')?;
    let close = line.iter().rposition(|&b| b == b'}')?;
    let inner = line.get(open + 1..close)?;
    if inner.contains(&b'{') || !line[close..].starts_with(b"};") {
        return None;
    }
    let items = split_items(inner);
    (items.len() >= 2).then_some(UseList {
        head: &line[..=open],
        items,
    })
}

/// The 2024 style's order: `self`, `super`, `crate` first, then the rest
/// by their names (version sorting, near enough for telling the styles
/// apart).
fn new_order(a: &[u8], b: &[u8]) -> Ordering {
    let key = |item: &[u8]| match class(item) {
        GLOB => GLOB,
        c => c.min(3),
    };
    key(a).cmp(&key(b)).then_with(|| by_segment(a, b))
}

/// The earlier rustfmt styles' order of two list items.
/// Each name of the paths is compared by its class first
/// (`transforms::test::f` before `transforms::OutputBuffer`).
fn old_order(a: &[u8], b: &[u8]) -> Ordering {
    fn key(s: &[u8]) -> (u8, &[u8]) {
        (class(s), s)
    }
    segments(a).map(key).cmp(segments(b).map(key))
}

/// Paths compared name by name, so `import_mode::X` comes before
/// `import_mode2::Y` as in rustfmt (by bytes `2` sorts before `:`).
fn by_segment(a: &[u8], b: &[u8]) -> Ordering {
    segments(a).cmp(segments(b))
}

fn segments(p: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(p);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.windows(2).position(|w| w == b"::") {
            Some(i) => {
                rest = Some(&r[i + 2..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// The class of a glob, which both styles put last.
const GLOB: u8 = 6;

/// `self`, `super`, `crate`, lower-case, CamelCase, SCREAMING_CASE, `*`.
fn class(item: &[u8]) -> u8 {
    let first = item
        .split(|&b| b == b':' || b == b' ')
        .next()
        .unwrap_or(item);
    match first {
        b"self" => 0,
        b"super" => 1,
        b"crate" => 2,
        b"*" => GLOB,
        _ if first.first().is_some_and(|b| !b.is_ascii_uppercase()) => 3,
        _ if first.iter().any(u8::is_ascii_lowercase) => 4,
        _ => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::{
        lay_out, legacy_uses_old_order, old_order, reordered_list, same_in_old_order, to_old_order,
    };

    #[test]
    fn a_line_in_the_old_order_is_the_same_line() {
        let up = b"use engine_traits::{CF_WRITE, KvEngine, perf_level_serde};";
        assert!(same_in_old_order(
            up,
            b"use engine_traits::{perf_level_serde, KvEngine, CF_WRITE};"
        ));
        assert!(same_in_old_order(
            b"    sync::{Arc, mpsc},",
            b"    sync::{mpsc, Arc},"
        ));
        // Another name is drift, and so is the same order (no restyling).
        assert!(!same_in_old_order(
            up,
            b"use engine_traits::{perf_level_serde, KvEngine};"
        ));
        assert!(!same_in_old_order(up, up));
    }

    fn s(b: Option<Vec<u8>>) -> Option<String> {
        b.map(|b| String::from_utf8(b).unwrap())
    }

    #[test]
    fn puts_types_before_constants_and_paths_before_types() {
        assert_eq!(
            s(to_old_order(
                b"use worker::{BACKGROUND_LIMIT_ADJUST_DURATION, GroupQuotaAdjustWorker};"
            ))
            .as_deref(),
            Some("use worker::{GroupQuotaAdjustWorker, BACKGROUND_LIMIT_ADJUST_DURATION};")
        );
        assert_eq!(
            s(to_old_order(
                b"    use raftstore::{RegionInfoAccessor, store::ForcePartitionRangeManager};"
            ))
            .as_deref(),
            Some("    use raftstore::{store::ForcePartitionRangeManager, RegionInfoAccessor};")
        );
        assert_eq!(to_old_order(b"use a::{self, b, C, D_E};"), None);
        assert_eq!(to_old_order(b"use a::{b, Chunk, *};"), None);
        assert_eq!(
            s(to_old_order(b"use a::{b, c::{D, e}};")).as_deref(),
            Some("use a::{b, c::{e, D}};")
        );
        // A list's items on a line of a list laid out over lines.
        assert_eq!(
            s(to_old_order(b"    sync::{Arc, Mutex, atomic::AtomicU64},")).as_deref(),
            Some("    sync::{atomic::AtomicU64, Arc, Mutex},")
        );
        assert_eq!(
            s(to_old_order(
                b"    use crate::storage::{TestEngineBuilder, kv::Engine, txn::tests::*};"
            ))
            .as_deref(),
            Some("    use crate::storage::{kv::Engine, txn::tests::*, TestEngineBuilder};")
        );
        // Not a `use`, or spaced as rustfmt does not space a list.
        assert_eq!(to_old_order(b"    let x = Foo::{B, a};"), None);
        assert_eq!(to_old_order(b"    sync::{ Arc, atomic::AtomicU64 },"), None);
    }

    #[test]
    fn learns_the_order_from_the_file() {
        let lines = |t: &str| crate::text::Text::parse(t.as_bytes()).lines;
        assert!(legacy_uses_old_order(&lines(
            "use std::sync::{Arc, Mutex};\nuse engine::{util, Engine, CF_DEFAULT};"
        )));
        assert!(!legacy_uses_old_order(&lines(
            "use engine::{CF_DEFAULT, Engine, util};\nuse x::{a, B};"
        )));
        assert!(!legacy_uses_old_order(&lines(
            "use std::sync::{Arc, Mutex};"
        )));
        // `self` comes first in both styles: no evidence either way.
        assert!(!legacy_uses_old_order(&lines(
            "use disk::{self, DiskUsage};"
        )));
        assert!(legacy_uses_old_order(&lines(
            "use engine_traits::{\n    raw::{Cache, Env},\n    TabletFactory, CF_DEFAULT,\n};"
        )));
    }

    fn lines(v: &[Vec<u8>]) -> Vec<String> {
        v.iter()
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect()
    }

    #[test]
    fn items_fill_lines_but_paths_take_their_own() {
        let items: [&[u8]; 6] = [
            b"Engine",
            b"Peekable",
            b"kv::{Iterator, Key}",
            b"util",
            b"store::Value",
            b"Write",
        ];
        assert_eq!(
            lines(&lay_out(b"    ", &items)),
            [
                "    Engine, Peekable,",
                "    kv::{Iterator, Key},",
                "    util,",
                "    store::Value,",
                "    Write,"
            ]
        );
        // Without a list among them, paths share lines.
        let items: [&[u8]; 3] = [b"config::ReadableSize", b"store::find_peer", b"Either"];
        assert_eq!(
            lines(&lay_out(b"    ", &items)),
            ["    config::ReadableSize, store::find_peer, Either,"]
        );
        let long: Vec<String> = (0..12).map(|i| format!("name_number_{i}")).collect();
        let laid = lay_out(b"    ", &long);
        assert_eq!(laid.len(), 2);
        assert!(laid.iter().all(|l| l.len() <= 100));
        // The first line is full: the second's first item did not fit.
        let next = laid[1].trim_ascii().split(|&b| b == b',').next().unwrap();
        assert!(laid[0].len() + 1 + next.len() + 1 > 100);
    }

    #[test]
    fn names_compare_before_what_follows_them() {
        use std::cmp::Ordering;
        assert_eq!(
            old_order(b"import_mode::{A, B}", b"import_mode2::C"),
            Ordering::Less
        );
        assert_eq!(old_order(b"a::b", b"a"), Ordering::Greater);
        assert_eq!(
            old_order(
                b"transforms::test::create_topology",
                b"transforms::OutputBuffer"
            ),
            Ordering::Less
        );
    }

    #[test]
    fn a_list_over_lines_is_sorted_and_laid_out_again() {
        let file = [
            "pub use lock::{",
            "    Lock, LockType, TxnLockRef, check_ts_conflict,",
            "    parse_lock,",
            "};",
            "use thiserror::Error;",
        ];
        let view = |i: usize| file.get(i).map(|l| l.as_bytes());
        let (range, new) = reordered_list(&view, 2).unwrap();
        assert_eq!(range, 1..3);
        assert_eq!(
            lines(&new),
            ["    check_ts_conflict, parse_lock, Lock, LockType, TxnLockRef,"]
        );
        // Outside any list, or a list in the old order already: nothing.
        assert!(reordered_list(&view, 4).is_none());
        let nested = [
            "use std::{",
            "    sync::{",
            "        Arc,",
            "        atomic::{AtomicBool, Ordering},",
            "    },",
            "    time::Duration,",
            "};",
        ];
        let view = |i: usize| nested.get(i).map(|l| l.as_bytes());
        let (range, new) = reordered_list(&view, 3).unwrap();
        assert_eq!(range, 2..4);
        assert_eq!(
            lines(&new),
            ["        atomic::{AtomicBool, Ordering},", "        Arc,"]
        );
        // A list holding a list laid out over lines: that list is one item.
        let outer = [
            "use tikv_util::{",
            "    codec::{",
            "        bytes::{self, BytesEncoder},",
            "        number::{self, NumberEncoder},",
            "    },",
            "    Either,",
            "    memory::HeapSize,",
            "};",
        ];
        let view = |i: usize| outer.get(i).map(|l| l.as_bytes());
        let (range, new) = reordered_list(&view, 5).unwrap();
        assert_eq!(range, 1..7);
        assert_eq!(
            lines(&new),
            [
                "    codec::{",
                "        bytes::{self, BytesEncoder},",
                "        number::{self, NumberEncoder},",
                "    },",
                "    memory::HeapSize,",
                "    Either,"
            ]
        );
        // A nested list that is no `use`'s.
        let not_use = ["    let x = a::{", "        B,", "        c,", "    },"];
        let view = |i: usize| not_use.get(i).map(|l| l.as_bytes());
        assert!(reordered_list(&view, 2).is_none());
        let sorted = ["use a::{", "    b, c, D,", "};"];
        let view = |i: usize| sorted.get(i).map(|l| l.as_bytes());
        assert!(reordered_list(&view, 1).is_none());
    }
}
