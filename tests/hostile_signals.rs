//! SIGTERM and SIGHUP during the interactive view save the decisions and
//! restore the terminal; a panic restores the terminal and the decisions
//! made so far are kept. The real binary on the demo, in a pseudo-terminal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(unix)]

#[path = "support/pty.rs"]
mod pty;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use pty::{Pty, Sandbox};

const WAIT: Duration = Duration::from_secs(60);

fn saved_decisions(demo: &Path) -> String {
    let state = std::fs::read_to_string(demo.join(".git/ferry/state.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&state).unwrap();
    v["decisions"].to_string()
}

/// Opens the demo, accepts the first hunk, and waits for the view to say so.
fn demo_with_one_decision(sb: &Sandbox, more: &[(&str, &str)]) -> Pty {
    let demo = sb.demo();
    let args = ["demo", "--dir", demo.to_str().unwrap()];
    let mut t = sb.ferry_on(sb.tmp.path(), &args, (80, 24), more);
    t.wait_for("hunk 1/9", WAIT);
    t.keys(&[b"y"]);
    t
}

#[test]
fn sigterm_and_sighup_save_and_restore_the_terminal() {
    for (sig, code) in [("TERM", 143), ("HUP", 129)] {
        let sb = Sandbox::new();
        let mut t = demo_with_one_decision(&sb, &[]);
        t.wait_for("hunk 2/9 · 1 accepted", WAIT);
        assert!(t.alternate_screen());
        let ok = Command::new("kill")
            .args([&format!("-{sig}"), &t.pid().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
        let status = t.wait_exit(WAIT);
        assert_eq!(status.code(), Some(code), "SIG{sig}: {}", t.screen());
        assert!(
            !t.alternate_screen(),
            "SIG{sig}: the alternate screen is left"
        );
        assert!(
            t.screen().contains(&format!("stopped by SIG{sig}")),
            "{}",
            t.screen()
        );
        let demo = sb.demo();
        assert!(saved_decisions(&demo).contains("accept"), "SIG{sig}");
        // And the port resumes with the decision.
        let mut again = sb.ferry(&demo, &["pick", "--continue"]);
        again.wait_for("1 accepted", WAIT);
        again.keys(&[b"q"]);
        again.wait_exit(WAIT);
    }
}

#[test]
fn a_panic_restores_the_terminal_and_keeps_the_decisions() {
    let sb = Sandbox::new();
    let mut t = demo_with_one_decision(&sb, &[("FERRY_TEST_PANIC_AT", "tui-saved")]);
    let status = t.wait_exit(WAIT);
    assert_eq!(status.code(), Some(101), "{}", t.screen());
    assert!(!t.alternate_screen(), "the alternate screen is left");
    assert!(
        t.screen().contains("test panic at tui-saved"),
        "{}",
        t.screen()
    );
    assert!(saved_decisions(&sb.demo()).contains("accept"));
}
