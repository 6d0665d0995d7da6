//! `ferry eval` on a branch: a throwaway repository whose maintenance branch
//! holds a clean backport, one the maintainer adapted, and one whose context
//! drifted; the library's counts and the binary's JSON are checked against
//! what each tool must do there. Strict `git apply` is checked against the
//! git command on generated cases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/repo.rs"]
mod repo;

use ferry::eval::{
    evaluate, find_backports, git_apply, EvalOptions, FindOptions, Outcome, Pairing,
};
use ferry::git::{Oid, Repo};
use ferry::port::PortOptions;
use repo::{git_command, TestRepo, EPOCH};

/// A C file of a few functions; `top` goes before them, `limit` is
/// `check_limit`'s error return, `comment` and `len` are two adjacent lines
/// of `flush`.
fn c_file(top: &str, limit: &str, comment: &str, len: &str) -> Vec<u8> {
    format!(
        "#include <stdio.h>\n\
         #include <stdlib.h>\n\
         {top}\n\
         static int parse_header(const char *s)\n\
         {{\n\
         \tint n = 0;\n\
         \twhile (*s == ' ')\n\
         \t\ts++;\n\
         \tn = atoi(s);\n\
         \treturn n;\n\
         }}\n\
         \n\
         static int check_limit(int n)\n\
         {{\n\
         \tif (n > 100)\n\
         \t\treturn {limit};\n\
         \tif (n < 0)\n\
         \t\treturn -2;\n\
         \treturn 0;\n\
         }}\n\
         \n\
         static void flush(struct buf *b)\n\
         {{\n\
         \t{comment}\n\
         \t{len}\n\
         \twrite_all(b->fd, b->data, n);\n\
         \tb->len = 0;\n\
         \tb->flushed++;\n\
         }}\n\
         \n\
         int main(void)\n\
         {{\n\
         \treturn check_limit(parse_header(\"  7\"));\n\
         }}\n"
    )
    .into_bytes()
}

/// A Python module; `timeout` is the argument of `settimeout`.
fn py_file(timeout: &str) -> Vec<u8> {
    format!(
        "import socket\n\
         \n\
         \n\
         def open_socket(host):\n\
         \x20   return socket.create_connection((host, 80))\n\
         \n\
         \n\
         def connect(host, port):\n\
         \x20   sock = open_socket(host)\n\
         \x20   sock.settimeout({timeout})\n\
         \x20   sock.setblocking(True)\n\
         \x20   return sock\n\
         \n\
         \n\
         def close(sock):\n\
         \x20   sock.shutdown(socket.SHUT_RDWR)\n\
         \x20   sock.close()\n"
    )
    .into_bytes()
}

const COMMENT: &str = "/* write what is pending */";
const DRIFTED_COMMENT: &str = "/* Write out whatever is pending. */";
const LEN: &str = "size_t n = b->len;";
const FIXED_LEN: &str = "size_t n = b->len < b->cap ? b->len : b->cap;";
const EXTRA_FN: &str = "\nstatic int unused(void)\n{\n\treturn 1;\n}\n";

/// The scenario's repository and commits.
struct Scenario {
    t: TestRepo,
    main: Oid,
    maint: Oid,
    /// Upstream fixes: clean, adapted, drifted.
    x: [Oid; 3],
    /// Their backports, in the same order.
    b: [Oid; 3],
}

