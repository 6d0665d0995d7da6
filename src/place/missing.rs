//! What the branch lacks of the API a hunk's added lines use: names
//! upstream's file (or tree) has and legacy's lacks, and calls with an
//! argument count only upstream's file passes. Such a hunk places cleanly
//! and does not build; its confidence is cut so a person looks.

use std::cell::RefCell;

use super::calls::{changed_signatures, counts, BothCounts};
use super::candidates::FileInput;
use super::lines::{api_names, called_names, uses_identifier, FastMap};
use crate::patch::{Hunk, LineKind};
use crate::syntax::Lang;
use crate::text::Text;

/// What one file's candidates have asked so far.
#[derive(Default)]
pub struct MissingApi {
    /// Names added lines use, and whether upstream has each and legacy
    /// lacks it.
    names: RefCell<FastMap<Vec<u8>, bool>>,
    /// Per callee of added lines, the argument counts legacy's and
    /// upstream's files pass it.
    counts: RefCell<FastMap<Vec<u8>, BothCounts>>,
}

impl MissingApi {
    /// What the adapted `added` lines of `hunk` use that the branch lacks,
    /// sorted: names, then `f with N arguments`.
    pub fn of(&self, input: &FileInput<'_>, hunk: &Hunk, added: &[Vec<u8>]) -> Vec<String> {
        let mut out = self.names(input, added);
        out.extend(self.signatures(input, hunk, added));
        out
    }

    /// Names the added lines use that upstream has and legacy lacks.
    /// Upstream's and legacy's files tell, and the whole trees when they
    /// are at hand.
    fn names(&self, input: &FileInput<'_>, added: &[Vec<u8>]) -> Vec<String> {
        let base = input.upstream_before;
        if base.is_none() && input.tree_lacks.is_none() {
            return Vec::new();
        }
        let used = names_of(input.path, added.iter().map(Vec::as_slice), api_names);
        let mut known = self.names.borrow_mut();
        let mut names: Vec<String> = used
            .into_iter()
            .filter(|n| {
                *known.entry(n.to_vec()).or_insert_with(|| {
                    input.tree_lacks.is_some_and(|t| t.contains(*n))
                        || base.is_some_and(|b| {
                            uses_identifier(&b.lines, n) && !uses_identifier(&input.legacy.lines, n)
                        })
                })
            })
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Calls of the added lines with an argument count only upstream's
    /// file passes (see `calls.rs`).
    fn signatures(&self, input: &FileInput<'_>, hunk: &Hunk, added: &[Vec<u8>]) -> Vec<String> {
        let Some(upstream) = input.upstream_before else {
            return Vec::new();
        };
        let mut known = self.counts.borrow_mut();
        let known = |callee: &[u8]| {
            known
                .entry(callee.to_vec())
                .or_insert_with(|| {
                    (
                        counts(&input.legacy.lines, callee),
                        counts(&upstream.lines, callee),
                    )
                })
                .clone()
        };
        let python = is_python(input.path);
        let code = |l: &&[u8]| !is_comment(l, python);
        let removed = (hunk.lines.iter())
            .filter(|l| l.kind == LineKind::Removed)
            .map(|l| l.content.as_slice());
        let added = added.iter().map(Vec::as_slice);
        changed_signatures(known, removed.filter(code), added.filter(code))
    }
}

/// The names a file's added lines call that are worth looking up in whole
/// trees: those the legacy file itself never uses.
pub fn used_names(path: &[u8], hunks: &[Hunk], legacy: &Text) -> Vec<Vec<u8>> {
    let added = hunks
        .iter()
        .flat_map(|h| &h.lines)
        .filter(|l| l.kind == LineKind::Added)
        .map(|l| l.content.as_slice());
    let mut names: Vec<Vec<u8>> = names_of(path, added, called_names)
        .into_iter()
        .filter(|n| !uses_identifier(&legacy.lines, n))
        .map(<[u8]>::to_vec)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The names lines of code (not comments) use, as `read` finds them in a
/// line.
fn names_of<'l>(
    path: &[u8],
    lines: impl Iterator<Item = &'l [u8]>,
    read: fn(&'l [u8]) -> Vec<&'l [u8]>,
) -> Vec<&'l [u8]> {
    let python = is_python(path);
    lines
        .filter(|l| !is_comment(l, python))
        .flat_map(read)
        .collect()
}

/// Whether a line of the file at `path` is code, not only a comment.
pub(super) fn is_code(path: &[u8], line: &[u8]) -> bool {
    !is_comment(line, is_python(path))
}

fn is_python(path: &[u8]) -> bool {
    Lang::from_path(path) == Some(Lang::Python)
}

/// Whether a line is only a comment (its words are prose, not API).
fn is_comment(line: &[u8], python: bool) -> bool {
    let t = line.trim_ascii_start();
    t.starts_with(b"//")
        || t.starts_with(b"/*")
        || t.starts_with(b"*")
        || (python && t.starts_with(b"#"))
}
