//! Drawing: the layout of the screen and one module per pane. Everything is
//! drawn from a read-only [`App`]; the areas the panes got are returned so
//! the mouse and paging know where things are.
//!
//! Nothing here may panic at any size: every area comes from splitting the
//! frame (so it lies inside it), rows are counted with saturating
//! arithmetic, and lines are looked up with `get`.

pub(crate) mod editor;
mod explain;
pub(crate) mod help;
mod legacy;
pub(crate) mod list;
pub(crate) mod status;
mod upstream;

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::app::{App, Areas, Mode, Note, Pane};
use super::keys::{Action, Context, KeyMap};
use super::theme::{Role, Theme};

/// Draws the whole screen; returns where the panes went. Every pane escapes
/// what it shows; [`scrub`] then makes sure no control or bidi character got
/// into the frame by a path that forgot to.
pub fn draw(frame: &mut Frame, app: &App) -> Areas {
    let areas = draw_panes(frame, app);
    scrub(frame.buffer_mut());
    areas
}

/// Replaces any cell holding a control or bidi character with `?`: the last
/// guard between untrusted text and the terminal.
pub fn scrub(buffer: &mut ratatui::buffer::Buffer) {
    for cell in &mut buffer.content {
        if cell
            .symbol()
            .chars()
            .any(|c| c.is_control() || crate::text::visible::is_bidi_control(c))
        {
            cell.set_symbol("?");
        }
    }
}

/// What the review, replay and missing screens frame their panes with.
pub(crate) struct Chrome<'a> {
    /// Colours.
    pub theme: &'a Theme,
    /// Keys, for the help overlay.
    pub keys: &'a KeyMap,
    /// The key contexts that work on the screen (the help lists these).
    pub contexts: &'a [Context],
    /// The status bar's first line.
    pub progress: String,
    /// A note instead of the key hints.
    pub note: Option<&'a Note>,
    /// The key hints, most wanted first.
    pub hints: Vec<(String, String)>,
    /// Whether the help overlay is open.
    pub help: bool,
}

/// Draws the status bar and, when open, the help overlay (keeping its
/// scroll `overlay_top` in range); the body left for the screen's own
/// panes, `None` when there is none.
pub(crate) fn chrome(frame: &mut Frame, c: Chrome, overlay_top: &mut usize) -> Option<Rect> {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return None;
    }
    let [body, bar] = body_and_bar(area);
    status::bar(frame, bar, c.theme, &c.progress, c.note, c.hints);
    if body.height == 0 {
        return None;
    }
    if c.help {
        let lines = help::table_lines(c.keys, c.theme, c.contexts);
        let (inner, rows) = help::overlay(frame, body, c.theme, lines, *overlay_top);
        *overlay_top = (*overlay_top).min(rows.saturating_sub(usize::from(inner.height)));
        return None;
    }
    Some(body)
}

/// A key on the help overlay that [`chrome`] draws for the review, replay
/// and missing screens: scroll it (the next draw keeps it in range) or close
/// it. True when it closes.
pub(crate) fn help_overlay_key(overlay_top: &mut usize, action: Action) -> bool {
    match action {
        Action::Down => *overlay_top = overlay_top.saturating_add(1),
        Action::Up => *overlay_top = overlay_top.saturating_sub(1),
        Action::PageDown => *overlay_top = overlay_top.saturating_add(10),
        Action::PageUp => *overlay_top = overlay_top.saturating_sub(10),
        Action::Top => *overlay_top = 0,
        Action::Cancel | Action::Confirm | Action::Help | Action::Quit => return true,
        _ => {}
    }
    false
}

/// Every screen's split: the body, and below it the status bar (two rows,
/// one on a short terminal, the only row on a one-row terminal).
pub(crate) fn body_and_bar(area: Rect) -> [Rect; 2] {
    let status_height = match area.height {
        0..=1 => area.height,
        2..=7 => 1,
        _ => 2,
    };
    Layout::vertical([Constraint::Min(0), Constraint::Length(status_height)]).areas(area)
}

fn draw_panes(frame: &mut Frame, app: &App) -> Areas {
    let area = frame.area();
    let mut areas = Areas::default();
    if area.width == 0 || area.height == 0 {
        return areas;
    }
    let [body, bar] = body_and_bar(area);
    status::render(frame, bar, app);
    if body.height == 0 {
        return areas;
    }
    match &app.mode {
        Mode::Help => {
            (areas.overlay, areas.overlay_rows) = help::render(frame, body, app);
            return areas;
        }
        Mode::Explain => {
            (areas.overlay, areas.overlay_rows) = explain::render(frame, body, app);
            return areas;
        }
        Mode::Message(e) => {
            areas.overlay = editor::render(frame, body, &app.theme, e, " commit message ");
            return areas;
        }
        _ => {}
    }
    let panes = if app.list_visible(area.width) && body.width >= 30 {
        let list_width = (body.width / 3).clamp(20, 44);
        let [list_area, panes] =
            Layout::horizontal([Constraint::Length(list_width), Constraint::Min(0)]).areas(body);
        let (inner, top) = list::render(frame, list_area, app);
        areas.list = inner;
        areas.list_top = top;
        panes
    } else {
        body
    };
    let direction = if panes.width >= 60 || panes.height < 12 {
        Direction::Horizontal
    } else {
        Direction::Vertical
    };
    let [left, right] = Layout::default()
        .direction(direction)
        .constraints([Constraint::Percentage(50), Constraint::Percentage(50)])
        .areas(panes);
    areas.upstream = upstream::render(frame, left, app);
    areas.legacy = match &app.mode {
        Mode::Edit(e) => editor::render(frame, right, &app.theme, e, " editing the adapted hunk "),
        _ => legacy::render(frame, right, app),
    };
    areas
}

/// A bordered pane with a title; focused panes get a header-styled title.
pub(crate) fn pane(title: String, focused: bool, theme: &Theme) -> Block<'static> {
    let title_style = if focused {
        theme.style(Role::Title)
    } else {
        theme.style(Role::Dim)
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(if focused {
            Role::BorderFocused
        } else {
            Role::Border
        }))
        .title(Span::styled(
            super::text::escape(title.as_bytes()),
            title_style,
        ))
}

/// Draws `lines` in `area` after clearing it.
pub(crate) fn put(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>, style: Style) {
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).style(style), area);
}

/// Whether `pane` has the focus.
fn focused(app: &App, pane: Pane) -> bool {
    matches!(app.mode, Mode::Normal | Mode::Place { .. }) && app.focus == pane
}

/// Number of digits of `n` (for line-number gutters).
pub(crate) fn digits(n: usize) -> usize {
    n.max(1).ilog10() as usize + 1
}

/// The short id of the commit being ported.
fn short_id(app: &App) -> String {
    app.review
        .id
        .as_deref()
        .or_else(|| {
            app.review
                .commit
                .meta
                .as_ref()
                .and_then(|m| m.id.as_deref())
        })
        .map(|id| id.chars().take(7).collect())
        .unwrap_or_else(|| "patch".to_string())
}
