//! What planning produces, and applying chosen candidates to a file.

use std::ops::Range;

use serde::Serialize;

use super::adapt::Adaptation;
use super::align::Pair;
use super::confidence::Quality;
use crate::text::Text;

/// Which strategy found a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// The pre-image is at the expected line (after earlier hunks' offset).
    Exact,
    /// The exact pre-image is elsewhere in the file.
    Offset,
    /// The pre-image matches when whitespace is ignored.
    Whitespace,
    /// The 3-way line map says where the hunk's lines went.
    LineMap,
    /// The hunk's enclosing symbol was found in the legacy file.
    Structural,
    /// A fuzzy alignment of the pre-image.
    Fuzzy,
    /// The post-image is already there.
    AlreadyApplied,
    /// A person chose the place.
    Manual,
}

impl Strategy {
    /// The name used in reports and the TUI.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Exact => "exact",
            Strategy::Offset => "offset",
            Strategy::Whitespace => "whitespace",
            Strategy::LineMap => "line-map",
            Strategy::Structural => "structural",
            Strategy::Fuzzy => "fuzzy",
            Strategy::AlreadyApplied => "already-applied",
            Strategy::Manual => "manual",
        }
    }
}

/// One place a hunk could go, fitted to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// What found it.
    pub strategy: Strategy,
    /// How sure ferry is, in [0, 1].
    pub confidence: f32,
    /// The legacy lines (0-based, end exclusive) the hunk replaces.
    pub span: Range<usize>,
    /// The lines that take their place.
    pub lines: Vec<Vec<u8>>,
    /// Which pre-image lines matched which legacy lines.
    pub evidence: Vec<Pair>,
    /// How the hunk was changed to fit.
    pub adaptations: Vec<Adaptation>,
    /// One line for a person: why here.
    pub explanation: String,
    /// The enclosing legacy symbol, when known.
    pub legacy_symbol: Option<String>,
    /// The file's final-newline state after this hunk, when the hunk decides it.
    pub final_newline: Option<bool>,
    /// The measurements the confidence was computed from.
    pub quality: Quality,
    /// Whether another place fits about as well.
    pub ambiguous: bool,
    /// Names the added lines use that upstream has and legacy lacks.
    pub missing_names: Vec<String>,
}

/// What became of a hunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The best candidate reaches the confidence threshold.
    Placed,
    /// The change is already in the legacy file.
    AlreadyApplied,
    /// The lines the hunk changes exist nowhere in the legacy file.
    NotApplicable,
    /// Candidates exist but none is certain enough: a person decides.
    Unplaced,
}

impl Status {
    /// The name used in reports and the TUI.
    pub fn name(self) -> &'static str {
        match self {
            Status::Placed => "placed",
            Status::AlreadyApplied => "already-applied",
            Status::NotApplicable => "not-applicable",
            Status::Unplaced => "unplaced",
        }
    }
}

/// The plan for one hunk.
#[derive(Debug, Clone, PartialEq)]
pub struct HunkPlan {
    /// Index of the hunk in its file patch.
    pub index: usize,
    /// What became of it.
    pub status: Status,
    /// Candidates, best first.
    pub candidates: Vec<Candidate>,
    /// The hunk's enclosing symbol upstream, when known.
    pub upstream_symbol: Option<String>,
    /// Why the status is what it is, when no candidate says it.
    pub note: String,
}

impl HunkPlan {
    /// The best candidate.
    pub fn best(&self) -> Option<&Candidate> {
        self.candidates.first()
    }

    /// The candidate the port stands on: the best one of a hunk placed or
    /// left to a person (checks of the whole port read it as written).
    pub fn offered(&self) -> Option<&Candidate> {
        matches!(self.status, Status::Placed | Status::Unplaced)
            .then(|| self.best())
            .flatten()
    }
}

/// Applying chosen candidates failed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ApplyError {
    /// Two chosen candidates change overlapping legacy lines.
    #[error("hunks {first} and {second} both change legacy lines {start}..{end}")]
    Overlap {
        /// Index of the first hunk.
        first: usize,
        /// Index of the second hunk.
        second: usize,
        /// First overlapping line (1-based).
        start: usize,
        /// Last overlapping line (1-based).
        end: usize,
    },
    /// A candidate's span lies outside the file.
    #[error("hunk {hunk} points past the end of the file ({len} lines)")]
    OutOfRange {
        /// Index of the hunk.
        hunk: usize,
        /// Lines in the file.
        len: usize,
    },
}

