//! The patch model: what a unified diff, `git format-patch` file or mbox says,
//! kept faithfully enough to render the same bytes back.
//!
//! Parsing lives in `patch/parse.rs`, rendering in `patch/render.rs`. The model
//! keeps raw header bytes next to the fields read from them: a port needs the
//! fields (paths, modes, line numbers), a faithful round trip needs the bytes.

mod model;
mod parse;
mod recut;
mod render;

pub use model::*;
pub use parse::{parse, parse_commit_diff, ParseError};
pub use recut::CONTEXT;
