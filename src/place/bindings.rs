//! What a port does to the names the file binds. Two ways a port places
//! cleanly and does not build, each cutting the confidence of the hunks
//! that cause it so a person looks:
//!
//! - it leaves uses behind: a hunk removes the import or definition of a
//!   name (also an item of a Python import list opened above the hunk),
//!   upstream's change stops using the name anywhere in the file, and
//!   legacy's file still uses it in lines upstream never had (sqlalchemy
//!   renamed `is_not_` to `is_not`, and the branch's three extra
//!   `is_not_(…)` calls would be left with nothing to call);
//! - it leaves a name behind that upstream gives up: the removed lines use
//!   a name in two lines or more, upstream's change stops using it anywhere
//!   in the file, and legacy still uses it in lines upstream never had (a
//!   tikv commit drops the `ValidateSstResult` variant and its two match
//!   arms; the branch matches on it a third time, in a method upstream no
//!   longer had). One line losing a name is an edit; every line losing it
//!   is a decision the lines only legacy has need too. A name the
//!   language provides stays bound whatever the port leaves, and so does a
//!   function C code stops calling;
//! - it binds a name twice: a hunk's added lines define or import at the
//!   top level a name the port's file then binds more often than legacy's
//!   file and upstream's after the change each do (a vector commit adds
//!   `pub struct OutputId`, which the branch already had from an earlier
//!   backport).

use std::collections::HashSet;

use super::adapt::imported_names;
use super::candidates::{cut_placed, FileInput};
use super::lines::{defined_names, FastMap};
use super::missing::is_code;
use super::result::{Candidate, HunkPlan};
use super::stdnames::is_standard;
use crate::patch::{Hunk, LineKind};
use crate::syntax::{from_imports, Lang};
use crate::text::{has_word, is_word, words};

/// Confidence factor of a hunk that leaves a name unbound or binds it twice.
const BROKEN_BINDING: f32 = 0.5;

