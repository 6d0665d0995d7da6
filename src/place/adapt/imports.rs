//! Import lines: what they import and which names they bind, and where
//! added ones go among legacy's own (sorted in, past an import legacy
//! writes otherwise, or replacing a narrower import of the same path), and
//! a `use` list laid out again in the branch's order.

use std::ops::Range;

use crate::place::lines::{include_target, is_identifier};
use crate::place::useorder::{self, split_items, use_list};
use crate::text::{is_blank, words};

/// Whether a line imports (`use`, `import`, `from … import`, `#include`):
/// such lines are often kept sorted.
pub(super) fn is_import(line: &[u8]) -> bool {
    is_include(line) || import_kind(line).is_some()
}

/// Whether a line is a C preprocessor `#include` (its `<sys/file.h>`
/// names a header, not an API).
pub(in crate::place) fn is_include(line: &[u8]) -> bool {
    include_target(line).is_some()
}

/// Whether `line` imports from some path only names that one of `run`
/// imports from the same path.
pub(super) fn imported_by(line: &[u8], run: &[&[u8]]) -> bool {
    let Some((path, names)) = imports(line) else {
        return false;
    };
    run.iter().any(|added| {
        imports(added).is_some_and(|(p, wider)| {
            p == path && names.len() < wider.len() && names.iter().all(|n| wider.contains(n))
        })
    })
}

/// The path and names of a one-line Rust `use` (`use a::b::{C, D};`,
/// `use a::b::C;`) or Python `from a.b import c, d`; `None` for any other
/// line, and for nested lists.
fn imports(line: &[u8]) -> Option<(&[u8], Vec<&[u8]>)> {
    let t = line.trim_ascii();
    if let Some(rest) = t.strip_prefix(b"from ") {
        let at = rest.windows(8).position(|w| w == b" import ")?;
        let list = &rest[at + 8..];
        if list
            .iter()
            .any(|&b| matches!(b, b'(' | b')' | b'\\' | b'#'))
        {
            return None;
        }
        return Some((rest[..at].trim_ascii(), split_items(list)));
    }
    if let Some(list) = use_list(line) {
        return Some((use_path(list.head)?.strip_suffix(b"::{")?, list.items));
    }
    let rest = use_path(t)?.strip_suffix(b";")?;
    if rest.contains(&b'{') {
        return None;
    }
    let at = rest.windows(2).rposition(|w| w == b"::")?;
    Some((&rest[..at], vec![&rest[at + 2..]]))
}

/// What follows `use ` in a Rust `use` line, with any visibility before
/// it (`pub`, `pub(crate)`).
fn use_path(line: &[u8]) -> Option<&[u8]> {
    let mut t = line.trim_ascii_start();
    if let Some(rest) = t.strip_prefix(b"pub") {
        t = rest.trim_ascii_start();
        if t.starts_with(b"(") {
            let close = t.iter().position(|&b| b == b')')?;
            t = t[close + 1..].trim_ascii_start();
        }
    }
    t.strip_prefix(b"use ")
}

/// The names an import line binds: `use a::{B, c::D as E};` binds `B` and
/// `E`, `from m import a, b as c` binds `a` and `c`, `import json.decoder`
/// binds `json`. Any other line binds none.
pub(in crate::place) fn imported_names(line: &[u8]) -> Vec<&[u8]> {
    let mut out = import_bindings(line);
    out.retain(|n| is_identifier(n) && !matches!(*n, b"self" | b"super" | b"crate"));
    out
}

