//! Python 3 syntax in a file whose branch still runs on Python 2.
//!
//! A branch that supports Python 2 (SQLAlchemy 1.x) cannot take upstream's
//! f-strings, `super()` without arguments, annotated functions and the
//! like: they do not parse or run there, and its maintainers rewrite them
//! (`"%s" % x`, `super(Cls, self)`, no annotations, `compat.py2k`
//! branches). Whether it does is read from the legacy file: it writes
//! `class X(object)`, `super(X, self)` or a Python 2 `__future__` import,
//! and nothing only Python 3 runs.

use super::lines::python_code_lines;
use crate::text::{contains as has, Text};

/// The Python 3 construct a line of code uses, if any.
pub fn python3_only(line: &[u8]) -> Option<&'static str> {
    if f_string(line) {
        Some("f-strings (Python 3.6)")
    } else if has(line, b"super()") {
        Some("`super()` without arguments (Python 3)")
    } else if rb_string(line) {
        Some("`rb` string prefixes (Python 3.3)")
    } else if annotated_def(line) {
        Some("annotations (Python 3)")
    } else if keyword_only(line) {
        Some("keyword-only parameters (Python 3)")
    } else if line.trim_ascii_start().starts_with(b"nonlocal ") {
        Some("`nonlocal` (Python 3)")
    } else if has(line, b"yield from ") {
        Some("`yield from` (Python 3.3)")
    } else if has(line, b"datetime.timezone") || has(line, b"dt.timezone") {
        Some("`datetime.timezone` (Python 3.2)")
    } else if has(line, b"unittest.mock") || line.trim_ascii() == b"from unittest import mock" {
        Some("`unittest.mock` (Python 3.3)")
    } else if [
        &b"def __init_subclass__("[..],
        b"def __set_name__(",
        b"def __class_getitem__(",
    ]
    .iter()
    .any(|hook| has(line, hook))
    {
        Some("class creation hooks (Python 3.6)")
    } else {
        None
    }
}

/// Whether the legacy file is written to run on Python 2 too.
pub fn runs_on_python2(legacy: &Text) -> bool {
    let mut python2 = false;
    // Code in a test's string is not the file's own.
    for line in python_code_lines(&legacy.lines) {
        if python3_only(line).is_some() {
            return false;
        }
        let t = line.trim_ascii();
        python2 |= u_string(t)
            || (t.starts_with(b"class ") && has(t, b"(object)"))
            || two_argument_super(t)
            || (t.starts_with(b"from __future__ import")
                && [
                    &b"absolute_import"[..],
                    b"print_function",
                    b"unicode_literals",
                    b"division",
                ]
                .iter()
                .any(|w| has(t, w)));
    }
    python2
}

/// A `u"…"` string: Python 2's unicode literal, which Python 3 code has no
/// need of (and no `"menu"` or `'u'`).
fn u_string(line: &[u8]) -> bool {
    line.windows(2).enumerate().any(|(i, w)| {
        (w == b"u\"" || w == b"u'")
            && (i == 0
                || !(crate::text::is_word(line[i - 1]) || matches!(line[i - 1], b'"' | b'\'')))
    })
}

