//! Identifiers and module paths legacy names otherwise.
//!
//! Matched lines that differ in one name (`buf` upstream, `buffer` in
//! legacy, or `self.join` and `shlex.join` where legacy has `self` too), or
//! in one path segment (`crate::devices::virtio` and `crate::virtio`), teach
//! a rename that the added lines then get.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Range;

use super::matched_lines;
use crate::patch::Hunk;
use crate::place::align::{Alignment, How};
use crate::place::lines::{is_identifier, is_word, tokenize};
use crate::text::stands_alone;

/// The renames matched lines show.
pub(super) struct Renames {
    /// Every one: they explain the drifted lines that show them.
    pub all: Vec<(Vec<u8>, Vec<u8>)>,
    /// Those that removed lines, or context lines next to a removed or
    /// added one, show: the added lines take only these. A 3-way merge
    /// takes a drifted context line further away cleanly, with upstream's
    /// added lines as they are, and maintainers mostly leave it at that
    /// (FreeRDP kept upstream's `FILEDESCRIPTORW`). Where upstream's name
    /// is missing on the branch, the missing-names cut then leaves the call
    /// to a person.
    pub at_change: Vec<(Vec<u8>, Vec<u8>)>,
}

/// Names the matched lines show renamed (`None`: shown as two different
/// ones), and the names they qualify, renamed with them.
#[derive(Default)]
struct Seen {
    names: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    qualified: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
}

/// Identifier renames seen consistently in matched lines whose tokens differ
/// only in identifiers, where the upstream name never occurs in the legacy
/// span (so legacy really calls it something else). Where it does, the
/// name with the one it qualifies may still be renamed (`self.join` to
/// `shlex.join`, `tidb_query_datatype::codec` to `crate::codec`).
pub(super) fn learn_renames(
    hunk: &Hunk,
    pre_pos: &[usize],
    alignment: &Alignment,
    legacy: &[Vec<u8>],
    span: &Range<usize>,
) -> Renames {
    let (mut all, mut near) = (Seen::default(), Seen::default());
    for p in &alignment.pairs {
        if p.how == How::Exact {
            continue;
        }
        let Some((up, leg)) = matched_lines(hunk, pre_pos, p, legacy) else {
            continue;
        };
        let at_change = pre_pos.get(p.pre).is_some_and(|&i| hunk.at_change(i));
        let mut seen = |f: &dyn Fn(&mut Seen)| {
            f(&mut all);
            if at_change {
                f(&mut near);
            }
        };
        let (ut, lt) = (tokenize(&up.content), tokenize(leg));
        if ut.len() != lt.len() {
            if let Some((a, b)) = path_change(&ut, &lt) {
                seen(&|s| note(&mut s.names, a.clone(), b.clone()));
            }
            continue;
        }
        // Evidence only from lines that differ in exactly one name (wherever
        // it occurs): anything more is a rewrite, not a rename.
        let mut diffs = ut.iter().zip(&lt).filter(|(a, b)| a != b);
        let Some((a, b)) = diffs.next() else {
            continue;
        };
        if !diffs.all(|(x, y)| x == a && y == b) || !is_identifier(a) || !is_identifier(b) {
            continue;
        }
        let qualified = qualified(&ut, a, b);
        seen(&|s| {
            note(&mut s.names, a.to_vec(), b.to_vec());
            for (ua, ub) in &qualified {
                note(&mut s.qualified, ua.clone(), ub.clone());
            }
        });
    }
    // Asked of the same names for both sets: each looked up once.
    let known: RefCell<BTreeMap<Vec<u8>, bool>> = RefCell::default();
    let in_span = |name: &[u8]| {
        if let Some(&hit) = known.borrow().get(name) {
            return hit;
        }
        let hit = (legacy.get(span.clone()).unwrap_or_default().iter()).any(|l| {
            if name.iter().all(|&b| is_word(b)) {
                tokenize(l).contains(&name)
            } else {
                fragment_at(l, name, 0).is_some()
            }
        });
        known.borrow_mut().insert(name.to_vec(), hit);
        hit
    };
    Renames {
        all: resolve(all, &in_span),
        at_change: resolve(near, &in_span),
    }
}

