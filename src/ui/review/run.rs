//! The review screen's event loop on a real terminal: keys and resizes in,
//! frames out, until the reviewer quits. The review comes back with the
//! verdicts given. The mouse is left to the terminal (selecting text to
//! quote in a note matters more here than scrolling).

use std::io;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use super::{view, ReviewApp, ReviewEffect};
use crate::review::BackportReview;
use crate::ui::keys::Key;
use crate::ui::terminal::Screen;
use crate::ui::TuiOptions;

/// Shows `review` until the reviewer quits; returns it with their verdicts.
pub fn run(review: BackportReview, options: &TuiOptions) -> io::Result<BackportReview> {
    let mut app = ReviewApp::new(review, options.keys.clone(), options.theme.clone());
    let mut screen = Screen::start(false)?;
    loop {
        screen.draw(|f| view::draw(f, &mut app))?;
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        if let Event::Key(k) = event::read()? {
            if k.kind != KeyEventKind::Release && app.key(Key::from_event(&k)) == ReviewEffect::Quit
            {
                break;
            }
        }
    }
    drop(screen);
    Ok(app.review)
}
