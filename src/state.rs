//! The state of a port in progress, kept under `.git/ferry/` so a port
//! survives anything: a crash, a SIGKILL, a closed terminal.
//!
//! `state.json` holds the commits of the series, which one is being ported,
//! every decision made for it (hand edits included), and what the port has
//! written so far: for every file it touched, the content before the port
//! and the content it last wrote, both as git blobs. `index.orig` is a byte
//! copy of the index as it was before the port, so `--abort` gives it back
//! exactly. Every save writes a temporary file in the same folder, syncs it,
//! renames it over the old one and syncs the folder: a reader sees the old
//! state or the new one, never half of one.
//!
//! Plans are not saved: they are recomputed from the commit and the legacy
//! tree, which the state pins down. The rejected alternative, saving plans,
//! would make the file large and tie its format to placement's internals.

mod bytes;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::decide::Decisions;
use crate::worktree::Staged;

/// The version of `state.json` this ferry writes and reads.
pub const STATE_VERSION: u32 = 1;

/// The folder of the state, inside the git directory.
const DIR: &str = "ferry";
/// The state file.
const FILE: &str = "state.json";
/// The copy of the index before the port.
const INDEX_COPY: &str = "index.orig";

/// A port in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortState {
    /// The format's version ([`STATE_VERSION`]).
    pub version: u32,
    /// The upstream commits to port, full ids, in order.
    pub commits: Vec<String>,
    /// Index into `commits` of the commit being ported.
    pub current: usize,
    /// HEAD's commit before the port.
    pub orig_head: String,
    /// The branch HEAD pointed to before the port (`refs/heads/...`);
    /// `None` when HEAD was detached.
    pub orig_branch: Option<String>,
    /// Leave the results in the worktree and index, commit nothing.
    pub no_commit: bool,
    /// The confidence a placement needs (plans are recomputed with it).
    pub min_confidence: f32,
    /// The decisions for the current commit, once any was made.
    pub decisions: Option<Decisions>,
    /// Set while the current commit's files are being written and committed.
    pub finishing: Option<Finishing>,
    /// Every file the port has written, with its content before the port.
    pub touched: Vec<TouchedFile>,
    /// What became of each commit before `current`.
    pub outcomes: Vec<CommitOutcome>,
    /// The check every commit must pass before it is committed (`--exec`).
    #[serde(default)]
    pub exec: Option<String>,
}

/// A file's content as a git blob, with its mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileBlob {
    /// The blob's id.
    pub blob: String,
    /// The file's permission bits (`0o644`, `0o755`).
    pub mode: u32,
}

/// A file the port has written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TouchedFile {
    /// Repository-relative path (`/`-separated bytes).
    #[serde(with = "bytes")]
    pub path: Vec<u8>,
    /// Its content before the port; `None` when it did not exist.
    pub original: Option<FileBlob>,
    /// What the port last wrote; `None` when it deleted the file.
    pub written: Option<FileBlob>,
}

/// A file the current commit writes: before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChange {
    /// Repository-relative path.
    #[serde(with = "bytes")]
    pub path: Vec<u8>,
    /// Its content before; `None` when it did not exist.
    pub before: Option<FileBlob>,
    /// Its content after; `None` when the commit deletes it.
    pub after: Option<FileBlob>,
}

/// The current commit is being written and committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finishing {
    /// The commit message, as the decider left it.
    pub message: String,
    /// The files being written, before and after.
    pub files: Vec<FileChange>,
}

/// What became of one commit of the series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum CommitOutcome {
    /// Committed as this commit.
    Committed {
        /// The upstream commit.
        upstream: String,
        /// The new commit.
        commit: String,
    },
    /// Written and staged, not committed (`--no-commit`).
    Staged {
        /// The upstream commit.
        upstream: String,
        /// The message it would have been committed with.
        message: String,
    },
    /// Nothing to commit: every change is already on the branch.
    Empty {
        /// The upstream commit.
        upstream: String,
    },
    /// Left out with `--skip`.
    Skipped {
        /// The upstream commit.
        upstream: String,
    },
}

