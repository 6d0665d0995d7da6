//! Calls spaced otherwise than the branch spaces them.
//!
//! GNU-style C spaces a call, `nm_device_get_iface (self)`; a project that
//! moves to clang-format writes `nm_device_get_iface(self)`. A hunk whose
//! context legacy writes the first way, ported with its added calls the
//! second way, leaves lines no maintainer of the branch would write:
//! NetworkManager's backports respaced them, and GNU-style OpenVPN's mixed
//! both. Whether to respace is a person's call.

use super::lines::{is_comment, without_strings};
use crate::patch::{Hunk, LineKind};
use crate::text::{squash_whitespace, words};

/// Words a space before `(` does not make a call of in either style.
const NOT_CALLS: [&[u8]; 13] = [
    b"if", b"for", b"while", b"switch", b"return", b"sizeof", b"case", b"and", b"or", b"not",
    b"in", b"elif", b"_Pragma",
];

/// The names `line` calls, each with whether whitespace stands between the
/// name and its `(`.
fn calls(line: &[u8]) -> Vec<(&[u8], bool)> {
    words(line)
        .filter_map(|w| {
            let name = &line[w.clone()];
            let gap = (line[w.end..].iter())
                .take_while(|b| **b == b' ' || **b == b'\t')
                .count();
            let starts_with_digit = name.first().is_some_and(u8::is_ascii_digit);
            (line.get(w.end + gap) == Some(&b'(')
                && !starts_with_digit
                && !NOT_CALLS.contains(&name))
            .then_some((name, gap > 0))
        })
        .collect()
}

/// Whether a line of the hunk's pre-image that legacy has written with
/// other whitespace (among `written`) spaces a call upstream's line does
/// not, while the hunk's added lines make calls unspaced.
pub fn foreign_call_spacing(hunk: &Hunk, written: &[Vec<u8>]) -> bool {
    let unspaced = |l: &[u8]| calls(l).iter().any(|&(_, spaced)| !spaced);
    // As the port writes them: the word merge may have spaced a replaced
    // line's calls as legacy's line had them.
    let added: Vec<Vec<u8>> = (hunk.lines.iter())
        .filter(|l| l.kind == LineKind::Added && unspaced(&l.content))
        .map(|l| squash_whitespace(&l.content))
        .collect();
    let adds_unspaced =
        (written.iter()).any(|w| unspaced(w) && added.contains(&squash_whitespace(w)));
    if !adds_unspaced {
        return false;
    }
    // Legacy's lines that space a call, by their words: few or none
    // outside a GNU-style file.
    let spaced: Vec<(Vec<u8>, Vec<&[u8]>)> = (written.iter())
        .filter_map(|leg| {
            let names: Vec<&[u8]> = (calls(leg).into_iter())
                .filter_map(|(name, spaced)| spaced.then_some(name))
                .collect();
            (!names.is_empty()).then(|| (squash_whitespace(leg), names))
        })
        .collect();
    !spaced.is_empty()
        && (hunk.lines.iter())
            .filter(|l| l.kind != LineKind::Added)
            .any(|up| {
                let words = squash_whitespace(&up.content);
                calls(&up.content).iter().any(|&(name, gap)| {
                    !gap && (spaced.iter()).any(|(w, names)| *w == words && names.contains(&name))
                })
            })
}

/// The code of a line for counting its calls: none for a comment or a
/// preprocessor line (a `#define NAME(` takes no space in any style, and
/// GNU-style files write `#if !GLIB_CHECK_VERSION(2,34,0)`), string
/// literals blanked and a trailing comment cut.
fn code_of(line: &[u8]) -> Option<Vec<u8>> {
    if is_comment(line, false) || line.trim_ascii_start().starts_with(b"#") {
        return None;
    }
    let code = without_strings(line);
    let end = (0..line.len())
        .find(|&i| code[i] && (line[i..].starts_with(b"/*") || line[i..].starts_with(b"//")))
        .unwrap_or(line.len());
    Some(
        (line[..end].iter().zip(&code))
            .map(|(&b, &c)| if c { b } else { b' ' })
            .collect(),
    )
}

