//! Python's blocks as the port leaves them.
//!
//! A Python file's layout is its syntax: a line indented deeper than the
//! block it is in, a `:` with no block after it, or a bracket left open do
//! not run. Placing a hunk where its neighbourhood is gone can leave
//! exactly that: aiohttp's branch has no `__slots__` tuple, and upstream's
//! new `"_ping_task",` item, anchored by the blank line and the `def`
//! after it, landed under a class attribute. Such a port is never what a
//! maintainer commits; the hunk that does it is cut so a person looks.
//! Only the layout Python's tokenizer checks is read here, which needs no
//! parser; what tree-sitter tolerates (it reads that line as an
//! expression) Python does not.

use super::candidates::{cut_placed, FileInput};
use super::result::{composed, culprit, Candidate, HunkPlan};
use crate::syntax::Lang;
use crate::text::is_word;

/// Confidence factor of a hunk whose lines leave the file's blocks broken.
const BROKEN_LAYOUT: f32 = 0.5;

/// Where and how a Python file's layout stops being valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LayoutError {
    /// 0-based line.
    line: usize,
    what: &'static str,
}

/// Cuts the confidence of the hunk whose lines break the layout of a
/// Python file whose legacy layout is sound.
pub fn check(input: &FileInput<'_>, plans: &mut [HunkPlan], min_confidence: f32) {
    if Lang::from_path(input.path) != Some(Lang::Python) {
        return;
    }
    let chosen: Vec<(usize, &Candidate)> = (plans.iter().enumerate())
        .filter_map(|(i, p)| Some((i, p.offered()?)))
        .collect();
    if chosen.is_empty() || first_error(&input.legacy.lines).is_some() {
        return;
    }
    let Ok(port) = composed(&input.legacy.lines, &chosen) else {
        return;
    };
    let lines: Vec<&[u8]> = port.iter().map(|&(l, _)| l).collect();
    let Some(error) = first_error(&lines) else {
        return;
    };
    let Some(culprit) = culprit(&port, error.line) else {
        return;
    };
    let why = format!(
        "the port leaves Python's blocks broken at its line {}: {}",
        error.line + 1,
        error.what
    );
    cut_placed(&mut plans[culprit], BROKEN_LAYOUT, &why, min_confidence);
}

/// A string a backslash carries over to the next line: legal, rare, and
/// not followed here, so the file gets no verdict.
const UNREAD: &str = "unread";

/// Python's tokenizer state carried from one physical line to the next.
#[derive(Default)]
pub(super) struct Scan {
    /// Open brackets.
    open: Vec<u8>,
    /// The quote of an open triple-quoted string.
    triple: Option<u8>,
    /// The line before ended with a backslash.
    continued: bool,
}

/// What [`Scan::tokens`] tells of a byte it reads outside strings and
/// comments, for a reader that needs columns (`visual_indent.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Token {
    Open,
    Close,
    /// The start of a string, its prefix (`f`, `rb`) included.
    Str,
    /// Any other byte that is not whitespace.
    Other,
}

impl Scan {
    /// Reads one physical line; returns the last significant byte outside
    /// strings and comments, or an error.
    pub(super) fn line(&mut self, line: &[u8]) -> Result<Option<u8>, &'static str> {
        self.tokens(line, |_, _| {})
    }

    /// [`Scan::line`], telling `seen` the column and kind of each byte it
    /// reads outside strings and comments, and of each string's start.
    pub(super) fn tokens(
        &mut self,
        line: &[u8],
        mut seen: impl FnMut(usize, Token),
    ) -> Result<Option<u8>, &'static str> {
        let mut last = None;
        let mut i = 0;
        self.continued = false;
        while i < line.len() {
            if let Some(q) = self.triple {
                match line[i] {
                    b'\\' => i += 1,
                    b if b == q && line[i..].starts_with(&[q, q, q]) => {
                        self.triple = None;
                        last = Some(q);
                        i += 2;
                    }
                    _ => {}
                }
                i += 1;
                continue;
            }
            match line[i] {
                b'#' => break,
                q @ (b'"' | b'\'') => {
                    seen(string_start(line, i), Token::Str);
                    if line[i..].starts_with(&[q, q, q]) {
                        self.triple = Some(q);
                        i += 3;
                        continue;
                    }
                    let mut j = i + 1;
                    loop {
                        match line.get(j) {
                            None => return Err("a string is left open"),
                            Some(b'\\') if j + 1 >= line.len() => return Err(UNREAD),
                            Some(b'\\') => j += 2,
                            Some(&b) if b == q => break,
                            Some(_) => j += 1,
                        }
                    }
                    last = Some(q);
                    i = j + 1;
                    continue;
                }
                b'\\'
                    if line[i + 1..]
                        .iter()
                        .all(|b| matches!(b, b'\r' | b' ' | b'\t')) =>
                {
                    self.continued = true;
                    break;
                }
                b @ (b'(' | b'[' | b'{') => {
                    self.open.push(b);
                    seen(i, Token::Open);
                    last = Some(b);
                }
                b @ (b')' | b']' | b'}') => {
                    let opener = match b {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    if self.open.pop() != Some(opener) {
                        return Err("a bracket closes what it did not open");
                    }
                    seen(i, Token::Close);
                    last = Some(b);
                }
                b if !b.is_ascii_whitespace() => {
                    seen(i, Token::Other);
                    last = Some(b);
                }
                _ => {}
            }
            i += 1;
        }
        Ok(last)
    }

    /// Whether a triple-quoted string is open.
    pub(super) fn in_string(&self) -> bool {
        self.triple.is_some()
    }

    /// Whether the next physical line starts a new logical line.
    pub(super) fn at_statement(&self) -> bool {
        self.open.is_empty() && self.triple.is_none() && !self.continued
    }
}

