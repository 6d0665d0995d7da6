//! Files as lines of bytes, kept byte for byte.
//!
//! ferry never decodes a file to `String`: legacy trees hold Latin-1 comments,
//! CRLF line endings and files without a final newline, and a backport must
//! write every byte it did not mean to change exactly as it found it. A line
//! is the bytes up to (not including) its `\n`; a `\r` before the `\n` stays
//! part of the line, so CRLF files round-trip untouched.

pub mod visible;

/// A text file split into lines, with whether its last line ended in `\n`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// The lines, each without its terminating `\n`.
    pub lines: Vec<Vec<u8>>,
    /// Whether the last line is followed by `\n` (false also for an empty file).
    pub final_newline: bool,
}

impl Text {
    /// Splits bytes into lines; `Text::parse(b).to_bytes() == b` for every input.
    pub fn parse(bytes: &[u8]) -> Text {
        if bytes.is_empty() {
            return Text::default();
        }
        let final_newline = bytes.last() == Some(&b'\n');
        let body = if final_newline {
            &bytes[..bytes.len() - 1]
        } else {
            bytes
        };
        Text {
            lines: body.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect(),
            final_newline,
        }
    }

    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.lines.iter().map(|l| l.len() + 1).sum());
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(line);
        }
        if self.final_newline && !self.lines.is_empty() {
            out.push(b'\n');
        }
        out
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether the file has no lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Whether most lines end in `\r` (a CRLF file).
    pub fn is_crlf(&self) -> bool {
        let crlf = self.lines.iter().filter(|l| l.ends_with(b"\r")).count();
        crlf * 2 > self.lines.len()
    }
}

/// Heuristic binary check in the manner of git: a NUL byte in the first 8 KiB.
pub fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8000).any(|&b| b == 0)
}

/// The leading run of spaces and tabs of a line.
pub fn indentation(line: &[u8]) -> &[u8] {
    let n = line
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    &line[..n]
}

/// The line without a CRLF line's `\r`.
pub fn without_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Whether a line holds only whitespace (including a lone `\r`).
pub fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| b.is_ascii_whitespace())
}

/// Whether a line holds spaces and tabs and nothing else: a blank line with
/// trailing whitespace, not an empty one or a lone `\r` ending.
pub fn is_whitespace_only(line: &[u8]) -> bool {
    !line.is_empty() && line.iter().all(|&b| b == b' ' || b == b'\t')
}

/// The line with all ASCII whitespace removed, for whitespace-insensitive
/// comparison.
pub fn squash_whitespace(line: &[u8]) -> Vec<u8> {
    line.iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect()
}

/// Whether two texts (lines, literals) differ at most in which quote, `'`
/// or `"`, their strings use: a formatter's choice (black's), not a change.
pub fn differ_in_quotes_only(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x == y || matches!((x, y), (b'\'', b'"') | (b'"', b'\'')))
}

/// Bytes that make up identifiers and numbers (non-ASCII bytes count, so
/// UTF-8 identifiers stay whole).
pub fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Where each run of word bytes ([`is_word`]) of `text` is, in order.
pub fn words(text: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < text.len() && !is_word(text[i]) {
            i += 1;
        }
        let start = i;
        while i < text.len() && is_word(text[i]) {
            i += 1;
        }
        (i > start).then_some(start..i)
    })
}

/// The last component of a `/`-separated path: the file's own name.
pub fn base_name(path: &[u8]) -> &[u8] {
    path.rsplit(|&b| b == b'/').next().unwrap_or(path)
}

/// Whether `what` occurs anywhere in `text`.
pub fn contains(text: &[u8], what: &[u8]) -> bool {
    memchr::memmem::find(text, what).is_some()
}

/// Whether `finder`'s needle occurs in `text` as a whole word (no word byte
/// right before or after it).
pub fn has_word(text: &[u8], finder: &memchr::memmem::Finder<'_>) -> bool {
    let len = finder.needle().len();
    finder
        .find_iter(text)
        .any(|at| stands_alone(text, at..at + len))
}

/// Whether the bytes at `at` in `text` have no word byte right before or
/// after them.
pub fn stands_alone(text: &[u8], at: std::ops::Range<usize>) -> bool {
    (at.start == 0 || !is_word(text[at.start - 1])) && text.get(at.end).is_none_or(|&b| !is_word(b))
}

/// Lossy display form of a line, for messages and explanations.
pub fn display(line: &[u8]) -> String {
    String::from_utf8_lossy(line).into_owned()
}

/// A file's lines as bytes, for tests.
#[cfg(test)]
pub fn test_lines(lines: &[&str]) -> Vec<Vec<u8>> {
    lines.iter().map(|l| l.as_bytes().to_vec()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_only_lines_are_spaces_and_tabs_but_not_empty_or_a_line_ending() {
        assert!(is_whitespace_only(b"\t"));
        assert!(is_whitespace_only(b"    "));
        assert!(!is_whitespace_only(b""));
        assert!(!is_whitespace_only(b"\r"));
        assert!(!is_whitespace_only(b"\t\r"));
        assert!(!is_whitespace_only(b"\tx"));
    }

    #[test]
    fn lines_differing_in_quotes_only_are_the_same_code() {
        assert!(differ_in_quotes_only(b"f('a', \"b\")", b"f(\"a\", 'b')"));
        assert!(!differ_in_quotes_only(b"f('a ')", b"f(\"a\")"));
        assert!(!differ_in_quotes_only(b"f('a')", b"f('b')"));
        assert!(!differ_in_quotes_only(b"f('a')", b"f(`a`)"));
    }

    #[test]
    fn has_word_needs_word_boundaries() {
        let text = b"r = ERRNO_IS_NEG_PRIVILEGE(k);\nuse_it();";
        let has = |w: &str| has_word(text, &memchr::memmem::Finder::new(w));
        assert!(has("ERRNO_IS_NEG_PRIVILEGE"));
        assert!(has("use_it"));
        assert!(!has("ERRNO_IS_NEG"));
        assert!(!has("PRIVILEGE"));
    }

    #[test]
    fn round_trips_odd_endings() {
        for case in [
            &b""[..],
            b"\n",
            b"a",
            b"a\n",
            b"a\r\nb\r\n",
            b"a\n\n",
            b"\xff\xfe\n\x00x",
            b"no final newline\nlast",
        ] {
            assert_eq!(Text::parse(case).to_bytes(), case, "{case:?}");
        }
    }

    #[test]
    fn counts_lines_and_crlf() {
        let t = Text::parse(b"a\r\nb\r\nc\n");
        assert_eq!(t.len(), 3);
        assert!(t.is_crlf());
        assert!(!Text::parse(b"a\nb\n").is_crlf());
    }

    #[test]
    fn whitespace_helpers() {
        assert_eq!(indentation(b"\t  x y"), b"\t  ");
        assert!(is_blank(b"  \r"));
        assert_eq!(squash_whitespace(b" a b\t\r"), b"ab");
    }
}
