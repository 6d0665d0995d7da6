//! `ferry pick --auto` committing one commit: author, committer, message,
//! trailer and note; `--no-commit`; the refusals (a file with uncommitted
//! changes, a merge in progress, no identity); the `commit-msg` hook.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/repo.rs"]
mod repo;

#[path = "support/pick.rs"]
mod pick;

use pick::{
    ferry, fix_message, in_progress, said, series, show, snapshot, stderr, AUTHOR, AUTHOR_EMAIL,
    PORTER, PORTER_EMAIL,
};
use repo::EPOCH;

#[test]
fn one_commit_is_committed_with_the_upstream_author_and_the_trailer() {
    let s = series(false);
    let fix = s.fixes[0].to_string();
    let out = ferry(&s.t, &["pick", &fix, "--auto"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert!(!in_progress(&s.t), "the state is removed when done");
    let t = &s.t;
    assert_eq!(show(t, "HEAD^", "%H").trim(), s.legacy.to_string());
    assert_eq!(
        show(t, "HEAD", "%an <%ae>").trim(),
        format!("{AUTHOR} <{AUTHOR_EMAIL}>")
    );
    // The author date is upstream's, with its time zone.
    assert_eq!(
        show(t, "HEAD", "%ad").trim(),
        show(t, &fix, "%ad").trim(),
        "author date"
    );
    assert!(show(t, "HEAD", "%ai").contains("+0200"));
    assert_eq!(show(t, "HEAD", "%at").trim(), (EPOCH + 600).to_string());
    assert_eq!(
        show(t, "HEAD", "%cn <%ce>").trim(),
        format!("{PORTER} <{PORTER_EMAIL}>")
    );
    // An offset is what cherry-pick does by itself: no note.
    assert_eq!(
        show(t, "HEAD", "%B"),
        format!("{}\n(cherry picked from commit {fix})\n\n", fix_message(1))
    );
    let a = std::fs::read_to_string(t.path().join("a.py")).unwrap();
    assert!(a.starts_with("# Legacy copyright header"), "{a}");
    assert!(a.contains("value = x * 2 + 2"), "{a}");
    assert!(t.git_ok(&["status", "--porcelain"]).is_empty());
}

#[test]
fn an_adapted_hunk_is_named_in_a_bracketed_note() {
    let t = repo::TestRepo::new();
    let base = t.commit(
        &[(
            "lib.py",
            Some(&b"def f(x):\n    y = x + 1\n    return y\n\n\ndef g():\n    pass\n"[..]),
        )],
        "base",
        EPOCH,
    );
    t.branch("legacy", base);
    let fix = t.commit(
        &[(
            "lib.py",
            Some(&b"def f(x):\n    y = x + 2\n    return y\n\n\ndef g():\n    pass\n"[..]),
        )],
        "Fix f\n\nf was off by one.\n",
        EPOCH + 60,
    );
    t.switch("legacy");
    // On legacy, f became a method: the hunk must be re-indented.
    t.commit(
        &[("lib.py", Some(&b"import os\n\n\nclass Box:\n    def h(self):\n        return os.sep\n\n    def f(x):\n        y = x + 1\n        return y\n\n\ndef g():\n    pass\n"[..]))],
        "box",
        EPOCH + 120,
    );
    let out = ferry(&t, &["pick", &fix.to_string(), "--auto"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let message = show(&t, "HEAD", "%B");
    let note = message
        .split_once(&format!("(cherry picked from commit {fix})\n"))
        .map(|(_, rest)| rest.trim_end().to_string())
        .unwrap();
    assert!(
        note.starts_with("[ferry: backported with changes:\n - lib.py hunk 1: "),
        "{message}"
    );
    assert!(note.contains("re-indented"), "{message}");
    assert!(note.ends_with(']'), "{message}");
    for line in message.lines() {
        assert!(line.len() <= 72, "{line:?}");
    }
    assert!(std::fs::read_to_string(t.path().join("lib.py"))
        .unwrap()
        .contains("    def f(x):\n        y = x + 2\n"));
}

#[test]
fn no_commit_leaves_the_result_staged_with_the_message_for_git_commit() {
    let s = series(false);
    let t = &s.t;
    let fix = s.fixes[0].to_string();
    let out = ferry(t, &["pick", &fix, "--auto", "--no-commit"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert_eq!(show(t, "HEAD", "%H").trim(), s.legacy.to_string());
    let staged = String::from_utf8(t.git_ok(&["diff", "--cached", "--name-only"])).unwrap();
    assert_eq!(staged, "a.py\n");
    assert!(
        t.git_ok(&["diff", "--name-only"]).is_empty(),
        "worktree = index"
    );
    let merge_msg = std::fs::read_to_string(t.path().join(".git/MERGE_MSG")).unwrap();
    assert!(merge_msg.contains(&format!("(cherry picked from commit {fix})")));
    assert!(!in_progress(t));
}

#[test]
fn a_file_with_uncommitted_changes_is_never_overwritten() {
    let s = series(false);
    let t = &s.t;
    t.write("a.py", b"my own work\n");
    let before = snapshot(t);
    let out = ferry(t, &["pick", &s.range, "--auto"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    let err = stderr(&out);
    assert!(err.contains("a.py has uncommitted changes"), "{err}");
    assert!(err.contains("hint: commit or stash"), "{err}");
    assert_eq!(snapshot(t), before, "nothing written");
    // Nothing was done, so there is nothing to resume.
    assert!(!in_progress(t));
}

#[test]
fn refuses_to_start_in_the_middle_of_a_merge() {
    let s = series(false);
    let t = &s.t;
    // A merge stopped before its commit.
    t.git_ok(&["merge", "--no-commit", "--no-ff", "upstream"]);
    let out = ferry(t, &["pick", &s.fixes[0].to_string(), "--auto"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    let err = stderr(&out);
    assert!(err.contains("a merge is in progress"), "{err}");
    assert!(err.contains("git merge --abort"), "{err}");
    assert!(!in_progress(t));
}

#[test]
fn without_an_identity_the_error_names_the_git_config_to_set() {
    let s = series(false);
    let t = &s.t;
    let mut config = t.repo.config().unwrap();
    config.remove("user.name").unwrap();
    config.remove("user.email").unwrap();
    // The test repository's own identity is gone too.
    let before = snapshot(t);
    let out = ferry(t, &["pick", &s.fixes[0].to_string(), "--auto"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    let err = stderr(&out);
    assert!(err.contains("git config user.name"), "{err}");
    assert!(err.contains("git config user.email"), "{err}");
    assert_eq!(snapshot(t), before);
    assert!(!in_progress(t));
    // --no-commit needs no identity.
    let out = ferry(
        t,
        &["pick", &s.fixes[0].to_string(), "--auto", "--no-commit"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
}

#[cfg(unix)]
fn install_hook(t: &repo::TestRepo, script: &str) {
    use std::os::unix::fs::PermissionsExt;
    let hook = t.path().join(".git/hooks/commit-msg");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(&hook, script).unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn the_commit_msg_hook_adds_its_change_id() {
    let s = series(false);
    let t = &s.t;
    install_hook(
        t,
        "#!/bin/sh\nprintf 'Change-Id: I%s\\n' 0123456789abcdef0123456789abcdef01234567 >> \"$1\"\n",
    );
    let out = ferry(t, &["pick", &s.fixes[0].to_string(), "--auto"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let message = show(t, "HEAD", "%B");
    assert!(
        message.contains(&format!(
            "(cherry picked from commit {})\nChange-Id: I0123456789abcdef0123456789abcdef01234567\n",
            s.fixes[0]
        )),
        "{message}"
    );
}

#[cfg(unix)]
#[test]
fn a_refusing_hook_stops_the_port_with_its_words_and_continue_commits_once_fixed() {
    let s = series(false);
    let t = &s.t;
    install_hook(t, "#!/bin/sh\necho 'missing Change-Id' >&2\nexit 1\n");
    let out = ferry(t, &["pick", &s.fixes[0].to_string(), "--auto"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let err = stderr(&out);
    assert!(err.contains("commit-msg hook"), "{err}");
    assert!(err.contains("missing Change-Id"), "{err}");
    assert!(in_progress(t));
    assert_eq!(show(t, "HEAD", "%H").trim(), s.legacy.to_string());
    // The hook is fixed; --continue commits.
    install_hook(t, "#!/bin/sh\nexit 0\n");
    let out = ferry(t, &["pick", "--continue", "--auto"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert_eq!(show(t, "HEAD^", "%H").trim(), s.legacy.to_string());
    assert!(!in_progress(t));
}
