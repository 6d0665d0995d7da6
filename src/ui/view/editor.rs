//! An inline editor drawn in a pane: the text with the cursor, scrolled so
//! the cursor stays visible.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{pane, put};
use crate::ui::editor::LineEditor;
use crate::ui::theme::{Role, Theme};

/// Draws `editor` in `area` titled `title`; returns its inside.
pub fn render(frame: &mut Frame, area: Rect, p: &Theme, editor: &LineEditor, title: &str) -> Rect {
    let block = pane(title.to_string(), true, p);
    let inner = block.inner(area);
    frame.render_widget(ratatui::widgets::Clear, area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height);
    let (row, col) = editor.cursor();
    let top = if height == 0 {
        0
    } else {
        row.saturating_sub(height - 1).max(editor.scroll.min(row))
    };
    let width = usize::from(inner.width);
    let left = col.saturating_sub(width.saturating_sub(1));
    let lines = editor
        .lines()
        .iter()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(i, l)| {
            let chars: Vec<char> = l.chars().skip(left).collect();
            let text: String = chars
                .iter()
                .map(|c| if c.is_control() { '�' } else { *c })
                .collect();
            if i == row {
                let at = col - left;
                let before: String = text.chars().take(at).collect();
                let under: String = text.chars().nth(at).map_or(" ".to_string(), String::from);
                let after: String = text.chars().skip(at + 1).collect();
                Line::from(vec![
                    Span::styled(before, p.style(Role::Adapted)),
                    Span::styled(under, p.style(Role::Cursor)),
                    Span::styled(after, p.style(Role::Adapted)),
                ])
            } else {
                Line::from(Span::styled(text, p.style(Role::Adapted)))
            }
        })
        .collect();
    put(frame, inner, lines, p.style(Role::Normal));
    if height > 0 && width > 0 {
        let x = inner
            .x
            .saturating_add(u16::try_from(col - left).unwrap_or(0));
        let y = inner
            .y
            .saturating_add(u16::try_from(row - top).unwrap_or(0));
        if inner.contains(Position::new(x, y)) {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
    inner
}