fn scenario() -> Scenario {
    let t = TestRepo::new();
    let clean = |limit: &str| c_file("", limit, COMMENT, LEN);
    let base = t.commit(
        &[
            ("src/clean.c", Some(clean("-1").as_slice())),
            (
                "src/drift.c",
                Some(c_file("", "-1", COMMENT, LEN).as_slice()),
            ),
            ("net/conn.py", Some(py_file("30").as_slice())),
            ("README", Some(b"demo\n".as_slice())),
        ],
        "Import",
        EPOCH,
    );
    t.branch("maint", base);

    // Upstream.
    let xa = t.commit(
        &[("src/clean.c", Some(clean("-EINVAL").as_slice()))],
        "limit: return -EINVAL",
        EPOCH + 60,
    );
    let xb = t.commit(
        &[("net/conn.py", Some(py_file("timeout_for(host)").as_slice()))],
        "conn: per-host timeouts",
        EPOCH + 120,
    );
    let xc = t.commit(
        &[(
            "src/drift.c",
            Some(c_file("", "-1", COMMENT, FIXED_LEN).as_slice()),
        )],
        "flush: never write past the capacity",
        EPOCH + 180,
    );
    let main = t.commit(
        &[("README", Some(b"demo, now with docs\n".as_slice()))],
        "README: say more",
        EPOCH + 200,
    );

    // The maintenance branch drifts, then takes the three fixes.
    t.switch("maint");
    t.commit(
        &[
            (
                "src/clean.c",
                Some(c_file(EXTRA_FN, "-1", COMMENT, LEN).as_slice()),
            ),
            (
                "src/drift.c",
                Some(c_file("", "-1", DRIFTED_COMMENT, LEN).as_slice()),
            ),
        ],
        "maint: local changes",
        EPOCH + 240,
    );
    let ba = t.commit(
        &[(
            "src/clean.c",
            Some(c_file(EXTRA_FN, "-EINVAL", COMMENT, LEN).as_slice()),
        )],
        &format!("limit: return -EINVAL\n\n(cherry picked from commit {xa})\n"),
        EPOCH + 300,
    );
    let bb = t.commit(
        &[(
            "net/conn.py",
            Some(py_file("legacy_timeout(host)").as_slice()),
        )],
        &format!("conn: per-host timeouts\n\nBackport of {xb} from main.\n"),
        EPOCH + 360,
    );
    let bc = t.commit(
        &[(
            "src/drift.c",
            Some(c_file("", "-1", DRIFTED_COMMENT, FIXED_LEN).as_slice()),
        )],
        &format!("[ Upstream commit {xc} ]\n\nflush: never write past the capacity\n"),
        EPOCH + 420,
    );
    // Names a commit this repository does not have: not a backport here.
    let maint = t.commit(
        &[("README", Some(b"demo 1.0.1\n".as_slice()))],
        "Release 1.0.1\n\n(cherry picked from commit 0123456789abcdef0123)\n",
        EPOCH + 480,
    );
    Scenario {
        t,
        main,
        maint,
        x: [xa, xb, xc],
        b: [ba, bb, bc],
    }
}

fn options(s: &Scenario, limit: Option<usize>) -> EvalOptions {
    EvalOptions {
        find: FindOptions {
            tip: s.maint,
            upstream: Some(s.main),
            limit,
            match_subjects: true,
        },
        port: PortOptions::default(),
    }
}

#[test]
fn finds_the_backports_newest_first_with_how_each_names_its_upstream() {
    let s = scenario();
    let repo: Repo = s.t.ferry();
    let found = find_backports(&repo, &options(&s, None).find).unwrap();
    let got: Vec<(Oid, Oid, Pairing)> = found
        .iter()
        .map(|b| (b.commit, b.upstream, b.pairing))
        .collect();
    assert_eq!(
        got,
        vec![
            (s.b[2], s.x[2], Pairing::UpstreamCommit),
            (s.b[1], s.x[1], Pairing::BackportOf),
            (s.b[0], s.x[0], Pairing::CherryPicked),
        ]
    );
    let one = find_backports(&repo, &options(&s, Some(1)).find).unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].commit, s.b[2]);
}

/// Merges `maint` back into `main` (keeping main's files), as projects with
/// long-term-support branches do; returns the merge.
fn merge_back(s: &Scenario) -> Oid {
    s.t.switch("main");
    s.t.git_ok(&[
        "merge",
        "--quiet",
        "-s",
        "ours",
        "-m",
        "Merge maint",
        "maint",
    ]);
    s.t.repo.head().unwrap().target().unwrap()
}

#[test]
fn a_branch_merged_back_into_upstream_keeps_its_backports() {
    let s = scenario();
    let merged = merge_back(&s);
    let repo: Repo = s.t.ferry();
    let find = FindOptions {
        upstream: Some(merged),
        ..options(&s, None).find
    };
    let found: Vec<Oid> = find_backports(&repo, &find)
        .unwrap()
        .iter()
        .map(|b| b.commit)
        .collect();
    assert_eq!(found, vec![s.b[2], s.b[1], s.b[0]]);
}

