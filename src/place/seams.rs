//! Shapes a port leaves where its lines meet legacy's that neither side has.
//!
//! Blank lines piling up: rustfmt keeps at most one blank line in a row
//! (`blank_lines_upper_bound`), and so do clang-format's usual styles
//! (`MaxEmptyLinesToKeep: 1`). When a placement leaves two or more blank
//! lines in a row between lines that neither legacy nor the hunk's
//! post-image separates that way, the added or removed lines met legacy's
//! own at a seam that does not fit: a second blank line legacy keeps before
//! the spot, a blank line left behind by a block upstream removes around
//! lines legacy has otherwise. Python is left out: PEP 8 and black put two
//! blank lines around top-level definitions, so two in a row is its own
//! layout.
//!
//! A block left empty: a hunk removes the one item legacy's block holds
//! (libc's `s! { pub struct ucontext_t { … } }`, where upstream's block
//! holds more), or adds a block whose inner lines legacy has elsewhere
//! already. Upstream's result has no empty block there and legacy's file
//! had none; the maintainer removed the block whole, or kept it.
//!
//! An item of a list stranded among statements: upstream adds an item to
//! a list (a compound literal's `.n_ref = 1,`) that legacy writes as
//! statements (`c->query = q;`); the item cannot stand there.
//!
//! Real backports ported that way were written otherwise by their
//! maintainers; the placement is a person's call.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::conditionals::{unpairs, unpairs_regions};
use super::jumps::after_jumps;
use crate::patch::{Hunk, LineKind};
use crate::syntax::Lang;
use crate::text::{is_blank, squash_whitespace};

/// What stands on either side of a run of blank lines: the neighbouring
/// lines without whitespace, `None` at the file's start or end.
type Between = (Option<Vec<u8>>, Option<Vec<u8>>);

/// Legacy's lines around a replacement, out to the nearest line that is not
/// blank on either side, before and after writing it.
struct Window<'a> {
    old: Vec<&'a [u8]>,
    new: Vec<&'a [u8]>,
    /// The window starts (ends) with the file.
    at_start: bool,
    at_end: bool,
}

impl<'a> Window<'a> {
    fn new(legacy: &'a [Vec<u8>], span: &Range<usize>, lines: &'a [Vec<u8>]) -> Option<Self> {
        let (before, after) = (legacy.get(..span.start)?, legacy.get(span.end..)?);
        let lead = before
            .iter()
            .rev()
            .position(|l| !is_blank(l))
            .map_or(before.len(), |k| k + 1);
        let trail = after
            .iter()
            .position(|l| !is_blank(l))
            .map_or(after.len(), |k| k + 1);
        let head = &before[before.len() - lead..];
        let tail = &after[..trail];
        let old = (head.iter().chain(&legacy[span.clone()]).chain(tail))
            .map(Vec::as_slice)
            .collect();
        let new = (head.iter().chain(lines).chain(tail))
            .map(Vec::as_slice)
            .collect();
        Some(Window {
            old,
            new,
            at_start: lead == before.len(),
            at_end: trail == after.len(),
        })
    }
}

/// The shortest line, without whitespace, whose repeating a port counts
/// as a duplicate.
const MIN_DUPLICATE: usize = 12;
/// How far apart, in lines, two copies of an added line count as one
/// written twice: a hunk's context on both sides. Further apart they are
/// mostly a new test or function repeating its neighbour's statements
/// (session 35: at 10 lines one more wrong file refused; with no bound
/// and no test of legacy's file, 3 right ones too).
const DUPLICATE_NEAR: usize = 6;

/// The hunk's post-image: its context and added lines.
fn post_image(hunk: &Hunk) -> Vec<&[u8]> {
    hunk.post_image().map(|l| l.content.as_slice()).collect()
}

/// A placement's replacement where it meets legacy's lines: `lines`
/// written over `legacy[span]` for `hunk`, in a file of language `lang`.
pub struct Seam<'a> {
    pub lang: Option<Lang>,
    pub hunk: &'a Hunk,
    pub legacy: &'a [Vec<u8>],
    pub span: &'a Range<usize>,
    pub lines: &'a [Vec<u8>],
}