/// Every word an import line binds, however short (`as st`).
pub(in crate::place) fn import_bindings(line: &[u8]) -> Vec<&[u8]> {
    let t = line.trim_ascii();
    let word_list = |list: &'_ [u8]| -> Vec<std::ops::Range<usize>> { words(list).collect() };
    let mut out = Vec::new();
    if let Some(rest) = t.strip_prefix(b"from ") {
        let Some(at) = rest.windows(8).position(|w| w == b" import ") else {
            return out;
        };
        let list = &rest[at + 8..];
        for item in list.split(|&b| b == b',') {
            if let Some(last) = word_list(item).pop() {
                out.push(&item[last]);
            }
        }
    } else if let Some(list) = t.strip_prefix(b"import ") {
        for item in list.split(|&b| b == b',') {
            let ws = word_list(item);
            let aliased = ws.iter().any(|w| &item[w.clone()] == b"as");
            let bound = if aliased { ws.last() } else { ws.first() };
            if let Some(w) = bound {
                out.push(&item[w.clone()]);
            }
        }
    } else if let Some(list) = use_path(t) {
        // A path's leaf is the word a `,`, `}` or `;` follows.
        for w in words(list) {
            let next = list[w.end..].trim_ascii_start().first();
            if next.is_none_or(|b| matches!(b, b',' | b'}' | b';')) {
                out.push(&list[w]);
            }
        }
    }
    out
}

/// Where added import lines go among legacy's own imports between the line
/// before them (`last`) and the next matched line: how many of `gap` come
/// first. Only when all are imports and in sorted order with the added ones
/// in it, so the order is the file's, not a guess.
pub(super) fn sorted_slot(last: Option<&Vec<u8>>, gap: &[Vec<u8>], run: &[&[u8]]) -> Option<usize> {
    let last = last?;
    if gap.is_empty() || run.is_empty() || !is_import(last) {
        return None;
    }
    if !(gap.iter().all(|l| is_import(l)) && run.iter().all(|l| is_import(l))) {
        return None;
    }
    let key = <[u8]>::trim_ascii;
    let before = gap.iter().take_while(|l| key(l) < key(run[0])).count();
    let block: Vec<&[u8]> = std::iter::once(last.as_slice())
        .chain(gap[..before].iter().map(Vec::as_slice))
        .chain(run.iter().copied())
        .chain(gap[before..].iter().map(Vec::as_slice))
        .map(key)
        .collect();
    block.windows(2).all(|w| w[0] <= w[1]).then_some(before)
}

/// Whether legacy's whole block of imports of the added lines' kind around
/// line `at`, three lines or more, is sorted with the added lines at `at`:
/// a file that keeps every import sorted settles where a new one goes.
pub(super) fn sorted_block(legacy: &[Vec<u8>], at: usize, run: &[&[u8]]) -> bool {
    let kind = run.first().and_then(|l| import_kind(l));
    let same = |l: &[u8]| kind.is_some() && import_kind(l) == kind;
    if !run.iter().all(|l| same(l)) {
        return false;
    }
    let lo = (0..at.min(legacy.len()))
        .rev()
        .take_while(|&i| same(&legacy[i]))
        .last()
        .unwrap_or(at);
    let hi = (at..legacy.len())
        .take_while(|&i| same(&legacy[i]))
        .last()
        .map_or(at, |i| i + 1);
    let key = <[u8]>::trim_ascii;
    let block: Vec<&[u8]> = (legacy[lo..at].iter().map(Vec::as_slice))
        .chain(run.iter().copied())
        .chain(legacy[at..hi].iter().map(Vec::as_slice))
        .map(key)
        .collect();
    hi - lo >= 3 && block.windows(2).all(|w| w[0] <= w[1])
}

