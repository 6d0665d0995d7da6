//! `ferry missing`: the upstream commits HEAD does not carry, as text or
//! JSON, with a progress line on a terminal; on a terminal without
//! `--json`/`--text`, as a list view from which Enter ports a commit with
//! `ferry pick`.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::path::Path;

use anyhow::{Context as _, Result};
use ferry::error::Failure;
use ferry::git::{Oid, Repo};
use ferry::history::{
    missing, FixReason, MissingCommit, MissingOptions, MissingReport, PrereqKind,
};
use ferry::port::PortOptions;
use ferry::ui::missing::{run as show, MissingApp};

use super::output::{print_json, print_text, short};
use crate::cli::{MissingArgs, PickArgs};

/// Runs `ferry missing`.
pub fn run(args: &MissingArgs) -> Result<i32> {
    let repo = open(args.repo.as_deref())?;
    let head = repo
        .head_oid()
        .map_err(|e| Failure::usage(e.to_string(), "check out the legacy branch first"))?;
    let (name, upstream) = upstream_ref(&repo, args.upstream.as_deref(), head)?;
    let since = match &args.since {
        Some(rev) => Some(repo.commit_id(rev).map_err(|e| {
            Failure::usage(e.to_string(), "name a commit, tag or branch for --since")
        })?),
        None => None,
    };
    let opts = MissingOptions {
        since,
        grep: args.grep.clone(),
        fixes: args.fixes,
        paths: args.path.iter().map(|p| p.as_bytes().to_vec()).collect(),
        limit: (args.limit > 0).then_some(args.limit),
        verdicts: !args.no_verdicts,
        prerequisites: !args.no_verdicts && !args.no_prereqs,
        port: PortOptions {
            strip: 1,
            min_confidence: args.place.min_confidence,
        },
    };
    let mut bar = Progress::new();
    let report = missing(&repo, head, upstream, &opts, &mut |s, d, t| {
        bar.show(s, d, t)
    })?;
    bar.clear();
    if args.place.json {
        print_json(&report)?;
    } else if args.text || !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        print_text(&text(&report, &name));
    } else {
        return list_view(args, &repo, report, name);
    }
    Ok(0)
}

/// The list view; a commit chosen there is ported with `ferry pick` in
/// the view once the list has closed.
fn list_view(args: &MissingArgs, repo: &Repo, report: MissingReport, name: String) -> Result<i32> {
    let options = super::tui::options(&args.tui)?;
    let app = MissingApp::new(report, name, options.keys, options.theme);
    let Some(oid) = show(app)? else {
        return Ok(0);
    };
    // pick works on the repository of the current folder.
    if let Some(dir) = repo.workdir() {
        std::env::set_current_dir(dir).with_context(|| format!("entering {}", dir.display()))?;
    }
    let mut pick = PickArgs::of(oid.to_string(), args.tui.clone());
    pick.place.min_confidence = args.place.min_confidence;
    super::pick::run(&pick)
}

/// The repository at `dir`, or the one containing the current folder.
pub fn open(dir: Option<&Path>) -> Result<Repo> {
    let repo = match dir {
        Some(dir) => Repo::open(dir),
        None => Repo::discover(&std::env::current_dir()?),
    };
    Ok(repo.map_err(|e| {
        Failure::usage(
            e.to_string(),
            "run ferry inside the git repository of the legacy branch, or name it with -C",
        )
    })?)
}

/// Where upstream usually is, in the order tried when nobody names it.
pub const UPSTREAM_CANDIDATES: [&str; 5] = [
    "origin/HEAD",
    "main",
    "master",
    "origin/main",
    "origin/master",
];

/// The upstream ref a user named, else `ferry.upstream` from git config,
/// else the first of origin/HEAD, main, master, origin/main, origin/master
/// that is not the legacy tip or behind it.
pub fn upstream_ref(repo: &Repo, named: Option<&str>, tip: Oid) -> Result<(String, Oid)> {
    if let Some(name) = named {
        let oid = repo.commit_id(name).map_err(|e| {
            Failure::usage(
                e.to_string(),
                "name the upstream branch, e.g. main or origin/main",
            )
        })?;
        return Ok((name.to_string(), oid));
    }
    let configured = repo
        .raw()
        .config()
        .ok()
        .and_then(|c| c.get_string("ferry.upstream").ok());
    if let Some(name) = configured {
        let oid = repo.commit_id(&name).map_err(|e| {
            Failure::usage(
                e.to_string(),
                "fix git config ferry.upstream or name the upstream branch",
            )
        })?;
        return Ok((name, oid));
    }
    UPSTREAM_CANDIDATES
        .into_iter()
        .filter_map(|n| Some((n.to_string(), repo.commit_id(n).ok()?)))
        .find(|(_, oid)| *oid != tip && !repo.is_ancestor(*oid, tip).unwrap_or(true))
        .ok_or_else(|| {
            Failure::usage(
                "no upstream branch found (tried origin/HEAD, main, master)",
                "name it (ferry missing origin/main) or set git config ferry.upstream",
            )
            .into()
        })
}

