//! The record of each way a hunk was changed to fit its place, as the
//! report and the view show it.

use serde::Serialize;

/// One way the hunk was changed to fit the legacy file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Adaptation {
    /// Context lines that differ in legacy were kept as legacy has them.
    KeptLegacyContext {
        /// How many context lines.
        count: usize,
    },
    /// Lines the legacy file has inside the hunk's span were kept.
    KeptExtraLines {
        /// How many lines.
        count: usize,
    },
    /// Context lines upstream has that legacy lacks were left out.
    MissingContext {
        /// How many lines.
        count: usize,
    },
    /// Removed lines that legacy has in another form were replaced.
    ReplacedDrifted {
        /// How many lines.
        count: usize,
    },
    /// Removed lines that legacy does not have at all.
    MissingRemoved {
        /// How many lines.
        count: usize,
    },
    /// Edited lines that legacy has in another form got upstream's edit
    /// merged word by word into legacy's version of the line.
    MergedWords {
        /// How many lines.
        count: usize,
    },
    /// Added lines legacy already has where they go were not added again.
    AlreadyPresent {
        /// How many lines.
        count: usize,
    },
    /// Edited lines whose numbers upstream raises (a year, a version) were
    /// kept as legacy has them: legacy's numbers are already as high.
    KeptNewerNumbers {
        /// How many lines.
        count: usize,
    },
    /// Added `use` lines had their names put in the order the legacy
    /// file's rustfmt keeps (its style predates rustfmt's 2024 sorting).
    ReorderedUse {
        /// How many lines.
        count: usize,
    },
    /// Added lines upstream's file has elsewhere were written as legacy
    /// writes those lines (`idioms.rs`).
    BranchIdiom {
        /// How many lines.
        count: usize,
    },
    /// Added lines making a call the way upstream does were written the
    /// way legacy makes calls of the same shape (`templates.rs`).
    BranchCall {
        /// How many lines.
        count: usize,
    },
    /// A blank line upstream puts between the added lines and what
    /// follows them was kept, though legacy's file lacks it there.
    CarriedBlank {
        /// How many lines.
        count: usize,
    },
    /// Context lines were written as upstream has them, as part of the new
    /// code: ones legacy lacks between added lines, and ones legacy has in
    /// another form that go on with a statement an added line begins, or
    /// that are a `def` header upstream annotated, right after new code;
    /// and blank ones legacy keeps trailing whitespace on.
    CarriedContext {
        /// How many lines.
        count: usize,
    },
    /// A blank line upstream removes with the lines above it was kept: in
    /// legacy, lines upstream lacks stand above it, and it still sets them
    /// apart from what follows.
    KeptBlank {
        /// How many lines.
        count: usize,
    },
    /// Lines with a version-control keyword (`$Header: … $`) upstream
    /// re-stamps were kept as legacy has them (`keywords.rs`).
    KeptKeyword {
        /// How many lines.
        count: usize,
    },
    /// A blank line that would have stood right before the end of a block,
    /// or right after another blank line, was left out: what it set apart
    /// is gone, or was never in legacy.
    DroppedBlank {
        /// How many lines.
        count: usize,
    },
    /// Lines only legacy has, inside a block the hunk removes (deeper
    /// than the block's first removed line, or closing what legacy's form
    /// of the removed lines opened) or attached above one it deletes
    /// outright, were removed with it.
    RemovedWithBlock {
        /// How many lines.
        count: usize,
    },
    /// Import lines only legacy has, right where added import lines go,
    /// were replaced by them: each imports from the same path a part of
    /// what an added line imports (`use a::B;` before `use a::{B, C};`).
    MergedImport {
        /// How many legacy lines.
        count: usize,
    },
    /// Added lines upstream appended (after the last item of a list, or
    /// at the end of its file) were put after the lines legacy has there
    /// of its own; or, in the second order offered where the order is a
    /// guess, added lines were put after legacy's own lines.
    AppendedAfterLegacy {
        /// How many legacy lines they follow.
        count: usize,
    },
    /// Added Python lines that continue a bracket were moved a column or
    /// two to line up as pycodestyle wants, which the legacy file keeps
    /// (`visual_indent.rs`).
    AlignedContinuation {
        /// How many lines.
        count: usize,
    },
    /// Added lines were re-indented.
    Reindented {
        /// Upstream's indentation prefix that was replaced.
        from: String,
        /// The legacy file's prefix put in its place.
        to: String,
    },
    /// An identifier in the added lines was renamed as legacy names it.
    Renamed {
        /// Upstream's name.
        from: String,
        /// Legacy's name.
        to: String,
    },
    /// Added lines were given the legacy file's CRLF or LF endings.
    LineEndings {
        /// True when `\r` was added, false when removed.
        crlf: bool,
    },
}
