//! A commit's diff against its first parent, with git's defaults, and its
//! patch text.
//!
//! Both [`Repo::changes`] and [`Repo::commit_patch`] start here so that the
//! file list ferry works on and the patch text it shows agree. The options are
//! set explicitly rather than read from `diff.*` configuration (except
//! `diff.renameLimit`, which libgit2 reads as git does): ferry must find the
//! same renames whatever the user set for their own `git diff`.

use git2::{Diff, DiffFindOptions, DiffFormat, DiffOptions, Oid};

use super::{GitError, Repo};

/// git's similarity threshold for renames and copies (`-M50%`, `-C50%`).
pub(super) const SIMILARITY_THRESHOLD: u16 = 50;

/// `git diff` defaults: `context_lines` lines of context, the indent
/// heuristic on (git's default since 2.14; libgit2's is off).
pub(super) fn diff_options(context_lines: u32) -> DiffOptions {
    let mut opts = DiffOptions::new();
    opts.context_lines(context_lines).indent_heuristic(true);
    opts
}

/// `-M` (and `-C` when `copies`): similarity-based pairing of deleted and
/// added files, copies only from files the diff also modifies, as git does
/// without `--find-copies-harder`.
pub(super) fn find_options(copies: bool) -> DiffFindOptions {
    let mut find = DiffFindOptions::new();
    find.renames(true)
        .rename_threshold(SIMILARITY_THRESHOLD)
        .copies(copies)
        .copy_threshold(SIMILARITY_THRESHOLD);
    find
}

impl Repo {
    /// The diff of a commit against its first parent (the empty tree for a
    /// root commit), with similar files paired up.
    pub(super) fn commit_diff(
        &self,
        oid: Oid,
        opts: &mut DiffOptions,
        find: &mut DiffFindOptions,
    ) -> Result<Diff<'_>, GitError> {
        let commit = self.find_commit(oid)?;
        let new_tree = self.commit_tree(&commit)?;
        let old_tree = match commit.parent_ids().next() {
            Some(parent) => Some(self.commit_tree(&self.find_commit(parent)?)?),
            None => None,
        };
        let diff_error = |git| GitError::Diff {
            what: format!("commit {oid} against its parent"),
            git,
        };
        let mut diff = self
            .raw
            .diff_tree_to_tree(old_tree.as_ref(), Some(&new_tree), Some(opts))
            .map_err(diff_error)?;
        diff.find_similar(Some(find)).map_err(diff_error)?;
        Ok(diff)
    }

    /// The commit's change as the patch text `git diff -M -U<context_lines>
    /// <parent> <commit>` prints: `diff --git` headers, `index` lines,
    /// similarity and rename headers, hunks with their function context,
    /// `Binary files ... differ`.
    ///
    /// Byte-identical to git (tests compare it with the git command on
    /// modified, added, deleted and renamed files, binary files, CRLF and
    /// Latin-1 content, a missing final newline and a quoted non-ASCII path)
    /// except in these details:
    /// - the number on `similarity index N%` lines: libgit2 estimates
    ///   similarity with its own line-hash signatures, git with
    ///   `diffcore-delta`; they can differ by a point or more, so a pair very
    ///   near the 50% threshold may be a rename for one and not the other;
    /// - `index` lines: libgit2 abbreviates ids to `core.abbrev` (7 when
    ///   unset), where git with the option unset lengthens them as a
    ///   repository grows (12 digits in linux.git).
    pub fn commit_patch(&self, oid: Oid, context_lines: u32) -> Result<Vec<u8>, GitError> {
        let diff = self.commit_diff(
            oid,
            &mut diff_options(context_lines),
            &mut find_options(false),
        )?;
        let mut out = Vec::new();
        diff.print(DiffFormat::Patch, |_delta, _hunk, line| {
            if let origin @ ('+' | '-' | ' ') = line.origin() {
                out.push(origin as u8);
            }
            out.extend_from_slice(line.content());
            true
        })
        .map_err(|git| GitError::Diff {
            what: format!("commit {oid} against its parent (printing the patch)"),
            git,
        })?;
        Ok(out)
    }
}
