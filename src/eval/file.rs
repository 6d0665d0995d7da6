//! One backport, file by file: ferry, a 3-way merge and strict `git apply`
//! each port the upstream commit's change onto the backport's parent, and
//! each result is compared with what the maintainer committed.
//!
//! The files are those both commits change, paired as the benchmark's miner
//! pairs them: the legacy file the maintainer modified at the upstream path
//! (before or after an upstream rename), else the one modified file with the
//! same name. Files the upstream commit adds or deletes, and files the
//! backport adds, deletes or renames, are not paired; binary files and files
//! where the two commits share no changed line (the maintainer changed the
//! file for another reason) are left out and counted in [`Skipped`], as are
//! backports kept empty.

use std::collections::HashMap;

use crate::git::Repo;
use crate::patch::{ChangeKind, FilePatch, LineKind};
use crate::port::{plan_file, CommitTree, FileOutcome, FilePlan, PortOptions};
use crate::text::{base_name, looks_binary};

use super::{strict, within, Backport, EvalError, FileResult, Outcome, Pairing, Skipped};

/// Subject-paired commits must share at least this part of their changed
/// lines (the miner's `--min-pair-overlap`): a subject alone can pair two
/// unrelated commits.
const MIN_SUBJECT_OVERLAP: f64 = 0.3;

/// What evaluating one backport gave.
#[derive(Debug, Default)]
pub struct BackportResult {
    /// One row per file evaluated.
    pub files: Vec<FileResult>,
    /// What was left out.
    pub skipped: Skipped,
}

/// Evaluates every file the backport and its upstream commit both change.
pub fn evaluate_backport(
    repo: &Repo,
    bp: &Backport,
    port: &PortOptions,
) -> Result<BackportResult, EvalError> {
    let upstream = commit_files(repo, bp.upstream, 3)?;
    let backport = commit_files(repo, bp.commit, 0)?;
    let mut out = BackportResult::default();
    if upstream.is_empty() || backport.is_empty() {
        out.skipped.empty_commits += 1;
        return Ok(out);
    }
    let modified: HashMap<Vec<u8>, &FilePatch> = backport
        .iter()
        .filter(|f| f.kind == ChangeKind::Modified && !f.binary)
        .filter_map(|f| Some((f.new_path_stripped(1)?, f)))
        .collect();
    let mut by_name: HashMap<&[u8], Vec<&[u8]>> = HashMap::new();
    for path in modified.keys() {
        by_name.entry(base_name(path)).or_default().push(path);
    }
    let mut pairs: Vec<(&FilePatch, Vec<u8>)> = Vec::new();
    for file in &upstream {
        if !matches!(file.kind, ChangeKind::Modified | ChangeKind::Renamed(_))
            || file.hunks.is_empty()
        {
            continue;
        }
        let (Some(old), Some(new)) = (file.old_path_stripped(1), file.new_path_stripped(1)) else {
            continue;
        };
        let legacy = if modified.contains_key(&old) {
            Some(old)
        } else if modified.contains_key(&new) {
            Some(new)
        } else {
            match by_name.get(base_name(&new)).map(Vec::as_slice) {
                Some([one]) => Some(one.to_vec()),
                _ => None,
            }
        };
        if let Some(legacy) = legacy {
            pairs.push((file, legacy));
        }
    }
    // One row per legacy file: two upstream files paired with the same one
    // cannot both be right.
    let mut seen: HashMap<Vec<u8>, usize> = HashMap::new();
    for (_, legacy) in &pairs {
        *seen.entry(legacy.clone()).or_default() += 1;
    }
    pairs.retain(|(_, legacy)| seen.get(legacy) == Some(&1));

    let overlaps: Vec<Overlap> = pairs
        .iter()
        .map(|(file, legacy)| Overlap::of(file, modified.get(legacy).copied()))
        .collect();
    if bp.pairing == Pairing::Subject && !pairs.is_empty() {
        let (shared, total) = overlaps.iter().fold((0.0, 0.0), |(s, t), o| {
            (s + o.jaccard() * o.size as f64, t + o.size as f64)
        });
        if total == 0.0 || shared / total < MIN_SUBJECT_OVERLAP {
            out.skipped.unrelated_pairs += 1;
            return Ok(out);
        }
    }
    for ((file, legacy), overlap) in pairs.iter().zip(&overlaps) {
        if file.binary {
            out.skipped.binary += 1;
            continue;
        }
        if overlap.common == 0 {
            out.skipped.unrelated_files += 1;
            continue;
        }
        match evaluate_file(repo, bp, &upstream, file, legacy, port)? {
            Some(row) => out.files.push(row),
            None => out.skipped.binary += 1,
        }
    }
    Ok(out)
}

