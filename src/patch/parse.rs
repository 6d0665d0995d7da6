//! Reading a patch: `git diff`/`git show`/`git log -p` output, `git
//! format-patch` files and mboxes, and plain `diff -u`/`diff -ruN` output.
//!
//! The parser walks the input once, line by line, and slices every byte it
//! reads into exactly one place of the model (a preamble, a file header, a
//! hunk line, an epilogue), so rendering the model gives the input back. Hunk
//! bodies are read by the counts in their `@@` header, as `git apply` and GNU
//! patch read them: that is what lets a removed line `--x` or `-- ` sit in a
//! hunk without being taken for a separator, and what makes a short hunk a
//! hard error with a line number rather than a silently dropped change.
//!
//! Rejected: scanning for the next header to end a hunk (what a lenient
//! viewer does). It loses lines that look like headers and cannot tell a
//! truncated patch from a complete one.

mod meta;
mod names;

use super::{ChangeKind, CommitPatch, FilePatch, Hunk, HunkLine, LineKind, Patch};
use names::trim_eol;
use thiserror::Error;

/// Why a patch could not be read. Line numbers are 1-based lines of the input.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    /// The input holds no file diff at all.
    #[error("no diff found: expected `diff --git` lines, `diff -u` output or `---`/`+++` lines")]
    NoDiff,
    /// A line is not what the patch syntax allows at that point.
    #[error("line {line}: expected {expected}, found {found}")]
    Unexpected {
        /// The offending line.
        line: usize,
        /// What the syntax allows there.
        expected: String,
        /// The line as read, shortened and escaped for display.
        found: String,
    },
    /// The input ends inside a hunk.
    #[error(
        "line {line}: the hunk starting here ends at the end of the input with \
         {old_missing} old and {new_missing} new line(s) missing (truncated patch?)"
    )]
    HunkTooShort {
        /// The hunk's `@@` line.
        line: usize,
        /// Pre-image lines the header counts but the input lacks.
        old_missing: usize,
        /// Post-image lines the header counts but the input lacks.
        new_missing: usize,
    },
}

impl ParseError {
    /// The line the error points at, if any.
    pub fn line(&self) -> Option<usize> {
        match self {
            ParseError::NoDiff => None,
            ParseError::Unexpected { line, .. } | ParseError::HunkTooShort { line, .. } => {
                Some(*line)
            }
        }
    }
}

/// Reads the diff of one commit as git prints it; a commit without text
/// changes (modes only, or empty) has no diff and gives an empty patch.
pub fn parse_commit_diff(bytes: &[u8]) -> Result<CommitPatch, ParseError> {
    match parse(bytes) {
        Ok(mut patch) => Ok(patch.commits.pop().unwrap_or_default()),
        Err(_) if bytes.iter().all(u8::is_ascii_whitespace) => Ok(CommitPatch::default()),
        Err(e) => Err(e),
    }
}

/// Reads a patch, an mbox or `git log -p` output.
pub fn parse(bytes: &[u8]) -> Result<Patch, ParseError> {
    let mut parser = Parser {
        input: bytes,
        lines: Lines::new(bytes),
    };
    let mut patch = Patch::default();
    while parser.lines.peek().is_some() {
        patch.commits.push(parser.commit()?);
    }
    if patch.commits.iter().all(|c| c.files.is_empty()) {
        return Err(ParseError::NoDiff);
    }
    Ok(patch)
}

/// A cursor over the input's lines; each line keeps its `\n` (the last may
/// lack one). The next line's end is found once, when the cursor gets there.
struct Lines<'a> {
    input: &'a [u8],
    /// Start of the next line.
    pos: usize,
    /// End of the next line (after its `\n`).
    end: usize,
    /// 1-based number of the next line.
    number: usize,
}

