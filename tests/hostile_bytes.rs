//! Bytes come through a port unchanged where the patch does not touch them:
//! invalid UTF-8 and Latin-1, CRLF and mixed line endings, `\r` inside
//! lines, tabs, very long lines, a missing final newline (property tests
//! over generated files), empty files; binary files (UTF-16 with a BOM holds
//! NUL bytes) are reported and left alone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use ferry::port::{port_bytes, FileOutcome, PortOptions};
use proptest::prelude::*;

/// One line's bytes (no `\n`, no NUL): text, tabs, `\r`, Latin-1 and
/// invalid UTF-8, multi-byte characters, now and then thousands of bytes.
fn line() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => proptest::collection::vec(b'a'..=b'z', 1..8),
        1 => Just(b"\t".to_vec()),
        1 => Just(b" ".to_vec()),
        1 => Just(b"\r".to_vec()),
        1 => (0x80u8..=0xff).prop_map(|b| vec![b]),
        1 => Just("é漢🦀".as_bytes().to_vec()),
        1 => Just(b"\xef\xbb\xbf".to_vec()),
    ];
    prop_oneof![
        20 => proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat()),
        1 => (b'a'..=b'z', 2_000usize..20_000).prop_map(|(c, n)| vec![c; n]),
    ]
}

#[derive(Debug, Clone)]
struct File {
    /// Each line's content and whether it ends in CRLF.
    lines: Vec<(Vec<u8>, bool)>,
    final_newline: bool,
}

impl File {
    fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (i, (l, crlf)) in self.lines.iter().enumerate() {
            out.extend_from_slice(l);
            if i + 1 < self.lines.len() || self.final_newline {
                out.extend_from_slice(if *crlf { b"\r\n" } else { b"\n" });
            }
        }
        out
    }
}

fn file() -> impl Strategy<Value = File> {
    (
        proptest::collection::vec((line(), any::<bool>()), 1..40),
        any::<bool>(),
    )
        .prop_map(|(lines, final_newline)| {
            // A tag makes every line unique, so the hunk has one place.
            let lines = lines
                .into_iter()
                .enumerate()
                .map(|(i, (l, crlf))| ([format!("{i}:").into_bytes(), l].concat(), crlf))
                .collect();
            File {
                lines,
                final_newline,
            }
        })
}

/// A patch replacing line `k` with `new` (same ending), with up to three
/// lines of context each side, written as git would.
fn replace_patch(f: &File, k: usize, new: &[u8]) -> Vec<u8> {
    let lo = k.saturating_sub(3);
    let hi = (k + 4).min(f.lines.len());
    let n = hi - lo;
    let mut out = format!(
        "--- a/f.c\n+++ b/f.c\n@@ -{},{n} +{},{n} @@\n",
        lo + 1,
        lo + 1
    )
    .into_bytes();
    let last = f.lines.len() - 1;
    let mut put = |mark: u8, body: &[u8], crlf: bool, i: usize| {
        out.push(mark);
        out.extend_from_slice(body);
        if crlf && (i < last || f.final_newline) {
            out.push(b'\r');
        }
        out.push(b'\n');
        if i == last && !f.final_newline {
            out.extend_from_slice(b"\\ No newline at end of file\n");
        }
    };
    for (i, (l, crlf)) in f.lines.iter().enumerate().take(hi).skip(lo) {
        if i == k {
            put(b'-', l, *crlf, i);
            put(b'+', new, *crlf, i);
        } else {
            put(b' ', l, *crlf, i);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn untouched_bytes_come_through_byte_for_byte(f in file(), pick in any::<prop::sample::Index>()) {
        let k = pick.index(f.lines.len());
        let legacy = f.bytes();
        let patch = replace_patch(&f, k, b"CHANGED\tline \xff");
        let parsed = ferry::patch::parse(&patch).unwrap();
        let file = &parsed.commits[0].files[0];
        let (plan, written) = port_bytes(file, &legacy, None, &PortOptions::default()).unwrap();
        let written = written.unwrap_or_else(|| panic!("not certain: {:?}", plan.hunks));
        let mut want = f.clone();
        want.lines[k].0 = b"CHANGED\tline \xff".to_vec();
        prop_assert_eq!(written, want.bytes());
    }
}

#[test]
fn an_empty_legacy_file_takes_added_lines_and_stays_empty_otherwise() {
    let patch = b"--- a/f.c\n+++ b/f.c\n@@ -0,0 +1,2 @@\n+one\r\n+two\n";
    let parsed = ferry::patch::parse(patch).unwrap();
    let (_, written) = port_bytes(
        &parsed.commits[0].files[0],
        b"",
        None,
        &PortOptions::default(),
    )
    .unwrap();
    assert_eq!(written.unwrap(), b"one\r\ntwo\n");
}

fn ferry(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .output()
        .unwrap()
}

#[test]
fn binary_files_are_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    // UTF-16 with a BOM: "one\ntwo\n", NUL bytes and all.
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("one\ntwo\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    std::fs::write(dir.path().join("w.txt"), &utf16).unwrap();
    let latin1 = b"caf\xe9\r\nna\xefve\n\tend";
    std::fs::write(dir.path().join("l.txt"), latin1).unwrap();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    std::fs::write(dir.path().join("i.png"), png).unwrap();
    // A text hunk against the UTF-16 file, and a git binary patch.
    let patch = b"--- a/w.txt\n+++ b/w.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+TWO\n\
diff --git a/i.png b/i.png\nindex 1111111..2222222 100644\nGIT binary patch\nliteral 1\nIcmZpZ0000\n\nliteral 0\nHcmV?d00001\n\n";
    std::fs::write(dir.path().join("p.patch"), patch).unwrap();
    let out = ferry(dir.path(), &["apply", "p.patch", "--auto", "--json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("the legacy file is binary"), "{stdout}");
    assert!(stdout.contains("binary patch"), "{stdout}");
    assert_eq!(std::fs::read(dir.path().join("w.txt")).unwrap(), utf16);
    assert_eq!(std::fs::read(dir.path().join("i.png")).unwrap(), png);

    // A Latin-1 CRLF file with no final newline takes a hunk and keeps the
    // rest of its bytes.
    let patch = b"--- a/l.txt\n+++ b/l.txt\n@@ -1,3 +1,3 @@\n caf\xe9\r\n-na\xefve\n+NA\xcfVE\n \tend\n\\ No newline at end of file\n";
    std::fs::write(dir.path().join("q.patch"), patch).unwrap();
    let out = ferry(dir.path(), &["apply", "q.patch", "--auto"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(dir.path().join("l.txt")).unwrap(),
        b"caf\xe9\r\nNA\xcfVE\n\tend"
    );
}

#[test]
fn a_binary_patch_is_blocked_in_the_plan() {
    let patch = b"diff --git a/i.png b/i.png\nindex 1111111..2222222 100644\nBinary files a/i.png and b/i.png differ\n";
    let parsed = ferry::patch::parse(patch).unwrap();
    let (plan, written) = port_bytes(
        &parsed.commits[0].files[0],
        b"\x89PNG\0",
        None,
        &PortOptions::default(),
    )
    .unwrap();
    assert!(written.is_none());
    assert!(matches!(plan.outcome, FileOutcome::Blocked(ref why) if why.contains("binary")));
}