/// Cuts the confidence of the hunks that unbind or give up a name the
/// port still uses, or bind one the port then binds twice. Needs the whole
/// upstream file: without it nothing tells what upstream's file binds and
/// uses.
pub fn check(input: &FileInput<'_>, plans: &mut [HunkPlan], min_confidence: f32) {
    let Some(before) = input.upstream_before else {
        return;
    };
    let lang = Lang::from_path(input.path);
    let mut unbinds: Vec<Vec<&[u8]>> = (input.hunks.iter())
        .map(|h| bound_by(input.path, h, LineKind::Removed, false))
        .collect();
    if lang == Some(Lang::Python) {
        let listed = listed_imports(&before.lines);
        for (names, hunk) in unbinds.iter_mut().zip(input.hunks) {
            names.extend(removed_items(hunk, &before.lines, &listed));
            names.sort();
            names.dedup();
        }
    }
    // Names the removed lines only use can be given up when the hunks
    // remove them from two lines or more and add them nowhere: dropping a
    // name from one line is an edit; from every one of several, a policy
    // the lines only legacy has may need too. The rest need no look at
    // the whole files.
    let given_up = |name: &&[u8]| {
        let finder = memchr::memmem::Finder::new(name);
        let (removed, added) = changed(input.hunks, |l| has_word(l, &finder));
        removed >= 2 && added == 0
    };
    let mut stops: Vec<Vec<&[u8]>> = (input.hunks.iter())
        .map(|h| used_by(input.path, h))
        .collect();
    // A name the language itself provides stays bound whatever the port
    // leaves: aiohttp's `DeprecationWarning`, which one upstream change
    // stopped raising while the branch's other tests still expect it.
    let kept: Vec<&[u8]> = distinct(&stops)
        .into_iter()
        .filter(given_up)
        .filter(|n| !is_standard(lang, n))
        // A C function upstream stops calling is still there to call: a
        // library's (NetworkManager's `nlmsg_free`, which upstream's
        // functions leave to a cleanup attribute while the branch's others
        // still call it); a definition removed is the rule above.
        .filter(|n| !(lang == Some(Lang::C) && only_called(input.hunks, n)))
        .collect();
    for names in &mut stops {
        names.retain(|n| kept.contains(n));
    }
    let binds: Vec<Vec<&[u8]>> = (input.hunks.iter())
        .map(|h| bound_by(input.path, h, LineKind::Added, true))
        .collect();
    let names = distinct(unbinds.iter().chain(&stops).chain(&binds));
    if names.is_empty() {
        return;
    }
    let upstream = Naming::new(&before.lines, &names);
    let legacy = Naming::new(&input.legacy.lines, &names);
    let port = Port::new(plans);
    let mut cuts: Vec<Vec<String>> = vec![Vec::new(); plans.len()];
    // Names the removed lines bind, then names they only use.
    for (dropped, only_used) in [(&unbinds, false), (&stops, true)] {
        for name in distinct(dropped) {
            if only_used && unbinds.iter().any(|u| u.contains(&name)) {
                continue;
            }
            let finder = memchr::memmem::Finder::new(name);
            let uses = |l: &[u8]| has_word(l, &finder);
            let (removed, added) = changed(input.hunks, uses);
            if added > 0 || upstream.lines(name).count() > removed {
                continue;
            }
            let left = port.count(legacy.at(name), uses);
            if left == 0 {
                continue;
            }
            // C code may define a macro twice, guarded (lxc's `bdev.h` and
            // `utils.h` each had `MNT_DETACH`): a copy the port keeps still
            // defines it.
            let rebinds = |l: &[u8]| {
                lang == Some(Lang::C)
                    && l.trim_ascii_start().starts_with(b"#define")
                    && bound_names(l, false).contains(&name)
            };
            let lines = &input.legacy.lines;
            if !only_used
                && (port.staying(legacy.at(name))).any(|i| lines.get(i).is_some_and(|l| rebinds(l)))
            {
                continue;
            }
            let shown = String::from_utf8_lossy(name);
            let at = legacy_lines(port.staying(legacy.at(name)));
            let why = if only_used {
                format!("upstream removes every use of {shown} ({removed} lines) and {left} line(s) of the port still use it{at}")
            } else {
                format!("the removed lines drop {shown}, which upstream stops using and {left} line(s) of the port still use{at}")
            };
            mark(&mut cuts, dropped, name, why);
        }
    }
    for name in distinct(&binds) {
        let binding = |l: &[u8]| bound_names(l, true).contains(&name);
        let (removed, added) = changed(input.hunks, binding);
        let kept = upstream.lines(name).filter(|l| binding(l)).count();
        let after = kept - removed.min(kept) + added;
        let binds_legacy: Vec<usize> = (legacy.at(name).iter().copied())
            .filter(|&i| binding(&input.legacy.lines[i]))
            .collect();
        let ported = port.count(&binds_legacy, binding);
        if ported >= 2 && ported > after.max(binds_legacy.len()) {
            let why = format!(
                "the added lines define {}, which the port would then define {ported} times",
                String::from_utf8_lossy(name)
            );
            mark(&mut cuts, &binds, name, why);
        }
    }
    for (plan, why) in plans.iter_mut().zip(cuts) {
        if why.is_empty() {
            continue;
        }
        cut_placed(plan, BROKEN_BINDING, &why.join("; "), min_confidence);
    }
}

/// Which lines of a file name each of a few names (as a whole word), from
/// one pass over its words: a search per name would read a large file once
/// per name.
struct Naming<'a, 'n> {
    lines: &'a [Vec<u8>],
    at: FastMap<&'n [u8], Vec<usize>>,
}

impl<'a, 'n> Naming<'a, 'n> {
    fn new(lines: &'a [Vec<u8>], names: &[&'n [u8]]) -> Self {
        let mut at: FastMap<&[u8], Vec<usize>> = FastMap::default();
        at.extend(names.iter().map(|&n| (n, Vec::new())));
        for (i, line) in lines.iter().enumerate() {
            for w in words(line) {
                if let Some(v) = at.get_mut(&line[w]) {
                    if v.last() != Some(&i) {
                        v.push(i);
                    }
                }
            }
        }
        Naming { lines, at }
    }

    /// The indices of the lines naming `name`.
    fn at(&self, name: &[u8]) -> &[usize] {
        self.at.get(name).map_or(&[], Vec::as_slice)
    }

    /// The lines naming `name`.
    fn lines(&self, name: &[u8]) -> impl Iterator<Item = &'a [u8]> + '_ {
        let lines = self.lines;
        self.at(name).iter().map(move |&i| lines[i].as_slice())
    }
}

/// The port's result as the best candidates make it: legacy's lines
/// outside the places chosen, and the lines put there.
struct Port<'a> {
    chosen: Vec<&'a Candidate>,
}