/// Where the string whose quote is at `quote` starts: at its prefix
/// (`f'…'`, `rb"…"`), which the scan has read as ordinary bytes.
fn string_start(line: &[u8], quote: usize) -> usize {
    let prefix = |s: usize| {
        line[s..quote].iter().all(|b| b"rRbBuUfF".contains(b)) && (s == 0 || !is_word(line[s - 1]))
    };
    (quote.saturating_sub(2)..quote)
        .find(|&s| prefix(s))
        .unwrap_or(quote)
}

/// The column of a line's first non-blank byte, tabs to multiples of 8 as
/// Python counts them; `None` for a line with nothing but whitespace or a
/// comment.
fn indentation(line: &[u8]) -> Option<usize> {
    let mut col = 0;
    for &b in line {
        match b {
            b' ' => col += 1,
            b'\t' => col = (col / 8 + 1) * 8,
            b'\x0c' => col = 0,
            b'#' | b'\r' => return None,
            _ => return Some(col),
        }
    }
    None
}

/// The first line at which Python's tokenizer rejects the layout of
/// `lines`: an unexpected indent, an unindent to no outer level, a `:`
/// with no block after it, a bracket closed by the wrong kind, or a string
/// or bracket left open at the end.
fn first_error(lines: &[impl AsRef<[u8]>]) -> Option<LayoutError> {
    let mut scan = Scan::default();
    let mut levels = vec![0usize];
    let mut opens_block = false;
    let error = |line, what| Some(LayoutError { line, what });
    for (n, line) in lines.iter().enumerate() {
        let line = line.as_ref();
        if scan.at_statement() {
            if let Some(col) = indentation(line) {
                let top = levels.last().copied().unwrap_or(0);
                if opens_block {
                    if col <= top {
                        return error(n, "a `:` has no indented block after it");
                    }
                    levels.push(col);
                } else if col > top {
                    return error(n, "a line is indented deeper than its block");
                } else if col < top {
                    while levels.last().is_some_and(|&l| l > col) {
                        levels.pop();
                    }
                    if levels.last() != Some(&col) {
                        return error(n, "a line is unindented to no outer block");
                    }
                }
                opens_block = false;
            }
        }
        match scan.line(line) {
            Ok(Some(last)) if scan.at_statement() => opens_block = last == b':',
            Ok(_) => {}
            Err(UNREAD) => return None,
            Err(what) => return error(n, what),
        }
    }
    let last = lines.len().saturating_sub(1);
    if !scan.open.is_empty() || scan.triple.is_some() {
        return error(last, "a bracket or string is left open at the end");
    }
    if opens_block {
        return error(last, "a `:` has no indented block after it");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> Option<(usize, &'static str)> {
        let lines: Vec<Vec<u8>> = text.lines().map(|l| l.as_bytes().to_vec()).collect();
        first_error(&lines).map(|e| (e.line, e.what))
    }

    #[test]
    fn sound_python_has_no_error() {
        let text = "\
import os


class A(B):
    \"\"\"Doc: with a colon:
    and more.\"\"\"

    x = {
        'a': 1,  # comment:
    }

    def f(self, a,
          b):  # done:
        if a:
            return b \\
                + 1
        s = 'it\\'s: ' + \"#\"
        return [i for i in (1, 2)]
";
        assert_eq!(error(text), None);
    }

    #[test]
    fn a_slot_item_under_a_class_attribute_is_an_unexpected_indent() {
        let text = "\
class WebSocketResponse(StreamResponse):

    _length_check = False
        \"_ping_task\",

    def __init__(self):
        pass
";
        assert_eq!(
            error(text),
            Some((3, "a line is indented deeper than its block"))
        );
    }

    #[test]
    fn a_block_opener_needs_its_block() {
        assert_eq!(
            error("if a:\nb = 1\n"),
            Some((1, "a `:` has no indented block after it"))
        );
        assert_eq!(
            error("def f():\n    if a:\n"),
            Some((1, "a `:` has no indented block after it"))
        );
    }

    #[test]
    fn unindents_go_back_to_an_outer_level() {
        assert_eq!(
            error("def f():\n    if a:\n        b\n  c\n"),
            Some((3, "a line is unindented to no outer block"))
        );
    }

    #[test]
    fn brackets_and_strings_close() {
        assert_eq!(
            error("x = (1, 2]\n"),
            Some((0, "a bracket closes what it did not open"))
        );
        assert_eq!(
            error("x = [\n    1,\n"),
            Some((1, "a bracket or string is left open at the end"))
        );
        assert_eq!(error("x = 'open\n"), Some((0, "a string is left open")));
    }
}
