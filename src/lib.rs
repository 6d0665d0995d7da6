//! ferry: carry a fix from a newer version of a codebase back onto an older one.
//!
//! The library is the engine (patch model, git source, syntax, placement); the
//! binary in `main.rs` only parses arguments and maps errors to exit codes.
//! Nothing here but `ui` may import ratatui or crossterm.

pub mod decide;
pub mod demo;
pub mod error;
pub mod eval;
pub mod finish;
pub mod git;
pub mod history;
pub mod killpoint;
pub mod limits;
pub mod patch;
pub mod place;
pub mod port;
pub mod report;
pub mod review;
pub mod state;
pub mod syntax;
pub mod teach;
pub mod text;
pub mod ui;
pub mod worktree;
