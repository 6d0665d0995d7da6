//! The two sides of a fork and the index of what legacy carries.

use std::collections::HashMap;

use serde::Serialize;

use super::{HistoryError, Progress};
use crate::eval::{references, Pairing};
use crate::git::{Oid, Repo};

/// The legacy and upstream sides of a fork.
#[derive(Debug, Clone)]
pub struct Sides {
    /// The legacy branch's tip (HEAD, or the ledger's `REV`).
    pub legacy_tip: Oid,
    /// The upstream ref's tip.
    pub upstream_tip: Oid,
    /// The fork point: their merge base.
    pub fork: Oid,
    /// Upstream's non-merge commits not reachable from the legacy tip,
    /// parents first.
    pub upstream: Vec<Oid>,
    /// Upstream's merges on that side (for pull-request numbers).
    pub upstream_merges: Vec<Oid>,
    /// Legacy's non-merge commits not reachable from upstream, parents first.
    pub legacy: Vec<Oid>,
}

impl Sides {
    /// Walks both sides of the fork between `legacy_tip` and `upstream_tip`.
    pub fn read(repo: &Repo, legacy_tip: Oid, upstream_tip: Oid) -> Result<Sides, HistoryError> {
        let fork =
            repo.merge_base(legacy_tip, upstream_tip)?
                .ok_or_else(|| HistoryError::Unrelated {
                    legacy: legacy_tip.to_string(),
                    upstream: upstream_tip.to_string(),
                })?;
        let mut upstream = Vec::new();
        let mut upstream_merges = Vec::new();
        for oid in repo.commits_between(upstream_tip, &[legacy_tip])? {
            if repo.parent_count(oid)? > 1 {
                upstream_merges.push(oid);
            } else {
                upstream.push(oid);
            }
        }
        let mut legacy = Vec::new();
        for oid in repo.commits_between(legacy_tip, &[upstream_tip])? {
            if repo.parent_count(oid)? <= 1 {
                legacy.push(oid);
            }
        }
        Ok(Sides {
            legacy_tip,
            upstream_tip,
            fork,
            upstream,
            upstream_merges,
            legacy,
        })
    }
}

/// How a legacy commit carries an upstream one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CarriedBy {
    /// `(cherry picked from commit X)`.
    CherryPicked,
    /// `Backport of X`.
    BackportOf,
    /// `[ Upstream commit X ]` or `commit X upstream.`
    UpstreamCommit,
    /// No trailer, the same stable patch id.
    PatchId,
}

impl CarriedBy {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            CarriedBy::CherryPicked => "cherry-picked",
            CarriedBy::BackportOf => "backport-of",
            CarriedBy::UpstreamCommit => "upstream-commit",
            CarriedBy::PatchId => "patch-id",
        }
    }

    fn from_pairing(p: Pairing) -> Option<CarriedBy> {
        match p {
            Pairing::CherryPicked => Some(CarriedBy::CherryPicked),
            Pairing::BackportOf => Some(CarriedBy::BackportOf),
            Pairing::UpstreamCommit => Some(CarriedBy::UpstreamCommit),
            Pairing::Subject => None,
        }
    }
}

/// One legacy commit carrying an upstream commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Carry {
    /// The legacy commit.
    pub legacy: Oid,
    /// How it was recognised.
    pub by: CarriedBy,
}

/// What the legacy side carries, by upstream commit.
#[derive(Debug, Default)]
pub struct CarriedIndex {
    by_upstream: HashMap<Oid, Vec<Carry>>,
    /// Trailers naming a commit this repository does not have: (legacy
    /// commit, how, the id as written).
    unresolved: Vec<(Oid, CarriedBy, String)>,
    /// Patch ids computed so far (`None`: the commit changes nothing).
    patch_ids: HashMap<Oid, Option<Oid>>,
    /// Paths each commit touches, as far as read.
    touched: HashMap<Oid, Vec<Vec<u8>>>,
    /// Commits whose patch id could not be computed.
    unreadable: usize,
}