impl<'a> Lines<'a> {
    fn new(input: &'a [u8]) -> Lines<'a> {
        let mut lines = Lines {
            input,
            pos: 0,
            end: 0,
            number: 1,
        };
        lines.end = lines.end_of_line_at(0);
        lines
    }

    fn end_of_line_at(&self, at: usize) -> usize {
        let rest = self.input.get(at..).unwrap_or_default();
        memchr::memchr(b'\n', rest).map_or(self.input.len(), |i| at + i + 1)
    }

    fn peek(&self) -> Option<&'a [u8]> {
        if self.pos >= self.input.len() {
            return None;
        }
        self.input.get(self.pos..self.end)
    }

    /// The line after the next one `ahead` times over (`peek_ahead(0)` is
    /// `peek`). Only used for a constant look-ahead of one or two lines.
    fn peek_ahead(&self, ahead: usize) -> Option<&'a [u8]> {
        let (mut start, mut end) = (self.pos, self.end);
        for _ in 0..ahead {
            start = end;
            if start >= self.input.len() {
                return None;
            }
            end = self.end_of_line_at(start);
        }
        if start >= self.input.len() {
            return None;
        }
        self.input.get(start..end)
    }

    fn advance(&mut self) -> Option<&'a [u8]> {
        let line = self.peek()?;
        self.pos = self.end;
        self.end = self.end_of_line_at(self.pos);
        self.number += 1;
        Some(line)
    }
}

/// Where commit metadata comes from, which also decides what starts the next
/// commit: mail only splits at `From <id> <date>` lines (a mail body may hold
/// a line starting with `commit `); the others also at `commit <sha>`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Mail,
    Log,
    Plain,
}

/// How a file diff starts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    /// `diff --git a/x b/x` and git's extended headers.
    Git,
    /// A `diff -ruN a/x b/x` command line before `---`/`+++`.
    Command,
    /// `---`/`+++` lines alone.
    Unified,
    /// `Binary files a/x and b/x differ` alone (`diff -r` writes it so).
    BinaryNotice,
}

/// A file name as a header writes it; `None` for `/dev/null`.
type Name = Option<Vec<u8>>;

/// What a file's header lines say, gathered while reading them.
#[derive(Default)]
struct HeaderFacts {
    git_names: Option<Vec<u8>>,
    minus: Option<Name>,
    plus: Option<Name>,
    minus_epoch: bool,
    plus_epoch: bool,
    rename_from: Option<Vec<u8>>,
    rename_to: Option<Vec<u8>>,
    copy_from: Option<Vec<u8>>,
    copy_to: Option<Vec<u8>>,
    similarity: Option<u8>,
    new_file: bool,
    deleted_file: bool,
    old_mode: Option<u32>,
    new_mode: Option<u32>,
    index_mode: Option<u32>,
    binary: bool,
    notice_names: Option<(Name, Name)>,
}

struct Parser<'a> {
    input: &'a [u8],
    lines: Lines<'a>,
}

impl<'a> Parser<'a> {
    fn slice(&self, from: usize) -> Vec<u8> {
        self.input
            .get(from..self.lines.pos)
            .unwrap_or_default()
            .to_vec()
    }

    fn unexpected(&self, expected: impl Into<String>) -> ParseError {
        ParseError::Unexpected {
            line: self.lines.number,
            expected: expected.into(),
            found: describe(self.lines.peek()),
        }
    }

    /// The error for a hunk header where no file header came before it.
    fn stray_hunk(&self) -> ParseError {
        if self.lines.peek().is_some_and(|l| l.starts_with(b"@@@")) {
            self.unexpected("a two-way hunk (combined diffs of merges are not supported)")
        } else {
            self.unexpected("a file header (`diff --git` or `---`/`+++`) before the hunk")
        }
    }

