//! `ferry plan`: where every hunk of upstream commits would go, changing
//! nothing.
//!
//! A series is planned commit by commit on top of the results of the commits
//! before it (held in memory), and stops at the first that needs a person.

use std::collections::HashMap;

use anyhow::Result;
use ferry::error::{Failure, EXIT_NEEDS_PERSON};
use ferry::port::{FileOutcome, FilePlan, PortOptions};
use ferry::report::{commit_report, Report};

use super::output::print_report;
use super::series::{open_repo, plan_one, resolve};
use crate::cli::PlaceOpts;

/// `ferry plan`.
pub fn run(revs: &str, opts: &PlaceOpts) -> Result<i32> {
    let repo = open_repo()?;
    let commits = resolve(&repo, revs)?;
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
        let planned = plan_one(&repo, oid, head, &writes, &port_opts)?;
        reports.push(commit_report(
            Some(oid.to_string()),
            &planned.commit,
            &planned.plans,
        ));
        certain &= planned.plans.iter().all(FilePlan::is_certain);
        if !certain {
            // Later commits build on this one: stop at the first that needs a person.
            break;
        }
        for plan in &planned.plans {
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
    let report = Report::new("plan", opts.min_confidence, result, reports);
    print_report(&report, opts.json)?;
    Ok(if certain { 0 } else { EXIT_NEEDS_PERSON })
}
