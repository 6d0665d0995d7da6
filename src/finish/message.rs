//! The backport's commit message: upstream's message, the `(cherry picked
//! from commit <sha>)` line `git cherry-pick -x` writes, and, when the port
//! changed anything, a bracketed note in the style of the Linux stable
//! backports (`[bwh: Backported to 3.16: adjust context]`): one line per hunk
//! that was moved somewhere structural, adapted, done by hand or left out,
//! saying why. Hunks placed exactly or at an offset are not named: that is
//! what `git cherry-pick` and `patch` do by themselves.

use crate::decide::{Decision, Decisions, ItemRef, Review};
use crate::git::display_bytes;
use crate::place::{Adaptation, Status, Strategy};
use crate::port::{FileOutcome, FilePlan};

/// Where lines are wrapped.
const WIDTH: usize = 72;

/// The message for committing `review` under `decisions`: `upstream` (the
/// upstream message) with the trailer for commit `id` and the note.
pub fn compose(upstream: &str, id: &str, review: &Review, decisions: &Decisions) -> String {
    let mut out = upstream.trim_end().to_string();
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(&format!("(cherry picked from commit {id})\n"));
    let notes = notes(review, decisions);
    if !notes.is_empty() {
        out.push_str("[ferry: backported with changes:\n");
        let last = notes.len() - 1;
        for (i, note) in notes.iter().enumerate() {
            let end = if i == last { "]" } else { "" };
            for line in wrap(" - ", &format!("{note}{end}"), "   ") {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

/// One line per hunk or file worth naming.
pub fn notes(review: &Review, decisions: &Decisions) -> Vec<String> {
    let mut out = Vec::new();
    for (item, decision) in decisions.items() {
        let Some(plan) = review.plans.get(item.file) else {
            continue;
        };
        if let Some(note) = note(plan, item, decision) {
            out.push(note);
        }
    }
    out
}

fn note(plan: &FilePlan, item: ItemRef, decision: &Decision) -> Option<String> {
    let path = display_bytes(plan.legacy_path.as_deref().unwrap_or(&plan.path));
    let left_out = matches!(decision, Decision::Skip | Decision::Undecided);
    match &plan.outcome {
        FileOutcome::Modify => {}
        FileOutcome::Create(_) if left_out => return Some(format!("{path}: new file left out")),
        FileOutcome::Delete if left_out => return Some(format!("{path}: deletion left out")),
        FileOutcome::Blocked(why) => return Some(format!("{path}: left out ({why})")),
        _ => return None,
    }
    let hunk = plan.hunks.get(item.hunk)?;
    let label = format!("{path} hunk {}", item.hunk + 1);
    let what = match decision {
        Decision::Accept { candidate } => {
            let c = hunk.candidates.get(*candidate)?;
            let mut parts = Vec::new();
            if *candidate > 0 {
                parts.push(format!(
                    "place {} of {} chosen",
                    candidate + 1,
                    hunk.candidates.len()
                ));
            }
            let place = match &c.legacy_symbol {
                Some(symbol) => format!("into {symbol}"),
                None => format!("to line {}", c.span.start + 1),
            };
            match c.strategy {
                Strategy::Exact | Strategy::Offset | Strategy::AlreadyApplied => {}
                Strategy::Whitespace => parts.push("matched ignoring whitespace".to_string()),
                _ => parts.push(format!("relocated {place} ({})", c.strategy.name())),
            }
            let adapted = adaptations(&c.adaptations);
            if !adapted.is_empty() {
                parts.push(adapted.join(", "));
            }
            if parts.is_empty() {
                return None;
            }
            parts.join("; ")
        }
        Decision::Custom(custom) => match custom.kind {
            crate::decide::CustomKind::Edited => "edited by hand".to_string(),
            crate::decide::CustomKind::Placed => {
                format!("placed by hand at line {}", custom.span.start + 1)
            }
        },
        Decision::Skip | Decision::Undecided => match hunk.status {
            Status::AlreadyApplied => "skipped, already applied".to_string(),
            Status::NotApplicable => "skipped, the lines it changes are not here".to_string(),
            Status::Placed | Status::Unplaced => "skipped".to_string(),
        },
    };
    Some(format!("{label}: {what}"))
}

/// The adaptations in words, each kind once.
fn adaptations(list: &[Adaptation]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in list {
        let words = match a {
            Adaptation::KeptLegacyContext { .. } | Adaptation::MissingContext { .. } => {
                "context adjusted".to_string()
            }
            Adaptation::KeptExtraLines { count } => format!("kept {count} local line(s)"),
            Adaptation::ReplacedDrifted { count } => format!("{count} drifted line(s) replaced"),
            Adaptation::MissingRemoved { count } => {
                format!("{count} removed line(s) not present")
            }
            Adaptation::MergedWords { count } => {
                format!("{count} edited line(s) merged word by word")
            }
            Adaptation::AlreadyPresent { count } => format!("{count} line(s) already present"),
            Adaptation::KeptNewerNumbers { count } => {
                format!("{count} line(s) with the branch's newer numbers kept")
            }
            Adaptation::ReorderedUse { count } => {
                format!("{count} use list(s) in the branch's rustfmt order")
            }
            Adaptation::BranchIdiom { count } => {
                format!("{count} line(s) written as the branch writes them")
            }
            Adaptation::BranchCall { count } => {
                format!("{count} call(s) written as the branch makes them")
            }
            Adaptation::CarriedBlank { count } => {
                format!("{count} blank line(s) kept after the added lines")
            }
            Adaptation::CarriedContext { count } => {
                format!("{count} context line(s) legacy lacks written with the added lines")
            }
            Adaptation::KeptBlank { count } => {
                format!("{count} removed blank line(s) kept after legacy's own lines")
            }
            Adaptation::KeptKeyword { count } => {
                format!("{count} version-control keyword line(s) kept as the branch has them")
            }
            Adaptation::DroppedBlank { count } => {
                format!("{count} blank line(s) before the end of a block left out")
            }
            Adaptation::RemovedWithBlock { count } => {
                format!("{count} legacy-only line(s) removed with their block")
            }
            Adaptation::MergedImport { count } => {
                format!("{count} narrower import line(s) replaced by the added ones")
            }
            Adaptation::AppendedAfterLegacy { count } => {
                format!("appended after {count} local line(s)")
            }
            Adaptation::AlignedContinuation { count } => {
                format!("{count} continuation line(s) lined up as the branch's lint wants")
            }
            Adaptation::Reindented { .. } => "re-indented".to_string(),
            Adaptation::Renamed { from, to } => format!("{from} renamed to {to}"),
            Adaptation::LineEndings { crlf: true } => "CRLF line endings".to_string(),
            Adaptation::LineEndings { crlf: false } => "LF line endings".to_string(),
        };
        if !out.contains(&words) {
            out.push(words);
        }
    }
    out
}

/// Greedy word wrap at [`WIDTH`]: the first line starts with `prefix`,
/// the others with `indent`; a word longer than a line stays whole.
fn wrap(prefix: &str, text: &str, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = prefix.to_string();
    let mut start = line.len();
    for word in text.split_whitespace() {
        if line.len() > start && line.len() + 1 + word.len() > WIDTH {
            lines.push(std::mem::replace(&mut line, indent.to_string()));
            start = line.len();
        }
        if line.len() > start {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn wraps_at_72_with_an_indent() {
        let text = "word ".repeat(30);
        let lines = wrap(" - ", &text, "   ");
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(l.len() <= WIDTH, "{l:?}");
        }
        assert!(lines[0].starts_with(" - word"));
        assert!(lines[1].starts_with("   word"));
        assert_eq!(lines.join(" ").split_whitespace().count(), 31);
    }
}
