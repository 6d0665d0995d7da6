//! `ferry missing`: the upstream commits the legacy branch does not carry,
//! filtered, with what porting each would take.
//!
//! Carried detection covers the whole upstream side (it is what decides
//! what is missing); the filters are cheap tests on messages and touched
//! paths; the placement verdict, series flags and prerequisites cost a plan
//! or a walk per commit, so they are computed only for the commits listed
//! (`limit`), and a caller such as the TUI can ask for one more with
//! [`super::verdict`] when the user opens it.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::carried::{CarriedBy, CarriedIndex, Sides};
use super::message::{cve_ids, fixes_ids, reverted_ids, FixReason};
use super::prereq::{prerequisites_among, target_for_hunk, Prereq};
use super::series::{SeriesFlag, SeriesIndex};
use super::verdict::{verdict, Verdict, VerdictKind};
use super::{HistoryError, Progress};
use crate::git::{Oid, Repo};
use crate::port::PortOptions;

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct MissingOptions {
    /// Only commits not reachable from this one (`--since REV`).
    pub since: Option<Oid>,
    /// Only commits whose message contains this, ignoring case.
    pub grep: Option<String>,
    /// Only fixes: a `Fixes:` trailer or revert of a commit legacy has, or
    /// a CVE id.
    pub fixes: bool,
    /// Only commits touching one of these paths (a file, or a folder
    /// prefix without the trailing `/`).
    pub paths: Vec<Vec<u8>>,
    /// List at most this many (the newest of those that match).
    pub limit: Option<usize>,
    /// Plan each listed commit onto the legacy tip.
    pub verdicts: bool,
    /// For listed commits that do not land cleanly, the upstream commits
    /// that changed their hunks' functions first (needs `verdicts`).
    pub prerequisites: bool,
    /// Placement options for the verdicts.
    pub port: PortOptions,
}

/// A hunk's prerequisites.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HunkPrereqs {
    /// The file upstream.
    pub path: String,
    /// The hunk (0-based); `None` for a whole file legacy lacks.
    pub hunk: Option<usize>,
    /// The function or lines followed.
    pub target: String,
    /// The commits that changed it between the fork point and the fix,
    /// oldest first.
    pub commits: Vec<Prereq>,
}

/// One missing upstream commit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingCommit {
    /// The commit.
    #[serde(skip)]
    pub oid: Oid,
    /// Its full id.
    pub id: String,
    /// Its abbreviated id.
    pub short: String,
    /// Its subject.
    pub subject: String,
    /// Its author's name.
    pub author: String,
    /// When it was written (seconds since the epoch).
    pub time: i64,
    /// Why it counts as a fix (empty when it does not).
    pub fixes: Vec<FixReason>,
    /// The CVE ids its message names.
    pub cves: Vec<String>,
    /// What placing it onto the legacy tip gives (listed commits, when
    /// asked).
    pub verdict: Option<Verdict>,
    /// Why it should not be ported alone, if so.
    pub series: Option<SeriesFlag>,
    /// For hunks that did not land cleanly: what changed them upstream
    /// first.
    pub prerequisites: Vec<HunkPrereqs>,
    /// Why the verdict or prerequisites could not be computed (e.g. a
    /// blob missing from a partial clone); the rest of the list goes on.
    pub error: Option<String>,
}

/// The answer of `ferry missing`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingReport {
    /// The legacy tip.
    pub legacy: String,
    /// The upstream tip.
    pub upstream: String,
    /// The fork point.
    pub fork: String,
    /// Non-merge commits on upstream's side.
    pub upstream_commits: usize,
    /// Non-merge commits on legacy's side.
    pub legacy_commits: usize,
    /// Upstream commits legacy carries, by a trailer.
    pub carried_by_trailer: usize,
    /// Upstream commits legacy carries, by patch id only.
    pub carried_by_patch_id: usize,
    /// Commits whose patch id could not be read (missing objects): they
    /// can still be carried by trailer, not by patch id.
    pub unreadable: usize,
    /// Upstream commits legacy does not carry.
    pub missing: usize,
    /// Of those, the ones the filters keep.
    pub matching: usize,
    /// The ones listed (at most `limit`), oldest first.
    pub commits: Vec<MissingCommit>,
}

/// Hunks whose prerequisites are looked for, per commit: enough to
/// explain a commit, bounded on huge ones.
const MAX_PREREQ_HUNKS: usize = 8;

