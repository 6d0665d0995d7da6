//! Commits that belong with others: porting one alone may leave the
//! legacy branch with half a change.
//!
//! Two signs are read: the same pull request (a `(#1234)` in the subject,
//! or the GitHub merge `Merge pull request #1234` that brought the commit
//! in), and a neighbouring upstream commit, also missing, that changes the
//! same function (as git's hunk headers name it). Both are cheap: subjects,
//! one small walk per merged pull request, and two diffs per listed commit.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::carried::{CarriedIndex, Sides};
use super::message::pull_requests;
use super::HistoryError;
use crate::git::{Oid, Repo};

/// Why a commit should not be ported alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeriesFlag {
    /// The pull request it came in, when known.
    pub pull_request: Option<String>,
    /// The other missing commits that belong with it (full ids, upstream
    /// order).
    pub with: Vec<String>,
    /// Why, in a few words.
    pub reason: String,
}

/// Pull requests of the upstream side.
pub(super) struct SeriesIndex {
    pr_of: HashMap<Oid, String>,
    by_pr: HashMap<String, Vec<Oid>>,
    position: HashMap<Oid, usize>,
}

impl SeriesIndex {
    /// Reads the pull request of every upstream commit.
    pub(super) fn build(repo: &Repo, sides: &Sides) -> Result<SeriesIndex, HistoryError> {
        let mut pr_of: HashMap<Oid, String> = HashMap::new();
        for &merge in &sides.upstream_merges {
            let info = repo.commit_info(merge)?;
            let subject = info.summary();
            if !subject
                .to_ascii_lowercase()
                .starts_with("merge pull request #")
            {
                continue;
            }
            let parents = repo.parents(merge)?;
            let (Some(pr), [first, second, ..]) = (
                pull_requests(&subject).into_iter().next(),
                parents.as_slice(),
            ) else {
                continue;
            };
            for oid in repo.commits_between(*second, &[*first])? {
                pr_of.entry(oid).or_insert_with(|| pr.clone());
            }
        }
        for &oid in &sides.upstream {
            if pr_of.contains_key(&oid) {
                continue;
            }
            let subject = repo.commit_info(oid)?.summary();
            // A backport bot's subject ends with the pull request of the
            // port; the first number is the original's.
            if let Some(pr) = pull_requests(&subject).into_iter().next() {
                pr_of.insert(oid, pr);
            }
        }
        let mut by_pr: HashMap<String, Vec<Oid>> = HashMap::new();
        for &oid in &sides.upstream {
            if let Some(pr) = pr_of.get(&oid) {
                by_pr.entry(pr.clone()).or_default().push(oid);
            }
        }
        let position = sides
            .upstream
            .iter()
            .enumerate()
            .map(|(i, o)| (*o, i))
            .collect();
        Ok(SeriesIndex {
            pr_of,
            by_pr,
            position,
        })
    }

    /// The flag for one missing commit, if it belongs with others.
    pub(super) fn flag(
        &self,
        repo: &Repo,
        sides: &Sides,
        carried: &CarriedIndex,
        oid: Oid,
    ) -> Result<Option<SeriesFlag>, HistoryError> {
        let pr = self.pr_of.get(&oid).cloned();
        let siblings: Vec<Oid> = pr
            .as_ref()
            .and_then(|p| self.by_pr.get(p))
            .map(|all| {
                all.iter()
                    .copied()
                    .filter(|o| *o != oid && !carried.is_carried(*o))
                    .collect()
            })
            .unwrap_or_default();
        if let (Some(p), false) = (&pr, siblings.is_empty()) {
            return Ok(Some(SeriesFlag {
                pull_request: pr.clone(),
                with: siblings.iter().map(Oid::to_string).collect(),
                reason: format!(
                    "part of pull request #{p} with {} other missing commit(s)",
                    siblings.len()
                ),
            }));
        }
        let Some(&at) = self.position.get(&oid) else {
            return Ok(None);
        };
        let mine = touched_functions(repo, oid)?;
        if mine.is_empty() {
            return Ok(None);
        }
        let neighbours = [at.checked_sub(1), at.checked_add(1)];
        let mut with = Vec::new();
        let mut shared = BTreeSet::new();
        for n in neighbours.into_iter().flatten() {
            let Some(&other) = sides.upstream.get(n) else {
                continue;
            };
            if carried.is_carried(other) {
                continue;
            }
            let theirs = touched_functions(repo, other)?;
            let common: Vec<_> = mine.intersection(&theirs).cloned().collect();
            if !common.is_empty() {
                with.push(other.to_string());
                shared.extend(common.into_iter().map(|(_, f)| f));
            }
        }
        if with.is_empty() {
            return Ok(None);
        }
        let names: Vec<String> = shared.into_iter().take(3).collect();
        Ok(Some(SeriesFlag {
            pull_request: pr,
            with,
            reason: format!(
                "a neighbouring missing commit also changes {}",
                names.join(", ")
            ),
        }))
    }
}

/// (path, function) pairs a commit's hunks sit in, by git's hunk headers.
fn touched_functions(repo: &Repo, oid: Oid) -> Result<BTreeSet<(Vec<u8>, String)>, HistoryError> {
    let bytes = repo.commit_patch(oid, 0)?;
    let Ok(patch) = crate::patch::parse(&bytes) else {
        return Ok(BTreeSet::new());
    };
    let mut out = BTreeSet::new();
    for file in patch.commits.iter().flat_map(|c| &c.files) {
        let path = file.new_path_stripped(1).unwrap_or_default();
        for hunk in &file.hunks {
            let section = String::from_utf8_lossy(&hunk.section).trim().to_string();
            if !section.is_empty() {
                out.insert((path.clone(), section));
            }
        }
    }
    Ok(out)
}
