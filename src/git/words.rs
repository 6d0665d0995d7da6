//! Which identifiers a commit's files use: whether an API exists on a branch.
//!
//! A fix that calls `ERRNO_IS_NEG_NOT_SUPPORTED()` places cleanly on a branch
//! that never had that macro, and the backport does not build. One file
//! cannot tell a name the branch lacks from one a header defines; the whole
//! tree can. Inflating every blob of a large tree from the pack costs
//! hundreds of milliseconds, so HEAD's files are read from the checkout
//! where the index vouches for them (`checkout.rs`), the blobs left are read
//! on every core, and what each blob answered is kept by blob id: the trees
//! of neighbouring commits share almost all their blobs (`ferry eval` reads
//! hundreds of them).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use git2::{ObjectType, Oid, TreeWalkMode, TreeWalkResult};
use memchr::memmem::Finder;

use super::checkout::Checkout;
use super::{object_error, searchable, GitError, Repo};
use crate::text::{has_word, stands_alone};

type Words = HashSet<Box<[u8]>, foldhash::fast::RandomState>;

/// What searching trees keeps between searches.
#[derive(Default)]
pub(super) struct Cache {
    /// What is kept of each blob read so far, by blob id.
    kept: RefCell<HashMap<Oid, Kept>>,
    /// The repository handles of the threads that read blobs, kept warm
    /// (each has its own cache of pack deltas) for the next search.
    handles: RefCell<Vec<git2::Repository>>,
}

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

/// Fewer blobs to read than this are read on one thread.
const BLOBS_PER_THREAD: usize = 64;

/// A blob to read: its id, its path, and how often it was read before.
type Unread = (Oid, Vec<u8>, u32);

/// What reading one blob found: the names asked that it uses, and all its
/// words when it has been read often enough to keep them.
struct Read {
    id: Oid,
    here: Vec<Vec<u8>>,
    words: Option<Words>,
}

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
        let blobs = self.blobs_of(&commit, wanted)?;
        // What earlier searches kept answers first; what is left to learn
        // is then asked of the blobs that cannot answer it.
        let mut unread = Vec::new();
        for (id, path) in blobs {
            match self.kept_answer(id, names) {
                Ok(here) => found.extend(here),
                Err(reads) => unread.push((id, path, reads)),
            }
        }
        let rest: Vec<Vec<u8>> = names
            .iter()
            .filter(|n| !found.contains(*n))
            .cloned()
            .collect();
        unread.retain(|(id, _, _)| match self.kept_answer(*id, &rest) {
            Ok(here) => {
                found.extend(here);
                false
            }
            Err(_) => true,
        });
        let rest: Vec<Vec<u8>> = rest.into_iter().filter(|n| !found.contains(n)).collect();
        if rest.is_empty() || unread.is_empty() {
            return Ok(found);
        }
        let checkout = Checkout::of_head(self, commit.id());
        for read in self.read_blobs(&unread, checkout.as_ref(), &rest)? {
            found.extend(read.here.iter().cloned());
            self.keep(read, &rest);
        }
        Ok(found)
    }

    /// The blobs of `commit`'s tree whose paths `wanted` accepts, with
    /// their paths.
    pub(super) fn blobs_of(
        &self,
        commit: &git2::Commit<'_>,
        wanted: &dyn Fn(&[u8]) -> bool,
    ) -> Result<Vec<(Oid, Vec<u8>)>, GitError> {
        let tree = self.commit_tree(commit)?;
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
        Ok(blobs)
    }

    /// What is kept of blob `id` says which of `names` it uses; otherwise
    /// how often it was read before.
    fn kept_answer(&self, id: Oid, names: &[Vec<u8>]) -> Result<Vec<Vec<u8>>, u32> {
        match self.words.kept.borrow().get(&id) {
            Some(Kept::Words(words)) => Ok(names
                .iter()
                .filter(|n| words.contains(n.as_slice()))
                .cloned()
                .collect()),
            Some(Kept::Searched { asked, found, .. })
                if names.iter().all(|n| asked.contains(n)) =>
            {
                Ok(names
                    .iter()
                    .filter(|n| found.contains(n))
                    .cloned()
                    .collect())
            }
            Some(Kept::Searched { reads, .. }) => Err(*reads),
            None => Err(0),
        }
    }

    /// Keeps what reading a blob for `asked` found.
    fn keep(&self, read: Read, asked: &[Vec<u8>]) {
        let mut cache = self.words.kept.borrow_mut();
        if let Some(words) = read.words {
            cache.insert(read.id, Kept::Words(Arc::new(words)));
        } else if let Some(Kept::Searched {
            asked: a,
            found,
            reads,
        }) = cache.get_mut(&read.id)
        {
            a.extend(asked.iter().cloned());
            found.extend(read.here);
            *reads += 1;
        } else {
            cache.insert(
                read.id,
                Kept::Searched {
                    asked: asked.to_vec(),
                    found: read.here,
                    reads: 1,
                },
            );
        }
    }

    /// Reads `blobs` for `names`, on as many threads as the machine has
    /// cores (each with its own handle on the repository: libgit2's are not
    /// shared between threads). A thread stops once it has found every name.
    fn read_blobs(
        &self,
        blobs: &[Unread],
        checkout: Option<&Checkout>,
        names: &[Vec<u8>],
    ) -> Result<Vec<Read>, GitError> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(blobs.len().div_ceil(BLOBS_PER_THREAD))
            .max(1);
        if threads == 1 {
            return search_blobs(&self.raw, blobs, checkout, names);
        }
        let chunk = blobs.len().div_ceil(threads);
        let mut handles = std::mem::take(&mut *self.words.handles.borrow_mut());
        while handles.len() + 1 < threads {
            let git_dir = self.raw.path();
            let raw = git2::Repository::open(git_dir).map_err(|git| GitError::Open {
                path: git_dir.to_path_buf(),
                git,
            })?;
            handles.push(raw);
        }
        let (out, handles) = std::thread::scope(|scope| {
            let mut chunks = blobs.chunks(chunk);
            let first = chunks.next().unwrap_or_default();
            let others: Vec<_> = chunks
                .zip(handles)
                .map(|(part, raw)| {
                    scope.spawn(move || {
                        let read = search_blobs(&raw, part, checkout, names);
                        (read, raw)
                    })
                })
                .collect();
            let mut out = search_blobs(&self.raw, first, checkout, names);
            let mut handles = Vec::new();
            for thread in others {
                match thread.join() {
                    Ok((read, raw)) => {
                        handles.push(raw);
                        match (&mut out, read) {
                            (Ok(out), Ok(read)) => out.extend(read),
                            (Ok(_), Err(e)) => out = Err(e),
                            (Err(_), _) => {}
                        }
                    }
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            (out, handles)
        });
        *self.words.handles.borrow_mut() = handles;
        out
    }
}

