//! The review screen's event loop on a real terminal: keys and resizes in,
//! frames out, until the reviewer quits. The review comes back with the
//! verdicts given. The mouse is left to the terminal (selecting text to
//! quote in a note matters more here than scrolling).

use std::io;

use super::{view, ReviewApp, ReviewEffect};
use crate::review::BackportReview;
use crate::ui::terminal::Screen;
use crate::ui::TuiOptions;

/// Shows `review` until the reviewer quits; returns it with their verdicts.
pub fn run(review: BackportReview, options: &TuiOptions) -> io::Result<BackportReview> {
    let mut app = ReviewApp::new(review, options.keys.clone(), options.theme.clone());
    let mut screen = Screen::start(false)?;
    screen.keys(&mut app, view::draw, |app, key| {
        (app.key(key) == ReviewEffect::Quit).then_some(())
    })?;
    drop(screen);
    Ok(app.review)
}