impl<'a> Port<'a> {
    fn new(plans: &'a [HunkPlan]) -> Self {
        let chosen = plans.iter().filter_map(HunkPlan::offered).collect();
        Port { chosen }
    }

    /// How many lines of the result match: those of legacy's lines `at`
    /// that stay, and the lines put in that match.
    fn count(&self, at: &[usize], matches: impl Fn(&[u8]) -> bool) -> usize {
        let put = (self.chosen.iter().flat_map(|c| &c.lines))
            .filter(|l| matches(l))
            .count();
        self.staying(at).count() + put
    }

    /// Those of legacy's lines `at` that no chosen candidate replaces.
    fn staying<'s>(&'s self, at: &'s [usize]) -> impl Iterator<Item = usize> + 's {
        (at.iter().copied()).filter(|i| !self.chosen.iter().any(|c| c.span.contains(i)))
    }
}

/// Names a hunk's removed lines of code use that look like code rather
/// than words of prose (`snake_case`, `CamelCase`, `ALL_CAPS`).
fn used_by<'h>(path: &[u8], hunk: &'h Hunk) -> Vec<&'h [u8]> {
    let mut out: Vec<&[u8]> = (hunk.lines.iter())
        .filter(|l| l.kind == LineKind::Removed && is_code(path, &l.content))
        .flat_map(|l| words(&l.content).map(move |w| &l.content[w]))
        .filter(|w| {
            w.len() >= 4
                && w.first().is_some_and(|b| !b.is_ascii_digit())
                && (w.contains(&b'_') || w[1..].iter().any(u8::is_ascii_uppercase))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Where a person finds legacy's lines (0-based `at`) that keep a name:
/// ` (legacy line 31)`, the first three of them, or nothing.
fn legacy_lines(at: impl Iterator<Item = usize>) -> String {
    let at: Vec<usize> = at.collect();
    let shown: Vec<String> = at.iter().take(3).map(|i| (i + 1).to_string()).collect();
    match at.len() {
        0 => String::new(),
        1 => format!(" (legacy line {})", shown[0]),
        n if n <= 3 => format!(" (legacy lines {})", shown.join(", ")),
        n => format!(" (legacy lines {}, and {} more)", shown.join(", "), n - 3),
    }
}

/// The names one kind of a hunk's lines of code bind (see [`bound_names`]).
fn bound_by<'h>(path: &[u8], hunk: &'h Hunk, kind: LineKind, top: bool) -> Vec<&'h [u8]> {
    let mut out: Vec<&[u8]> = (hunk.lines.iter())
        .filter(|l| l.kind == kind && is_code(path, &l.content))
        .flat_map(|l| bound_names(&l.content, top))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The lines of a Python file that list names inside a parenthesized
/// `from … import (` opened on a line before them.
fn listed_imports(lines: &[Vec<u8>]) -> HashSet<usize> {
    from_imports(lines.iter().map(Vec::as_slice))
        .into_iter()
        .map(|f| f.line)
        .filter(|&i| {
            lines
                .get(i)
                .is_some_and(|l| !l.trim_ascii_start().starts_with(b"from "))
        })
        .collect()
}

/// The names a hunk's removed lines take off a parenthesized import list
/// (`    cast,`), which the hunk may show without the line that opens it:
/// the lines `listed` of upstream's file `before` say which are list items.
fn removed_items<'h>(hunk: &'h Hunk, before: &[Vec<u8>], listed: &HashSet<usize>) -> Vec<&'h [u8]> {
    let Some(mut at) = hunk.old_start.checked_sub(1) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in &hunk.lines {
        if line.kind == LineKind::Added {
            continue;
        }
        if line.kind == LineKind::Removed
            && listed.contains(&at)
            && before.get(at) == Some(&line.content)
        {
            let body = line
                .content
                .split(|&b| b == b'#' || b == b')')
                .next()
                .unwrap_or_default();
            out.extend(body.split(|&b| b == b',').filter_map(|item| {
                // `b as c` binds `c`.
                let name = item
                    .trim_ascii()
                    .rsplit(|b| b.is_ascii_whitespace())
                    .next()?;
                (!name.is_empty() && name.iter().all(|&b| is_word(b))).then_some(name)
            }));
        }
        at += 1;
    }
    out
}

