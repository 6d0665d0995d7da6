//! The missing-commits list's event loop on a real terminal.

use std::io;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use super::{view, Effect, MissingApp};
use crate::git::Oid;
use crate::ui::keys::Key;
use crate::ui::terminal::Screen;

/// Shows `app` until the person quits or picks a commit to port; returns
/// that commit, if any. (The list takes no mouse events: the terminal
/// keeps the mouse for selecting text.)
pub fn run(mut app: MissingApp) -> io::Result<Option<Oid>> {
    let mut screen = Screen::start(false)?;
    let chosen = loop {
        screen.draw(|f| view::draw(f, &mut app))?;
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        if let Event::Key(k) = event::read()? {
            if k.kind == KeyEventKind::Release {
                continue;
            }
            match app.key(Key::from_event(&k)) {
                Effect::None => {}
                Effect::Quit => break None,
                Effect::Start(oid) => break Some(oid),
            }
        }
    };
    drop(screen);
    Ok(chosen)
}
