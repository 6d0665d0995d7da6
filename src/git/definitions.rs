//! Which names a commit's own files define, not only use.
//!
//! A name upstream's files call and no legacy file has is a helper the
//! branch lacks when upstream's code defines it (`ERRNO_IS_NEG_PRIVILEGE`
//! in a header). One upstream only calls comes from a library, the standard
//! library or generated code (`acl_delete_perm`, `div_ceil`, a protobuf
//! field), and the tree cannot tell whether the branch has it. Asked only
//! of the few names the word search left, so every blob is read plainly.

use std::collections::HashSet;

use git2::Oid;

use super::{object_error, searchable, GitError, Repo};

impl Repo {
    /// Which of `names` a line of some file of `commit` whose path `wanted`
    /// accepts defines, as `defines(line, name)` tells.
    pub fn defined_in_tree(
        &self,
        commit: Oid,
        wanted: &dyn Fn(&[u8]) -> bool,
        names: &[Vec<u8>],
        defines: &dyn Fn(&[u8], &[u8]) -> bool,
    ) -> Result<HashSet<Vec<u8>>, GitError> {
        let mut found = HashSet::new();
        if names.is_empty() {
            return Ok(found);
        }
        let commit = self.find_commit(commit)?;
        for (id, _) in self.blobs_of(&commit, wanted)? {
            let blob = self
                .raw
                .find_blob(id)
                .map_err(|git| object_error("blob", id, git))?;
            let content = blob.content();
            if !searchable(content) {
                continue;
            }
            found.extend(defined_in(content, names, defines).into_iter().cloned());
            if found.len() == names.len() {
                break;
            }
        }
        Ok(found)
    }
}

/// Which of `names` some line of `content` defines.
fn defined_in<'n>(
    content: &[u8],
    names: &'n [Vec<u8>],
    defines: &dyn Fn(&[u8], &[u8]) -> bool,
) -> Vec<&'n Vec<u8>> {
    names
        .iter()
        .filter(|n| memchr::memmem::find(content, n).is_some())
        .filter(|n| {
            content
                .split(|&b| b == b'\n')
                .any(|line| memchr::memmem::find(line, n).is_some() && defines(line, n))
        })
        .collect()
}
