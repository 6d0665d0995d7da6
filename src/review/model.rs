//! What a review produces: one [`ReviewPair`] per upstream hunk (and per
//! change only the backport has), with both sides' lines, the word diff of
//! an adapted pair, and the verdict a reviewer gives it.
//!
//! Lines stay bytes, as everywhere in ferry; JSON shows them lossily as
//! UTF-8. The schema is documented in `docs/review.md`; fields are only ever
//! added, never renamed.

use serde::{Serialize, Serializer};

use crate::eval::Pairing;
use crate::place::Adaptation;

/// Version of the JSON schema.
pub const REVIEW_SCHEMA_VERSION: u32 = 1;

/// The review of one backport against its upstream commit.
#[derive(Debug, Clone, Serialize)]
pub struct BackportReview {
    /// Schema version.
    pub version: u32,
    /// Always `review`.
    pub command: &'static str,
    /// The backport commit.
    pub backport: CommitRef,
    /// The upstream commit it carries.
    pub upstream: CommitRef,
    /// How the upstream commit was found.
    pub found_by: FoundBy,
    /// Counts by class.
    pub summary: ReviewSummary,
    /// Every upstream hunk in patch order, each extra change after the
    /// pairs of its file.
    pub pairs: Vec<ReviewPair>,
}

/// A commit, as the report names it.
#[derive(Debug, Clone, Serialize)]
pub struct CommitRef {
    /// Full id.
    pub id: String,
    /// Abbreviated id.
    pub short: String,
    /// First line of the message.
    pub subject: String,
}

/// How the upstream commit was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FoundBy {
    /// `--upstream` named it.
    Option,
    /// `(cherry picked from commit X)`.
    CherryPicked,
    /// `Backport of X`.
    BackportOf,
    /// `Upstream commit X` or `[ Upstream commit X ]`.
    UpstreamCommit,
}

impl FoundBy {
    /// How a message named the commit; `None` for a pairing no message
    /// makes (the same subject).
    pub fn from_pairing(pairing: Pairing) -> Option<FoundBy> {
        match pairing {
            Pairing::CherryPicked => Some(FoundBy::CherryPicked),
            Pairing::BackportOf => Some(FoundBy::BackportOf),
            Pairing::UpstreamCommit => Some(FoundBy::UpstreamCommit),
            Pairing::Subject => None,
        }
    }
}

impl FoundBy {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            FoundBy::Option => "--upstream",
            FoundBy::CherryPicked => "cherry-picked",
            FoundBy::BackportOf => "backport-of",
            FoundBy::UpstreamCommit => "upstream-commit",
        }
    }
}

/// What the backport did with an upstream hunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// The same change at the line upstream's numbers give.
    Identical,
    /// The same change at another place (other line or other file).
    Relocated,
    /// The change differs: see the word diff.
    Adapted,
    /// The backport does not carry the change.
    Missing,
    /// The change was in legacy before the backport; nothing to carry.
    AlreadyPresent,
    /// A change of the backport that upstream does not have.
    Extra,
}

impl Class {
    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Class::Identical => "identical",
            Class::Relocated => "relocated",
            Class::Adapted => "adapted",
            Class::Missing => "missing",
            Class::AlreadyPresent => "already-present",
            Class::Extra => "extra",
        }
    }
}

/// The role of a line on one side of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineRole {
    /// Unchanged line around the change.
    Context,
    /// A line the change removes.
    Removed,
    /// A line the change adds.
    Added,
}

/// One line of a side, with its numbers in the files before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SideLine {
    /// Context, removed or added.
    pub role: LineRole,
    /// The line without its `\n` (a `\r` stays).
    #[serde(serialize_with = "lossy")]
    pub text: Vec<u8>,
    /// 1-based line number in the file before the change (context, removed).
    pub old_line: Option<usize>,
    /// 1-based line number in the file after the change (context, added).
    pub new_line: Option<usize>,
}

/// One side of a pair: the upstream hunk, or what the backport did there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// The file's path (after the change; before it for a deleted file).
    #[serde(serialize_with = "lossy")]
    pub path: Vec<u8>,
    /// First line shown in the file before, 1-based (0 for an empty range
    /// at the start).
    pub old_start: usize,
    /// Lines shown from the file before.
    pub old_len: usize,
    /// First line shown in the file after, 1-based.
    pub new_start: usize,
    /// Lines shown from the file after.
    pub new_len: usize,
    /// The `@@` line of an upstream hunk, without the newline (empty for
    /// the backport's side).
    pub header: String,
    /// The lines in order.
    pub lines: Vec<SideLine>,
}

impl Side {
    /// The lines with `role`, in order.
    pub fn lines_with(&self, role: LineRole) -> impl Iterator<Item = &[u8]> {
        self.lines
            .iter()
            .filter(move |l| l.role == role)
            .map(|l| l.text.as_slice())
    }
}

/// Where ferry's placement engine puts the upstream hunk on the backport's
/// parent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Planned {
    /// Placement status (`placed`, `unplaced`, ...).
    pub status: &'static str,
    /// Strategy of the best candidate.
    pub strategy: &'static str,
    /// Its confidence in [0, 1], rounded to 3 decimals.
    pub confidence: f32,
    /// First legacy line it replaces, 1-based.
    pub legacy_line: usize,
    /// Legacy lines it replaces.
    pub legacy_lines: usize,
    /// How the engine fitted the hunk (re-indented, renamed, ...).
    pub adaptations: Vec<Adaptation>,
}