/// The names a line defines or imports; none when `top` and the line is
/// indented (a `use` inside `mod tests` may repeat one outside, two enums
/// may share a variant, and Python's `Column("x", …),` only looks like one).
fn bound_names(line: &[u8], top: bool) -> Vec<&[u8]> {
    if top && line.first().is_some_and(u8::is_ascii_whitespace) {
        return Vec::new();
    }
    let mut names = defined_names(line);
    names.extend(imported_names(line));
    names
}

/// The names of all hunks, once each.
fn distinct<'h, 'v>(per_hunk: impl IntoIterator<Item = &'v Vec<&'h [u8]>>) -> Vec<&'h [u8]>
where
    'h: 'v,
{
    let mut all: Vec<&[u8]> = per_hunk.into_iter().flatten().copied().collect();
    all.sort();
    all.dedup();
    all
}

/// How many of the hunks' removed and added lines match.
fn changed(hunks: &[Hunk], matches: impl Fn(&[u8]) -> bool) -> (usize, usize) {
    let (mut removed, mut added) = (0, 0);
    for l in hunks.iter().flat_map(|h| &h.lines) {
        if matches(&l.content) {
            match l.kind {
                LineKind::Removed => removed += 1,
                LineKind::Added => added += 1,
                LineKind::Context => {}
            }
        }
    }
    (removed, added)
}

/// Records `why` for every hunk whose names include `name`.
fn mark(cuts: &mut [Vec<String>], names: &[Vec<&[u8]>], name: &[u8], why: String) {
    for (cut, names) in cuts.iter_mut().zip(names) {
        if names.contains(&name) {
            cut.push(why.clone());
        }
    }
}

/// Whether every use of `name` in the hunks' removed lines calls it.
fn only_called(hunks: &[Hunk], name: &[u8]) -> bool {
    let removed = (hunks.iter().flat_map(|h| &h.lines)).filter(|l| l.kind == LineKind::Removed);
    removed.map(|l| l.content.as_slice()).all(|l| {
        words(l)
            .filter(|r| &l[r.clone()] == name)
            .all(|r| l[r.end..].trim_ascii_start().starts_with(b"("))
    })
}

#[cfg(test)]
mod tests {
    /// Ports `patch` onto `legacy`: the explanation of its first hunk's
    /// best candidate (or its note), and whether ferry writes the file.
    fn port(patch: &str, legacy: &str, before: &str) -> (String, bool) {
        let patch = crate::patch::parse(patch.as_bytes()).expect("patch");
        let file = &patch.commits[0].files[0];
        let opts = crate::port::PortOptions::default();
        let (plan, written) =
            crate::port::port_bytes(file, legacy.as_bytes(), Some(before.as_bytes()), &opts)
                .expect("port");
        let hunk = &plan.hunks[0];
        let why = hunk.best().map_or(&hunk.note, |c| &c.explanation);
        (why.clone(), written.is_some())
    }

    const BEFORE: &str = "from m import old\n\nold(1)\n";
    const LEGACY: &str = "from m import old\n\nold(1)\nold(2)\n";

    #[test]
    fn unbinding_a_name_legacy_still_uses_leaves_it_behind() {
        let rename = "--- a/t.py\n+++ b/t.py\n@@ -1,3 +1,3 @@\n-from m import old\n+from m import new\n \n-old(1)\n+new(1)\n";
        let (why, written) = port(rename, LEGACY, BEFORE);
        assert!(!written);
        assert!(
            why.contains(
                "drop old, which upstream stops using and 1 line(s) of the port still use"
            ),
            "{why}"
        );
        // Upstream's file had the same uses: nothing is left behind.
        let (why, written) = port(rename, BEFORE, BEFORE);
        assert!(written, "{why}");
    }

    #[test]
    fn defining_a_name_legacy_already_defines_binds_it_twice() {
        let before = "use std::fmt;\n\nfn main() {}\n";
        let add = "--- a/t.rs\n+++ b/t.rs\n@@ -1,3 +1,7 @@\n use std::fmt;\n \n+struct Buf {\n+    x: u8,\n+}\n+\n fn main() {}\n";
        let (why, written) = port(add, before, before);
        assert!(written, "{why}");
        let legacy = "use std::fmt;\n\nfn main() {}\n\nstruct Buf {\n    x: u8,\n}\n";
        let (why, written) = port(add, legacy, before);
        assert!(!written);
        assert!(
            why.contains("define Buf, which the port would then define 2 times"),
            "{why}"
        );
    }