/// A commit's file patches with `context` lines.
fn commit_files(repo: &Repo, commit: git2::Oid, context: u32) -> Result<Vec<FilePatch>, EvalError> {
    let text = repo.commit_patch(commit, context)?;
    // An empty commit has no diff to parse, and nothing to compare.
    if text.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let patch = crate::patch::parse(&text).map_err(|error| EvalError::Patch {
        id: commit.to_string(),
        error,
    })?;
    Ok(patch.commits.into_iter().flat_map(|c| c.files).collect())
}

/// The four versions of one file.
struct Versions {
    /// At the upstream commit's parent.
    before: Vec<u8>,
    /// At the upstream commit.
    after: Vec<u8>,
    /// At the backport's parent.
    legacy: Vec<u8>,
    /// At the backport: what the maintainer committed.
    expected: Vec<u8>,
}

/// Reads the four versions; `None` when one is missing or binary.
fn versions(
    repo: &Repo,
    bp: &Backport,
    file: &FilePatch,
    legacy_path: &[u8],
) -> Result<Option<Versions>, EvalError> {
    let (Some(old), Some(new)) = (file.old_path_stripped(1), file.new_path_stripped(1)) else {
        return Ok(None);
    };
    let read = [
        (bp.upstream_parent, old.as_slice()),
        (bp.upstream, new.as_slice()),
        (bp.parent, legacy_path),
        (bp.commit, legacy_path),
    ];
    let mut blobs = Vec::with_capacity(4);
    for (commit, path) in read {
        match repo.blob_at(commit, path)? {
            Some(b) if !looks_binary(&b) => blobs.push(b),
            _ => return Ok(None),
        }
    }
    let mut blobs = blobs.into_iter();
    let (Some(before), Some(after), Some(legacy), Some(expected)) =
        (blobs.next(), blobs.next(), blobs.next(), blobs.next())
    else {
        return Ok(None);
    };
    Ok(Some(Versions {
        before,
        after,
        legacy,
        expected,
    }))
}

fn evaluate_file(
    repo: &Repo,
    bp: &Backport,
    commit: &[FilePatch],
    file: &FilePatch,
    legacy_path: &[u8],
    port: &PortOptions,
) -> Result<Option<FileResult>, EvalError> {
    let Some(v) = versions(repo, bp, file, legacy_path)? else {
        return Ok(None);
    };
    let judge = |result: Option<Vec<u8>>| Outcome::of(result.as_deref(), &v.expected);
    let strict = strict::git_apply(&v.legacy, &file.hunks);
    let applies_cleanly = strict.is_some();
    let apply = judge(strict);
    let merged = merge_file(&v.before, &v.legacy, &v.after)?;
    let merge_within = within(&v.legacy, merged.as_deref(), &v.expected);
    let merge = judge(merged);

    let legacy_tree = CommitTree::new(repo, bp.parent).following_renames_to(bp.upstream);
    let upstream_tree = CommitTree::new(repo, bp.upstream_parent);
    let plan =
        plan_file(commit, file, &legacy_tree, Some(&upstream_tree), port).map_err(|error| {
            EvalError::Port {
                id: bp.upstream.to_string(),
                error,
            }
        })?;
    let (ferry, note, written) = ferry_outcome(&plan, legacy_path, &v.legacy, &v.expected);
    Ok(Some(FileResult {
        backport: bp.commit,
        upstream: bp.upstream,
        pairing: bp.pairing,
        path: file.new_path_stripped(1).unwrap_or_default(),
        legacy_path: legacy_path.to_vec(),
        hunks: file.hunks.len(),
        applies_cleanly,
        hard: apply != Outcome::Correct,
        ferry,
        ferry_note: note,
        merge,
        apply,
        ferry_within: within(&v.legacy, written.as_deref(), &v.expected),
        merge_within,
    }))
}