/// What a word-diff segment shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tag {
    /// Both sides have this text.
    Same,
    /// An identifier the backport renames consistently (`buf` → `buffer`).
    Renamed,
    /// Whitespace only: indentation or spacing.
    Reindented,
    /// A real difference.
    Differs,
}

/// A run of text on one or both sides of a word diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// What the segment shows.
    pub tag: Tag,
    /// Upstream's text (empty when only the backport has some).
    #[serde(serialize_with = "lossy")]
    pub upstream: Vec<u8>,
    /// The backport's text (for `same`, equal to `upstream`).
    #[serde(serialize_with = "lossy")]
    pub backport: Vec<u8>,
}

/// One upstream line beside the backport line it became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordLine {
    /// `removed` or `added` lines being compared.
    pub role: LineRole,
    /// Index among upstream's lines of that role in the hunk, if any.
    pub upstream_line: Option<usize>,
    /// Index among the backport's lines of that role, if any.
    pub backport_line: Option<usize>,
    /// The line's segments in order; concatenated, each side gives back
    /// its line.
    pub segments: Vec<Segment>,
}

impl WordLine {
    /// Whether every difference is a rename or whitespace.
    pub fn explained(&self) -> bool {
        self.segments.iter().all(|s| s.tag != Tag::Differs)
    }
}

/// An identifier the backport calls differently from upstream.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Rename {
    /// Upstream's name.
    pub from: String,
    /// The backport's name.
    pub to: String,
}

/// A reviewer's judgement of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    /// The backport is right here.
    Fine,
    /// Someone should look again.
    Questionable,
}

/// What a reviewer said about a pair (set by the interactive view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Fine or questionable.
    pub mark: Mark,
    /// Free text; may be empty.
    pub note: String,
}

/// One upstream hunk and what the backport did with it, or one change only
/// the backport has.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewPair {
    /// The classification.
    pub class: Class,
    /// The upstream file's path (the backport's, for an extra change).
    #[serde(serialize_with = "lossy")]
    pub file: Vec<u8>,
    /// Index of the hunk in the upstream file, from 0 (none for extra).
    pub hunk: Option<usize>,
    /// The upstream hunk (none for extra).
    pub upstream: Option<Side>,
    /// What the backport did at the matching place (none for missing and
    /// already-present).
    pub backport: Option<Side>,
    /// Where ferry would put the upstream hunk, when it found a place.
    pub planned: Option<Planned>,
    /// Lines the change moved from where upstream's numbers put it
    /// (backport line minus upstream line); none when not comparable.
    pub offset: Option<i64>,
    /// Identifiers the backport renames consistently.
    pub renames: Vec<Rename>,
    /// Renames the placement engine learned from the hunk's context (legacy
    /// calls upstream's `from` `to`) that the backport's added lines do not
    /// make: they still use upstream's name, which legacy may not have.
    pub unapplied_renames: Vec<Rename>,
    /// The word diff of removed and added lines, for adapted pairs.
    pub words: Vec<WordLine>,
    /// One line for a person: why this class.
    pub note: String,
    /// The reviewer's verdict, once given.
    pub verdict: Option<Verdict>,
}

impl ReviewPair {
    /// Whether every difference of an adapted pair is a rename or whitespace.
    pub fn explained(&self) -> bool {
        self.words.iter().all(WordLine::explained)
    }
}

/// Counts of pairs by class.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReviewSummary {
    /// All pairs.
    pub pairs: usize,
    /// Identical.
    pub identical: usize,
    /// Relocated.
    pub relocated: usize,
    /// Adapted.
    pub adapted: usize,
    /// Missing.
    pub missing: usize,
    /// Already in legacy.
    pub already_present: usize,
    /// Extra.
    pub extra: usize,
}

impl ReviewSummary {
    /// Counts over `pairs`.
    pub fn of(pairs: &[ReviewPair]) -> ReviewSummary {
        let mut s = ReviewSummary {
            pairs: pairs.len(),
            ..ReviewSummary::default()
        };
        for p in pairs {
            *match p.class {
                Class::Identical => &mut s.identical,
                Class::Relocated => &mut s.relocated,
                Class::Adapted => &mut s.adapted,
                Class::Missing => &mut s.missing,
                Class::AlreadyPresent => &mut s.already_present,
                Class::Extra => &mut s.extra,
            } += 1;
        }
        s
    }

    /// Whether anything is missing or extra (what `--strict` fails on).
    pub fn incomplete(&self) -> bool {
        self.missing + self.extra > 0
    }
}

impl BackportReview {
    /// Sets (or clears) the verdict of pair `index`; false when there is
    /// no such pair.
    pub fn set_verdict(&mut self, index: usize, verdict: Option<Verdict>) -> bool {
        match self.pairs.get_mut(index) {
            Some(p) => {
                p.verdict = verdict;
                true
            }
            None => false,
        }
    }
}

fn lossy<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&String::from_utf8_lossy(bytes))
}
