//! Commit metadata from the text before a commit's first file diff.
//!
//! Two shapes carry it: mail (`git format-patch`, mbox: `From <sha> <date>`
//! then RFC 2822 headers, the body up to `---`) and git's log format (`git
//! show`, `git log -p`: `commit <sha>`, `Author:`, `Date:`, the message
//! indented by four spaces). The raw bytes stay in the commit's preamble; this
//! only reads fields out of them, so a header it does not understand costs a
//! field, never a byte. A full mail parser (MIME parts, transfer encodings)
//! was rejected: patches are plain-text mail and git writes only the subset
//! read here.

use super::names::trim_eol;
use crate::patch::CommitMeta;

/// Whether a line is an mbox separator as git writes it: `From <id> <date>`
/// with a time and a year, checked as loosely as `git mailsplit` does.
pub(super) fn is_from_line(line: &[u8]) -> bool {
    let line = trim_eol(line);
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    if line.len() < 20 || rest.first().is_none_or(|b| b.is_ascii_whitespace()) {
        return false;
    }
    // The last `:` is the one between minutes and seconds: `hh:mm:ss yyyy`.
    let Some(colon) = memchr::memrchr(b':', rest) else {
        return false;
    };
    let digit = |i: Option<usize>| {
        i.and_then(|i| rest.get(i))
            .is_some_and(|b: &u8| b.is_ascii_digit())
    };
    let year = rest
        .get(colon + 4..)
        .map(|y| y.iter().take_while(|b| b.is_ascii_digit()).count() >= 4)
        .unwrap_or(false);
    digit(colon.checked_sub(1))
        && digit(colon.checked_sub(2))
        && digit(colon.checked_sub(4))
        && digit(Some(colon + 1))
        && digit(Some(colon + 2))
        && rest.get(colon + 3) == Some(&b' ')
        && year
}

/// Whether a line starts a commit in git's log format: `commit <hex>`.
pub(super) fn is_commit_line(line: &[u8]) -> bool {
    let Some(rest) = trim_eol(line).strip_prefix(b"commit ") else {
        return false;
    };
    let hex = rest.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    (7..=64).contains(&hex) && matches!(rest.get(hex), None | Some(b' '))
}

/// Whether a line opens a mail header block without an mbox separator.
pub(super) fn is_mail_header_start(line: &[u8]) -> bool {
    ["From: ", "Subject: ", "Date: "]
        .iter()
        .any(|h| starts_with_ignore_case(line, h.as_bytes()))
}

fn starts_with_ignore_case(line: &[u8], prefix: &[u8]) -> bool {
    line.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// The lines of a preamble without line ends.
fn lines(preamble: &[u8]) -> Vec<&[u8]> {
    preamble
        .split_inclusive(|&b| b == b'\n')
        .map(trim_eol)
        .collect()
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| b.is_ascii_whitespace())
}

/// Reads a mail-shaped preamble (`git format-patch`, one mbox message).
pub(super) fn mail(preamble: &[u8]) -> CommitMeta {
    let lines = lines(preamble);
    let mut meta = CommitMeta::default();
    let mut i = 0;
    if let Some(first) = lines.first().filter(|l| is_from_line(l)) {
        meta.id = first
            .get(5..)
            .and_then(|r| r.split(|&b| b == b' ').next())
            .map(|id| String::from_utf8_lossy(id).into_owned());
        i = 1;
    }
    let (headers, next) = header_block(&lines, i);
    i = next;
    let mut subject = None;
    for (name, value) in &headers {
        apply_mail_header(&mut meta, &mut subject, name, value);
    }
    // The body runs to the `---` line that precedes the diffstat.
    let end = lines
        .iter()
        .skip(i)
        .position(|l| l.trim_ascii_end() == b"---")
        .map_or(lines.len(), |p| p + i);
    let mut body = lines.get(i..end).unwrap_or_default();
    while body.first().is_some_and(|l| is_blank(l)) {
        body = body.get(1..).unwrap_or_default();
    }
    // `git send-email` puts the real author at the top of the body.
    if body.first().is_some_and(|l| is_mail_header_start(l)) {
        let (in_body, next) = header_block(body, 0);
        for (name, value) in &in_body {
            apply_mail_header(&mut meta, &mut subject, name, value);
        }
        body = body.get(next..).unwrap_or_default();
    }
    meta.subject = subject.unwrap_or_default();
    meta.body = join_message(body);
    meta
}