/// Reads each blob (from the checkout when it has it, else from `raw`'s
/// object store) and finds which of `names` it uses.
fn search_blobs(
    raw: &git2::Repository,
    blobs: &[Unread],
    checkout: Option<&Checkout>,
    names: &[Vec<u8>],
) -> Result<Vec<Read>, GitError> {
    let matcher = Matcher::new(names)?;
    let mut found = vec![false; names.len()];
    let mut out = Vec::new();
    for (id, path, reads) in blobs {
        let blob;
        let file;
        let content = match checkout.and_then(|c| c.read(path, *id)) {
            Some(bytes) => {
                file = bytes;
                &file[..]
            }
            None => {
                blob = raw
                    .find_blob(*id)
                    .map_err(|git| object_error("blob", *id, git))?;
                blob.content()
            }
        };
        let text = if searchable(content) {
            content
        } else {
            &[][..]
        };
        let hit = matcher.whole_words(text);
        let mut here = Vec::new();
        for (i, name) in names.iter().enumerate() {
            if hit[i] {
                found[i] = true;
                here.push(name.clone());
            }
        }
        let words = (reads + 1 >= READS_BEFORE_WORDS).then(|| identifiers(text));
        out.push(Read {
            id: *id,
            here,
            words,
        });
        if found.iter().all(|&f| f) {
            break;
        }
    }
    Ok(out)
}

/// Finds which names a text uses as whole words.
enum Matcher<'n> {
    /// Name by name: a few names are found fastest each on its own, by its
    /// rarest bytes.
    Each(Vec<Finder<'n>>),
    /// All names in one pass, which many names need (one pass per name
    /// would read a large tree as often).
    All(aho_corasick::AhoCorasick),
}

/// Up to this many names are searched name by name.
const NAMES_ONE_BY_ONE: usize = 4;

