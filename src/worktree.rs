//! Reading and writing files of a plain directory tree safely.
//!
//! Patch paths are untrusted: a path that is absolute, climbs out with `..`,
//! goes into `.git` or passes through a symbolic link is refused before any
//! file is read or written. Writes are atomic (a temporary file in the same
//! folder, then a rename) and keep the file's permissions.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::port::{PortError, Tree};

/// A path could not be used or a file not written.
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    /// The patch names a path outside the tree.
    #[error("refusing path '{path}': {why}")]
    UnsafePath {
        /// The path as the patch gives it.
        path: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Joins an untrusted relative path onto `root`, refusing anything that
/// could leave it.
pub fn safe_join(root: &Path, rel: &[u8]) -> Result<PathBuf, TreeError> {
    let shown = String::from_utf8_lossy(rel).into_owned();
    let bad = |why| TreeError::UnsafePath {
        path: shown.clone(),
        why,
    };
    if rel.contains(&0) {
        return Err(bad("it contains a NUL byte"));
    }
    if rel.iter().any(|&b| b < 0x20 || b == 0x7f) {
        return Err(bad("it contains control characters"));
    }
    if rel.is_empty() {
        return Err(bad("empty path"));
    }
    let rel = bytes_to_path(rel).ok_or_else(|| bad("not a valid path on this system"))?;
    let mut out = root.to_path_buf();
    for comp in rel.components() {
        match comp {
            Component::Normal(name) => {
                if is_git_dir_name(name) {
                    return Err(bad("it goes into .git"));
                }
                out.push(name);
                if std::fs::symlink_metadata(&out).is_ok_and(|m| m.file_type().is_symlink()) {
                    return Err(bad("it passes through a symbolic link"));
                }
            }
            Component::CurDir => {}
            Component::ParentDir => return Err(bad("it contains '..'")),
            Component::RootDir | Component::Prefix(_) => return Err(bad("it is absolute")),
        }
    }
    Ok(out)
}

/// `.git` in any case (case-insensitive file systems), and the spellings
/// Windows and macOS treat as the same folder (`.git.`, `.git `, `git~1`).
fn is_git_dir_name(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy().to_ascii_lowercase();
    let trimmed = name.trim_end_matches(['.', ' ']);
    trimmed == ".git" || trimmed == "git~1"
}

#[cfg(unix)]
fn bytes_to_path(b: &[u8]) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    if b.contains(&0) {
        return None;
    }
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(b)))
}

#[cfg(unix)]
fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().replace('\\', "/").into_bytes()
}

#[cfg(not(unix))]
fn bytes_to_path(b: &[u8]) -> Option<PathBuf> {
    std::str::from_utf8(b).ok().map(PathBuf::from)
}

/// Writes `bytes` to `path` atomically, keeping an existing file's permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), TreeError> {
    Staged::new(path, bytes)?.commit()
}

/// A file's new content written and synced to a temporary file beside it,
/// not yet in place: staging every file of a change first means a failed
/// write (a full disk, a read-only folder) changes nothing. Dropping it
/// removes the temporary file.
pub struct Staged {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
}

impl Staged {
    /// Writes `bytes` next to `path`, creating its folder if need be.
    pub fn new(path: &Path, bytes: &[u8]) -> Result<Staged, TreeError> {
        Staged::write(path, bytes).map_err(|source| write_error(path, source))
    }

    /// [`Staged::new`] with the bare I/O error, for callers with their own.
    pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".ferry-")
            .tempfile_in(dir)?;
        tmp.write_all(bytes)?;
        tmp.as_file().sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(tmp.path(), meta.permissions())?;
        }
        Ok(Staged {
            path: path.to_path_buf(),
            tmp,
        })
    }

    /// Puts the file in place (a rename: all or nothing).
    pub fn commit(self) -> Result<(), TreeError> {
        let path = self.path.clone();
        self.persist().map_err(|source| write_error(&path, source))
    }

    /// [`Staged::commit`] with the bare I/O error.
    pub fn persist(self) -> std::io::Result<()> {
        self.tmp
            .persist(&self.path)
            .map(|_| ())
            .map_err(|e| e.error)
    }
}

fn write_error(path: &Path, source: std::io::Error) -> TreeError {
    TreeError::Write {
        path: path.display().to_string(),
        source,
    }
}

/// A directory on disk as a [`Tree`].
pub struct DirTree {
    root: PathBuf,
}

impl DirTree {
    /// The tree rooted at `root`.
    pub fn new(root: impl Into<PathBuf>) -> DirTree {
        DirTree { root: root.into() }
    }

    /// The root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Tree for DirTree {
    fn files(&self) -> Result<Vec<Vec<u8>>, PortError> {
        let mut out = Vec::new();
        let mut stack = vec![PathBuf::new()];
        while let Some(rel) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(self.root.join(&rel)) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                if name == ".git" {
                    continue;
                }
                // Symbolic links are never followed: `file_type` does not.
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                let path = rel.join(&name);
                if kind.is_dir() {
                    stack.push(path);
                } else if kind.is_file() {
                    out.push(path_bytes(&path));
                }
            }
        }
        out.sort();
        Ok(out)
    }

    fn read(&self, path: &[u8]) -> Result<Option<Vec<u8>>, PortError> {
        let full = safe_join(&self.root, path).map_err(|e| PortError::Read {
            path: String::from_utf8_lossy(path).into_owned(),
            reason: e.to_string(),
        })?;
        match std::fs::read(&full) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(PortError::Read {
                path: full.display().to_string(),
                reason: e.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_tree() {
        let dir = tempfile::tempdir().unwrap();
        for bad in [
            &b"../x"[..],
            b"/etc/passwd",
            b"a/../../x",
            b".git/config",
            b"a/.git/hooks/x",
            b".GIT/config",
            b"sub/.Git/HEAD",
            b".git./config",
            b"GIT~1/config",
            b".git",
            b"a/b\x00c",
            b"a/\x1b]0;x\x07",
            b"a\rb",
            b"//x",
            b"",
        ] {
            assert!(safe_join(dir.path(), bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            safe_join(dir.path(), b"./a/b.rs").unwrap(),
            dir.path().join("a/b.rs")
        );
        // Names that only look like `.git` are fine.
        for good in [
            &b".gitignore"[..],
            b"a/.github/x.yml",
            b"git/x",
            "\u{e9}.c".as_bytes(),
        ] {
            assert!(safe_join(dir.path(), good).is_ok(), "{good:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_on_the_way() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/tmp", dir.path().join("link")).unwrap();
        assert!(safe_join(dir.path(), b"link/x").is_err());
        // A link to a folder inside the tree is refused too: ferry never
        // writes through a link, wherever it points.
        std::fs::create_dir(dir.path().join("real")).unwrap();
        std::os::unix::fs::symlink("real", dir.path().join("inner")).unwrap();
        assert!(safe_join(dir.path(), b"inner/x").is_err());
        // And a link as the file itself.
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("f")).unwrap();
        assert!(safe_join(dir.path(), b"f").is_err());
    }

    #[test]
    fn atomic_write_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.sh");
        std::fs::write(&p, b"old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        write_atomic(&p, b"new\n").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o755);
        }
    }
}
