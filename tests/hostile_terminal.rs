//! Hostile text never reaches the terminal raw: escape sequences (CSI, OSC
//! 52, title setting), C0/C1 controls and bidi overrides in patch lines,
//! file names, commit subjects, author names and legacy files are shown
//! escaped, in the TUI (the bytes actually sent to a terminal) and on the
//! command line (reports and error messages), and bidi is flagged next to
//! the hunk.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/screen.rs"]
mod screen;

use std::process::Command;

use ferry::decide::Review;
use ferry::text::visible::is_bidi_control;
use ferry::ui::view;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::Terminal;
use screen::{app, review_on_one_file};

/// Sequences a hostile patch might carry: clipboard write, title, clear
/// screen, a C1 CSI as UTF-8, a raw 8-bit CSI, backspace, carriage return.
const NASTY: &str = "\x1b]52;c;ZXZpbA==\x07\x1b]0;pwned\x1b\\\x1b[2J\u{9b}31m\x08\r";
/// Trojan Source: right-to-left override and isolates.
const BIDI: &str = "\u{202e}\u{2066}// admin\u{2069}\u{2066}";

/// A file name with a bidi override and a colour sequence.
const NAME: &str = "src/ev\u{202e}il\x1b[31m.c";

fn hostile_patch(name: &str) -> Vec<u8> {
    format!(
        "From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\n\
From: Mallory {NASTY} <m@example.com>\n\
Subject: [PATCH] Fix {NASTY} and {BIDI}\n\n---\n\
diff --git a/{name} b/{name}\n--- a/{name}\n+++ b/{name}\n\
@@ -1,3 +1,3 @@ int f{NASTY}(void)\n one\n-two {NASTY}\n+if (user != \"x{BIDI}\") {{\n three\n"
    )
    .into_bytes()
}

fn review() -> Review {
    let legacy = format!("one\ntwo {NASTY}\nthree\n");
    review_on_one_file(&hostile_patch(NAME), legacy.as_bytes(), (1, 1))
}

/// Whether `s` holds anything a terminal would act on rather than show.
fn raw(s: &str) -> Option<char> {
    s.chars().find(|&c| c.is_control() || is_bidi_control(c))
}

#[test]
fn the_screen_holds_no_raw_control_and_flags_bidi() {
    let review = review();
    for keys in [&[][..], &["?"], &["x"], &["j"]] {
        let mut app = app(&review);
        for k in keys {
            app.key(ferry::ui::keys::Key::parse(k).unwrap());
        }
        let mut t = Terminal::new(TestBackend::new(140, 30)).unwrap();
        t.draw(|f| {
            view::draw(f, &app);
        })
        .unwrap();
        let buf = t.backend().buffer();
        let screen: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(raw(&screen), None, "after {keys:?}");
        if keys.is_empty() {
            assert!(screen.contains("^[]52;c;"), "{screen}");
            assert!(screen.contains("<U+202E>"), "{screen}");
            assert!(screen.contains("⚠ bidi"), "{screen}");
        }
    }
}

#[test]
fn the_bytes_sent_to_a_terminal_carry_no_hostile_sequence() {
    let review = review();
    let app = app(&review);
    let mut out = Vec::new();
    {
        let mut t = Terminal::new(CrosstermBackend::new(&mut out)).unwrap();
        t.resize(ratatui::layout::Rect::new(0, 0, 160, 40)).unwrap();
        t.draw(|f| {
            view::draw(f, &app);
        })
        .unwrap();
    }
    let text = String::from_utf8(out).unwrap();
    // ratatui sends CSI sequences of its own (cursor moves, colours); no
    // OSC, no BEL, no backspace or CR, no C1 and no bidi may get through.
    assert!(!text.contains("\x1b]"), "OSC reached the terminal");
    for c in text.chars() {
        let ok = c == '\x1b' || !(c.is_control() || is_bidi_control(c));
        assert!(ok, "raw {c:?} reached the terminal");
    }
    // Every ESC starts a CSI that ratatui wrote: `ESC [` then parameters.
    for (i, _) in text.match_indices('\x1b') {
        assert_eq!(text.as_bytes().get(i + 1), Some(&b'['), "at {i}");
    }
    assert!(text.contains("^[]52;c;"), "the escaped form is shown");
}

#[test]
fn reports_and_errors_on_the_command_line_are_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let patch = tmp.path().join("evil.patch");
    // Control bytes in a name are refused (see tests/hostile_paths.rs), so
    // the report's file name carries the bidi override only.
    std::fs::write(&patch, hostile_patch("src/ev\u{202e}il.c")).unwrap();
    std::fs::write(tmp.path().join("named.patch"), hostile_patch(NAME)).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ferry"))
            .args(args)
            .current_dir(tmp.path())
            .env("HOME", tmp.path())
            .output()
            .unwrap()
    };
    // The file is missing: a report naming it, and exit 1.
    for json in [false, true] {
        let mut args = vec!["apply", "evil.patch", "--auto", "--dry-run"];
        if json {
            args.push("--json");
        }
        let out = run(&args);
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stdout.is_empty(), "{stderr}");
        for s in [&stdout, &stderr] {
            let bad = s
                .chars()
                .find(|&c| (c.is_control() && c != '\n') || is_bidi_control(c));
            assert_eq!(bad, None, "{s}");
        }
        if json {
            let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
            assert!(v.to_string().contains('\u{202e}'), "JSON keeps the meaning");
        } else {
            assert!(stdout.contains("<U+202E>"), "{stdout}");
        }
    }
    // Error messages quoting hostile names: a patch file, a patch path.
    let bad = format!("no{NASTY}such.patch");
    let out = run(&["apply", &bad, "--auto"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("error: cannot read no^[]52"), "{stderr}");
    assert!(
        !stderr.contains('\x1b') && !stderr.contains('\x07'),
        "{stderr}"
    );
    let out = run(&["apply", "named.patch", "--auto", "--dry-run"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("src/ev<U+202E>il^[[31m.c"), "{stderr}");
    assert_eq!(raw(&stderr.replace('\n', "")), None, "{stderr}");
}
