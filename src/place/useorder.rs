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

/// Whether the added `use` lists of `hunks` should be put in the old order:
/// the file is Rust, some added line is a one-line `use` list, and the
/// legacy file's own lists keep the old order. The legacy file is read only
/// when an added list could change.
pub fn wanted(path: &[u8], hunks: &[Hunk], legacy: &[Vec<u8>]) -> bool {
    Lang::from_path(path) == Some(Lang::Rust)
        && hunks
            .iter()
            .flat_map(|h| &h.lines)
            .any(|l| l.kind == LineKind::Added && use_list(&l.content).is_some())
        && legacy_uses_old_order(legacy)
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
    let mut out = Vec::new();
    let mut open: Option<Vec<u8>> = None;
    for line in lines {
        let t = line.trim_ascii();
        if let Some(inner) = open.as_mut() {
            if t.starts_with(b"}") {
                out.push(split_items(inner).into_iter().map(<[u8]>::to_vec).collect());
                open = None;
            } else {
                inner.extend_from_slice(t);
                inner.push(b' ');
            }
        } else if let Some(list) = use_list(line) {
            out.push(list.items.iter().map(|i| i.to_vec()).collect());
        } else if (t.starts_with(b"use ") || t.starts_with(b"pub use ")) && t.ends_with(b"{") {
            open = Some(Vec::new());
        }
    }
    out
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

/// An added `use` line in the 2024 order, put in the old one; `None` when
/// it is not a one-line `use` list or needs no change.
pub fn to_old_order(line: &[u8]) -> Option<Vec<u8>> {
    let UseList {
        head,
        mut items,
        tail,
    } = use_list(line)?;
    if !items.windows(2).all(|w| new_order(w[0], w[1]).is_le()) {
        return None;
    }
    items.sort_by(|a, b| old_order(a, b));
    let mut out = head.to_vec();
    out.extend_from_slice(&items.join(&b", "[..]));
    out.extend_from_slice(tail);
    (out != line).then_some(out)
}

/// A one-line `use path::{a, b};`: `use path::{`, the items, `};`.
pub(super) struct UseList<'a> {
    pub(super) head: &'a [u8],
    pub(super) items: Vec<&'a [u8]>,
    tail: &'a [u8],
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
        tail: &line[close..],
    })
}

/// The 2024 style's order: `self`, `super`, `crate` first, then the rest
/// by their bytes (version sorting, near enough for telling the styles
/// apart).
fn new_order(a: &[u8], b: &[u8]) -> Ordering {
    class(a).min(3).cmp(&class(b).min(3)).then_with(|| a.cmp(b))
}

/// The earlier rustfmt styles' order of two list items.
fn old_order(a: &[u8], b: &[u8]) -> Ordering {
    class(a).cmp(&class(b)).then_with(|| a.cmp(b))
}

/// `self`, `super`, `crate`, lower-case, CamelCase, SCREAMING_CASE.
fn class(item: &[u8]) -> u8 {
    let first = item
        .split(|&b| b == b':' || b == b' ')
        .next()
        .unwrap_or(item);
    match first {
        b"self" => 0,
        b"super" => 1,
        b"crate" => 2,
        _ if first.first().is_some_and(|b| !b.is_ascii_uppercase()) => 3,
        _ if first.iter().any(u8::is_ascii_lowercase) => 4,
        _ => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::{legacy_uses_old_order, to_old_order};

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
        assert_eq!(to_old_order(b"use a::{b, c::{D, e}};"), None);
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
}