/// The prefixes of the strings the line opens (`f`, `rb`, empty).
fn string_prefixes(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    line.iter().enumerate().filter_map(|(i, &b)| {
        // An opening quote: as many of its kind before it as closed.
        if (b != b'"' && b != b'\'') || line[..i].iter().filter(|&&c| c == b).count() % 2 == 1 {
            return None;
        }
        let prefix = line[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
            .count();
        Some(&line[i - prefix..i])
    })
}

/// An `f"…"` (or `rf'…'`, `F"…"`) string starting in the line.
fn f_string(line: &[u8]) -> bool {
    string_prefixes(line).any(|word| {
        !word.is_empty()
            && word.len() <= 2
            && word.iter().any(|c| c.eq_ignore_ascii_case(&b'f'))
            && word.iter().all(|c| b"fFrR".contains(c))
    })
}

/// An `rb"…"` string starting in the line: Python 2 reads only `br`.
fn rb_string(line: &[u8]) -> bool {
    string_prefixes(line).any(|word| word.eq_ignore_ascii_case(b"rb"))
}

/// A bare `*` among a `def`'s parameters, or alone on a line of them.
fn keyword_only(line: &[u8]) -> bool {
    let t = line.trim_ascii();
    if t == b"*," {
        return true;
    }
    let t = t.strip_prefix(b"async ").unwrap_or(t);
    t.starts_with(b"def ")
        && t.split(|&b| b == b'(' || b == b',')
            .skip(1)
            .any(|p| matches!(p.trim_ascii(), b"*" | b"*)" | b"*):"))
}

/// `super(Cls, self)` or `super(Cls, cls)`.
fn two_argument_super(line: &[u8]) -> bool {
    memchr::memmem::find_iter(line, b"super(").any(|at| {
        let rest = &line[at + 6..];
        let args = rest.split(|&b| b == b')').next().unwrap_or_default();
        let mut parts = args.split(|&b| b == b',').map(<[u8]>::trim_ascii);
        matches!(
            (parts.next(), parts.next(), parts.next()),
            (Some(c), Some(b"self" | b"cls"), None) if !c.is_empty()
        )
    })
}

/// A `def` line with a return annotation or an annotated parameter.
fn annotated_def(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    let t = t.strip_prefix(b"async ").unwrap_or(t);
    if !t.starts_with(b"def ") {
        return has(t, b") -> ") && t.ends_with(b":");
    }
    let Some(open) = t.iter().position(|&b| b == b'(') else {
        return false;
    };
    let params = &t[open..];
    has(params, b") -> ")
        || params
            .windows(3)
            .any(|w| w[0].is_ascii_alphanumeric() && w[1] == b':' && w[2] == b' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python3_constructs_are_found_in_code_lines() {
        let kind = |l: &str| python3_only(l.as_bytes());
        assert_eq!(
            kind("    tname = f\"##foo{n}\""),
            Some("f-strings (Python 3.6)")
        );
        assert_eq!(kind("    x = rf'{a}\\d'"), Some("f-strings (Python 3.6)"));
        assert_eq!(
            kind("        return super()._proxy_key"),
            Some("`super()` without arguments (Python 3)")
        );
        assert_eq!(
            kind("    def _rconcat(self, other: Any) -> ColumnOperators:"),
            Some("annotations (Python 3)")
        );
        assert_eq!(kind("    ) -> bool:"), Some("annotations (Python 3)"));
        assert_eq!(
            kind("    def f(self, a, *, b=None):"),
            Some("keyword-only parameters (Python 3)")
        );
        assert_eq!(
            kind("        *,"),
            Some("keyword-only parameters (Python 3)")
        );
        assert_eq!(
            kind("        nonlocal count"),
            Some("`nonlocal` (Python 3)")
        );
        assert_eq!(
            kind("            def __init_subclass__(cls):"),
            Some("class creation hooks (Python 3.6)")
        );
        assert_eq!(
            kind("        yield from self._iter()"),
            Some("`yield from` (Python 3.3)")
        );
        assert_eq!(
            kind("    epoch = dt.datetime.fromtimestamp(0, dt.timezone.utc)"),
            Some("`datetime.timezone` (Python 3.2)")
        );
        assert_eq!(
            kind("from unittest import mock"),
            Some("`unittest.mock` (Python 3.3)")
        );
        assert_eq!(
            kind("    m = re.match(rb'(?P<revision>\\d+)', output)"),
            Some("`rb` string prefixes (Python 3.3)")
        );
        for no in [
            "    m = re.match(br'(?P<revision>\\d+)', output)",
            "    herb = 'rb'",
            "    x = \"%s\" % (a,)",
            "    if_ = 'b'",
            "    return super(Thing, self)._proxy_key",
            "    def f(self, a, b=dict(x=1)):",
            "    d = {\"a\": 1}",
            "    mode = 'f'",
            "    def f(self, *args, **kw):",
            "    x = a * b",
            "    nonlocal_count = 1",
            "    from sqlalchemy.testing import mock",
        ] {
            assert_eq!(kind(no), None, "{no}");
        }
    }

    #[test]
    fn python2_files_are_told_by_their_idioms() {
        let text = |s: &str| Text::parse(s.as_bytes());
        assert!(runs_on_python2(&text("class A(object):\n    pass\n")));
        assert!(runs_on_python2(&text(
            "class B(A):\n    def f(self):\n        return super(B, self).f()\n"
        )));
        assert!(runs_on_python2(&text(
            "from __future__ import absolute_import\n"
        )));
        assert!(runs_on_python2(&text("data = {\"txt\": u\"foo\"}\n")));
        assert!(!runs_on_python2(&text(
            "menu = \"menu\"\nif c == 'u': pass\n"
        )));
        assert!(!runs_on_python2(&text(
            "class A(object):\n    def f(self):\n        return f\"{self}\"\n"
        )));
        assert!(!runs_on_python2(&text(
            "from __future__ import annotations\nclass A:\n    pass\n"
        )));
        assert!(!runs_on_python2(&text(
            "class A(object):\n    def f(self):\n        nonlocal x\n"
        )));
    }
}
