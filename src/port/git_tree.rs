//! A commit's tree as a [`Tree`], reading blobs without a checkout (what
//! `pick`, `plan` and `eval` read legacy and upstream files from).

use std::collections::HashSet;

use crate::git::{Definitions, Oid, Repo};
use crate::syntax::Lang;

use super::{plan_commit, FilePlan, PortError, PortOptions, Tree};
use crate::git::CommitInfo;
use crate::patch::{CommitMeta, CommitPatch};
use crate::text::Text;

/// The files of one commit; optionally, where upstream's paths were before a
/// rename between the branches.
pub struct CommitTree<'a> {
    repo: &'a Repo,
    commit: Oid,
    /// The upstream commit whose paths may have been renamed since `commit`.
    upstream: Option<Oid>,
}

impl<'a> CommitTree<'a> {
    /// The tree of `commit`.
    pub fn new(repo: &'a Repo, commit: Oid) -> CommitTree<'a> {
        CommitTree {
            repo,
            commit,
            upstream: None,
        }
    }

    /// Also follow renames from this commit's tree to `upstream`'s.
    pub fn following_renames_to(mut self, upstream: Oid) -> CommitTree<'a> {
        self.upstream = Some(upstream);
        self
    }
}

fn read_error(path: &[u8], e: impl std::fmt::Display) -> PortError {
    PortError::Read {
        path: String::from_utf8_lossy(path).into_owned(),
        reason: e.to_string(),
    }
}

impl Tree for CommitTree<'_> {
    fn read(&self, path: &[u8]) -> Result<Option<Vec<u8>>, PortError> {
        self.repo
            .blob_at(self.commit, path)
            .map_err(|e| read_error(path, e))
    }

    fn files(&self) -> Result<Vec<Vec<u8>>, PortError> {
        let err = |e: git2::Error| read_error(b"(tree)", e);
        let tree = self
            .repo
            .raw()
            .find_commit(self.commit)
            .and_then(|c| c.tree())
            .map_err(err)?;
        let mut out = Vec::new();
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                let mut path = dir.as_bytes().to_vec();
                path.extend_from_slice(entry.name_bytes());
                out.push(path);
            }
            git2::TreeWalkResult::Ok
        })
        .map_err(err)?;
        Ok(out)
    }

    fn names_in(
        &self,
        lang: Lang,
        names: &[Vec<u8>],
    ) -> Result<Option<HashSet<Vec<u8>>>, PortError> {
        let wanted = |path: &[u8]| Lang::from_path(path) == Some(lang);
        // The check is advice: a tree with unreadable blobs (a partial clone)
        // cannot tell, and the port goes on without it.
        Ok(self.repo.words_in_tree(self.commit, &wanted, names).ok())
    }

    fn defined_in(
        &self,
        lang: Lang,
        names: &[Vec<u8>],
    ) -> Result<Option<HashSet<Vec<u8>>>, PortError> {
        let wanted = |path: &[u8]| Lang::from_path(path) == Some(lang);
        // Advice, as `names_in`: unreadable blobs leave the question open.
        Ok(self
            .repo
            .defined_in_tree(self.commit, &wanted, names, &crate::place::defines)
            .ok())
    }

    fn rust_functions(&self, names: &[Vec<u8>]) -> Result<Option<Definitions>, PortError> {
        let wanted = |path: &[u8]| Lang::from_path(path) == Some(Lang::Rust);
        // Advice, as `names_in`.
        Ok(self
            .repo
            .rust_functions_in_tree(self.commit, &wanted, names)
            .ok())
    }

    fn renamed_from(&self, path: &[u8]) -> Result<Option<Vec<u8>>, PortError> {
        let Some(upstream) = self.upstream else {
            return Ok(None);
        };
        self.repo
            .renamed_between(self.commit, upstream, path)
            .map_err(|e| read_error(path, e))
    }
}

/// Plans an upstream commit's patch onto `legacy`, reading upstream's files
/// before the change from the commit's `parent` (what the line map needs).
pub fn plan_upstream(
    repo: &Repo,
    commit: &CommitPatch,
    parent: Option<Oid>,
    legacy: &dyn Tree,
    opts: &PortOptions,
) -> Result<Vec<FilePlan>, PortError> {
    let before = parent.map(|p| CommitTree::new(repo, p));
    plan_commit(
        commit,
        legacy,
        before.as_ref().map(|t| t as &dyn Tree),
        opts,
    )
}

/// An upstream commit as a port reads it: its metadata, and its patch with
/// the author and message carried in `meta`.
pub fn upstream_commit(repo: &Repo, oid: Oid) -> Result<(CommitInfo, CommitPatch), PortError> {
    let failed = |reason: String| PortError::Commit {
        id: oid.to_string(),
        reason,
    };
    let info = repo.commit_info(oid).map_err(|e| failed(e.to_string()))?;
    let bytes = repo
        .commit_patch(oid, 3)
        .map_err(|e| failed(e.to_string()))?;
    let mut commit =
        crate::patch::parse_commit_diff(&bytes).map_err(|e| failed(format!("its diff: {e}")))?;
    commit.meta = Some(CommitMeta {
        id: Some(info.id.clone()),
        author_name: info.author.name.clone(),
        author_email: info.author.email.clone(),
        date: None,
        subject: info.summary(),
        body: info.message.clone(),
    });
    Ok((info, commit))
}

/// Per file of `commit`, upstream's file before the change (from `parent`),
/// when there is one: what placing a hunk by hand aligns with.
pub fn upstream_texts(
    repo: &Repo,
    commit: &CommitPatch,
    parent: Option<Oid>,
    strip: usize,
) -> Vec<Option<Text>> {
    commit
        .files
        .iter()
        .map(|f| {
            let path = f.old_path_stripped(strip)?;
            repo.blob_at(parent?, &path)
                .ok()
                .flatten()
                .map(|b| Text::parse(&b))
        })
        .collect()
}
