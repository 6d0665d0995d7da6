//! `ferry plan` and `ferry pick --auto`: port upstream commits from the
//! current repository onto HEAD.
//!
//! A series is planned commit by commit on top of the results of the commits
//! before it (held in memory), so nothing touches the worktree until every
//! commit is certain.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use ferry::error::{Failure, EXIT_NEEDS_PERSON};
use ferry::git::{Oid, Repo};
use ferry::patch::{CommitMeta, CommitPatch};
use ferry::port::{plan_commit, CommitTree, FileOutcome, FilePlan, PortError, PortOptions, Tree};
use ferry::report::{commit_report, Report};
use ferry::worktree::{safe_join, write_atomic};

use super::output::print_report;
use crate::cli::PlaceOpts;

/// HEAD's files with the results of earlier commits of the series on top.
struct Overlay<'a> {
    base: CommitTree<'a>,
    changed: &'a HashMap<Vec<u8>, Option<Vec<u8>>>,
}

impl Tree for Overlay<'_> {
    fn read(&self, path: &[u8]) -> Result<Option<Vec<u8>>, PortError> {
        match self.changed.get(path) {
            Some(content) => Ok(content.clone()),
            None => self.base.read(path),
        }
    }

    fn renamed_from(&self, path: &[u8]) -> Result<Option<Vec<u8>>, PortError> {
        self.base.renamed_from(path)
    }
}

/// The result of planning a series.
pub struct SeriesPlan {
    /// The report.
    pub report: Report,
    /// Whether every hunk of every commit is certain.
    pub certain: bool,
    /// The files to write (`None` deletes), repository-relative.
    pub writes: HashMap<Vec<u8>, Option<Vec<u8>>>,
}

fn open_repo() -> Result<Repo> {
    let cwd = std::env::current_dir()?;
    Ok(Repo::discover(&cwd).map_err(|e| {
        Failure::usage(
            e.to_string(),
            "run ferry inside the git repository of the legacy branch",
        )
    })?)
}

/// Plans `revs` onto HEAD.
fn plan_series(
    repo: &Repo,
    revs: &str,
    opts: &PlaceOpts,
    command: &'static str,
) -> Result<SeriesPlan> {
    let commits = repo.resolve(revs).map_err(|e| {
        Failure::usage(
            e.to_string(),
            "name a commit (sha, branch, tag) or a range A..B",
        )
    })?;
    let head = repo
        .head_oid()
        .map_err(|e| Failure::usage(e.to_string(), "check out the legacy branch first"))?;
    let port_opts = PortOptions {
        strip: 1,
        min_confidence: opts.min_confidence,
    };
    let mut writes: HashMap<Vec<u8>, Option<Vec<u8>>> = HashMap::new();
    let mut reports = Vec::new();
    let mut certain = true;
    for oid in commits {
        let (commit, plans) = plan_one(repo, oid, head, &writes, &port_opts)?;
        reports.push(commit_report(Some(oid.to_string()), &commit, &plans));
        let this_certain = plans.iter().all(FilePlan::is_certain);
        certain &= this_certain;
        if !this_certain {
            // Later commits build on this one: stop at the first that needs a person.
            break;
        }
        for plan in &plans {
            let Some(path) = &plan.legacy_path else {
                continue;
            };
            match &plan.outcome {
                FileOutcome::Delete => {
                    writes.insert(path.clone(), None);
                }
                _ => {
                    if let Some(bytes) = plan.result()? {
                        writes.insert(path.clone(), Some(bytes));
                    }
                }
            }
        }
    }
    let result = if certain { "planned" } else { "needs-person" };
    let report = Report::new(command, opts.min_confidence, result, reports);
    Ok(SeriesPlan {
        report,
        certain,
        writes,
    })
}

fn plan_one(
    repo: &Repo,
    oid: Oid,
    head: Oid,
    writes: &HashMap<Vec<u8>, Option<Vec<u8>>>,
    opts: &PortOptions,
) -> Result<(CommitPatch, Vec<FilePlan>)> {
    let info = repo.commit_info(oid)?;
    let bytes = repo.commit_patch(oid, 3)?;
    // A commit without text changes (modes only, empty) has no diff to parse.
    let mut commit = match ferry::patch::parse(&bytes) {
        Ok(mut patch) => patch.commits.pop().unwrap_or_default(),
        Err(_) if bytes.iter().all(u8::is_ascii_whitespace) => CommitPatch::default(),
        Err(e) => anyhow::bail!("reading the diff of {}: {e}", info.short),
    };
    commit.meta = Some(CommitMeta {
        id: Some(info.id.clone()),
        author_name: info.author.name.clone(),
        author_email: info.author.email.clone(),
        date: None,
        subject: info.summary(),
        body: info.message.clone(),
    });
    let legacy = Overlay {
        base: CommitTree::new(repo, head).following_renames_to(oid),
        changed: writes,
    };
    let upstream = info.parent.map(|p| CommitTree::new(repo, p));
    let plans = plan_commit(
        &commit,
        &legacy,
        upstream.as_ref().map(|t| t as &dyn Tree),
        opts,
    )?;
    Ok((commit, plans))
}

/// `ferry plan`.
pub fn plan(revs: &str, opts: &PlaceOpts) -> Result<i32> {
    let repo = open_repo()?;
    let series = plan_series(&repo, revs, opts, "plan")?;
    print_report(&series.report, opts.json)?;
    Ok(if series.certain { 0 } else { EXIT_NEEDS_PERSON })
}

/// `ferry pick --auto`: writes the result into the worktree and index when
/// every hunk is certain.
pub fn pick(revs: &str, opts: &PlaceOpts) -> Result<i32> {
    let repo = open_repo()?;
    let state = repo.state();
    if !state.is_clean() {
        anyhow::bail!(Failure::usage(
            format!("a {} is in progress", state.describe()),
            state.way_out().unwrap_or("finish it first")
        ));
    }
    let Some(workdir) = repo.workdir().map(Path::to_path_buf) else {
        anyhow::bail!(Failure::usage(
            "this repository has no worktree",
            "run ferry pick in a checkout of the legacy branch"
        ));
    };
    let mut series = plan_series(&repo, revs, opts, "pick")?;
    if series.certain {
        let mut paths: Vec<&Vec<u8>> = series.writes.keys().collect();
        paths.sort();
        for path in &paths {
            if repo.is_dirty(path)? {
                anyhow::bail!(Failure::usage(
                    format!(
                        "{} has uncommitted changes; ferry will not overwrite them",
                        String::from_utf8_lossy(path)
                    ),
                    "commit or stash your changes, then run ferry pick again"
                ));
            }
        }
        write_worktree(&repo, &workdir, &series.writes)?;
        series.report.result = "applied".into();
    }
    print_report(&series.report, opts.json)?;
    Ok(if series.certain { 0 } else { EXIT_NEEDS_PERSON })
}

/// Writes every file (checking all paths first) and stages it.
fn write_worktree(
    repo: &Repo,
    workdir: &Path,
    writes: &HashMap<Vec<u8>, Option<Vec<u8>>>,
) -> Result<()> {
    let mut targets = Vec::new();
    for (path, content) in writes {
        targets.push((path, safe_join(workdir, path)?, content));
    }
    targets.sort();
    let mut index = repo.raw().index()?;
    for (path, full, content) in targets {
        let rel = ferry::git::path_from_bytes(path);
        match content {
            Some(bytes) => {
                write_atomic(&full, bytes)?;
                index.add_path(&rel)?;
            }
            None => {
                std::fs::remove_file(&full)?;
                index.remove_path(&rel)?;
            }
        }
    }
    index.write()?;
    Ok(())
}