/// The upstream commits the legacy tip does not carry.
pub fn missing(
    repo: &Repo,
    legacy_tip: Oid,
    upstream_tip: Oid,
    opts: &MissingOptions,
    progress: Progress<'_>,
) -> Result<MissingReport, HistoryError> {
    progress("walking the branches", 0, 1);
    let sides = Sides::read(repo, legacy_tip, upstream_tip)?;
    let mut carried = CarriedIndex::build(repo, &sides, progress)?;
    list(repo, &sides, &mut carried, opts, progress)
}

/// [`missing`] on sides and an index already read (the ledger's `--missing`).
pub(super) fn list(
    repo: &Repo,
    sides: &Sides,
    carried: &mut CarriedIndex,
    opts: &MissingOptions,
    progress: Progress<'_>,
) -> Result<MissingReport, HistoryError> {
    let since: Option<HashSet<Oid>> = match opts.since {
        Some(since) => Some(
            repo.commits_between(sides.upstream_tip, &[sides.legacy_tip, since])?
                .into_iter()
                .collect(),
        ),
        None => None,
    };
    let grep = opts.grep.as_ref().map(|g| g.to_lowercase());
    let missing: Vec<Oid> = sides
        .upstream
        .iter()
        .copied()
        .filter(|o| !carried.is_carried(*o))
        .collect();
    let upstream_side: HashSet<Oid> = sides.upstream.iter().copied().collect();
    let mut matching = Vec::new();
    let total = missing.len();
    for (i, &oid) in missing.iter().enumerate() {
        progress("filtering missing commits", i, total);
        if since.as_ref().is_some_and(|s| !s.contains(&oid)) {
            continue;
        }
        let info = repo.commit_info(oid)?;
        if grep
            .as_ref()
            .is_some_and(|g| !info.message.to_lowercase().contains(g.as_str()))
        {
            continue;
        }
        if !opts.paths.is_empty() {
            let touched = carried.touched_paths(repo, oid)?;
            if !touched
                .iter()
                .any(|t| opts.paths.iter().any(|p| under(t, p)))
            {
                continue;
            }
        }
        let fixes = fix_reasons(repo, sides, &upstream_side, carried, &info.message)?;
        if opts.fixes && fixes.is_empty() {
            continue;
        }
        matching.push(MissingCommit {
            oid,
            id: info.id.clone(),
            short: info.short.clone(),
            subject: info.summary(),
            author: info.author.name.clone(),
            time: info.author.time,
            cves: cve_ids(&info.message),
            fixes,
            verdict: None,
            series: None,
            prerequisites: Vec::new(),
            error: None,
        });
    }
    let matched = matching.len();
    if let Some(limit) = opts.limit {
        let drop = matching.len().saturating_sub(limit);
        matching.drain(..drop);
    }
    if opts.verdicts {
        let series = SeriesIndex::build(repo, sides)?;
        let mut touching: HashMap<Vec<u8>, Vec<Oid>> = HashMap::new();
        let position: HashMap<Oid, usize> = sides
            .upstream
            .iter()
            .enumerate()
            .map(|(i, o)| (*o, i))
            .collect();
        let total = matching.len();
        for (i, commit) in matching.iter_mut().enumerate() {
            progress("placing missing commits", i, total);
            // One unreadable commit (a blob missing from a partial clone)
            // is reported on its row; the rest of the list goes on.
            commit.series = series
                .flag(repo, sides, carried, commit.oid)
                .unwrap_or_default();
            let v = match verdict(repo, commit.oid, sides.legacy_tip, &opts.port) {
                Ok(v) => v,
                Err(e) => {
                    commit.error = Some(e.to_string());
                    continue;
                }
            };
            if opts.prerequisites && !matches!(v.verdict, VerdictKind::Clean | VerdictKind::Applied)
            {
                let found = hunk_prereqs(
                    repo,
                    sides,
                    carried,
                    &position,
                    &mut touching,
                    commit.oid,
                    &v,
                );
                match found {
                    Ok(p) => commit.prerequisites = p,
                    Err(e) => commit.error = Some(e.to_string()),
                }
            }
            commit.verdict = Some(v);
        }
        progress("placing missing commits", total, total);
    }
    let by_trailer = carried
        .iter()
        .filter(|(_, c)| c.iter().any(|c| c.by != CarriedBy::PatchId))
        .count();
    Ok(MissingReport {
        legacy: sides.legacy_tip.to_string(),
        upstream: sides.upstream_tip.to_string(),
        fork: sides.fork.to_string(),
        upstream_commits: sides.upstream.len(),
        legacy_commits: sides.legacy.len(),
        carried_by_trailer: by_trailer,
        carried_by_patch_id: carried.len() - by_trailer,
        unreadable: carried.unreadable(),
        missing: missing.len(),
        matching: matched,
        commits: matching,
    })
}

