//! Whether the port still parses where legacy's file did.
//!
//! A hunk fitted to drifted lines can leave code no compiler takes:
//! qiskit's branch ends its `intersphinx_mapping` with `"numpy": (…, None)`
//! and no comma, and upstream's new `"matplotlib"` entry, added after
//! upstream's `"numpy": (…, None),`, went in after legacy's line. Where
//! the port has syntax errors that legacy's lines and upstream's change do
//! not account for, the port alone is to blame: the hunk that wrote the
//! first one is cut so a person looks. Places found whole and exact write
//! upstream's own lines where they were, and are not asked.
//!
//! Parsing whole files would cost more than all of placement (tens of
//! milliseconds for a 5,000-line file), so each placed hunk is parsed with
//! the item around it: from a line that starts an item after a blank line
//! to the next such line, de-indented when the item is a method. The same
//! window of legacy's file, and of upstream's file before and after the
//! change, gives the errors the port is not to blame for.

use std::ops::Range;

use tree_sitter::Node;

use super::candidates::{cut_placed, FileInput};
use super::conditionals::is_conditional;
use super::result::{composed, culprit, port_index, Candidate, HunkPlan};
use crate::patch::{Hunk, LineKind};
use crate::syntax::{parse, Lang};
use crate::text::{indentation, is_blank};

/// Confidence factor of a hunk whose lines leave the file unparsable.
const BROKEN_SYNTAX: f32 = 0.5;

/// How many lines a window reaches from its hunk for the item around it;
/// a hunk in a longer item gets no verdict.
const REACH: usize = 300;

/// Lines `range` of a file, parsed with `depth` bytes of indentation taken
/// off.
#[derive(Debug, Clone, PartialEq)]
struct Window {
    range: Range<usize>,
    depth: usize,
}

/// Cuts the hunks whose lines make syntax errors legacy's file and
/// upstream's change do not have.
pub fn check(input: &FileInput<'_>, plans: &mut [HunkPlan], min_confidence: f32) {
    let Some(lang) = Lang::from_path(input.path) else {
        return;
    };
    let chosen: Vec<(usize, &Candidate)> = (plans.iter().enumerate())
        .filter_map(|(i, p)| Some((i, p.offered()?)))
        .collect();
    let lines = &input.legacy.lines;
    let Ok(whole) = composed(lines, &chosen) else {
        return;
    };
    let spans: Vec<Range<usize>> = chosen.iter().map(|(_, c)| c.span.clone()).collect();
    let windows = merged(
        (chosen.iter())
            .filter(|(_, c)| !c.quality.contiguous_exact)
            .filter_map(|(_, c)| window(lang, lines, &spans, c.span.clone(), &c.lines))
            .collect(),
    );
    let mut culprits = Vec::new();
    for w in windows {
        let at = port_index(&chosen, w.range.start);
        let port = &whole[at..port_index(&chosen, w.range.end)];
        let Some(found) = errors(lang, port.iter().map(|&(l, _)| l), w.depth) else {
            continue;
        };
        let Some(first) = found.first().cloned() else {
            continue;
        };
        // A window legacy's lines do not parse in is cut amid an item (a
        // docstring's text) or holds what the grammar cannot read (C's
        // macros): it gets no verdict.
        let own = lines[w.range.clone()].iter().map(Vec::as_slice);
        if errors(lang, own, w.depth).is_none_or(|e| !e.is_empty()) {
            continue;
        }
        let mut hunks: Vec<usize> = port.iter().filter_map(|&(_, h)| h).collect();
        hunks.dedup();
        if upstream_adds(lang, input, &hunks) != Some(0) {
            continue;
        }
        if let Some(hunk) = culprit(port, first.start) {
            culprits.push((hunk, at + first.start + 1..at + first.end + 1));
        }
    }
    culprits.sort_by_key(|(hunk, lines)| (*hunk, lines.start));
    culprits.dedup_by_key(|(hunk, _)| *hunk);
    for (culprit, lines) in culprits {
        let at = match lines.len() {
            1 => format!("line {}", lines.start),
            _ => format!("lines {}-{}", lines.start, lines.end - 1),
        };
        let why = format!("the port does not parse at its {at}, where legacy's file does");
        cut_placed(&mut plans[culprit], BROKEN_SYNTAX, &why, min_confidence);
    }
}

