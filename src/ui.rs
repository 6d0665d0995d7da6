//! The interactive view: a full-screen TUI (ratatui over crossterm) where a
//! person decides each hunk of a commit, beside the upstream hunk and the
//! legacy file with the result previewed in place.
//!
//! Model, update, view: [`app::App`] is the state and its update (no
//! terminal), `view` draws it, `terminal` runs the loop and carries out what
//! the update asks (save, open an editor, commit). The rest of ferry never
//! names ratatui or crossterm; it only sees the [`Tui`] as a
//! [`crate::decide::Decider`].
//!
//! - `app.rs`: state, modes, decisions, effects.
//! - `keys.rs`: the key table (help, hints and docs come from it).
//! - `config.rs`: the config file (theme, mouse, key overrides).
//! - `preview.rs`: the legacy file with the result in place, as rows.
//! - `editor.rs`: the inline editor with its own undo.
//! - `external.rs`: the user's editor on a temporary file.
//! - `theme.rs`: themes (roles to styles); `highlight.rs`: syntect on a worker.
//! - `syntax.rs`: the panes' side of highlighting: documents and spans.
//! - `text.rs`: file bytes as safe terminal text.
//! - `view.rs` + `view/`: layout and panes.
//! - `terminal.rs`: setup, restore, the event loop.
//! - `decider.rs`: the TUI as a decider.
//! - `review.rs` + `review/`: `ferry review`'s screen (pairs and verdicts).
//! - `replay.rs` + `replay/`: `ferry replay` and its quiz.
//! - `missing.rs` + `missing/`: `ferry missing`'s list of commits to port.

pub mod app;
pub mod config;
mod decider;
pub mod editor;
pub mod external;
pub mod highlight;
pub mod keys;
pub mod missing;
pub mod preview;
pub mod replay;
pub mod review;
pub mod syntax;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod view;

pub use decider::{Tui, TuiOptions};
