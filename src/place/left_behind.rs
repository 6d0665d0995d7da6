//! Uses a port leaves behind. A hunk removes the import or definition of a
//! name, upstream's change stops using the name anywhere in the file, and
//! the legacy file still uses it in lines upstream never had: sqlalchemy
//! renamed `is_not_` to `is_not`, and the branch's three extra `is_not_(…)`
//! calls would be left with nothing to call. Such a port places cleanly and
//! does not run; the hunk's confidence is cut so a person looks.

use super::candidates::{settle, FileInput};
use super::lines::{defined_names, is_identifier};
use super::missing::is_code;
use super::result::{HunkPlan, Status};
use crate::patch::{Hunk, LineKind};
use crate::text::{has_word, words};

/// Confidence factor of a hunk whose removed lines unbind a name the port
/// still uses.
const LEFT_BEHIND: f32 = 0.5;

/// Cuts the confidence of every hunk whose removed lines bind a name that
/// upstream's file stops using and the port's result still uses. Needs the
/// whole upstream file: without it nothing tells that upstream stopped.
pub fn check(input: &FileInput<'_>, plans: &mut [HunkPlan], min_confidence: f32) {
    let Some(before) = input.upstream_before else {
        return;
    };
    let unbinds: Vec<Vec<&[u8]>> = (input.hunks.iter())
        .map(|h| unbound_by(input.path, h))
        .collect();
    let mut names: Vec<&[u8]> = unbinds.iter().flatten().copied().collect();
    names.sort();
    names.dedup();
    let left: Vec<(&[u8], usize)> = names
        .into_iter()
        .filter(|n| upstream_stops_using(&before.lines, input.hunks, n))
        .map(|n| (n, uses_in_port(input, plans, n)))
        .filter(|&(_, uses)| uses > 0)
        .collect();
    if left.is_empty() {
        return;
    }
    for (plan, unbound) in plans.iter_mut().zip(&unbinds) {
        let here: Vec<&(&[u8], usize)> = left.iter().filter(|(n, _)| unbound.contains(n)).collect();
        if here.is_empty() {
            continue;
        }
        let what = here
            .iter()
            .map(|(n, uses)| format!("{} ({uses} line(s))", String::from_utf8_lossy(n)))
            .collect::<Vec<_>>()
            .join(", ");
        for c in &mut plan.candidates {
            c.confidence *= LEFT_BEHIND;
            c.explanation.push_str(&format!(
                "; the removed lines drop {what}, which upstream stops using and the port still uses"
            ));
        }
        if plan.status == Status::Placed {
            plan.status = Status::Unplaced;
            settle(plan, min_confidence);
        }
    }
}

