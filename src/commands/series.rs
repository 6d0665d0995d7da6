//! Planning upstream commits from the current repository onto a legacy
//! tree: shared by `ferry plan` and `ferry pick`.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use ferry::error::Failure;
use ferry::git::{CommitInfo, Oid, Repo};
use ferry::patch::CommitPatch;
use ferry::place::uses_identifier;
use ferry::port::{
    plan_upstream, upstream_commit, CommitTree, FilePlan, PortError, PortOptions, Tree,
};
use ferry::syntax::Lang;
use ferry::text::Text;

/// HEAD's files with results not committed yet on top (`None`: deleted).
pub struct Overlay<'a> {
    base: CommitTree<'a>,
    changed: &'a HashMap<Vec<u8>, Option<Vec<u8>>>,
}

impl Tree for Overlay<'_> {
    fn read(&self, path: &[u8]) -> Result<Option<Vec<u8>>, PortError> {
        match self.changed.get(path) {
            Some(content) => Ok(content.clone()),
            None => self.base.read(path),
        }
    }

    fn files(&self) -> Result<Vec<Vec<u8>>, PortError> {
        let mut files = self.base.files()?;
        files.retain(|f| !matches!(self.changed.get(f), Some(None)));
        for (path, content) in self.changed {
            if content.is_some() && !files.contains(path) {
                files.push(path.clone());
            }
        }
        files.sort();
        Ok(files)
    }

    fn renamed_from(&self, path: &[u8]) -> Result<Option<Vec<u8>>, PortError> {
        self.base.renamed_from(path)
    }

    fn names_in(
        &self,
        lang: Lang,
        names: &[Vec<u8>],
    ) -> Result<Option<HashSet<Vec<u8>>>, PortError> {
        let Some(mut found) = self.base.names_in(lang, names)? else {
            return Ok(None);
        };
        for (path, content) in self.changed {
            let Some(content) = content
                .as_ref()
                .filter(|_| Lang::from_path(path) == Some(lang))
            else {
                continue;
            };
            let text = Text::parse(content);
            found.extend(
                names
                    .iter()
                    .filter(|n| uses_identifier(&text.lines, n))
                    .cloned(),
            );
        }
        Ok(Some(found))
    }
}

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
    let legacy = Overlay {
        base: CommitTree::new(repo, head).following_renames_to(oid),
        changed,
    };
    let plans = plan_upstream(repo, &commit, info.parent, &legacy, opts)?;
    Ok(Planned {
        info,
        commit,
        plans,
    })
}