/// Whether `path` is `prefix` or lies under it.
fn under(path: &[u8], prefix: &[u8]) -> bool {
    let prefix = prefix.strip_suffix(b"/").unwrap_or(prefix);
    path == prefix
        || (path.starts_with(prefix) && path.get(prefix.len()) == Some(&b'/'))
        || prefix.is_empty()
}

/// Why a commit message makes the commit a fix for the legacy branch.
fn fix_reasons(
    repo: &Repo,
    sides: &Sides,
    upstream_side: &HashSet<Oid>,
    carried: &CarriedIndex,
    message: &str,
) -> Result<Vec<FixReason>, HistoryError> {
    let mut out = Vec::new();
    let on_legacy = |hex: &str| -> Result<Option<(String, &'static str)>, HistoryError> {
        let Some(oid) = repo.commit_by_prefix(hex) else {
            return Ok(None);
        };
        if carried.is_carried(oid) {
            return Ok(Some((oid.to_string(), "carried")));
        }
        // Upstream's side is by definition not in legacy's history.
        if upstream_side.contains(&oid) {
            return Ok(None);
        }
        if repo.is_ancestor(oid, sides.legacy_tip)? {
            return Ok(Some((oid.to_string(), "legacy")));
        }
        Ok(None)
    };
    for hex in fixes_ids(message) {
        if let Some((id, on)) = on_legacy(&hex)? {
            out.push(FixReason::Fixes { id, on });
        }
    }
    for hex in reverted_ids(message) {
        if let Some((id, on)) = on_legacy(&hex)? {
            out.push(FixReason::Reverts { id, on });
        }
    }
    out.extend(cve_ids(message).into_iter().map(|id| FixReason::Cve { id }));
    Ok(out)
}

/// The prerequisites of a commit's hunks that did not land exactly.
fn hunk_prereqs(
    repo: &Repo,
    sides: &Sides,
    carried: &mut CarriedIndex,
    position: &HashMap<Oid, usize>,
    touching: &mut HashMap<Vec<u8>, Vec<Oid>>,
    fix: Oid,
    v: &Verdict,
) -> Result<Vec<HunkPrereqs>, HistoryError> {
    let Some(&at) = position.get(&fix) else {
        return Ok(Vec::new());
    };
    // The fix's own history since the fork, read once: asking git whether
    // each candidate is an ancestor would walk the history per candidate.
    let ancestry: HashSet<Oid> = match repo.parents(fix)?.first() {
        Some(&parent) => repo
            .commits_between(parent, &[sides.fork])?
            .into_iter()
            .collect(),
        None => HashSet::new(),
    };
    let mut out: Vec<HunkPrereqs> = Vec::new();
    for note in v.notes.iter().take(MAX_PREREQ_HUNKS) {
        let path = &note.path_bytes;
        if !touching.contains_key(path) {
            let mut list = Vec::new();
            for &oid in &sides.upstream {
                if carried.touched_paths(repo, oid)?.contains(path) {
                    list.push(oid);
                }
            }
            touching.insert(path.clone(), list);
        }
        // Earlier on upstream's side and in the fix's history, newest first.
        let before: Vec<Oid> = touching
            .get(path)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .rev()
            .copied()
            .filter(|oid| position.get(oid).is_some_and(|&p| p < at) && ancestry.contains(oid))
            .collect();
        let target = match note.hunk {
            Some(_) => target_for_hunk(repo, fix, path, note.old_start, note.old_len)?,
            None => {
                let len = repo
                    .parents(fix)?
                    .first()
                    .map(|p| repo.blob_at(*p, path))
                    .transpose()?
                    .flatten()
                    .map_or(0, |b| crate::text::Text::parse(&b).len());
                super::Target::Lines(0..len)
            }
        };
        let shown = target.display();
        if out.iter().any(|h| h.path == note.path && h.target == shown) {
            continue;
        }
        let mut commits = prerequisites_among(repo, &before, path, &target)?;
        for c in &mut commits {
            c.carried = carried.is_carried(c.oid);
        }
        out.push(HunkPrereqs {
            path: note.path.clone(),
            hunk: note.hunk,
            target: shown,
            commits,
        });
    }
    Ok(out)
}
