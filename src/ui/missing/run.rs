//! The missing-commits list's event loop on a real terminal.

use std::io;

use super::{view, Effect, MissingApp};
use crate::git::Oid;
use crate::ui::terminal::Screen;

/// Shows `app` until the person quits or picks a commit to port; returns
/// that commit, if any. (The list takes no mouse events: the terminal
/// keeps the mouse for selecting text.)
pub fn run(mut app: MissingApp) -> io::Result<Option<Oid>> {
    let mut screen = Screen::start(false)?;
    let chosen = screen.keys(&mut app, view::draw, |app, key| match app.key(key) {
        Effect::None => None,
        Effect::Quit => Some(None),
        Effect::Start(oid) => Some(Some(oid)),
    })?;
    drop(screen);
    Ok(chosen)
}
