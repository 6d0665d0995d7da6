//! The machine-readable report of `plan`, `pick --auto` and `apply --auto`,
//! and its plain-text rendering. The schema is documented in
//! `docs/report.md`; fields are only ever added, never renamed.

use serde::Serialize;

use crate::patch::{CommitPatch, Hunk};
use crate::place::{Adaptation, Candidate, HunkPlan};
use crate::port::{FileOutcome, FilePlan};

/// Version of the report schema.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Schema version.
    pub version: u32,
    /// The command that made it: `plan`, `pick` or `apply`.
    pub command: &'static str,
    /// The threshold used.
    pub min_confidence: f32,
    /// `planned`, `applied`, `committed` or `needs-person`.
    pub result: String,
    /// One entry per commit, in order.
    pub commits: Vec<CommitReport>,
    /// Counts over all hunks.
    pub summary: Summary,
    /// The `--exec` check that stopped the port, with the end of its output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<crate::finish::check::Check>,
}

/// One commit.
#[derive(Debug, Serialize)]
pub struct CommitReport {
    /// Upstream commit id, when known.
    pub id: Option<String>,
    /// Subject line, when known.
    pub subject: Option<String>,
    /// Files, in patch order.
    pub files: Vec<FileReport>,
}

/// One file.
#[derive(Debug, Serialize)]
pub struct FileReport {
    /// The path upstream gives the file.
    pub path: String,
    /// The legacy file the hunks go to.
    pub legacy_path: Option<String>,
    /// How the legacy file was found.
    pub found_by: String,
    /// `modify`, `create`, `delete`, `unchanged` or `blocked`.
    pub action: &'static str,
    /// Why a person must act, for `blocked`.
    pub reason: Option<String>,
    /// Hunks, in patch order.
    pub hunks: Vec<HunkReport>,
}

/// One hunk.
#[derive(Debug, Serialize)]
pub struct HunkReport {
    /// Index of the hunk in its file, from 0.
    pub index: usize,
    /// The hunk's `@@` line, without the newline.
    pub header: String,
    /// `placed`, `already-applied`, `not-applicable` or `unplaced`.
    pub status: &'static str,
    /// The enclosing symbol upstream.
    pub upstream_symbol: Option<String>,
    /// Why the status is what it is, when no candidate says it.
    pub note: Option<String>,
    /// The best candidate, if any.
    pub best: Option<CandidateReport>,
    /// The other candidates, best first.
    pub alternatives: Vec<CandidateReport>,
}

/// One candidate place.
#[derive(Debug, Serialize)]
pub struct CandidateReport {
    /// Strategy name.
    pub strategy: &'static str,
    /// Confidence in [0, 1], rounded to 3 decimals.
    pub confidence: f32,
    /// First legacy line replaced, 1-based (the insertion point for an empty span).
    pub legacy_line: usize,
    /// Number of legacy lines replaced.
    pub legacy_lines: usize,
    /// The enclosing legacy symbol.
    pub legacy_symbol: Option<String>,
    /// One line for a person.
    pub explanation: String,
    /// How the hunk was fitted.
    pub adaptations: Vec<Adaptation>,
}

/// Counts of hunks by status.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// All hunks.
    pub hunks: usize,
    /// Placed with enough confidence.
    pub placed: usize,
    /// Already in legacy.
    pub already_applied: usize,
    /// Changed lines nowhere in legacy.
    pub not_applicable: usize,
    /// Needing a person.
    pub unplaced: usize,
    /// Files a person must handle (binary, missing, conflicting).
    pub blocked_files: usize,
}

impl CandidateReport {
    fn new(c: &Candidate) -> CandidateReport {
        CandidateReport {
            strategy: c.strategy.name(),
            confidence: (c.confidence * 1000.0).round() / 1000.0,
            legacy_line: c.span.start + 1,
            legacy_lines: c.span.len(),
            legacy_symbol: c.legacy_symbol.clone(),
            explanation: c.explanation.clone(),
            adaptations: c.adaptations.clone(),
        }
    }
}

