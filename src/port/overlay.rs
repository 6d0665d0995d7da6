//! A tree with some files replaced: HEAD with the results of a series'
//! earlier commits not committed yet (`ferry pick A..B`), or a benchmark
//! case's own file over the tree it came from (`ferry eval --cases
//! --mirrors`). Reads and name searches see the replaced files.

use std::collections::{HashMap, HashSet};

use super::{PortError, Tree};
use crate::git::{add_rust_functions, Definitions};
use crate::place::uses_identifier;
use crate::syntax::Lang;
use crate::text::Text;

/// A tree with some files replaced (`None`: deleted).
pub struct Overlay<'a> {
    /// The tree underneath.
    pub base: &'a dyn Tree,
    /// The files that differ from it, by path.
    pub changed: &'a HashMap<Vec<u8>, Option<Vec<u8>>>,
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
        let base = self.base.names_in(lang, names)?;
        Ok(self.with_changed(base, lang, names, uses_identifier))
    }

    fn defined_in(
        &self,
        lang: Lang,
        names: &[Vec<u8>],
    ) -> Result<Option<HashSet<Vec<u8>>>, PortError> {
        let base = self.base.defined_in(lang, names)?;
        Ok(self.with_changed(base, lang, names, |lines, n| {
            lines.iter().any(|l| crate::place::defines(l, n))
        }))
    }

    fn rust_functions(&self, names: &[Vec<u8>]) -> Result<Option<Definitions>, PortError> {
        let Some(mut found) = self.base.rust_functions(names)? else {
            return Ok(None);
        };
        // A replaced file's definitions are its new content's.
        for defs in found.values_mut() {
            defs.retain(|(path, _)| !self.changed.contains_key(path));
        }
        for (path, content) in self.changed {
            if let Some(content) = content
                .as_ref()
                .filter(|_| Lang::from_path(path) == Some(Lang::Rust))
            {
                add_rust_functions(&mut found, path, content, names);
            }
        }
        found.retain(|_, defs| !defs.is_empty());
        Ok(Some(found))
    }
}

impl Overlay<'_> {
    /// What the base tree answered of `names`, with what the replaced files
    /// of language `lang` answer (`has(lines, name)`); `None` when the base
    /// cannot tell.
    fn with_changed(
        &self,
        base: Option<HashSet<Vec<u8>>>,
        lang: Lang,
        names: &[Vec<u8>],
        has: impl Fn(&[Vec<u8>], &[u8]) -> bool,
    ) -> Option<HashSet<Vec<u8>>> {
        let mut found = base?;
        for (path, content) in self.changed {
            let Some(content) = content
                .as_ref()
                .filter(|_| Lang::from_path(path) == Some(lang))
            else {
                continue;
            };
            let text = Text::parse(content);
            found.extend(names.iter().filter(|n| has(&text.lines, n)).cloned());
        }
        Some(found)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::Overlay;
    use crate::git::tests::committed;
    use crate::port::{CommitTree, Tree};

    /// A replaced file's functions are its new content's, a deleted file's
    /// are gone, and an added file's count.
    #[test]
    fn replaced_files_define_what_their_new_content_defines() {
        let (_dir, repo) = committed(
            [
                ("src/config.rs", "pub fn build(env: u8) -> u8 { env }\n"),
                ("src/old.rs", "fn retired(a: u8, b: u8) {}\n"),
                ("src/lib.rs", "fn build_all() {}\n"),
            ]
            .map(|(p, c)| (p.to_string(), c.to_string())),
        );
        let base = CommitTree::new(&repo, repo.head_oid().expect("head"));
        let changed: HashMap<Vec<u8>, Option<Vec<u8>>> = [
            (
                b"src/config.rs".to_vec(),
                Some(b"pub fn build(env: u8, kind: Kind) -> u8 { env }\n".to_vec()),
            ),
            (b"src/old.rs".to_vec(), None),
            (b"src/new.rs".to_vec(), Some(b"fn retired() {}\n".to_vec())),
        ]
        .into_iter()
        .collect();
        let overlay = Overlay {
            base: &base,
            changed: &changed,
        };
        let names = [b"build".to_vec(), b"retired".to_vec()];
        let found = |tree: &dyn Tree| {
            let mut found: Vec<(String, String, usize)> = (tree.rust_functions(&names))
                .expect("search")
                .expect("searchable")
                .into_iter()
                .flat_map(|(name, defs)| {
                    defs.into_iter().map(move |(path, n)| {
                        let name = String::from_utf8_lossy(&name).into_owned();
                        (name, String::from_utf8_lossy(&path).into_owned(), n)
                    })
                })
                .collect();
            found.sort();
            found
        };
        let owned = |v: &[(&str, &str, usize)]| -> Vec<(String, String, usize)> {
            v.iter()
                .map(|&(a, b, n)| (a.to_string(), b.to_string(), n))
                .collect()
        };
        assert_eq!(
            found(&base),
            owned(&[("build", "src/config.rs", 1), ("retired", "src/old.rs", 2)])
        );
        assert_eq!(
            found(&overlay),
            owned(&[("build", "src/config.rs", 2), ("retired", "src/new.rs", 0)])
        );
    }
}
