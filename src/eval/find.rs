//! Which commits of a branch are backports, and of which upstream commit.
//!
//! A backport names its upstream commit in its message: git's `-x` trailer
//! `(cherry picked from commit X)`, Django's `Backport of X from main`, the
//! Linux stable tree's `[ Upstream commit X ]` / `commit X upstream.`. Those
//! are read first; the named commit must exist here and not be a merge.
//! Projects that squash-merge pull requests and cherry-pick them with a bot
//! name no commit (tikv: `fix foo (#123) (#456)`); for them the subject is
//! matched against the upstream branch's first-parent line, as the
//! benchmark's miner does: the same subject once tags and pull-request
//! numbers are stripped, on exactly one older commit, sharing a pull-request
//! number when both name one.
//!
//! Rejected: asking `git log --grep` or `git cherry` (a process and text to
//! parse; `git cherry` compares patch ids, which is exactly what a drifted
//! backport does not keep).

use std::collections::{HashMap, HashSet};

use git2::{Oid, Sort};

use super::EvalError;
use crate::git::Repo;

/// How a backport names its upstream commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pairing {
    /// `(cherry picked from commit X)`.
    CherryPicked,
    /// `Backport of X`.
    BackportOf,
    /// `Upstream commit X` or `commit X upstream`.
    UpstreamCommit,
    /// The same subject as one commit of the upstream branch.
    Subject,
}

impl Pairing {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Pairing::CherryPicked => "cherry-picked",
            Pairing::BackportOf => "backport-of",
            Pairing::UpstreamCommit => "upstream-commit",
            Pairing::Subject => "subject",
        }
    }
}

/// A backport commit and the upstream commit it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backport {
    /// The backport commit on the maintenance branch.
    pub commit: Oid,
    /// Its parent: the branch right before the backport.
    pub parent: Oid,
    /// The upstream commit it carries.
    pub upstream: Oid,
    /// The upstream commit's parent.
    pub upstream_parent: Oid,
    /// How the two were paired.
    pub pairing: Pairing,
    /// The backport's subject, for display.
    pub subject: String,
}

/// Where to look for backports.
#[derive(Debug, Clone, Copy)]
pub struct FindOptions {
    /// The maintenance branch's tip.
    pub tip: Oid,
    /// The upstream branch: its history is not searched, and its
    /// first-parent line is what subjects are matched against.
    pub upstream: Option<Oid>,
    /// Stop after this many backports (newest first).
    pub limit: Option<usize>,
    /// Also pair commits by subject (needs `upstream`).
    pub match_subjects: bool,
}

/// The backports among the non-merge commits of `tip` since it left
/// `upstream`, newest first.
///
/// "Since it left" is not "not reachable from upstream": projects that merge
/// a maintenance branch back (tokio's LTS branches) make all its backports
/// reachable from upstream. So the walk stops at the fork point (where the
/// branch's first-parent line meets upstream's) and skips upstream's own
/// first-parent commits.
pub fn find_backports(repo: &Repo, opts: &FindOptions) -> Result<Vec<Backport>, EvalError> {
    let raw = repo.raw();
    let walk_error = |git| EvalError::Walk { git };
    let mut walk = raw.revwalk().map_err(walk_error)?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
        .map_err(walk_error)?;
    walk.push(opts.tip).map_err(walk_error)?;
    let mainline: Vec<Oid> = match opts.upstream {
        Some(upstream) => first_parent_line(repo, upstream)?.collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let on_mainline: HashSet<Oid> = mainline.iter().copied().collect();
    if let Some(upstream) = opts.upstream {
        match fork_point(repo, opts.tip, &on_mainline)? {
            Some(fork) => walk.hide(fork).map_err(walk_error)?,
            None => walk.hide(upstream).map_err(walk_error)?,
        }
    }
    let mut subjects = None;
    let mut found = Vec::new();
    for oid in walk {
        if opts.limit.is_some_and(|n| found.len() >= n) {
            break;
        }
        let oid = oid.map_err(walk_error)?;
        if on_mainline.contains(&oid) {
            continue;
        }
        let commit = raw.find_commit(oid).map_err(|git| EvalError::Object {
            id: oid.to_string(),
            git,
        })?;
        let (Some(parent), 1) = (commit.parent_ids().next(), commit.parent_count()) else {
            continue;
        };
        let message = commit.message_bytes();
        let subject = String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default());
        let mut pair = references(message)
            .into_iter()
            .find_map(|(pairing, hex)| Some((pairing, upstream_commit(repo, &hex, oid)?)));
        if pair.is_none() && opts.match_subjects && opts.upstream.is_some() {
            let index = match &mut subjects {
                Some(index) => index,
                None => subjects.insert(SubjectIndex::build(repo, &mainline)?),
            };
            pair = index.find(&subject, commit.time().seconds()).and_then(|u| {
                Some((
                    Pairing::Subject,
                    upstream_commit(repo, &u.to_string(), oid)?,
                ))
            });
        }
        if let Some((pairing, (upstream, upstream_parent))) = pair {
            found.push(Backport {
                commit: oid,
                parent,
                upstream,
                upstream_parent,
                pairing,
                subject: subject.into_owned(),
            });
        }
    }
    Ok(found)
}

