//! The demo repository: a small, real-looking codebase whose upstream fix
//! meets every kind of drift ferry has to handle, for newcomers, tests and
//! trainers.
//!
//! "stockroom" is a shop's stock keeper in Rust, Python and C. `main` is
//! upstream; `release-1.0` was cut from an older commit, drifted on its own
//! and is checked out. The last commit on `main` fixes malformed-input bugs in
//! five files, and each of its nine hunks meets one kind of drift on
//! `release-1.0` ([`Drift`]); [`DemoRepo::hunks`] says which.
//!
//! The history is data: every version of every file is kept in full under
//! `src/demo/files/<step>/`, and `history.rs` lists the commits that use them.
//! Generating the versions in code (take the base file, move this function,
//! rename that variable) was rejected: it would keep the versions in step by
//! itself, but a trainer could no longer open the file as it is on each branch,
//! and a reader would have to run the generator in their head. Authors, dates
//! and trees are fixed, so the commit ids are the same on every machine.

mod history;
mod hunks;

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use git2::build::CheckoutBuilder;
use git2::{ConfigLevel, Index, IndexEntry, IndexTime, Oid, Repository, Signature, Time};

use history::{Change, Step};

/// The branch that holds the old release the fix is ported onto.
pub const LEGACY_BRANCH: &str = "release-1.0";
/// The branch that holds upstream development and the fix.
pub const UPSTREAM_BRANCH: &str = "main";

/// A demo repository that [`build`] has written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoRepo {
    /// The repository's working directory.
    pub path: PathBuf,
    /// Full id of the fix commit (the tip of the upstream branch).
    pub fix_commit: String,
    /// The checked-out legacy branch.
    pub legacy_branch: String,
    /// The upstream branch.
    pub upstream_branch: String,
    /// The fix's hunks in patch order, with the drift each one meets.
    pub hunks: Vec<DemoHunk>,
}

impl DemoRepo {
    /// The tour's note on each hunk, in item order: the kind of drift, the
    /// demo's own description of it, and what to look for.
    pub fn tour(&self) -> Vec<crate::ui::app::TourNote> {
        let n = self.hunks.len();
        self.hunks
            .iter()
            .enumerate()
            .map(|(i, h)| crate::ui::app::TourNote {
                heading: format!("{}/{n} {} ({})", i + 1, h.drift.label(), h.function),
                text: vec![h.note.to_string(), h.drift.look_for().to_string()],
            })
            .collect()
    }
}

/// One hunk of the demo fix and what it meets on the legacy branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoHunk {
    /// The file the hunk changes, as upstream names it.
    pub path_upstream: &'static str,
    /// The same file on the legacy branch (differs only for a renamed file).
    pub path_legacy: &'static str,
    /// The upstream function the hunk changes (bare name, without its class
    /// or `impl`), so a tour can point at it.
    pub function: &'static str,
    /// The kind of drift the hunk meets.
    pub drift: Drift,
    /// A trainer's note: what the drift is and what to look for.
    pub note: &'static str,
}

/// The kinds of drift between an upstream hunk and a legacy file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Drift {
    /// Nothing drifted: the hunk applies at its own line numbers.
    Exact,
    /// The context is the same but sits at other line numbers.
    Offset,
    /// The hunk's function is elsewhere in the same file.
    MovedInFile,
    /// The function moved into (or out of) a class or `impl`, so every line
    /// is indented differently.
    Reindented,
    /// A local variable has another name in legacy, in the context and in the
    /// lines the hunk removes; the added lines need the legacy name too.
    RenamedVariable,
    /// A context line differs in legacy; the lines the hunk changes do not.
    ContextChanged,
    /// Legacy already has the hunk's change.
    AlreadyApplied,
    /// The code the hunk changes does not exist in legacy.
    NotInLegacy,
    /// The file has another path in legacy.
    RenamedFile,
}

impl Drift {
    /// Every kind, in the order a tour presents them.
    pub const ALL: [Drift; 9] = [
        Drift::Exact,
        Drift::Offset,
        Drift::MovedInFile,
        Drift::Reindented,
        Drift::RenamedVariable,
        Drift::ContextChanged,
        Drift::AlreadyApplied,
        Drift::NotInLegacy,
        Drift::RenamedFile,
    ];

