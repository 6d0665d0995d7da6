//! Brace style: where a block's lone `{` stands against the line that
//! opens it.
//!
//! Projects that put a statement's `{` on a line of its own do it one way
//! throughout: GNU style two columns in from the `if`, Allman style under
//! it. When a project restyles its code (OpenVPN moved from GNU to Allman
//! between 2.3 and 2.4), upstream's new blocks no longer fit the branch,
//! and maintainers rewrite them in the branch's style, moving the braces
//! and often the lines around them. A port that writes upstream's braces
//! as they are is then not what the maintainer committed; it is a
//! person's call.

use crate::patch::{Hunk, LineKind};
use crate::place::lines::brackets;
use crate::text::{indentation, is_blank};

/// Fewest lone braces that make a file's style known.
const MIN_BRACES: usize = 5;

/// The column offset from a lone `{` to the line before it that most of
/// `lines`' lone braces share, when at least three in four share it. Blocks
/// opened at the margin (function bodies) are left out: both styles put
/// their brace there.
pub fn file_offset(lines: &[Vec<u8>]) -> Option<isize> {
    let mut counts: Vec<(isize, usize)> = Vec::new();
    let mut total = 0;
    for at in 0..lines.len() {
        if let Some(offset) = brace_offset(lines, at) {
            total += 1;
            match counts.iter_mut().find(|(o, _)| *o == offset) {
                Some((_, n)) => *n += 1,
                None => counts.push((offset, 1)),
            }
        }
    }
    let &(offset, n) = counts.iter().max_by_key(|(_, n)| *n)?;
    (total >= MIN_BRACES && n * 4 >= total * 3).then_some(offset)
}

/// Whether the hunk adds a lone `{` whose offset from the line opening its
/// block in upstream's result differs from `branch`, the legacy file's
/// offset.
pub fn foreign_brace(hunk: &Hunk, branch: Option<isize>) -> bool {
    let Some(branch) = branch else {
        return false;
    };
    let post: Vec<(&[u8], bool)> = hunk
        .lines
        .iter()
        .filter(|l| l.kind != LineKind::Removed && !is_blank(&l.content))
        .map(|l| (l.content.as_slice(), l.kind == LineKind::Added))
        .collect();
    let code: Vec<&[u8]> = post.iter().map(|&(l, _)| l).collect();
    (0..post.len())
        .filter(|&at| post[at].1)
        .any(|at| brace_offset(&code, at).is_some_and(|o| o != branch))
}

/// Lines a statement opening a block may take before its `{`.
const MAX_HEAD: usize = 8;

/// The offset of the lone `{` at `lines[at]` from the first line of the
/// statement before it (a condition or a signature wrapped over lines
/// ends where its parentheses close), when that statement is indented.
/// Blank lines are skipped.
fn brace_offset<L: AsRef<[u8]>>(lines: &[L], at: usize) -> Option<isize> {
    if lines[at].as_ref().trim_ascii() != b"{" {
        return None;
    }
    let mut code = lines[..at]
        .iter()
        .map(AsRef::as_ref)
        .rev()
        .filter(|l| !is_blank(l));
    let mut start = code.next()?;
    // A brace after a finished statement, a comment or a block opens a
    // bare block (flatpak's scope for a `static` array), which no
    // statement heads: no style to read.
    let end = start.trim_ascii();
    if [&b";"[..], b"*/", b"}"].iter().any(|e| end.ends_with(e)) || end.starts_with(b"//") {
        return None;
    }
    // Parentheses closed so far that no line read yet opens.
    let mut unopened = -brackets(std::iter::once(start))[0];
    let mut taken = 1;
    while unopened > 0 {
        if taken == MAX_HEAD {
            return None;
        }
        start = code.next()?;
        unopened -= brackets(std::iter::once(start))[0];
        taken += 1;
    }
    let before = width(indentation(start));
    (before > 0).then(|| width(indentation(lines[at].as_ref())) as isize - before as isize)
}

/// Columns an indentation takes, tabs to the next multiple of eight.
fn width(ind: &[u8]) -> usize {
    ind.iter().fold(0, |col, &b| {
        if b == b'\t' {
            (col / 8 + 1) * 8
        } else {
            col + 1
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::test_lines;

    fn gnu(blocks: usize) -> Vec<Vec<u8>> {
        let mut lines = test_lines(&["int f(void)", "{"]);
        for _ in 0..blocks {
            lines.extend(test_lines(&["  if (x)", "    {", "      y();", "    }"]));
        }
        lines.push(b"}".to_vec());
        lines
    }

    #[test]
    fn learns_the_branch_offset_from_enough_braces() {
        assert_eq!(file_offset(&gnu(5)), Some(2));
        assert_eq!(file_offset(&gnu(4)), None);
        let mut mixed = gnu(5);
        mixed.extend(test_lines(&[
            "  if (z)",
            "  {",
            "  }",
            "  while (w)",
            "  {",
        ]));
        assert_eq!(file_offset(&mixed), None);
    }

    #[test]
    fn a_bare_block_has_no_style() {
        let code: Vec<&[u8]> = vec![b"  g_autoptr(GError) error = NULL;", b"  {"];
        assert_eq!(brace_offset(&code, 1), None);
        let commented: Vec<&[u8]> = vec![b"  /* Pass the environ along.", b"   */", b"  {"];
        assert_eq!(brace_offset(&commented, 2), None);
        let condition: Vec<&[u8]> = vec![b"  if (env == NULL)", b"    {"];
        assert_eq!(brace_offset(&condition, 1), Some(2));
    }

    #[test]
    fn measures_from_where_a_wrapped_condition_starts() {
        let code: Vec<&[u8]> = vec![b"  if (a &&", b"\t b)", b"    {"];
        assert_eq!(brace_offset(&code, 2), Some(2));
        let signature: Vec<&[u8]> = vec![b"int f(int a,", b"    int b)", b"{"];
        assert_eq!(brace_offset(&signature, 2), None);
    }

    #[test]
    fn flags_an_added_brace_in_another_style() {
        let hunk = crate::patch::test_hunk(
            1,
            &[
                (LineKind::Context, "  x = 1;"),
                (LineKind::Added, "  if (x)"),
                (LineKind::Added, "  {"),
                (LineKind::Added, "      y();"),
                (LineKind::Added, "  }"),
            ],
        );
        assert!(foreign_brace(&hunk, Some(2)));
        assert!(!foreign_brace(&hunk, Some(0)));
        assert!(!foreign_brace(&hunk, None));
    }
}
