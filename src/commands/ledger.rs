//! `ferry ledger`: what a branch carries from upstream, as text or JSON.

use std::fmt::Write as _;

use anyhow::Result;
use ferry::error::Failure;
use ferry::history::{ledger, Ledger, LedgerOptions};

use super::missing::{open, upstream_ref, Progress};
use super::output::{print_json, print_text, short};
use crate::cli::LedgerArgs;

/// Runs `ferry ledger`.
pub fn run(args: &LedgerArgs) -> Result<i32> {
    let repo = open(args.repo.as_deref())?;
    let rev = args.rev.as_deref().unwrap_or("HEAD");
    let tip = repo
        .commit_id(rev)
        .map_err(|e| Failure::usage(e.to_string(), "name the branch, tag or commit to examine"))?;
    let (name, upstream) = upstream_ref(&repo, args.upstream.as_deref(), tip)?;
    let opts = LedgerOptions {
        missing_fixes: args.missing,
    };
    let mut bar = Progress::new();
    let l = ledger(&repo, tip, upstream, &opts, &mut |s, d, t| {
        bar.show(s, d, t)
    })?;
    bar.clear();
    if args.json {
        print_json(&l)?;
    } else {
        print_text(&text(&l, rev, &name));
    }
    Ok(0)
}

fn text(l: &Ledger, rev: &str, upstream: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{rev} {} against {upstream} {}, fork point {}",
        short(&l.rev),
        short(&l.upstream),
        short(&l.fork)
    );
    let _ = writeln!(
        out,
        "{} upstream commits carried; CVE ids named: {}",
        l.entries.len(),
        if l.cves.is_empty() {
            "none".to_string()
        } else {
            l.cves.join(", ")
        }
    );
    if !l.entries.is_empty() {
        let _ = writeln!(
            out,
            "\n{:<10} {:<10} {:<15} {:<9} subject",
            "legacy", "upstream", "found by", "port"
        );
    }
    for e in &l.entries {
        let subject = e.upstream_subject.as_deref().unwrap_or(&e.legacy_subject);
        let _ = writeln!(
            out,
            "{:<10} {:<10} {:<15} {:<9} {subject}",
            e.legacy_short,
            short(&e.upstream),
            e.found_by.name(),
            e.adaptation
        );
        if !e.cves.is_empty() {
            let _ = writeln!(out, "{:<10} {}", "", e.cves.join(", "));
        }
        for n in &e.notes {
            let _ = writeln!(out, "{:<10} note: {n}", "");
        }
    }
    if let Some(missing) = &l.missing_fixes {
        let _ = writeln!(out, "\nupstream fixes not carried: {}", missing.len());
        for c in missing {
            let cves = if c.cves.is_empty() {
                String::new()
            } else {
                format!(" [{}]", c.cves.join(", "))
            };
            let _ = writeln!(out, "{} {}{cves}", c.short, c.subject);
        }
    }
    out
}
