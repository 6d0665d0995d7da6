//! Teaching and review end to end: the real `ferry` binary in a
//! pseudo-terminal. A port of the demo is recorded, replayed and taken as a
//! quiz; the tour opens with its notes; `ferry review` opens its view and
//! prints the comment.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/pty.rs"]
mod pty;
#[path = "support/repo.rs"]
mod repo;

use std::time::Duration;

use pty::Sandbox;
use repo::{TestRepo, EPOCH};

const WAIT: Duration = Duration::from_secs(60);

#[test]
fn a_recorded_port_is_replayed_and_taken_as_a_quiz() {
    let sb = Sandbox::new();
    let demo = sb.demo();
    let rec = sb.tmp.path().join("port.jsonl");
    let rec_arg = rec.to_str().unwrap();
    let mut t = sb.ferry_on(
        sb.tmp.path(),
        &["demo", "--dir", demo.to_str().unwrap(), "--record", rec_arg],
        (100, 30),
        &[],
    );
    t.wait_for("hunk 1/9", WAIT);
    t.keys(&[b"y"]);
    t.wait_for("hunk 2/9 · 1 accepted", WAIT);
    t.keys(&[b"J", b"n"]);
    t.wait_for("2 skipped", WAIT);
    t.keys(&[b"q"]);
    assert_eq!(t.wait_exit(WAIT).code(), Some(1));

    // Two decisions, each with what was on screen.
    let text = std::fs::read_to_string(&rec).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0]["decision"], "accept");
    assert_eq!(lines[0]["file"], "native/record.c");
    assert_eq!(lines[0]["strategy"], "offset");
    assert!(!lines[0]["hunk_lines"].as_array().unwrap().is_empty());
    assert!(!lines[0]["legacy_lines"].as_array().unwrap().is_empty());
    assert_eq!(lines[1]["decision"], "skip");
    assert_eq!(lines[1]["file"], "native/strutil.c");
    assert_eq!(lines[1]["item"], 2);

    // Replay: read-only, each decision shown.
    let mut t = sb.ferry_on(&demo, &["replay", rec_arg], (100, 30), &[]);
    let s = t.wait_for("replay 1/2", WAIT);
    assert!(s.contains("recorded decision: accept"), "{s}");
    assert!(s.contains("upstream native/record.c hunk 1"), "{s}");
    assert!(s.contains("▶"), "the place is marked:\n{s}");
    t.keys(&[b"y"]);
    t.wait_for("a replay only shows", WAIT);
    t.keys(&[b"J"]);
    let s = t.wait_for("replay 2/2", WAIT);
    assert!(s.contains("recorded decision: skip"), "{s}");
    t.keys(&[b"q"]);
    assert_eq!(t.wait_exit(WAIT).code(), Some(0));
    assert!(t.screen().contains("Replayed 2 of 2"), "{}", t.screen());

    // Quiz: hidden until answered, then compared; the score at the end.
    let mut t = sb.ferry_on(&demo, &["replay", "--quiz", rec_arg], (100, 30), &[]);
    let s = t.wait_for("quiz 1/2", WAIT);
    assert!(s.contains("the recorded decision is hidden"), "{s}");
    assert!(!s.contains("recorded decision: accept"), "{s}");
    t.keys(&[b"y"]);
    let s = t.wait_for("your decision: accept · ✓ match", WAIT);
    assert!(s.contains("recorded decision: accept"), "{s}");
    assert!(s.contains("score 1/1"), "{s}");
    t.keys(&[b"J"]);
    let s = t.wait_for("quiz 2/2", WAIT);
    assert!(s.contains("the recorded decision is hidden"), "{s}");
    t.keys(&[b"y"]);
    let s = t.wait_for("✗ mismatch", WAIT);
    assert!(s.contains("recorded decision: skip"), "{s}");
    assert!(s.contains("score 1/2"), "{s}");
    t.keys(&[b"q"]);
    assert_eq!(t.wait_exit(WAIT).code(), Some(0));
    assert!(!t.alternate_screen());
    let s = t.screen();
    assert!(
        s.contains("quiz: 1 of 2 decisions matched the recording"),
        "{s}"
    );
    assert!(
        s.contains("native/strutil.c hunk 1: you chose accept, the recording skip"),
        "{s}"
    );
}

