//! Preprocessor conditionals, and folding regions, a port leaves unpaired.
//!
//! collectd's upstream wraps a call in `# if GCRYPT_VERSION_NUMBER < …` …
//! `# endif`; the branch calls it unconditionally. A hunk editing that call
//! has `# endif` as a context line between added ones, and a port that
//! carries it over writes an `# endif` with no `# if`: the file no longer
//! preprocesses. Whatever the hunk does to conditionals, the port must do
//! the same: open and close as many as the hunk's own added and removed
//! lines do.

use crate::patch::{Hunk, LineKind};

/// The word of a preprocessor directive (`if`, `endif`, `include …`),
/// whitespace after the `#` skipped.
fn directive(line: &[u8]) -> Option<&[u8]> {
    Some(
        line.trim_ascii_start()
            .strip_prefix(b"#")?
            .trim_ascii_start(),
    )
}

/// How a line changes the depth of preprocessor conditionals: `#if`,
/// `#ifdef`, `#ifndef` open one, `#endif` closes one.
fn depth_change(line: &[u8]) -> i64 {
    match directive(line) {
        Some(word) if word.starts_with(b"endif") => -1,
        Some(word) if word.starts_with(b"if") => 1,
        _ => 0,
    }
}

/// How a line changes the depth of an editor's folding regions: a comment
/// `# region: name` or `// region` opens one, `# endregion` closes one
/// (rerun's documentation snippets are cut out of files by them).
fn region_change(line: &[u8]) -> i64 {
    let t = line.trim_ascii_start();
    let Some(rest) = t.strip_prefix(b"//").or_else(|| t.strip_prefix(b"#")) else {
        return 0;
    };
    let rest = rest.trim_ascii_start();
    let word = |w: &[u8]| {
        rest.strip_prefix(w).is_some_and(|after| {
            after
                .first()
                .is_none_or(|b| matches!(b, b':' | b' ' | b'\t'))
        })
    };
    if word(b"endregion") {
        -1
    } else if word(b"region") {
        1
    } else {
        0
    }
}

/// Whether a line is a conditional directive: `#if`, `#ifdef`, `#ifndef`,
/// `#elif`, `#else` or `#endif`.
pub fn is_conditional(line: &[u8]) -> bool {
    directive(line).is_some_and(|word| {
        [&b"if"[..], b"elif", b"else", b"endif"]
            .iter()
            .any(|w| word.starts_with(w))
    })
}

/// Whether writing `new` over legacy's `old` opens or closes conditionals
/// otherwise than the hunk's added and removed lines do.
pub fn unpairs(hunk: &Hunk, old: &[Vec<u8>], new: &[Vec<u8>]) -> bool {
    unpairs_by(depth_change, hunk, old, new)
}

/// Whether writing `new` over legacy's `old` opens or closes folding
/// regions otherwise than the hunk does: rerun's upstream moves a
/// `# region: source_mapping` up, and a branch without the region got the
/// moved opener and not the `# endregion` the hunk shows as context.
pub fn unpairs_regions(hunk: &Hunk, old: &[Vec<u8>], new: &[Vec<u8>]) -> bool {
    unpairs_by(region_change, hunk, old, new)
}

/// A line's change of some depth: of conditionals, or of regions.
type DepthChange = fn(&[u8]) -> i64;

/// How much deeper `lines` leave what `change` counts.
fn net<'a>(change: DepthChange, lines: impl Iterator<Item = &'a [u8]>) -> i64 {
    lines.map(change).sum()
}

