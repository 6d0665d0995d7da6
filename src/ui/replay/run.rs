//! The replay screen on a real terminal.

use std::io;

use super::{view, ReplayApp};
use crate::ui::terminal::Screen;

/// Shows `app` until the person quits; returns it with their answers.
pub fn run(mut app: ReplayApp) -> io::Result<ReplayApp> {
    let mut screen = Screen::start(false)?;
    screen.keys(&mut app, view::draw, |app, key| app.key(key).then_some(()))?;
    drop(screen);
    Ok(app)
}