/// The syntax errors upstream's change makes around `hunks`, or `None`
/// when that cannot be told.
fn upstream_adds(lang: Lang, input: &FileInput<'_>, hunks: &[usize]) -> Option<usize> {
    let mut adds = 0;
    for &h in hunks {
        let hunk = input.hunks.get(h)?;
        let pre: Vec<&[u8]> = hunk.pre_image().map(|l| l.content.as_slice()).collect();
        let post: Vec<&[u8]> = hunk.post_image().map(|l| l.content.as_slice()).collect();
        let (was, is) = match input.upstream_before {
            Some(before) => around(lang, &before.lines, hunk, &pre, &post)?,
            // Without upstream's file, the hunk's own two sides are parsed.
            // A conditional directive cannot be told so: the C grammar
            // cannot read one amid a statement (Open vSwitch's `#ifndef`
            // around one `return` of an `if`), and a hunk's lines alone do
            // not show where it stands.
            None if lang == Lang::C && adds_conditional(hunk) => return None,
            None => {
                let depth = shallowest(pre.iter().chain(&post).copied());
                (
                    errors(lang, pre, depth)?.len(),
                    errors(lang, post, depth)?.len(),
                )
            }
        };
        adds += is.saturating_sub(was);
    }
    Some(adds)
}

/// The errors in the window of upstream's file `before` around a hunk,
/// before and after the change.
fn around(
    lang: Lang,
    before: &[Vec<u8>],
    hunk: &Hunk,
    pre: &[&[u8]],
    post: &[&[u8]],
) -> Option<(usize, usize)> {
    let start = match hunk.old_len {
        0 => hunk.old_start,
        _ => hunk.old_start.checked_sub(1)?,
    };
    let range = start..start + hunk.old_len;
    if !before.get(range.clone())?.iter().eq(pre) {
        return None;
    }
    let Window { range: w, depth } = window(lang, before, &[], range.clone(), post)?;
    let own = before[w.clone()].iter().map(Vec::as_slice);
    let changed = (before[w.start..range.start].iter().map(Vec::as_slice))
        .chain(post.iter().copied())
        .chain(before[range.end..w.end].iter().map(Vec::as_slice));
    Some((
        errors(lang, own, depth)?.len(),
        errors(lang, changed, depth)?.len(),
    ))
}

/// The least indentation of the lines that are not blank.
fn shallowest<'a>(lines: impl IntoIterator<Item = &'a [u8]>) -> usize {
    (lines.into_iter())
        .filter(|l| !is_blank(l))
        .map(|l| indentation(l).len())
        .min()
        .unwrap_or(0)
}

/// The window around lines `span` of `lines`, which `written` replace:
/// from the nearest line above that starts an item no shallower than
/// anything the hunk touches, to the next line that starts one or is
/// shallower. `spans` are the places of every chosen hunk; no window cuts
/// one.
fn window(
    lang: Lang,
    lines: &[Vec<u8>],
    spans: &[Range<usize>],
    span: Range<usize>,
    written: &[impl AsRef<[u8]>],
) -> Option<Window> {
    let cuts = |i: usize| spans.iter().any(|r| r.start < i && i < r.end);
    let deepest = shallowest(
        (written.iter().map(AsRef::as_ref)).chain(lines[span.clone()].iter().map(Vec::as_slice)),
    );
    let starts = |i: usize, depth: usize| {
        let line = &lines[i];
        let at = indentation(line).len();
        !cuts(i)
            && !is_blank(line)
            && at <= depth
            && is_blank(&lines[i - 1])
            && opens(lang, &line[at..], at)
    };
    let from = (span.start.saturating_sub(REACH)..=span.start)
        .rev()
        .find(|&i| i == 0 || (i < lines.len() && starts(i, deepest)))?;
    let depth = match from {
        0 => 0,
        _ => indentation(&lines[from]).len(),
    };
    let below = span.end.max(span.start + 1);
    let to = (below..=(span.end + REACH).min(lines.len())).find(|&i| {
        i == lines.len()
            || (!cuts(i) && !is_blank(&lines[i]) && indentation(&lines[i]).len() < depth)
            || starts(i, depth)
    })?;
    Some(Window {
        range: from..to.max(from),
        depth,
    })
}

