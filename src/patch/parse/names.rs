//! File names as diff headers write them.
//!
//! git quotes a name that holds a `"`, a backslash, a control byte or (by
//! default) a byte above 0x7f, C style: `"a/t\303\251st"`. Unquoted names may
//! hold spaces, so `diff --git a/x y b/x y` is split by git's own rule: both
//! sides name the same file behind equally long prefixes, or the `rename
//! from`/`copy from` lines say what the names are. Guessing the split at the
//! first space was rejected: it breaks every name with a space.

/// Decodes a C-style quoted name at the start of `s` (which must begin with
/// `"`); returns the name and what follows the closing quote.
pub(super) fn unquote(s: &[u8]) -> Option<(Vec<u8>, &[u8])> {
    let mut rest = s.strip_prefix(b"\"")?;
    let mut out = Vec::with_capacity(rest.len());
    loop {
        let (&b, after) = rest.split_first()?;
        rest = after;
        match b {
            b'"' => return Some((out, rest)),
            b'\\' => {
                let (&e, after) = rest.split_first()?;
                rest = after;
                let byte = match e {
                    b'a' => 0x07,
                    b'b' => 0x08,
                    b't' => b'\t',
                    b'n' => b'\n',
                    b'v' => 0x0b,
                    b'f' => 0x0c,
                    b'r' => b'\r',
                    b'"' => b'"',
                    b'\\' => b'\\',
                    b'0'..=b'3' => {
                        let d1 = octal(*rest.first()?)?;
                        let d2 = octal(*rest.get(1)?)?;
                        rest = rest.get(2..)?;
                        ((e - b'0') << 6) | (d1 << 3) | d2
                    }
                    _ => return None,
                };
                out.push(byte);
            }
            _ => out.push(b),
        }
    }
}

fn octal(b: u8) -> Option<u8> {
    (b'0'..=b'7').contains(&b).then(|| b - b'0')
}

/// The line without its `\n` and a `\r` before it.
pub(super) fn trim_eol(line: &[u8]) -> &[u8] {
    crate::text::without_cr(line.strip_suffix(b"\n").unwrap_or(line))
}

/// The name in a `--- name` / `+++ name` line (given without the marker),
/// without the tab and timestamp that may follow it; `None` for `/dev/null`.
pub(super) fn marker_line_name(value: &[u8]) -> Option<Vec<u8>> {
    let value = trim_eol(value);
    let name = if value.first() == Some(&b'"') {
        match unquote(value) {
            Some((name, _)) => name,
            None => value.to_vec(),
        }
    } else {
        let end = memchr::memchr(b'\t', value).unwrap_or(value.len());
        value.get(..end).unwrap_or(value).to_vec()
    };
    (name != b"/dev/null").then_some(name)
}

/// The name in a `rename from X` style line value, unquoted if quoted.
pub(super) fn plain_value_name(value: &[u8]) -> Vec<u8> {
    let value = trim_eol(value);
    if value.first() == Some(&b'"') {
        if let Some((name, rest)) = unquote(value) {
            if rest.is_empty() {
                return name;
            }
        }
    }
    value.to_vec()
}