/// The renames `seen` shows whose upstream name legacy's span lacks, and
/// where it has it, those of the names it qualifies.
fn resolve(seen: Seen, in_span: &dyn Fn(&[u8]) -> bool) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for (a, b) in seen.names.into_iter().filter_map(|(a, b)| Some((a, b?))) {
        if !in_span(&a) {
            out.push((a, b));
            continue;
        }
        // Legacy uses the bare name too (`self`, a crate it still imports
        // from), so it is no rename; the name with what it qualifies may
        // still be one (`self.join` upstream, `shlex.join` in legacy).
        out.extend(
            (seen.qualified.iter())
                .filter(|(qa, _)| qualifies(qa, &a) && !in_span(qa))
                .filter_map(|(qa, qb)| Some((qa.clone(), qb.clone()?))),
        );
    }
    out
}

/// Records that matched lines show `a` upstream as `b` in legacy; a name
/// shown as two different ones is no rename (`None`).
fn note(seen: &mut BTreeMap<Vec<u8>, Option<Vec<u8>>>, a: Vec<u8>, b: Vec<u8>) {
    let entry = seen.entry(a).or_insert_with(|| Some(b.clone()));
    if entry.as_ref() != Some(&b) {
        *entry = None;
    }
}

/// Whether `path` is `name` qualifying another name (`name.x`, `name::x`).
fn qualifies(path: &[u8], name: &[u8]) -> bool {
    path.strip_prefix(name)
        .is_some_and(|rest| rest.starts_with(b".") || rest.starts_with(b"::"))
}

/// `a.c` and `b.c` (or `a::c` and `b::c`) for every name `c` that `a`
/// qualifies in the tokens `ut`.
fn qualified(ut: &[&[u8]], a: &[u8], b: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for (i, _) in ut.iter().enumerate().filter(|(_, t)| **t == a) {
        let (sep, next): (&[u8], usize) = match (ut.get(i + 1), ut.get(i + 2)) {
            (Some(&b"."), _) => (b".", i + 2),
            (Some(&b":"), Some(&b":")) => (b"::", i + 3),
            _ => continue,
        };
        if let Some(c) = ut.get(next).filter(|c| is_identifier(c)) {
            out.push(([a, sep, c].concat(), [b, sep, c].concat()));
        }
    }
    out
}

