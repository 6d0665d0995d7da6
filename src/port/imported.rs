//! Names an added Python import takes from a module of the legacy tree that
//! does not have them.
//!
//! `from ..util import await_` builds only if the branch's `util` module
//! has `await_`. The whole-tree search (`tree_check.rs`) finds the word
//! somewhere (an attribute `self.await_`) and lets it pass; the module
//! itself tells. As there, a name counts only when upstream's module had it
//! before the commit: one the commit adds is new with it, not missing.

use std::collections::HashSet;

use super::{join, parent, Located, PortError, Tree};
use crate::syntax::{added_from_imports, FromImport, Lang};
use crate::text::{contains, has_word};

/// The names the added imports of `files` take from a legacy module that
/// lacks them and that upstream's module had.
pub(super) fn lacking(
    files: &[&Located<'_>],
    legacy: &dyn Tree,
    upstream: &dyn Tree,
) -> Result<HashSet<Vec<u8>>, PortError> {
    let mut out = HashSet::new();
    // Listed once, and only when an absolute import needs it.
    let mut listed: Option<Vec<Vec<u8>>> = None;
    for l in files.iter().filter(|l| l.lang() == Some(Lang::Python)) {
        for FromImport { module, name, .. } in added_from_imports(&l.file.hunks) {
            let path = match relative_module(&l.legacy_path, &module) {
                Some(candidates) => first_existing(legacy, &candidates)?,
                None => {
                    if listed.is_none() {
                        listed = Some(legacy.files()?);
                    }
                    absolute_module(listed.as_deref().unwrap_or_default(), &module)
                }
            };
            let Some(path) = path else { continue };
            if lacks(legacy, &path, &name)? && has(upstream, &path, &name)? {
                out.insert(name);
            }
        }
    }
    Ok(out)
}

/// Whether the legacy module at `path` lacks `name`: no word of it, no
/// submodule of that name, and no `import *` that could bring it.
fn lacks(tree: &dyn Tree, path: &[u8], name: &[u8]) -> Result<bool, PortError> {
    let Some(text) = tree.read(path)? else {
        return Ok(false);
    };
    if has_name(&text, name) || contains(&text, b"import *") {
        return Ok(false);
    }
    if let Some(package) = path.strip_suffix(b"__init__.py") {
        let submodule = module_files(&[package, name].concat());
        if first_existing(tree, &submodule)?.is_some() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether upstream's file at `path` has `name` as a word.
fn has(tree: &dyn Tree, path: &[u8], name: &[u8]) -> Result<bool, PortError> {
    Ok(tree.read(path)?.is_some_and(|t| has_name(&t, name)))
}

/// Whether some line of `text` has `name` as a word.
fn has_name(text: &[u8], name: &[u8]) -> bool {
    let finder = memchr::memmem::Finder::new(name);
    text.split(|&b| b == b'\n').any(|l| has_word(l, &finder))
}

/// The two files a module `base` (`lib/sa/util`) may be: `util.py` or
/// `util/__init__.py`.
fn module_files(base: &[u8]) -> [Vec<u8>; 2] {
    [[base, b".py"].concat(), join(base, b"__init__.py")]
}

fn first_existing(tree: &dyn Tree, candidates: &[Vec<u8>]) -> Result<Option<Vec<u8>>, PortError> {
    for c in candidates {
        if tree.read(c)?.is_some() {
            return Ok(Some(c.clone()));
        }
    }
    Ok(None)
}

/// The files a relative module (`..util`) of the file at `path` may be;
/// `None` for an absolute one.
fn relative_module(path: &[u8], module: &[u8]) -> Option<Vec<Vec<u8>>> {
    let dots = module.iter().take_while(|&&b| b == b'.').count();
    if dots == 0 {
        return None;
    }
    let mut dir = parent(path);
    for _ in 1..dots {
        dir = parent(dir);
    }
    let rest = dotted_path(&module[dots..]);
    if rest.is_empty() {
        return Some(vec![join(dir, b"__init__.py")]);
    }
    Some(module_files(&join(dir, &rest)).to_vec())
}

/// The one file of the tree an absolute module (`sqlalchemy.util`) names,
/// wherever its package lies (`lib/sqlalchemy/util/__init__.py`); `None`
/// when no file or more than one fits (a module of another project).
fn absolute_module(files: &[Vec<u8>], module: &[u8]) -> Option<Vec<u8>> {
    let rest = dotted_path(module);
    let ends = module_files(&rest);
    let mut found = files.iter().filter(|f| {
        ends.iter()
            .any(|e| f.ends_with(e) && (f.len() == e.len() || f[f.len() - e.len() - 1] == b'/'))
    });
    let first = found.next()?;
    found.next().is_none().then(|| first.clone())
}

fn dotted_path(module: &[u8]) -> Vec<u8> {
    module
        .iter()
        .map(|&b| if b == b'.' { b'/' } else { b })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_modules_resolve_from_the_importing_file() {
        let s = |v: Option<Vec<Vec<u8>>>| -> Vec<String> {
            v.unwrap_or_default()
                .iter()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .collect()
        };
        assert_eq!(
            s(relative_module(b"lib/sa/dialects/oracle/db.py", b"...util")),
            ["lib/sa/util.py", "lib/sa/util/__init__.py"]
        );
        assert_eq!(
            s(relative_module(b"aiohttp/client.py", b".")),
            ["aiohttp/__init__.py"]
        );
        assert_eq!(
            s(relative_module(b"m.py", b".helpers")),
            ["helpers.py", "helpers/__init__.py"]
        );
        assert!(relative_module(b"a/b.py", b"os.path").is_none());
    }

    #[test]
    fn absolute_modules_are_found_wherever_their_package_lies() {
        let files: Vec<Vec<u8>> = [
            "lib/sqlalchemy/util/__init__.py",
            "lib/sqlalchemy/util/concurrency.py",
            "test/util.py",
            "other/util.py",
        ]
        .iter()
        .map(|p| p.as_bytes().to_vec())
        .collect();
        assert_eq!(
            absolute_module(&files, b"sqlalchemy.util.concurrency").as_deref(),
            Some(&b"lib/sqlalchemy/util/concurrency.py"[..])
        );
        assert_eq!(
            absolute_module(&files, b"sqlalchemy.util").as_deref(),
            Some(&b"lib/sqlalchemy/util/__init__.py"[..])
        );
        // Two files fit: a module of which project is not known.
        assert_eq!(absolute_module(&files, b"util"), None);
        assert_eq!(absolute_module(&files, b"concurrency.x"), None);
    }
}
