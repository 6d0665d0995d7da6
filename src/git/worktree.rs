//! Whether the repository is in the middle of something, and which files the
//! user has changed without committing.
//!
//! ferry writes nothing while a merge, rebase or cherry-pick is in progress
//! (its own state would tangle with git's), and never overwrites a file the
//! user has changed: both questions are answered here, from libgit2's status,
//! so the write step can refuse and name the file. Untracked files are left
//! out of "dirty"; creating a file over an untracked one is a separate check,
//! made where the path is known.

use git2::{RepositoryState, Status, StatusOptions};

use super::{display_bytes, GitError, Repo};

/// An operation in progress, as git sees it from the files in `.git`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepoState {
    /// Nothing in progress.
    Clean,
    /// `git merge` stopped (conflicts, or `--no-commit`).
    Merge,
    /// `git revert` stopped, for one commit or a series.
    Revert,
    /// `git cherry-pick` stopped, for one commit or a series.
    CherryPick,
    /// `git bisect` is running.
    Bisect,
    /// `git rebase` stopped (any backend, interactive or not).
    Rebase,
    /// `git am` stopped.
    ApplyMailbox,
}

impl RepoState {
    /// Whether nothing is in progress.
    pub fn is_clean(self) -> bool {
        self == RepoState::Clean
    }

    /// The operation in words, for "a merge is in progress".
    pub fn describe(self) -> &'static str {
        match self {
            RepoState::Clean => "nothing",
            RepoState::Merge => "a merge",
            RepoState::Revert => "a revert",
            RepoState::CherryPick => "a cherry-pick",
            RepoState::Bisect => "a bisect",
            RepoState::Rebase => "a rebase",
            RepoState::ApplyMailbox => "a git am session",
        }
    }

    /// The commands that finish or abandon the operation.
    pub fn way_out(self) -> Option<&'static str> {
        match self {
            RepoState::Clean => None,
            RepoState::Merge => Some("git merge --continue or git merge --abort"),
            RepoState::Revert => Some("git revert --continue or git revert --abort"),
            RepoState::CherryPick => Some("git cherry-pick --continue or git cherry-pick --abort"),
            RepoState::Bisect => Some("git bisect reset"),
            RepoState::Rebase => Some("git rebase --continue or git rebase --abort"),
            RepoState::ApplyMailbox => Some("git am --continue or git am --abort"),
        }
    }
}

impl From<RepositoryState> for RepoState {
    fn from(state: RepositoryState) -> RepoState {
        match state {
            RepositoryState::Clean => RepoState::Clean,
            RepositoryState::Merge => RepoState::Merge,
            RepositoryState::Revert | RepositoryState::RevertSequence => RepoState::Revert,
            RepositoryState::CherryPick | RepositoryState::CherryPickSequence => {
                RepoState::CherryPick
            }
            RepositoryState::Bisect => RepoState::Bisect,
            // `.git/rebase-apply` without the marker of `git am` is a rebase
            // by the apply backend.
            RepositoryState::Rebase
            | RepositoryState::RebaseInteractive
            | RepositoryState::RebaseMerge
            | RepositoryState::ApplyMailboxOrRebase => RepoState::Rebase,
            RepositoryState::ApplyMailbox => RepoState::ApplyMailbox,
        }
    }
}

/// Changes in the index or worktree relative to HEAD, conflicts included,
/// untracked and ignored files not.
fn is_dirty_status(status: Status) -> bool {
    status.intersects(
        Status::INDEX_NEW
            | Status::INDEX_MODIFIED
            | Status::INDEX_DELETED
            | Status::INDEX_RENAMED
            | Status::INDEX_TYPECHANGE
            | Status::WT_MODIFIED
            | Status::WT_DELETED
            | Status::WT_RENAMED
            | Status::WT_TYPECHANGE
            | Status::CONFLICTED,
    )
}

/// Status options for "what is dirty": no untracked or ignored files, no
/// rename pairing (both paths of a rename are reported by themselves).
fn status_options() -> StatusOptions {
    let mut opts = StatusOptions::new();
    opts.include_untracked(false)
        .include_ignored(false)
        .renames_head_to_index(false)
        .renames_index_to_workdir(false);
    opts
}

impl Repo {
    /// The operation in progress, if any.
    pub fn state(&self) -> RepoState {
        self.raw.state().into()
    }

    /// Whether the tracked file at `path` (relative to the worktree root, `/`
    /// separated) differs between HEAD, the index and the worktree, or is
    /// in conflict. An untracked or absent path is not dirty.
    pub fn is_dirty(&self, path: &[u8]) -> Result<bool, GitError> {
        // git cannot track such a path, and git2 panics on a NUL in a pathspec.
        if path.contains(&0) {
            return Ok(false);
        }
        let mut opts = status_options();
        opts.pathspec(path.to_vec()).disable_pathspec_match(true);
        let statuses = self
            .raw
            .statuses(Some(&mut opts))
            .map_err(|git| GitError::Status {
                path: Some(display_bytes(path)),
                git,
            })?;
        Ok(statuses
            .iter()
            .any(|entry| entry.path_bytes() == path && is_dirty_status(entry.status())))
    }

    /// Every tracked file that [`Repo::is_dirty`] would call dirty, sorted by path.
    pub fn dirty_files(&self) -> Result<Vec<Vec<u8>>, GitError> {
        let statuses = self
            .raw
            .statuses(Some(&mut status_options()))
            .map_err(|git| GitError::Status { path: None, git })?;
        let mut files: Vec<Vec<u8>> = statuses
            .iter()
            .filter(|entry| is_dirty_status(entry.status()))
            .map(|entry| entry.path_bytes().to_vec())
            .collect();
        files.sort();
        files.dedup();
        Ok(files)
    }
}
