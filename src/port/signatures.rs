//! Rust calls whose argument count the branch's function does not take.
//!
//! `cfg.build_resources(Default::default(), EngineType::RaftKv)` builds on
//! upstream, whose `build_resources` gained a parameter; the branch has the
//! name, so the word search (`tree_check.rs`) lets it pass, and the
//! signature it has takes one argument. A method's type is unknown from a
//! line, so only a name the legacy tree defines once is judged: that one
//! definition is the function called. A count upstream's tree took before
//! the commit and the legacy definition does not is API the branch lacks;
//! a function the commit itself defines or changes is no sign.

use std::collections::{HashMap, HashSet};

use memchr::memmem::Finder;

use super::tree_check::{added_in, added_lines, fn_name};
use super::{Located, PortError, Tree};
use crate::patch::FilePatch;
use crate::place::{is_standard_method, named_calls, with_arguments};
use crate::syntax::Lang;

/// The calls of the added Rust lines of `files` with an argument count the
/// legacy tree's only definition of the function does not take and
/// upstream's tree did, as `f with N arguments` (how the hunk's
/// explanation names them); the commit's files are `commit`.
pub(super) fn lacking(
    commit: &[FilePatch],
    files: &[&Located<'_>],
    legacy: &dyn Tree,
    upstream: &dyn Tree,
) -> Result<HashSet<Vec<u8>>, PortError> {
    let mut passed = calls(files);
    let own: HashSet<&[u8]> = added_lines(commit).filter_map(fn_name).collect();
    passed.retain(|name, _| !own.contains(name.as_slice()));
    if passed.is_empty() {
        return Ok(HashSet::new());
    }
    let names: Vec<Vec<u8>> = passed.keys().cloned().collect();
    let Some(legacy_fns) = legacy.rust_functions(&names)? else {
        return Ok(HashSet::new());
    };
    // The counts no legacy definition takes, of a name defined once.
    let wrong: HashMap<&[u8], Vec<usize>> = passed
        .iter()
        .filter_map(
            |(name, counts)| match legacy_fns.get(name).map(Vec::as_slice) {
                Some([(_, takes)]) => {
                    let wrong: Vec<usize> = counts.iter().copied().filter(|n| n != takes).collect();
                    (!wrong.is_empty()).then_some((name.as_slice(), wrong))
                }
                _ => None,
            },
        )
        .collect();
    if wrong.is_empty() {
        return Ok(HashSet::new());
    }
    let asked: Vec<Vec<u8>> = wrong.keys().map(|n| n.to_vec()).collect();
    let Some(upstream_fns) = upstream.rust_functions(&asked)? else {
        return Ok(HashSet::new());
    };
    let mut out = HashSet::new();
    for (name, counts) in wrong {
        let Some(defs) = upstream_fns.get(name) else {
            continue;
        };
        out.extend(
            (counts.into_iter())
                .filter(|n| defs.iter().any(|(_, takes)| takes == n))
                .map(|n| with_arguments(name, n).into_bytes()),
        );
    }
    Ok(out)
}

/// The argument counts the added Rust lines of `files` pass each name,
/// without those a legacy file of them already passes it: the branch
/// calls some `name` so, whichever function that is.
fn calls(files: &[&Located<'_>]) -> HashMap<Vec<u8>, Vec<usize>> {
    let rust: Vec<&Located<'_>> = (files.iter().copied())
        .filter(|l| l.lang() == Some(Lang::Rust))
        .collect();
    let mut out: HashMap<Vec<u8>, Vec<usize>> = HashMap::new();
    let added =
        added_in(files, Lang::Rust).filter(|line| !line.trim_ascii_start().starts_with(b"//"));
    // A method std has too may be std's: which one is called, the tree
    // cannot tell.
    for (name, n) in added.flat_map(named_calls) {
        if !is_standard_method(Some(Lang::Rust), name) {
            out.entry(name.to_vec()).or_default().push(n);
        }
    }
    out.retain(|name, counts| {
        let finder = Finder::new(name);
        let passed: Vec<usize> = (rust.iter().flat_map(|l| &l.text.lines))
            .filter(|line| finder.find(line).is_some())
            .flat_map(|line| named_calls(line))
            .filter(|&(called, _)| called == name.as_slice())
            .map(|(_, n)| n)
            .collect();
        counts.retain(|n| !passed.contains(n));
        counts.sort_unstable();
        counts.dedup();
        !counts.is_empty()
    });
    out
}
