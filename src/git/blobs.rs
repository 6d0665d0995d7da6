//! Files at a commit, and the path a file had before it was renamed.
//!
//! Paths are looked up component by component as bytes, so a path that is not
//! UTF-8 is found on every platform. A path that names a directory or a
//! submodule is "no file" here, like a path that does not exist: callers ask
//! for file contents and fall back (to a renamed path, to a search by symbol)
//! when there are none.
//!
//! [`Repo::renamed_between`] compares the two trees directly rather than
//! following the file's history commit by commit (`git log --follow`): the
//! two commits are usually on different branches, the history between them
//! is long, and what matters is where the file is now, not each step it took.
//! The price: a file renamed and then changed beyond 50% similarity over that
//! span is not paired.

use git2::{Delta, ObjectType, Oid, Tree};

use super::diff::{diff_options, find_options};
use super::{display_bytes, GitError, Repo};
use crate::text::base_name;

impl Repo {
    /// The content of the file at `path` in commit `commit`; `None` when no
    /// file is there. A symlink's content is its target.
    pub fn blob_at(&self, commit: Oid, path: &[u8]) -> Result<Option<Vec<u8>>, GitError> {
        let commit = self.find_commit(commit)?;
        let tree = self.commit_tree(&commit)?;
        self.blob_in(&tree, path)
    }

    /// [`Repo::blob_at`] for a revision the user typed (`main`, `v1.2~3`).
    pub fn blob_at_rev(&self, rev: &str, path: &[u8]) -> Result<Option<Vec<u8>>, GitError> {
        let oid = self.commit_of(rev, rev)?;
        self.blob_at(oid, path)
    }

    /// [`Repo::blob_at`] at HEAD.
    pub fn head_blob(&self, path: &[u8]) -> Result<Option<Vec<u8>>, GitError> {
        self.blob_at(self.head_oid()?, path)
    }

    /// The path that the file at `path` in `to` had in `from`: `path` itself
    /// when `from` has a file there, else the source of a rename found by
    /// similarity between the two trees (git's 50% threshold), else `None`
    /// (also when `to` has no file at `path`). The commits may be on
    /// different branches.
    ///
    /// Copies are not followed: asking for them makes libgit2 consider every
    /// modified file a source, and across two branches that is often enough
    /// to pass the rename limit, which turns all similarity detection off.
    ///
    /// Pairing every added file with every deleted one costs seconds across
    /// two distant branches (3.3 s for systemd v253-stable against main:
    /// 1562 added, 532 deleted), so the pair is found from one file's side:
    /// the deleted file most like `path`, then the added file most like that
    /// one. When each is the other's best match, that is the pair the full
    /// detection makes; otherwise the full detection runs.
    pub fn renamed_between(
        &self,
        from: Oid,
        to: Oid,
        path: &[u8],
    ) -> Result<Option<Vec<u8>>, GitError> {
        let from_tree = self.commit_tree(&self.find_commit(from)?)?;
        let to_tree = self.commit_tree(&self.find_commit(to)?)?;
        if self.blob_id_in(&to_tree, path)?.is_none() {
            return Ok(None);
        }
        // Without break-rewrites, a path that exists on both sides is never a
        // rename target, so the diff would only say "modified".
        if self.blob_id_in(&from_tree, path)?.is_some() {
            return Ok(Some(path.to_vec()));
        }
        let pairs = RenamePairs {
            repo: self,
            from: &from_tree,
            to: &to_tree,
            what: format!(
                "{from} against {to} (looking for the old path of {})",
                display_bytes(path)
            ),
        };
        let (added, deleted) = pairs.added_and_deleted()?;
        if deleted.is_empty() {
            return Ok(None);
        }
        // A file of the same name, if git pairs the two at all.
        if let Some(source) = same_name(&deleted, &added, path) {
            let two = [source.clone(), path.to_vec()];
            if (pairs.find(Some(&two))?.iter()).any(|(old, new)| *old == source && new == path) {
                return Ok(Some(source));
            }
        }
        let mut only = deleted;
        only.push(path.to_vec());
        let Some(source) = pairs
            .find(Some(&only))?
            .into_iter()
            .find_map(|(old, new)| (new == path).then_some(old))
        else {
            return Ok(None);
        };
        let mut only = added;
        only.push(source.clone());
        let back = pairs.find(Some(&only))?;
        if back.iter().any(|(old, new)| *old == source && new == path) {
            return Ok(Some(source));
        }
        Ok(pairs
            .find(None)?
            .into_iter()
            .find_map(|(old, new)| (new == path).then_some(old)))
    }

