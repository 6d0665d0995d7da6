//! What Python's `from M import a, b as c` statements take, read from
//! lines without a parser: a parenthesized list may run over lines, and a
//! hunk may show only part of one.

use crate::patch::{Hunk, HunkLine, LineKind};
use crate::text::is_word;

/// One name a `from … import` statement takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromImport {
    /// Index of the line (among those given) that names it.
    pub line: usize,
    /// The module, as written (`..util`, `typing`).
    pub module: Vec<u8>,
    /// The name the module must have (`b` of `b as c`).
    pub name: Vec<u8>,
}

/// Every name the `from … import` statements among `lines` take, a list
/// in parentheses followed over lines.
pub fn from_imports<'a>(lines: impl IntoIterator<Item = &'a [u8]>) -> Vec<FromImport> {
    let mut out = Vec::new();
    let mut open: Option<Vec<u8>> = None;
    for (i, line) in lines.into_iter().enumerate() {
        let text = line.trim_ascii();
        let (module, body) = match &open {
            Some(module) => (module.clone(), text),
            None => {
                let Some((module, body)) = from_import(text) else {
                    continue;
                };
                match body.strip_prefix(b"(") {
                    Some(inner) => {
                        open = Some(module.to_vec());
                        (module.to_vec(), inner)
                    }
                    None => (module.to_vec(), body),
                }
            }
        };
        let body = body.split(|&b| b == b'#').next().unwrap_or_default();
        if body.contains(&b')') {
            open = None;
        }
        let body = body.split(|&b| b == b')').next().unwrap_or_default();
        out.extend(taken_names(body).map(|name| FromImport {
            line: i,
            module: module.clone(),
            name: name.to_vec(),
        }));
    }
    out
}

/// The names the added lines of `hunks` import with `from … import`, also
/// inside a parenthesized list the hunk shows open (`line` is then the
/// index among the hunk's lines that are not removed).
pub fn added_from_imports(hunks: &[Hunk]) -> Vec<FromImport> {
    let mut out = Vec::new();
    for hunk in hunks {
        let shown: Vec<&HunkLine> = (hunk.lines.iter())
            .filter(|l| l.kind != LineKind::Removed)
            .collect();
        out.extend(
            from_imports(shown.iter().map(|l| l.content.as_slice()))
                .into_iter()
                .filter(|f| shown.get(f.line).is_some_and(|l| l.kind == LineKind::Added)),
        );
    }
    out
}

/// `from M import rest`, as (M, rest).
fn from_import(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let rest = line.strip_prefix(b"from ")?.trim_ascii_start();
    let end = rest.iter().position(u8::is_ascii_whitespace)?;
    let (module, rest) = rest.split_at(end);
    let body = rest.trim_ascii_start().strip_prefix(b"import")?;
    body.first()
        .is_some_and(|b| b.is_ascii_whitespace() || *b == b'(')
        .then(|| (module, body.trim_ascii()))
}

/// The names of `a, b as c` (`a`, `b`): what the module must have.
fn taken_names(body: &[u8]) -> impl Iterator<Item = &[u8]> {
    body.split(|&b| b == b',').filter_map(|part| {
        let name = part
            .trim_ascii()
            .split(|b| b.is_ascii_whitespace())
            .next()?;
        (!name.is_empty() && name.iter().all(|&b| is_word(b))).then_some(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patch::parse_commit_diff;

    #[test]
    fn a_list_over_lines_names_each_line() {
        let got: Vec<(usize, Vec<u8>)> = from_imports(
            ["from .base import (", "    Base,", "    Mixin as M,", ")"].map(str::as_bytes),
        )
        .into_iter()
        .map(|f| (f.line, f.name))
        .collect();
        assert_eq!(got, [(1, b"Base".to_vec()), (2, b"Mixin".to_vec())]);
    }

    #[test]
    fn added_names_of_one_line_and_parenthesized_imports() {
        let diff = "diff --git a/pkg/m.py b/pkg/m.py
--- a/pkg/m.py
+++ b/pkg/m.py
@@ -1,5 +1,8 @@
+from ..util import await_, compat as c  # noqa
 from .base import (
     Base,
+    Mixin,
 )
-from x import gone
+from sqlalchemy.util.concurrency import await_only
+from os import *
 import weakref
";
        let commit = parse_commit_diff(diff.as_bytes()).expect("diff");
        let got: Vec<(String, String)> = added_from_imports(&commit.files[0].hunks)
            .into_iter()
            .map(|f| {
                (
                    String::from_utf8_lossy(&f.module).into(),
                    String::from_utf8_lossy(&f.name).into(),
                )
            })
            .collect();
        let want = [
            ("..util", "await_"),
            ("..util", "compat"),
            (".base", "Mixin"),
            ("sqlalchemy.util.concurrency", "await_only"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(m, n)| (m.to_string(), n.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_name_called_import_is_not_a_statement() {
        let lines = ["fromage = from_ import_", "from x importer"];
        assert!(from_imports(lines.map(str::as_bytes)).is_empty());
    }
}
