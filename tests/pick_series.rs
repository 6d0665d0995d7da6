//! `ferry pick A..B`: one commit per upstream commit, in order; stopping at
//! the first that needs a person; `--continue`, `--skip`, `--abort`,
//! `--quit`; `--no-commit` over a series.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/repo.rs"]
mod repo;

#[path = "support/pick.rs"]
mod pick;

use pick::{
    ferry, in_progress, said, series, show, snapshot, stderr, subjects_since, AUTHOR, PORTER,
};

#[test]
fn a_series_becomes_one_commit_each_in_order() {
    let s = series(false);
    let t = &s.t;
    let out = ferry(t, &["pick", &s.range, "--auto"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert_eq!(
        subjects_since(t, s.legacy),
        vec![
            "Fix step 1 rounding",
            "Fix step 2 rounding",
            "Fix step 3 rounding"
        ]
    );
    for (i, fix) in s.fixes.iter().enumerate() {
        let rev = format!("HEAD~{}", 2 - i);
        assert_eq!(show(t, &rev, "%an").trim(), AUTHOR);
        assert_eq!(show(t, &rev, "%cn").trim(), PORTER);
        assert_eq!(show(t, &rev, "%at"), show(t, &fix.to_string(), "%at"));
        assert!(show(t, &rev, "%B").contains(&format!("(cherry picked from commit {fix})")));
        // Each commit changes only its own file.
        let changed = t.git_ok(&["diff", "--name-only", &format!("{rev}^"), &rev]);
        assert_eq!(
            String::from_utf8(changed).unwrap(),
            format!("{}.py\n", ["a", "b", "c"][i])
        );
    }
    assert!(!in_progress(t));
    assert!(t.git_ok(&["status", "--porcelain"]).is_empty());
    // The branch moved, HEAD still on it.
    assert_eq!(
        String::from_utf8(t.git_ok(&["symbolic-ref", "HEAD"])).unwrap(),
        "refs/heads/legacy\n"
    );
}

#[test]
fn a_series_stops_at_the_commit_that_needs_a_person_then_skip_goes_on() {
    let s = series(true);
    let t = &s.t;
    let out = ferry(t, &["pick", &s.range, "--auto"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let err = stderr(&out);
    assert!(err.contains("needs a person (commit 2 of 3)"), "{err}");
    assert!(err.contains("ferry pick --continue"), "{err}");
    assert_eq!(subjects_since(t, s.legacy), vec!["Fix step 1 rounding"]);
    assert!(in_progress(t));
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.path().join(".git/ferry/state.json")).unwrap())
            .unwrap();
    assert_eq!(state["version"], 1);
    assert_eq!(state["current"], 1);
    assert!(state["decisions"].is_object(), "{state}");

    // Another port cannot start over it.
    let out = ferry(t, &["pick", &s.range, "--auto"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(stderr(&out).contains("a ferry port is in progress"));
    // --continue with --auto stops again at the same place.
    let out = ferry(t, &["pick", "--continue", "--auto"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    // So does `ferry pick` with no argument.
    let out = ferry(t, &["pick", "--auto"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert_eq!(subjects_since(t, s.legacy), vec!["Fix step 1 rounding"]);

    let out = ferry(t, &["pick", "--skip", "--auto"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert_eq!(
        subjects_since(t, s.legacy),
        vec!["Fix step 1 rounding", "Fix step 3 rounding"]
    );
    assert!(!in_progress(t));
    assert!(t.git_ok(&["status", "--porcelain"]).is_empty());
}

#[test]
fn abort_puts_head_index_and_worktree_back_byte_for_byte() {
    let s = series(true);
    let t = &s.t;
    // The user's own work elsewhere: staged, unstaged and untracked.
    t.write(
        "c.py",
        &[pick::legacy_module("c"), b"# staged note\n".to_vec()].concat(),
    );
    t.git_ok(&["add", "c.py"]);
    t.write("notes.txt", b"untracked\n");
    t.git_ok(&["update-index", "--refresh"]);
    let before = snapshot(t);
    let out = ferry(
        t,
        &["pick", &format!("{}..{}", s.fixes[0], s.fixes[1]), "--auto"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let out = ferry(
        t,
        &[
            "pick",
            &format!("{}^..{}", s.fixes[0], s.fixes[0]),
            "--auto",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(in_progress(t));
    let out = ferry(t, &["pick", "--abort"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert!(!in_progress(t));
    assert_eq!(snapshot(t), before);

    // Now a port that committed first, then stopped.
    let before = snapshot(t);
    let out = ferry(
        t,
        &[
            "pick",
            &format!("{}^..{}", s.fixes[0], s.fixes[1]),
            "--auto",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert_eq!(subjects_since(t, s.legacy), vec!["Fix step 1 rounding"]);
    assert_ne!(snapshot(t), before);
    let out = ferry(t, &["pick", "--abort"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert_eq!(snapshot(t), before);
    // Nothing to abort any more.
    let out = ferry(t, &["pick", "--abort"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(stderr(&out).contains("no ferry port is in progress"));
}

#[test]
fn quit_forgets_the_port_and_keeps_what_was_done() {
    let s = series(true);
    let t = &s.t;
    let out = ferry(t, &["pick", &s.range, "--auto"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let after = snapshot(t);
    let out = ferry(t, &["pick", "--quit"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert!(!t.path().join(".git/ferry").exists());
    assert_eq!(snapshot(t), after);
    // A new port can start.
    let out = ferry(t, &["pick", &s.fixes[2].to_string(), "--auto"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert_eq!(
        subjects_since(t, s.legacy),
        vec!["Fix step 1 rounding", "Fix step 3 rounding"]
    );
}

#[test]
fn the_actions_exclude_each_other_and_a_range() {
    let s = series(false);
    let t = &s.t;
    for args in [
        &["pick", "--continue", "--abort"][..],
        &["pick", "--skip", "--quit"],
        &["pick", "--continue", &s.range],
        &["pick", "--abort", "--no-commit"],
    ] {
        let out = ferry(t, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", said(&out));
    }
    let out = ferry(t, &["pick", "--continue", "--auto"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(stderr(&out).contains("no ferry port is in progress"));
}

#[test]
fn no_commit_over_a_series_stages_what_committing_would_give() {
    let committed = series(false);
    let out = ferry(&committed.t, &["pick", &committed.range, "--auto"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let s = series(false);
    let t = &s.t;
    let out = ferry(t, &["pick", &s.range, "--auto", "--no-commit", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["result"], "applied");
    assert_eq!(report["commits"].as_array().unwrap().len(), 3);
    assert_eq!(show(t, "HEAD", "%H").trim(), s.legacy.to_string());
    let staged = String::from_utf8(t.git_ok(&["write-tree"])).unwrap();
    let tree = String::from_utf8(committed.t.git_ok(&["rev-parse", "HEAD^{tree}"])).unwrap();
    assert_eq!(staged, tree);
    let merge_msg = std::fs::read_to_string(t.path().join(".git/MERGE_MSG")).unwrap();
    for fix in &s.fixes {
        assert!(merge_msg.contains(&format!("(cherry picked from commit {fix})")));
    }
}

#[test]
fn saved_decisions_and_hand_edits_are_resumed() {
    let s = series(true);
    let t = &s.t;
    let out = ferry(t, &["pick", &s.range, "--auto"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    // A person edits the stuck hunk by hand (as the TUI saves it): the last
    // legacy line of b.py becomes theirs.
    let path = t.path().join(".git/ferry/state.json");
    let mut state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    state["decisions"] = serde_json::json!({
        "files": [[{
            "decision": "custom",
            "kind": "edited",
            "span": {"start": 4, "end": 5},
            "lines": ["    return 1  # ported by hand"],
            "final_newline": null
        }]]
    });
    std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();
    let out = ferry(t, &["pick", "--continue", "--auto"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert_eq!(
        subjects_since(t, s.legacy),
        vec![
            "Fix step 1 rounding",
            "Fix step 2 rounding",
            "Fix step 3 rounding"
        ]
    );
    let b = std::fs::read_to_string(t.path().join("b.py")).unwrap();
    assert!(
        b.ends_with("def other():\n    return 1  # ported by hand\n"),
        "{b}"
    );
    let message = show(t, "HEAD~1", "%B");
    assert!(
        message.contains(" - b.py hunk 1: edited by hand]"),
        "{message}"
    );
}

#[test]
fn a_damaged_state_is_named_with_the_way_out() {
    let s = series(true);
    let t = &s.t;
    let out = ferry(t, &["pick", &s.range, "--auto"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    std::fs::write(t.path().join(".git/ferry/state.json"), b"{\"version\": 1, ").unwrap();
    let out = ferry(t, &["pick", "--continue", "--auto"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    let err = stderr(&out);
    assert!(err.contains(".git/ferry/state.json"), "{err}");
    assert!(err.contains("ferry pick --quit"), "{err}");
    let out = ferry(t, &["pick", "--quit"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert!(!in_progress(t));
}
