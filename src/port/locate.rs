//! Finding the legacy file for an upstream file legacy has under no known
//! name (not the same path, not a rename git can see): the file of the same
//! language that defines the functions the hunks change.
//!
//! Rejected: content similarity of whole files (expensive over a large tree,
//! and fooled by boilerplate); the functions a fix touches are what a person
//! would grep for.

use std::collections::BTreeSet;

use super::{PortError, Tree};
use crate::patch::{Hunk, LineKind};
use crate::place::section_name;
use crate::syntax::{outline, Lang};

/// Files larger than this are not parsed while searching.
const MAX_FILE: usize = 2 << 20;
/// At most this many files of the language are searched.
const MAX_FILES: usize = 20_000;

/// The names of the functions the hunks change: from the upstream file's
/// outline when it is known, else from git's `@@` header context.
fn changed_functions(
    lang: Lang,
    hunks: &[Hunk],
    upstream_before: Option<&[u8]>,
) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let upstream = upstream_before.and_then(|b| outline(lang, b).ok());
    for h in hunks {
        let first_change = h
            .lines
            .iter()
            .filter(|l| l.kind != LineKind::Added)
            .position(|l| l.kind == LineKind::Removed)
            .unwrap_or(0);
        let line = h.old_start.saturating_sub(1) + first_change;
        match upstream.as_ref().and_then(|o| o.enclosing(line)) {
            Some(sym) => {
                names.insert(sym.name.clone());
            }
            None => names.extend(section_name(&h.section)),
        }
    }
    names
}

/// A legacy file found: its path and content.
pub type Located = (Vec<u8>, Vec<u8>);

/// The legacy file (path and content) that defines the most of the changed
/// functions, if exactly one does.
pub fn by_functions(
    path: &[u8],
    hunks: &[Hunk],
    upstream_before: Option<&[u8]>,
    legacy: &dyn Tree,
) -> Result<Option<Located>, PortError> {
    let Some(lang) = Lang::from_path(path) else {
        return Ok(None);
    };
    let names = changed_functions(lang, hunks, upstream_before);
    if names.is_empty() {
        return Ok(None);
    }
    let mut best: Option<(usize, Vec<u8>, Vec<u8>)> = None;
    let mut tie = false;
    let files = legacy.files()?;
    for file in files
        .into_iter()
        .filter(|f| Lang::from_path(f) == Some(lang))
        .take(MAX_FILES)
    {
        let Some(bytes) = legacy.read(&file)? else {
            continue;
        };
        if bytes.len() > MAX_FILE
            || !names
                .iter()
                .any(|n| memchr::memmem::find(&bytes, n.as_bytes()).is_some())
        {
            continue;
        }
        let Ok(o) = outline(lang, &bytes) else {
            continue;
        };
        let defined = names
            .iter()
            .filter(|n| o.symbols().iter().any(|s| s.is_function() && &s.name == *n))
            .count();
        if defined == 0 {
            continue;
        }
        match &best {
            Some((n, _, _)) if *n > defined => {}
            Some((n, _, _)) if *n == defined => tie = true,
            _ => {
                tie = false;
                best = Some((defined, file, bytes));
            }
        }
    }
    Ok(if tie {
        None
    } else {
        best.map(|(_, p, b)| (p, b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::port::OneFile;

    struct Two<'a>(OneFile<'a>, OneFile<'a>);

    impl Tree for Two<'_> {
        fn read(&self, path: &[u8]) -> Result<Option<Vec<u8>>, PortError> {
            Ok(self.0.read(path)?.or(self.1.read(path)?))
        }

        fn files(&self) -> Result<Vec<Vec<u8>>, PortError> {
            Ok(vec![self.0.path.to_vec(), self.1.path.to_vec()])
        }
    }

    #[test]
    fn finds_the_file_that_defines_the_function() {
        let patch = crate::patch::parse(
            b"--- a/src/new.c\n+++ b/src/new.c\n@@ -2,3 +2,3 @@ int parse_header(const char *s)\n {\n-\treturn 0;\n+\treturn 1;\n }\n",
        )
        .unwrap();
        let hunks = &patch.commits[0].files[0].hunks;
        let tree = Two(
            OneFile {
                path: b"src/other.c",
                bytes: b"int other(void)\n{\n\treturn 0;\n}\n",
            },
            OneFile {
                path: b"src/old.c",
                bytes: b"int parse_header(const char *s)\n{\n\treturn 0;\n}\n",
            },
        );
        let found = by_functions(b"src/new.c", hunks, None, &tree).unwrap();
        assert_eq!(found.map(|(p, _)| p), Some(b"src/old.c".to_vec()));
        let py = by_functions(b"src/new.py", hunks, None, &tree).unwrap();
        assert_eq!(py, None, "other languages are not searched");
    }
}