/// Reads `Name: value` lines from `from` up to a blank line, unfolding
/// continuation lines; returns the headers and the index after the block.
fn header_block(lines: &[&[u8]], from: usize) -> (Vec<(String, Vec<u8>)>, usize) {
    let mut headers: Vec<(String, Vec<u8>)> = Vec::new();
    let mut i = from;
    while let Some(line) = lines.get(i) {
        if line.is_empty() {
            return (headers, i + 1);
        }
        if matches!(line.first(), Some(b' ' | b'\t')) {
            if let Some((_, value)) = headers.last_mut() {
                value.extend_from_slice(line);
                i += 1;
                continue;
            }
        }
        let colon = line.iter().position(|&b| b == b':');
        let name = colon.and_then(|c| line.get(..c));
        match name {
            Some(name) if !name.is_empty() && name.iter().all(|b| b.is_ascii_graphic()) => {
                let value = line.get(colon.unwrap_or(0) + 1..).unwrap_or_default();
                headers.push((
                    String::from_utf8_lossy(name).to_ascii_lowercase(),
                    value.trim_ascii_start().to_vec(),
                ));
            }
            _ => return (headers, i),
        }
        i += 1;
    }
    (headers, i)
}

fn apply_mail_header(
    meta: &mut CommitMeta,
    subject: &mut Option<String>,
    name: &str,
    value: &[u8],
) {
    match name {
        "from" => {
            let (name, email) = split_address(&decode_words(value));
            meta.author_name = name;
            meta.author_email = email;
        }
        "date" => meta.date = Some(lossy_trim(value)),
        "subject" => *subject = Some(strip_patch_prefix(&decode_words(value))),
        _ => {}
    }
}

/// Reads a preamble in git's log format (`git show`, `git log -p`).
pub(super) fn log(preamble: &[u8]) -> CommitMeta {
    let lines = lines(preamble);
    let mut meta = CommitMeta {
        id: lines
            .first()
            .and_then(|l| l.strip_prefix(b"commit "))
            .and_then(|r| r.split(|&b| b == b' ').next())
            .map(|id| String::from_utf8_lossy(id).into_owned()),
        ..CommitMeta::default()
    };
    let mut i = 1;
    let mut author_date = None;
    while let Some(line) = lines.get(i) {
        i += 1;
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix(b"Author:") {
            let (name, email) = split_address(&lossy_trim(v));
            meta.author_name = name;
            meta.author_email = email;
        } else if let Some(v) = line.strip_prefix(b"AuthorDate:") {
            author_date = Some(lossy_trim(v));
        } else if let Some(v) = line.strip_prefix(b"Date:") {
            meta.date = Some(lossy_trim(v));
        }
    }
    if author_date.is_some() {
        meta.date = author_date;
    }
    let message: Vec<&[u8]> = lines
        .get(i..)
        .unwrap_or_default()
        .iter()
        .take_while(|l| l.starts_with(b"    ") || is_blank(l))
        .map(|l| l.get(4..).unwrap_or_default())
        .collect();
    let mut rest = message.as_slice();
    while rest.first().is_some_and(|l| is_blank(l)) {
        rest = rest.get(1..).unwrap_or_default();
    }
    let para = rest.iter().take_while(|l| !is_blank(l)).count();
    let subject: Vec<String> = rest
        .get(..para)
        .unwrap_or_default()
        .iter()
        .map(|l| lossy_trim(l))
        .collect();
    meta.subject = subject.join(" ");
    meta.body = join_message(rest.get(para..).unwrap_or_default());
    meta
}

