//! Repositories with an upstream branch and a drifted legacy branch, the
//! ferry binary run in them, and snapshots of everything a port may touch.
//!
//! Include it after `support/repo.rs`:
//! `#[path = "support/repo.rs"] mod repo;` then
//! `#[path = "support/pick.rs"] mod pick;`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use git2::{Oid, Signature};

use super::repo::{TestRepo, EPOCH};

/// The upstream author of every fix.
pub const AUTHOR: &str = "Upstream Author";
/// Their address.
pub const AUTHOR_EMAIL: &str = "upstream@example.org";
/// Who commits the backports (the legacy repository's git config).
pub const PORTER: &str = "Porter Person";
/// Their address.
pub const PORTER_EMAIL: &str = "porter@example.net";

/// The ferry binary for `t`, with the user's git configuration kept out.
pub fn ferry_command(t: &TestRepo, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ferry"));
    cmd.args(args)
        .current_dir(t.path())
        .env("HOME", t.home())
        .env("XDG_CONFIG_HOME", t.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("FERRY_TEST_PAUSE_AT");
    for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs ferry in `t`.
pub fn ferry(t: &TestRepo, args: &[&str]) -> Output {
    ferry_command(t, args).output().unwrap()
}

/// Standard output and error, for assertion messages.
pub fn said(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Commits `files` on HEAD with `author` (at its own time) and the test
/// committer.
pub fn commit_by(
    t: &TestRepo,
    files: &[(&str, Option<&[u8]>)],
    message: &str,
    author: &Signature,
) -> Oid {
    let oid = t.commit(files, message, EPOCH);
    let commit = t.repo.find_commit(oid).unwrap();
    commit
        .amend(Some("HEAD"), Some(author), None, None, None, None)
        .unwrap()
}

/// The upstream author at `minutes` past [`EPOCH`], in +02:00.
pub fn upstream_author(minutes: i64) -> Signature<'static> {
    Signature::new(
        AUTHOR,
        AUTHOR_EMAIL,
        &git2::Time::new(EPOCH + 60 * minutes, 120),
    )
    .unwrap()
}

/// A module of `n` small functions; `tweak` changes the body of one.
pub fn module(name: &str, tweak: Option<(usize, &str)>) -> Vec<u8> {
    let mut out = format!("\"\"\"The {name} module.\"\"\"\n");
    for i in 0..4 {
        let body = match tweak {
            Some((at, line)) if at == i => line.to_string(),
            _ => format!("value = x * {i} + 1"),
        };
        out.push_str(&format!(
            "\n\ndef {name}_{i}(x):\n    \"\"\"Step {i}.\"\"\"\n    {body}\n    return value\n"
        ));
    }
    out.into_bytes()
}

/// The same module as legacy has it: an older header pushes every line down.
pub fn legacy_module(name: &str) -> Vec<u8> {
    let mut out = format!("# Legacy copyright header\n# for {name}\n\nimport os\n").into_bytes();
    out.extend(module(name, None));
    out
}

/// A series of three upstream fixes (`a.py`, `b.py`, `c.py`, one each) and a
/// legacy branch, checked out, where every file has drifted. With `stuck`,
/// legacy's `b.py` lacks what the second fix changes, so that commit needs
/// a person.
pub struct Series {
    /// The repository.
    pub t: TestRepo,
    /// The fixes, oldest first.
    pub fixes: Vec<Oid>,
    /// `A..B` naming them.
    pub range: String,
    /// The legacy branch's commit before any port.
    pub legacy: Oid,
}

/// The upstream message of fix `i`.
pub fn fix_message(i: usize) -> String {
    format!(
        "Fix step {i} rounding\n\nThe value was off by one.\n\nSigned-off-by: {AUTHOR} <{AUTHOR_EMAIL}>\n"
    )
}

/// Builds a [`Series`].
pub fn series(stuck: bool) -> Series {
    let t = TestRepo::new();
    let files = ["a", "b", "c"];
    let base_files: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|n| (format!("{n}.py"), module(n, None)))
        .collect();
    let refs: Vec<(&str, Option<&[u8]>)> = base_files
        .iter()
        .map(|(p, c)| (p.as_str(), Some(c.as_slice())))
        .collect();
    let base = t.commit(&refs, "base", EPOCH);
    t.branch("legacy", base);
    let mut fixes = Vec::new();
    for (i, n) in files.iter().enumerate() {
        let fixed = module(n, Some((i + 1, "value = x * 2 + 2")));
        let path = format!("{n}.py");
        fixes.push(commit_by(
            &t,
            &[(path.as_str(), Some(&fixed))],
            &fix_message(i + 1),
            &upstream_author(10 * (i as i64 + 1)),
        ));
    }
    t.branch("upstream", fixes[2]);
    t.switch("legacy");
    let mut drift: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|n| (format!("{n}.py"), legacy_module(n)))
        .collect();
    if stuck {
        drift[1].1 =
            b"\"\"\"b, rewritten on legacy.\"\"\"\n\n\ndef other():\n    return 0\n".to_vec();
    }
    let refs: Vec<(&str, Option<&[u8]>)> = drift
        .iter()
        .map(|(p, c)| (p.as_str(), Some(c.as_slice())))
        .collect();
    let legacy = t.commit(&refs, "legacy drift", EPOCH + 600);
    let mut config = t.repo.config().unwrap();
    config.set_str("user.name", PORTER).unwrap();
    config.set_str("user.email", PORTER_EMAIL).unwrap();
    let range = format!("{base}..{}", fixes[2]);
    Series {
        t,
        fixes,
        range,
        legacy,
    }
}

