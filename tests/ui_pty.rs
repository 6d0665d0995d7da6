//! End to end: the real `ferry` binary in a pseudo-terminal on the demo
//! repository. Keys go in, the screen is read back through a terminal
//! emulator, and the repository is checked with git afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/pty.rs"]
mod pty;

use std::process::Command;
use std::time::Duration;

use pty::Sandbox;

const WAIT: Duration = Duration::from_secs(60);
const ESC: &[u8] = b"\x1b";
const CTRL_S: &[u8] = b"\x13";

impl Sandbox {
    fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .args(args)
            .current_dir(self.demo())
            .env("HOME", self.tmp.path().join("home"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

#[test]
fn demo_opens_on_the_fix_and_a_port_is_decided_and_committed() {
    let sb = Sandbox::new();
    let demo = sb.demo();
    let mut t = sb.ferry(sb.tmp.path(), &["demo", "--dir", demo.to_str().unwrap()]);
    let screen = t.wait_for("hunk 1/9", WAIT);
    assert!(t.alternate_screen());
    assert!(screen.contains("native/record.c"), "{screen}");
    assert!(screen.contains("y accept"), "{screen}");
    assert!(screen.contains("offset 1.00"), "{screen}");
    // Accept the first hunk (the view moves to the second, already applied
    // and skipped), go on to the third (the renamed file) and skip it.
    t.keys(&[b"y"]);
    t.wait_for("hunk 2/9 · 1 accepted", WAIT);
    t.keys(&[b"J", b"n"]);
    t.wait_for("hunk 4/9 · 1 accepted · 2 skipped", WAIT);
    // Accept every other placed hunk; the unplaced one is left.
    t.keys(&[b"A"]);
    t.wait_for("still need a person", WAIT);
    t.keys(&[b"c"]);
    t.wait_for("1 hunk undecided", WAIT);
    t.keys(&[b"/", b"n", b"c"]);
    let screen = t.wait_for("commit message", WAIT);
    assert!(
        screen.contains("Reject malformed stock records"),
        "{screen}"
    );
    t.keys(&[CTRL_S]);
    let status = t.wait_exit(WAIT);
    assert!(status.success(), "exit {status:?}; screen:\n{}", t.screen());
    assert!(!t.alternate_screen(), "the alternate screen is left");

    // One commit on the legacy branch, with the upstream subject and the
    // trailer; the skipped hunk's file untouched; the worktree clean.
    let subject = sb.git(&["log", "-1", "--format=%s"]);
    assert_eq!(
        subject.trim(),
        "Reject malformed stock records instead of crashing or overflowing"
    );
    let body = sb.git(&["log", "-1", "--format=%B"]);
    assert!(body.contains("(cherry picked from commit "), "{body}");
    let files = sb.git(&["show", "--name-only", "--format=", "HEAD"]);
    let files: Vec<&str> = files.lines().collect();
    assert!(files.contains(&"native/record.c"), "{files:?}");
    assert!(files.contains(&"src/record.rs"), "{files:?}");
    assert!(files.contains(&"src/store.rs"), "{files:?}");
    assert!(files.contains(&"tools/stockfile.py"), "{files:?}");
    assert!(
        !files.contains(&"native/util.c"),
        "the skipped hunk's file: {files:?}"
    );
    assert_eq!(sb.git(&["status", "--porcelain"]), "");
    // The adapted hunk went in with the legacy name for the variable.
    let store = std::fs::read_to_string(demo.join("src/store.rs")).unwrap();
    assert!(store.contains("if buffer.len() > MAX_LINE"), "{store}");
}

#[test]
fn resizing_redraws_and_quitting_keeps_the_decisions() {
    let sb = Sandbox::new();
    let demo = sb.demo();
    let mut t = sb.ferry(sb.tmp.path(), &["demo", "--dir", demo.to_str().unwrap()]);
    t.wait_for("hunk 1/9", WAIT);
    // Wide enough for the hunk list: it appears after the resize.
    t.resize(140, 40);
    // Output written at the old size may still be arriving: wait for the
    // frame drawn after the resize, which must hold one status line, no ghost.
    t.wait_until("the 140x40 layout with one status line", WAIT, |s| {
        s.contains("hunks (9)") && s.lines().filter(|l| l.contains("hunk 1/9")).count() == 1
    });
    // Tiny, then back: no crash, still running.
    t.resize(12, 4);
    std::thread::sleep(Duration::from_millis(300));
    t.resize(80, 24);
    t.wait_until("the 80x24 layout again", WAIT, |s| {
        s.contains("y accept") && !s.contains("hunks (9)")
    });
    t.keys(&[b"y", b"q"]);
    let status = t.wait_exit(WAIT);
    assert_eq!(status.code(), Some(1), "a paused port needs a person");
    assert!(!t.alternate_screen(), "the alternate screen is left");
    let after = t.screen();
    assert!(after.contains("ferry pick --continue"), "{after}");
    // Nothing was written to the worktree.
    assert_eq!(sb.git(&["status", "--porcelain"]), "");
    // Resuming shows the decision taken before quitting.
    let mut t = sb.ferry(&demo, &["pick", "--continue"]);
    let screen = t.wait_for("1 accepted", WAIT);
    assert!(
        screen.contains("hunk 3/9"),
        "resumes at the first undecided hunk:\n{screen}"
    );
    t.keys(&[b"n"]);
    t.wait_for("2 skipped", WAIT);
    t.keys(&[b"u"]);
    t.wait_for("1 skipped", WAIT);
    t.keys(&[b"q"]);
    assert_eq!(t.wait_exit(WAIT).code(), Some(1));
}

#[test]
fn help_and_explain_open_and_close_in_a_real_terminal() {
    let sb = Sandbox::new();
    let demo = sb.demo();
    let mut t = sb.ferry(
        sb.tmp.path(),
        &[
            "demo",
            "--dir",
            demo.to_str().unwrap(),
            "--theme",
            "high-contrast",
        ],
    );
    t.wait_for("hunk 1/9", WAIT);
    t.keys(&[b"?"]);
    t.wait_for("accept the shown place", WAIT);
    t.keys(&[b"G"]);
    t.wait_for("quit, keeping the decisions", WAIT);
    t.keys(&[ESC]);
    t.wait_until("help closed", WAIT, |s| {
        !s.contains("accept the shown place")
    });
    t.keys(&[b"x"]);
    t.wait_for("why here", WAIT);
    t.keys(&[b"q", b"q"]);
    assert_eq!(t.wait_exit(WAIT).code(), Some(1));
}

#[test]
fn the_users_editor_gets_the_terminal_and_gives_it_back() {
    let sb = Sandbox::new();
    let demo = sb.demo();
    // A scripted editor: git's order puts GIT_EDITOR first.
    let mut t = sb.ferry_on(
        sb.tmp.path(),
        &["demo", "--dir", demo.to_str().unwrap()],
        (80, 24),
        &[
            ("GIT_EDITOR", "sed -i s/MAX_FIELDS/MAX_FIELDS_EDITED/"),
            ("EDITOR", "false"),
        ],
    );
    t.wait_for("hunk 1/9", WAIT);
    t.keys(&[b"E"]);
    let screen = t.wait_for("edited by hand", WAIT);
    assert!(screen.contains("MAX_FIELDS_E"), "{screen}");
    assert!(t.alternate_screen(), "the view is back");
    assert!(screen.contains("1 edited"), "{screen}");
    // One undo takes the whole edit back.
    t.keys(&[b"u"]);
    t.wait_until("the edit undone", WAIT, |s| !s.contains("MAX_FIELDS_E"));
    t.keys(&[b"q"]);
    assert_eq!(t.wait_exit(WAIT).code(), Some(1));
}