    /// Reads the blob at `path` in `tree`.
    fn blob_in(&self, tree: &Tree<'_>, path: &[u8]) -> Result<Option<Vec<u8>>, GitError> {
        let Some(id) = self.blob_id_in(tree, path)? else {
            return Ok(None);
        };
        let blob = self.raw.find_blob(id).map_err(|git| GitError::Object {
            what: "blob",
            id: id.to_string(),
            git,
        })?;
        Ok(Some(blob.content().to_vec()))
    }

    /// The id of the blob at `path` in `tree`, walking one component at a time.
    fn blob_id_in(&self, tree: &Tree<'_>, path: &[u8]) -> Result<Option<Oid>, GitError> {
        // No tree entry holds a NUL, and git2 panics on one in a name.
        if path.contains(&0) {
            return Ok(None);
        }
        let mut components = path.split(|&b| b == b'/').peekable();
        let mut current = tree.clone();
        while let Some(name) = components.next() {
            let Some((kind, id)) = current
                .get_name_bytes(name)
                .map(|entry| (entry.kind(), entry.id()))
            else {
                return Ok(None);
            };
            let last = components.peek().is_none();
            match (kind, last) {
                (Some(ObjectType::Blob), true) => return Ok(Some(id)),
                (Some(ObjectType::Tree), false) => {
                    current = self.raw.find_tree(id).map_err(|git| GitError::Object {
                        what: "tree",
                        id: id.to_string(),
                        git,
                    })?;
                }
                _ => return Ok(None),
            }
        }
        Ok(None)
    }
}

/// A path as git stores it.
type GitPath = Vec<u8>;

/// A rename: (old path, new path).
type Rename = (GitPath, GitPath);

/// Rename detection between two trees, over all files or a chosen few.
struct RenamePairs<'r> {
    repo: &'r Repo,
    from: &'r Tree<'r>,
    to: &'r Tree<'r>,
    what: String,
}

impl RenamePairs<'_> {
    fn diff_error(&self, git: git2::Error) -> GitError {
        GitError::Diff {
            what: self.what.clone(),
            git,
        }
    }

    /// The paths only `to` has and the paths only `from` has.
    fn added_and_deleted(&self) -> Result<(Vec<GitPath>, Vec<GitPath>), GitError> {
        let diff = self
            .repo
            .raw
            .diff_tree_to_tree(Some(self.from), Some(self.to), Some(&mut diff_options(0)))
            .map_err(|git| self.diff_error(git))?;
        let (mut added, mut deleted) = (Vec::new(), Vec::new());
        for delta in diff.deltas() {
            match delta.status() {
                Delta::Added => added.extend(delta.new_file().path_bytes().map(<[u8]>::to_vec)),
                Delta::Deleted => deleted.extend(delta.old_file().path_bytes().map(<[u8]>::to_vec)),
                _ => {}
            }
        }
        Ok((added, deleted))
    }

    /// The renames libgit2 finds when the diff holds only the files at
    /// `only` (exact paths), or every file.
    fn find(&self, only: Option<&[GitPath]>) -> Result<Vec<Rename>, GitError> {
        let mut opts = diff_options(0);
        if let Some(paths) = only {
            opts.disable_pathspec_match(true);
            for path in paths.iter().filter(|p| !p.contains(&0)) {
                opts.pathspec(path.clone());
            }
        }
        let mut diff = self
            .repo
            .raw
            .diff_tree_to_tree(Some(self.from), Some(self.to), Some(&mut opts))
            .map_err(|git| self.diff_error(git))?;
        diff.find_similar(Some(&mut find_options(false)))
            .map_err(|git| self.diff_error(git))?;
        Ok(diff
            .deltas()
            .filter(|delta| delta.status() == Delta::Renamed)
            .filter_map(|delta| {
                Some((
                    delta.old_file().path_bytes()?.to_vec(),
                    delta.new_file().path_bytes()?.to_vec(),
                ))
            })
            .collect())
    }
}
/// The one file `from` has and `to` lacks with the name `path` has in
/// `to`, where `to` has no other new file of that name: a file moved to
/// another folder keeps its name, and git's own rename detection tries such
/// pairs first. By similarity alone, SDL's small `qnx/SDL_qsa_audio.h`, whose
/// licence block is most of it, paired with `android/SDL_androidaudio.h`
/// rather than `qsa/SDL_qsa_audio.h`.
fn same_name(deleted: &[Vec<u8>], added: &[Vec<u8>], path: &[u8]) -> Option<Vec<u8>> {
    let wanted = base_name(path);
    let one = |paths: &[Vec<u8>]| {
        let mut same = paths.iter().filter(|p| base_name(p) == wanted);
        let first = same.next()?;
        same.next().is_none().then(|| first.clone())
    };
    // `added` holds `path` itself when it is new in `to`.
    one(added)?;
    one(deleted)
}