/// A module path one side spells with more segments than the other
/// (`crate::devices::virtio::Queue` upstream, `crate::virtio::Queue` in
/// legacy; `a.b.c` and `a.c` in Python): the path from the name before the
/// difference to the name after it, as upstream and legacy write it.
fn path_change(ut: &[&[u8]], lt: &[&[u8]]) -> Option<(Vec<u8>, Vec<u8>)> {
    let p = ut.iter().zip(lt).take_while(|(a, b)| a == b).count();
    let s = ut[p..]
        .iter()
        .rev()
        .zip(lt[p..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (&ut[p..ut.len() - s], &lt[p..lt.len() - s]);
    let sep: &[&[u8]] = if ut[..p].ends_with(&[b":", b":"]) {
        &[b":", b":"]
    } else if ut[..p].ends_with(&[b"."]) {
        &[b"."]
    } else {
        return None;
    };
    // Whole segments (a name and its separator), on one side only.
    let segments = |t: &[&[u8]]| {
        t.chunks(sep.len() + 1)
            .all(|c| c.len() == sep.len() + 1 && is_identifier(c[0]) && &c[1..] == sep)
    };
    if a.is_empty() == b.is_empty() || !segments(a) || !segments(b) {
        return None;
    }
    let before = *ut.get(p.checked_sub(sep.len() + 1)?)?;
    let after = *ut.get(ut.len() - s)?;
    if !before.iter().all(|&c| is_word(c)) || !is_identifier(after) {
        return None;
    }
    let path = |middle: &[&[u8]]| -> Vec<u8> {
        let mut out = before.to_vec();
        sep.iter().for_each(|t| out.extend_from_slice(t));
        middle.iter().for_each(|t| out.extend_from_slice(t));
        out.extend_from_slice(after);
        out
    };
    Some((path(a), path(b)))
}

/// Where `fragment` occurs in `line` from `from` on, not inside a longer
/// word on either side.
fn fragment_at(line: &[u8], fragment: &[u8], from: usize) -> Option<usize> {
    let finder = memchr::memmem::Finder::new(fragment);
    finder
        .find_iter(line.get(from..)?)
        .map(|i| from + i)
        .find(|&at| stands_alone(line, at..at + fragment.len()))
}

/// Replaces whole identifier tokens per `renames`, and module paths spelled
/// otherwise (entries that are not one word).
pub(super) fn rename(line: &[u8], renames: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    if renames.is_empty() {
        return line.to_vec();
    }
    let mut line = line.to_vec();
    for (from, to) in renames
        .iter()
        .filter(|(f, _)| !f.iter().all(|&b| is_word(b)))
    {
        let mut at = 0;
        while let Some(start) = fragment_at(&line, from, at) {
            line.splice(start..start + from.len(), to.iter().copied());
            at = start + to.len();
        }
    }
    let line = line.as_slice();
    let mut out = Vec::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        if is_word(line[i]) {
            let start = i;
            while i < line.len() && is_word(line[i]) {
                i += 1;
            }
            let word = &line[start..i];
            match renames.iter().find(|(from, _)| from.as_slice() == word) {
                Some((_, to)) => out.extend_from_slice(to),
                None => out.extend_from_slice(word),
            }
        } else {
            out.push(line[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rename_replaces_whole_words_only() {
        let r = vec![(b"buf".to_vec(), b"buffer".to_vec())];
        assert_eq!(
            rename(b"buf[0] = buf_len(buf);", &r),
            b"buffer[0] = buf_len(buffer);"
        );
    }

    #[test]
    fn learns_a_module_path_one_side_spells_longer() {
        let change = |up: &str, leg: &str| {
            path_change(&tokenize(up.as_bytes()), &tokenize(leg.as_bytes()))
                .map(|(a, b)| (String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap()))
        };
        assert_eq!(
            change(
                "    use crate::devices::virtio::queue::tests::*;",
                "    use crate::virtio::queue::tests::*;"
            ),
            Some(("crate::devices::virtio".into(), "crate::virtio".into()))
        );
        assert_eq!(
            change(
                "from aiohttp.web import ETag",
                "from aiohttp.web.helpers import ETag"
            ),
            None
        );
        assert_eq!(
            change("x = urllib.quote_plus(s)", "x = urllib.parse.quote_plus(s)"),
            Some(("urllib.quote_plus".into(), "urllib.parse.quote_plus".into()))
        );
        assert_eq!(change("f(a, b)", "f(a)"), None);
        let renames = vec![(
            b"crate::devices::virtio".to_vec(),
            b"crate::virtio".to_vec(),
        )];
        assert_eq!(
            rename(b"use crate::devices::virtio::VIRTQ_DESC_F_NEXT;", &renames),
            b"use crate::virtio::VIRTQ_DESC_F_NEXT;"
        );
        assert_eq!(
            rename(b"use my_crate::devices::virtio::X;", &renames),
            b"use my_crate::devices::virtio::X;"
        );
    }

    #[test]
    fn qualifies_a_name_legacy_also_uses_bare() {
        let q = |up: &str, a: &str, b: &str| -> Vec<(String, String)> {
            qualified(&tokenize(up.as_bytes()), a.as_bytes(), b.as_bytes())
                .into_iter()
                .map(|(x, y)| (String::from_utf8(x).unwrap(), String::from_utf8(y).unwrap()))
                .collect()
        };
        assert_eq!(
            q(
                "return self.join(parts) + self.sep + self.x",
                "self",
                "shlex"
            ),
            [
                ("self.join".to_string(), "shlex.join".to_string()),
                ("self.sep".to_string(), "shlex.sep".to_string()),
            ]
        );
        assert_eq!(
            q(
                "use tidb_query_datatype::codec::data_type::*;",
                "tidb_query_datatype",
                "crate"
            ),
            [(
                "tidb_query_datatype::codec".to_string(),
                "crate::codec".to_string()
            )]
        );
        assert!(q("x = self", "self", "shlex").is_empty());
        assert!(qualifies(b"self.join", b"self"));
        assert!(qualifies(b"tidb::codec", b"tidb"));
        assert!(!qualifies(b"selfish.join", b"self"));
    }
}
