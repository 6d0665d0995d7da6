//! Which identifiers a commit's files use: whether an API exists on a branch.
//!
//! A fix that calls `ERRNO_IS_NEG_NOT_SUPPORTED()` places cleanly on a branch
//! that never had that macro, and the backport does not build. One file
//! cannot tell a name the branch lacks from one a header defines; the whole
//! tree can. Reading every blob of a large tree costs a few hundred
//! milliseconds, so each blob's identifiers are kept by blob id: the trees of
//! neighbouring commits share almost all their blobs (`ferry eval` reads
//! hundreds of them).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use git2::{ObjectType, Oid, TreeWalkMode, TreeWalkResult};

use memchr::memmem::Finder;

use super::checkout::Checkout;
use super::{object_error, GitError, Repo};
use crate::text::{has_word, is_word, looks_binary};

type Words = HashSet<Box<[u8]>, foldhash::fast::RandomState>;

/// Blobs larger than this are not read for names (generated tables, data).
const MAX_BLOB: usize = 4 << 20;

/// What is kept of each blob read so far, by blob id.
#[derive(Default)]
pub(super) struct Cache(RefCell<HashMap<Oid, Kept>>);

/// A blob is searched directly for the names asked, which is cheaper than
/// collecting all its words when few questions come: `ferry pick` asks the
/// legacy tree, then upstream's tree for the names legacy lacks, and the
/// blobs both trees share are answered from what was found the first time.
/// A blob asked about new names again and again (`ferry eval`, commit after
/// commit) has all its words kept.
enum Kept {
    Searched {
        asked: Vec<Vec<u8>>,
        found: Vec<Vec<u8>>,
        reads: u32,
    },
    Words(Arc<Words>),
}

/// Reads of one blob after which its words are kept.
const READS_BEFORE_WORDS: u32 = 3;

impl Repo {
    /// Which of `names` some file of `commit` whose path `wanted` accepts
    /// uses as a whole word.
    pub fn words_in_tree(
        &self,
        commit: Oid,
        wanted: &dyn Fn(&[u8]) -> bool,
        names: &[Vec<u8>],
    ) -> Result<HashSet<Vec<u8>>, GitError> {
        let mut found = HashSet::new();
        if names.is_empty() {
            return Ok(found);
        }
        let commit = self.find_commit(commit)?;
        let tree = self.commit_tree(&commit)?;
        let mut blobs = Vec::new();
        tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() == Some(ObjectType::Blob) {
                let mut path = dir.as_bytes().to_vec();
                path.extend_from_slice(entry.name_bytes());
                if wanted(&path) {
                    blobs.push((entry.id(), path));
                }
            }
            TreeWalkResult::Ok
        })
        .map_err(|git| object_error("tree of commit", commit.id(), git))?;
        let checkout = Checkout::of_head(self, commit.id());
        for (id, path) in blobs {
            let on_disk = || checkout.as_ref().and_then(|c| c.read(&path, id));
            let here = self.blob_has(id, on_disk, names, &found)?;
            found.extend(here);
            if found.len() == names.len() {
                break;
            }
        }
        Ok(found)
    }

    /// Which of `names` not yet `found` the blob `id` uses. Its text is
    /// read from the checkout when `on_disk` has it, else from the pack.
    fn blob_has(
        &self,
        id: Oid,
        on_disk: impl FnOnce() -> Option<Vec<u8>>,
        names: &[Vec<u8>],
        found: &HashSet<Vec<u8>>,
    ) -> Result<Vec<Vec<u8>>, GitError> {
        let wanted: Vec<&Vec<u8>> = names.iter().filter(|n| !found.contains(*n)).collect();
        let reads = match self.words.0.borrow().get(&id) {
            Some(Kept::Words(words)) => {
                return Ok(wanted
                    .into_iter()
                    .filter(|n| words.contains(n.as_slice()))
                    .cloned()
                    .collect())
            }
            Some(Kept::Searched { asked, found, .. })
                if wanted.iter().all(|n| asked.contains(n)) =>
            {
                return Ok(wanted
                    .into_iter()
                    .filter(|n| found.contains(n))
                    .cloned()
                    .collect())
            }
            Some(Kept::Searched { reads, .. }) => *reads,
            None => 0,
        };
        let blob;
        let file;
        let content = match on_disk() {
            Some(bytes) => {
                file = bytes;
                &file[..]
            }
            None => {
                blob = self
                    .raw
                    .find_blob(id)
                    .map_err(|git| object_error("blob", id, git))?;
                blob.content()
            }
        };
        let text = if content.len() > MAX_BLOB || looks_binary(content) {
            &[][..]
        } else {
            content
        };
        let here: Vec<Vec<u8>> = wanted
            .iter()
            .filter(|n| has_word(text, &Finder::new(n.as_slice())))
            .map(|n| n.to_vec())
            .collect();
        let mut cache = self.words.0.borrow_mut();
        if reads + 1 >= READS_BEFORE_WORDS {
            cache.insert(id, Kept::Words(Arc::new(identifiers(text))));
        } else if let Some(Kept::Searched {
            asked,
            found,
            reads,
        }) = cache.get_mut(&id)
        {
            asked.extend(wanted.into_iter().cloned());
            found.extend(here.iter().cloned());
            *reads += 1;
        } else {
            cache.insert(
                id,
                Kept::Searched {
                    asked: wanted.into_iter().cloned().collect(),
                    found: here.clone(),
                    reads: 1,
                },
            );
        }
        Ok(here)
    }
}

/// The identifiers in a file's text: runs of word bytes ([`is_word`]) that
/// do not start with a digit.
fn identifiers(text: &[u8]) -> Words {
    let mut out = Words::default();
    let mut i = 0;
    while i < text.len() {
        if !is_word(text[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < text.len() && is_word(text[i]) {
            i += 1;
        }
        let w = &text[start..i];
        if !w[0].is_ascii_digit() && !out.contains(w) {
            out.insert(w.into());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::identifiers;

    #[test]
    fn identifiers_are_whole_words_not_numbers() {
        let w = identifiers(b"if (ERRNO_IS_PRIVILEGE(r)) return 0x1f + v2;");
        for name in ["if", "ERRNO_IS_PRIVILEGE", "r", "return", "v2"] {
            assert!(w.contains(name.as_bytes()), "{name}");
        }
        assert!(!w.contains(b"ERRNO".as_slice()));
        assert!(!w.contains(b"0x1f".as_slice()));
        assert!(!w.contains(b"x1f".as_slice()));
    }
}
