//! `ferry train`: a backport the maintainers already made becomes an
//! exercise. The backports of a branch are found as `ferry eval` finds them;
//! one is chosen; a scratch worktree is made at its parent (a git worktree
//! on a branch of its own, so the repository's checkout is never touched);
//! the trainee ports the upstream commit there; then each file the
//! maintainers or the trainee changed is compared: the same, or the diff
//! from the maintainers' version to the trainee's.
//!
//! Rejected: checking out the parent in the user's own worktree (it would
//! disturb their work) and a bare temporary clone (slow on big
//! repositories; a worktree shares the object store).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use git2::{Oid, WorktreeAddOptions};

use crate::eval::{find_backports, Backport, EvalError, FindOptions};
use crate::git::Repo;

/// Setting up or grading an exercise failed.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// Finding the backports failed.
    #[error(transparent)]
    Find(#[from] EvalError),
    /// A git operation failed.
    #[error("{what}: {}", .git.message())]
    Git {
        /// What was being done.
        what: String,
        /// The libgit2 error.
        git: git2::Error,
    },
    /// The branch has no backports.
    #[error("no backports found on {branch} (no commit names its upstream commit)")]
    NoBackports {
        /// The branch as given.
        branch: String,
    },
    /// `--pick` is out of range.
    #[error("there is no exercise {n}: the branch has {of} backport(s)")]
    NoSuch {
        /// The number asked for (1-based).
        n: usize,
        /// How many there are.
        of: usize,
    },
}

fn git(what: impl Into<String>) -> impl FnOnce(git2::Error) -> TrainError {
    let what = what.into();
    move |git| TrainError::Git { what, git }
}

/// The backports reachable from `tip` (and not from `upstream`), newest
/// first: the exercises on offer.
pub fn exercises(
    repo: &Repo,
    tip: Oid,
    upstream: Option<Oid>,
    branch: &str,
) -> Result<Vec<Backport>, TrainError> {
    let found = find_backports(
        repo,
        &FindOptions {
            tip,
            upstream,
            limit: None,
            match_subjects: false,
        },
    )?;
    if found.is_empty() {
        return Err(TrainError::NoBackports {
            branch: branch.to_string(),
        });
    }
    Ok(found)
}

/// Which of `count` exercises to give: number `pick` (1-based), else one
/// chosen by `seed` (the same seed, the same exercise), else the newest.
pub fn choose(count: usize, pick: Option<usize>, seed: Option<u64>) -> Result<usize, TrainError> {
    match (pick, seed) {
        (Some(n), _) if n == 0 || n > count => Err(TrainError::NoSuch { n, of: count }),
        (Some(n), _) => Ok(n - 1),
        (None, Some(seed)) if count > 0 => {
            // splitmix64: a fixed, well-spread step from the seed.
            let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            Ok((z % count as u64) as usize)
        }
        _ => Ok(0),
    }
}

/// A scratch worktree for an exercise.
#[derive(Debug, Clone)]
pub struct Scratch {
    /// Its folder.
    pub path: PathBuf,
    /// The branch it has checked out (at the backport's parent).
    pub branch: String,
}

/// Makes a worktree at `path` (which must not exist) on a new branch
/// `ferry-train/<name>` at the backport's parent.
pub fn scratch(repo: &Repo, backport: &Backport, path: &Path) -> Result<Scratch, TrainError> {
    let raw = repo.raw();
    let parent = raw
        .find_commit(backport.parent)
        .map_err(git("finding the backport's parent"))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "exercise".into());
    let branch_name = format!("ferry-train/{name}");
    let branch = raw
        .branch(&branch_name, &parent, false)
        .map_err(git(format!("creating branch {branch_name}")))?;
    let reference = branch.into_reference();
    let mut opts = WorktreeAddOptions::new();
    opts.reference(Some(&reference));
    // The worktree's name in .git/worktrees: unique as the branch is.
    let wt_name = format!("ferry-train-{name}");
    raw.worktree(&wt_name, path, Some(&opts))
        .map_err(git(format!("adding a worktree at {}", path.display())))?;
    Ok(Scratch {
        path: path.to_path_buf(),
        branch: branch_name,
    })
}

/// One file in the comparison of the trainee's port with the maintainers'.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileComparison {
    /// The path.
    pub path: String,
    /// Whether the trainee's file is the maintainers' file.
    pub same: bool,
    /// The diff from the maintainers' file to the trainee's (empty when
    /// the same).
    pub diff: String,
}

/// Compares the trainee's commit with the maintainers' backport, file by
/// file, over every path either changed from the backport's parent.
pub fn compare(
    repo: &Repo,
    backport: &Backport,
    trainee: Oid,
) -> Result<Vec<FileComparison>, TrainError> {
    let raw = repo.raw();
    let tree = |oid: Oid| -> Result<git2::Tree<'_>, TrainError> {
        raw.find_commit(oid)
            .and_then(|c| c.tree())
            .map_err(git(format!("reading commit {oid}")))
    };
    let base = tree(backport.parent)?;
    let theirs = tree(backport.commit)?;
    let mine = tree(trainee)?;
    let mut paths = BTreeSet::new();
    for other in [&theirs, &mine] {
        let diff = raw
            .diff_tree_to_tree(Some(&base), Some(other), None)
            .map_err(git("diffing trees"))?;
        for d in diff.deltas() {
            for f in [d.old_file(), d.new_file()] {
                if let Some(p) = f.path_bytes() {
                    paths.insert(p.to_vec());
                }
            }
        }
    }
    let blob = |t: &git2::Tree<'_>, path: &[u8]| -> Result<Option<Vec<u8>>, TrainError> {
        let p = crate::git::path_from_bytes(path);
        match t.get_path(&p) {
            Ok(entry) => {
                let object = entry
                    .to_object(raw)
                    .map_err(git(format!("reading {}", p.display())))?;
                Ok(object.as_blob().map(|b| b.content().to_vec()))
            }
            Err(_) => Ok(None),
        }
    };
    let mut out = Vec::new();
    for path in paths {
        let a = blob(&theirs, &path)?;
        let b = blob(&mine, &path)?;
        let name = String::from_utf8_lossy(&path).into_owned();
        let same = a == b;
        let diff = if same {
            String::new()
        } else {
            let old_name = format!("maintainers/{name}");
            let new_name = format!("yours/{name}");
            let patch = git2::Patch::from_buffers(
                a.as_deref().unwrap_or_default(),
                Some(Path::new(&old_name)),
                b.as_deref().unwrap_or_default(),
                Some(Path::new(&new_name)),
                None,
            )
            .and_then(|mut p| p.to_buf())
            .map_err(git(format!("diffing {name}")))?;
            String::from_utf8_lossy(&patch).into_owned()
        };
        out.push(FileComparison {
            path: name,
            same,
            diff,
        });
    }
    Ok(out)
}