/// Splits the names of a `diff --git A B` line (given without `diff --git `).
/// `known` holds the old and new names from `rename`/`copy` lines, which
/// settle where an unquoted line splits.
pub(super) fn git_line_names(
    rest: &[u8],
    known: Option<(&[u8], &[u8])>,
) -> Option<(Vec<u8>, Vec<u8>)> {
    let rest = trim_eol(rest);
    if rest.first() == Some(&b'"') {
        let (a, after) = unquote(rest)?;
        let after = after.strip_prefix(b" ")?;
        let b = if after.first() == Some(&b'"') {
            let (b, tail) = unquote(after)?;
            if !tail.is_empty() {
                return None;
            }
            b
        } else {
            after.to_vec()
        };
        return Some((a, b));
    }
    // An unquoted name never holds `"`, so a quote starts the second name.
    if let Some(q) = memchr::memchr(b'"', rest) {
        let a = rest.get(..q)?.strip_suffix(b" ")?;
        let (b, tail) = unquote(rest.get(q..)?)?;
        return tail.is_empty().then(|| (a.to_vec(), b));
    }
    if let Some((old, new)) = known {
        // Equal prefix lengths: len = 2p + |old| + 1 + |new|.
        let fixed = old.len() + new.len() + 1;
        if let Some(twice) = rest.len().checked_sub(fixed) {
            if twice % 2 == 0 {
                let split = twice / 2 + old.len();
                if let Some(found) = split_at_space(rest, split) {
                    if found.0.ends_with(old) && found.1.ends_with(new) {
                        return Some(found);
                    }
                }
            }
        }
    }
    // The same name behind equally long prefixes: the space in the middle.
    if rest.len() % 2 == 1 {
        let split = rest.len() / 2;
        if let Some((a, b)) = split_at_space(rest, split) {
            if without_prefix(&a) == without_prefix(&b) {
                return Some((a, b));
            }
        }
    }
    let mut spaces = rest.iter().enumerate().filter(|(_, &b)| b == b' ');
    match (spaces.next(), spaces.next()) {
        (Some((i, _)), None) => split_at_space(rest, i),
        _ => None,
    }
}

fn split_at_space(s: &[u8], at: usize) -> Option<(Vec<u8>, Vec<u8>)> {
    if s.get(at) != Some(&b' ') {
        return None;
    }
    Some((s.get(..at)?.to_vec(), s.get(at + 1..)?.to_vec()))
}

fn without_prefix(name: &[u8]) -> &[u8] {
    match memchr::memchr(b'/', name) {
        Some(i) => name.get(i + 1..).unwrap_or(name),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquotes_c_escapes() {
        let (name, rest) = unquote(br#""a/t\303\251st\t\"q\"\\" tail"#).unwrap();
        assert_eq!(name, b"a/t\xc3\xa9st\t\"q\"\\");
        assert_eq!(rest, b" tail");
        assert_eq!(unquote(br#""unterminated"#), None);
        assert_eq!(unquote(br#""bad \q""#), None);
        assert_eq!(unquote(br#""short \30""#), None);
    }

    #[test]
    fn reads_marker_line_names() {
        assert_eq!(
            marker_line_name(b"a/x y\t2024-01-01 10:00:00 +0000\n"),
            Some(b"a/x y".to_vec())
        );
        assert_eq!(marker_line_name(b"/dev/null\n"), None);
        assert_eq!(
            marker_line_name(b"\"b/\\303\\251\"\n"),
            Some(b"b/\xc3\xa9".to_vec())
        );
        assert_eq!(marker_line_name(b"a/crlf\r\n"), Some(b"a/crlf".to_vec()));
    }

    #[test]
    fn splits_git_lines() {
        let split = |s: &[u8], k| git_line_names(s, k).unwrap();
        assert_eq!(
            split(b"a/x b/x\n", None),
            (b"a/x".to_vec(), b"b/x".to_vec())
        );
        assert_eq!(
            split(b"a/x y b/x y", None),
            (b"a/x y".to_vec(), b"b/x y".to_vec())
        );
        assert_eq!(
            split(b"a/old name b/new", Some((b"old name", b"new"))),
            (b"a/old name".to_vec(), b"b/new".to_vec())
        );
        assert_eq!(
            split(br#""a/\303\251" "b/\303\251""#, None),
            (b"a/\xc3\xa9".to_vec(), b"b/\xc3\xa9".to_vec())
        );
        assert_eq!(
            split(br#"a/plain "b/\303\251""#, None),
            (b"a/plain".to_vec(), b"b/\xc3\xa9".to_vec())
        );
        assert_eq!(git_line_names(b"a/x y b/z w", None), None);
    }
}