    /// One commit: its preamble, its files, its epilogue.
    fn commit(&mut self) -> Result<CommitPatch, ParseError> {
        let start = self.lines.pos;
        let first = self.lines.peek().unwrap_or_default();
        let source = if meta::is_from_line(first) || meta::is_mail_header_start(first) {
            Source::Mail
        } else if meta::is_commit_line(first) {
            Source::Log
        } else {
            Source::Plain
        };
        let mut first_line = true;
        while let Some(line) = self.lines.peek() {
            if self.file_start().is_some() || (!first_line && is_boundary(source, line)) {
                break;
            }
            // A hunk header before any file header: a mail body may quote
            // one, a log message is indented and a plain diff has no excuse.
            if source != Source::Mail && (line.starts_with(b"@@ -") || line.starts_with(b"@@@ -")) {
                return Err(self.stray_hunk());
            }
            first_line = false;
            self.lines.advance();
        }
        let preamble = self.slice(start);
        let meta = match source {
            Source::Mail => Some(meta::mail(&preamble)),
            Source::Log => Some(meta::log(&preamble)),
            Source::Plain => None,
        };
        let mut files = Vec::new();
        let mut pending = self.lines.pos;
        while let Some(line) = self.lines.peek() {
            if let Some(kind) = self.file_start() {
                files.push(self.file(pending, kind)?);
                pending = self.lines.pos;
                continue;
            }
            if is_boundary(source, line) {
                break;
            }
            if line.starts_with(b"@@") {
                return Err(self.stray_hunk());
            }
            self.lines.advance();
        }
        Ok(CommitPatch {
            meta,
            preamble,
            files,
            epilogue: self.slice(pending),
        })
    }

    /// Whether a file diff starts at the next line, and how.
    fn file_start(&self) -> Option<Start> {
        let line = self.lines.peek()?;
        if line.starts_with(b"diff --git ") {
            return Some(Start::Git);
        }
        if line.starts_with(b"diff -") {
            let next = self.lines.peek_ahead(1).unwrap_or_default();
            if next.starts_with(b"--- ") || is_binary_notice(next) {
                return Some(Start::Command);
            }
        }
        if line.starts_with(b"--- ")
            && self
                .lines
                .peek_ahead(1)
                .is_some_and(|l| l.starts_with(b"+++ "))
            && self
                .lines
                .peek_ahead(2)
                .is_some_and(|l| l.starts_with(b"@@ -"))
        {
            return Some(Start::Unified);
        }
        if is_binary_notice(line) {
            return Some(Start::BinaryNotice);
        }
        None
    }

    /// One file diff; `header_start` may lie before the start line when
    /// stray lines (`Only in ...`, `Index: ...`) precede it.
    fn file(&mut self, header_start: usize, start: Start) -> Result<FilePatch, ParseError> {
        let mut facts = HeaderFacts::default();
        let git = start == Start::Git;
        let mut need_hunk = false;
        match start {
            Start::Git => {
                let line = self.lines.advance().unwrap_or_default();
                facts.git_names = Some(
                    line.get(b"diff --git ".len()..)
                        .unwrap_or_default()
                        .to_vec(),
                );
            }
            Start::Command => {
                self.lines.advance();
            }
            Start::Unified => {}
            Start::BinaryNotice => {
                let line = self.lines.advance().unwrap_or_default();
                facts.binary = true;
                facts.notice_names = binary_notice_names(line);
            }
        }
        if start != Start::BinaryNotice {
            while let Some(line) = self.lines.peek() {
                if git && extended_header(line, &mut facts) {
                    self.lines.advance();
                    continue;
                }
                if is_binary_notice(line) {
                    facts.binary = true;
                    facts.notice_names = binary_notice_names(line);
                    self.lines.advance();
                } else if git && trim_eol(line) == b"GIT binary patch" {
                    facts.binary = true;
                    self.lines.advance();
                    self.binary_data();
                } else if let Some(minus) = line.strip_prefix(b"--- ") {
                    facts.minus = Some(names::marker_line_name(minus));
                    facts.minus_epoch = is_epoch(minus);
                    self.lines.advance();
                    let Some(plus) = self.lines.peek().and_then(|l| l.strip_prefix(b"+++ ")) else {
                        return Err(self.unexpected("a `+++ ` line after the `--- ` line"));
                    };
                    facts.plus = Some(names::marker_line_name(plus));
                    facts.plus_epoch = is_epoch(plus);
                    self.lines.advance();
                    need_hunk = true;
                }
                break;
            }
        }
        let header = self.slice(header_start);
        let mut hunks = Vec::new();
        if need_hunk && !self.lines.peek().is_some_and(|l| l.starts_with(b"@@")) {
            return Err(self.unexpected("a hunk header `@@ -a,b +c,d @@` after the `+++ ` line"));
        }
        while self.lines.peek().is_some_and(|l| l.starts_with(b"@@")) {
            hunks.push(self.hunk()?);
        }
        if let Some(last) = hunks.last() {
            self.check_after_hunk(last)?;
        }
        Ok(finish_file(header, facts, hunks))
    }

