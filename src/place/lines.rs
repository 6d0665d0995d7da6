//! What the aligner knows about each line: its identity, its whitespace-free
//! identity, how much evidence a match on it is worth, and its tokens for
//! fuzzy comparison.
//!
//! Lines are interned to small integers once per file so the inner loops of
//! alignment compare integers, not bytes. A match on `}` or a blank line says
//! little about where a hunk belongs; a match on a line that occurs once in
//! the file says a lot. The weight captures that; without it a hunk of braces
//! would align anywhere.

use std::borrow::Cow;
use std::collections::HashMap;

/// Hash maps of the engine: foldhash is several times faster than SipHash on
/// short keys and still seeded per process, so crafted input cannot predict
/// collisions.
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

use std::hash::{Hash, Hasher};

use crate::text::has_word;
pub use crate::text::is_word;

/// The id of `key` in `ids`, assigning the next one on first sight.
fn intern<K: Hash + Eq>(ids: &mut FastMap<K, u32>, key: K) -> u32 {
    let next = ids.len() as u32;
    *ids.entry(key).or_insert(next)
}

/// A line's bytes other than ASCII whitespace.
fn non_space(line: &[u8]) -> impl Iterator<Item = u8> + '_ {
    line.iter().copied().filter(|b| !b.is_ascii_whitespace())
}

/// A line compared and hashed with its whitespace ignored, so the squashed
/// form can be interned without building it.
#[derive(Clone, Copy)]
struct Squashed<'a>(&'a [u8]);

impl PartialEq for Squashed<'_> {
    fn eq(&self, other: &Self) -> bool {
        non_space(self.0).eq(non_space(other.0))
    }
}

impl Eq for Squashed<'_> {}

impl Hash for Squashed<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Fixed-size chunks of the squashed bytes: lines equal once
        // whitespace is ignored make the same writes.
        let mut chunk = [0u8; 32];
        let mut n = 0;
        for b in non_space(self.0) {
            chunk[n] = b;
            n += 1;
            if n == chunk.len() {
                state.write(&chunk);
                n = 0;
            }
        }
        state.write(&chunk[..n]);
    }
}

/// The features of one line.
#[derive(Debug, Clone)]
pub struct LineKey {
    /// Id of the exact bytes, ignoring a trailing `\r`.
    pub exact: u32,
    /// Id of the bytes with all whitespace removed.
    pub squashed: u32,
    /// Length of the squashed content.
    pub len: u32,
    /// Whether the line is blank.
    pub blank: bool,
    /// Whether `tokens` was computed.
    pub tokenized: bool,
    /// Sorted token ids for fuzzy similarity (see `tokenized`).
    pub tokens: Box<[u32]>,
}

/// Interns lines (exactly and with whitespace ignored) and tokens to dense
/// ids shared by the hunk and the files. Keys borrow the lines they intern,
/// so interning a file allocates nothing per line.
#[derive(Default)]
pub struct Keys<'a> {
    /// Exact lines, without a trailing `\r`.
    exact: FastMap<&'a [u8], u32>,
    /// The squashed id and length of each exact id: the same for every
    /// occurrence, so worked out on first sight only.
    shape: Vec<(u32, u32)>,
    squashed: FastMap<Squashed<'a>, u32>,
    tokens: FastMap<&'a [u8], u32>,
}

impl<'a> Keys<'a> {
    /// The key of a line.
    pub fn key(&mut self, line: &'a [u8]) -> LineKey {
        let mut key = self.key_without_tokens(line);
        self.fill_tokens(&mut key, line);
        key
    }

    /// A key whose tokens are left for [`Keys::fill_tokens`]: most lines of a
    /// large file are never compared fuzzily, and tokens are the dearest part.
    pub fn key_without_tokens(&mut self, line: &'a [u8]) -> LineKey {
        let trimmed = crate::text::without_cr(line);
        let exact = intern(&mut self.exact, trimmed);
        if exact as usize == self.shape.len() {
            let squashed = intern(&mut self.squashed, Squashed(trimmed));
            self.shape
                .push((squashed, non_space(trimmed).count() as u32));
        }
        let (squashed, len) = self.shape[exact as usize];
        LineKey {
            exact,
            squashed,
            len,
            blank: len == 0,
            tokenized: false,
            tokens: Box::default(),
        }
    }

