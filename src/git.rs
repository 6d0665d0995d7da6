//! The git source: what ferry reads from a repository, through git2.
//!
//! ferry asks git a few questions: which commits a `REV` or `A..B` names, who
//! wrote each one, when and why, and for every file it touches the whole blob
//! before and after, with renames found by similarity (placement works on
//! whole files, not on patch text). It also needs to know whether the
//! repository is in the middle of something and which files the user has
//! changed, so it never writes over them.
//!
//! libgit2 answers with the objects exactly as stored (no CRLF or textconv
//! filters, no pager, no colour) and with errors as values. The rejected
//! alternative is running the `git` command and parsing its output: it would
//! match git in every detail (rename scores, abbreviation lengths), but costs a
//! process per question, depends on the installed version and on the user's
//! configuration (`diff.noprefix`, `color.ui`, external diff drivers), and
//! turns every failure into text to scrape. Where libgit2 differs from git in
//! what ferry shows, the function says so ([`Repo::commit_patch`]).
//!
//! - `revs.rs`: resolving `REV`, `A..B` and `A...B`, merges refused.
//! - `commit.rs`: author, committer, message.
//! - `diff.rs`: git's diff defaults and a commit's patch text.
//! - `changes.rs`: per-file changes with both blobs.
//! - `blobs.rs`: a file at a commit, and where it was before a rename.
//! - `worktree.rs`: operation in progress, files changed and not committed.
//! - `editor.rs`: the editor git would open, run as git runs it.
//! - `history.rs`: fork points, one branch's commits, patch ids, line changes.

mod blobs;
mod changes;
mod checkout;
mod commit;
mod definitions;
mod diff;
mod editor;
mod error;
mod history;
mod revs;
mod words;
mod worktree;

use std::fmt;
use std::path::{Path, PathBuf};

pub use changes::{ChangeStatus, FileChange};
pub use commit::{CommitInfo, Person};
pub use definitions::{add_rust_functions, Definitions};
pub use editor::{editor_command, EditorSources};
pub use error::{display_bytes, GitError};
pub use git2::Oid;
pub use history::{line_changes, LineChange};
pub use worktree::RepoState;

/// An open repository: the one place ferry talks to libgit2.
pub struct Repo {
    raw: git2::Repository,
    /// The identifiers each blob uses, by blob id (see `words.rs`).
    words: words::Cache,
    /// The Rust functions each blob defines, by blob id.
    functions: definitions::Functions,
}

impl fmt::Debug for Repo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Repo")
            .field("git_dir", &self.git_dir())
            .finish()
    }
}

/// Wraps a repository opened by the caller, e.g. with its configuration
/// replaced (tests keep the user's own git config out this way).
impl From<git2::Repository> for Repo {
    fn from(raw: git2::Repository) -> Repo {
        // libgit2 re-hashes every object it reads (with collision detection),
        // which git itself leaves to `git fsck`; on large files it was a
        // tenth of planning a commit.
        git2::opts::strict_hash_verification(false);
        Repo {
            raw,
            words: words::Cache::default(),
            functions: Default::default(),
        }
    }
}

impl Repo {
    /// Opens the repository containing `path`, searching upwards as git does.
    pub fn discover(path: &Path) -> Result<Repo, GitError> {
        git2::Repository::discover(path)
            .map(Repo::from)
            .map_err(|git| open_error(path, git))
    }

    /// Opens the repository at exactly `path` (its worktree or git directory).
    pub fn open(path: &Path) -> Result<Repo, GitError> {
        git2::Repository::open(path)
            .map(Repo::from)
            .map_err(|git| open_error(path, git))
    }

    /// The libgit2 handle, for the write and commit steps.
    pub fn raw(&self) -> &git2::Repository {
        &self.raw
    }

    /// The worktree root; `None` for a bare repository.
    pub fn workdir(&self) -> Option<&Path> {
        self.raw.workdir()
    }

    /// The git directory (`.git`, or the repository itself when bare).
    pub fn git_dir(&self) -> &Path {
        self.raw.path()
    }

    /// The commit HEAD points to.
    pub fn head_oid(&self) -> Result<Oid, GitError> {
        let head = self.raw.head().map_err(|git| match git.code() {
            git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound => GitError::UnbornHead,
            _ => GitError::Head { git },
        })?;
        let commit = head
            .peel_to_commit()
            .map_err(|git| GitError::Head { git })?;
        Ok(commit.id())
    }

    /// Looks up a commit, with its id in the error.
    fn find_commit(&self, oid: Oid) -> Result<git2::Commit<'_>, GitError> {
        self.raw
            .find_commit(oid)
            .map_err(|git| object_error("commit", oid, git))
    }

    /// The tree of a commit, with the commit's id in the error.
    fn commit_tree<'r>(&'r self, commit: &git2::Commit<'r>) -> Result<git2::Tree<'r>, GitError> {
        commit
            .tree()
            .map_err(|git| object_error("tree of commit", commit.id(), git))
    }
}

/// Tells "no repository here" apart from "a repository libgit2 refused".
fn open_error(path: &Path, git: git2::Error) -> GitError {
    if git.code() == git2::ErrorCode::NotFound && path.exists() {
        GitError::NotARepository {
            path: path.to_path_buf(),
        }
    } else {
        GitError::Open {
            path: path.to_path_buf(),
            git,
        }
    }
}

/// Whether a blob is read when trees are searched for names: text, and
/// not so large it is generated tables or data.
fn searchable(content: &[u8]) -> bool {
    const MAX_BLOB: usize = 4 << 20;
    content.len() <= MAX_BLOB && !crate::text::looks_binary(content)
}

fn object_error(what: &'static str, oid: Oid, git: git2::Error) -> GitError {
    GitError::Object {
        what,
        id: oid.to_string(),
        git,
    }
}

/// A path as git stores it (bytes, `/`-separated) as a [`PathBuf`]. Exact on
/// Unix; elsewhere bytes that are not UTF-8 are replaced, so code that must
/// keep paths byte for byte uses the bytes.
pub fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::Path;
    use std::process::Command;

    /// Runs the git command line in `dir`, for a test's setup.
    pub(crate) fn git(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t"])
            .args(args)
            .current_dir(dir)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }

    /// A new repository in a temporary folder whose one commit holds
    /// `files` (path, content), opened.
    pub(crate) fn committed(
        files: impl IntoIterator<Item = (String, String)>,
    ) -> (tempfile::TempDir, super::Repo) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        git(root, &["init", "-q"]);
        for (path, content) in files {
            let path = root.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(path, content).expect("write");
        }
        git(root, &["add", "."]);
        git(root, &["commit", "-q", "-m", "files"]);
        let repo = super::Repo::open(root).expect("repo");
        (dir, repo)
    }
}
