//! `ferry train` in throwaway repositories: upstream fixes on `main`, a
//! drifted `legacy` branch with the maintainers' backports of them. The
//! exercises are found, one is set up in a scratch worktree at its
//! backport's parent without touching the checkout, and a trainee's result
//! is compared with the maintainers' file by file; the command runs end to
//! end with `--auto` (the interactive part is the pick view, tested in
//! `ui_pty.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/repo.rs"]
mod repo;

use std::process::Output;

use ferry::teach::train::{choose, compare, exercises, scratch, TrainError};
use git2::Oid;
use repo::{commit_files, open_sandboxed, TestRepo, EPOCH};

const BASE: &str = "a\nb\nc\nd\ne\nf\ng\nh\n";
const TOP: &str = "legacy 1\nlegacy 2\n";

/// `main`: the base, fix one (f.txt), fix two (g.txt). `legacy`: the base
/// with two lines on top of f.txt, then the backports of both fixes.
struct History {
    t: TestRepo,
    parent: Oid,
    backport_one: Oid,
    backport_two: Oid,
}

fn history() -> History {
    let t = TestRepo::new();
    let base = t.commit(
        &[
            ("f.txt", Some(BASE.as_bytes())),
            ("g.txt", Some(b"x\ny\nz\n".as_slice())),
        ],
        "base",
        EPOCH,
    );
    let one = t.commit(
        &[("f.txt", Some(BASE.replace("d\n", "D\n").as_bytes()))],
        "fix d",
        EPOCH + 60,
    );
    let two = t.commit(
        &[("g.txt", Some(b"x\nY\nz\n".as_slice()))],
        "fix y",
        EPOCH + 120,
    );
    t.branch("legacy", base);
    t.switch("legacy");
    let drifted = format!("{TOP}{BASE}");
    let parent = t.commit(
        &[("f.txt", Some(drifted.as_bytes()))],
        "legacy: a header",
        EPOCH + 180,
    );
    let backport_one = t.commit(
        &[("f.txt", Some(drifted.replace("d\n", "D\n").as_bytes()))],
        &format!("fix d\n\n(cherry picked from commit {one})\n"),
        EPOCH + 240,
    );
    let backport_two = t.commit(
        &[("g.txt", Some(b"x\nY\nz\n".as_slice()))],
        &format!("fix y\n\n(cherry picked from commit {two})\n"),
        EPOCH + 300,
    );
    History {
        t,
        parent,
        backport_one,
        backport_two,
    }
}

