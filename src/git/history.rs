//! The history questions behind `ferry missing` and `ferry ledger`: the fork
//! point of two branches, the commits only one of them has, which paths a
//! commit touches, its patch id, and where two versions of a file differ.
//!
//! Patch ids are libgit2's `git_diff_patchid`, which computes git's stable
//! patch id (`git patch-id --stable`: whitespace and line numbers dropped,
//! files summed so their order does not matter). It needs every blob of the
//! commit, so callers first compare the cheap list of touched paths, as
//! `git cherry` does, and ask for the id only when two commits could match.

use git2::{DiffOptions, Oid, Sort};

use super::{GitError, Repo};

/// Where two versions of a file differ: 1-based starts as in a hunk header
/// (a side with no lines starts at the line before the change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineChange {
    /// First line before (0 for an insertion at the top).
    pub old_start: usize,
    /// Lines before.
    pub old_len: usize,
    /// First line after.
    pub new_start: usize,
    /// Lines after.
    pub new_len: usize,
}

fn walk_error(what: &str) -> impl Fn(git2::Error) -> GitError + '_ {
    move |git| GitError::Walk {
        spec: what.to_string(),
        git,
    }
}

impl Repo {
    /// The commit a revision names (anything `git rev-parse` takes).
    pub fn commit_id(&self, rev: &str) -> Result<Oid, GitError> {
        self.commit_of(rev, rev)
    }

    /// The commit a hex prefix names, if exactly one does.
    pub fn commit_by_prefix(&self, hex: &str) -> Option<Oid> {
        self.raw.find_commit_by_prefix(hex).ok().map(|c| c.id())
    }

    /// The best common ancestor of two commits (the fork point), `None` when
    /// the histories are unrelated.
    pub fn merge_base(&self, a: Oid, b: Oid) -> Result<Option<Oid>, GitError> {
        match self.raw.merge_base(a, b) {
            Ok(oid) => Ok(Some(oid)),
            Err(git) if git.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(git) => Err(walk_error("merge base")(git)),
        }
    }

    /// Whether `ancestor` is `of` or one of its ancestors.
    pub fn is_ancestor(&self, ancestor: Oid, of: Oid) -> Result<bool, GitError> {
        if ancestor == of {
            return Ok(true);
        }
        self.raw
            .graph_descendant_of(of, ancestor)
            .map_err(walk_error("ancestry"))
    }

    /// Commits reachable from `tip` and not from any of `hidden`, parents
    /// before children (the order a series is ported in). Merges included;
    /// callers that want changes skip them with [`Repo::parent_count`].
    pub fn commits_between(&self, tip: Oid, hidden: &[Oid]) -> Result<Vec<Oid>, GitError> {
        let what = format!("{tip} without {} commits", hidden.len());
        let err = walk_error(&what);
        let mut walk = self.raw.revwalk().map_err(&err)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
            .map_err(&err)?;
        walk.push(tip).map_err(&err)?;
        for &h in hidden {
            walk.hide(h).map_err(&err)?;
        }
        walk.collect::<Result<Vec<Oid>, _>>().map_err(&err)
    }

    /// How many parents a commit has (2 or more: a merge).
    pub fn parent_count(&self, oid: Oid) -> Result<usize, GitError> {
        Ok(self.find_commit(oid)?.parent_count())
    }

    /// The parents of a commit, first parent first.
    pub fn parents(&self, oid: Oid) -> Result<Vec<Oid>, GitError> {
        Ok(self.find_commit(oid)?.parent_ids().collect())
    }

    /// The paths a commit changes against its first parent, sorted, without
    /// reading any blob (no rename detection: a rename is both paths).
    pub fn touched_paths(&self, oid: Oid) -> Result<Vec<Vec<u8>>, GitError> {
        let diff = self.plain_diff(oid, &mut DiffOptions::new())?;
        let mut paths: Vec<Vec<u8>> = Vec::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(p) = file.path_bytes() {
                    paths.push(p.to_vec());
                }
            }
        }
        paths.sort();
        paths.dedup();
        Ok(paths)
    }

    /// The commit's stable patch id, as `git patch-id --stable` gives it;
    /// `None` when the commit changes nothing.
    pub fn patch_id(&self, oid: Oid) -> Result<Option<Oid>, GitError> {
        let mut opts = DiffOptions::new();
        opts.context_lines(3);
        let diff = self.plain_diff(oid, &mut opts)?;
        if diff.deltas().len() == 0 {
            return Ok(None);
        }
        diff.patchid(None).map(Some).map_err(|git| GitError::Diff {
            what: format!("commit {oid} (patch id)"),
            git,
        })
    }

    /// The diff of a commit against its first parent without rename pairing
    /// (git's `patch-id` input).
    fn plain_diff(&self, oid: Oid, opts: &mut DiffOptions) -> Result<git2::Diff<'_>, GitError> {
        let commit = self.find_commit(oid)?;
        let new_tree = self.commit_tree(&commit)?;
        let old_tree = match commit.parent_ids().next() {
            Some(parent) => Some(self.commit_tree(&self.find_commit(parent)?)?),
            None => None,
        };
        self.raw
            .diff_tree_to_tree(old_tree.as_ref(), Some(&new_tree), Some(opts))
            .map_err(|git| GitError::Diff {
                what: format!("commit {oid} against its parent"),
                git,
            })
    }

    /// The git note of a commit under `notes_ref` (e.g. `refs/notes/ferry`).
    pub fn note(&self, notes_ref: &str, oid: Oid) -> Option<String> {
        let note = self.raw.find_note(Some(notes_ref), oid).ok()?;
        Some(String::from_utf8_lossy(note.message_bytes()).into_owned())
    }
}

/// Where `old` and `new` differ, line by line, without context (git's
/// Myers diff; empty when they are equal).
pub fn line_changes(old: &[u8], new: &[u8]) -> Result<Vec<LineChange>, GitError> {
    let mut opts = DiffOptions::new();
    opts.context_lines(0);
    let patch =
        git2::Patch::from_buffers(old, None, new, None, Some(&mut opts)).map_err(|git| {
            GitError::Diff {
                what: "two versions of a file".into(),
                git,
            }
        })?;
    let mut out = Vec::new();
    for i in 0..patch.num_hunks() {
        let (hunk, _) = patch.hunk(i).map_err(|git| GitError::Diff {
            what: "two versions of a file".into(),
            git,
        })?;
        out.push(LineChange {
            old_start: hunk.old_start() as usize,
            old_len: hunk.old_lines() as usize,
            new_start: hunk.new_start() as usize,
            new_len: hunk.new_lines() as usize,
        });
    }
    Ok(out)
}

impl Repo {
    /// The blob id of the file at `path` in `commit`, `None` when there is
    /// no file: comparing ids tells whether a commit touched a file without
    /// reading it.
    pub fn file_id(&self, commit: Oid, path: &[u8]) -> Result<Option<Oid>, GitError> {
        let commit = self.find_commit(commit)?;
        let tree = self.commit_tree(&commit)?;
        Ok(tree
            .get_path(&super::path_from_bytes(path))
            .ok()
            .filter(|e| e.kind() == Some(git2::ObjectType::Blob))
            .map(|e| e.id()))
    }
}