    /// Skips the base85 lines of a `GIT binary patch` (they stay in the header).
    fn binary_data(&mut self) {
        while let Some(line) = self.lines.peek() {
            let l = trim_eol(line);
            let is_data = l.is_empty()
                || l.starts_with(b"literal ")
                || l.starts_with(b"delta ")
                || (l.len() >= 2
                    && l.first().is_some_and(u8::is_ascii_alphabetic)
                    && l.iter().all(|&b| is_base85(b)));
            if !is_data {
                break;
            }
            self.lines.advance();
        }
    }

    /// A line right after a hunk that looks like one more hunk line means the
    /// header's counts are short: refuse rather than drop the line.
    fn check_after_hunk(&self, hunk: &Hunk) -> Result<(), ParseError> {
        let Some(line) = self.lines.peek() else {
            return Ok(());
        };
        let looks_like_hunk_line = match line.first() {
            Some(b'+' | b' ') => true,
            Some(b'-') => line.get(1) != Some(&b'-'),
            _ => false,
        };
        if looks_like_hunk_line {
            return Err(self.unexpected(format!(
                "the end of the hunk (its header `{}` counts {} old and {} new lines)",
                display(trim_eol(&hunk.header)),
                hunk.old_len,
                hunk.new_len
            )));
        }
        Ok(())
    }

    /// One hunk, read by the counts in its header.
    fn hunk(&mut self) -> Result<Hunk, ParseError> {
        let header_line = self.lines.number;
        let Some(head) = self.lines.peek().and_then(parse_hunk_header) else {
            let expected = if self.lines.peek().is_some_and(|l| l.starts_with(b"@@@")) {
                "a two-way hunk header `@@ -a,b +c,d @@` (combined diffs of merges are not supported)"
            } else {
                "a hunk header `@@ -a,b +c,d @@`"
            };
            return Err(self.unexpected(expected));
        };
        let header = self.lines.advance().unwrap_or_default().to_vec();
        let (mut old, mut new) = (head.old_len, head.new_len);
        // Counts come from the input: trust them only for a small head start.
        let mut lines: Vec<HunkLine> = Vec::with_capacity(old.saturating_add(new).min(256));
        while old > 0 || new > 0 {
            let Some(raw) = self.lines.peek() else {
                return Err(ParseError::HunkTooShort {
                    line: header_line,
                    old_missing: old,
                    new_missing: new,
                });
            };
            if raw.first() == Some(&b'\\') {
                match lines.last_mut() {
                    Some(last) if last.no_newline.is_none() => {
                        last.no_newline = Some(raw.to_vec());
                        self.lines.advance();
                        continue;
                    }
                    _ => {
                        return Err(
                            self.unexpected("a hunk line before `\\ No newline at end of file`")
                        )
                    }
                }
            }
            let Some(body) = raw.strip_suffix(b"\n") else {
                return Err(
                    self.unexpected("a hunk line ending in a newline (is the patch cut off?)")
                );
            };
            let both = old > 0 && new > 0;
            let (kind, content, marker_missing) = match body.split_first() {
                Some((b' ', rest)) if both => (LineKind::Context, rest, false),
                Some((b'-', rest)) if old > 0 => (LineKind::Removed, rest, false),
                Some((b'+', rest)) if new > 0 => (LineKind::Added, rest, false),
                // GNU patch takes a bare empty line for an empty context line.
                None | Some((b'\r', [])) if both => (LineKind::Context, body, true),
                _ => {
                    return Err(self.unexpected(expected_hunk_line(old, new, header_line)));
                }
            };
            match kind {
                LineKind::Context => {
                    old -= 1;
                    new -= 1;
                }
                LineKind::Removed => old -= 1,
                LineKind::Added => new -= 1,
            }
            lines.push(HunkLine {
                kind,
                content: content.to_vec(),
                no_newline: None,
                marker_missing,
            });
            self.lines.advance();
        }
        // The marker of a missing final newline follows the hunk's last line.
        if let (Some(raw), Some(last)) = (self.lines.peek(), lines.last_mut()) {
            if raw.first() == Some(&b'\\') && last.no_newline.is_none() {
                last.no_newline = Some(raw.to_vec());
                self.lines.advance();
            }
        }
        Ok(Hunk {
            header,
            old_start: head.old_start,
            old_len: head.old_len,
            new_start: head.new_start,
            new_len: head.new_len,
            section: head.section,
            lines,
        })
    }
}