/// Reading or writing the state failed.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The state file exists but cannot be read.
    #[error("cannot read the saved port {}: {source}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The state file is not valid.
    #[error(
        "the saved port {} is damaged ({reason}); `ferry pick --quit` forgets it \
         and leaves the worktree as it is",
        .path.display()
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The state file was written by another version of ferry.
    #[error(
        "the saved port {} has format version {found}, this ferry reads version {STATE_VERSION}; \
         finish it with the ferry that started it, or `ferry pick --quit` to forget it",
        .path.display()
    )]
    Version {
        /// The file.
        path: PathBuf,
        /// The version it says.
        found: u32,
    },
    /// A file of the state cannot be written.
    #[error("cannot save the port state to {}: {source}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Only the version, read first so a newer format is named as such.
#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

impl PortState {
    /// The folder holding the state of a port in `git_dir`.
    pub fn dir(git_dir: &Path) -> PathBuf {
        git_dir.join(DIR)
    }

    /// The state file's path.
    pub fn path(git_dir: &Path) -> PathBuf {
        Self::dir(git_dir).join(FILE)
    }

    /// The saved port, if one is in progress.
    pub fn load(git_dir: &Path) -> Result<Option<PortState>, StateError> {
        let path = Self::path(git_dir);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(StateError::Read { path, source }),
        };
        let corrupt = |e: serde_json::Error| StateError::Corrupt {
            path: path.clone(),
            reason: e.to_string(),
        };
        let version: VersionOnly = serde_json::from_slice(&bytes).map_err(corrupt)?;
        if version.version != STATE_VERSION {
            return Err(StateError::Version {
                path,
                found: version.version,
            });
        }
        let state: PortState = serde_json::from_slice(&bytes).map_err(corrupt)?;
        if state.current > state.commits.len() {
            return Err(StateError::Corrupt {
                path,
                reason: format!(
                    "commit {} of {} is current",
                    state.current + 1,
                    state.commits.len()
                ),
            });
        }
        Ok(Some(state))
    }

    /// Writes the state atomically.
    pub fn save(&self, git_dir: &Path) -> Result<(), StateError> {
        let mut json = serde_json::to_vec_pretty(self).map_err(|e| StateError::Write {
            path: Self::path(git_dir),
            source: std::io::Error::other(e),
        })?;
        json.push(b'\n');
        write_durably(&Self::dir(git_dir), FILE, &json, "save-state")
    }

    /// Forgets the port: removes the state file first (from then on no
    /// port is in progress), then the whole folder.
    pub fn remove(git_dir: &Path) -> Result<(), StateError> {
        let file = Self::path(git_dir);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(StateError::Write { path: file, source }),
        }
        let dir = Self::dir(git_dir);
        match std::fs::remove_dir_all(&dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(StateError::Write { path: dir, source }),
        }
    }

    /// The file `path` as the port has touched it.
    pub fn touched(&self, path: &[u8]) -> Option<&TouchedFile> {
        self.touched.iter().find(|t| t.path == path)
    }

    /// The same, to change it.
    pub fn touched_mut(&mut self, path: &[u8]) -> Option<&mut TouchedFile> {
        self.touched.iter_mut().find(|t| t.path == path)
    }

    /// The upstream commit being ported, if any is left.
    pub fn current_commit(&self) -> Option<&str> {
        self.commits.get(self.current).map(String::as_str)
    }

    /// HEAD's commit as ferry last left it: the last commit it made, or
    /// `orig_head`. A different HEAD means someone else moved it.
    pub fn head(&self) -> &str {
        self.outcomes
            .iter()
            .rev()
            .find_map(|o| match o {
                CommitOutcome::Committed { commit, .. } => Some(commit.as_str()),
                _ => None,
            })
            .unwrap_or(&self.orig_head)
    }

    /// Moves on to the next commit, recording what became of this one.
    pub fn advance(&mut self, outcome: CommitOutcome) {
        self.outcomes.push(outcome);
        self.current += 1;
        self.decisions = None;
        self.finishing = None;
    }
}

/// Saves a byte copy of the index (`None`: there is no index file) before
/// the port changes it.
pub fn save_index(git_dir: &Path) -> Result<(), StateError> {
    let index = git_dir.join("index");
    let bytes = match std::fs::read(&index) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(StateError::Read {
                path: index,
                source,
            })
        }
    };
    let dir = PortState::dir(git_dir);
    match bytes {
        Some(b) => write_durably(&dir, INDEX_COPY, &b, "save-index"),
        None => {
            // No copy means "there was no index"; remove a stale one.
            match std::fs::remove_file(dir.join(INDEX_COPY)) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(source) => Err(StateError::Write {
                    path: dir.join(INDEX_COPY),
                    source,
                }),
            }
        }
    }
}

