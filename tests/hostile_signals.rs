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

use pty::Pty;

const WAIT: Duration = Duration::from_secs(60);

fn spawn(tmp: &Path, args: &[&str], more: &[(&str, &str)]) -> Pty {
    let home = tmp.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let home = home.display().to_string();
    let mut env = vec![
        ("HOME", home.as_str()),
        ("XDG_CONFIG_HOME", home.as_str()),
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("TERM", "xterm-256color"),
        ("LANG", "C.UTF-8"),
    ];
    env.extend_from_slice(more);
    Pty::spawn(
        Path::new(env!("CARGO_BIN_EXE_ferry")),
        args,
        tmp,
        &env,
        80,
        24,
    )
}

fn saved_decisions(demo: &Path) -> String {
    let state = std::fs::read_to_string(demo.join(".git/ferry/state.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&state).unwrap();
    v["decisions"].to_string()
}

/// Opens the demo, accepts the first hunk, and waits for the view to say so.
fn demo_with_one_decision(tmp: &Path, more: &[(&str, &str)]) -> Pty {
    let demo = tmp.join("demo");
    let mut t = spawn(tmp, &["demo", "--dir", demo.to_str().unwrap()], more);
    t.wait_for("hunk 1/9", WAIT);
    t.keys(&[b"y"]);
    t
}

#[test]
fn sigterm_and_sighup_save_and_restore_the_terminal() {
    for (sig, code) in [("TERM", 143), ("HUP", 129)] {
        let tmp = tempfile::tempdir().unwrap();
        let mut t = demo_with_one_decision(tmp.path(), &[]);
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
        let demo = tmp.path().join("demo");
        assert!(saved_decisions(&demo).contains("accept"), "SIG{sig}");
        // And the port resumes with the decision.
        let mut again = spawn(&demo, &["pick", "--continue"], &[]);
        again.wait_for("1 accepted", WAIT);
        again.keys(&[b"q"]);
        again.wait_exit(WAIT);
    }
}

#[test]
fn a_panic_restores_the_terminal_and_keeps_the_decisions() {
    let tmp = tempfile::tempdir().unwrap();
    let mut t = demo_with_one_decision(tmp.path(), &[("FERRY_TEST_PANIC_AT", "tui-saved")]);
    let status = t.wait_exit(WAIT);
    assert_eq!(status.code(), Some(101), "{}", t.screen());
    assert!(!t.alternate_screen(), "the alternate screen is left");
    assert!(
        t.screen().contains("test panic at tui-saved"),
        "{}",
        t.screen()
    );
    assert!(saved_decisions(&tmp.path().join("demo")).contains("accept"));
}
