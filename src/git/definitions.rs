//! Which names a commit's own files define, not only use.
//!
//! A name upstream's files call and no legacy file has is a helper the
//! branch lacks when upstream's code defines it (`ERRNO_IS_NEG_PRIVILEGE`
//! in a header). One upstream only calls comes from a library, the standard
//! library or generated code (`acl_delete_perm`, `div_ceil`, a protobuf
//! field), and the tree cannot tell whether the branch has it. Asked only
//! of the few names the word search left, so every blob is read plainly.
//! The Rust functions each blob defines, with their parameter counts, are
//! read for calls a signature rules out (`port/signatures.rs`); they are
//! asked of every commit, so what each blob defines is kept by blob id.

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use git2::Oid;

use super::{object_error, searchable, GitError, Repo};
use crate::syntax::rust_functions;

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
            let here = self.read_searchable(id, |content| defined_in(content, names, defines))?;
            found.extend(here.into_iter().flatten().cloned());
            if found.len() == names.len() {
                break;
            }
        }
        Ok(found)
    }

    /// Every definition of the Rust functions `names` in the files of
    /// `commit` whose path `wanted` accepts. All files are read: how many
    /// definitions a name has is part of the answer.
    pub fn rust_functions_in_tree(
        &self,
        commit: Oid,
        wanted: &dyn Fn(&[u8]) -> bool,
        names: &[Vec<u8>],
    ) -> Result<Definitions, GitError> {
        let mut found = Definitions::new();
        if names.is_empty() {
            return Ok(found);
        }
        let asked: HashSet<&[u8]> = names.iter().map(Vec::as_slice).collect();
        let commit = self.find_commit(commit)?;
        let mut kept = self.functions.borrow_mut();
        for (id, path) in self.blobs_of(&commit, wanted)? {
            let functions = match kept.entry(id) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => {
                    let read = self.read_searchable(id, |content| {
                        (rust_functions(content).into_iter())
                            .map(|(name, n)| (Box::from(name), n))
                            .collect()
                    })?;
                    e.insert(read.unwrap_or_default())
                }
            };
            let functions = functions.iter().map(|(name, n)| (&name[..], *n));
            add_asked(&mut found, &path, functions, &asked);
        }
        Ok(found)
    }

    /// What `read` makes of blob `id` when it is searchable text.
    fn read_searchable<T>(
        &self,
        id: Oid,
        read: impl FnOnce(&[u8]) -> T,
    ) -> Result<Option<T>, GitError> {
        let blob = self
            .raw
            .find_blob(id)
            .map_err(|git| object_error("blob", id, git))?;
        Ok(searchable(blob.content()).then(|| read(blob.content())))
    }
}

/// Per Rust function name, the files that define it and the parameter
/// count of each definition.
pub type Definitions = HashMap<Vec<u8>, Vec<(Vec<u8>, usize)>>;

/// The Rust functions each blob read so far defines, by blob id: the trees
/// of neighbouring commits share almost all their blobs (`ferry eval`).
pub(super) type Functions = RefCell<HashMap<Oid, Vec<(Box<[u8]>, usize)>>>;

/// Adds the definitions of the Rust functions `names` in one file to
/// `found`.
pub fn add_rust_functions(found: &mut Definitions, path: &[u8], content: &[u8], names: &[Vec<u8>]) {
    let asked: HashSet<&[u8]> = names.iter().map(Vec::as_slice).collect();
    add_asked(found, path, rust_functions(content), &asked);
}

/// Adds a file's `functions` that were `asked` for to `found`.
fn add_asked<'f>(
    found: &mut Definitions,
    path: &[u8],
    functions: impl IntoIterator<Item = (&'f [u8], usize)>,
    asked: &HashSet<&[u8]>,
) {
    for (name, n) in functions {
        if asked.contains(name) {
            let defs = found.entry(name.to_vec()).or_default();
            defs.push((path.to_vec(), n));
        }
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