/// The commits of `tip`'s first-parent line, newest first.
fn first_parent_line(
    repo: &Repo,
    tip: Oid,
) -> Result<impl Iterator<Item = Result<Oid, EvalError>> + '_, EvalError> {
    let walk_error = |git| EvalError::Walk { git };
    let mut walk = repo.raw().revwalk().map_err(walk_error)?;
    walk.simplify_first_parent().map_err(walk_error)?;
    walk.push(tip).map_err(walk_error)?;
    Ok(walk.map(move |oid| oid.map_err(walk_error)))
}

/// The first commit of `tip`'s first-parent line that is on upstream's.
fn fork_point(repo: &Repo, tip: Oid, mainline: &HashSet<Oid>) -> Result<Option<Oid>, EvalError> {
    for oid in first_parent_line(repo, tip)? {
        let oid = oid?;
        if mainline.contains(&oid) {
            return Ok(Some(oid));
        }
    }
    Ok(None)
}

/// Whether `commit` is on `line`'s first-parent line (the branch would have
/// no commits of its own against it). The walk stops at the first commit
/// older than `commit`.
pub fn on_first_parent_line(repo: &Repo, line: Oid, commit: Oid) -> Result<bool, EvalError> {
    let time_of = |oid: Oid| {
        repo.raw()
            .find_commit(oid)
            .map(|c| c.time().seconds())
            .map_err(|git| EvalError::Object {
                id: oid.to_string(),
                git,
            })
    };
    let time = time_of(commit)?;
    for oid in first_parent_line(repo, line)? {
        let oid = oid?;
        if oid == commit {
            return Ok(true);
        }
        if time_of(oid)? < time {
            return Ok(false);
        }
    }
    Ok(false)
}

/// The commit a hex id names with its parent, if it exists, is not a
/// merge, not a root and not the backport itself.
fn upstream_commit(repo: &Repo, hex: &str, backport: Oid) -> Option<(Oid, Oid)> {
    let commit = repo.raw().find_commit_by_prefix(hex).ok()?;
    if commit.parent_count() != 1 || commit.id() == backport {
        return None;
    }
    Some((commit.id(), commit.parent_id(0).ok()?))
}

/// The commit ids a message names, in order, with how each is named.
pub fn references(message: &[u8]) -> Vec<(Pairing, String)> {
    const PATTERNS: [(&[u8], Pairing); 3] = [
        (b"(cherry picked from commit ", Pairing::CherryPicked),
        (b"backport of ", Pairing::BackportOf),
        (b"upstream commit ", Pairing::UpstreamCommit),
    ];
    let lower = message.to_ascii_lowercase();
    let mut found: Vec<(usize, Pairing, String)> = Vec::new();
    for (pattern, pairing) in PATTERNS {
        for at in memchr::memmem::find_iter(&lower, pattern) {
            if let Some(hex) = hex_id(lower.get(at + pattern.len()..).unwrap_or_default()) {
                found.push((at, pairing, hex));
            }
        }
    }
    // Linux stable: "commit X upstream."
    for at in memchr::memmem::find_iter(&lower, b"commit ") {
        let starts_line = at == 0 || lower.get(at - 1) == Some(&b'\n');
        let rest = lower.get(at + 7..).unwrap_or_default();
        if let (true, Some(hex)) = (starts_line, hex_id(rest)) {
            let after = rest.get(hex.len()..).unwrap_or_default();
            if after.starts_with(b" upstream") {
                found.push((at, Pairing::UpstreamCommit, hex));
            }
        }
    }
    found.sort_by_key(|(at, _, _)| *at);
    found.into_iter().map(|(_, p, hex)| (p, hex)).collect()
}

/// A run of 7 to 40 hex digits at the start of `bytes`, not followed by a
/// letter or digit.
fn hex_id(bytes: &[u8]) -> Option<String> {
    let n = bytes.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    let after = bytes.get(n);
    if !(7..=40).contains(&n) || after.is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    Some(String::from_utf8_lossy(bytes.get(..n)?).into_owned())
}

/// Subjects of the upstream branch's first-parent, non-merge commits.
struct SubjectIndex {
    by_subject: HashMap<String, Vec<Entry>>,
}

struct Entry {
    oid: Oid,
    time: i64,
    prs: Vec<String>,
}

/// Subjects shorter than this say too little to pair on ("fix typo").
const MIN_SUBJECT: usize = 12;