impl Seam<'_> {
    fn window(&self) -> Option<Window<'_>> {
        Window::new(self.legacy, self.span, self.lines)
    }

    /// Whether the replacement writes one of the hunk's added lines twice
    /// close together, more often than the hunk's post-image has it, where
    /// legacy's file has the line once: legacy has it there already, in
    /// another order (numpy's `typedef double npy_longdouble;` above the
    /// `#define` upstream puts it under; FRR's `key += attr->origin;`
    /// lines, which upstream re-adds), and the port would write it twice.
    /// Short lines (`}`, `break;`) and lines legacy's file repeats anyway
    /// (`return -errno;`) are not counted.
    pub fn duplicates_added_line(&self) -> bool {
        let key = |l: &[u8]| {
            let k = squash_whitespace(l);
            (k.len() >= MIN_DUPLICATE && k.iter().any(u8::is_ascii_alphabetic)).then_some(k)
        };
        let added: Vec<Vec<u8>> = (self.hunk.added())
            .filter_map(|l| key(&l.content))
            .collect();
        if added.is_empty() {
            return false;
        }
        let post: Vec<Option<Vec<u8>>> = post_image(self.hunk).into_iter().map(key).collect();
        let written: Vec<Option<Vec<u8>>> = self.lines.iter().map(|l| key(l)).collect();
        // Legacy's own line right before or after the place, which the port
        // writes again next to it (rerun's `// endregion: source_mapping`,
        // added after the one legacy has), where upstream's post-image does
        // not have the line twice in a row.
        let twin = |k: &[u8]| {
            let both = |legacy: Option<usize>, written: Option<&Option<Vec<u8>>>| {
                let own = legacy.and_then(|i| self.legacy.get(i)).and_then(|l| key(l));
                own.as_deref() == Some(k) && written.is_some_and(|w| w.as_deref() == Some(k))
            };
            (both(self.span.start.checked_sub(1), written.first())
                || both(Some(self.span.end), written.last()))
                && !(post.windows(2)).any(|w| w[0].as_deref() == Some(k) && w[1] == w[0])
        };
        added.iter().any(|k| {
            let is_k = |w: &Option<Vec<u8>>| w.as_deref() == Some(k.as_slice());
            let at: Vec<usize> = (written.iter().enumerate())
                .filter(|(_, w)| is_k(w))
                .map(|(i, _)| i)
                .collect();
            (twin(k)
                || at.len() > post.iter().filter(|w| is_k(w)).count()
                    && at.windows(2).any(|w| w[1] - w[0] <= DUPLICATE_NEAR))
                && (self.legacy.iter())
                    .filter(|l| key(l).as_deref() == Some(k.as_slice()))
                    .count()
                    <= 1
        })
    }

    /// Whether the replacement leaves a run of two or more blank lines
    /// between lines legacy's file does not have that run between, in a
    /// language whose formatters allow one blank line at most, when the
    /// hunk's own post-image has no such run.
    pub fn piles_blank_lines(&self) -> bool {
        if !matches!(self.lang, Some(Lang::C | Lang::Rust)) || has_run(&post_image(self.hunk)) {
            return false;
        }
        let Some(w) = self.window() else {
            return false;
        };
        let had = runs(&w.old, w.at_start, w.at_end);
        // Legacy's own run before a line of the hunk's context, kept as it
        // was (ovs's two blank lines before `switch`) after lines the hunk
        // adds, with the line it followed still there: legacy's, not piled.
        let context = |line: &[u8]| {
            (self.hunk.lines.iter())
                .any(|l| l.kind == LineKind::Context && squash_whitespace(&l.content) == line)
        };
        let stays = |line: &Option<Vec<u8>>| {
            line.as_ref()
                .is_none_or(|line| w.new.iter().any(|l| squash_whitespace(l) == *line))
        };
        let kept = |(_, next): &Between, n: usize| {
            next.as_deref().is_some_and(context)
                && (had.iter()).any(|((their_prev, their_next), m)| {
                    their_next == next && *m >= n && stays(their_prev)
                })
        };
        runs(&w.new, w.at_start, w.at_end)
            .iter()
            .any(|(between, &n)| !had.contains_key(between) && !kept(between, n))
    }

    /// Whether an added line that is an item of a list upstream (it ends
    /// with `,` between lines that end with `,` or open or close the list)
    /// stands between two statements (lines ending with `;`) in the
    /// replacement: systemd's `.n_ref = 1,` belongs in a compound literal
    /// the branch does not have, where it assigns field by field.
    pub fn strands_item(&self) -> bool {
        if !matches!(self.lang, Some(Lang::C | Lang::Rust)) {
            return false;
        }
        let post: Vec<(&[u8], bool)> = (self.hunk.lines.iter())
            .filter(|l| l.kind != LineKind::Removed && !is_blank(&l.content))
            .map(|l| (l.content.trim_ascii(), l.kind == LineKind::Added))
            .collect();
        let items: Vec<Vec<u8>> = (1..post.len().saturating_sub(1))
            .filter(|&k| post[k].1 && post[k].0.ends_with(b","))
            .filter(|&k| {
                let (before, after) = (post[k - 1].0, post[k + 1].0);
                (before.ends_with(b",") || before.ends_with(b"{"))
                    && (after.ends_with(b",") || after.starts_with(b"}"))
            })
            .map(|k| squash_whitespace(post[k].0))
            .collect();
        if items.is_empty() {
            return false;
        }
        let Some(w) = self.window() else {
            return false;
        };
        let code: Vec<&[u8]> = (w.new.iter())
            .map(|l| l.trim_ascii())
            .filter(|l| !l.is_empty())
            .collect();
        (1..code.len().saturating_sub(1)).any(|k| {
            items.contains(&squash_whitespace(code[k]))
                && code[k - 1].ends_with(b";")
                && code[k + 1].ends_with(b";")
        })
    }

    /// Whether the replacement leaves a line after a jump at its depth
    /// (`jumps.rs`) where legacy's lines there and the hunk's post-image
    /// have none.
    pub fn follows_jump(&self) -> bool {
        let Some(lang) = self.lang else {
            return false;
        };
        let Some(w) = self.window() else {
            return false;
        };
        let had = after_jumps(lang, &w.old);
        let post = after_jumps(lang, &post_image(self.hunk));
        after_jumps(lang, &w.new)
            .iter()
            .any(|pair| !had.contains(pair) && !post.contains(pair))
    }

    /// Whether the replacement opens or closes C preprocessor conditionals,
    /// or folding regions in any language, otherwise than the hunk does
    /// (`conditionals.rs`).
    pub fn unpairs_markers(&self) -> bool {
        (self.legacy.get(self.span.clone())).is_some_and(|old| {
            (self.lang == Some(Lang::C) && unpairs(self.hunk, old, self.lines))
                || unpairs_regions(self.hunk, old, self.lines)
        })
    }

    /// Whether the replacement leaves a bracket opened and closed on the
    /// next line that is not blank, where legacy's lines there have no such
    /// empty block after the same opening line and the hunk's post-image
    /// has none.
    pub fn empties_block(&self) -> bool {
        if !empty_blocks(&post_image(self.hunk)).is_empty() {
            return false;
        }
        let Some(w) = self.window() else {
            return false;
        };
        let had = empty_blocks(&w.old);
        empty_blocks(&w.new).iter().any(|open| !had.contains(open))
    }
}