/// What `ferry pick --auto` would have done with the file, a note saying
/// why, and the file it wrote at the legacy path.
fn ferry_outcome(
    plan: &FilePlan,
    legacy_path: &[u8],
    legacy: &[u8],
    expected: &[u8],
) -> (Outcome, String, Option<Vec<u8>>) {
    let hunks: Vec<String> = plan
        .hunks
        .iter()
        .map(|h| match h.best() {
            Some(c) => {
                let mut s = format!(
                    "{}:{}:{:.2}",
                    h.status.name(),
                    c.strategy.name(),
                    c.confidence
                );
                if c.ambiguous {
                    s.push_str(":ambiguous");
                }
                if !c.missing_names.is_empty() {
                    s.push_str(&format!(":missing={}", c.missing_names.join(",")));
                }
                s
            }
            None => h.status.name().to_string(),
        })
        .collect();
    let mut note = hunks.join(" ");
    if let FileOutcome::Blocked(why) = &plan.outcome {
        note = format!("blocked: {why}");
    }
    if !plan.is_certain() {
        return (Outcome::Refused, note, None);
    }
    if plan.legacy_path.as_deref() != Some(legacy_path) {
        let chosen = plan
            .legacy_path
            .as_deref()
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .unwrap_or_default();
        return (Outcome::Wrong, format!("wrote {chosen}; {note}"), None);
    }
    let result = match plan.result() {
        Ok(r) => r.unwrap_or_else(|| legacy.to_vec()),
        Err(e) => return (Outcome::Refused, format!("{e}; {note}"), None),
    };
    (Outcome::of(Some(&result), expected), note, Some(result))
}

/// What `git cherry-pick` does to one file: a 3-way merge of the upstream
/// change into legacy; `None` on a conflict.
pub fn merge_file(base: &[u8], ours: &[u8], theirs: &[u8]) -> Result<Option<Vec<u8>>, EvalError> {
    let mut input = [
        git2::MergeFileInput::new(),
        git2::MergeFileInput::new(),
        git2::MergeFileInput::new(),
    ];
    for (side, bytes) in input.iter_mut().zip([base, ours, theirs]) {
        side.content(bytes);
    }
    let [base, ours, theirs] = &input;
    // git2::merge_file, unlike most of git2, does not initialise libgit2;
    // creating a buffer does.
    drop(git2::Buf::new());
    let merged =
        git2::merge_file(base, ours, theirs, None).map_err(|git| EvalError::Merge { git })?;
    Ok(merged.is_automergeable().then(|| merged.content().to_vec()))
}

/// How much two commits' changes to a file share: the whitespace-collapsed
/// removed and added lines as multisets.
struct Overlap {
    /// Lines in both.
    common: usize,
    /// The larger of the two counts.
    size: usize,
}

impl Overlap {
    fn of(upstream: &FilePatch, backport: Option<&FilePatch>) -> Overlap {
        let u = changed_lines(upstream);
        let b = backport.map(changed_lines).unwrap_or_default();
        let common = u
            .iter()
            .map(|(line, n)| (*n).min(b.get(line).copied().unwrap_or(0)))
            .sum();
        let size = u.values().sum::<usize>().max(b.values().sum());
        Overlap { common, size }
    }

    fn jaccard(&self) -> f64 {
        self.common as f64 / self.size.max(1) as f64
    }
}

fn changed_lines(file: &FilePatch) -> HashMap<Vec<u8>, usize> {
    let mut out: HashMap<Vec<u8>, usize> = HashMap::new();
    for line in file.hunks.iter().flat_map(|h| &h.lines) {
        if line.kind != LineKind::Context {
            *out.entry(collapse(&line.content)).or_default() += 1;
        }
    }
    out
}

/// Words joined by single spaces.
fn collapse(line: &[u8]) -> Vec<u8> {
    line.split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(&b' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_takes_a_clean_change_and_refuses_a_conflict() {
        let base = b"a\nb\nc\n";
        let theirs = b"a\nB\nc\n";
        assert_eq!(
            merge_file(base, b"0\na\nb\nc\n", theirs).unwrap(),
            Some(b"0\na\nB\nc\n".to_vec())
        );
        assert_eq!(merge_file(base, b"a\nb2\nc\n", theirs).unwrap(), None);
    }

    #[test]
    fn collapses_whitespace_like_python_split() {
        assert_eq!(collapse(b"  a \t b  "), b"a b");
        assert_eq!(collapse(b""), b"");
    }
}