    /// Computes the tokens of `key`, the key of `line`, once.
    pub fn fill_tokens(&mut self, key: &mut LineKey, line: &'a [u8]) {
        if key.tokenized {
            return;
        }
        let trimmed = crate::text::without_cr(line);
        // An `#include` is alike another only by its path's words: the
        // shared `#include`, quotes and dots made `"nm-default.h"` the
        // drifted form of `<glib/gi18n-lib.h>`.
        let words = match included_path(trimmed) {
            Some(path) => (tokenize(path).into_iter())
                .filter(|t| t.iter().all(|&b| is_word(b)))
                .collect(),
            None => tokenize(trimmed),
        };
        let mut tokens: Vec<u32> = (words.into_iter())
            .map(|t| intern(&mut self.tokens, t))
            .collect();
        tokens.sort_unstable();
        key.tokens = tokens.into_boxed_slice();
        key.tokenized = true;
    }

    /// Number of distinct exact lines seen so far (the diff's alphabet size).
    pub fn distinct_exact(&self) -> u32 {
        self.exact.len() as u32
    }

    /// Number of distinct squashed lines seen so far.
    pub fn distinct_squashed(&self) -> u32 {
        self.squashed.len() as u32
    }

    /// Keys for a whole sequence of lines.
    pub fn keys(&mut self, lines: impl IntoIterator<Item = &'a [u8]>) -> Vec<LineKey> {
        lines.into_iter().map(|l| self.key(l)).collect()
    }
}

/// What follows `#include` on a C preprocessor include line (`"x.h"`,
/// `<sys/file.h>`, a macro); `None` for any other line.
pub(super) fn include_target(line: &[u8]) -> Option<&[u8]> {
    let rest = line
        .trim_ascii_start()
        .strip_prefix(b"#")?
        .trim_ascii_start();
    Some(rest.strip_prefix(b"include")?.trim_ascii_start())
}

/// The path an `#include` line names (`nm-default.h`, `glib/gi18n.h`).
fn included_path(line: &[u8]) -> Option<&[u8]> {
    let rest = include_target(line)?;
    let close = match rest.first()? {
        b'"' => b'"',
        b'<' => b'>',
        _ => return None,
    };
    let path = &rest[1..];
    path.iter()
        .position(|&b| b == close)
        .map(|end| &path[..end])
}

/// Splits a line into identifier/number words and single punctuation bytes.
pub fn tokenize(line: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        if is_word(b) {
            let start = i;
            while i < line.len() && is_word(line[i]) {
                i += 1;
            }
            out.push(&line[start..i]);
        } else {
            if !b.is_ascii_whitespace() {
                out.push(&line[i..i + 1]);
            }
            i += 1;
        }
    }
    out
}

/// Whether a token is an identifier worth tracking (not a number, not a
/// one-letter name).
pub fn is_identifier(t: &[u8]) -> bool {
    t.len() >= 3
        && t.first()
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
}

/// Whether the identifier `name` is a whole token (as [`tokenize`] splits)
/// of some line. Looking up the few names a hunk adds is far cheaper than
/// collecting every identifier of a large file.
pub fn uses_identifier(lines: &[Vec<u8>], name: &[u8]) -> bool {
    if !is_identifier(name) || !name.iter().all(|&b| is_word(b)) {
        return false;
    }
    let finder = memchr::memmem::Finder::new(name);
    lines.iter().any(|line| has_word(line, &finder))
}

/// The names a line of code uses as API: identifiers outside string
/// literals that are called (`f(`, `m!`), reached through (`.x`, `::x`,
/// `x.`, `x::`), or spelled like program names (an underscore or a capital
/// letter). Prose words in comments and docstrings are none of these.
pub fn api_names(line: &[u8]) -> Vec<&[u8]> {
    names(line, false)
}

/// The names a line calls (`f(`, `m!`) or reaches a path through (`T::`):
/// what must exist elsewhere for the line to build. A name the line only
/// declares or mentions (`bool match_all)`) is none of these.
pub fn called_names(line: &[u8]) -> Vec<&[u8]> {
    names(line, true)
}

/// The fields a line of Rust reads or writes through `.` with a name of
/// two words or more (`cfg.old_value_cache_memory_quota`): what a struct
/// of the branch must have. Methods (`.f(`) are among [`called_names`];
/// one-word fields (`.len`, `.0`) are too common to tell anything.
pub fn field_names(line: &[u8]) -> Vec<&[u8]> {
    let code = without_strings(line);
    crate::text::words(line)
        .filter(|r| code[r.start])
        .filter(|r| {
            let before = &line[..r.start];
            let after = line[r.end..].trim_ascii_start();
            before.ends_with(b".")
                && !before.ends_with(b"..")
                && !after.starts_with(b"(")
                && !after.starts_with(b"!")
                && !after.starts_with(b"::")
        })
        .map(|r| &line[r])
        .filter(|w| {
            is_identifier(w) && w.first().is_some_and(u8::is_ascii_lowercase) && w.contains(&b'_')
        })
        .collect()
}

