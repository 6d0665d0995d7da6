//! Throwaway git repositories for tests, with the user's git configuration
//! kept out.
//!
//! Include it from a test file with
//! `#[path = "support/repo.rs"] mod repo;` (a file directly in `tests/` would
//! be built as a test of its own).
//!
//! - libgit2: [`open_sandboxed`] replaces the repository's configuration by
//!   one that reads only the repository's own `.git/config`, so
//!   `~/.gitconfig` and `/etc/gitconfig` never reach the code under test.
//!   (git2's `opts::set_search_path` would do it process-wide but is `unsafe`,
//!   which the crate forbids.)
//! - The git command: [`git_command`] sets `GIT_CONFIG_NOSYSTEM=1`,
//!   `GIT_CONFIG_GLOBAL=/dev/null`, `HOME` and `XDG_CONFIG_HOME` to a folder
//!   beside the repository, removes `GIT_DIR`-style variables a caller might
//!   have set, and fixes identities and dates.
//! - Commits carry explicit signatures at the times the test gives.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use git2::{Config, ConfigLevel, Oid, Repository, RepositoryInitOptions, Signature};
use tempfile::TempDir;

/// A time to start histories at (2023-11-14); tests add minutes to it.
pub const EPOCH: i64 = 1_700_000_000;

/// The author and committer of every test commit.
pub const NAME: &str = "Ada Tester";
/// Their e-mail address.
pub const EMAIL: &str = "ada@example.com";

/// A repository in a temporary folder, deleted on drop.
pub struct TestRepo {
    /// Holds `repo/` (the worktree) and `home/` (the git command's HOME).
    pub dir: TempDir,
    /// The repository, opened with [`open_sandboxed`].
    pub repo: Repository,
}

impl TestRepo {
    /// An empty repository whose unborn branch is `main`.
    pub fn new() -> TestRepo {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("repo");
        fs::create_dir_all(dir.path().join("home")).unwrap();
        let mut opts = RepositoryInitOptions::new();
        opts.initial_head("main");
        drop(Repository::init_opts(&path, &opts).unwrap());
        let repo = open_sandboxed(&path);
        let mut config = repo.config().unwrap();
        config.set_str("user.name", NAME).unwrap();
        config.set_str("user.email", EMAIL).unwrap();
        TestRepo { dir, repo }
    }

    /// The worktree root.
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("repo")
    }

    /// The folder the git command uses as HOME.
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// The repository as ferry opens it, sandboxed like [`TestRepo::repo`].
    pub fn ferry(&self) -> ferry::git::Repo {
        ferry::git::Repo::from(open_sandboxed(&self.path()))
    }

    /// [`commit_files`] on this repository.
    pub fn commit<P: AsRef<[u8]>>(
        &self,
        files: &[(P, Option<&[u8]>)],
        message: &str,
        time: i64,
    ) -> Oid {
        commit_files(&self.repo, files, message, time)
    }

    /// Creates branch `name` at `at`.
    pub fn branch(&self, name: &str, at: Oid) {
        let commit = self.repo.find_commit(at).unwrap();
        self.repo.branch(name, &commit, false).unwrap();
    }

    /// Checks out branch `name`, overwriting the worktree.
    pub fn switch(&self, name: &str) {
        self.repo.set_head(&format!("refs/heads/{name}")).unwrap();
        self.repo
            .checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
            .unwrap();
    }

    /// Runs the git command in the worktree.
    pub fn git(&self, args: &[&str]) -> Output {
        git_command(&self.path(), &self.home())
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs the git command and returns its standard output; fails the test
    /// with git's messages when it fails.
    pub fn git_ok(&self, args: &[&str]) -> Vec<u8> {
        let out = self.git(args);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// Writes a file in the worktree without staging it.
    pub fn write(&self, path: &str, content: &[u8]) {
        let full = self.path().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, content).unwrap();
    }
}

/// Opens a repository with a configuration that holds only its own
/// `.git/config` (no global, XDG or system files).
pub fn open_sandboxed(path: &Path) -> Repository {
    let repo = Repository::open(path).unwrap();
    let mut config = Config::new().unwrap();
    config
        .add_file(&repo.path().join("config"), ConfigLevel::Local, false)
        .unwrap();
    repo.set_config(&config).unwrap();
    repo
}

/// The git command for a repository, with the user's configuration and
/// environment kept out.
pub fn git_command(workdir: &Path, home: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(workdir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("LC_ALL", "C")
        .env("GIT_EDITOR", "true")
        .env("GIT_PAGER", "cat")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_AUTHOR_NAME", NAME)
        .env("GIT_AUTHOR_EMAIL", EMAIL)
        .env("GIT_COMMITTER_NAME", NAME)
        .env("GIT_COMMITTER_EMAIL", EMAIL)
        .env("GIT_AUTHOR_DATE", format!("@{EPOCH} +0000"))
        .env("GIT_COMMITTER_DATE", format!("@{EPOCH} +0000"));
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_CEILING_DIRECTORIES",
        "GIT_CONFIG",
        "GIT_CONFIG_PARAMETERS",
        "GIT_CONFIG_COUNT",
        "GIT_EXTERNAL_DIFF",
        "GIT_DIFF_OPTS",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// The signature of every test commit, at `time` (+01:00).
pub fn signature(time: i64) -> Signature<'static> {
    Signature::new(NAME, EMAIL, &git2::Time::new(time, 60)).unwrap()
}

/// Writes (`Some(bytes)`) or deletes (`None`) each file in the worktree and
/// the index, then commits the index on HEAD at `time`. Paths are bytes, so
/// names that are not UTF-8 work on Unix.
pub fn commit_files<P: AsRef<[u8]>>(
    repo: &Repository,
    files: &[(P, Option<&[u8]>)],
    message: &str,
    time: i64,
) -> Oid {
    let workdir = repo.workdir().unwrap().to_path_buf();
    let mut index = repo.index().unwrap();
    for (path, content) in files {
        let rel = ferry::git::path_from_bytes(path.as_ref());
        let full = workdir.join(&rel);
        match content {
            Some(bytes) => {
                fs::create_dir_all(full.parent().unwrap()).unwrap();
                fs::write(&full, bytes).unwrap();
                index.add_path(&rel).unwrap();
            }
            None => {
                fs::remove_file(&full).unwrap();
                index.remove_path(&rel).unwrap();
            }
        }
    }
    index.write().unwrap();
    commit_index(repo, message, time)
}

/// Stages every change in the worktree (new, modified, deleted files) and
/// commits it on HEAD at `time`.
pub fn commit_worktree(repo: &Repository, message: &str, time: i64) -> Oid {
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    commit_index(repo, message, time)
}

/// Commits the index as it is on HEAD (the first commit when HEAD is unborn).
pub fn commit_index(repo: &Repository, message: &str, time: i64) -> Oid {
    let tree = repo
        .find_tree(repo.index().unwrap().write_tree().unwrap())
        .unwrap();
    let sig = signature(time);
    let parent = repo.head().ok().map(|h| h.peel_to_commit().unwrap());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .unwrap()
}