/// Everything a port may change: HEAD, the branch, the index file's bytes,
/// and every file of the worktree (outside `.git`) with its mode.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// `git symbolic-ref HEAD` or the detached commit.
    pub head_ref: String,
    /// HEAD's commit.
    pub head: String,
    /// `.git/index`, byte for byte.
    pub index: Vec<u8>,
    /// Path to (content, permission bits).
    pub files: BTreeMap<PathBuf, (Vec<u8>, u32)>,
}

/// Takes a [`Snapshot`].
pub fn snapshot(t: &TestRepo) -> Snapshot {
    let head_ref = String::from_utf8(t.git(&["symbolic-ref", "-q", "HEAD"]).stdout).unwrap();
    let head = String::from_utf8(t.git_ok(&["rev-parse", "HEAD"])).unwrap();
    let index = std::fs::read(t.path().join(".git/index")).unwrap_or_default();
    let mut files = BTreeMap::new();
    walk(&t.path(), &t.path(), &mut files);
    Snapshot {
        head_ref,
        head,
        index,
        files,
    }
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, (Vec<u8>, u32)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if entry.file_name() == ".git" {
            continue;
        }
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            walk(root, &path, out);
        } else {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::symlink_metadata(&path)
                .unwrap()
                .permissions()
                .mode();
            let content = std::fs::read(&path).unwrap_or_default();
            out.insert(
                path.strip_prefix(root).unwrap().to_path_buf(),
                (content, mode),
            );
        }
    }
}

/// The subjects of the commits after `since` on HEAD, oldest first.
pub fn subjects_since(t: &TestRepo, since: Oid) -> Vec<String> {
    let out = t.git_ok(&["log", "--reverse", "--format=%s", &format!("{since}..HEAD")]);
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// One commit's field by `git log --format`.
pub fn show(t: &TestRepo, rev: &str, format: &str) -> String {
    String::from_utf8(t.git_ok(&["log", "-1", &format!("--format={format}"), rev])).unwrap()
}

/// Whether a port is in progress.
pub fn in_progress(t: &TestRepo) -> bool {
    t.path().join(".git/ferry/state.json").exists()
}