/// The constants a line uses, spelled as constants are in every language
/// ferry reads (`CLIENT_EXECUTING_COMMAND`, `MAX_RETRIES`): what the branch
/// must define for the line to build, as it must a function the line calls.
/// redis's new `flags & CLIENT_EXECUTING_COMMAND` where its branch had no
/// such flag.
pub fn constant_names(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    api_names(line).into_iter().filter(|w| {
        w.len() >= 4
            && w.contains(&b'_')
            && w.first().is_some_and(u8::is_ascii_uppercase)
            && (w.iter()).all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    })
}

/// Whether a line defines `name` wherever a name can be defined: what
/// [`defined_names`] finds, the name after a defining word at any depth (a
/// method too), a field or keyword argument of that name (`    name: T,`),
/// or a module-level assignment (`name = …`). Whether upstream's own code
/// defines a name tells a helper of the project from a library's.
pub fn defines(line: &[u8], name: &[u8]) -> bool {
    if defined_names(line).contains(&name) {
        return true;
    }
    let words: Vec<_> = crate::text::words(line).collect();
    let after_keyword = words.windows(2).any(|pair| {
        let between = line[pair[0].end..pair[1].start].trim_ascii();
        &line[pair[1].clone()] == name
            && DEFINING.contains(&&line[pair[0].clone()])
            && (between.is_empty() || between == b"!")
    });
    if after_keyword {
        return true;
    }
    if declared_field(line) == Some(name) {
        return true;
    }
    let assigned = line.strip_prefix(name).map(<[u8]>::trim_ascii_start);
    assigned.is_some_and(|rest| rest.starts_with(b"=") && !rest.starts_with(b"=="))
}

/// The field an indented line names first (`    pub last_modified:
/// Option<SystemTime>,`, a Python attribute or keyword argument `name:
/// int`): a declaration inside a struct or class, a setting in a literal.
pub fn declared_field(line: &[u8]) -> Option<&[u8]> {
    if !line.first().is_some_and(u8::is_ascii_whitespace) {
        return None;
    }
    let t = without_visibility(line.trim_ascii_start());
    let end = t.iter().position(|&b| !crate::text::is_word(b))?;
    (end > 0 && t[end..].starts_with(b": ")).then(|| &t[..end])
}

/// A Rust item's line without its visibility (`pub`, `pub(crate)`,
/// `pub(in crate::a)`).
pub fn without_visibility(t: &[u8]) -> &[u8] {
    let Some(rest) = t.strip_prefix(b"pub") else {
        return t;
    };
    let rest = match rest.strip_prefix(b"(") {
        Some(scope) => match scope.iter().position(|&b| b == b')') {
            Some(end) => &scope[end + 1..],
            None => return t,
        },
        None => rest,
    };
    if rest.first().is_some_and(u8::is_ascii_whitespace) {
        rest.trim_ascii_start()
    } else {
        t
    }
}

/// Words after which a line defines the next name, in the languages ferry
/// reads (`macro_rules!` and `#define` are matched by their last word).
const DEFINING: &[&[u8]] = &[
    b"fn",
    b"struct",
    b"enum",
    b"trait",
    b"type",
    b"union",
    b"mod",
    b"const",
    b"static",
    b"macro_rules",
    b"def",
    b"class",
    b"define",
];

