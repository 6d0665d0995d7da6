//! Syntax: which function or container a line of code belongs to.
//!
//! Placement asks one question of syntax: "this hunk lives in
//! `impl Parser > fn header` upstream; where is that in the legacy file?".
//! [`outline`] parses a file with tree-sitter and returns its symbols as a
//! flat list in source order, each with its kind, qualified path and line
//! ranges; [`Outline`] answers "which symbol encloses line N" and "which
//! symbols are either side of it". No tree outlives the call: an outline is
//! plain owned data, cheap to keep per file version and free of lifetimes.
//!
//! The languages are one table (`syntax/lang.rs`), parsers are reused per
//! thread (`syntax/parse.rs`), the walk that reads symbols is
//! `syntax/outline.rs`, and [`cached_outline`] remembers recent outlines so
//! asking once per hunk costs one parse per file version. Highlighting is not here: it belongs to the TUI and
//! uses syntect, off the placement path.

mod cache;
mod lang;
mod outline;
mod parse;
mod python_imports;
mod rust_fns;

pub use cache::cached_outline;
pub use lang::{Attach, Lang, LangProfile, NameRule, Recovery, Role, SymbolRule};
pub use outline::{outline, Outline, Symbol};
pub use parse::parse;
pub use python_imports::{added_from_imports, from_imports, FromImport};
pub use rust_fns::rust_functions;

/// Why a file could not be parsed. Syntax errors in the file are not among
/// them: tree-sitter recovers and the outline keeps what it found.
#[derive(Debug, thiserror::Error)]
pub enum SyntaxError {
    /// The grammar crate was built for a tree-sitter ABI this tree-sitter
    /// cannot load (a dependency mismatch, not an input problem).
    #[error("cannot load the {lang} grammar: {source}")]
    Grammar {
        /// The language.
        lang: &'static str,
        /// tree-sitter's reason.
        source: tree_sitter::LanguageError,
    },
    /// tree-sitter returned no tree (it does so only when cancelled).
    #[error("tree-sitter returned no tree for {bytes} bytes of {lang}")]
    NoTree {
        /// The language.
        lang: &'static str,
        /// The size of the input.
        bytes: usize,
    },
}