/// Message lines without leading and trailing blank lines, each ending in `\n`.
fn join_message(mut lines: &[&[u8]]) -> String {
    while lines.first().is_some_and(|l| is_blank(l)) {
        lines = lines.get(1..).unwrap_or_default();
    }
    while lines.last().is_some_and(|l| is_blank(l)) {
        lines = lines.get(..lines.len() - 1).unwrap_or_default();
    }
    let mut out = Vec::new();
    for line in lines {
        out.extend_from_slice(line);
        out.push(b'\n');
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn lossy_trim(v: &[u8]) -> String {
    String::from_utf8_lossy(v.trim_ascii()).into_owned()
}

/// Splits `Name <email>` (or `email (Name)`, or a bare address).
fn split_address(s: &str) -> (String, String) {
    let s = s.trim();
    if let Some(lt) = s.rfind('<') {
        let tail = s.get(lt + 1..).unwrap_or_default();
        if let Some(gt) = tail.find('>') {
            let email = tail.get(..gt).unwrap_or_default().trim().to_string();
            let name = s.get(..lt).unwrap_or_default().trim();
            return (unquote_display_name(name), email);
        }
    }
    if let (Some(open), true) = (s.find('('), s.ends_with(')')) {
        let email = s.get(..open).unwrap_or_default().trim().to_string();
        let name = s.get(open + 1..s.len() - 1).unwrap_or_default().trim();
        return (name.to_string(), email);
    }
    (String::new(), s.to_string())
}

fn unquote_display_name(name: &str) -> String {
    let Some(inner) = name
        .strip_prefix('"')
        .and_then(|n| n.strip_suffix('"'))
        .filter(|_| name.len() >= 2)
    else {
        return name.to_string();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Removes leading `[PATCH ...]` groups as `git am -b` does, keeping other
/// bracketed tags such as `[ci]` that belong to the subject.
fn strip_patch_prefix(subject: &str) -> String {
    let mut rest = subject.trim();
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']') else { break };
        let tag = inner.get(..close).unwrap_or_default();
        if !tag.to_ascii_uppercase().contains("PATCH") {
            break;
        }
        rest = inner.get(close + 1..).unwrap_or_default().trim_start();
    }
    rest.to_string()
}

/// Decodes RFC 2047 encoded words (`=?UTF-8?q?...?=`, `=?UTF-8?B?...?=`).
///
/// Adjacent encoded words are joined without the whitespace between them, and
/// their bytes are decoded together, so a character split across two words
/// (git splits long subjects so) comes out whole. UTF-8, US-ASCII and
/// ISO-8859-1 are decoded; a word in another charset is left as written.
pub(super) fn decode_words(value: &[u8]) -> String {
    let mut out = String::new();
    let mut run: Vec<u8> = Vec::new();
    let mut run_latin1 = false;
    let mut gap: &[u8] = b"";
    let mut rest = value;
    let flush = |out: &mut String, run: &mut Vec<u8>, latin1: bool| {
        if latin1 {
            out.extend(run.iter().map(|&b| char::from(b)));
        } else {
            out.push_str(&String::from_utf8_lossy(run));
        }
        run.clear();
    };
    while !rest.is_empty() {
        let ws = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if ws > 0 {
            gap = rest.get(..ws).unwrap_or_default();
            rest = rest.get(ws..).unwrap_or_default();
            continue;
        }
        let token_end = rest
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let token = rest.get(..token_end).unwrap_or_default();
        rest = rest.get(token_end..).unwrap_or_default();
        if let Some((bytes, latin1)) = encoded_word(token) {
            if run.is_empty() || latin1 != run_latin1 {
                flush(&mut out, &mut run, run_latin1);
                if !out.is_empty() {
                    out.push_str(&String::from_utf8_lossy(gap));
                }
            }
            run_latin1 = latin1;
            run.extend_from_slice(&bytes);
        } else {
            let was_run = !run.is_empty();
            flush(&mut out, &mut run, run_latin1);
            if !out.is_empty() || was_run {
                out.push_str(&String::from_utf8_lossy(gap));
            }
            out.push_str(&String::from_utf8_lossy(token));
        }
        gap = b"";
    }
    flush(&mut out, &mut run, run_latin1);
    out
}

/// One encoded word: its bytes and whether they are Latin-1 (else UTF-8).
fn encoded_word(token: &[u8]) -> Option<(Vec<u8>, bool)> {
    let inner = token.strip_prefix(b"=?")?.strip_suffix(b"?=")?;
    let mut parts = inner.splitn(3, |&b| b == b'?');
    let charset = parts.next()?;
    let encoding = parts.next()?;
    let text = parts.next()?;
    // RFC 2231 allows a language after `*`.
    let charset = charset.split(|&b| b == b'*').next().unwrap_or_default();
    let charset = String::from_utf8_lossy(charset).to_ascii_lowercase();
    let latin1 = match charset.as_str() {
        "utf-8" | "utf8" | "us-ascii" => false,
        "iso-8859-1" | "latin1" | "iso-8859-15" => true,
        _ => return None,
    };
    let bytes = match encoding {
        b"q" | b"Q" => decode_q(text)?,
        b"b" | b"B" => decode_base64(text)?,
        _ => return None,
    };
    Some((bytes, latin1))
}

fn decode_q(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while let Some(&b) = text.get(i) {
        match b {
            b'_' => out.push(b' '),
            b'=' => {
                let hi = hex(*text.get(i + 1)?)?;
                let lo = hex(*text.get(i + 2)?)?;
                out.push((hi << 4) | lo);
                i += 2;
            }
            _ => out.push(b),
        }
        i += 1;
    }
    Some(out)
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn decode_base64(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &b in text {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_separators() {
        assert!(is_from_line(
            b"From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001\n"
        ));
        assert!(is_from_line(
            b"From me@example.com Thu Jan  1 10:00:00 2024"
        ));
        assert!(!is_from_line(b"From: A <a@example.com>\n"));
        assert!(!is_from_line(b"From there we went on at 10:30 to lunch\n"));
        assert!(is_commit_line(
            b"commit 0123456789abcdef0123456789abcdef01234567 (HEAD -> main)\n"
        ));
        assert!(!is_commit_line(b"commit to the plan\n"));
    }

    #[test]
    fn decodes_encoded_words() {
        assert_eq!(
            decode_words(b"=?UTF-8?q?J=C3=B6rg_M?= <j@x>"),
            "Jörg M <j@x>"
        );
        assert_eq!(decode_words(b"=?utf-8?B?SsO2cmc=?="), "Jörg");
        // A character split across two words, joined across the fold.
        assert_eq!(
            decode_words(b"=?UTF-8?q?caf=C3?= =?UTF-8?q?=A9?= ok"),
            "café ok"
        );
        assert_eq!(decode_words(b"=?ISO-8859-1?Q?Andr=E9?="), "André");
        assert_eq!(decode_words(b"plain  words"), "plain  words");
        assert_eq!(decode_words(b"=?koi8-r?q?x?="), "=?koi8-r?q?x?=");
        assert_eq!(decode_words(b"a =?UTF-8?q?b?= c"), "a b c");
    }

    #[test]
    fn strips_only_patch_tags() {
        assert_eq!(strip_patch_prefix("[PATCH v2 3/7] fix it"), "fix it");
        assert_eq!(
            strip_patch_prefix("[PATCH] [ci] fix build"),
            "[ci] fix build"
        );
        assert_eq!(strip_patch_prefix("[RFC PATCH] x"), "x");
    }

    #[test]
    fn splits_addresses() {
        assert_eq!(
            split_address("\"Doe, J\\\"r\" <j@x.org>"),
            ("Doe, J\"r".to_string(), "j@x.org".to_string())
        );
        assert_eq!(
            split_address("j@x.org (J Doe)"),
            ("J Doe".to_string(), "j@x.org".to_string())
        );
        assert_eq!(
            split_address("j@x.org"),
            (String::new(), "j@x.org".to_string())
        );
    }

    #[test]
    fn reads_log_message() {
        let meta = log(b"commit abcdef0\nAuthor: A U Thor <a@x>\nDate:   Mon Jan 1 2024\n\n    First line\n    continues\n\n    Body.\n    \n    More.\n\n");
        assert_eq!(meta.id.as_deref(), Some("abcdef0"));
        assert_eq!(meta.author_name, "A U Thor");
        assert_eq!(meta.subject, "First line continues");
        assert_eq!(meta.body, "Body.\n\nMore.\n");
    }
}
