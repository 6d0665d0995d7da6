//! Checking every file a commit writes before writing any, then writing them
//! atomically and staging them.

use std::path::{Path, PathBuf};

use git2::Status;

use super::{git, restore, shown_path, FinishError};
use crate::decide::{FileWrite, Review};
use crate::git::Repo;
use crate::killpoint;
use crate::port::FileOutcome;
use crate::state::{FileBlob, FileChange, PortState, TouchedFile};
use crate::worktree::{safe_join, write_atomic};

/// One file to write.
pub(super) struct Target {
    /// Repository-relative path.
    pub path: Vec<u8>,
    /// Where it is on disk.
    pub full: PathBuf,
    /// The new content; `None` deletes the file.
    pub content: Option<Vec<u8>>,
    /// Permissions for the file when it does not exist yet.
    pub new_mode: u32,
}

/// Checks every target: a path inside the worktree, no uncommitted change
/// of the user's in the way, no untracked file where one is created.
pub(super) fn check(
    repo: &Repo,
    workdir: &Path,
    state: &PortState,
    review: &Review,
    writes: Vec<(Vec<u8>, FileWrite)>,
) -> Result<Vec<Target>, FinishError> {
    let mut index = repo.raw().index().map_err(git("read the index"))?;
    index.read(false).map_err(git("read the index"))?;
    let mut targets = Vec::new();
    let mut dirty = Vec::new();
    for (path, write) in writes {
        let full = safe_join(workdir, &path)?;
        let rel = crate::git::path_from_bytes(&path);
        let ours = state.touched(&path).filter(|_| state.no_commit);
        if let Some(t) = ours {
            // Written by this port and not committed: it must still be
            // what ferry wrote.
            if !still_written(repo, &full, &rel, t)? {
                dirty.push(shown_path(&path));
            }
        } else if repo.is_dirty(&path)? {
            dirty.push(shown_path(&path));
        } else if index.get_path(&rel, 0).is_none() && std::fs::symlink_metadata(&full).is_ok() {
            return Err(FinishError::Untracked {
                path: shown_path(&path),
            });
        }
        let content = match write {
            FileWrite::Write(bytes) => Some(bytes),
            FileWrite::Delete => None,
            FileWrite::Keep => continue,
        };
        targets.push(Target {
            new_mode: new_file_mode(review, &path),
            path,
            full,
            content,
        });
    }
    if !dirty.is_empty() {
        return Err(FinishError::Dirty { paths: dirty });
    }
    Ok(targets)
}

/// Whether a file this port wrote is still as it wrote it, in the worktree
/// and in the index.
fn still_written(
    repo: &Repo,
    full: &Path,
    rel: &Path,
    touched: &TouchedFile,
) -> Result<bool, FinishError> {
    let now = restore::read_file(full)?;
    let same = match (&now, &touched.written) {
        (None, None) => true,
        (Some(bytes), Some(w)) => git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
            .is_ok_and(|oid| oid.to_string() == w.blob),
        _ => false,
    };
    if !same {
        return Ok(false);
    }
    let status = match repo.raw().status_file(rel) {
        Ok(s) => s,
        Err(e) if e.code() == git2::ErrorCode::NotFound => Status::CURRENT,
        Err(e) => return Err(git("read the status")(e)),
    };
    Ok(!status.intersects(
        Status::WT_MODIFIED | Status::WT_DELETED | Status::WT_TYPECHANGE | Status::CONFLICTED,
    ))
}

/// Permissions for a file the commit creates: executable when upstream
/// made it so.
fn new_file_mode(review: &Review, path: &[u8]) -> u32 {
    let exec = review
        .plans
        .iter()
        .zip(&review.commit.files)
        .any(|(plan, file)| {
            plan.legacy_path.as_deref() == Some(path)
                && matches!(plan.outcome, FileOutcome::Create(_))
                && file.new_mode == Some(0o100755)
        });
    if exec {
        0o755
    } else {
        0o644
    }
}

/// Puts every target's content before and after in the object database and
/// records, for files the port touches for the first time, their content
/// before the port.
pub(super) fn record(
    repo: &Repo,
    state: &mut PortState,
    targets: &[Target],
) -> Result<Vec<FileChange>, FinishError> {
    let mut changes = Vec::new();
    for t in targets {
        let before = restore::file_blob(repo, &t.full)?;
        let after = match &t.content {
            Some(bytes) => Some(FileBlob {
                blob: repo
                    .raw()
                    .blob(bytes)
                    .map_err(git(format!("store {}", shown_path(&t.path))))?
                    .to_string(),
                mode: before.as_ref().map_or(t.new_mode, |b| b.mode),
            }),
            None => None,
        };
        if state.touched(&t.path).is_none() {
            state.touched.push(TouchedFile {
                path: t.path.clone(),
                original: before.clone(),
                written: before.clone(),
            });
        }
        changes.push(FileChange {
            path: t.path.clone(),
            before,
            after,
        });
    }
    Ok(changes)
}

/// Writes every target atomically and stages the lot.
pub(super) fn write(repo: &Repo, workdir: &Path, targets: &[Target]) -> Result<(), FinishError> {
    for t in targets {
        match &t.content {
            Some(bytes) => {
                let existed = std::fs::symlink_metadata(&t.full).is_ok();
                write_atomic(&t.full, bytes)?;
                if !existed {
                    restore::set_mode(&t.full, t.new_mode)?;
                }
            }
            None => restore::remove_file(workdir, &t.full)?,
        }
        killpoint::reached("write");
    }
    let changes: Vec<(&[u8], bool)> = targets
        .iter()
        .map(|t| (t.path.as_slice(), t.content.is_some()))
        .collect();
    restore::stage(repo, &changes)
}