impl CarriedIndex {
    /// Reads every legacy commit's trailers, then compares patch ids of
    /// the upstream commits no trailer names with the legacy commits that
    /// touch exactly the same paths.
    pub fn build(
        repo: &Repo,
        sides: &Sides,
        progress: Progress<'_>,
    ) -> Result<CarriedIndex, HistoryError> {
        let mut index = CarriedIndex::default();
        let mut by_paths: HashMap<Vec<Vec<u8>>, Vec<Oid>> = HashMap::new();
        let total = sides.legacy.len();
        for (i, &legacy) in sides.legacy.iter().enumerate() {
            progress("reading legacy commits", i, total);
            let info = repo.commit_info(legacy)?;
            for (pairing, hex) in references(&info.message_bytes) {
                let Some(by) = CarriedBy::from_pairing(pairing) else {
                    continue;
                };
                match repo.commit_by_prefix(&hex) {
                    Some(upstream) if upstream != legacy => index.add(upstream, legacy, by),
                    Some(_) => {}
                    None => index.unresolved.push((legacy, by, hex)),
                }
            }
            // Every legacy commit, trailer or not: a trailer may name a
            // commit of another branch (a newer stable branch) while the
            // same change sits on upstream's side under another id.
            by_paths
                .entry(index.touched_paths(repo, legacy)?.to_vec())
                .or_default()
                .push(legacy);
        }
        let total = sides.upstream.len();
        for (i, &upstream) in sides.upstream.iter().enumerate() {
            progress("comparing upstream commits", i, total);
            if index.is_carried(upstream) {
                continue;
            }
            let Some(candidates) = by_paths.get(index.touched_paths(repo, upstream)?) else {
                continue;
            };
            let Some(id) = index.patch_id(repo, upstream)? else {
                continue;
            };
            for &legacy in candidates {
                if index.patch_id(repo, legacy)? == Some(id) {
                    index.add(upstream, legacy, CarriedBy::PatchId);
                }
            }
        }
        progress("comparing upstream commits", total, total);
        Ok(index)
    }

    fn add(&mut self, upstream: Oid, legacy: Oid, by: CarriedBy) {
        let carries = self.by_upstream.entry(upstream).or_default();
        if !carries.iter().any(|c| c.legacy == legacy) {
            carries.push(Carry { legacy, by });
        }
    }

    /// The legacy commits carrying `upstream` (empty when none does).
    pub fn carries(&self, upstream: Oid) -> &[Carry] {
        self.by_upstream.get(&upstream).map_or(&[], Vec::as_slice)
    }

    /// Whether some legacy commit carries `upstream`.
    pub fn is_carried(&self, upstream: Oid) -> bool {
        !self.carries(upstream).is_empty()
    }

    /// Every carried upstream commit with its carriers, in no set order.
    pub fn iter(&self) -> impl Iterator<Item = (Oid, &[Carry])> + '_ {
        self.by_upstream.iter().map(|(u, c)| (*u, c.as_slice()))
    }

    /// How many upstream commits are carried.
    pub fn len(&self) -> usize {
        self.by_upstream.len()
    }

    /// Whether nothing is carried.
    pub fn is_empty(&self) -> bool {
        self.by_upstream.is_empty()
    }

    /// Trailers naming commits this repository does not have.
    pub fn unresolved(&self) -> &[(Oid, CarriedBy, String)] {
        &self.unresolved
    }

    /// The paths a commit touches ([`Repo::touched_paths`]), read once per
    /// run.
    pub fn touched_paths(&mut self, repo: &Repo, oid: Oid) -> Result<&[Vec<u8>], HistoryError> {
        if let std::collections::hash_map::Entry::Vacant(e) = self.touched.entry(oid) {
            e.insert(repo.touched_paths(oid)?);
        }
        Ok(self.touched.get(&oid).map_or(&[], Vec::as_slice))
    }

    /// A commit's stable patch id, computed once per run; `None` also when
    /// a blob cannot be read (a partial clone or a mirror without its
    /// largest files), counted in [`CarriedIndex::unreadable`]: one such
    /// commit must not stop the whole comparison.
    pub fn patch_id(&mut self, repo: &Repo, oid: Oid) -> Result<Option<Oid>, HistoryError> {
        if let Some(id) = self.patch_ids.get(&oid) {
            return Ok(*id);
        }
        let id = repo.patch_id(oid).unwrap_or_else(|_| {
            self.unreadable += 1;
            None
        });
        self.patch_ids.insert(oid, id);
        Ok(id)
    }

    /// Commits whose patch id could not be computed (missing objects).
    pub fn unreadable(&self) -> usize {
        self.unreadable
    }
}
