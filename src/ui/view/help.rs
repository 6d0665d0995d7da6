//! The help overlay: the key table as it is in effect (defaults plus the
//! user's overrides), generated from the same table as the hints.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{pane, put};
use crate::ui::app::App;
use crate::ui::keys::{Context, TABLE};
use crate::ui::theme::Role;

/// The overlay's lines.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let p = &app.theme;
    let mut out = Vec::new();
    for (context, heading) in [
        (Context::Review, "Reviewing"),
        (Context::Dialog, "Placing by hand, explain, help"),
        (
            Context::Editor,
            "Editing (the adapted hunk, the commit message)",
        ),
    ] {
        out.push(Line::from(Span::styled(heading, p.style(Role::Title))));
        for e in TABLE.iter().filter(|e| e.context == context) {
            out.push(Line::from(vec![
                Span::styled(
                    format!("  {:<22}", app.keys.labels(e.action)),
                    p.style(Role::HelpKey),
                ),
                Span::styled(e.help, p.style(Role::HelpText)),
            ]));
        }
        out.push(Line::default());
    }
    out.push(Line::from(Span::styled(
        "Mouse: the wheel scrolls the pane under the pointer; a click in the hunk list shows that hunk.",
        p.style(Role::Dim),
    )));
    out.push(Line::from(Span::styled(
        "Keys can be changed in the config file's [keys] section (see docs/keys.md).",
        p.style(Role::Dim),
    )));
    out
}

/// Draws the overlay over `area`; returns its inside.
pub fn render(frame: &mut Frame, area: Rect, app: &App) -> (Rect, usize) {
    let block = pane(" keys ".to_string(), true, &app.theme);
    let inner = block.inner(area);
    frame.render_widget(ratatui::widgets::Clear, area);
    frame.render_widget(block, area);
    let all = lines(app);
    let rows = all.len();
    let top = app
        .overlay_top
        .min(rows.saturating_sub(usize::from(inner.height)));
    put(
        frame,
        inner,
        all.into_iter().skip(top).collect(),
        app.theme.style(Role::Normal),
    );
    (inner, rows)
}