fn hunk_report(plan: &HunkPlan, hunk: Option<&Hunk>) -> HunkReport {
    let header = hunk
        .map(|h| {
            String::from_utf8_lossy(h.header.strip_suffix(b"\n").unwrap_or(&h.header)).into_owned()
        })
        .unwrap_or_default();
    HunkReport {
        index: plan.index,
        header,
        status: plan.status.name(),
        upstream_symbol: plan.upstream_symbol.clone(),
        note: (!plan.note.is_empty()).then(|| plan.note.clone()),
        best: plan.best().map(CandidateReport::new),
        alternatives: plan
            .candidates
            .iter()
            .skip(1)
            .map(CandidateReport::new)
            .collect(),
    }
}

/// The report entry of one commit's plan.
pub fn commit_report(id: Option<String>, commit: &CommitPatch, files: &[FilePlan]) -> CommitReport {
    let subject = commit.meta.as_ref().map(|m| m.subject.clone());
    let files = files
        .iter()
        .zip(&commit.files)
        .map(|(plan, patch)| {
            let (action, reason) = match &plan.outcome {
                FileOutcome::Modify => ("modify", None),
                FileOutcome::Create(_) => ("create", None),
                FileOutcome::Delete => ("delete", None),
                FileOutcome::Unchanged => ("unchanged", None),
                FileOutcome::Blocked(why) => ("blocked", Some(why.clone())),
            };
            FileReport {
                path: String::from_utf8_lossy(&plan.path).into_owned(),
                legacy_path: plan
                    .legacy_path
                    .as_ref()
                    .map(|p| String::from_utf8_lossy(p).into_owned()),
                found_by: plan.found_by.to_string(),
                action,
                reason,
                hunks: plan
                    .hunks
                    .iter()
                    .map(|h| hunk_report(h, patch.hunks.get(h.index)))
                    .collect(),
            }
        })
        .collect();
    CommitReport { id, subject, files }
}

impl Summary {
    /// Counts over the commits' files.
    pub fn of(commits: &[CommitReport]) -> Summary {
        let mut s = Summary::default();
        for f in commits.iter().flat_map(|c| &c.files) {
            if f.action == "blocked" {
                s.blocked_files += 1;
            }
            for h in &f.hunks {
                s.hunks += 1;
                match h.status {
                    "placed" => s.placed += 1,
                    "already-applied" => s.already_applied += 1,
                    "not-applicable" => s.not_applicable += 1,
                    _ => s.unplaced += 1,
                }
            }
        }
        s
    }

    /// Whether a person must act.
    pub fn needs_person(&self) -> bool {
        self.unplaced + self.not_applicable + self.blocked_files > 0
    }
}

impl Report {
    /// A report over `commits`, its summary counted from them.
    pub fn new(
        command: &'static str,
        min_confidence: f32,
        result: &str,
        commits: Vec<CommitReport>,
    ) -> Report {
        Report {
            version: SCHEMA_VERSION,
            command,
            min_confidence,
            result: result.to_string(),
            summary: Summary::of(&commits),
            commits,
            check: None,
        }
    }

