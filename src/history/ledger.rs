//! `ferry ledger`: what a branch carries from upstream, commit by commit,
//! so "is this release patched against X?" is answered from the history
//! rather than from a version number.
//!
//! Each entry pairs a legacy commit with the upstream commit it carries
//! (by trailer or patch id, as [`CarriedIndex`] finds them), says whether
//! the port is the upstream change as-is (same patch id) or adapted, and
//! keeps what the maintainer wrote about it: `[ name: … ]` lines, git's
//! `Conflicts:` list, `Ferry-*:` trailers and the commit's note under
//! `refs/notes/ferry`. A trailer naming a commit this repository lacks is
//! kept too (the upstream id as written, adaptation unknown): the port is
//! real even when its source is not fetched.

use std::collections::HashMap;

use serde::Serialize;

use super::carried::{CarriedBy, CarriedIndex, Sides};
use super::message::{adaptation_notes, cve_ids};
use super::missing::{list, MissingCommit, MissingOptions};
use super::{HistoryError, Progress};
use crate::git::{Oid, Repo};

/// The notes ref ferry reads adaptation notes from.
pub const NOTES_REF: &str = "refs/notes/ferry";

/// What to add to the ledger.
#[derive(Debug, Clone, Copy, Default)]
pub struct LedgerOptions {
    /// Also list the upstream fixes the branch does not carry.
    pub missing_fixes: bool,
}

/// One upstream commit carried by one legacy commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    /// The upstream commit's full id (or the id as the trailer wrote it,
    /// when this repository lacks it).
    pub upstream: String,
    /// Its subject; `None` when this repository lacks it.
    pub upstream_subject: Option<String>,
    /// The legacy commit carrying it.
    pub legacy: String,
    /// Its abbreviated id.
    pub legacy_short: String,
    /// Its subject.
    pub legacy_subject: String,
    /// How the pair was found.
    pub found_by: CarriedBy,
    /// `as-is` (same patch id), `adapted`, or `unknown` (the upstream
    /// commit or a blob is not in this repository).
    pub adaptation: &'static str,
    /// What the maintainer or ferry wrote about adapting it.
    pub notes: Vec<String>,
    /// CVE ids either message names.
    pub cves: Vec<String>,
}

/// The answer of `ferry ledger`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ledger {
    /// The branch tip examined.
    pub rev: String,
    /// The upstream tip compared with.
    pub upstream: String,
    /// Their fork point.
    pub fork: String,
    /// Every carried upstream commit, in the branch's order.
    pub entries: Vec<LedgerEntry>,
    /// Every CVE id the entries name, sorted.
    pub cves: Vec<String>,
    /// With `missing_fixes`: the upstream fixes not carried, oldest first.
    pub missing_fixes: Option<Vec<MissingCommit>>,
}

/// The ledger of `rev_tip` against `upstream_tip`.
pub fn ledger(
    repo: &Repo,
    rev_tip: Oid,
    upstream_tip: Oid,
    opts: &LedgerOptions,
    progress: Progress<'_>,
) -> Result<Ledger, HistoryError> {
    progress("walking the branches", 0, 1);
    let sides = Sides::read(repo, rev_tip, upstream_tip)?;
    let mut carried = CarriedIndex::build(repo, &sides, progress)?;
    let mut by_legacy: HashMap<Oid, Vec<(Oid, CarriedBy)>> = HashMap::new();
    for (upstream, carries) in carried.iter() {
        for c in carries {
            by_legacy
                .entry(c.legacy)
                .or_default()
                .push((upstream, c.by));
        }
    }
    let mut unresolved: HashMap<Oid, Vec<(CarriedBy, String)>> = HashMap::new();
    for (legacy, by, hex) in carried.unresolved() {
        unresolved
            .entry(*legacy)
            .or_default()
            .push((*by, hex.clone()));
    }
    let mut entries = Vec::new();
    let total = sides.legacy.len();
    for (i, &legacy) in sides.legacy.iter().enumerate() {
        progress("reading ports", i, total);
        let pairs = by_legacy.remove(&legacy).unwrap_or_default();
        let missing = unresolved.remove(&legacy).unwrap_or_default();
        if pairs.is_empty() && missing.is_empty() {
            continue;
        }
        let info = repo.commit_info(legacy)?;
        let mut notes = adaptation_notes(&info.message);
        if let Some(note) = repo.note(NOTES_REF, legacy) {
            notes.extend(
                note.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_string),
            );
        }
        let mut pairs = pairs;
        pairs.sort_by_key(|(u, by)| (*by, *u));
        for (upstream, by) in pairs {
            let up = repo.commit_info(upstream)?;
            let adaptation = match (
                carried.patch_id(repo, legacy)?,
                carried.patch_id(repo, upstream)?,
            ) {
                (Some(a), Some(b)) if a == b => "as-is",
                (Some(_), Some(_)) => "adapted",
                // Empty or unreadable: nothing to compare.
                _ => "unknown",
            };
            let mut cves = cve_ids(&info.message);
            for c in cve_ids(&up.message) {
                if !cves.contains(&c) {
                    cves.push(c);
                }
            }
            entries.push(LedgerEntry {
                upstream: up.id.clone(),
                upstream_subject: Some(up.summary()),
                legacy: info.id.clone(),
                legacy_short: info.short.clone(),
                legacy_subject: info.summary(),
                found_by: by,
                adaptation,
                notes: notes.clone(),
                cves,
            });
        }
        for (by, hex) in missing {
            entries.push(LedgerEntry {
                upstream: hex,
                upstream_subject: None,
                legacy: info.id.clone(),
                legacy_short: info.short.clone(),
                legacy_subject: info.summary(),
                found_by: by,
                adaptation: "unknown",
                notes: notes.clone(),
                cves: cve_ids(&info.message),
            });
        }
    }
    let mut cves: Vec<String> = entries.iter().flat_map(|e| e.cves.clone()).collect();
    cves.sort();
    cves.dedup();
    let missing_fixes = if opts.missing_fixes {
        let opts = MissingOptions {
            fixes: true,
            ..MissingOptions::default()
        };
        Some(list(repo, &sides, &mut carried, &opts, progress)?.commits)
    } else {
        None
    };
    Ok(Ledger {
        rev: rev_tip.to_string(),
        upstream: upstream_tip.to_string(),
        fork: sides.fork.to_string(),
        entries,
        cves,
        missing_fixes,
    })
}
