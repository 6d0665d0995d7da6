//! Shapes a placement leaves that neither legacy's file nor upstream's
//! change would write. Each is found where the port is built (the order of
//! added lines in `adapt.rs`, the seams in `seams.rs`, braces in
//! `braces.rs`, keywords in `keywords.rs`); here each gets its cut of the
//! confidence and the words that tell it, so a new one is a variant rather
//! than a field, a constant and two branches.
//!
//! Real backports ported with one of these shapes were written otherwise by
//! their maintainers: the placement is a person's call.

/// One shape a placement leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Added lines sit next to legacy-only lines in an order nothing
    /// confirms (a 3-way merge would conflict).
    UncertainOrder,
    /// Blank lines in a row where neither side has them.
    PiledBlankLines,
    /// A block left empty where neither side has one.
    EmptiedBlock,
    /// An item of a list upstream stands between statements.
    StrandedItem,
    /// An added block braced in a style legacy's file does not use.
    ForeignBrace,
    /// A version-control keyword upstream re-stamps (`keywords.rs`).
    VcsKeyword,
    /// An added line out of line with the column legacy's neighbours align
    /// (`columns.rs`).
    BrokenColumn,
    /// An added line written twice where legacy has it once already
    /// (`seams.rs`).
    DuplicatedLine,
    /// Added calls spaced otherwise than legacy spaces the hunk's calls
    /// (`callspacing.rs`).
    ForeignCallSpacing,
    /// A line after a `break`, `return` or `continue`, at its depth
    /// (`jumps.rs`).
    AfterJump,
    /// A preprocessor conditional or a folding region opened or closed
    /// otherwise than the hunk does (`conditionals.rs`).
    UnpairedMarker,
}

impl Shape {
    /// What confidence is multiplied by.
    pub fn cut(self) -> f32 {
        match self {
            // From the line map's 0.95 to just below the default threshold.
            Shape::PiledBlankLines => 0.7,
            Shape::UncertainOrder
            | Shape::EmptiedBlock
            | Shape::StrandedItem
            | Shape::ForeignBrace
            | Shape::VcsKeyword
            | Shape::BrokenColumn
            | Shape::DuplicatedLine
            | Shape::ForeignCallSpacing
            | Shape::AfterJump
            | Shape::UnpairedMarker => 0.5,
        }
    }

    /// How the explanation tells it.
    pub fn told(self) -> &'static str {
        match self {
            Shape::UncertainOrder => {
                "legacy has lines of its own where the added lines go, in an order nothing confirms"
            }
            Shape::PiledBlankLines => "leaves blank lines in a row where neither side has them",
            Shape::EmptiedBlock => "leaves a block empty that neither side has empty",
            Shape::StrandedItem => "puts an item of a list upstream between statements",
            Shape::ForeignBrace => "adds a block braced in a style legacy's file does not use",
            Shape::BrokenColumn => {
                "writes an added line at upstream's column, which legacy's neighbouring lines align elsewhere"
            }
            Shape::DuplicatedLine => {
                "writes an added line twice, next to the copy legacy already has"
            }
            Shape::ForeignCallSpacing => {
                "adds calls written as upstream writes them, where legacy puts a space before a call's parenthesis"
            }
            Shape::AfterJump => {
                "leaves a line after a `break`, `return` or `continue` at its depth, where it never runs"
            }
            Shape::UnpairedMarker => {
                "leaves an `#if`, `#endif` or folding `region` marker without its partner, which the hunk does not"
            }
            Shape::VcsKeyword => {
                "changes a line version control stamps ($Header: …$), which the branch stamps its own way; legacy's is kept"
            }
        }
    }
}