fn ferry(h: &History, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ferry"))
        .arg("train")
        .args(args)
        .current_dir(h.t.path())
        .env("HOME", h.t.home())
        .env("XDG_CONFIG_HOME", h.t.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GIT_DIR")
        .output()
        .unwrap()
}

fn oid(o: Oid) -> ferry::git::Oid {
    ferry::git::Oid::from_str(&o.to_string()).unwrap()
}

#[test]
fn the_backports_of_the_branch_are_the_exercises_newest_first() {
    let h = history();
    let repo = h.t.ferry();
    let tip = repo.head_oid().unwrap();
    let found = exercises(&repo, tip, None, "legacy").unwrap();
    let ids: Vec<String> = found.iter().map(|b| b.commit.to_string()).collect();
    assert_eq!(
        ids,
        [h.backport_two.to_string(), h.backport_one.to_string()]
    );
    assert_eq!(found[1].parent.to_string(), h.parent.to_string());
    // Choosing: by number, by seed (stable), else the newest.
    assert_eq!(choose(2, Some(2), None).unwrap(), 1);
    assert!(matches!(
        choose(2, Some(3), None),
        Err(TrainError::NoSuch { n: 3, of: 2 })
    ));
    assert_eq!(choose(2, None, None).unwrap(), 0);
    let a = choose(5, None, Some(7)).unwrap();
    assert_eq!(a, choose(5, None, Some(7)).unwrap());
    assert!(a < 5);
    let picks: std::collections::BTreeSet<usize> =
        (0..40).map(|s| choose(5, None, Some(s)).unwrap()).collect();
    assert!(picks.len() > 2, "seeds spread: {picks:?}");
    // A branch without backports says so.
    let base = found[1].upstream_parent;
    assert!(matches!(
        exercises(&repo, base, None, "main~2"),
        Err(TrainError::NoBackports { .. })
    ));
}

#[test]
fn the_scratch_worktree_sits_at_the_parent_and_results_are_compared() {
    let h = history();
    let repo = h.t.ferry();
    let found = exercises(&repo, repo.head_oid().unwrap(), None, "legacy").unwrap();
    let b = &found[1];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ex1");
    let s = scratch(&repo, b, &path).unwrap();
    assert_eq!(s.branch, "ferry-train/ex1");
    // The worktree has the parent's files; the checkout is untouched.
    let f = std::fs::read_to_string(path.join("f.txt")).unwrap();
    assert_eq!(f, format!("{TOP}{BASE}"));
    assert_eq!(
        repo.head_oid().unwrap().to_string(),
        h.backport_two.to_string()
    );
    let wt = open_sandboxed(&path);
    assert_eq!(wt.head().unwrap().target().unwrap(), h.parent);

    // A trainee who did what the maintainers did: every file the same.
    let drifted = format!("{TOP}{BASE}");
    let right = commit_files(
        &wt,
        &[("f.txt", Some(drifted.replace("d\n", "D\n").as_bytes()))],
        "my port",
        EPOCH + 400,
    );
    let files = compare(&repo, b, oid(right)).unwrap();
    assert_eq!(files.len(), 1);
    assert!(files[0].same, "{files:?}");
    assert_eq!(files[0].path, "f.txt");
    assert!(files[0].diff.is_empty());

    // One who changed the wrong line and touched another file.
    let wrong = commit_files(
        &wt,
        &[
            ("f.txt", Some(drifted.replace("e\n", "D\n").as_bytes())),
            ("NEWS", Some(b"fixed\n".as_slice())),
        ],
        "my second try",
        EPOCH + 500,
    );
    let files = compare(&repo, b, oid(wrong)).unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["NEWS", "f.txt"]);
    assert!(files.iter().all(|f| !f.same));
    let f = &files[1];
    assert!(f.diff.contains("--- a/maintainers/f.txt"), "{}", f.diff);
    assert!(f.diff.contains("+++ b/yours/f.txt"), "{}", f.diff);
    assert!(f.diff.contains("\n+d\n"), "{}", f.diff);
    assert!(f.diff.contains("\n-e\n"), "{}", f.diff);
}

#[test]
fn train_lists_sets_up_ports_and_grades_end_to_end() {
    let h = history();
    let out = ferry(&h, &["--list"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2 exercise(s) on HEAD, newest first:"),
        "{text}"
    );
    assert!(text.contains("1. "), "{text}");
    assert!(text.contains("fix d"), "{text}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("exercise");
    let out = ferry(
        &h,
        &["--pick", "2", "--auto", "--dir", path.to_str().unwrap()],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("Exercise 2/2: port upstream"), "{stdout}");
    assert!(
        stdout.contains("1 of 1 file(s) the same"),
        "{stdout}\n{stderr}"
    );
    assert!(stdout.contains("same     f.txt"), "{stdout}");
    assert!(stdout.contains("git worktree remove"), "{stdout}");
    // The user's checkout did not move.
    let head = h.t.ferry().head_oid().unwrap();
    assert_eq!(head.to_string(), h.backport_two.to_string());
    assert_eq!(
        String::from_utf8_lossy(&h.t.git_ok(&["status", "--porcelain"])),
        ""
    );

    // Out of range, and no terminal without --auto: usage errors, nothing made.
    let out = ferry(&h, &["--pick", "5", "--auto"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no exercise 5"));
    let other = dir.path().join("other");
    let out = ferry(&h, &["--dir", other.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
    assert!(!other.exists());
}