/// The names a line of code defines: the name after a defining word
/// (`struct`, `class`, `#define`, …, and `fn` or `def` at the top level,
/// as a method may implement what the branch lacks); a CamelCase or
/// SCREAMING name opening an indented line that ends in a comma (an enum
/// variant or constant); a C function named at the start of a line after
/// its type. A name a commit's added lines define is new with the commit,
/// not an API the branch lacks.
pub fn defined_names(line: &[u8]) -> Vec<&[u8]> {
    let words: Vec<_> = crate::text::words(line).collect();
    let t = line.trim_ascii();
    let indented = line.first().is_some_and(u8::is_ascii_whitespace);
    let mut out: Vec<&[u8]> = Vec::new();
    for pair in words.windows(2) {
        let (keyword, name) = (&line[pair[0].clone()], pair[1].clone());
        let between = line[pair[0].end..name.start].trim_ascii();
        let next = line[name.end..].trim_ascii_start().first().copied();
        // C spells types `static int`, `const char`, `struct stat *st`:
        // Rust's `const N: T` and a type's own definition are told by what
        // follows the name.
        let follows = match keyword {
            b"const" | b"static" => next == Some(b':'),
            // A method may implement a trait or override a base class the
            // branch lacks: only a function at the top level is new, and a
            // Python test method (see `port/tree_check.rs` for Rust's).
            b"fn" => !indented,
            b"def" => !indented || line[name.clone()].starts_with(b"test"),
            b"struct" | b"enum" | b"union" => {
                matches!(next, None | Some(b'{' | b'(' | b'<' | b';'))
            }
            _ => true,
        };
        if DEFINING.contains(&keyword) && (between.is_empty() || between == b"!") && follows {
            out.push(&line[name]);
        }
    }
    if let Some(first) = words.first() {
        let name = &line[first.clone()];
        let opens = line[..first.start].trim_ascii().is_empty();
        let rest = line[first.end..].trim_ascii_start();
        let variant = indented
            && opens
            && name.first().is_some_and(u8::is_ascii_uppercase)
            && t.ends_with(b",")
            && [b'(', b'{', b',', b'=']
                .iter()
                .any(|b| rest.first() == Some(b));
        if variant {
            out.push(name);
        }
    }
    // `static int *foo(` at the start of a line: words and stars, then the
    // name and its parenthesis.
    if !indented {
        if let Some(open) = line.iter().position(|&b| b == b'(') {
            let head = &line[..open];
            let typed = head
                .iter()
                .all(|&b| is_word(b) || b == b' ' || b == b'\t' || b == b'*');
            let named: Vec<_> = words.iter().filter(|w| w.end <= open).collect();
            if typed && named.len() >= 2 {
                if let Some(last) = named.last() {
                    out.push(&line[(*last).clone()]);
                }
            }
        }
    }
    out.retain(|n| is_identifier(n));
    out.dedup();
    out
}

fn names(line: &[u8], called_only: bool) -> Vec<&[u8]> {
    let code = without_strings(line);
    // A capital alone (`However`, `Session`) is a name only on a line that
    // reads as code.
    let code_line = line.iter().any(|b| b"()=;{}[]".contains(b));
    let mut out = Vec::new();
    // A string literal is masked whole: a word is in one or outside.
    for range in crate::text::words(line).filter(|r| code[r.start]) {
        let (start, i) = (range.start, range.end);
        let word = &line[range];
        if !is_identifier(word) {
            continue;
        }
        let before = line[..start].trim_ascii_end();
        let after = line[i..].trim_ascii_start();
        // `name.` ends a sentence; `name.field` reaches into it.
        let dotted = after
            .strip_prefix(b".")
            .is_some_and(|rest| rest.first().is_some_and(|&b| is_word(b)));
        let reached = before.ends_with(b".")
            || before.ends_with(b"::")
            || after.starts_with(b"(")
            || after.starts_with(b"!")
            || dotted
            || after.starts_with(b"::");
        if called_only {
            if after.starts_with(b"(") || after.starts_with(b"!") || after.starts_with(b"::") {
                out.push(word);
            }
            continue;
        }
        let inner_capital = word.iter().skip(1).any(u8::is_ascii_uppercase);
        let capital = word.first().is_some_and(u8::is_ascii_uppercase);
        let spelled = word.contains(&b'_') || inner_capital || (capital && code_line);
        if reached || spelled {
            out.push(word);
        }
    }
    out
}

