//! `ferry pick --exec CMD`: the check runs on the written worktree before
//! each commit; passing, it is named in the commit's note; failing, nothing
//! is committed and the worktree and index are as before, with `--auto`
//! (exit 1, the output in the report) and in the view (the hunks again,
//! the failure on the status line).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/repo.rs"]
mod repo;

#[path = "support/pick.rs"]
mod pick;

#[path = "support/pty.rs"]
mod pty;

use std::time::Duration;

use pick::{ferry, in_progress, said, series, show, snapshot};

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn a_passing_check_sees_the_written_files_and_is_named_in_the_note() {
    let s = series(false);
    let fix = s.fixes[0].to_string();
    let check = "grep -q 'x \\* 2 + 2' a.py && echo all good";
    let out = ferry(&s.t, &["pick", &fix, "--auto", "--exec", check]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let message = show(&s.t, "HEAD", "%B");
    assert!(
        message.contains(&format!("[ ferry: checked: `{check}` passed in ")),
        "{message}"
    );
    assert!(message.contains(&format!("(cherry picked from commit {fix})")));
}

/// Fails until `.git/fixed` exists.
const CHECK: &str = "test -f .git/fixed || { echo the build broke; exit 4; }";

#[test]
fn a_failing_check_commits_nothing_and_puts_everything_back() {
    let s = series(false);
    let before = snapshot(&s.t);
    let out = ferry(
        &s.t,
        &["pick", &s.range, "--auto", "--json", "--exec", CHECK],
    );
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let after = snapshot(&s.t);
    assert_eq!(after.head, before.head, "nothing committed");
    assert_eq!(after.files, before.files, "every file as before");
    assert_eq!(
        s.t.git_ok(&["diff", "--cached", "--name-only"]),
        b"",
        "nothing staged"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["result"], "check-failed");
    assert_eq!(report["check"]["status"], 4);
    assert_eq!(report["check"]["output"], "the build broke\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("failed (exit 4)"));
    // The port waits at that commit with its check: once the check
    // passes, `--continue` commits the whole series, each commit checked.
    assert!(in_progress(&s.t));
    std::fs::write(s.t.path().join(".git/fixed"), "").unwrap();
    let out = ferry(&s.t, &["pick", "--continue", "--auto"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    for rev in ["HEAD", "HEAD^", "HEAD^^"] {
        assert!(show(&s.t, rev, "%B").contains("[ ferry: checked: `test -f"));
    }
    assert_eq!(show(&s.t, "HEAD~3", "%H").trim(), before.head.trim());
}

#[test]
fn in_the_view_a_failing_check_brings_the_hunks_back() {
    let s = series(false);
    let fix = s.fixes[0].to_string();
    let home = s.t.home();
    let home = home.to_str().unwrap();
    let mut t = pty::Pty::spawn(
        std::path::Path::new(env!("CARGO_BIN_EXE_ferry")),
        &["pick", &fix, "--exec", "echo tests failed; false"],
        &s.t.path(),
        &[
            ("HOME", home),
            ("XDG_CONFIG_HOME", home),
            ("GIT_CONFIG_NOSYSTEM", "1"),
            ("GIT_CONFIG_GLOBAL", "/dev/null"),
            ("TERM", "xterm-256color"),
        ],
        100,
        30,
    );
    t.wait_for("hunk 1/1", WAIT);
    t.keys(&[b"y", b"c"]);
    t.wait_for("(cherry picked from commit", WAIT);
    t.keys(&[b"\x13"]);
    let screen = t.wait_for("failed (exit 1)", WAIT);
    assert!(screen.contains("tests failed"), "{screen}");
    assert!(screen.contains("hunk 1/1"), "{screen}");
    assert_eq!(
        show(&s.t, "HEAD", "%H").trim(),
        s.legacy.to_string(),
        "nothing committed"
    );
    t.keys(&[b"q"]);
    assert_eq!(t.wait_exit(WAIT).code(), Some(1));
    assert!(s.t.git_ok(&["status", "--porcelain"]).is_empty());
}