fn unpairs_by(change: DepthChange, hunk: &Hunk, old: &[Vec<u8>], new: &[Vec<u8>]) -> bool {
    let side = |kind| {
        let lines = hunk.lines.iter().filter(|l| l.kind == kind);
        net(change, lines.map(|l| l.content.as_slice()))
    };
    let by_hunk = side(LineKind::Added) - side(LineKind::Removed);
    let written = |lines: &[Vec<u8>]| net(change, lines.iter().map(Vec::as_slice));
    by_hunk != written(new) - written(old)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::test_lines;
    use LineKind::{Added, Context, Removed};

    #[test]
    fn reads_the_directives_that_open_and_close() {
        assert_eq!(depth_change(b"# if GCRYPT_VERSION_NUMBER < 0x010600"), 1);
        assert_eq!(depth_change(b"#ifndef FOO_H"), 1);
        assert_eq!(depth_change(b"  #  endif /* FOO_H */"), -1);
        assert_eq!(depth_change(b"#else"), 0);
        assert_eq!(depth_change(b"#include <stdio.h>"), 0);
        assert!(is_conditional(b"#elif defined(X)"));
        assert!(!is_conditional(b"#define X 1"));
    }

    #[test]
    fn a_carried_endif_without_its_if_unpairs() {
        let hunk = crate::patch::test_hunk(
            1,
            &[
                (Removed, "  f (a);"),
                (Added, "  err = f (a);"),
                (Context, "# endif"),
                (Added, ""),
                (Context, "  g (NULL);"),
            ],
        );
        let old = test_lines(&["  f (a);", "  g (NULL);"]);
        let carried = test_lines(&["  err = f (a);", "# endif", "", "  g (NULL);"]);
        let left_out = test_lines(&["  err = f (a);", "", "  g (NULL);"]);
        assert!(unpairs(&hunk, &old, &carried));
        assert!(!unpairs(&hunk, &old, &left_out));
    }

    #[test]
    fn a_moved_region_opener_without_the_closer_legacy_lacks_unpairs() {
        assert_eq!(region_change(b"        # region: source_mapping"), 1);
        assert_eq!(region_change(b"    // endregion: selector_mapping"), -1);
        assert_eq!(region_change(b"#pragma region"), 0);
        assert_eq!(region_change(b"# regional settings"), 0);
        let hunk = crate::patch::test_hunk(
            1,
            &[
                (Added, "    # endregion: custom_value"),
                (Added, "    # region: source_mapping"),
                (Context, "    # Green cosine:"),
                (Removed, "    # region: source_mapping"),
                (Context, "    plot(cos)"),
                (Context, "    # endregion: source_mapping"),
            ],
        );
        // Legacy has neither marker: the port opens a region it never closes.
        let old = test_lines(&["    # Green cosine:", "    plot(cos)"]);
        let new = test_lines(&[
            "    # endregion: custom_value",
            "    # region: source_mapping",
            "    # Green cosine:",
            "    plot(cos)",
        ]);
        assert!(unpairs_regions(&hunk, &old, &new));
        // Where legacy has them, the move keeps them paired.
        let marked = test_lines(&[
            "    # Green cosine:",
            "    # region: source_mapping",
            "    plot(cos)",
            "    # endregion: source_mapping",
        ]);
        let moved = test_lines(&[
            "    # endregion: custom_value",
            "    # region: source_mapping",
            "    # Green cosine:",
            "    plot(cos)",
            "    # endregion: source_mapping",
        ]);
        assert!(!unpairs_regions(&hunk, &marked, &moved));
    }

    #[test]
    fn a_hunk_that_removes_a_conditional_whole_pairs() {
        let hunk = crate::patch::test_hunk(
            1,
            &[
                (Removed, "#ifdef OLD"),
                (Removed, "  old ();"),
                (Removed, "#endif"),
                (Context, "  new ();"),
            ],
        );
        let old = test_lines(&["#ifdef OLD", "\told ();", "#endif", "\tnew ();"]);
        assert!(!unpairs(&hunk, &old, &test_lines(&["\tnew ();"])));
        // Legacy's #endif is not matched to the removed one and stays.
        let kept = test_lines(&["#endif", "\tnew ();"]);
        assert!(unpairs(&hunk, &old, &kept));
    }
}