/// Which bytes of a line are code rather than inside a `"…"` or `'…'`
/// literal closed on the same line.
pub(super) fn without_strings(line: &[u8]) -> Vec<bool> {
    let mut code = vec![true; line.len()];
    let mut i = 0;
    while i < line.len() {
        let q = line[i];
        if q == b'"' || q == b'\'' {
            let mut j = i + 1;
            while j < line.len() && line[j] != q {
                j += if line[j] == b'\\' { 2 } else { 1 };
            }
            if j < line.len() {
                for c in code.iter_mut().take(j + 1).skip(i) {
                    *c = false;
                }
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    code
}

/// The lines of a Python file that start outside a triple-quoted string:
/// its own code, not the code of a test's string nor a docstring's prose.
pub fn python_code_lines(lines: &[Vec<u8>]) -> impl Iterator<Item = &[u8]> {
    let mut open = None;
    lines.iter().filter_map(move |line| {
        let outside = open.is_none();
        open = python_string_after(line, open);
        outside.then_some(line.as_slice())
    })
}

/// The triple-quoted Python string still open after `line`, given the
/// one open before it (`Some(b'"')` for `"""`): a docstring's lines are
/// prose, not code, though nothing on them says so.
pub fn python_string_after(line: &[u8], mut open: Option<u8>) -> Option<u8> {
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        if let Some(q) = open {
            if line[i..].starts_with(&[q, q, q]) {
                open = None;
                i += 3;
            } else {
                i += if b == b'\\' { 2 } else { 1 };
            }
            continue;
        }
        match b {
            b'#' => break,
            b'"' | b'\'' if line[i..].starts_with(&[b, b, b]) => {
                open = Some(b);
                i += 3;
            }
            b'"' | b'\'' => {
                i += 1;
                while i < line.len() && line[i] != b {
                    i += if line[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    open
}

/// `line` with a comment after its code blanked out: names in it
/// (`# type: typing.List[str]`, `/* see foo() */`) are prose. Python's
/// comments start at `#`; C's and Rust's at `//` or between `/*` and `*/`.
pub fn without_trailing_comment(line: &[u8], python: bool) -> Cow<'_, [u8]> {
    let code = without_strings(line);
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < line.len() {
        if !code[i] {
            i += 1;
            continue;
        }
        let rest = &line[i..];
        let end = if python && rest[0] == b'#' || !python && rest.starts_with(b"//") {
            line.len()
        } else if !python && rest.starts_with(b"/*") {
            memchr::memmem::find(&rest[2..], b"*/").map_or(line.len(), |e| i + 2 + e + 2)
        } else {
            i += 1;
            continue;
        };
        let text = out.get_or_insert_with(|| line.to_vec());
        text[i..end].fill(b' ');
        i = end;
    }
    out.map_or(Cow::Borrowed(line), Cow::Owned)
}

/// Whether a line is only a comment (its words are prose, not API, and
/// the calls it names are not made).
pub fn is_comment(line: &[u8], python: bool) -> bool {
    let t = line.trim_ascii_start();
    t.starts_with(b"//")
        || t.starts_with(b"/*")
        || t.starts_with(b"*")
        || (python && t.starts_with(b"#"))
}

/// How many `(`, `[` and `{` the lines leave open (negative: close).
pub fn brackets<'a>(lines: impl Iterator<Item = &'a [u8]>) -> [i64; 3] {
    let mut open = [0i64; 3];
    for &b in lines.flatten() {
        match b {
            b'(' => open[0] += 1,
            b')' => open[0] -= 1,
            b'[' => open[1] += 1,
            b']' => open[1] -= 1,
            b'{' => open[2] += 1,
            b'}' => open[2] -= 1,
            _ => {}
        }
    }
    open
}

/// A longest common subsequence of two sequences of lengths `n` and `m`,
/// where `same(i, j)` says whether their items match: for each item of the
/// first, the index of the item of the second it is paired with.
pub fn common_subsequence(
    n: usize,
    m: usize,
    same: impl Fn(usize, usize) -> bool,
) -> Vec<Option<usize>> {
    let mut len = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[at(i, j)] = if same(i, j) {
                len[at(i + 1, j + 1)] + 1
            } else {
                len[at(i + 1, j)].max(len[at(i, j + 1)])
            };
        }
    }
    let mut out = vec![None; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if same(i, j) {
            out[i] = Some(j);
            i += 1;
            j += 1;
        } else if len[at(i + 1, j)] >= len[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Dice similarity of two sorted token multisets, in [0, 1].
pub fn similarity(a: &[u32], b: &[u32]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2 * common) as f32 / (a.len() + b.len()) as f32
}

/// Where each squashed line occurs in the legacy file, by squashed id:
/// one flat list in id order rather than a map of small vectors.
pub struct Occurrences {
    /// `lines[starts[id]..starts[id + 1]]` are the lines with squashed id `id`.
    starts: Vec<usize>,
    lines: Vec<usize>,
}

impl Occurrences {
    /// Indexes `keys`, whose squashed ids are below `distinct`.
    pub fn new(keys: &[LineKey], distinct: u32) -> Occurrences {
        let mut starts = vec![0usize; distinct as usize + 1];
        for k in keys {
            starts[k.squashed as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut lines = vec![0; keys.len()];
        for (i, k) in keys.iter().enumerate() {
            let slot = &mut next[k.squashed as usize];
            lines[*slot] = i;
            *slot += 1;
        }
        Occurrences { starts, lines }
    }

    /// The lines whose squashed form is `squashed`, in file order.
    pub fn of(&self, squashed: u32) -> &[usize] {
        let id = squashed as usize;
        match (self.starts.get(id), self.starts.get(id + 1)) {
            (Some(&s), Some(&e)) => &self.lines[s..e],
            _ => &[],
        }
    }

    /// How many times the squashed line occurs.
    pub fn count(&self, squashed: u32) -> u32 {
        self.of(squashed).len() as u32
    }
}

/// The evidence a match on this line is worth, given how often the same
/// squashed line occurs in the legacy file.
pub fn weight(key: &LineKey, occurrences: u32) -> f32 {
    if key.blank {
        return 0.1;
    }
    let length = (0.25 + key.len as f32 / 16.0).min(1.0);
    let rarity = 1.0 / (1.0 + 0.4 * (occurrences.max(1) as f32).ln());
    (length * rarity).max(0.15)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[test]
    fn a_comment_after_code_is_blanked_and_strings_are_not() {
        // What is left of the line, without the blanks at its end; the
        // blanked line keeps its length, and so every column.
        let code = |line: &str, python| {
            let out = without_trailing_comment(line.as_bytes(), python);
            assert_eq!(out.len(), line.len());
            String::from_utf8_lossy(out.trim_ascii_end()).into_owned()
        };
        assert_eq!(code("x = []    # type: typing.List[str]", true), "x = []");
        assert_eq!(code("s = '#fff'  # colour", true), "s = '#fff'");
        assert_eq!(
            code("if (!q) /* This one */ go(q); // Done", false),
            "if (!q)                go(q);"
        );
        assert_eq!(code("url = \"http://x\";", false), "url = \"http://x\";");
        // In C a `#` is no comment; in Python `//` is a division.
        assert_eq!(code("a ## b", false), "a ## b");
        assert_eq!(code("n = a // b", true), "n = a // b");
    }

    #[test]
    fn every_visibility_is_taken_off() {
        for (line, rest) in [
            ("pub fn f()", "fn f()"),
            ("pub(crate) struct S;", "struct S;"),
            ("pub(super)  use a::b;", "use a::b;"),
            ("pub(in crate::x) mod m;", "mod m;"),
            ("public_key: u8,", "public_key: u8,"),
            ("pub(crate", "pub(crate"),
            ("fn pub_f()", "fn pub_f()"),
        ] {
            assert_eq!(
                without_visibility(line.as_bytes()),
                rest.as_bytes(),
                "{line}"
            );
        }
    }

    #[test]
    fn definitions_are_told_from_uses() {
        for (line, name) in [
            (
                "#define ERRNO_IS_NEG_PRIVILEGE(r) ((r) == -EPERM)",
                "ERRNO_IS_NEG_PRIVILEGE",
            ),
            ("    pub fn div_ceil(self, rhs: u64) -> u64 {", "div_ceil"),
            ("    pub compact_check_step: u64,", "compact_check_step"),
            ("await_ = await_only", "await_"),
            ("macro_rules! assert_gt {", "assert_gt"),
            (
                "int acl_delete_perm(acl_permset_t p, acl_perm_t perm) {",
                "acl_delete_perm",
            ),
        ] {
            assert!(defines(line.as_bytes(), name.as_bytes()), "{line}");
        }
        for (line, name) in [
            (
                "        return acl_delete_perm(p, ACL_WRITE);",
                "acl_delete_perm",
            ),
            ("    let n = size.div_ceil(4);", "div_ceil"),
            ("    if x == await_:", "await_"),
            ("    use std::sync::Mutex as StdMutex;", "StdMutex"),
        ] {
            assert!(!defines(line.as_bytes(), name.as_bytes()), "{line}");
        }
    }

    #[test]
    fn constants_are_capitals_with_an_underscore_outside_strings() {
        let got = |l: &str| -> Vec<String> {
            constant_names(l.as_bytes())
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .collect()
        };
        assert_eq!(
            got("    if (c->flags & CLIENT_EXECUTING_COMMAND && n < MAX_2) {"),
            ["CLIENT_EXECUTING_COMMAND", "MAX_2"]
        );
        // Types, one-word capitals, short names, strings: none.
        assert!(got(r#"    Foo_bar x = MAX + A_B; log("NOT_A_NAME");"#).is_empty());
    }

    #[test]
    fn fields_are_names_of_two_words_reached_through_a_dot() {
        let got = |l: &str| -> Vec<String> {
            field_names(l.as_bytes())
                .iter()
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .collect()
        };
        assert_eq!(
            got("    cfg.titan.blob_run_mode = self.cfg.old_value_cache_size.0;"),
            ["blob_run_mode", "old_value_cache_size"]
        );
        // Methods, one-word fields, ranges, strings: none.
        assert!(
            got("    x.is_empty() && a.len > 0 && (0..max_size).sum() > \"a.b_c\".len()")
                .is_empty()
        );
    }

    #[test]
    fn tokens_split_words_and_punctuation() {
        let t = tokenize(b"  let buf = read(&mut x)?;");
        let t: Vec<&str> = t.iter().map(|b| std::str::from_utf8(b).unwrap()).collect();
        assert_eq!(
            t,
            ["let", "buf", "=", "read", "(", "&", "mut", "x", ")", "?", ";"]
        );
    }

    /// The names `read` finds in `line`, as strings.
    pub(in crate::place) fn read_names(read: fn(&[u8]) -> Vec<&[u8]>, line: &str) -> Vec<String> {
        read(line.as_bytes())
            .iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect()
    }

    #[test]
    fn api_names_skip_prose_and_strings() {
        let names = |l: &str| read_names(api_names, l);
        assert_eq!(
            names("    r = await_fallback(conn.read())"),
            ["await_fallback", "conn", "read"]
        );
        assert_eq!(names("    # each session is flushed"), Vec::<String>::new());
        assert_eq!(
            names(r#"    log("use which_one here", Session)"#),
            ["log", "Session"]
        );
        assert_eq!(names("use pd_client::PdClient;"), ["pd_client", "PdClient"]);
        assert_eq!(
            names("        However, this is not possible without more work."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn called_names_are_calls_and_paths_only() {
        let names = |l: &str| read_names(called_names, l);
        assert_eq!(
            names("        if (ERRNO_IS_NEG_PRIVILEGE(r) && match_all)"),
            ["ERRNO_IS_NEG_PRIVILEGE"]
        );
        assert_eq!(
            names("static bool matches(const char *marker, bool match_all) {"),
            ["matches"]
        );
        assert_eq!(
            names("    let c = Compat01As03::new(fut).await;"),
            ["Compat01As03", "new"]
        );
        assert_eq!(names(r#"    log("call_me() later");"#), ["log"]);
    }

    #[test]
    fn python_strings_open_and_close_across_lines() {
        let after = |l: &str, open| python_string_after(l.as_bytes(), open);
        assert_eq!(after(r#"    """Summary line."#, None), Some(b'"'));
        let inside = "    reset each time the :class:`.Session` flushes";
        assert_eq!(after(inside, Some(b'"')), Some(b'"'));
        assert_eq!(after(r#"    """"#, Some(b'"')), None);
        assert_eq!(after(r#"    x = "a \" '''" # '''"#, None), None);
        assert_eq!(after("    '''one line'''", None), None);
        assert_eq!(after("    y = '''", None), Some(b'\''));
    }

    #[test]
    fn defined_names_are_definitions_not_calls() {
        let names = |l: &str| read_names(defined_names, l);
        assert_eq!(
            names("pub fn should_log(id: u64) -> bool {"),
            ["should_log"]
        );
        assert_eq!(
            names("    fn approximate_heap_size(&self) -> usize {"),
            Vec::<String>::new()
        );
        assert_eq!(
            names("    struct A4096<const SZ: usize>([u8; SZ]);"),
            ["A4096"]
        );
        assert_eq!(names("    StoreNotFound(u64),"), ["StoreNotFound"]);
        assert_eq!(
            names("        SD_PATH_SYSTEMD_UTIL = 5,"),
            ["SD_PATH_SYSTEMD_UTIL"]
        );
        assert_eq!(
            names("#define ERRNO_IS_NEG_PRIVILEGE(r) \\"),
            ["ERRNO_IS_NEG_PRIVILEGE"]
        );
        assert_eq!(
            names("static int *parse_marker(const char *s) {"),
            ["parse_marker"]
        );
        assert_eq!(names("macro_rules! box_err {"), ["box_err"]);
        assert_eq!(names("async def read_chunk(stream):"), ["read_chunk"]);
        assert_eq!(names("    def test_chunked(self):"), ["test_chunked"]);
        assert_eq!(names("    def read_chunk(self):"), Vec::<String>::new());
        assert_eq!(names("class Cache(Base):"), ["Cache"]);
        assert_eq!(names("pub const MAX_RETRY: usize = 3;"), ["MAX_RETRY"]);
        assert_eq!(names("typedef struct Marker {"), ["Marker"]);
        assert_eq!(names("        struct stat st;"), Vec::<String>::new());
        // Calls, in a statement or as an argument, define nothing.
        assert_eq!(
            names("        r = ERRNO_IS_NEG_PRIVILEGE(r);"),
            Vec::<String>::new()
        );
        assert_eq!(names("            resolve_error(e),"), Vec::<String>::new());
        assert_eq!(names("main()"), Vec::<String>::new());
        assert_eq!(names("x = build(a)"), Vec::<String>::new());
    }

    #[test]
    fn identifiers_are_whole_tokens() {
        let lines = [b"  x = foo_bar(baz);".to_vec(), b"foo_barx".to_vec()];
        assert!(uses_identifier(&lines, b"foo_bar"));
        assert!(uses_identifier(&lines, b"baz"));
        assert!(!uses_identifier(&lines, b"oo_bar"));
        assert!(!uses_identifier(&lines, b"bar"));
        assert!(!uses_identifier(&lines, b"x"));
    }

    #[test]
    fn includes_are_alike_by_their_paths_words() {
        let mut keys = Keys::default();
        let mut key = |line: &'static str| {
            let mut k = keys.key(line.as_bytes());
            keys.fill_tokens(&mut k, line.as_bytes());
            k.tokens
        };
        let (default, gi18n) = (
            key("#include \"nm-default.h\""),
            key("#include <glib/gi18n-lib.h>"),
        );
        assert!(similarity(&default, &gi18n) < 0.5);
        // A header renamed keeps a word: still a drifted form.
        let (def, constants) = (
            key("#include \"def-util.h\""),
            key("#include \"constants-util.h\""),
        );
        assert!(similarity(&def, &constants) >= 0.5);
        assert_eq!(
            included_path(b"# include <sys/types.h> // x"),
            Some(&b"sys/types.h"[..])
        );
        assert_eq!(included_path(b"#include FOO_H"), None);
    }

    #[test]
    fn similarity_is_dice() {
        assert_eq!(similarity(&[1, 2, 3], &[1, 2, 3]), 1.0);
        assert_eq!(similarity(&[1, 2], &[3, 4]), 0.0);
        assert!((similarity(&[1, 2, 3, 4], &[1, 2, 3, 5]) - 0.75).abs() < 1e-6);
    }

    #[test]
    fn keys_ignore_cr_and_whitespace() {
        let mut keys = Keys::default();
        let a = keys.key(b"\tfoo(bar);\r");
        let b = keys.key(b"\tfoo(bar);");
        let c = keys.key(b"    foo( bar );");
        assert_eq!(a.exact, b.exact);
        assert_ne!(a.exact, c.exact);
        assert_eq!(a.squashed, c.squashed);
    }

    #[test]
    fn occurrences_list_lines_by_squashed_form() {
        let mut keys = Keys::default();
        let lines = keys.keys(["a b", "", "ab", "c", "a  b\r"].map(str::as_bytes));
        let occ = Occurrences::new(&lines, keys.distinct_squashed());
        assert_eq!(occ.of(lines[0].squashed), [0, 2, 4]);
        assert_eq!(occ.count(lines[3].squashed), 1);
        assert_eq!(occ.of(keys.key(b"new").squashed), [] as [usize; 0]);
    }

    #[test]
    fn rare_long_lines_weigh_more() {
        let mut keys = Keys::default();
        let brace = keys.key(b"}");
        let call = keys.key(b"    parse_header(input, &mut state)?;");
        assert!(weight(&call, 1) > weight(&brace, 1));
        assert!(weight(&call, 1) > weight(&call, 50));
        assert!(weight(&keys.key(b""), 1) < weight(&brace, 40));
    }

    #[test]
    fn counts_open_brackets() {
        let lines: [&[u8]; 2] = [b"assert!(match f(x) {", b"    A => true,"];
        assert_eq!(brackets(lines.into_iter()), [1, 0, 1]);
        let closed: [&[u8]; 1] = [b"});"];
        assert_eq!(brackets(closed.into_iter()), [-1, 0, -1]);
    }
}
