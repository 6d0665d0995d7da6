//! The demo repository really holds what `ferry::demo` says: the legacy
//! branch checked out and clean, the same commit ids on every run, and on the
//! fix one hunk per kind of drift, each checked hunk by hunk with the real
//! `git apply` against the legacy worktree.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use ferry::demo::{self, DemoError, DemoHunk, DemoRepo, Drift};
use tempfile::TempDir;

/// An offset at least this large means git found the hunk far from its own
/// line numbers, not just shifted by a few lines.
const FAR: i64 = 20;

/// The local variable the legacy branch renamed: (upstream, legacy).
const RENAMED_VARIABLE: (&str, &str) = ("buf", "buffer");

/// A temporary directory holding the demo repository and a `HOME` for git.
struct Sandbox {
    tmp: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("home")).unwrap();
        Sandbox { tmp }
    }

    fn dir(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// Runs git in `repo` with the user's configuration kept out.
    fn git_in(&self, repo: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
        let mut cmd = Command::new("git");
        cmd.args(args)
            .current_dir(repo)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("HOME", self.dir("home"))
            .env("LC_ALL", "C")
            .env("LANGUAGE", "C")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("git runs");
        if let Some(input) = stdin {
            child.stdin.take().unwrap().write_all(input).unwrap();
        }
        drop(child.stdin.take());
        child.wait_with_output().unwrap()
    }

    /// Runs git and returns its standard output, failing the test if git fails.
    fn git_ok(&self, repo: &Path, args: &[&str]) -> String {
        let out = self.git_in(repo, args, None);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

/// What `git apply --check -v` said about a one-hunk patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Applies at its own line numbers.
    Clean,
    /// Applies this many lines away from its own line numbers.
    Offset(i64),
    /// Does not apply.
    Fails,
}

impl Outcome {
    fn applies(self) -> bool {
        self != Outcome::Fails
    }
}

fn check(sandbox: &Sandbox, repo: &Path, patch: &str, extra: &[&str]) -> Outcome {
    let mut args = vec!["apply", "--check", "-v"];
    args.extend_from_slice(extra);
    args.push("-");
    let out = sandbox.git_in(repo, &args, Some(patch.as_bytes()));
    if !out.status.success() {
        return Outcome::Fails;
    }
    let stderr = String::from_utf8(out.stderr).unwrap();
    // "Hunk #1 succeeded at 73 (offset 5 lines)."
    match stderr.split_once("(offset ") {
        Some((_, rest)) => {
            let n = rest.split_whitespace().next().unwrap();
            Outcome::Offset(n.parse().unwrap())
        }
        None => Outcome::Clean,
    }
}

/// One hunk of a patch, with the header of its file: a patch of its own.
#[derive(Debug, Clone)]
struct OneHunk {
    /// The file's path after the change (`+++ b/<path>`).
    path: String,
    /// `diff --git` up to and including `+++`.
    header: String,
    /// `@@ ... @@` and the hunk's lines, each ending in `\n`.
    hunk: String,
}

impl OneHunk {
    fn patch(&self) -> String {
        format!("{}{}", self.header, self.hunk)
    }

    /// The patch with the file's path replaced everywhere in the header.
    fn patch_at(&self, path: &str) -> String {
        format!("{}{}", self.header.replace(&self.path, path), self.hunk)
    }

    /// The body lines starting with `prefix` (`' '`, `'-'`, `'+'`), without it.
    fn lines(&self, prefix: char) -> Vec<&str> {
        self.hunk
            .lines()
            .skip(1)
            .filter_map(|l| l.strip_prefix(prefix))
            .collect()
    }
}

/// Splits `git show` output into one patch per hunk, in order.
fn split_hunks(patch: &str) -> Vec<OneHunk> {
    let mut out: Vec<OneHunk> = Vec::new();
    let mut header = String::new();
    let mut path = String::new();
    let mut in_header = false;
    for line in patch.split_inclusive('\n') {
        if line.starts_with("diff --git ") {
            header = line.to_string();
            in_header = true;
        } else if line.starts_with("@@") {
            in_header = false;
            out.push(OneHunk {
                path: path.clone(),
                header: header.clone(),
                hunk: line.to_string(),
            });
        } else if in_header {
            if let Some(p) = line.strip_prefix("+++ b/") {
                path = p.trim_end().to_string();
            }
            header.push_str(line);
        } else {
            out.last_mut()
                .expect("hunk line before any hunk")
                .hunk
                .push_str(line);
        }
    }
    out
}

/// Replaces the identifier `from` with `to` wherever it is a whole word.
fn rename_word(text: &str, from: &str, to: &str) -> String {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once('\0')) {
        if is_word(c) {
            word.push(c);
            continue;
        }
        out.push_str(if word == from { to } else { &word });
        word.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

fn build(sandbox: &Sandbox, name: &str) -> DemoRepo {
    let dir = sandbox.dir(name);
    let repo = demo::build(&dir).unwrap();
    assert_eq!(repo.path, dir);
    repo
}

fn legacy_file(repo: &DemoRepo, path: &str) -> Option<String> {
    std::fs::read_to_string(repo.path.join(path)).ok()
}

#[test]
fn legacy_branch_is_checked_out_and_clean() {
    let sandbox = Sandbox::new();
    let repo = build(&sandbox, "demo");
    let dir = &repo.path;

    let head = sandbox.git_ok(dir, &["symbolic-ref", "HEAD"]);
    assert_eq!(head.trim(), format!("refs/heads/{}", repo.legacy_branch));
    let status = sandbox.git_ok(dir, &["status", "--porcelain", "--untracked-files=all"]);
    assert_eq!(status, "", "the worktree and index match the legacy branch");

    let upstream_tip = sandbox.git_ok(dir, &["rev-parse", &repo.upstream_branch]);
    assert_eq!(
        upstream_tip.trim(),
        repo.fix_commit,
        "the fix ends upstream"
    );
    assert_eq!(repo.fix_commit.len(), 40);
    assert!(repo.fix_commit.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(
        demo::pick_command(&repo),
        format!("ferry pick {}", repo.fix_commit)
    );

    // The legacy branch was cut from an older commit and has its own commits.
    let fork = sandbox.git_ok(
        dir,
        &["merge-base", &repo.upstream_branch, &repo.legacy_branch],
    );
    let count = |range: String| -> usize {
        sandbox
            .git_ok(dir, &["rev-list", "--count", &range])
            .trim()
            .parse()
            .unwrap()
    };
    assert!(count(format!("{}..{}", fork.trim(), repo.legacy_branch)) >= 2);
    assert!(count(format!("{}..{}", fork.trim(), repo.upstream_branch)) >= 3);

    // The fix is one commit touching several files in all three languages.
    let files = sandbox.git_ok(dir, &["show", "--format=", "--name-only", &repo.fix_commit]);
    let extensions: BTreeSet<_> = files
        .lines()
        .filter_map(|f| f.rsplit_once('.'))
        .map(|(_, e)| e)
        .collect();
    assert_eq!(extensions, BTreeSet::from(["c", "py", "rs"]));
}

#[test]
fn commit_ids_are_the_same_on_every_run() {
    let sandbox = Sandbox::new();
    let first = build(&sandbox, "first");
    // An existing empty directory is accepted as well as a missing one.
    std::fs::create_dir(sandbox.dir("second")).unwrap();
    let second = build(&sandbox, "second");
    assert_eq!(first.fix_commit, second.fix_commit);
    assert_eq!(first.hunks, second.hunks);
    for branch in [&first.legacy_branch, &first.upstream_branch] {
        assert_eq!(
            sandbox.git_ok(&first.path, &["rev-parse", branch]),
            sandbox.git_ok(&second.path, &["rev-parse", branch]),
            "{branch}"
        );
    }
}

#[test]
fn refuses_a_directory_that_is_not_empty() {
    let sandbox = Sandbox::new();
    let dir = sandbox.dir("busy");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "keep me\n").unwrap();
    let err = demo::build(&dir).unwrap_err();
    assert!(matches!(err, DemoError::NotEmpty { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&dir.display().to_string()),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "keep me\n"
    );
    assert!(!dir.join(".git").exists());

    let file = sandbox.dir("a-file");
    std::fs::write(&file, "x").unwrap();
    let err = demo::build(&file).unwrap_err();
    assert!(matches!(err, DemoError::NotADirectory { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&file.display().to_string()),
        "{err}"
    );
}

#[test]
fn every_kind_of_drift_is_in_the_fix() {
    let sandbox = Sandbox::new();
    let repo = build(&sandbox, "demo");
    let dir = &repo.path;

    let kinds: BTreeSet<Drift> = repo.hunks.iter().map(|h| h.drift).collect();
    assert_eq!(
        kinds,
        Drift::ALL.into_iter().collect(),
        "one hunk per kind at least"
    );

    let show = sandbox.git_ok(dir, &["show", "--format=", "-U3", &repo.fix_commit]);
    let hunks = split_hunks(&show);
    assert_eq!(
        hunks.len(),
        repo.hunks.len(),
        "the list describes every hunk of the fix"
    );

    for (one, demo_hunk) in hunks.iter().zip(&repo.hunks) {
        assert_eq!(one.path, demo_hunk.path_upstream, "hunks in patch order");
        let upstream_before = sandbox.git_ok(
            dir,
            &[
                "show",
                &format!("{}~1:{}", repo.fix_commit, demo_hunk.path_upstream),
            ],
        );
        assert!(
            upstream_before.contains(demo_hunk.function),
            "{} is in upstream {}",
            demo_hunk.function,
            demo_hunk.path_upstream
        );
        assert!(!demo_hunk.note.is_empty());
        check_drift(&sandbox, &repo, one, demo_hunk);
    }
}

/// Asserts that `one`, applied alone to the legacy worktree, meets the drift
/// `demo_hunk` claims.
fn check_drift(sandbox: &Sandbox, repo: &DemoRepo, one: &OneHunk, demo_hunk: &DemoHunk) {
    let dir = &repo.path;
    let what = format!("{} hunk in {}", demo_hunk.drift, demo_hunk.path_upstream);
    let outcome = check(sandbox, dir, &one.patch(), &[]);
    let legacy = legacy_file(repo, demo_hunk.path_legacy);
    if demo_hunk.drift != Drift::RenamedFile {
        assert_eq!(demo_hunk.path_legacy, demo_hunk.path_upstream, "{what}");
    }
    let legacy = legacy.unwrap_or_else(|| panic!("{what}: legacy has {}", demo_hunk.path_legacy));
    let legacy_lines: BTreeSet<&str> = legacy.lines().collect();

    match demo_hunk.drift {
        Drift::Exact => assert_eq!(outcome, Outcome::Clean, "{what}"),
        Drift::Offset => match outcome {
            Outcome::Offset(n) => assert!(n != 0 && n.abs() < FAR, "{what}: offset {n}"),
            other => panic!("{what}: {other:?}"),
        },
        Drift::MovedInFile => {
            match outcome {
                Outcome::Fails => {}
                Outcome::Offset(n) => assert!(n.abs() >= FAR, "{what}: offset {n} only"),
                Outcome::Clean => panic!("{what}: applies in place"),
            }
            assert!(
                legacy.contains(demo_hunk.function),
                "{what}: the function is still there"
            );
        }
        Drift::Reindented => {
            assert_eq!(outcome, Outcome::Fails, "{what}");
            let loose = check(sandbox, dir, &one.patch(), &["--ignore-whitespace"]);
            assert!(loose.applies(), "{what}: only whitespace differs");
            for removed in one.lines('-') {
                assert!(!legacy_lines.contains(removed), "{what}: {removed:?} as is");
                assert!(
                    legacy.lines().any(|l| l.trim() == removed.trim()),
                    "{what}: {removed:?} re-indented"
                );
            }
        }
        Drift::RenamedVariable => {
            assert_eq!(outcome, Outcome::Fails, "{what}");
            let (upstream, legacy_name) = RENAMED_VARIABLE;
            let renamed = format!(
                "{}{}",
                one.header,
                rename_word(&one.hunk, upstream, legacy_name)
            );
            assert_ne!(renamed, one.patch(), "{what}: the hunk names {upstream}");
            let outcome = check(sandbox, dir, &renamed, &[]);
            assert!(outcome.applies(), "{what}: applies once renamed");
        }
        Drift::ContextChanged => {
            assert_eq!(outcome, Outcome::Fails, "{what}");
            for removed in one.lines('-') {
                assert!(
                    legacy_lines.contains(removed),
                    "{what}: legacy has {removed:?}"
                );
            }
            let missing = one
                .lines(' ')
                .into_iter()
                .filter(|l| !legacy_lines.contains(l))
                .count();
            assert!(missing >= 1, "{what}: a context line differs");
        }
        Drift::AlreadyApplied => {
            assert_eq!(outcome, Outcome::Fails, "{what}");
            let reverse = check(sandbox, dir, &one.patch(), &["-R"]);
            assert!(reverse.applies(), "{what}: the result is already there");
        }
        Drift::NotInLegacy => {
            assert_eq!(outcome, Outcome::Fails, "{what}");
            assert!(
                !legacy.contains(demo_hunk.function),
                "{what}: legacy lacks the function"
            );
        }
        Drift::RenamedFile => {
            assert_eq!(outcome, Outcome::Fails, "{what}");
            assert_ne!(demo_hunk.path_legacy, demo_hunk.path_upstream, "{what}");
            assert!(
                legacy_file(repo, demo_hunk.path_upstream).is_none(),
                "{what}"
            );
            let at_old_path = check(sandbox, dir, &one.patch_at(demo_hunk.path_legacy), &[]);
            assert_eq!(
                at_old_path,
                Outcome::Clean,
                "{what}: same content at the old path"
            );
            let status = sandbox.git_ok(
                dir,
                &[
                    "diff",
                    "-M",
                    "--name-status",
                    &repo.legacy_branch,
                    &format!("{}~1", repo.fix_commit),
                ],
            );
            let rename = format!(
                "R100\t{}\t{}",
                demo_hunk.path_legacy, demo_hunk.path_upstream
            );
            assert!(status.lines().any(|l| l == rename), "{what}: {status}");
        }
    }
}