/// A file that spaces its calls lets at most one in this many go
/// unspaced: NetworkManager's GNU-style files, whose backports respaced
/// upstream's calls, leave 1 in 1,000 or fewer of their code's calls
/// unspaced; files the maintainers left upstream's calls in already mix
/// the styles (1 in 41 of `nm-setting-team.c`, a sixth of OpenVPN's
/// `proxy.c`).
const UNSPACED_AT_MOST_ONE_IN: usize = 50;

/// Whether `lines` space (nearly) every call they make.
pub fn spaces_every_call(lines: &[Vec<u8>]) -> bool {
    let (mut spaced, mut all) = (0, 0);
    for code in lines.iter().filter_map(|l| code_of(l)) {
        for (_, s) in calls(&code) {
            spaced += usize::from(s);
            all += 1;
        }
    }
    spaced > 0 && (all - spaced) * UNSPACED_AT_MOST_ONE_IN <= all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_calls_and_their_spacing() {
        let found = calls(b"\tif (nm_device_get_iface (self) && g_strcmp0(a, b))");
        assert_eq!(
            found,
            vec![
                (&b"nm_device_get_iface"[..], true),
                (&b"g_strcmp0"[..], false)
            ]
        );
    }

    fn lines(text: &[&str]) -> Vec<Vec<u8>> {
        text.iter().map(|l| l.as_bytes().to_vec()).collect()
    }

    #[test]
    fn added_calls_are_foreign_only_where_legacy_spaces_the_hunks_own() {
        use LineKind::{Added, Context};
        let hunk = crate::patch::test_hunk(
            1,
            &[
                (Context, "    x = get_iface(self);"),
                (Added, "    free_iface(x);"),
            ],
        );
        // The port's lines: legacy's context, the added line.
        assert!(foreign_call_spacing(
            &hunk,
            &lines(&["	x = get_iface (self);", "	free_iface(x);"])
        ));
        // Legacy writes the line as upstream does, but for its indentation.
        assert!(!foreign_call_spacing(
            &hunk,
            &lines(&["	x = get_iface(self);", "	free_iface(x);"])
        ));
        // The port spaced the added call as the branch does.
        assert!(!foreign_call_spacing(
            &hunk,
            &lines(&["	x = get_iface (self);", "	free_iface (x);"])
        ));
        let spaced = crate::patch::test_hunk(
            1,
            &[
                (Context, "    x = get_iface(self);"),
                (Added, "    free_iface (x);"),
            ],
        );
        assert!(!foreign_call_spacing(
            &spaced,
            &lines(&["	x = get_iface (self);", "	free_iface (x);"])
        ));
    }

    #[test]
    fn a_file_that_mixes_the_styles_does_not_space_every_call() {
        let mut file = vec!["a (1);"; 49];
        file.push("b(2);");
        assert!(spaces_every_call(&lines(&file)));
        file.push("c(3);");
        assert!(!spaces_every_call(&lines(&file)));
        assert!(!spaces_every_call(&lines(&["if (x)", "return (y);"])));
    }

    #[test]
    fn only_code_counts_towards_the_style() {
        let file = [
            "/* g_type_init() is deprecated */",
            " * see nm_utils_init() below",
            "#if !GLIB_CHECK_VERSION(2,36,0)",
            "#define nm_g_type_init() g_type_init ()",
            "_Pragma(\"GCC diagnostic push\")",
            "\tg_message (\"calling f(x)\"); // not g(y)",
            "\tx = get_iface (self); /* nor h(z) */",
        ];
        assert!(spaces_every_call(&lines(&file)));
        assert!(!spaces_every_call(&lines(&[file[5], "\tf(x);"])));
    }
}
