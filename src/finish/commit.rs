//! The commit, through git2: the upstream author and date, the committer
//! from git's configuration, the tree from the index, HEAD's branch moved.

use std::path::Path;

use git2::Oid;

use super::{git, hook, FinishError};
use crate::git::{Person, Repo};
use crate::killpoint;

/// The committer from git's configuration.
pub(super) fn committer(repo: &Repo) -> Result<git2::Signature<'static>, FinishError> {
    repo.raw().signature().map_err(|e| {
        if e.code() == git2::ErrorCode::NotFound {
            FinishError::NoIdentity
        } else {
            git("read user.name and user.email")(e)
        }
    })
}

/// Commits the index on `parent` and moves HEAD (its branch, or HEAD itself
/// when detached) there; `None` when the index has nothing `parent` lacks.
pub(super) fn commit(
    repo: &Repo,
    workdir: &Path,
    author: &Person,
    message: &str,
    parent: Oid,
) -> Result<Option<Oid>, FinishError> {
    let raw = repo.raw();
    let mut index = raw.index().map_err(git("read the index"))?;
    index.read(false).map_err(git("read the index"))?;
    let tree_id = index
        .write_tree()
        .map_err(git("write the index as a tree"))?;
    let parent_commit = raw
        .find_commit(parent)
        .map_err(git(format!("read commit {parent}")))?;
    if parent_commit.tree_id() == tree_id {
        return Ok(None);
    }
    let tree = raw.find_tree(tree_id).map_err(git("read the new tree"))?;
    let message = hook::commit_msg(repo, workdir, message)?;
    let committer = committer(repo)?;
    let author = author.signature()?;
    let oid = raw
        .commit(
            None,
            &author,
            &committer,
            &message,
            &tree,
            &[&parent_commit],
        )
        .map_err(git("create the commit"))?;
    killpoint::reached("commit");
    let head = raw.find_reference("HEAD").map_err(git("read HEAD"))?;
    let target = head.resolve().map_err(git("read HEAD"))?;
    let name = target.name().map_err(git("read HEAD"))?.to_string();
    let subject = message.lines().next().unwrap_or_default();
    raw.reference_matching(&name, oid, true, parent, &format!("ferry pick: {subject}"))
        .map_err(git(format!("move {name} to the new commit")))?;
    Ok(Some(oid))
}

/// Whether `commit` is the port of `upstream` made on `parent` (found when
/// ferry stopped between committing and saving its state).
pub(super) fn is_port_of(repo: &Repo, commit: &str, parent: &str, upstream: &str) -> bool {
    let Ok(oid) = Oid::from_str(commit) else {
        return false;
    };
    let Ok(c) = repo.raw().find_commit(oid) else {
        return false;
    };
    c.parent_ids().next().map(|p| p.to_string()).as_deref() == Some(parent)
        && String::from_utf8_lossy(c.message_bytes())
            .contains(&format!("(cherry picked from commit {upstream})"))
}