/// Puts the index saved by [`save_index`] back, byte for byte.
pub fn restore_index(git_dir: &Path) -> Result<(), StateError> {
    let copy = PortState::dir(git_dir).join(INDEX_COPY);
    match std::fs::read(&copy) {
        Ok(bytes) => write_durably(git_dir, "index", &bytes, "restore-index"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let index = git_dir.join("index");
            match std::fs::remove_file(&index) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(source) => Err(StateError::Write {
                    path: index,
                    source,
                }),
            }
        }
        Err(source) => Err(StateError::Read { path: copy, source }),
    }
}

/// Writes `dir/name` so that it holds either the old bytes or the new ones
/// whatever happens: a synced temporary file renamed over it, then the
/// folder synced so the rename itself is on disk.
fn write_durably(dir: &Path, name: &str, bytes: &[u8], point: &str) -> Result<(), StateError> {
    let path = dir.join(name);
    let err = |source| StateError::Write {
        path: path.clone(),
        source,
    };
    let staged = Staged::write(&path, bytes).map_err(err)?;
    crate::killpoint::reached(point);
    staged.persist().map_err(err)?;
    // A folder cannot be opened for syncing on every system; the rename is
    // still atomic where it cannot.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn state() -> PortState {
        PortState {
            version: STATE_VERSION,
            commits: vec!["a".repeat(40), "b".repeat(40)],
            current: 1,
            orig_head: "c".repeat(40),
            orig_branch: Some("refs/heads/main".into()),
            no_commit: false,
            exec: Some("make check".into()),
            min_confidence: 0.7,
            decisions: Some(Decisions::default()),
            finishing: Some(Finishing {
                message: "Fix\n".into(),
                files: vec![FileChange {
                    path: b"lat\xe9.c".to_vec(),
                    before: None,
                    after: Some(FileBlob {
                        blob: "9".repeat(40),
                        mode: 0o644,
                    }),
                }],
            }),
            touched: vec![TouchedFile {
                path: b"src/a.c".to_vec(),
                original: Some(FileBlob {
                    blob: "e".repeat(40),
                    mode: 0o644,
                }),
                written: None,
            }],
            outcomes: vec![CommitOutcome::Committed {
                upstream: "a".repeat(40),
                commit: "f".repeat(40),
            }],
        }
    }

    #[test]
    fn saves_and_loads_with_non_utf8_paths() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(PortState::load(dir.path()).unwrap(), None);
        let s = state();
        s.save(dir.path()).unwrap();
        assert_eq!(PortState::load(dir.path()).unwrap(), Some(s));
        // Only the state file is left: no temporary files.
        let names: Vec<_> = std::fs::read_dir(PortState::dir(dir.path()))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("state.json")]);
        PortState::remove(dir.path()).unwrap();
        assert_eq!(PortState::load(dir.path()).unwrap(), None);
    }

    #[test]
    fn damaged_and_newer_files_are_named_with_the_way_out() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(PortState::dir(dir.path())).unwrap();
        let path = PortState::path(dir.path());
        std::fs::write(&path, b"{\"version\": 1, \"commits\": [").unwrap();
        let err = PortState::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(err.contains("ferry pick --quit"), "{err}");
        std::fs::write(&path, b"{\"version\": 7}").unwrap();
        let err = PortState::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("format version 7"), "{err}");
    }

    #[test]
    fn the_index_comes_back_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("index");
        std::fs::write(&index, b"DIRC\x00\x01binary").unwrap();
        save_index(dir.path()).unwrap();
        std::fs::write(&index, b"changed").unwrap();
        restore_index(dir.path()).unwrap();
        assert_eq!(std::fs::read(&index).unwrap(), b"DIRC\x00\x01binary");
        // No index before: none after.
        let other = tempfile::tempdir().unwrap();
        save_index(other.path()).unwrap();
        std::fs::write(other.path().join("index"), b"new").unwrap();
        restore_index(other.path()).unwrap();
        assert!(!other.path().join("index").exists());
    }
}
