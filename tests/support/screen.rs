//! Screens drawn into ratatui's `TestBackend` and read back as text, for
//! the view's screen tests.
#![allow(dead_code, clippy::unwrap_used)]

use ferry::decide::{Decisions, Review};
use ferry::port::{plan_commit, OneFile, PortOptions};
use ferry::ui::app::App;
use ferry::ui::keys::KeyMap;
use ferry::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::{Frame, Terminal};

/// One frame of `draw` on a `w`x`h` terminal.
pub fn render(w: u16, h: u16, draw: impl FnOnce(&mut Frame)) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(draw).unwrap();
    t.backend().buffer().clone()
}

/// The buffer's text, a line per row, trailing spaces cut.
pub fn text(buf: &Buffer) -> String {
    let a = buf.area;
    (0..a.height)
        .map(|y| {
            (0..a.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The review the view is given for `patch` (one commit) on a legacy tree
/// holding only `legacy`, the old version of the patch's first file, without
/// upstream's files; the view opens at hunk `position` (1-based).
pub fn review_on_one_file(patch: &[u8], legacy: &[u8], position: (usize, usize)) -> Review {
    let commit = ferry::patch::parse(patch).unwrap().commits.pop().unwrap();
    let path = commit.files[0].old_path_stripped(1).unwrap();
    let tree = OneFile {
        path: &path,
        bytes: legacy,
    };
    let plans = plan_commit(&commit, &tree, None, &PortOptions::default()).unwrap();
    Review {
        upstream: vec![None; plans.len()],
        commit,
        id: None,
        plans,
        position,
    }
}

/// The view over `review` with nothing decided, the default keys and theme.
pub fn app(review: &Review) -> App<'_> {
    App::new(
        review,
        Decisions::new(&review.plans),
        KeyMap::default(),
        Theme::default(),
    )
}