/// The names a hunk's removed lines of code import or define.
fn unbound_by<'h>(path: &[u8], hunk: &'h Hunk) -> Vec<&'h [u8]> {
    let mut out: Vec<&[u8]> = (hunk.lines.iter())
        .filter(|l| l.kind == LineKind::Removed && is_code(path, &l.content))
        .flat_map(|l| {
            let mut names = defined_names(&l.content);
            names.extend(imported_names(&l.content));
            names
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether no line of upstream's file uses `name` once the change is made:
/// its lines before, less the removed ones, plus the added ones.
fn upstream_stops_using(before: &[Vec<u8>], hunks: &[Hunk], name: &[u8]) -> bool {
    let finder = memchr::memmem::Finder::new(name);
    let uses = |l: &[u8]| has_word(l, &finder);
    let kept = before.iter().filter(|l| uses(l)).count();
    let changed = hunks
        .iter()
        .flat_map(|h| &h.lines)
        .filter(|l| uses(&l.content));
    let (mut removed, mut added) = (0, 0);
    for l in changed {
        match l.kind {
            LineKind::Removed => removed += 1,
            LineKind::Added => added += 1,
            LineKind::Context => {}
        }
    }
    added == 0 && kept <= removed
}

/// How many lines of the port's result use `name`: legacy's lines outside
/// the places chosen, and the lines put there.
fn uses_in_port(input: &FileInput<'_>, plans: &[HunkPlan], name: &[u8]) -> usize {
    let finder = memchr::memmem::Finder::new(name);
    let chosen: Vec<_> = (plans.iter())
        .filter(|p| matches!(p.status, Status::Placed | Status::Unplaced))
        .filter_map(HunkPlan::best)
        .collect();
    let outside = (input.legacy.lines.iter().enumerate())
        .filter(|(i, _)| !chosen.iter().any(|c| c.span.contains(i)))
        .filter(|(_, l)| has_word(l, &finder))
        .count();
    let put = (chosen.iter().flat_map(|c| &c.lines))
        .filter(|l| has_word(l, &finder))
        .count();
    outside + put
}

/// The names an import line binds: `use a::{B, c::D as E};` binds `B` and
/// `E`, `from m import a, b as c` binds `a` and `c`, `import json.decoder`
/// binds `json`. Any other line binds none.
pub fn imported_names(line: &[u8]) -> Vec<&[u8]> {
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
    } else if let Some(list) = use_list(t) {
        // A path's leaf is the word a `,`, `}` or `;` follows.
        for w in words(list) {
            let next = list[w.end..].trim_ascii_start().first();
            if next.is_none_or(|b| matches!(b, b',' | b'}' | b';')) {
                out.push(&list[w]);
            }
        }
    }
    out.retain(|n| is_identifier(n) && !matches!(*n, b"self" | b"super" | b"crate"));
    out
}

/// What follows `use ` in a Rust `use` line, with any visibility before it.
fn use_list(line: &[u8]) -> Option<&[u8]> {
    let mut t = line;
    if let Some(rest) = t.strip_prefix(b"pub") {
        t = rest.trim_ascii_start();
        if t.starts_with(b"(") {
            let close = t.iter().position(|&b| b == b')')?;
            t = t[close + 1..].trim_ascii_start();
        }
    }
    t.strip_prefix(b"use ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<String> {
        imported_names(line.as_bytes())
            .into_iter()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect()
    }

    #[test]
    fn import_lines_bind_their_leaves_and_aliases() {
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

    /// Ports `patch` onto `legacy`: the explanation of its first hunk's
    /// best candidate, and whether ferry writes the file.
    fn port(patch: &str, legacy: &str, before: &str) -> (String, bool) {
        let patch = crate::patch::parse(patch.as_bytes()).expect("patch");
        let file = &patch.commits[0].files[0];
        let opts = crate::port::PortOptions::default();
        let (plan, written) =
            crate::port::port_bytes(file, legacy.as_bytes(), Some(before.as_bytes()), &opts)
                .expect("port");
        let best = plan.hunks[0].best().expect("a candidate");
        (best.explanation.clone(), written.is_some())
    }

    const BEFORE: &str = "from m import old\n\nold(1)\n";
    const LEGACY: &str = "from m import old\n\nold(1)\nold(2)\n";

    #[test]
    fn unbinding_a_name_legacy_still_uses_is_no_sure_port() {
        let rename = "--- a/t.py\n+++ b/t.py\n@@ -1,3 +1,3 @@\n-from m import old\n+from m import new\n \n-old(1)\n+new(1)\n";
        let (why, written) = port(rename, LEGACY, BEFORE);
        assert!(!written);
        assert!(why.contains("drop old (1 line(s))"), "{why}");
        // Upstream's file had the same uses: nothing is left behind.
        let (why, written) = port(rename, BEFORE, BEFORE);
        assert!(written, "{why}");
    }

    #[test]
    fn a_name_upstream_keeps_using_is_not_left_behind() {
        let moved = "--- a/t.py\n+++ b/t.py\n@@ -1,3 +1,3 @@\n-from m import old\n+from m import new, old\n \n-old(1)\n+new(1)\n";
        let (why, written) = port(moved, LEGACY, BEFORE);
        assert!(written, "{why}");
    }
}
