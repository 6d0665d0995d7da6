//! Added import lines among legacy's own: sorted in, or replacing a
//! narrower import of the same path.

use crate::place::useorder::{split_items, use_list};

/// Whether a line imports (`use`, `import`, `from … import`, `#include`):
/// such lines are often kept sorted.
fn is_import(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    ["use ", "pub use ", "import ", "from ", "#include "]
        .iter()
        .any(|p| t.starts_with(p.as_bytes()))
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

/// What follows `use ` or `pub use `.
fn use_path(line: &[u8]) -> Option<&[u8]> {
    let t = line.trim_ascii_start();
    t.strip_prefix(b"pub ").unwrap_or(t).strip_prefix(b"use ")
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

#[cfg(test)]
mod tests {
    use super::*;

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