    #[test]
    fn a_c_function_upstream_stops_calling_is_still_there() {
        let before =
            "void f(void)\n{\n\tnlmsg_free(a);\n}\n\nvoid g(void)\n{\n\tnlmsg_free(b);\n}\n";
        let drop = "--- a/n.c\n+++ b/n.c\n@@ -1,9 +1,7 @@\n void f(void)\n {\n-\tnlmsg_free(a);\n }\n \n void g(void)\n {\n-\tnlmsg_free(b);\n }\n";
        let legacy = format!("{before}\nvoid h(void)\n{{\n\tnlmsg_free(c);\n}}\n");
        let (why, written) = port(drop, &legacy, before);
        assert!(written, "{why}");
        // Given up as a value, it is left behind.
        let before = before.replace("nlmsg_free(", "use(NL_FREE, ");
        let drop = drop.replace("nlmsg_free(", "use(NL_FREE, ");
        let legacy = legacy.replace("nlmsg_free(", "use(NL_FREE, ");
        let (why, written) = port(&drop, &legacy, &before);
        assert!(!written && why.contains("every use of NL_FREE"), "{why}");
    }

    #[test]
    fn giving_up_a_name_legacy_uses_more_leaves_it_behind() {
        let before = "x = 1\nif OLD_MODE:\n    a()\nif OLD_MODE:\n    b()\n";
        let drop = "--- a/t.py\n+++ b/t.py\n@@ -1,5 +1,3 @@\n x = 1\n-if OLD_MODE:\n-    a()\n-if OLD_MODE:\n-    b()\n+a()\n+b()\n";
        let legacy = format!("{before}if OLD_MODE:\n    c()\n");
        let (why, written) = port(drop, &legacy, before);
        assert!(!written);
        assert!(
            why.contains("upstream removes every use of OLD_MODE (2 lines) and 1 line(s) of the port still use it (legacy line 6)"),
            "{why}"
        );
        // Legacy has no other use: nothing is left behind.
        let (why, written) = port(drop, before, before);
        assert!(written, "{why}");
        // Upstream gives the name up in one line only: an edit, not a policy.
        let one =
            "--- a/t.py\n+++ b/t.py\n@@ -1,3 +1,2 @@\n x = 1\n-if OLD_MODE:\n-    a()\n+a()\n";
        let before_one = "x = 1\nif OLD_MODE:\n    a()\n";
        let (why, written) = port(
            one,
            &format!("{before_one}if OLD_MODE:\n    c()\n"),
            before_one,
        );
        assert!(written, "{why}");
    }

    #[test]
    fn giving_up_a_name_the_language_provides_leaves_nothing_behind() {
        let before =
            "x = 1\nif w:\n    warn(DeprecationWarning)\nif v:\n    warn(DeprecationWarning)\n";
        let drop = "--- a/t.py\n+++ b/t.py\n@@ -1,5 +1,1 @@\n x = 1\n-if w:\n-    warn(DeprecationWarning)\n-if v:\n-    warn(DeprecationWarning)\n";
        let legacy = format!("{before}if u:\n    warn(DeprecationWarning)\n");
        let (why, written) = port(drop, &legacy, before);
        assert!(written, "{why}");
    }

    #[test]
    fn an_item_taken_off_an_import_list_opened_above_the_hunk_unbinds_it() {
        // aiohttp's client_reqrep.py: upstream drops `cast` and its one use;
        // the branch calls it once more. The hunk does not show the
        // `from typing import (` line.
        let before =
            "from typing import (\n    Any,\n    Optional,\n    cast,\n)\n\nx = cast(int, y)\n";
        let drop = "--- a/t.py\n+++ b/t.py\n@@ -2,6 +2,5 @@\n     Any,\n     Optional,\n-    cast,\n )\n \n-x = cast(int, y)\n+x = y\n";
        let legacy = format!("{before}z = cast(str, w)\n");
        let (why, written) = port(drop, &legacy, before);
        assert!(!written);
        assert!(
            why.contains(
                "drop cast, which upstream stops using and 1 line(s) of the port still use"
            ),
            "{why}"
        );
        let (why, written) = port(drop, before, before);
        assert!(written, "{why}");
    }

    #[test]
    fn a_name_upstream_keeps_using_is_not_left_behind() {
        let moved = "--- a/t.py\n+++ b/t.py\n@@ -1,3 +1,3 @@\n-from m import old\n+from m import new, old\n \n-old(1)\n+new(1)\n";
        let (why, written) = port(moved, LEGACY, BEFORE);
        assert!(written, "{why}");
    }
}
