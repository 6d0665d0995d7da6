//! Screens drawn into ratatui's `TestBackend` and read back as text, for
//! the view's screen tests.
#![allow(dead_code, clippy::unwrap_used)]

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