impl<'n> Matcher<'n> {
    fn new(names: &'n [Vec<u8>]) -> Result<Matcher<'n>, GitError> {
        if names.len() <= NAMES_ONE_BY_ONE {
            return Ok(Matcher::Each(names.iter().map(Finder::new).collect()));
        }
        // Leftmost-longest finds every whole-word occurrence: names are word
        // bytes only, so no match reaches across the boundary before one.
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(names)
            .map(Matcher::All)
            .map_err(|e| GitError::Search(e.to_string()))
    }

    /// Per name, whether `text` uses it as a whole word.
    fn whole_words(&self, text: &[u8]) -> Vec<bool> {
        match self {
            Matcher::Each(finders) => finders.iter().map(|f| has_word(text, f)).collect(),
            Matcher::All(all) => {
                let mut hit = vec![false; all.patterns_len()];
                for m in all.find_iter(text) {
                    if stands_alone(text, m.range()) {
                        hit[m.pattern().as_usize()] = true;
                    }
                }
                hit
            }
        }
    }
}

/// The identifiers in a file's text: runs of word bytes ([`crate::text::is_word`]) that
/// do not start with a digit.
fn identifiers(text: &[u8]) -> Words {
    let mut out = Words::default();
    for w in crate::text::words(text).map(|r| &text[r]) {
        if !w[0].is_ascii_digit() && !out.contains(w) {
            out.insert(w.into());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{identifiers, Matcher};
    use crate::git::tests::committed;
    use crate::git::Repo;
    use std::collections::HashSet;

    fn set(names: &[&str]) -> HashSet<Vec<u8>> {
        names.iter().map(|n| n.as_bytes().to_vec()).collect()
    }

    /// A tree large enough to be read on several threads, asked twice (the
    /// second time the blobs' earlier answers and the kept handles serve),
    /// with few names and with many, from the checkout and from the pack.
    #[test]
    fn finds_names_anywhere_in_a_large_tree() {
        let files = (0..300).map(|i| {
            let body = match i {
                7 => "int early_helper(void);\n".to_string(),
                293 => "#define LATE_MACRO(x) (x)\nint late_helper(void);\n".to_string(),
                _ => format!("int f{i}(void) {{ return late_helperx() + {i}; }}\n"),
            };
            (format!("f{i:03}.c"), body)
        });
        let notes = (
            "notes.txt".to_string(),
            "LATE_MACRO missing_one\n".to_string(),
        );
        let (dir, repo) = committed(files.chain([notes]));
        let root = dir.path();
        let head = repo.head_oid().expect("head");
        let c_files = |p: &[u8]| p.ends_with(b".c");
        let few = set(&["LATE_MACRO", "missing_one"]);
        let many = set(&[
            "LATE_MACRO",
            "early_helper",
            "late_helper",
            "missing_one",
            "missing_two",
            "f299",
        ]);
        for _ in 0..2 {
            let ask = |names: &HashSet<Vec<u8>>| {
                let mut names: Vec<Vec<u8>> = names.iter().cloned().collect();
                names.sort();
                repo.words_in_tree(head, &c_files, &names).expect("search")
            };
            assert_eq!(ask(&few), set(&["LATE_MACRO"]));
            assert_eq!(
                ask(&many),
                set(&["LATE_MACRO", "early_helper", "late_helper", "f299"])
            );
        }
        // The same answers from the pack, with the checkout gone.
        for i in 0..300 {
            std::fs::remove_file(root.join(format!("f{i:03}.c"))).expect("remove");
        }
        let fresh = Repo::open(root).expect("repo");
        let names: Vec<Vec<u8>> = ["late_helper", "missing_two"]
            .iter()
            .map(|n| n.as_bytes().to_vec())
            .collect();
        assert_eq!(
            fresh.words_in_tree(head, &c_files, &names).expect("search"),
            set(&["late_helper"])
        );
    }

    #[test]
    fn both_matchers_find_whole_words_only() {
        let text = b"foo_bar(x); xfoo + foo;  FOOD";
        for names in [
            vec![b"foo".to_vec(), b"foo_bar".to_vec(), b"FOO".to_vec()],
            vec![
                b"foo".to_vec(),
                b"foo_bar".to_vec(),
                b"FOO".to_vec(),
                b"bar".to_vec(),
                b"xfo".to_vec(),
            ],
        ] {
            let found = Matcher::new(&names).expect("matcher").whole_words(text);
            assert_eq!(&found[..3], [true, true, false], "{names:?}");
            assert!(found[3..].iter().all(|f| !f), "{names:?}");
        }
    }

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