/// Whether added import lines go after legacy's line `at`, its form of the
/// import upstream put them before (`from a._text import …` for upstream's
/// `from a.common.text.converters import …`): legacy's imports of the
/// kind, from the line before them (`last`) to the one after `at`, are
/// sorted with the added ones after it, and not before.
pub(super) fn after_drifted(
    last: Option<&Vec<u8>>,
    legacy: &[Vec<u8>],
    at: usize,
    run: &[&[u8]],
) -> bool {
    let (Some(last), Some(drifted), Some(first), Some(end)) =
        (last, legacy.get(at), run.first(), run.last())
    else {
        return false;
    };
    let key = <[u8]>::trim_ascii;
    let kind = import_kind(drifted);
    let same = |l: &[u8]| kind.is_some() && import_kind(l) == kind;
    let next = legacy.get(at + 1).map(Vec::as_slice).filter(|n| same(n));
    same(last)
        && run.iter().all(|l| same(l))
        && key(last) <= key(drifted)
        && key(drifted) < key(first)
        && run.windows(2).all(|w| key(w[0]) <= key(w[1]))
        && next.is_none_or(|n| key(end) <= key(n))
}

/// Whether added import lines would go between two blank lines: the line
/// before them (`last`, else legacy's before `at`) and legacy's line `at`
/// are blank, and an import follows.
pub(super) fn between_blank_lines(
    last: Option<&Vec<u8>>,
    legacy: &[Vec<u8>],
    at: usize,
    run: &[&[u8]],
) -> bool {
    let before = last.or_else(|| legacy.get(at.checked_sub(1)?));
    before.is_some_and(|l| is_blank(l))
        && legacy.get(at).is_some_and(|l| is_blank(l))
        && legacy.get(at + 1).is_some_and(|l| is_import(l))
        && run.iter().all(|l| is_import(l))
}

/// An import line's kind, as sorting tools keep them apart: `use`,
/// `import`, `from`, `#include <…>` and `#include "…"`.
fn import_kind(line: &[u8]) -> Option<&'static str> {
    let t = line.trim_ascii_start();
    if is_include(line) {
        let path = t.iter().position(|&b| b == b'<' || b == b'"')?;
        return Some(if t[path] == b'<' { "<" } else { "\"" });
    }
    let t = t.strip_prefix(b"pub ").unwrap_or(t);
    ["use ", "import ", "from "]
        .into_iter()
        .find(|p| t.starts_with(p.as_bytes()))
}

