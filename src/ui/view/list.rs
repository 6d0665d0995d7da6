//! The hunk list: every item with its file, function, state, decision and
//! confidence; the shown one selected. Shown or hidden with a key.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{pane, put};
use crate::ui::app::App;
use crate::ui::text::fit;
use crate::ui::theme::Role;

/// The first item shown so that `current` is visible in `height` rows.
pub fn list_top(current: usize, height: usize, len: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    current.saturating_sub(height / 2).min(len - height)
}

/// One item's row text: number, decision and state first (what a narrow
/// list must still show), then file, function and confidence.
pub fn row_text(app: &App, index: usize) -> (String, &'static str) {
    let Some(item) = app.items.get(index).copied() else {
        return (String::new(), "");
    };
    let file = app
        .review
        .plans
        .get(item.file)
        .map(|p| String::from_utf8_lossy(&p.path).into_owned())
        .unwrap_or_default();
    let base = file.rsplit('/').next().unwrap_or(&file).to_string();
    let hunk_plan = app
        .review
        .plans
        .get(item.file)
        .and_then(|p| p.hunks.get(item.hunk));
    let function = hunk_plan
        .and_then(|h| h.upstream_symbol.clone())
        .map(|s| s.rsplit(" > ").next().unwrap_or(&s).to_string())
        .unwrap_or_default();
    let confidence = hunk_plan
        .and_then(|h| h.best())
        .map(|c| format!("{:.2}", c.confidence))
        .unwrap_or_default();
    let (state, decision) = app.item_state(item);
    let state = match state {
        "already-applied" => "applied",
        "not-applicable" => "n/a",
        "new file" => "new",
        "deleted file" => "delete",
        other => other,
    };
    let shown = if decision == "placed by hand" {
        "by hand"
    } else {
        decision
    };
    (
        format!(
            "{:>2} {shown:<9} {state:<8} {base} {function} {confidence}",
            index + 1
        ),
        decision,
    )
}

/// Draws the list; returns its inside and the first item shown.
pub fn render(frame: &mut Frame, area: Rect, app: &App) -> (Rect, usize) {
    let p = &app.theme;
    let block = pane(format!(" hunks ({}) ", app.items.len()), false, p);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height);
    let top = list_top(app.current, height, app.items.len());
    let width = usize::from(inner.width);
    let rows = (top..app.items.len())
        .take(height)
        .map(|i| {
            let (text, decision) = row_text(app, i);
            let role = if i == app.current {
                Role::Selected
            } else {
                match decision {
                    "undecided" => Role::Undecided,
                    "skipped" => Role::Skipped,
                    "accepted" => Role::Accepted,
                    _ => Role::Edited,
                }
            };
            Line::from(Span::styled(fit(&text, width), p.style(role)))
        })
        .collect();
    put(frame, inner, rows, p.style(Role::Normal));
    (inner, top)
}
