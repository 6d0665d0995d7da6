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