/// Applies `(hunk index, candidate)` choices to `legacy`.
pub fn apply(legacy: &Text, chosen: &[(usize, &Candidate)]) -> Result<Text, ApplyError> {
    let mut out = Text {
        lines: (composed(&legacy.lines, chosen)?.into_iter())
            .map(|(line, _)| line.to_vec())
            .collect(),
        final_newline: legacy.final_newline,
    };
    if let Some(nl) = last_newline(chosen) {
        out.final_newline = nl;
    }
    if legacy.lines.is_empty()
        && !out.lines.is_empty()
        && !chosen.iter().any(|(_, c)| c.final_newline.is_some())
    {
        // Text::parse gives an empty file no final newline; added lines have one.
        out.final_newline = true;
    }
    Ok(out)
}

/// The final-newline state the choices set: the last one in the file's
/// order that sets one.
fn last_newline(chosen: &[(usize, &Candidate)]) -> Option<bool> {
    (chosen.iter())
        .filter_map(|(hunk, c)| Some(((c.span.start, c.span.end, *hunk), c.final_newline?)))
        .max_by_key(|(key, _)| *key)
        .map(|(_, nl)| nl)
}

/// A line of a port, with the hunk that put it there (`None`: legacy's
/// own line).
pub type PortLine<'a> = (&'a [u8], Option<usize>);

/// The hunk to blame for what a port shows at its line `line` (0-based):
/// the hunk whose lines hold it, else the nearest one before it (a block
/// opener left without its block shows at the next line, a missing comma
/// at the line after it), else the nearest after it (an error tree-sitter
/// reports from a statement's first line may start above the hunk's).
pub fn culprit(port: &[PortLine<'_>], line: usize) -> Option<usize> {
    let upto = (line + 1).min(port.len());
    (port[..upto].iter().rev())
        .chain(port)
        .find_map(|&(_, hunk)| hunk)
}

/// Where legacy's line `line` (0-based) stands in the port [`composed`]
/// makes of `chosen`, for a line no chosen place cuts: after the lines
/// of the places before it, and before those inserted right at it.
pub fn port_index(chosen: &[(usize, &Candidate)], line: usize) -> usize {
    let moved: isize = (chosen.iter())
        .filter(|(_, c)| c.span.start < line)
        .map(|(_, c)| c.lines.len() as isize - c.span.len() as isize)
        .sum();
    (line as isize + moved).max(0) as usize
}

/// `legacy`'s lines with the choices in place.
pub fn composed<'a>(
    legacy: &'a [Vec<u8>],
    chosen: &[(usize, &'a Candidate)],
) -> Result<Vec<PortLine<'a>>, ApplyError> {
    let mut order: Vec<&(usize, &Candidate)> = chosen.iter().collect();
    order.sort_by_key(|(hunk, c)| (c.span.start, c.span.end, *hunk));
    for w in order.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b.1.span.start < a.1.span.end {
            return Err(ApplyError::Overlap {
                first: a.0.min(b.0),
                second: a.0.max(b.0),
                start: b.1.span.start + 1,
                end: a.1.span.end.max(b.1.span.start + 1),
            });
        }
    }
    let mut out = Vec::with_capacity(legacy.len());
    let mut cursor = 0;
    for &&(hunk, c) in &order {
        let Some(kept) = legacy
            .get(cursor..c.span.start)
            .filter(|_| c.span.end <= legacy.len())
        else {
            return Err(ApplyError::OutOfRange {
                hunk,
                len: legacy.len(),
            });
        };
        out.extend(kept.iter().map(|l| (l.as_slice(), None)));
        out.extend(c.lines.iter().map(|l| (l.as_slice(), Some(hunk))));
        cursor = c.span.end;
    }
    out.extend(legacy[cursor..].iter().map(|l| (l.as_slice(), None)));
    Ok(out)
}
