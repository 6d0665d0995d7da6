//! The replay screen's event loop on a real terminal.

use std::io;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use super::{view, ReplayApp};
use crate::ui::keys::Key;
use crate::ui::terminal::Screen;

/// Shows `app` until the person quits; returns it with their answers.
pub fn run(mut app: ReplayApp) -> io::Result<ReplayApp> {
    let mut screen = Screen::start(false)?;
    loop {
        screen.draw(|f| view::draw(f, &mut app))?;
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        if let Event::Key(k) = event::read()? {
            if k.kind != KeyEventKind::Release && app.key(Key::from_event(&k)) {
                break;
            }
        }
    }
    drop(screen);
    Ok(app)
}