/// The opening lines (without whitespace) of the empty blocks in `lines`:
/// a line ending in `{`, `(` or `[` whose next line that is not blank
/// starts by closing.
fn empty_blocks(lines: &[&[u8]]) -> HashSet<Vec<u8>> {
    let code: Vec<&[u8]> = lines.iter().copied().filter(|l| !is_blank(l)).collect();
    code.windows(2)
        .filter(|w| {
            w[0].trim_ascii_end()
                .last()
                .is_some_and(|b| b"{([".contains(b))
                && w[1]
                    .trim_ascii_start()
                    .first()
                    .is_some_and(|b| b"})]".contains(b))
        })
        .map(|w| squash_whitespace(w[0]))
        .collect()
}

fn has_run(lines: &[&[u8]]) -> bool {
    lines.windows(2).any(|w| is_blank(w[0]) && is_blank(w[1]))
}

/// The neighbours of every run of two or more blank lines in `lines`, a
/// window of a file that starts (ends) with the file when `at_start`
/// (`at_end`).
fn runs(lines: &[&[u8]], at_start: bool, at_end: bool) -> HashMap<Between, usize> {
    let mut found = HashMap::new();
    let mut k = 0;
    while k < lines.len() {
        if !is_blank(lines[k]) {
            k += 1;
            continue;
        }
        let end = (k..lines.len())
            .find(|&j| !is_blank(lines[j]))
            .unwrap_or(lines.len());
        if end - k >= 2 {
            let prev = k.checked_sub(1).map(|p| squash_whitespace(lines[p]));
            let next = lines.get(end).map(|l| squash_whitespace(l));
            // A run at the window's edge is between the file's edge and a
            // line only when the window reaches that edge.
            if (prev.is_some() || at_start) && (next.is_some() || at_end) {
                found.insert((prev, next), end - k);
            }
        }
        k = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hunk(lines: &[(LineKind, &str)]) -> Hunk {
        crate::patch::test_hunk(1, lines)
    }

    fn seam<'a>(
        lang: Option<Lang>,
        hunk: &'a Hunk,
        legacy: &'a [Vec<u8>],
        span: &'a Range<usize>,
        lines: &'a [Vec<u8>],
    ) -> Seam<'a> {
        Seam {
            lang,
            hunk,
            legacy,
            span,
            lines,
        }
    }

    fn piles(
        lang: Option<Lang>,
        h: &Hunk,
        legacy: &[Vec<u8>],
        span: Range<usize>,
        lines: &[Vec<u8>],
    ) -> bool {
        seam(lang, h, legacy, &span, lines).piles_blank_lines()
    }

    fn file(text: &str) -> Vec<Vec<u8>> {
        text.lines().map(|l| l.as_bytes().to_vec()).collect()
    }

    #[test]
    fn added_lines_after_legacys_second_blank_line_pile_up() {
        use LineKind::*;
        let h = hunk(&[
            (Context, "    f();"),
            (Context, ""),
            (Added, "    g();"),
            (Added, ""),
            (Context, "    // next"),
        ]);
        let legacy = file("fn a() {\n    f();\n\n\n    // next\n}");
        // Context blank matched to legacy's second blank line: the first
        // stays before it, the added lines follow both.
        let lines = file("    f();\n\n\n    g();\n\n    // next");
        assert!(piles(Some(Lang::Rust), &h, &legacy, 1..5, &lines));
        // Split around the added lines, one blank line each side: fine.
        let lines = file("    f();\n\n    g();\n\n    // next");
        assert!(!piles(Some(Lang::Rust), &h, &legacy, 1..5, &lines));
        // Python lays out two blank lines itself.
        let lines = file("    f();\n\n\n    g();\n\n    // next");
        assert!(!piles(Some(Lang::Python), &h, &legacy, 1..5, &lines));
    }

    #[test]
    fn a_run_legacy_or_upstream_has_there_is_its_own() {
        use LineKind::*;
        // Legacy's double blank line between the same two lines stays.
        let h = hunk(&[(Context, "a();"), (Removed, "b();"), (Added, "c();")]);
        let legacy = file("x();\n\n\na();\nb();");
        let lines = file("a();\nc();");
        assert!(!piles(Some(Lang::C), &h, &legacy, 3..5, &lines));
        // Upstream writes two blank lines itself.
        let h = hunk(&[
            (Context, "a();"),
            (Context, ""),
            (Added, ""),
            (Added, "#ifdef X"),
        ]);
        let legacy = file("a();\n\nb();");
        let lines = file("a();\n\n\n#ifdef X");
        assert!(!piles(Some(Lang::C), &h, &legacy, 0..2, &lines));
    }

    #[test]
    fn legacys_run_before_the_hunks_context_stays_after_added_lines() {
        use LineKind::*;
        let h = hunk(&[
            (Context, "    }"),
            (Added, "    sset_destroy(&s);"),
            (Context, ""),
            (Context, "    switch (p->state) {"),
        ]);
        let legacy = file("    }\n\n\n    switch (p->state) {");
        let lines = file("    }\n    sset_destroy(&s);\n\n\n    switch (p->state) {");
        assert!(!piles(Some(Lang::C), &h, &legacy, 0..4, &lines));
        // Before a line the hunk does not show, nothing ties the run to
        // legacy's: it counts as the placement's.
        let h = hunk(&[(Context, "    }"), (Added, "    sset_destroy(&s);")]);
        assert!(piles(
            Some(Lang::C),
            &h,
            &legacy,
            0..1,
            &file("    }\n    sset_destroy(&s);")
        ));
    }

    #[test]
    fn a_removal_leaving_legacys_extra_blank_line_piles_up() {
        use LineKind::*;
        let h = hunk(&[
            (Context, "}"),
            (Context, ""),
            (Removed, "fn old() {}"),
            (Removed, ""),
            (Context, "fn next() {}"),
        ]);
        // Legacy has a second blank line after the removed function: what
        // the removal leaves is two blank lines after the line before it.
        let legacy = file("}\n\nfn old() {}\n\n\nfn next() {}");
        let lines = file("}\n\n\nfn next() {}");
        assert!(piles(Some(Lang::Rust), &h, &legacy, 0..6, &lines));
    }

    #[test]
    fn a_removal_that_empties_legacys_block_leaves_it_empty() {
        use LineKind::*;
        let h = hunk(&[
            (Context, "    }"),
            (Removed, ""),
            (Removed, "    pub struct old {"),
            (Removed, "    }"),
            (Context, "}"),
        ]);
        let legacy = file("s! {\n    pub struct old {\n    }\n}\n\nconst X: u8 = 1;");
        // Legacy's block holds the removed struct alone.
        assert!(seam(None, &h, &legacy, &(1..3), &[]).empties_block());
        // Upstream's result keeps a block empty itself: nothing new.
        let h = hunk(&[
            (Context, "s! {"),
            (Removed, "    pub struct old {}"),
            (Context, "}"),
        ]);
        let legacy = file("s! {\n    pub struct old {}\n}");
        let lines = file("s! {\n}");
        assert!(!seam(None, &h, &legacy, &(0..3), &lines).empties_block());
        // Legacy had that empty block already.
        let h = hunk(&[(Context, "fn g() {"), (Added, "    x();"), (Context, "}")]);
        let legacy = file("fn f() {\n}\nfn g() {\n}");
        let lines = file("fn f() {\n}");
        assert!(!seam(None, &h, &legacy, &(0..2), &lines).empties_block());
    }

    #[test]
    fn an_item_of_a_list_upstream_stranded_between_statements() {
        use LineKind::*;
        let h = hunk(&[
            (Context, "        *c = (Candidate) {"),
            (Added, "                .n_ref = 1,"),
            (Context, "                .query = q,"),
        ]);
        let legacy =
            file("        return -ENOMEM;\n\n        c->query = q;\n        c->scope = s;");
        // The port writes the item before legacy's first assignment.
        let stranded = file("                .n_ref = 1,\n        c->query = q;");
        let c = Some(Lang::C);
        assert!(seam(c, &h, &legacy, &(2..3), &stranded).strands_item());
        let in_list = file(
            "        *c = (Candidate) {\n                .n_ref = 1,\n                .query = q,",
        );
        assert!(!seam(c, &h, &legacy, &(2..3), &in_list).strands_item());
        let python = Some(Lang::Python);
        assert!(!seam(python, &h, &legacy, &(2..3), &stranded).strands_item());
    }

    #[test]
    fn an_added_line_written_next_to_legacys_copy_is_a_duplicate() {
        use LineKind::*;
        let h = hunk(&[
            (Context, "#if WIDE"),
            (Removed, "        #define FMT \"g\""),
            (Added, "    #define FMT \"g\""),
            (Added, "    typedef double npy_longdouble;"),
            (Context, "#endif"),
        ]);
        let legacy = file(
            "#if WIDE\n        typedef double npy_longdouble;\n        #define FMT \"g\"\n#endif",
        );
        let written = file(
            "#if WIDE\n        typedef double npy_longdouble;\n    #define FMT \"g\"\n    typedef double npy_longdouble;\n#endif",
        );
        let c = Some(Lang::C);
        assert!(seam(c, &h, &legacy, &(0..4), &written).duplicates_added_line());
        // A line legacy's file repeats anyway is no sign.
        let mut repeated = legacy.clone();
        repeated.push(b"typedef double npy_longdouble;".to_vec());
        assert!(!seam(c, &h, &repeated, &(0..4), &written).duplicates_added_line());
        // Written once, it is no duplicate.
        let once =
            file("#if WIDE\n    #define FMT \"g\"\n    typedef double npy_longdouble;\n#endif");
        assert!(!seam(c, &h, &legacy, &(0..4), &once).duplicates_added_line());
    }

    #[test]
    fn an_added_line_written_right_before_legacys_copy_is_a_duplicate() {
        use LineKind::*;
        let h = hunk(&[
            (Context, "        .into(),"),
            (Context, "    ]),"),
            (Added, "    // endregion: source_mapping"),
            (Context, "],"),
        ]);
        let legacy = file("        .into(),\n    ]),\n    // endregion: source_mapping\n],");
        // The place is the first two lines; legacy's marker follows it.
        let written = file("        .into(),\n    ]),\n    // endregion: source_mapping");
        let r = Some(Lang::Rust);
        assert!(seam(r, &h, &legacy, &(0..2), &written).duplicates_added_line());
        // Upstream's own post-image with the line twice in a row is its shape.
        let twice = hunk(&[
            (Context, "    ]),"),
            (Added, "    // endregion: source_mapping"),
            (Context, "    // endregion: source_mapping"),
        ]);
        assert!(!seam(r, &twice, &legacy, &(0..2), &written).duplicates_added_line());
    }
}