#[test]
fn binary_takes_an_upstream_that_merged_the_branch_back_by_default() {
    let s = scenario();
    merge_back(&s);
    let out = ferry_eval(&s, &["--branch", "maint", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["upstream"], "main");
    assert_eq!(v["backports"], 3);
    // Evaluating the upstream branch itself finds nothing of its own.
    let out = ferry_eval(&s, &["--branch", "main", "--upstream", "main", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["backports"], 0);
}

#[test]
fn library_counts_each_tool_on_each_kind_of_backport() {
    let s = scenario();
    let repo = s.t.ferry();
    let mut calls = Vec::new();
    let e = evaluate(&repo, &options(&s, None), &mut |done, total| {
        calls.push((done, total))
    })
    .unwrap();
    assert_eq!(calls, vec![(0, 3), (1, 3), (2, 3), (3, 3)]);
    assert!(e.failures.is_empty(), "{:?}", e.failures);
    let row = |path: &str| {
        e.files
            .iter()
            .find(|r| r.path == path.as_bytes())
            .unwrap_or_else(|| panic!("no row for {path}: {:?}", e.files))
    };

    let clean = row("src/clean.c");
    assert_eq!(clean.backport, s.b[0]);
    assert!(clean.applies_cleanly && !clean.hard);
    assert_eq!(
        (clean.ferry, clean.merge, clean.apply),
        (Outcome::Correct, Outcome::Correct, Outcome::Correct),
        "{}",
        clean.ferry_note
    );

    // The maintainer wrote another line than upstream's: the patch applies,
    // but no tool can know the maintainer's line.
    let adapted = row("net/conn.py");
    assert!(adapted.applies_cleanly && adapted.hard);
    assert_ne!(adapted.ferry, Outcome::Correct, "{}", adapted.ferry_note);
    assert_eq!(
        (adapted.merge, adapted.apply),
        (Outcome::Wrong, Outcome::Wrong)
    );

    // A neighbouring line changed on the branch: git apply and the merge
    // stop, ferry keeps the branch's line and ports the fix.
    let drift = row("src/drift.c");
    assert!(!drift.applies_cleanly && drift.hard);
    assert_eq!(
        (drift.ferry, drift.merge, drift.apply),
        (Outcome::Correct, Outcome::Refused, Outcome::Refused),
        "{}",
        drift.ferry_note
    );

    let t = e.totals();
    assert_eq!((t.all.files, t.hard.files, t.not_applying.files), (3, 2, 1));
    assert_eq!(t.all.ferry.correct, 2);
    assert_eq!(t.all.ferry.wrong + t.all.ferry.refused, 1);
    assert_eq!(
        (t.all.merge.correct, t.all.merge.wrong, t.all.merge.refused),
        (1, 1, 1)
    );
    assert_eq!(
        (
            t.hard.merge.correct,
            t.hard.merge.wrong,
            t.hard.merge.refused
        ),
        (0, 1, 1)
    );
    assert_eq!((t.hard.ferry.correct, t.not_applying.ferry.correct), (1, 1));
    assert_eq!(t.not_applying.merge.refused, 1);
}

/// A maintainer who applied the fix and changed more tells apart from one
/// who wrote the fix otherwise: the wrong file is contained in theirs.
#[test]
fn tells_wrong_files_the_maintainer_only_added_to() {
    let t = TestRepo::new();
    let file = |limit: &str, extra: &str| c_file(extra, limit, COMMENT, LEN);
    let base = t.commit(
        &[("src/clean.c", Some(file("-1", "").as_slice()))],
        "Import",
        EPOCH,
    );
    t.branch("maint", base);
    let fix = t.commit(
        &[("src/clean.c", Some(file("-EINVAL", "").as_slice()))],
        "limit: return -EINVAL",
        EPOCH + 60,
    );
    t.switch("maint");
    // The backport also adds a function of the maintainer's own.
    let backport = t.commit(
        &[("src/clean.c", Some(file("-EINVAL", EXTRA_FN).as_slice()))],
        &format!("limit: return -EINVAL\n\n(cherry picked from commit {fix})\n"),
        EPOCH + 120,
    );
    let opts = EvalOptions {
        find: FindOptions {
            tip: backport,
            upstream: Some(fix),
            limit: None,
            match_subjects: false,
        },
        port: PortOptions::default(),
    };
    let e = evaluate(&t.ferry(), &opts, &mut |_, _| {}).unwrap();
    let [row] = e.files.as_slice() else {
        panic!("{:?}", e.files)
    };
    assert_eq!((row.ferry, row.merge), (Outcome::Wrong, Outcome::Wrong));
    assert_eq!(
        (row.ferry_within, row.merge_within),
        (Some(true), Some(true))
    );
    let totals = e.totals();
    assert_eq!((totals.all.ferry.within, totals.all.merge.within), (1, 1));

    // The scenario's maintainer wrote upstream's new line otherwise.
    let s = scenario();
    let e = evaluate(&s.t.ferry(), &options(&s, None), &mut |_, _| {}).unwrap();
    let adapted = e.files.iter().find(|r| r.path == b"net/conn.py").unwrap();
    assert_eq!(
        (adapted.merge, adapted.merge_within),
        (Outcome::Wrong, Some(false))
    );
    let drift = e.files.iter().find(|r| r.path == b"src/drift.c").unwrap();
    assert_eq!((drift.ferry_within, drift.merge_within), (None, None));
}

/// A cherry-pick the maintainer kept empty (`--allow-empty`, the branch
/// already had the change) has no diff to read: it is left out and counted,
/// not reported as a backport that could not be read.
#[test]
fn an_empty_cherry_pick_is_left_out_not_failed() {
    let s = scenario();
    s.t.switch("main");
    let upstream = s.t.commit(
        &[("README", Some(b"demo, with docs\n".as_slice()))],
        "README: fewer words",
        EPOCH + 500,
    );
    s.t.switch("maint");
    let empty = s.t.commit::<&str>(
        &[],
        &format!("README: fewer words\n\n(cherry picked from commit {upstream})\n"),
        EPOCH + 540,
    );
    let opts = EvalOptions {
        find: FindOptions {
            tip: empty,
            upstream: Some(upstream),
            ..options(&s, None).find
        },
        port: PortOptions::default(),
    };
    let e = evaluate(&s.t.ferry(), &opts, &mut |_, _| {}).unwrap();
    assert!(e.failures.is_empty(), "{:?}", e.failures);
    assert_eq!(e.backports.len(), 4);
    assert_eq!(e.skipped.empty_commits, 1);
    assert_eq!(e.totals().all.files, 3);

    let out = ferry_eval(&s, &["--branch", "maint", "--upstream", "main"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("1 backports that change nothing"), "{text}");
}

#[test]
fn subjects_pair_squash_merged_backports_only_when_asked_and_consistent() {
    let t = TestRepo::new();
    let base = t.commit(
        &[(
            "src/drift.c",
            Some(c_file("", "-1", COMMENT, LEN).as_slice()),
        )],
        "Import",
        EPOCH,
    );
    t.branch("maint", base);
    let u = t.commit(
        &[(
            "src/drift.c",
            Some(c_file("", "-EINVAL", COMMENT, LEN).as_slice()),
        )],
        "limit: return an errno (#42)",
        EPOCH + 60,
    );
    let main = t.commit(
        &[(
            "src/drift.c",
            Some(c_file("", "-EINVAL", COMMENT, FIXED_LEN).as_slice()),
        )],
        "flush: cap the length (#43)",
        EPOCH + 120,
    );
    t.switch("maint");
    let b = t.commit(
        &[(
            "src/drift.c",
            Some(c_file("", "-EINVAL", COMMENT, LEN).as_slice()),
        )],
        "[1.0] limit: return an errno (#42) (#57)",
        EPOCH + 180,
    );
    // Same subject, other pull request: not the same change.
    let tip = t.commit(
        &[(
            "src/drift.c",
            Some(c_file("", "-EINVAL", DRIFTED_COMMENT, LEN).as_slice()),
        )],
        "flush: cap the length (#41) (#58)",
        EPOCH + 240,
    );
    let repo = t.ferry();
    let mut opts = FindOptions {
        tip,
        upstream: Some(main),
        limit: None,
        match_subjects: true,
    };
    let found = find_backports(&repo, &opts).unwrap();
    let got: Vec<(Oid, Oid, Pairing)> = found
        .iter()
        .map(|f| (f.commit, f.upstream, f.pairing))
        .collect();
    assert_eq!(got, vec![(b, u, Pairing::Subject)]);
    opts.match_subjects = false;
    assert!(find_backports(&repo, &opts).unwrap().is_empty());
}

/// Runs the binary in the scenario's repository with the user's git
/// configuration kept out.
fn ferry_eval(s: &Scenario, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ferry"))
        .arg("eval")
        .args(args)
        .current_dir(s.t.path())
        .env("HOME", s.t.home())
        .env("XDG_CONFIG_HOME", s.t.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GIT_DIR")
        .output()
        .unwrap()
}

#[test]
fn binary_prints_the_counts_and_rows_as_json() {
    let s = scenario();
    let out = ferry_eval(&s, &["--branch", "maint", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "no progress bar off a terminal");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["upstream"], "main", "found by default");
    assert_eq!(v["backports"], 3);
    let all = &v["totals"]["all"];
    assert_eq!(all["files"], 3);
    assert_eq!(all["ferry"]["correct"], 2);
    assert_eq!(all["merge"]["correct"], 1);
    assert_eq!(all["merge"]["wrong"], 1);
    assert_eq!(all["merge"]["refused"], 1);
    assert_eq!(v["totals"]["hard"]["files"], 2);
    assert_eq!(v["totals"]["hard"]["ferry"]["correct"], 1);
    assert_eq!(v["totals"]["not_applying"]["files"], 1);
    let files = v["files"].as_array().unwrap();
    let drift = files.iter().find(|f| f["path"] == "src/drift.c").unwrap();
    assert_eq!(drift["backport"], s.b[2].to_string());
    assert_eq!(drift["upstream"], s.x[2].to_string());
    assert_eq!(drift["pairing"], "upstream-commit");
    assert_eq!(drift["ferry"], "correct");
    assert_eq!(drift["merge"], "refused");
    assert_eq!(drift["apply"], "refused");
    assert_eq!(drift["applies_cleanly"], false);
    assert_eq!(drift["hard"], true);
    // Wrong files the maintainer's file contains: counted for ferry and
    // the merge, marked on the wrong rows only.
    assert_eq!(all["merge"]["within"], 0);
    assert!(all["apply"].get("within").is_none());
    assert!(drift.get("merge_within").is_none());
    let adapted = files.iter().find(|f| f["path"] == "net/conn.py").unwrap();
    assert_eq!(adapted["merge_within"], false);

    // The same from elsewhere with -C, limited to the newest backport, as text.
    let dir = s.t.path();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ferry"))
        .args(["eval", "-C"])
        .arg(&dir)
        .args(["--branch", "maint", "--limit", "1", "--upstream", "main"])
        .current_dir(s.t.home())
        .env("HOME", s.t.home())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(
        text.starts_with(
            "maint: 1 backports (commits since the branch left main), 1 files evaluated"
        ),
        "{text}"
    );
    assert!(text.contains("\nall files (n=1)\n"), "{text}");
    let ferry_row = text
        .lines()
        .find(|l| l.trim_start().starts_with("ferry"))
        .unwrap();
    assert_eq!(
        ferry_row.split_whitespace().collect::<Vec<_>>(),
        ["ferry", "1", "100.0%", "0", "0.0%", "0", "0.0%"]
    );
}

#[test]
fn binary_refuses_an_unknown_branch_with_a_usage_error() {
    let s = scenario();
    let out = ferry_eval(&s, &["--branch", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown branch or revision 'no-such-branch'"),
        "{err}"
    );
}

/// A small deterministic generator (a linear congruential one).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

/// Lines from a tiny alphabet, so pre-images repeat and the search order
/// matters.
fn random_lines(rng: &mut Lcg, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| match rng.next(5) {
            0 => format!("unique {i}"),
            _ => ["a", "b", "c"][rng.next(3)].to_string(),
        })
        .collect()
}

/// A few random insertions, deletions and replacements; lines inserted
/// at the top shift everything, as drift on a branch does.
fn edit(rng: &mut Lcg, lines: &[String], edits: usize, tag: &str) -> Vec<String> {
    let mut out = lines.to_vec();
    for e in 0..edits {
        let at = rng.next(out.len() + 1);
        match rng.next(4) {
            0 => out.insert(at, format!("{tag} new {e}")),
            1 if at < out.len() && out.len() > 2 => {
                out.remove(at);
            }
            2 => out.insert(0, ["a", "b", "c", tag][rng.next(4)].to_string()),
            _ if at < out.len() => out[at] = format!("{tag} changed {e}"),
            _ => out.push(format!("{tag} tail {e}")),
        }
    }
    out
}

fn join(lines: &[String], final_newline: bool) -> Vec<u8> {
    let mut text = lines.join("\n");
    if final_newline {
        text.push('\n');
    }
    text.into_bytes()
}

#[test]
fn strict_apply_agrees_with_git_apply() {
    let t = TestRepo::new();
    let mut rng = Lcg(20240601);
    let cases = 300;
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut legacy = Vec::new();
    for i in 0..cases {
        let n = 4 + rng.next(30);
        let base = random_lines(&mut rng, n);
        let newline = rng.next(5) > 0;
        let k = 1 + rng.next(3);
        let up = edit(&mut rng, &base, k, "up");
        let k = 1 + rng.next(3);
        let leg = match rng.next(4) {
            0 => base.clone(),
            _ => edit(&mut rng, &base, k, "legacy"),
        };
        before.push((format!("f{i}.txt"), join(&base, newline)));
        after.push((format!("f{i}.txt"), join(&up, newline || rng.next(2) == 0)));
        legacy.push(join(&leg, newline));
    }
    let files = |set: &[(String, Vec<u8>)]| -> Vec<(String, Option<Vec<u8>>)> {
        set.iter()
            .map(|(p, c)| (p.clone(), Some(c.clone())))
            .collect()
    };
    let commit = |set: &[(String, Vec<u8>)], msg: &str, time: i64| {
        let owned = files(set);
        let refs: Vec<(&str, Option<&[u8]>)> = owned
            .iter()
            .map(|(p, c)| (p.as_str(), c.as_deref()))
            .collect();
        t.commit(&refs, msg, time)
    };
    let a = commit(&before, "before", EPOCH);
    let b = commit(&after, "after", EPOCH + 60);
    let scratch = tempfile::tempdir().unwrap();
    let (mut applied, mut refused) = (0, 0);
    for (i, leg) in legacy.iter().enumerate() {
        let path = format!("f{i}.txt");
        let patch = t.git_ok(&["diff", &a.to_string(), &b.to_string(), "--", &path]);
        if patch.is_empty() {
            continue;
        }
        let parsed = ferry::patch::parse(&patch).unwrap();
        let hunks = &parsed.commits[0].files[0].hunks;
        let ours = git_apply(leg, hunks);

        let dir = scratch.path().join(format!("case{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(&path), leg).unwrap();
        std::fs::write(dir.join("p.patch"), &patch).unwrap();
        let out = git_command(&dir, &t.home())
            .env("GIT_CEILING_DIRECTORIES", scratch.path())
            .args(["apply", "p.patch"])
            .output()
            .unwrap();
        let git = out
            .status
            .success()
            .then(|| std::fs::read(dir.join(&path)).unwrap());
        assert_eq!(
            ours.as_deref().map(String::from_utf8_lossy),
            git.as_deref().map(String::from_utf8_lossy),
            "case {i}: legacy\n{}\npatch\n{}\ngit: {}",
            String::from_utf8_lossy(leg),
            String::from_utf8_lossy(&patch),
            String::from_utf8_lossy(&out.stderr)
        );
        if git.is_some() {
            applied += 1;
        } else {
            refused += 1;
        }
    }
    // The generator must exercise both answers.
    assert!(
        applied >= 10 && refused >= 10,
        "{applied} applied, {refused} refused"
    );
}