fn expected_hunk_line(old: usize, new: usize, header_line: usize) -> String {
    let what = match (old > 0, new > 0) {
        (true, true) => "a hunk line starting with ' ', '-', '+' or '\\'",
        (true, false) => "a removed line starting with '-' or '\\'",
        _ => "an added line starting with '+' or '\\'",
    };
    format!("{what} ({old} old and {new} new line(s) still due to the hunk at line {header_line})")
}

/// Whether a line starts the next commit for a commit of this source.
fn is_boundary(source: Source, line: &[u8]) -> bool {
    meta::is_from_line(line) || (source != Source::Mail && meta::is_commit_line(line))
}

fn is_binary_notice(line: &[u8]) -> bool {
    let l = trim_eol(line);
    l.starts_with(b"Binary files ") && l.ends_with(b" differ")
}

/// The names in `Binary files X and Y differ`, split at the first ` and `.
fn binary_notice_names(line: &[u8]) -> Option<(Name, Name)> {
    let inner = trim_eol(line)
        .strip_prefix(b"Binary files ")?
        .strip_suffix(b" differ")?;
    let at = memchr::memmem::find(inner, b" and ")?;
    let a = inner.get(..at)?;
    let b = inner.get(at + 5..)?;
    Some((names::marker_line_name(a), names::marker_line_name(b)))
}

