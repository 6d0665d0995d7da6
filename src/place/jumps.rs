//! Lines a port leaves after a `break`, `return` or `continue`.
//!
//! mpv's upstream adds the same guard under `case LeaveNotify:` and
//! `case EnterNotify:`; the branch has no `EnterNotify` case, and the
//! second guard went in after the `break;` that ends the case before, at
//! its depth, where it never runs. Neither side has a statement there:
//! the lines were written for code the branch does not have.

use std::collections::HashSet;

use super::lines::is_comment;
use crate::syntax::Lang;
use crate::text::{indentation, is_blank, squash_whitespace};

/// Each line that follows a jump at the jump's depth in `lines`, with the
/// jump, both without whitespace. Blank lines and comments between them
/// are skipped; what may follow a jump (a `case` label, a closing brace,
/// an `else`, a directive) is not counted.
pub(super) fn after_jumps(lang: Lang, lines: &[&[u8]]) -> HashSet<(Vec<u8>, Vec<u8>)> {
    let mut out = HashSet::new();
    let mut last: Option<&[u8]> = None;
    for &line in lines {
        let text = line.trim_ascii();
        if is_blank(line) || is_comment(line, lang == Lang::Python) {
            continue;
        }
        if let Some(jump) = last.filter(|j| indentation(j) == indentation(line)) {
            if is_jump(lang, jump.trim_ascii()) && !may_follow(lang, text) {
                out.insert((squash_whitespace(jump), squash_whitespace(line)));
            }
        }
        last = Some(line);
    }
    out
}

/// A statement after which nothing at its depth runs. In C and Rust only
/// a whole one (ending with `;`): a `return` spread over lines has its
/// continuation at the same depth in some styles.
fn is_jump(lang: Lang, text: &[u8]) -> bool {
    let word = |w: &[u8]| {
        text.strip_prefix(w).is_some_and(|rest| {
            rest.first()
                .is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'_')
        })
    };
    match lang {
        Lang::Python => {
            (word(b"return") || word(b"raise") || word(b"continue") || word(b"break"))
                && !text.ends_with(b"(")
                && !text.ends_with(b"[")
                && !text.ends_with(b"{")
                && !text.ends_with(b"\\")
        }
        Lang::C | Lang::Rust => {
            (word(b"return") || word(b"break") || word(b"continue") || word(b"goto"))
                && text.ends_with(b";")
        }
    }
}

/// What may stand after a jump at its depth.
fn may_follow(lang: Lang, text: &[u8]) -> bool {
    if matches!(text.first(), Some(b'}' | b')' | b']' | b'#')) {
        return true;
    }
    let starts = |words: &[&str]| words.iter().any(|w| text.starts_with(w.as_bytes()));
    match lang {
        Lang::Python => starts(&[
            "else", "elif", "except", "finally", "case ", "def ", "class ", "@",
        ]),
        Lang::C => {
            starts(&["case ", "default:", "default :"])
                || (text.ends_with(b":")
                    && text[..text.len() - 1]
                        .iter()
                        .all(|b| b.is_ascii_alphanumeric() || *b == b'_'))
        }
        Lang::Rust => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(lang: Lang, text: &str) -> Vec<(String, String)> {
        let lines: Vec<&[u8]> = text.lines().map(str::as_bytes).collect();
        let mut out: Vec<(String, String)> = (after_jumps(lang, &lines).into_iter())
            .map(|(a, b)| {
                (
                    String::from_utf8_lossy(&a).into(),
                    String::from_utf8_lossy(&b).into(),
                )
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_statement_after_a_break_at_its_depth_never_runs() {
        let c = "case A:\n    x = 1;\n    break;\n\n    /* note */\n    if (y)\n        break;\ncase B:\n";
        assert_eq!(pairs(Lang::C, c), vec![("break;".into(), "if(y)".into())]);
    }

    #[test]
    fn labels_braces_and_deeper_lines_may_follow() {
        let c =
            "    break;\ncase B:\n    return 0;\n}\n    goto out;\nout:\n    return x +\n    y;\n";
        assert_eq!(pairs(Lang::C, c), vec![]);
        let py = "    return x\nelse:\n    raise E(\n    a)\n    continue\n\ndef f():\n";
        assert_eq!(pairs(Lang::Python, py), vec![]);
    }

    #[test]
    fn python_code_after_return_is_dead() {
        let py = "def protocol():\n    return mock.Mock()\n\n    assert req\n";
        assert_eq!(
            pairs(Lang::Python, py),
            vec![("returnmock.Mock()".into(), "assertreq".into())]
        );
        // `returned` is not `return`.
        assert_eq!(pairs(Lang::Python, "    returned = 1\n    x = 2\n"), vec![]);
    }
}