/// Puts the first `use` list laid out over lines that an added line
/// (`added_at`, in `out`) is in, in the old order (`useorder.rs`),
/// widening `span` (and `out`) to the whole list; 1 when it did. A list
/// legacy's own lines already have out of that order is left as it is.
pub(super) fn relay_use_list(
    out: &mut Vec<Vec<u8>>,
    span: &mut Range<usize>,
    added_at: &[usize],
    legacy: &[Vec<u8>],
) -> usize {
    let (s, n, e) = (span.start, out.len(), span.end);
    // The file as the replacement makes it, by line.
    let view = |i: usize| -> Option<&[u8]> {
        let line = if i < s {
            legacy.get(i)
        } else if i < s + n {
            out.get(i - s)
        } else {
            legacy.get(i - s - n + e)
        };
        line.map(Vec::as_slice)
    };
    let found = added_at
        .iter()
        .find_map(|&at| useorder::reordered_list(&view, s + at));
    let Some((list, lines)) = found else {
        return 0;
    };
    // A list legacy's own rustfmt left in an order the old one does not
    // give (tracing's `trace as otel` before `trace::{…}`) is no list to
    // put in that order: its rules are ones ferry does not know. The list
    // opens above the replaced lines, where the file is legacy's.
    let own = |i: usize| legacy.get(i).map(Vec::as_slice);
    if list.start <= s && useorder::reordered_list(&own, list.start).is_some() {
        return 0;
    }
    let (start, end) = (list.start.min(s), list.end.max(s + n));
    let before = (start..list.start).filter_map(|i| view(i).map(<[u8]>::to_vec));
    let after = (list.end..end).filter_map(|i| view(i).map(<[u8]>::to_vec));
    let rebuilt: Vec<Vec<u8>> = before.chain(lines).chain(after).collect();
    *out = rebuilt;
    *span = start..if end > s + n { end - s - n + e } else { e };
    1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::place::lines::tests::read_names;

    #[test]
    fn a_sorted_block_takes_the_added_import_in_its_order() {
        let legacy: Vec<Vec<u8>> = [
            "from binascii import hexlify",
            "import configparser",
            "import os",
            "import subprocess",
            "import sys",
            "from hmac import HMAC",
        ]
        .iter()
        .map(|l| l.as_bytes().to_vec())
        .collect();
        let run: [&[u8]; 1] = [b"import shlex"];
        // `from` lines are another block: the `import` lines alone are sorted.
        assert!(sorted_block(&legacy, 3, &run));
        assert!(!sorted_block(&legacy, 4, &run));
        // Too short a block to tell a sorted file from chance.
        assert!(!sorted_block(&legacy[2..4], 1, &run));
        let unsorted: Vec<Vec<u8>> = ["import os", "import sys", "import abc"]
            .iter()
            .map(|l| l.as_bytes().to_vec())
            .collect();
        assert!(!sorted_block(&unsorted, 1, &run));
    }

    #[test]
    fn import_lines_bind_their_leaves_and_aliases() {
        let names = |l: &str| read_names(imported_names, l);
        assert_eq!(
            names("use pd_client::{PdClient, PdFuture, RegionStat, Result};"),
            ["PdClient", "PdFuture", "RegionStat", "Result"]
        );
        assert_eq!(names("pub(crate) use a::b::Store as Kept;"), ["Kept"]);
        assert_eq!(names("use crate::{self, store::Peer};"), ["Peer"]);
        assert_eq!(names("from sqlalchemy.testing import is_not_"), ["is_not_"]);
        assert_eq!(names("from m import one, two as three"), ["one", "three"]);
        assert_eq!(names("import json.decoder, yaml as yml"), ["json", "yml"]);
        assert!(names("#include \"log.h\"").is_empty());
        assert!(names("    x = use_it(a)").is_empty());
    }

    #[test]
    fn an_added_import_sorts_past_the_line_legacy_writes_otherwise() {
        let legacy: Vec<Vec<u8>> = [
            "from a import errors",
            "from a._text import t",
            "from a.types import T",
        ]
        .map(|l| l.as_bytes().to_vec())
        .to_vec();
        let last = Some(&legacy[0]);
        assert!(after_drifted(last, &legacy, 1, &[b"from a.json import J"]));
        // Where upstream put it is legacy's order too.
        assert!(!after_drifted(
            last,
            &legacy,
            1,
            &[b"from a._base import B"]
        ));
        // Past the next import the order breaks either way.
        assert!(!after_drifted(last, &legacy, 1, &[b"from a.zz import Z"]));
        // Kinds of import are sorted apart.
        assert!(!after_drifted(last, &legacy, 1, &[b"import json"]));
        assert_eq!(import_kind(b"#include <sys/file.h>"), Some("<"));
        assert_eq!(import_kind(b"pub use a::b;"), Some("use "));
    }

    #[test]
    fn reads_one_line_imports() {
        let names = |l: &str| imports(l.as_bytes()).map(|(p, n)| (p.to_vec(), n.len()));
        assert_eq!(
            names("use std::sync::Arc;"),
            Some((b"std::sync".to_vec(), 1))
        );
        assert_eq!(
            names("    pub use crate::{err, ffi as sys, Py};"),
            Some((b"crate".to_vec(), 3))
        );
        assert_eq!(
            names("from typing import Any, List"),
            Some((b"typing".to_vec(), 2))
        );
        assert_eq!(names("use a::{b::{C, D}, E};"), None);
        assert_eq!(names("from x import (a,"), None);
        assert_eq!(names("import os"), None);
        let wider: [&[u8]; 1] = [b"use std::sync::{Arc, RwLock};"];
        assert!(imported_by(b"use std::sync::Arc;", &wider));
        assert!(!imported_by(b"use std::sync::Mutex;", &wider));
        assert!(!imported_by(b"use std::sync::{Arc, RwLock};", &wider));
    }
}
