//! Which names a commit's added lines call that the legacy branch lacks.
//!
//! A name the added lines call, that no legacy file of the language uses
//! and upstream's tree had before the commit, is an API the branch lacks:
//! the hunk places cleanly and does not build. Names the commit itself
//! introduces are no reason: those its added lines define are known at
//! once, and upstream's tree did not have the others either.
//! Each search reads every file of the language, so the names of all the
//! commit's files are asked together.

use std::collections::{HashMap, HashSet};

use super::{Located, PortError, Tree};
use crate::patch::{FilePatch, LineKind};
use crate::place;
use crate::syntax::Lang;

/// Per language, the names the legacy tree lacks and upstream's had. A
/// language is absent when the trees cannot search themselves.
pub(super) type Lacking = HashMap<Lang, HashSet<Vec<u8>>>;

/// The names `files` call that the legacy tree lacks, by language; the
/// commit's files are `commit`.
pub(super) fn lacking(
    commit: &[FilePatch],
    files: &[&Located<'_>],
    legacy: &dyn Tree,
    upstream: &dyn Tree,
) -> Result<Lacking, PortError> {
    // Asking for no names tells whether the tree can search at all, before
    // the names are gathered.
    let mut searchable: HashMap<Lang, bool> = HashMap::new();
    let mut asked: HashMap<Lang, Vec<Vec<u8>>> = HashMap::new();
    for l in files {
        let Some(lang) = l.lang() else { continue };
        let can = match searchable.get(&lang) {
            Some(&can) => can,
            None => {
                let can = legacy.names_in(lang, &[])?.is_some();
                searchable.insert(lang, can);
                can
            }
        };
        if !can {
            continue;
        }
        // The legacy file's own names are known to exist on the branch.
        let names = place::used_names(&l.legacy_path, &l.file.hunks, &l.text);
        asked.entry(lang).or_default().extend(names);
    }
    if asked.is_empty() {
        return Ok(Lacking::new());
    }
    let defined: HashSet<&[u8]> = commit
        .iter()
        .flat_map(|f| &f.hunks)
        .flat_map(|h| &h.lines)
        .filter(|l| l.kind == LineKind::Added)
        .flat_map(|l| place::defined_names(&l.content))
        .collect();
    let mut out = Lacking::new();
    for (lang, mut names) in asked {
        names.retain(|n| !defined.contains(n.as_slice()));
        names.sort();
        names.dedup();
        let Some(known) = legacy.names_in(lang, &names)? else {
            continue;
        };
        let unknown: Vec<Vec<u8>> = names.into_iter().filter(|n| !known.contains(n)).collect();
        if let Some(had) = upstream.names_in(lang, &unknown)? {
            out.insert(lang, had);
        }
    }
    Ok(out)
}