/// Whether a line (without its indentation, `at` bytes) can start an
/// item a window may begin with: anything at the top level but a closing
/// bracket or a directive (an `#endif` closes what came before); deeper,
/// only what begins a method.
fn opens(lang: Lang, text: &[u8], at: usize) -> bool {
    if matches!(text.first(), Some(b'}' | b')' | b']')) {
        return false;
    }
    let starts = |words: &[&str]| words.iter().any(|w| text.starts_with(w.as_bytes()));
    match (lang, at) {
        (Lang::C, 0) => !text.starts_with(b"#"),
        (Lang::C, _) => false,
        (Lang::Python, 0) => !starts(&["else", "elif", "except", "finally"]),
        (Lang::Python, _) => starts(&["def ", "async def ", "class ", "@"]),
        (Lang::Rust, 0) => true,
        (Lang::Rust, _) => starts(&[
            "fn ",
            "pub ",
            "pub(",
            "#[",
            "///",
            "async fn ",
            "const fn ",
            "unsafe fn ",
            "impl",
            "mod ",
        ]),
    }
}

/// Windows in order, those that share lines made one.
fn merged(mut windows: Vec<Window>) -> Vec<Window> {
    windows.sort_by_key(|w| w.range.start);
    let mut out: Vec<Window> = Vec::with_capacity(windows.len());
    for w in windows {
        match out.last_mut() {
            Some(last) if w.range.start < last.range.end => {
                last.range.end = last.range.end.max(w.range.end);
                last.depth = last.depth.min(w.depth);
            }
            _ => out.push(w),
        }
    }
    out
}

/// The 0-based lines each outermost syntax error spans in `lines` parsed
/// with `depth` bytes of indentation taken off, or `None` when the parser
/// gives no tree.
fn errors<'a>(
    lang: Lang,
    lines: impl IntoIterator<Item = &'a [u8]>,
    depth: usize,
) -> Option<Vec<Range<usize>>> {
    let mut source = Vec::new();
    for line in lines {
        let off = indentation(line).len().min(depth);
        source.extend_from_slice(&line[off..]);
        source.push(b'\n');
    }
    let tree = parse(lang, &source).ok()?;
    let mut out = Vec::new();
    collect_errors(tree.root_node(), &mut out);
    Some(out)
}