impl SubjectIndex {
    /// The index of `mainline`, upstream's first-parent line.
    fn build(repo: &Repo, mainline: &[Oid]) -> Result<SubjectIndex, EvalError> {
        let raw = repo.raw();
        let mut by_subject: HashMap<String, Vec<Entry>> = HashMap::new();
        for &oid in mainline {
            let commit = raw.find_commit(oid).map_err(|git| EvalError::Object {
                id: oid.to_string(),
                git,
            })?;
            if commit.parent_count() != 1 {
                continue;
            }
            let subject = String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default());
            let key = normalise_subject(&subject);
            if key.len() < MIN_SUBJECT {
                continue;
            }
            by_subject.entry(key).or_default().push(Entry {
                oid,
                time: commit.time().seconds(),
                prs: pull_requests(&subject),
            });
        }
        Ok(SubjectIndex { by_subject })
    }

    /// The one upstream commit, not newer than `time`, whose subject is
    /// `subject`'s and whose pull-request numbers agree with it.
    fn find(&self, subject: &str, time: i64) -> Option<Oid> {
        let prs = pull_requests(subject);
        let hits: Vec<&Entry> = self
            .by_subject
            .get(&normalise_subject(subject))?
            .iter()
            .filter(|e| e.time <= time)
            .filter(|e| prs.is_empty() || e.prs.is_empty() || e.prs.iter().any(|p| prs.contains(p)))
            .collect();
        match hits.as_slice() {
            [one] => Some(one.oid),
            _ => None,
        }
    }
}

/// The pull-request numbers (`#123`) a subject names.
fn pull_requests(subject: &str) -> Vec<String> {
    subject
        .split('#')
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// A subject without what backports add to it: leading `[tag]`s,
/// `Backport`/`cherry-pick` prefixes, `Backport PR #1:`, trailing `(#123)`
/// groups; runs of whitespace become one space.
pub fn normalise_subject(subject: &str) -> String {
    let mut s = subject.trim();
    loop {
        let before = s;
        if let Some(rest) = s.strip_prefix('[') {
            if let Some(end) = rest.find(']').filter(|&e| (1..=40).contains(&e)) {
                s = rest.get(end + 1..).unwrap_or_default().trim_start();
            }
        }
        if let Some(rest) = s.strip_prefix("Backport PR #") {
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            if let Some(r) = rest.get(digits..).and_then(|r| r.strip_prefix(':')) {
                if digits > 0 {
                    s = r.trim_start();
                }
            }
        }
        for word in ["backport", "cherry-pick", "cherry pick"] {
            let lower = s.get(..word.len()).map(str::to_ascii_lowercase);
            let rest = s.get(word.len()..).unwrap_or_default();
            if lower.as_deref() == Some(word)
                && !rest.starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '_')
            {
                let mut r = rest.trim_start();
                if let (Some(of), Some(after)) = (r.get(..2), r.get(2..)) {
                    if of.eq_ignore_ascii_case("of") && !after.starts_with(char::is_alphanumeric) {
                        r = after.trim_start();
                    }
                }
                s = r.strip_prefix(':').unwrap_or(r).trim_start();
            }
        }
        while let Some(r) = strip_pr_suffix(s) {
            s = r;
        }
        if s == before {
            break;
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` without one trailing ` (#123)`.
fn strip_pr_suffix(s: &str) -> Option<&str> {
    let body = s.trim_end().strip_suffix(')')?;
    let open = body.rfind("(#")?;
    let digits = body.get(open + 2..)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(body.get(..open)?.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_reference_in_order() {
        let msg = b"fix: x\n\nBackport of 0123456789abcdef from main\n\
                    [ Upstream commit ABCDEF0123 ]\n\
                    commit 1111111222222 upstream.\n\
                    (cherry picked from commit deadbeefcafe)\n";
        let refs = references(msg);
        assert_eq!(
            refs,
            vec![
                (Pairing::BackportOf, "0123456789abcdef".to_string()),
                (Pairing::UpstreamCommit, "abcdef0123".to_string()),
                (Pairing::UpstreamCommit, "1111111222222".to_string()),
                (Pairing::CherryPicked, "deadbeefcafe".to_string()),
            ]
        );
    }

    #[test]
    fn ignores_what_is_not_a_commit_id() {
        for msg in [
            &b"(cherry picked from commit 123abc)"[..],
            b"Backport of deadbeefx",
            b"backport of the fix",
            b"see upstream commit message",
            b"a commit 1234567890 upstream",
        ] {
            assert_eq!(references(msg), vec![], "{}", String::from_utf8_lossy(msg));
        }
    }

    #[test]
    fn normalises_subjects_as_the_benchmark_does() {
        assert_eq!(
            normalise_subject("engine: re-enable  writes (#19975) (#19976)"),
            "engine: re-enable writes"
        );
        assert_eq!(
            normalise_subject("[release-8.1] Backport: fix the thing (#1)"),
            "fix the thing"
        );
        assert_eq!(normalise_subject("cherry-pick of: x y"), "x y");
        assert_eq!(normalise_subject("Backport PR #12: fix z"), "fix z");
        assert_eq!(normalise_subject("backports are fun"), "backports are fun");
        assert_eq!(normalise_subject("Backporting y"), "Backporting y");
        assert_eq!(normalise_subject("f(#x)"), "f(#x)");
    }

    #[test]
    fn reads_pull_request_numbers() {
        assert_eq!(pull_requests("a (#1) (#23) #x"), vec!["1", "23"]);
        assert!(pull_requests("no numbers").is_empty());
    }
}
