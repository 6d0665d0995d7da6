//! A local variable whose binding a hunk removes while legacy's own lines
//! in the hunk's span still use it.
//!
//! Upstream removes `let mut cfg = ctest::TestGenerator::new();` and the
//! lines that configured it, and returns the constructor's value; legacy's
//! version of the function has a `cfg.skip_private(true);` of its own
//! between them. Kept as legacy's own line, it now uses a `cfg` nothing
//! binds: the port does not build, and the maintainer kept the binding.
//! `bindings.rs` asks the same of names the file binds at the top level;
//! this asks it of one replacement's lines.

use crate::patch::{Hunk, LineKind};
use crate::text::{has_word, is_word, words};

/// The locals `hunk`'s removed lines bind that no line of its post-image
/// uses, and that `lines` (the replacement written for it) use without
/// binding.
pub fn left_unbound<'h>(hunk: &'h Hunk, lines: &[Vec<u8>]) -> Vec<&'h [u8]> {
    let mut names: Vec<&[u8]> = (hunk.lines.iter())
        .filter(|l| l.kind == LineKind::Removed)
        .filter_map(|l| local_bound(&l.content))
        .collect();
    names.sort();
    names.dedup();
    names.retain(|name| {
        let finder = memchr::memmem::Finder::new(name);
        let uses = |l: &[u8]| has_word(l, &finder);
        !(hunk.lines.iter())
            .filter(|l| l.kind != LineKind::Removed)
            .any(|l| uses(&l.content))
            && lines.iter().any(|l| uses(l))
            && !lines.iter().any(|l| local_bound(l) == Some(name))
    });
    names
}

/// The local a statement binds: `let x`, `let mut x` (Rust), or `x = …`
/// opening an indented line (Python, C), or `T x = …` / `T *x = …` (C).
fn local_bound(line: &[u8]) -> Option<&[u8]> {
    if !line.first().is_some_and(u8::is_ascii_whitespace) {
        return None;
    }
    let t = line.trim_ascii_start();
    let ws: Vec<_> = words(t).take(4).collect();
    let word = |k: usize| ws.get(k).map(|r| &t[r.clone()]);
    if word(0) == Some(b"let".as_slice()) {
        let k = if word(1) == Some(b"mut".as_slice()) {
            2
        } else {
            1
        };
        let r = ws.get(k)?;
        let between = t[ws[k - 1].end..r.start].trim_ascii();
        let after = t[r.end..].trim_ascii_start();
        return (between.is_empty() && (after.starts_with(b"=") || after.starts_with(b":")))
            .then(|| &t[r.clone()]);
    }
    // `x = …`, `T x = …`, `T *x = …`: the word right before a lone `=`.
    let eq = (0..t.len()).find(|&i| {
        t[i] == b'='
            && t.get(i + 1) != Some(&b'=')
            && (i == 0 || !b"=!<>+-*/%&|^:".contains(&t[i - 1]))
    })?;
    let head = t[..eq].trim_ascii_end();
    let start = head.iter().rposition(|&b| !is_word(b)).map_or(0, |p| p + 1);
    let name = &head[start..];
    let rest = head[..start].trim_ascii_end();
    // Nothing before it, or a type (words and `*`): not `a.b = …`, `a[i] = …`.
    let declared = rest.is_empty()
        || rest
            .iter()
            .all(|&b| is_word(b) || b == b'*' || b.is_ascii_whitespace());
    (declared && !name.is_empty() && name.iter().all(|&b| is_word(b)) && !name[0].is_ascii_digit())
        .then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hunk(lines: &[(LineKind, &str)]) -> Hunk {
        crate::patch::test_hunk(1, lines)
    }

    #[test]
    fn the_locals_a_statement_binds() {
        assert_eq!(
            local_bound(b"    let mut cfg = new();"),
            Some(b"cfg".as_slice())
        );
        assert_eq!(local_bound(b"    let n: usize = 3;"), Some(b"n".as_slice()));
        assert_eq!(
            local_bound(b"        data = read(f)"),
            Some(b"data".as_slice())
        );
        assert_eq!(
            local_bound(b"\tstruct stat *st = NULL;"),
            Some(b"st".as_slice())
        );
        assert_eq!(local_bound(b"    self.x = 1"), None);
        assert_eq!(local_bound(b"    a[i] = 1;"), None);
        assert_eq!(local_bound(b"    if x == 1:"), None);
        assert_eq!(local_bound(b"    let (a, b) = pair;"), None);
        assert_eq!(local_bound(b"x = 1"), None);
    }

    #[test]
    fn a_kept_legacy_line_using_a_removed_binding_is_left_unbound() {
        use LineKind::*;
        let h = hunk(&[
            (Context, "fn ctest_cfg() -> TestGenerator {"),
            (Removed, "    let mut cfg = TestGenerator::new();"),
            (Removed, "    cfg.cfg(\"x\", None);"),
            (Removed, "    cfg"),
            (Added, "    TestGenerator::new()"),
            (Context, "}"),
        ]);
        let port = crate::text::test_lines(&[
            "fn ctest_cfg() -> TestGenerator {",
            "    cfg.skip_private(true);",
            "    TestGenerator::new()",
            "}",
        ]);
        assert_eq!(left_unbound(&h, &port), vec![b"cfg".as_slice()]);
        // Legacy's lines that do not use it: nothing left behind.
        let port = crate::text::test_lines(&[
            "fn ctest_cfg() -> TestGenerator {",
            "    TestGenerator::new()",
            "}",
        ]);
        assert!(left_unbound(&h, &port).is_empty());
    }
}