fn collect_errors(node: Node<'_>, out: &mut Vec<Range<usize>>) {
    if node.is_error() || node.is_missing() {
        out.push(node.start_position().row..node.end_position().row + 1);
        return;
    }
    if !node.has_error() {
        return;
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
    for child in children {
        collect_errors(child, out);
    }
}

/// Whether a hunk adds a preprocessor conditional.
fn adds_conditional(hunk: &Hunk) -> bool {
    hunk.lines
        .iter()
        .any(|l| l.kind == LineKind::Added && is_conditional(&l.content))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    fn lines(text: &str) -> Vec<Vec<u8>> {
        text.lines().map(|l| l.as_bytes().to_vec()).collect()
    }

    fn placed(span: Range<usize>, written: &[&str]) -> Candidate {
        Candidate {
            strategy: crate::place::Strategy::Fuzzy,
            confidence: 1.0,
            span,
            lines: written.iter().map(|l| l.as_bytes().to_vec()).collect(),
            evidence: Vec::new(),
            adaptations: Vec::new(),
            explanation: String::new(),
            legacy_symbol: None,
            final_newline: None,
            quality: Default::default(),
            ambiguous: false,
            missing_names: Vec::new(),
        }
    }

    const CLASS: &str = "\
import os

class Cache:
    size = 1

    def get(self, key):
        return self.items[key]

    def put(self, key, value):
        self.items[key] = value

    def drop(self):
        pass
";

    #[test]
    fn a_method_is_parsed_alone_and_de_indented() {
        let file = lines(CLASS);
        let written = [b"        return self.items.get(key)".to_vec()];
        let w = window(Lang::Python, &file, &[], 6..7, &written);
        assert_eq!(
            w,
            Some(Window {
                range: 5..8,
                depth: 4
            })
        );
        let parsed = errors(Lang::Python, file[5..8].iter().map(Vec::as_slice), 4);
        assert_eq!(parsed, Some(vec![]));
    }

    #[test]
    fn a_window_does_not_cut_another_hunks_place() {
        let file = lines(CLASS);
        // Another hunk replaces lines 7..10: the `def put` after the blank
        // line 7 is inside it and cannot end the window.
        let other = std::slice::from_ref(&(7..10));
        let w = window(Lang::Python, &file, other, 6..7, &[b"        x"]);
        assert_eq!(w.map(|w| w.range), Some(5..11));
    }

    #[test]
    fn a_hunk_deeper_than_the_reach_gets_no_window() {
        let mut text = String::from("fn long() {\n");
        for i in 0..REACH + 10 {
            text.push_str(&format!("    let x{i} = {i};\n"));
        }
        text.push_str("}\n");
        let file = lines(&text);
        let at = REACH + 5;
        assert_eq!(
            window(Lang::Rust, &file, &[], at..at + 1, &[b"    x();"]),
            None
        );
        // Near the top, the file's start bounds the window.
        assert!(window(Lang::Rust, &file, &[], 5..6, &[b"    x();"]).is_none());
        assert_eq!(
            window(Lang::Rust, &file[..20], &[], 5..6, &[b"    x();"]).map(|w| w.range),
            Some(0..20)
        );
    }

    #[test]
    fn a_missing_comma_is_an_error_of_its_statement() {
        let port = lines("m = {\n    \"a\": 1\n    \"b\": 2,\n}\n");
        let found = errors(Lang::Python, port.iter().map(Vec::as_slice), 0);
        // The error is the whole statement the comma is missing from.
        assert_eq!(found.as_deref(), Some(std::slice::from_ref(&(0..4))));
        let fixed = lines("m = {\n    \"a\": 1,\n    \"b\": 2,\n}\n");
        assert_eq!(
            errors(Lang::Python, fixed.iter().map(Vec::as_slice), 0),
            Some(vec![])
        );
    }

    #[test]
    fn a_window_of_the_port_takes_each_place_instead_of_its_lines() {
        let file = lines("a\nb\nc\nd\n");
        let replace = placed(1..2, &["B1", "B2"]);
        let insert = placed(3..3, &["new"]);
        let chosen = [(0, &replace), (1, &insert)];
        let whole = composed(&file, &chosen).expect("no overlap");
        let port = &whole[port_index(&chosen, 0)..port_index(&chosen, 4)];
        let want: Vec<(&[u8], Option<usize>)> = vec![
            (b"a", None),
            (b"B1", Some(0)),
            (b"B2", Some(0)),
            (b"c", None),
            (b"new", Some(1)),
            (b"d", None),
        ];
        assert_eq!(port, want);
        // A window starting at the insertion holds it; one ending there
        // does not.
        assert_eq!(
            &whole[port_index(&chosen, 3)..port_index(&chosen, 4)],
            &want[4..]
        );
        assert_eq!(
            &whole[port_index(&chosen, 2)..port_index(&chosen, 3)],
            &want[3..4]
        );
    }

    #[test]
    fn an_entry_after_an_item_without_its_comma_is_cut_and_told_where() {
        let before = "x = 1\n\nm = {\n    \"a\": 1,\n}\n\ny = 2\n";
        let legacy = "x = 1\nz = 3\n\nm = {\n    \"a\": 1\n}\n\ny = 2\n";
        let patch =
            "--- a/c.py\n+++ b/c.py\n@@ -3,3 +3,4 @@\n m = {\n     \"a\": 1,\n+    \"b\": 2,\n }\n";
        let parsed = crate::patch::parse(patch.as_bytes()).expect("patch");
        let hunks = &parsed.commits[0].files[0].hunks;
        let (legacy, before) = (
            Text::parse(legacy.as_bytes()),
            Text::parse(before.as_bytes()),
        );
        let input = FileInput {
            path: b"c.py",
            legacy: &legacy,
            upstream_before: Some(&before),
            hunks,
            tree_lacks: None,
            tree_has: None,
            python: crate::place::PythonBranch::default(),
        };
        let plans = crate::place::plan_file(&input, 0.7);
        let best = plans[0].best().expect("a candidate");
        // Legacy's extra line above moves the dict one line down: the
        // port's lines 4-7 hold it.
        assert!(
            best.explanation
                .ends_with("the port does not parse at its lines 4-7, where legacy's file does"),
            "{}",
            best.explanation
        );
        assert_eq!(plans[0].status, crate::place::Status::Unplaced);
    }

    #[test]
    fn conditionals_are_told_from_other_directives() {
        let hunk = |added: &str| Hunk {
            header: Vec::new(),
            old_start: 1,
            old_len: 0,
            new_start: 1,
            new_len: 1,
            section: Vec::new(),
            lines: vec![crate::patch::HunkLine {
                kind: LineKind::Added,
                content: added.as_bytes().to_vec(),
                no_newline: None,
                marker_missing: false,
            }],
        };
        assert!(adds_conditional(&hunk("#ifndef HAVE_U16_RXHASH")));
        assert!(adds_conditional(&hunk("  # endif")));
        assert!(!adds_conditional(&hunk("#include <linux/jhash.h>")));
        assert!(!adds_conditional(&hunk("    x = 1  # if needed")));
    }
}
