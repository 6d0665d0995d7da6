//! The repositories behind mined backport cases (`--mirrors`): with them a
//! case's file is planned as `ferry pick` plans it, the names the added
//! lines call checked against the branch's and upstream's trees, not just
//! the two files.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use ferry::git::{Oid, Repo};
use ferry::patch::FilePatch;
use ferry::port::{port_bytes, port_bytes_in, CommitTree, FilePlan, Origin, PortOptions};

/// The repositories of `--mirrors`, opened as cases ask for them.
pub struct Mirrors {
    root: PathBuf,
    open: HashMap<String, Repo>,
}

impl Mirrors {
    pub fn new(root: PathBuf) -> Mirrors {
        Mirrors {
            root,
            open: HashMap::new(),
        }
    }

    /// The repository `owner/name` (a case's `repo`), where `regen.sh`
    /// keeps it.
    fn repo(&mut self, name: &str) -> Result<&Repo, MirrorError> {
        match self.open.entry(name.to_string()) {
            Entry::Occupied(open) => Ok(open.into_mut()),
            Entry::Vacant(slot) => {
                let dir = self.root.join(name.replace('/', "+")).join("repo");
                let repo = Repo::open(&dir).map_err(|e| MirrorError::Missing {
                    name: name.to_string(),
                    dir,
                    reason: e.to_string(),
                })?;
                Ok(slot.insert(repo))
            }
        }
    }
}

/// `--mirrors` cannot give a case its repository or commits: the user's
/// to fix, so the run stops rather than count the case as refused.
#[derive(Debug, thiserror::Error)]
pub enum MirrorError {
    #[error("no git directory for {name} at {} (--mirrors holds <owner>+<name>/repo): {reason}", dir.display())]
    Missing {
        name: String,
        dir: PathBuf,
        reason: String,
    },
    #[error("{0}")]
    Case(String),
}

/// A case's `meta.json`: which repository and commits it came from.
pub fn read_meta(path: &Path) -> Result<serde_json::Value> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("{} is not JSON", path.display()))
}

/// The commit `meta[key]` names and its first parent.
fn parent(repo: &Repo, meta: &serde_json::Value, key: &str) -> Result<(Oid, Oid), MirrorError> {
    let rev = meta[key]
        .as_str()
        .ok_or_else(|| MirrorError::Case(format!("meta.json has no {key}")))?;
    let missing = |e: &dyn std::fmt::Display| {
        MirrorError::Case(format!("{key} {rev} is not in the mirror: {e}"))
    };
    let oid = repo.commit_id(rev).map_err(|e| missing(&e))?;
    let first = repo
        .parents(oid)
        .map_err(|e| missing(&e))?
        .into_iter()
        .next();
    let first = first.ok_or_else(|| MirrorError::Case(format!("{key} {rev} has no parent")))?;
    Ok((oid, first))
}

/// Plans a case's file as `port_bytes` does, with the case's repository
/// asked for the names the added lines call when `--mirrors` is given.
pub fn port_case(
    file: &FilePatch,
    legacy: &[u8],
    before: &[u8],
    meta: &serde_json::Value,
    mirrors: Option<&mut Mirrors>,
    opts: &PortOptions,
) -> Result<(FilePlan, Option<Vec<u8>>)> {
    let Some(mirrors) = mirrors else {
        return Ok(port_bytes(file, legacy, Some(before), opts)?);
    };
    let name =
        (meta["repo"].as_str()).ok_or_else(|| MirrorError::Case("meta.json has no repo".into()))?;
    let repo = mirrors.repo(name)?;
    let (upstream, upstream_parent) = parent(repo, meta, "upstream_commit")?;
    let (_, legacy_parent) = parent(repo, meta, "backport_commit")?;
    let patch = ferry::patch::parse(&repo.commit_patch(upstream, 3)?)?;
    let commit: Vec<FilePatch> = patch.commits.into_iter().flat_map(|c| c.files).collect();
    let origin = Origin {
        commit: &commit,
        legacy: &CommitTree::new(repo, legacy_parent).following_renames_to(upstream),
        upstream: &CommitTree::new(repo, upstream_parent),
    };
    Ok(port_bytes_in(
        file,
        legacy,
        Some(before),
        Some(&origin),
        opts,
    )?)
}
