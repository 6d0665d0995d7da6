//! Reading files into blobs and putting them back: for a commit retried
//! after a kill, for `--skip`, and for `--abort`.

use std::path::Path;

use super::{git, shown_path, FinishError};
use crate::git::Repo;
use crate::killpoint;
use crate::state::{FileBlob, FileChange, PortState};
use crate::worktree::{safe_join, write_atomic};

/// A file's bytes; `None` when it does not exist.
pub(super) fn read_file(full: &Path) -> Result<Option<Vec<u8>>, FinishError> {
    match std::fs::read(full) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(FinishError::Io {
            what: "read",
            path: full.to_path_buf(),
            source,
        }),
    }
}

/// A file's content stored as a blob, with its permissions.
pub(super) fn file_blob(repo: &Repo, full: &Path) -> Result<Option<FileBlob>, FinishError> {
    let Some(bytes) = read_file(full)? else {
        return Ok(None);
    };
    let blob = repo
        .raw()
        .blob(&bytes)
        .map_err(git(format!("store {}", full.display())))?;
    Ok(Some(FileBlob {
        blob: blob.to_string(),
        mode: mode_of(full),
    }))
}

#[cfg(unix)]
fn mode_of(full: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(full).map_or(0o644, |m| m.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn mode_of(_full: &Path) -> u32 {
    0o644
}

/// Sets a file's permission bits.
pub(super) fn set_mode(full: &Path, mode: u32) -> Result<(), FinishError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(full, std::fs::Permissions::from_mode(mode)).map_err(
            |source| FinishError::Io {
                what: "set the permissions of",
                path: full.to_path_buf(),
                source,
            },
        )?;
    }
    #[cfg(not(unix))]
    let _ = (full, mode);
    Ok(())
}

/// The bytes of a saved blob.
pub(super) fn blob_bytes(repo: &Repo, blob: &FileBlob) -> Result<Vec<u8>, FinishError> {
    let oid = git2::Oid::from_str(&blob.blob).map_err(git("read a saved file"))?;
    let found = repo
        .raw()
        .find_blob(oid)
        .map_err(git(format!("read the saved file {}", blob.blob)))?;
    Ok(found.content().to_vec())
}

/// Removes a file, and the folders it leaves empty up to the worktree root.
pub(super) fn remove_file(workdir: &Path, full: &Path) -> Result<(), FinishError> {
    match std::fs::remove_file(full) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(FinishError::Io {
                what: "remove",
                path: full.to_path_buf(),
                source,
            })
        }
    }
    let mut dir = full.parent();
    while let Some(d) = dir {
        if d == workdir || !d.starts_with(workdir) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

/// Puts a file back as `content` says (`None`: removed).
pub(super) fn put_file(
    repo: &Repo,
    workdir: &Path,
    path: &[u8],
    content: Option<&FileBlob>,
) -> Result<(), FinishError> {
    let full = safe_join(workdir, path)?;
    match content {
        Some(blob) => {
            let bytes = blob_bytes(repo, blob)?;
            // A file that is already right is left alone: on a full disk,
            // rewriting it could fail where nothing needs doing.
            if read_file(&full)?.as_deref() != Some(bytes.as_slice()) {
                write_atomic(&full, &bytes)?;
            }
            if mode_of(&full) != blob.mode {
                set_mode(&full, blob.mode)?;
            }
            Ok(())
        }
        None => remove_file(workdir, &full),
    }
}

/// Removes the temporary files an atomic write killed half-way left in
/// `dir` (named `.ferry-` and six random characters).
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stale = name.len() == ".ferry-".len() + 6
            && name.starts_with(".ferry-")
            && entry.file_type().is_ok_and(|k| k.is_file());
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Stages files as they are in the worktree: `(path, exists)`.
pub(super) fn stage(repo: &Repo, files: &[(&[u8], bool)]) -> Result<(), FinishError> {
    let mut index = repo.raw().index().map_err(git("read the index"))?;
    index.read(false).map_err(git("read the index"))?;
    for (path, exists) in files {
        let rel = crate::git::path_from_bytes(path);
        let what = || format!("stage {}", shown_path(path));
        if *exists {
            index.add_path(&rel).map_err(git(what()))?;
        } else {
            index.remove_path(&rel).map_err(git(what()))?;
        }
    }
    killpoint::reached("stage");
    index.write().map_err(git("write the index"))
}

/// Records that the port's files are now as `files` says after.
pub(super) fn record_written(state: &mut PortState, files: &[FileChange]) {
    for f in files {
        if let Some(t) = state.touched_mut(&f.path) {
            t.written = f.after.clone();
        }
    }
}

/// Puts the files of a commit that was being written back as they were
/// before it, in the worktree and the index, and saves the state (still
/// saying the commit is being finished: doing this twice does no harm).
pub(super) fn rollback(
    repo: &Repo,
    workdir: &Path,
    state: &mut PortState,
    files: &[FileChange],
) -> Result<(), FinishError> {
    for f in files {
        if let Some(dir) = safe_join(workdir, &f.path)?.parent() {
            remove_stale_temps(dir);
        }
        put_file(repo, workdir, &f.path, f.before.as_ref())?;
        if let Some(t) = state.touched_mut(&f.path) {
            t.written = f.before.clone();
        }
    }
    let staged: Vec<(&[u8], bool)> = files
        .iter()
        .map(|f| (f.path.as_slice(), f.before.is_some()))
        .collect();
    stage(repo, &staged)?;
    state.save(repo.git_dir())?;
    Ok(())
}
