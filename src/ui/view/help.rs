//! The help overlay: the key table as it is in effect (defaults plus the
//! user's overrides), generated from the same table as the hints.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{pane, put};
use crate::ui::app::App;
use crate::ui::keys::{Context, KeyMap, TABLE};
use crate::ui::theme::{Role, Theme};

/// The overlay's lines.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    table_lines(
        &app.keys,
        &app.theme,
        &[Context::Review, Context::Dialog, Context::Editor],
    )
}

fn heading(context: Context) -> &'static str {
    match context {
        Context::Review => "Reviewing",
        Context::Dialog => "Placing by hand, explain, help",
        Context::Editor => "Editing (the adapted hunk, the commit message)",
        Context::Verdict => "Reviewing a backport (ferry review)",
        Context::Missing => "Missing commits (ferry missing)",
    }
}

/// The key table in effect as lines, one heading per context a screen
/// uses (each screen's help lists only the keys that work there).
pub fn table_lines(keys: &KeyMap, p: &Theme, contexts: &[Context]) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for &context in contexts {
        out.push(Line::from(Span::styled(
            heading(context),
            p.style(Role::Title),
        )));
        for e in TABLE.iter().filter(|e| e.context == context) {
            out.push(Line::from(vec![
                Span::styled(
                    format!("  {:<22}", keys.labels(e.action)),
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
    overlay(frame, area, &app.theme, lines(app), app.overlay_top)
}

/// Draws `all` in a `keys` box over `area` from row `top`; returns the
/// box's inside and the number of rows.
pub fn overlay(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    all: Vec<Line<'static>>,
    top: usize,
) -> (Rect, usize) {
    let block = pane(" keys ".to_string(), true, theme);
    let inner = block.inner(area);
    frame.render_widget(ratatui::widgets::Clear, area);
    frame.render_widget(block, area);
    let rows = all.len();
    let top = top.min(rows.saturating_sub(usize::from(inner.height)));
    put(
        frame,
        inner,
        all.into_iter().skip(top).collect(),
        theme.style(Role::Normal),
    );
    (inner, rows)
}
