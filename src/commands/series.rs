//! Planning upstream commits from the current repository onto a legacy
//! tree: shared by `ferry plan` and `ferry pick`.

use std::collections::HashMap;

use anyhow::Result;
use ferry::error::Failure;
use ferry::git::{CommitInfo, Oid, Repo};
use ferry::patch::CommitPatch;
use ferry::port::{plan_upstream, upstream_commit, CommitTree, FilePlan, Overlay, PortOptions};

/// Opens the repository around the current folder.
pub fn open_repo() -> Result<Repo> {
    let cwd = std::env::current_dir()?;
    Ok(Repo::discover(&cwd).map_err(|e| {
        Failure::usage(
            e.to_string(),
            "run ferry inside the git repository of the legacy branch",
        )
    })?)
}

/// The commits `revs` names, as a usage error when it names none.
pub fn resolve(repo: &Repo, revs: &str) -> Result<Vec<Oid>> {
    Ok(repo.resolve(revs).map_err(|e| {
        Failure::usage(
            e.to_string(),
            "name a commit (sha, branch, tag) or a range A..B",
        )
    })?)
}

/// One upstream commit planned onto a legacy tree.
pub struct Planned {
    /// What the commit says about itself.
    pub info: CommitInfo,
    /// Its patch, with author and message.
    pub commit: CommitPatch,
    /// One plan per file.
    pub plans: Vec<FilePlan>,
}

/// Plans commit `oid` onto `head` with `changed` on top.
pub fn plan_one(
    repo: &Repo,
    oid: Oid,
    head: Oid,
    changed: &HashMap<Vec<u8>, Option<Vec<u8>>>,
    opts: &PortOptions,
) -> Result<Planned> {
    let (info, commit) = upstream_commit(repo, oid)?;
    let head_tree = CommitTree::new(repo, head).following_renames_to(oid);
    let legacy = Overlay {
        base: &head_tree,
        changed,
    };
    let plans = plan_upstream(repo, &commit, info.parent, &legacy, opts)?;
    Ok(Planned {
        info,
        commit,
        plans,
    })
}
