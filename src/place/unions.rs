//! Type unions written `A | None` in Python annotations.
//!
//! Python evaluates annotations when a function is defined, and before 3.10
//! `int | None` there raises `TypeError`, unless the module postpones them
//! (`from __future__ import annotations`). A branch that still supports an
//! older Python spells them `Optional[int]`; upstream's added `int | None`
//! would not import there, and its maintainer rewrites it. What the branch
//! supports is read from the legacy file: it writes `Optional[` or
//! `Union[`, never a `|` union, and does not postpone annotations.

use super::lines::python_code_lines;
use crate::text::{contains as has, Text};

/// Whether the line (of code, not a comment) annotates a parameter, a
/// return or a variable with a `|` union: `x: int | None`, `-> A | B:`,
/// `self.n: int | None = None`. A `|` in a string, between values
/// (`a = b | c`), in a dict or a lambda is none.
pub fn union_annotation(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    if t.starts_with(b"#") {
        return false;
    }
    memchr::memmem::find_iter(line, b" | ").any(|at| annotated_at(line, at))
}

/// Whether the `|` at `at` ends an annotation's first type.
fn annotated_at(line: &[u8], at: usize) -> bool {
    let before = &line[..at];
    let quotes = before.iter().filter(|&&b| b == b'"' || b == b'\'').count();
    if quotes % 2 == 1 {
        return false;
    }
    let type_char = |b: u8| b.is_ascii_alphanumeric() || b"_.[], |".contains(&b);
    let Some(end) = before.iter().rposition(|&b| !type_char(b)) else {
        return false;
    };
    let head = &before[..=end];
    if head.ends_with(b"->") {
        return true;
    }
    let Some(colon) = head.strip_suffix(b":") else {
        return false;
    };
    // The annotated name, and what comes before it: the line's start, a
    // parameter list's `(` or `,`, or `self.` of an attribute.
    let name_start = colon
        .iter()
        .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.'))
        .map_or(0, |i| i + 1);
    let name = &colon[name_start..];
    if name.is_empty() || name.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let lead = colon[..name_start].trim_ascii_end();
    lead.is_empty() || lead.ends_with(b"(") || lead.ends_with(b",")
}

/// Whether the legacy file's code (not its docstrings) spells unions as a
/// Python before 3.10 must: `Optional[` or `Union[`, no `|` union in an
/// annotation, annotations not postponed.
pub fn spelled_the_old_way(legacy: &Text) -> bool {
    let mut old = false;
    for line in python_code_lines(&legacy.lines) {
        let t = line.trim_ascii();
        if t.starts_with(b"from __future__ import") && has(t, b"annotations") {
            return false;
        }
        if union_annotation(line) {
            return false;
        }
        old |= has(line, b"Optional[") || has(line, b"Union[");
    }
    old
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unions_in_annotations_are_told_from_other_bars() {
        for yes in [
            "    async def readline(self, *, max_line_length: int | None = None) -> bytes:",
            "    ) -> str | tuple[str, int] | None:",
            "        self._default_charset: str | None = None",
            "    element: _ColumnExpressionArgument[_T] | _OnlyColumnArgument[_T],",
            "def f(a, b: A | B):",
        ] {
            assert!(union_annotation(yes.as_bytes()), "{yes}");
        }
        for no in [
            "    flags = a | b",
            "    x = {\"k\": a | b}",
            "    key = lambda x: x | 1",
            "    # max_size: int | None",
            "    log(\"size: int | None\")",
            "    y = s[1: a | b]",
        ] {
            assert!(!union_annotation(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn the_old_spelling_is_read_from_the_file() {
        let text = |s: &str| Text::parse(s.as_bytes());
        assert!(spelled_the_old_way(&text(
            "from typing import Optional\n\ndef f(x: Optional[int] = None) -> None:\n    pass\n"
        )));
        assert!(!spelled_the_old_way(&text(
            "from __future__ import annotations\nfrom typing import Optional\n\ndef f(x: Optional[int]) -> None: ...\n"
        )));
        assert!(!spelled_the_old_way(&text(
            "from typing import Optional\n\ndef f(x: Optional[int], y: int | None) -> None: ...\n"
        )));
        assert!(!spelled_the_old_way(&text("def f(x):\n    return x\n")));
    }
}