#[test]
fn the_tour_opens_with_the_note_and_the_explain_view() {
    let sb = Sandbox::new();
    let demo = sb.demo();
    let mut t = sb.ferry_on(
        sb.tmp.path(),
        &["demo", "--dir", demo.to_str().unwrap(), "--tour"],
        (100, 40),
        &[],
    );
    // A frame may arrive in pieces: wait for the whole of it.
    t.wait_until("the tour note over the explain view", WAIT, |s| {
        s.contains("tour: 1/9 offset") && s.contains("why here") && s.contains("Look for:")
    });
    t.keys(&[b"y"]);
    t.wait_for("tour: 2/9 already applied", WAIT);
    t.keys(&[b"q", b"q"]);
    assert_eq!(t.wait_exit(WAIT).code(), Some(1));
}

/// A legacy branch whose HEAD backports one upstream fix, with the trailer.
fn backported() -> TestRepo {
    let r = TestRepo::new();
    let before = "one\ntwo\nthree\nfour\nfive\n";
    let base = r.commit(&[("f.txt", Some(before.as_bytes()))], "base", EPOCH);
    let fixed = before.replace("three", "THREE");
    let up = r.commit(
        &[("f.txt", Some(fixed.as_bytes()))],
        "fix three",
        EPOCH + 60,
    );
    r.branch("legacy", base);
    r.switch("legacy");
    r.commit(
        &[("f.txt", Some(fixed.as_bytes()))],
        &format!("fix three\n\n(cherry picked from commit {up})\n"),
        EPOCH + 120,
    );
    r
}

#[test]
fn review_opens_its_view_in_a_terminal_and_prints_the_comment() {
    let r = backported();
    let sb = Sandbox::new();
    let comment = sb.tmp.path().join("comment.txt");
    let mut t = sb.ferry_on(
        &r.path(),
        &["review", "HEAD", "--comment", comment.to_str().unwrap()],
        (100, 30),
        &[],
    );
    let s = t.wait_for("pair 1/1", WAIT);
    assert!(s.contains("identical"), "{s}");
    t.keys(&[b"y", b"q"]);
    assert_eq!(t.wait_exit(WAIT).code(), Some(0));
    let s = t.screen();
    assert!(s.contains("- fine: f.txt hunk 1 (identical)"), "{s}");
    let written = std::fs::read_to_string(&comment).unwrap();
    assert!(
        written.contains("1 fine, 0 questionable, 0 not reviewed"),
        "{written}"
    );
}

#[test]
fn sigterm_ends_the_review_view_and_restores_the_terminal() {
    let r = backported();
    let sb = Sandbox::new();
    let mut t = sb.ferry_on(&r.path(), &["review", "HEAD"], (100, 30), &[]);
    t.wait_for("pair 1/1", WAIT);
    assert!(t.alternate_screen());
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &t.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(t.wait_exit(WAIT).code(), Some(143), "{}", t.screen());
    assert!(!t.alternate_screen(), "the alternate screen is left");
    assert!(t.screen().contains("stopped by SIGTERM"), "{}", t.screen());
}

#[test]
fn train_ports_the_exercise_in_the_view_and_grades_it() {
    let r = backported();
    let sb = Sandbox::new();
    let dir = sb.tmp.path().join("exercise");
    let mut t = sb.ferry_on(
        &r.path(),
        &["train", "--dir", dir.to_str().unwrap()],
        (100, 30),
        &[],
    );
    t.wait_for("hunk 1/1", WAIT);
    t.keys(&[b"y", b"c"]);
    t.wait_for("commit message", WAIT);
    t.keys(&[b"\x13"]);
    assert_eq!(t.wait_exit(WAIT).code(), Some(0));
    let s = t.screen();
    assert!(s.contains("1 of 1 file(s) the same"), "{s}");
    assert!(s.contains("same     f.txt"), "{s}");
}