/// The text report.
fn text(r: &MissingReport, upstream: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "HEAD {} against {upstream} {}, fork point {}",
        short(&r.legacy),
        short(&r.upstream),
        short(&r.fork)
    );
    let _ = writeln!(
        out,
        "upstream has {} commits since the fork; HEAD carries {} ({} by trailer, {} by patch id); {} missing, {} match, {} listed",
        r.upstream_commits,
        r.carried_by_trailer + r.carried_by_patch_id,
        r.carried_by_trailer,
        r.carried_by_patch_id,
        r.missing,
        r.matching,
        r.commits.len()
    );
    if r.unreadable > 0 {
        let _ = writeln!(
            out,
            "warning: {} commits have objects this repository lacks; they were compared by trailer only",
            r.unreadable
        );
    }
    for c in &r.commits {
        out.push('\n');
        commit_text(&mut out, c);
    }
    out
}

fn commit_text(out: &mut String, c: &MissingCommit) {
    let verdict = match &c.verdict {
        None => String::new(),
        Some(v) => {
            let mut s = v.verdict.name().to_string();
            if v.adapted > 0 || v.unplaced > 0 || v.absent > 0 {
                let _ = write!(
                    s,
                    " ({} of {} hunks adapted, {} unplaced, {} absent",
                    v.adapted, v.hunks, v.unplaced, v.absent
                );
                if let Some(conf) = v.min_confidence {
                    let _ = write!(s, ", min confidence {conf:.2}");
                }
                s.push(')');
            }
            s
        }
    };
    let _ = writeln!(
        out,
        "{} {:<13} {}",
        c.short,
        verdict.split(' ').next().unwrap_or(""),
        c.subject
    );
    if let Some(rest) = verdict.split_once(' ').map(|(_, r)| r) {
        let _ = writeln!(out, "    {rest}");
    }
    if !c.fixes.is_empty() {
        let reasons: Vec<String> = c
            .fixes
            .iter()
            .map(|f| match f {
                FixReason::Fixes { id, on } => format!("fixes {} ({on})", short(id)),
                FixReason::Reverts { id, on } => format!("reverts {} ({on})", short(id)),
                FixReason::Cve { id } => id.clone(),
            })
            .collect();
        let _ = writeln!(out, "    fix: {}", reasons.join("; "));
    }
    if let Some(e) = &c.error {
        let _ = writeln!(out, "    error: {e}");
    }
    if let Some(s) = &c.series {
        let with: Vec<&str> = s.with.iter().map(|w| short(w)).collect();
        let _ = writeln!(out, "    series: {} ({})", s.reason, with.join(", "));
    }
    for h in &c.prerequisites {
        let open: Vec<_> = h.commits.iter().filter(|p| !p.carried).collect();
        let carried = h.commits.len() - open.len();
        if open.is_empty() {
            continue;
        }
        let _ = writeln!(out, "    before {} {}:", h.path, h.target);
        // The newest are the likeliest to matter; JSON has them all.
        let skip = open.len().saturating_sub(SHOWN_PREREQS);
        if skip > 0 {
            let _ = writeln!(out, "      ... {skip} older");
        }
        for p in open.iter().skip(skip) {
            let kind = match p.kind {
                PrereqKind::Likely => "likely",
                PrereqKind::Incidental => "incidental",
            };
            let _ = writeln!(
                out,
                "      {kind:<10} {} {} ({})",
                short(&p.id),
                p.subject,
                p.why
            );
        }
        if carried > 0 {
            let _ = writeln!(out, "      ({carried} more already carried)");
        }
    }
}

/// Prerequisites shown per hunk in the text report.
const SHOWN_PREREQS: usize = 6;

/// A one-line progress report on standard error, drawn only on a terminal.
pub struct Progress {
    on: bool,
    last: Option<(String, usize)>,
    width: usize,
}

impl Progress {
    /// A progress line, drawn when standard error is a terminal.
    pub fn new() -> Progress {
        Progress {
            on: std::io::stderr().is_terminal(),
            last: None,
            width: 0,
        }
    }

    /// Shows `stage done/total`, at most once per percent.
    pub fn show(&mut self, stage: &str, done: usize, total: usize) {
        if !self.on {
            return;
        }
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        if self
            .last
            .as_ref()
            .is_some_and(|(s, p)| s == stage && *p == percent)
        {
            return;
        }
        self.last = Some((stage.to_string(), percent));
        self.draw(&format!("{stage}: {done}/{total} ({percent}%)"));
    }

    /// Removes the line.
    pub fn clear(&mut self) {
        if self.on && self.width > 0 {
            self.draw("");
            let _ = write!(std::io::stderr().lock(), "\r");
        }
    }

    fn draw(&mut self, text: &str) {
        self.width = self.width.max(text.chars().count());
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{text:<width$}", width = self.width);
        let _ = err.flush();
    }
}