    /// The report as plain text, one line per hunk.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for c in &self.commits {
            let id =
                c.id.as_deref()
                    .map(|i| &i[..i.len().min(12)])
                    .unwrap_or("patch");
            out.push_str(&format!("{id} {}\n", c.subject.as_deref().unwrap_or("")));
            for f in &c.files {
                let legacy = match &f.legacy_path {
                    Some(p) if *p != f.path => format!(" (legacy: {p}, {})", f.found_by),
                    _ => String::new(),
                };
                out.push_str(&format!("  {} [{}]{legacy}\n", f.path, f.action));
                if let Some(r) = &f.reason {
                    out.push_str(&format!("    {r}\n"));
                }
                for h in &f.hunks {
                    match &h.best {
                        Some(b) => out.push_str(&format!(
                            "    hunk {} {:<15} {:<11} {:.2} line {}: {}\n",
                            h.index + 1,
                            h.status,
                            b.strategy,
                            b.confidence,
                            b.legacy_line,
                            match &h.note {
                                Some(n) => format!("{n}: {}", b.explanation),
                                None => b.explanation.clone(),
                            }
                        )),
                        None => out.push_str(&format!(
                            "    hunk {} {:<15} {}\n",
                            h.index + 1,
                            h.status,
                            h.note.as_deref().unwrap_or("")
                        )),
                    }
                }
            }
        }
        let s = &self.summary;
        out.push_str(&format!(
            "{} hunks: {} placed, {} already applied, {} not applicable, {} need a person; {} file(s) blocked\n",
            s.hunks, s.placed, s.already_applied, s.not_applicable, s.unplaced, s.blocked_files
        ));
        if let Some(c) = &self.check {
            out.push_str(&format!("check {}; the end of its output:\n", c.summary()));
            out.push_str(&c.output);
            if !c.output.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each adaptation. The match has no catch-all arm: a new kind
    /// does not compile until it is listed here, and so documented.
    fn every_adaptation() -> Vec<Adaptation> {
        let count = 1;
        let all = vec![
            Adaptation::KeptLegacyContext { count },
            Adaptation::KeptExtraLines { count },
            Adaptation::MissingContext { count },
            Adaptation::ReplacedDrifted { count },
            Adaptation::MissingRemoved { count },
            Adaptation::MergedWords { count },
            Adaptation::AlreadyPresent { count },
            Adaptation::KeptNewerNumbers { count },
            Adaptation::ReorderedUse { count },
            Adaptation::BranchIdiom { count },
            Adaptation::BranchCall { count },
            Adaptation::CarriedBlank { count },
            Adaptation::CarriedContext { count },
            Adaptation::KeptBlank { count },
            Adaptation::KeptKeyword { count },
            Adaptation::DroppedBlank { count },
            Adaptation::RemovedWithBlock { count },
            Adaptation::MergedImport { count },
            Adaptation::AppendedAfterLegacy { count },
            Adaptation::AlignedContinuation { count },
            Adaptation::Reindented {
                from: "\t".into(),
                to: "    ".into(),
            },
            Adaptation::Renamed {
                from: "buf".into(),
                to: "buffer".into(),
            },
            Adaptation::LineEndings { crlf: true },
        ];
        for a in &all {
            match a {
                Adaptation::KeptLegacyContext { .. }
                | Adaptation::KeptExtraLines { .. }
                | Adaptation::MissingContext { .. }
                | Adaptation::ReplacedDrifted { .. }
                | Adaptation::MissingRemoved { .. }
                | Adaptation::MergedWords { .. }
                | Adaptation::AlreadyPresent { .. }
                | Adaptation::KeptNewerNumbers { .. }
                | Adaptation::ReorderedUse { .. }
                | Adaptation::BranchIdiom { .. }
                | Adaptation::BranchCall { .. }
                | Adaptation::CarriedBlank { .. }
                | Adaptation::CarriedContext { .. }
                | Adaptation::KeptBlank { .. }
                | Adaptation::KeptKeyword { .. }
                | Adaptation::DroppedBlank { .. }
                | Adaptation::RemovedWithBlock { .. }
                | Adaptation::MergedImport { .. }
                | Adaptation::AppendedAfterLegacy { .. }
                | Adaptation::AlignedContinuation { .. }
                | Adaptation::Reindented { .. }
                | Adaptation::Renamed { .. }
                | Adaptation::LineEndings { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_adaptation_kind_and_field_is_documented() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.md");
        let doc = std::fs::read_to_string(&path).expect("docs/report.md");
        let mut undocumented = Vec::new();
        for a in every_adaptation() {
            let json = serde_json::to_value(&a).expect("an adaptation serializes");
            let fields = json.as_object().expect("an adaptation is an object");
            let kind = fields["kind"].as_str().expect("kind is a string");
            if !doc.contains(&format!("`{kind}`")) {
                undocumented.push(kind.to_string());
            }
            for field in fields.keys().filter(|f| *f != "kind") {
                if !doc.contains(&format!("`{field}`")) {
                    undocumented.push(format!("{kind}.{field}"));
                }
            }
        }
        assert!(
            undocumented.is_empty(),
            "not in docs/report.md: {undocumented:?}"
        );
    }
}
