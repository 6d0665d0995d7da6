//! The placement engine: where does each upstream hunk belong in the legacy
//! file, how sure is ferry, and what does the hunk look like once fitted there.
//!
//! For each hunk, candidate windows of the legacy file come from several
//! sources (the expected line, the line map of a 3-way merge, rare lines of the
//! pre-image found elsewhere, the enclosing symbol); the aligner scores the
//! pre-image against each window; the best few alignments become candidates
//! with a confidence, a strategy name and an explanation, and the adapter
//! turns each into replacement lines. `docs/placement.md` explains the whole.

mod adapt;
mod align;
mod bindings;
mod braces;
mod calls;
mod callspacing;
mod candidates;
mod columns;
mod conditionals;
mod confidence;
mod idioms;
mod indentation;
mod jumps;
mod keywords;
mod linemap;
mod lines;
mod locals;
mod member_only;
mod missing;
mod parses;
mod python2;
mod reflow;
mod result;
mod seams;
mod shapes;
mod stdnames;
mod structural;
mod templates;
mod typing_names;
mod unions;
mod useorder;
mod versions;
mod visual_indent;
mod wordmerge;

pub use adapt::Adaptation;
pub use align::{How, Pair};
pub use calls::{named_calls, with_arguments};
pub use candidates::{fit_at, plan_file, FileInput, PythonBranch};
pub use confidence::Quality;
pub use lines::{
    called_names, declared_field, defined_names, defines, uses_identifier, without_visibility,
};
pub use missing::used_names;
pub use result::{apply, ApplyError, Candidate, HunkPlan, Status, Strategy};
pub use shapes::Shape;
pub use stdnames::is_standard_method;
pub use structural::section_name;
pub use visual_indent::ContinuationLint;

/// The default `--min-confidence`.
pub const DEFAULT_MIN_CONFIDENCE: f32 = 0.7;
