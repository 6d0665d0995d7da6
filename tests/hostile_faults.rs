//! Writes that fail (a file-size limit standing in for a full disk, a
//! folder that cannot be created, ferry's state folder blocked) leave the
//! files, the index and the saved state as they were, with a clear error.
//! Tests run as root, where permissions do not stop writes, so the faults
//! are ones root meets too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(unix)]

#[path = "support/repo.rs"]
mod repo;

#[path = "support/pick.rs"]
mod pick;

use std::path::Path;
use std::process::{Command, Output};

use pick::{ferry_command, said, snapshot};
use repo::TestRepo;

/// Runs ferry under `ulimit -f` (KiB) with SIGXFSZ ignored, so a write past
/// the limit fails with EFBIG as on a full disk instead of killing ferry.
fn limited(cmd: Command, kib: u32) -> Output {
    let program = cmd.get_program().to_owned();
    let args: Vec<_> = cmd.get_args().map(|a| a.to_owned()).collect();
    let mut sh = Command::new("bash");
    sh.arg("-c")
        .arg(format!("ulimit -f {kib}; trap '' XFSZ; exec \"$@\""))
        .arg("ferry")
        .arg(program)
        .args(args);
    if let Some(dir) = cmd.get_current_dir() {
        sh.current_dir(dir);
    }
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    sh.output().unwrap()
}

fn apply_cmd(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ferry"));
    cmd.args(args).current_dir(dir).env("HOME", dir);
    cmd
}

/// `lines` numbered lines.
fn numbered(lines: usize, tag: &str) -> Vec<u8> {
    (0..lines)
        .map(|i| format!("{tag} line {i:05} of some text\n"))
        .collect::<String>()
        .into_bytes()
}

fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let p = e.path();
            let bytes = if p.is_file() {
                std::fs::read(&p).unwrap()
            } else {
                b"<dir>".to_vec()
            };
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn apply_on_a_full_disk_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.c"), "one\ntwo\nthree\n").unwrap();
    let big = numbered(400, "big");
    std::fs::write(dir.path().join("big.c"), &big).unwrap();
    let patch = "--- a/a.c\n+++ b/a.c\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n\
--- a/big.c\n+++ b/big.c\n@@ -1,3 +1,3 @@\n big line 00000 of some text\n-big line 00001 of some text\n+BIG\n big line 00002 of some text\n";
    std::fs::write(dir.path().join("p.patch"), patch).unwrap();
    let before = files_of(dir.path());
    let out = limited(apply_cmd(dir.path(), &["apply", "p.patch", "--auto"]), 4);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(
        err.contains("cannot write") && err.contains("big.c"),
        "{err}"
    );
    assert!(err.contains("nothing was changed"), "{err}");
    // a.c came first and was fine, yet it is untouched; no temporary file
    // is left behind.
    assert_eq!(files_of(dir.path()), before);
    // Without the limit the same command works.
    let out = apply_cmd(dir.path(), &["apply", "p.patch", "--auto"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert_eq!(
        std::fs::read(dir.path().join("a.c")).unwrap(),
        b"one\nTWO\nthree\n"
    );
}

#[test]
fn apply_that_cannot_create_a_folder_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.c"), "one\ntwo\nthree\n").unwrap();
    std::fs::write(dir.path().join("lib"), "a file where a folder should be\n").unwrap();
    let patch = "--- a/a.c\n+++ b/a.c\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n\
--- /dev/null\n+++ b/lib/new.c\n@@ -0,0 +1 @@\n+new\n";
    std::fs::write(dir.path().join("p.patch"), patch).unwrap();
    let before = files_of(dir.path());
    let out = apply_cmd(dir.path(), &["apply", "p.patch", "--auto"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{}", said(&out));
    assert!(err.contains("lib/new.c"), "{err}");
    assert_eq!(files_of(dir.path()), before);
}

/// What a failed try must not change: HEAD, the index's entries, the
/// worktree and the saved state (the index file's stat data may be
/// refreshed).
fn observed(t: &TestRepo) -> (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>) {
    let snap = snapshot(t);
    let files: Vec<u8> = snap
        .files
        .iter()
        .flat_map(|(p, (c, m))| [p.to_string_lossy().as_bytes(), c, &m.to_le_bytes()].concat())
        .collect();
    (
        snap.head.into_bytes(),
        t.git_ok(&["ls-files", "-s"]),
        files,
        std::fs::read(t.path().join(".git/ferry/state.json")).unwrap_or_default(),
    )
}

/// Upstream: `c1` changes a.c, `c2` changes a.c and big.c; legacy is the base.
fn two_commits() -> (TestRepo, String) {
    let t = TestRepo::new();
    let a = b"int a(void)\n{\n\treturn 1;\n}\n".to_vec();
    let big = numbered(400, "big");
    let base = t.commit(
        &[("a.c", Some(a.as_slice())), ("big.c", Some(big.as_slice()))],
        "base",
        1_000,
    );
    t.commit(
        &[("a.c", Some(&b"int a(void)\n{\n\treturn 2;\n}\n"[..]))],
        "Return two",
        2_000,
    );
    let mut big2 = big.clone();
    big2.extend_from_slice(b"big: one more line\n");
    let c2 = t.commit(
        &[
            ("a.c", Some(&b"int a(void)\n{\n\treturn 3;\n}\n"[..])),
            ("big.c", Some(big2.as_slice())),
        ],
        "Return three, grow big",
        3_000,
    );
    t.branch("legacy", base);
    t.switch("legacy");
    (t, format!("{base}..{c2}"))
}

#[test]
fn pick_on_a_full_disk_rolls_back_and_resumes() {
    let (t, range) = two_commits();
    let out = limited(ferry_command(&t, &["pick", &range, "--auto"]), 8);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(
        err.contains("big.c") && err.contains("File too large"),
        "{err}"
    );
    // The first commit is ported; the second left nothing behind: the
    // worktree and the index are HEAD's, the state says commit 2 of 2 and
    // nothing half-finished.
    assert_eq!(
        String::from_utf8(t.git_ok(&["log", "-1", "--format=%s"])).unwrap(),
        "Return two\n"
    );
    let status = t.git_ok(&["status", "--porcelain", "--untracked-files=all"]);
    assert!(status.is_empty(), "{}", String::from_utf8_lossy(&status));
    let state = std::fs::read_to_string(t.path().join(".git/ferry/state.json")).unwrap();
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert_eq!(state["current"], 1, "{state}");
    assert!(state["finishing"].is_null(), "{state}");
    let before = observed(&t);
    // A second try under the same limit fails the same way and changes nothing.
    let out = limited(ferry_command(&t, &["pick", "--continue", "--auto"]), 8);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(observed(&t) == before, "the failed try changed something");
    // With room again, the port finishes.
    let out = ferry_command(&t, &["pick", "--continue", "--auto"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert!(std::fs::read_to_string(t.path().join("big.c"))
        .unwrap()
        .ends_with("big: one more line\n"));
    assert!(!pick::in_progress(&t));
}

#[test]
fn a_blocked_state_folder_is_a_clear_error_and_nothing_is_written() {
    let (t, range) = two_commits();
    std::fs::write(t.path().join(".git/ferry"), "not a folder\n").unwrap();
    let before = snapshot(&t);
    let out = ferry_command(&t, &["pick", &range, "--auto"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{}", said(&out));
    assert!(err.contains(".git/ferry"), "{err}");
    assert!(snapshot(&t) == before, "something changed");
}