    /// A short name for lists and headings.
    pub fn label(self) -> &'static str {
        match self {
            Drift::Exact => "exact",
            Drift::Offset => "offset",
            Drift::MovedInFile => "function moved in the file",
            Drift::Reindented => "re-indented",
            Drift::RenamedVariable => "renamed variable",
            Drift::ContextChanged => "neighbour changed",
            Drift::AlreadyApplied => "already applied",
            Drift::NotInLegacy => "not in legacy",
            Drift::RenamedFile => "renamed file",
        }
    }

    /// What to look for in the view, and the decision the hunk wants (the
    /// tour's second line).
    pub fn look_for(self) -> &'static str {
        match self {
            Drift::Exact => {
                "Look for: strategy exact at the patch's own line numbers, nothing adapted. Accept it."
            }
            Drift::Offset => {
                "Look for: strategy offset, every context line matched, only the line numbers moved. Accept it."
            }
            Drift::MovedInFile => {
                "Look for: a place far from the patch's numbers but in the same function (upstream symbol = legacy symbol). Accept it."
            }
            Drift::Reindented => {
                "Look for: a re-indented adaptation; the added lines in the legacy pane sit at legacy's depth. Accept it."
            }
            Drift::RenamedVariable => {
                "Look for: a renamed adaptation; the added lines use legacy's name. Accept it."
            }
            Drift::ContextChanged => {
                "Look for: one context line unmatched while the changed lines match exactly. Accept it."
            }
            Drift::AlreadyApplied => {
                "Look for: status already-applied and no candidate place. Skip it."
            }
            Drift::NotInLegacy => {
                "Look for: no place found, the function does not exist in legacy. Skip it."
            }
            Drift::RenamedFile => {
                "Look for: the legacy pane shows the file under its old path, the content matches. Accept it."
            }
        }
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why the demo repository could not be built.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The target directory holds files; the demo never writes among them.
    #[error("{} is not empty; the demo repository needs a new or empty directory", .path.display())]
    NotEmpty {
        /// The directory.
        path: PathBuf,
    },
    /// The target exists and is not a directory.
    #[error("{} exists and is not a directory", .path.display())]
    NotADirectory {
        /// The path.
        path: PathBuf,
    },
    /// The target directory could not be read or created.
    #[error("cannot prepare {} for the demo repository", .path.display())]
    Io {
        /// The directory.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: io::Error,
    },
    /// A git operation failed.
    #[error("cannot build the demo repository in {}: {what}", .path.display())]
    Git {
        /// The repository's directory.
        path: PathBuf,
        /// The step that failed.
        what: &'static str,
        /// What libgit2 said.
        #[source]
        source: git2::Error,
    },
    /// The built-in history contradicts itself (a bug in ferry).
    #[error("the demo history is broken: {what}")]
    BrokenHistory {
        /// What is wrong.
        what: String,
    },
}

/// Builds the demo repository in `dir`, which must not exist or be empty.
///
/// Leaves `release-1.0` checked out with a clean worktree and index; `main`
/// ends with the fix.
pub fn build(dir: &Path) -> Result<DemoRepo, DemoError> {
    prepare_dir(dir)?;
    let git = |what| git_error(dir, what);
    let repo = Repository::init(dir).map_err(git("create the repository"))?;
    // The files are written byte for byte whatever the user's global
    // `core.autocrlf` says, so the worktree is what the trainer reads here.
    repo.config()
        .and_then(|c| c.open_level(ConfigLevel::Local))
        .and_then(|mut c| c.set_bool("core.autocrlf", false))
        .map_err(git("configure the repository"))?;

    let mut files = BTreeMap::new();
    let fork = replay(&repo, dir, history::BEFORE_FORK, &mut files, None)?;
    let mut legacy_files = files.clone();
    let fix = replay(&repo, dir, history::UPSTREAM, &mut files, fork)?;
    let legacy = replay(&repo, dir, history::LEGACY, &mut legacy_files, fork)?;
    let (Some(fix), Some(legacy)) = (fix, legacy) else {
        return Err(DemoError::BrokenHistory {
            what: "a branch has no commits".to_string(),
        });
    };

    for (branch, tip) in [(UPSTREAM_BRANCH, fix), (LEGACY_BRANCH, legacy)] {
        repo.reference(&format!("refs/heads/{branch}"), tip, false, "ferry demo")
            .map_err(git("create a branch"))?;
    }
    repo.set_head(&format!("refs/heads/{LEGACY_BRANCH}"))
        .map_err(git("check out the legacy branch"))?;
    repo.checkout_head(Some(CheckoutBuilder::new().force()))
        .map_err(git("check out the legacy branch"))?;

    Ok(DemoRepo {
        path: dir.to_path_buf(),
        fix_commit: fix.to_string(),
        legacy_branch: LEGACY_BRANCH.to_string(),
        upstream_branch: UPSTREAM_BRANCH.to_string(),
        hunks: hunks::HUNKS.to_vec(),
    })
}