fn is_base85(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&()*+-;<=>?@^_`{|}~".contains(&b)
}

/// Whether a `---`/`+++` line's timestamp is the epoch, which `diff -N` writes
/// for a file that does not exist on that side (in UTC or a zone west of it).
fn is_epoch(value: &[u8]) -> bool {
    let Some(tab) = memchr::memrchr(b'\t', value) else {
        return false;
    };
    let stamp = value.get(tab + 1..).unwrap_or_default();
    stamp.starts_with(b"1970-01-01 00:00:00") || stamp.starts_with(b"1969-12-31 ")
}

/// Reads one git extended header line into `facts`; false if it is none.
fn extended_header(line: &[u8], facts: &mut HeaderFacts) -> bool {
    let value = |prefix: &[u8]| line.strip_prefix(prefix).map(trim_eol);
    if let Some(v) = value(b"old mode ") {
        facts.old_mode = parse_mode(v);
    } else if let Some(v) = value(b"new mode ") {
        facts.new_mode = parse_mode(v);
    } else if let Some(v) = value(b"deleted file mode ") {
        facts.deleted_file = true;
        facts.old_mode = parse_mode(v);
    } else if let Some(v) = value(b"new file mode ") {
        facts.new_file = true;
        facts.new_mode = parse_mode(v);
    } else if let Some(v) = value(b"rename from ").or_else(|| value(b"rename old ")) {
        facts.rename_from = Some(names::plain_value_name(v));
    } else if let Some(v) = value(b"rename to ").or_else(|| value(b"rename new ")) {
        facts.rename_to = Some(names::plain_value_name(v));
    } else if let Some(v) = value(b"copy from ") {
        facts.copy_from = Some(names::plain_value_name(v));
    } else if let Some(v) = value(b"copy to ") {
        facts.copy_to = Some(names::plain_value_name(v));
    } else if let Some(v) = value(b"similarity index ") {
        facts.similarity = v
            .strip_suffix(b"%")
            .and_then(|n| std::str::from_utf8(n).ok())
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|&n| n <= 100);
    } else if value(b"dissimilarity index ").is_some() {
    } else if let Some(v) = value(b"index ") {
        // `index abc..def 100644`: the mode when it did not change.
        facts.index_mode = v
            .iter()
            .position(|&b| b == b' ')
            .and_then(|sp| parse_mode(v.get(sp + 1..).unwrap_or_default()));
    } else {
        return false;
    }
    true
}

fn parse_mode(v: &[u8]) -> Option<u32> {
    let s = std::str::from_utf8(v.trim_ascii()).ok()?;
    u32::from_str_radix(s, 8).ok()
}

/// Turns the gathered header facts into the file's fields.
fn finish_file(header: Vec<u8>, f: HeaderFacts, hunks: Vec<Hunk>) -> FilePatch {
    let renamed = f.rename_from.is_some() || f.rename_to.is_some();
    let copied = f.copy_from.is_some() || f.copy_to.is_some();
    let minus_null = matches!(f.minus, Some(None));
    let plus_null = matches!(f.plus, Some(None));
    let notice_null = |old: bool| {
        f.notice_names
            .as_ref()
            .is_some_and(|(a, b)| if old { a.is_none() } else { b.is_none() })
    };
    // `diff -N` writes an absent side as an empty file dated at the epoch.
    let only_hunk = |old: bool| match hunks.as_slice() {
        [h] => {
            if old {
                h.old_start == 0 && h.old_len == 0
            } else {
                h.new_start == 0 && h.new_len == 0
            }
        }
        _ => false,
    };
    let kind =
        if f.new_file || minus_null || notice_null(true) || (f.minus_epoch && only_hunk(true)) {
            ChangeKind::Added
        } else if f.deleted_file
            || plus_null
            || notice_null(false)
            || (f.plus_epoch && only_hunk(false))
        {
            ChangeKind::Deleted
        } else if renamed {
            ChangeKind::Renamed(f.similarity)
        } else if copied {
            ChangeKind::Copied(f.similarity)
        } else {
            ChangeKind::Modified
        };
    let known = match (&f.rename_from, &f.rename_to, &f.copy_from, &f.copy_to) {
        (Some(a), Some(b), _, _) | (_, _, Some(a), Some(b)) => Some((a.as_slice(), b.as_slice())),
        _ => None,
    };
    let git_names = f
        .git_names
        .as_deref()
        .and_then(|rest| names::git_line_names(rest, known));
    let pick = |marker: &Option<Name>,
                git: Option<&Vec<u8>>,
                extended: [&Option<Vec<u8>>; 2],
                notice: Option<&Vec<u8>>| {
        if let Some(name) = marker {
            return name.clone();
        }
        if let Some(name) = git {
            return Some(name.clone());
        }
        if let Some(name) = extended.into_iter().flatten().next() {
            return Some(name.clone());
        }
        notice.cloned()
    };
    let old_path = pick(
        &f.minus,
        git_names.as_ref().map(|n| &n.0),
        [&f.rename_from, &f.copy_from],
        f.notice_names.as_ref().and_then(|n| n.0.as_ref()),
    )
    .filter(|_| kind != ChangeKind::Added);
    let new_path = pick(
        &f.plus,
        git_names.as_ref().map(|n| &n.1),
        [&f.rename_to, &f.copy_to],
        f.notice_names.as_ref().and_then(|n| n.1.as_ref()),
    )
    .filter(|_| kind != ChangeKind::Deleted);
    let old_mode = f
        .old_mode
        .or(f.index_mode.filter(|_| kind != ChangeKind::Added));
    let new_mode = f
        .new_mode
        .or(f.index_mode.filter(|_| kind != ChangeKind::Deleted));
    FilePatch {
        header,
        old_path,
        new_path,
        kind,
        old_mode,
        new_mode,
        binary: f.binary,
        hunks,
    }
}

/// The numbers and section of a `@@ -a,b +c,d @@ section` line.
struct HunkHead {
    old_start: usize,
    old_len: usize,
    new_start: usize,
    new_len: usize,
    section: Vec<u8>,
}

fn parse_hunk_header(line: &[u8]) -> Option<HunkHead> {
    let rest = line.strip_prefix(b"@@ -")?;
    let (old_start, old_len, rest) = range(rest)?;
    let rest = rest.strip_prefix(b" +")?;
    let (new_start, new_len, rest) = range(rest)?;
    let rest = rest.strip_prefix(b" @@")?;
    let rest = rest.strip_suffix(b"\n").unwrap_or(rest);
    let section = rest.strip_prefix(b" ").unwrap_or(rest);
    // Keep `start + len` computable for everyone downstream.
    old_start.checked_add(old_len)?;
    new_start.checked_add(new_len)?;
    Some(HunkHead {
        old_start,
        old_len,
        new_start,
        new_len,
        section: section.to_vec(),
    })
}

/// `start[,len]`; a missing length means 1.
fn range(s: &[u8]) -> Option<(usize, usize, &[u8])> {
    let (start, rest) = number(s)?;
    match rest.strip_prefix(b",") {
        Some(rest) => {
            let (len, rest) = number(rest)?;
            Some((start, len, rest))
        }
        None => Some((start, 1, rest)),
    }
}

fn number(s: &[u8]) -> Option<(usize, &[u8])> {
    let digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    let mut n: usize = 0;
    for &d in s.get(..digits)? {
        n = n.checked_mul(10)?.checked_add(usize::from(d - b'0'))?;
    }
    Some((n, s.get(digits..)?))
}

/// A line for an error message: lossy, escaped, at most 60 characters.
fn describe(line: Option<&[u8]>) -> String {
    match line {
        None => "the end of the input".to_string(),
        Some(l) => format!("`{}`", display(trim_eol(l))),
    }
}

fn display(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out: String = text.chars().take(60).flat_map(char::escape_debug).collect();
    if text.chars().nth(60).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hunk_headers() {
        let h = parse_hunk_header(b"@@ -1 +1,0 @@ fn main()\n").unwrap();
        assert_eq!(
            (h.old_start, h.old_len, h.new_start, h.new_len),
            (1, 1, 1, 0)
        );
        assert_eq!(h.section, b"fn main()");
        assert!(parse_hunk_header(b"@@ -1,2 +1,2 @@").is_some());
        assert!(parse_hunk_header(b"@@ -1,x +1 @@\n").is_none());
        assert!(parse_hunk_header(b"@@ -99999999999999999999999 +1 @@\n").is_none());
        assert!(parse_hunk_header(b"@@ -1 +1\n").is_none());
    }

    #[test]
    fn counts_decide_where_a_hunk_ends() {
        let p = parse(b"--- a/x\n+++ b/x\n@@ -1,2 +1 @@\n--- \n-- x\n+y\n-- \n2.43.0\n").unwrap();
        let c = &p.commits[0];
        let h = &c.files[0].hunks[0];
        assert_eq!(h.lines.len(), 3);
        assert_eq!(h.lines[0].content, b"-- ");
        assert_eq!(c.epilogue, b"-- \n2.43.0\n");
    }

    #[test]
    fn reports_short_hunks() {
        let err = parse(b"--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n").unwrap_err();
        assert_eq!(
            err,
            ParseError::HunkTooShort {
                line: 3,
                old_missing: 2,
                new_missing: 2
            }
        );
        assert_eq!(parse(b"nothing here\n").unwrap_err(), ParseError::NoDiff);
        let huge = b"--- a/x\n+++ b/x\n@@ -0,18446744073709551615 +0,18446744073709551615 @@\n-a\n";
        assert_eq!(parse(huge).unwrap_err().line(), Some(3));
    }

    #[test]
    fn errors_are_escaped_and_short() {
        let d = display(b"\x1b[31mred\x07");
        assert!(!d.contains('\x1b'));
        assert!(display(&[b'x'; 100]).ends_with('…'));
    }
}
