//! Crates an added Rust `use` takes from that the legacy crate does not
//! depend on.
//!
//! `use pd_client::PdClient;` builds only if the file's crate depends on
//! `pd_client`. The whole-tree word search (`tree_check.rs`) finds the word
//! somewhere (a variable `pd_client`) and lets it pass; the crate's
//! `Cargo.toml` tells. As there, a crate counts only when upstream's crate
//! depended on it before the commit: one the commit adds comes with it.

use std::collections::HashSet;

use memchr::memmem::Finder;

use super::{join, parent, Located, PortError, Tree};
use crate::patch::LineKind;
use crate::place::without_visibility;
use crate::syntax::Lang;
use crate::text::{has_word, is_word, Text};

/// Path roots that are no crate of `Cargo.toml`.
const BUILT_IN: &[&[u8]] = &[
    b"std",
    b"core",
    b"alloc",
    b"crate",
    b"self",
    b"super",
    b"proc_macro",
    b"test",
];

/// The crates the added `use` lines of `files` start a path with that the
/// legacy crate of the file does not depend on and upstream's did.
pub(super) fn lacking(
    files: &[&Located<'_>],
    legacy: &dyn Tree,
    upstream: &dyn Tree,
) -> Result<HashSet<Vec<u8>>, PortError> {
    let mut out = HashSet::new();
    for l in files.iter().filter(|l| l.lang() == Some(Lang::Rust)) {
        let mut roots: Vec<Vec<u8>> = (l.file.hunks.iter())
            .flat_map(|h| &h.lines)
            .filter(|line| line.kind == LineKind::Added)
            .filter_map(|line| use_root(&line.content))
            .collect();
        roots.sort_unstable();
        roots.dedup();
        roots.retain(|root| !BUILT_IN.contains(&root.as_slice()) && !known_in(&l.text, root));
        if roots.is_empty() {
            continue;
        }
        let Some(have) = dependencies(legacy, &l.legacy_path)? else {
            continue;
        };
        roots.retain(|r| !have.contains(r));
        if roots.is_empty() {
            continue;
        }
        let Some(had) = dependencies(upstream, &l.path)? else {
            continue;
        };
        out.extend(roots.into_iter().filter(|r| had.contains(r)));
    }
    Ok(out)
}

/// The first segment of the path a `use` line starts (`pd_client` of
/// `pub(crate) use ::pd_client::{PdClient, RpcClient};`).
fn use_root(line: &[u8]) -> Option<Vec<u8>> {
    let t = without_visibility(line.trim_ascii_start());
    let t = t.strip_prefix(b"use ")?.trim_ascii_start();
    let t = t.strip_prefix(b"::").unwrap_or(t);
    let end = t.iter().position(|&b| !is_word(b))?;
    (t[end..].starts_with(b"::") && end > 0).then(|| t[..end].to_vec())
}

/// Whether the legacy file already reaches a path through `root`
/// (`root::…` anywhere) or declares it (`mod root`, `extern crate root`,
/// a `use` that binds it): then it is no crate the branch lacks.
fn known_in(legacy: &Text, root: &[u8]) -> bool {
    let path = [root, b"::"].concat();
    let path = Finder::new(&path);
    let word = Finder::new(root);
    // `root::` that starts a path, not `other::root::`.
    let starts_path = |line: &[u8]| {
        path.find_iter(line)
            .any(|at| at == 0 || !(is_word(line[at - 1]) || line[at - 1] == b':'))
    };
    legacy.lines.iter().any(|line| {
        if starts_path(line) {
            return true;
        }
        if !has_word(line, &word) {
            return false;
        }
        let t = without_visibility(line.trim_ascii());
        t.starts_with(b"mod ") || t.starts_with(b"extern crate ") || binds(t, root, &word)
    })
}

/// Whether a line of a `use` (or a list of one over lines) binds `name`:
/// the name ends a path or a list item (`::name;`, `{name,`, `as name`).
fn binds(line: &[u8], name: &[u8], finder: &Finder<'_>) -> bool {
    finder.find_iter(line).any(|at| {
        let before = line[..at].trim_ascii_end();
        let after = line[at + name.len()..].trim_ascii_start();
        let alone = at == 0 || !is_word(line[at - 1]);
        let ends = after.is_empty() || matches!(after[0], b',' | b';' | b'}');
        let starts = before.is_empty()
            || before.ends_with(b"::")
            || before.ends_with(b"{")
            || before.ends_with(b",")
            || before.ends_with(b" as");
        alone && ends && starts && !after.starts_with(b"::")
    })
}

/// The names a file's crate can `use` from outside: its dependencies of
/// every kind and its own name (for tests and examples), from the nearest
/// `Cargo.toml` with a `[package]` above `path`. `None` when there is none
/// or it does not parse.
fn dependencies(tree: &dyn Tree, path: &[u8]) -> Result<Option<HashSet<Vec<u8>>>, PortError> {
    let mut dir = parent(path);
    loop {
        let manifest = join(dir, b"Cargo.toml");
        if let Some(bytes) = tree.read(&manifest)? {
            let Some(table) = std::str::from_utf8(&bytes)
                .ok()
                .and_then(|s| s.parse::<toml::Table>().ok())
            else {
                return Ok(None);
            };
            if let Some(names) = crate_names(&table) {
                return Ok(Some(names));
            }
        }
        if dir.is_empty() {
            return Ok(None);
        }
        dir = parent(dir);
    }
}

/// A package manifest's usable crate names; `None` for a manifest without
/// `[package]` (a virtual workspace root).
fn crate_names(manifest: &toml::Table) -> Option<HashSet<Vec<u8>>> {
    let package = manifest.get("package")?.as_table()?;
    let rust_name = |s: &str| s.replace('-', "_").into_bytes();
    let mut names = HashSet::new();
    if let Some(name) = package.get("name").and_then(|n| n.as_str()) {
        names.insert(rust_name(name));
    }
    let lib = manifest.get("lib").and_then(|l| l.get("name"));
    if let Some(name) = lib.and_then(|n| n.as_str()) {
        names.insert(rust_name(name));
    }
    let kinds = ["dependencies", "dev-dependencies", "build-dependencies"];
    let targets = (manifest.get("target").and_then(|t| t.as_table()))
        .into_iter()
        .flat_map(|t| t.values().filter_map(|t| t.as_table()));
    let tables: Vec<&toml::Table> = std::iter::once(manifest)
        .chain(targets)
        .flat_map(|t| {
            kinds
                .iter()
                .filter_map(|k| t.get(*k).and_then(|d| d.as_table()))
        })
        .collect();
    names.extend(tables.iter().flat_map(|t| t.keys()).map(|k| rust_name(k)));
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_of_an_added_use() {
        let root =
            |l: &str| use_root(l.as_bytes()).map(|r| String::from_utf8_lossy(&r).into_owned());
        assert_eq!(
            root("use pd_client::PdClient;").as_deref(),
            Some("pd_client")
        );
        assert_eq!(
            root("    pub(crate) use ::a_b::{c, d};").as_deref(),
            Some("a_b")
        );
        assert_eq!(root("use serde;"), None);
        assert_eq!(root("let x = use_it::f();"), None);
    }

    #[test]
    fn a_root_the_legacy_file_reaches_or_binds_is_known() {
        let file = |s: &str| Text::parse(s.as_bytes());
        let legacy = file("use tikv::pd::{PdClient, pd_client};\nlet x = pd_client.get();\n");
        assert!(known_in(&legacy, b"pd_client"));
        let legacy = file(
            "use tikv::pd::PdClient;\nlet pd_client = new_client();\nfn f() { pd_client.get() }\n",
        );
        assert!(!known_in(&legacy, b"pd_client"));
        assert!(known_in(&file("mod util;\n"), b"util"));
        assert!(known_in(&file("    util::f();\n"), b"util"));
        assert!(!known_in(&file("    tikv::util::f();\n"), b"util"));
        assert!(known_in(&file("use a::{\n    b as util,\n};\n"), b"util"));
    }

    #[test]
    fn a_manifest_names_every_kind_of_dependency() {
        let manifest: toml::Table = r#"
[package]
name = "test-raftstore"
[lib]
name = "raft_test"
[dependencies]
pd-client = { workspace = true }
[dev-dependencies]
tempfile = "3"
[target.'cfg(unix)'.dependencies]
libc = "0.2"
"#
        .parse()
        .unwrap_or_default();
        let mut got: Vec<String> = crate_names(&manifest)
            .unwrap_or_default()
            .into_iter()
            .map(|n| String::from_utf8_lossy(&n).into_owned())
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                "libc",
                "pd_client",
                "raft_test",
                "tempfile",
                "test_raftstore"
            ]
        );
        let workspace: toml::Table = "[workspace]\nmembers = []\n".parse().unwrap_or_default();
        assert!(crate_names(&workspace).is_none());
    }
}