/// The command that ports the demo fix onto the checked-out legacy branch.
pub fn pick_command(repo: &DemoRepo) -> String {
    format!("ferry pick {}", repo.fix_commit)
}

/// Accepts a missing or empty directory (creating it); refuses anything else.
fn prepare_dir(dir: &Path) -> Result<(), DemoError> {
    let io_error = |source| DemoError::Io {
        path: dir.to_path_buf(),
        source,
    };
    match std::fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => Err(DemoError::NotADirectory {
            path: dir.to_path_buf(),
        }),
        Ok(_) => {
            if std::fs::read_dir(dir).map_err(io_error)?.next().is_some() {
                Err(DemoError::NotEmpty {
                    path: dir.to_path_buf(),
                })
            } else {
                Ok(())
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(io_error)
        }
        Err(e) => Err(io_error(e)),
    }
}

/// Turns a libgit2 error into a [`DemoError`] that says what was being done.
fn git_error(dir: &Path, what: &'static str) -> impl Fn(git2::Error) -> DemoError {
    let path = dir.to_path_buf();
    move |source| DemoError::Git {
        path: path.clone(),
        what,
        source,
    }
}

/// Commits `steps` one after the other on top of `parent`, keeping `files`
/// (path to content) as the tree; returns the last commit.
fn replay(
    repo: &Repository,
    dir: &Path,
    steps: &[Step],
    files: &mut BTreeMap<&'static str, &'static str>,
    parent: Option<Oid>,
) -> Result<Option<Oid>, DemoError> {
    let git = |what| git_error(dir, what);
    let mut head = parent;
    for step in steps {
        for change in step.changes {
            match *change {
                Change::Write(path, content) => {
                    files.insert(path, content);
                }
                Change::Rename(from, to) => {
                    let content = files.remove(from).ok_or_else(|| DemoError::BrokenHistory {
                        what: format!("{:?} renames {from}, which does not exist", subject(step)),
                    })?;
                    files.insert(to, content);
                }
            }
        }
        let tree = write_tree(repo, files)
            .and_then(|id| repo.find_tree(id))
            .map_err(git("write a tree"))?;
        let time = Time::new(
            history::epoch_seconds(step.when, step.who.utc_offset_minutes),
            step.who.utc_offset_minutes,
        );
        let who = Signature::new(step.who.name, step.who.email, &time)
            .map_err(git("make a signature"))?;
        let parents = match head {
            Some(id) => vec![repo.find_commit(id).map_err(git("read a commit"))?],
            None => Vec::new(),
        };
        let parents: Vec<_> = parents.iter().collect();
        let id = repo
            .commit(None, &who, &who, step.message, &tree, &parents)
            .map_err(git("commit"))?;
        head = Some(id);
    }
    Ok(head)
}

/// The first line of a step's message, to name it in errors.
fn subject(step: &Step) -> &'static str {
    step.message.lines().next().unwrap_or_default()
}

/// Writes the blobs and trees for `files` and returns the root tree's id.
fn write_tree(
    repo: &Repository,
    files: &BTreeMap<&'static str, &'static str>,
) -> Result<Oid, git2::Error> {
    let mut index = Index::new()?;
    for (path, content) in files {
        index.add(&IndexEntry {
            ctime: IndexTime::new(0, 0),
            mtime: IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: 0o100_644,
            uid: 0,
            gid: 0,
            file_size: u32::try_from(content.len()).unwrap_or(u32::MAX),
            id: repo.blob(content.as_bytes())?,
            flags: 0,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        })?;
    }
    index.write_tree_to(repo)
}
