//! The styles the view paints with, by meaning (added line, matched line,
//! status bar), never by colour: every pane asks [`Palette::style`] for a
//! [`Role`], so a theme (or `NO_COLOR`) changes the whole screen in one place.
//!
//! This is the one seam between the panes and the theme loader: the panes
//! name roles, the palette turns them into ratatui styles.

use ratatui::style::{Color, Modifier, Style};

/// What a piece of the screen means, for choosing its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Ordinary text.
    Text,
    /// Text that matters less (line numbers, separators, hints' words).
    Dim,
    /// A line the change adds.
    Added,
    /// A line the change removes.
    Removed,
    /// An added line ferry changed to fit legacy (re-indented, renamed).
    Adapted,
    /// A line the placement matched on both sides.
    Matched,
    /// Pane titles and section headings.
    Header,
    /// The selected row of a list, the hand-placement cursor.
    Selected,
    /// The status line.
    Status,
    /// A key name in hints and help.
    Key,
    /// Something that needs a person (unplaced, undecided, errors).
    Warning,
    /// A decision taken (accepted, edited, placed).
    Good,
    /// Pane borders.
    Border,
}

/// Styles per role: the colours of one theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    /// The theme's name, as `--theme` names it.
    pub name: String,
    styles: Vec<(Role, Style)>,
}

const ROLES: [Role; 13] = [
    Role::Text,
    Role::Dim,
    Role::Added,
    Role::Removed,
    Role::Adapted,
    Role::Matched,
    Role::Header,
    Role::Selected,
    Role::Status,
    Role::Key,
    Role::Warning,
    Role::Good,
    Role::Border,
];

impl Palette {
    /// The default theme, for dark terminals.
    pub fn dark() -> Palette {
        Palette::from_fn("dark", |role| match role {
            Role::Text | Role::Border => Style::new(),
            Role::Dim => Style::new().fg(Color::DarkGray),
            Role::Added => Style::new().fg(Color::Green),
            Role::Removed => Style::new().fg(Color::Red),
            Role::Adapted => Style::new().fg(Color::Yellow),
            Role::Matched => Style::new().bg(Color::Rgb(40, 50, 80)),
            Role::Header => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Role::Selected => Style::new().bg(Color::Rgb(60, 60, 60)),
            Role::Status => Style::new().bg(Color::Rgb(30, 30, 46)).fg(Color::White),
            Role::Key => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Role::Warning => Style::new().fg(Color::LightRed),
            Role::Good => Style::new().fg(Color::LightGreen),
        })
    }

    /// For light terminals.
    pub fn light() -> Palette {
        Palette::from_fn("light", |role| match role {
            Role::Text | Role::Border => Style::new(),
            Role::Dim => Style::new().fg(Color::Gray),
            Role::Added => Style::new().fg(Color::Rgb(0, 110, 0)),
            Role::Removed => Style::new().fg(Color::Rgb(170, 0, 0)),
            Role::Adapted => Style::new().fg(Color::Rgb(150, 90, 0)),
            Role::Matched => Style::new().bg(Color::Rgb(215, 225, 250)),
            Role::Header => Style::new()
                .fg(Color::Rgb(0, 60, 140))
                .add_modifier(Modifier::BOLD),
            Role::Selected => Style::new().bg(Color::Rgb(220, 220, 220)),
            Role::Status => Style::new().bg(Color::Rgb(230, 230, 240)).fg(Color::Black),
            Role::Key => Style::new()
                .fg(Color::Rgb(0, 60, 140))
                .add_modifier(Modifier::BOLD),
            Role::Warning => Style::new().fg(Color::Rgb(170, 0, 0)),
            Role::Good => Style::new().fg(Color::Rgb(0, 110, 0)),
        })
    }

    /// Strong colours and modifiers only, for low vision.
    pub fn high_contrast() -> Palette {
        Palette::from_fn("high-contrast", |role| match role {
            Role::Text | Role::Border => Style::new().fg(Color::White),
            Role::Dim => Style::new().fg(Color::White),
            Role::Added => Style::new()
                .fg(Color::LightGreen)
                .add_modifier(Modifier::BOLD),
            Role::Removed => Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD | Modifier::CROSSED_OUT),
            Role::Adapted => Style::new()
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Role::Matched => Style::new().add_modifier(Modifier::REVERSED),
            Role::Header => Style::new()
                .fg(Color::White)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Role::Selected => Style::new().add_modifier(Modifier::REVERSED),
            Role::Status => Style::new().bg(Color::White).fg(Color::Black),
            Role::Key => Style::new()
                .fg(Color::LightCyan)
                .add_modifier(Modifier::BOLD),
            Role::Warning => Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            Role::Good => Style::new()
                .fg(Color::LightGreen)
                .add_modifier(Modifier::BOLD),
        })
    }

    /// The built-in theme named `name`.
    pub fn builtin(name: &str) -> Option<Palette> {
        match name {
            "dark" => Some(Palette::dark()),
            "light" => Some(Palette::light()),
            "high-contrast" => Some(Palette::high_contrast()),
            _ => None,
        }
    }

    /// The same theme with every colour dropped (modifiers kept), for
    /// `NO_COLOR`.
    pub fn without_color(&self) -> Palette {
        Palette {
            name: self.name.clone(),
            styles: self
                .styles
                .iter()
                .map(|(role, s)| {
                    let mut plain = Style::new().add_modifier(s.add_modifier);
                    if matches!(role, Role::Selected | Role::Status | Role::Matched) {
                        plain = plain.add_modifier(Modifier::REVERSED);
                    }
                    (*role, plain)
                })
                .collect(),
        }
    }

    fn from_fn(name: &str, f: impl Fn(Role) -> Style) -> Palette {
        Palette {
            name: name.to_string(),
            styles: ROLES.iter().map(|&r| (r, f(r))).collect(),
        }
    }

    /// The style for `role`.
    pub fn style(&self, role: Role) -> Style {
        self.styles
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, s)| *s)
            .unwrap_or_default()
    }
}

impl Default for Palette {
    fn default() -> Palette {
        Palette::dark()
    }
}

/// Whether the user asked for no colour (`NO_COLOR` set and not empty).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}
