//! Themes: the semantic styles the TUI draws with, read from TOML.
//!
//! Widgets never name a colour; they ask the theme for a [`Role`] (added
//! line, cursor, status key…) and get a ratatui [`Style`]. A theme file gives
//! a `[palette]` of named colours, one `[styles.<role>]` table per role, and
//! the syntect theme used for code colours. Three themes are compiled into
//! the binary (`dark`, the default, `light`, and `high-contrast` for
//! projectors); users add their own as files in their theme directory, and a
//! file may `inherits = "<theme>"` to change only a few roles.
//!
//! A theme that inherits nothing must style every role. The rejected
//! alternative was to fill missing roles from `normal`: a forgotten role would
//! then silently look like plain text (an undecided hunk like an accepted
//! one), which is worse than an error naming the role.
//!
//! `NO_COLOR` (<https://no-color.org>) is honoured by [`Theme::without_color`],
//! which keeps the modifiers so the roles that matter stay apart.

use std::collections::{BTreeMap, HashMap};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// The names of the themes compiled into the binary; the first is the default.
pub const BUILTIN: &[&str] = &["dark", "light", "high-contrast"];

/// The syntect themes `ThemeSet::load_defaults()` provides, which a theme's
/// `syntax` key may name (a test keeps this list equal to syntect's).
pub const SYNTAX_THEMES: &[&str] = &[
    "InspiredGitHub",
    "Solarized (dark)",
    "Solarized (light)",
    "base16-eighties.dark",
    "base16-mocha.dark",
    "base16-ocean.dark",
    "base16-ocean.light",
];

/// The source of each built-in theme, in the order of [`BUILTIN`].
const BUILTIN_SOURCES: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

/// How deep `inherits` may chain before it is taken for a cycle.
const MAX_INHERITS: usize = 8;

/// A semantic style the TUI draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Ordinary text, and the background of every pane.
    Normal,
    /// Text that matters less (hints, counts, paths).
    Dim,
    /// Pane and popup titles.
    Title,
    /// Borders of panes that do not have focus.
    Border,
    /// The border of the pane that has focus.
    BorderFocused,
    /// Line numbers in the gutter.
    LineNumber,
    /// Context lines of a hunk.
    Context,
    /// Lines a hunk adds.
    Added,
    /// Lines a hunk removes.
    Removed,
    /// Lines that placement changed to fit the old code (re-indented, renamed).
    Adapted,
    /// Evidence lines that made placement choose a spot (explain view).
    Matched,
    /// The item under the cursor.
    Cursor,
    /// Marked or selected items.
    Selected,
    /// The status bar.
    StatusBar,
    /// Key names in the status bar.
    StatusKey,
    /// A hunk the user accepted.
    Accepted,
    /// A hunk the user skipped.
    Skipped,
    /// A hunk the user edited by hand.
    Edited,
    /// A hunk not decided yet.
    Undecided,
    /// A hunk whose change the old code already has.
    AlreadyApplied,
    /// A hunk that has no place in the old code.
    NotApplicable,
    /// Warnings (low confidence, fuzzy placement).
    Warning,
    /// Errors.
    Error,
    /// Key names in the help overlay.
    HelpKey,
    /// Descriptions in the help overlay.
    HelpText,
}

impl Role {
    /// Every role, in the order theme files list them.
    pub const ALL: &'static [Role] = &[
        Role::Normal,
        Role::Dim,
        Role::Title,
        Role::Border,
        Role::BorderFocused,
        Role::LineNumber,
        Role::Context,
        Role::Added,
        Role::Removed,
        Role::Adapted,
        Role::Matched,
        Role::Cursor,
        Role::Selected,
        Role::StatusBar,
        Role::StatusKey,
        Role::Accepted,
        Role::Skipped,
        Role::Edited,
        Role::Undecided,
        Role::AlreadyApplied,
        Role::NotApplicable,
        Role::Warning,
        Role::Error,
        Role::HelpKey,
        Role::HelpText,
    ];

    /// The role's key in theme files (`[styles.<name>]`), kebab-case.
    pub fn name(self) -> &'static str {
        match self {
            Role::Normal => "normal",
            Role::Dim => "dim",
            Role::Title => "title",
            Role::Border => "border",
            Role::BorderFocused => "border-focused",
            Role::LineNumber => "line-number",
            Role::Context => "context",
            Role::Added => "added",
            Role::Removed => "removed",
            Role::Adapted => "adapted",
            Role::Matched => "matched",
            Role::Cursor => "cursor",
            Role::Selected => "selected",
            Role::StatusBar => "status-bar",
            Role::StatusKey => "status-key",
            Role::Accepted => "accepted",
            Role::Skipped => "skipped",
            Role::Edited => "edited",
            Role::Undecided => "undecided",
            Role::AlreadyApplied => "already-applied",
            Role::NotApplicable => "not-applicable",
            Role::Warning => "warning",
            Role::Error => "error",
            Role::HelpKey => "help-key",
            Role::HelpText => "help-text",
        }
    }

    /// The role a theme-file key names.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.name() == name)
    }
}

/// Why a theme could not be loaded; each says which file and key.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// The theme file could not be read.
    #[error("{file}: cannot read theme: {source}")]
    Read {
        /// The file.
        file: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not TOML of the theme shape (syntax, unknown or mistyped key).
    #[error("{file}: {message}")]
    Format {
        /// The file.
        file: String,
        /// The TOML reader's message, with line and column.
        message: String,
    },
    /// A key has a value the theme cannot use.
    #[error("{file}: `{key}`: {problem}")]
    Invalid {
        /// The file.
        file: String,
        /// The dotted key, e.g. `styles.added.fg`.
        key: String,
        /// What is wrong with it.
        problem: String,
    },
    /// Roles with no style in a theme that inherits nothing.
    #[error("{file}: no style for {roles}; add a [styles.<role>] table for each, or `inherits = \"dark\"`")]
    Missing {
        /// The file.
        file: String,
        /// The missing roles' keys, comma-separated.
        roles: String,
    },
    /// No theme file and no built-in has that name.
    #[error("no theme `{name}`; available: {available}")]
    NotFound {
        /// The name asked for.
        name: String,
        /// The built-in and user themes that exist, comma-separated.
        available: String,
    },
    /// `inherits` chains too deep, which means it loops.
    #[error("{file}: `inherits` chain is longer than {MAX_INHERITS}; does it loop?")]
    InheritLoop {
        /// The file where the chain gave up.
        file: String,
    },
}

/// A theme: a style per role, the syntect theme for code, and whether colour is on.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    name: String,
    styles: HashMap<Role, Style>,
    syntax: String,
    palette: BTreeMap<String, Color>,
    color: bool,
}

/// A theme file as written; validated into a [`Theme`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: Option<String>,
    inherits: Option<String>,
    syntax: Option<String>,
    #[serde(default)]
    palette: BTreeMap<String, String>,
    #[serde(default)]
    styles: BTreeMap<String, StyleFile>,
}

/// One `[styles.<role>]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleFile {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    modifiers: Vec<String>,
}

/// Where to look for a theme by name: the user's directory, then built-ins.
struct Lookup<'a> {
    user_dir: Option<&'a Path>,
}

impl Theme {
    /// The built-in theme of that name, if there is one.
    pub fn builtin(name: &str) -> Option<Theme> {
        let (_, source) = BUILTIN_SOURCES.iter().find(|(n, _)| *n == name)?;
        let lookup = Lookup { user_dir: None };
        Theme::parse(source, &format!("<built-in {name}>"), name, &lookup, 0).ok()
    }

    /// Loads a theme from a `.toml` path, else `<user_dir>/<name>.toml`,
    /// else a built-in; the error lists the themes that exist.
    pub fn load(name_or_path: &str, user_dir: Option<&Path>) -> Result<Theme, ThemeError> {
        let lookup = Lookup { user_dir };
        let as_path = Path::new(name_or_path);
        if name_or_path.ends_with(".toml") || name_or_path.contains(std::path::MAIN_SEPARATOR) {
            return lookup.file(as_path, 0);
        }
        lookup.by_name(name_or_path, false, 0)
    }

    /// Parses theme TOML; `file` names it in errors and `stem` is its default name.
    pub fn from_toml(text: &str, file: &str, user_dir: Option<&Path>) -> Result<Theme, ThemeError> {
        let stem = Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Theme::parse(text, file, &stem, &Lookup { user_dir }, 0)
    }

    fn parse(
        text: &str,
        file: &str,
        stem: &str,
        lookup: &Lookup<'_>,
        depth: usize,
    ) -> Result<Theme, ThemeError> {
        let raw: ThemeFile = toml::from_str(text).map_err(|e| ThemeError::Format {
            file: file.to_owned(),
            message: e.to_string().trim_end().to_owned(),
        })?;
        let invalid = |key: String, problem: String| ThemeError::Invalid {
            file: file.to_owned(),
            key,
            problem,
        };
        let mut theme = match &raw.inherits {
            Some(parent) => {
                if depth >= MAX_INHERITS {
                    return Err(ThemeError::InheritLoop {
                        file: file.to_owned(),
                    });
                }
                // A user file named like its parent (`dark.toml` inheriting
                // `dark`) means the built-in, not itself.
                let skip_user = parent == stem;
                lookup
                    .by_name(parent, skip_user, depth + 1)
                    .map_err(|e| match e {
                        ThemeError::NotFound { available, .. } => invalid(
                            "inherits".into(),
                            format!("no theme `{parent}`; available: {available}"),
                        ),
                        other => other,
                    })?
            }
            None => Theme {
                name: String::new(),
                styles: HashMap::new(),
                syntax: String::new(),
                palette: BTreeMap::new(),
                color: true,
            },
        };
        theme.name = raw.name.clone().unwrap_or_else(|| stem.to_owned());
        match raw.syntax {
            Some(syntax) if SYNTAX_THEMES.contains(&syntax.as_str()) => theme.syntax = syntax,
            Some(syntax) => {
                return Err(invalid(
                    "syntax".into(),
                    format!(
                        "unknown syntect theme `{syntax}`; one of: {}",
                        SYNTAX_THEMES.join(", ")
                    ),
                ))
            }
            None if raw.inherits.is_none() => {
                return Err(invalid(
                    "syntax".into(),
                    format!("missing; one of: {}", SYNTAX_THEMES.join(", ")),
                ))
            }
            None => {}
        }
        for (name, value) in &raw.palette {
            let colour = parse_colour(value)
                .ok_or_else(|| invalid(format!("palette.{name}"), bad_colour(value)))?;
            theme.palette.insert(name.clone(), colour);
        }
        for (key, style) in &raw.styles {
            let role = Role::from_name(key).ok_or_else(|| {
                let known: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                invalid(
                    format!("styles.{key}"),
                    format!("unknown role; roles are: {}", known.join(", ")),
                )
            })?;
            let mut out = Style::default();
            for (field, value) in [("fg", &style.fg), ("bg", &style.bg)] {
                let Some(value) = value else { continue };
                let colour = theme
                    .palette
                    .get(value)
                    .copied()
                    .or_else(|| parse_colour(value))
                    .ok_or_else(|| {
                        invalid(
                            format!("styles.{key}.{field}"),
                            format!(
                                "`{value}` is neither in [palette] nor a colour ({COLOUR_FORMS})"
                            ),
                        )
                    })?;
                out = if field == "fg" {
                    out.fg(colour)
                } else {
                    out.bg(colour)
                };
            }
            for m in &style.modifiers {
                let modifier = parse_modifier(m).ok_or_else(|| {
                    invalid(
                        format!("styles.{key}.modifiers"),
                        format!(
                            "unknown modifier `{m}`; one of: {}",
                            MODIFIER_NAMES.join(", ")
                        ),
                    )
                })?;
                out = out.add_modifier(modifier);
            }
            theme.styles.insert(role, out);
        }
        let missing: Vec<&str> = Role::ALL
            .iter()
            .filter(|r| !theme.styles.contains_key(r))
            .map(|r| r.name())
            .collect();
        if !missing.is_empty() {
            return Err(ThemeError::Missing {
                file: file.to_owned(),
                roles: missing.join(", "),
            });
        }
        Ok(theme)
    }

    /// The style for a role.
    pub fn style(&self, role: Role) -> Style {
        self.styles.get(&role).copied().unwrap_or_default()
    }

    /// The theme's name (its `name` key, else its file name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name of the syntect theme that colours code.
    pub fn syntax_theme(&self) -> &str {
        &self.syntax
    }

    /// Whether colours are on; false after [`Theme::without_color`], which
    /// also turns syntax colours off.
    pub fn has_color(&self) -> bool {
        self.color
    }

    /// The same theme for `NO_COLOR`: every colour dropped, modifiers kept,
    /// and the roles told apart by colour alone given modifiers of their own.
    ///
    /// Added is bold, removed dim and crossed out, adapted italic and
    /// underlined, matched underlined, the cursor reversed and bold, a
    /// selection reversed; these replace whatever the theme gave them so no
    /// two look alike.
    pub fn without_color(mut self) -> Theme {
        for style in self.styles.values_mut() {
            style.fg = None;
            style.bg = None;
            style.underline_color = None;
        }
        let forced = [
            (Role::Added, Modifier::BOLD),
            (Role::Removed, Modifier::DIM | Modifier::CROSSED_OUT),
            (Role::Adapted, Modifier::ITALIC | Modifier::UNDERLINED),
            (Role::Matched, Modifier::UNDERLINED),
            (Role::Cursor, Modifier::REVERSED | Modifier::BOLD),
            (Role::Selected, Modifier::REVERSED),
        ];
        for (role, modifier) in forced {
            self.styles
                .insert(role, Style::default().add_modifier(modifier));
        }
        self.palette.clear();
        self.color = false;
        self
    }
}

impl Default for Theme {
    /// The `dark` built-in.
    fn default() -> Theme {
        Theme::builtin(BUILTIN[0]).unwrap_or_else(|| Theme {
            name: BUILTIN[0].to_owned(),
            styles: Role::ALL.iter().map(|r| (*r, Style::default())).collect(),
            syntax: "base16-ocean.dark".to_owned(),
            palette: BTreeMap::new(),
            color: true,
        })
    }
}

impl Lookup<'_> {
    /// A theme by name: `<user_dir>/<name>.toml` (unless `skip_user`), else a built-in.
    fn by_name(&self, name: &str, skip_user: bool, depth: usize) -> Result<Theme, ThemeError> {
        if let (Some(dir), false) = (self.user_dir, skip_user) {
            let path = dir.join(format!("{name}.toml"));
            if path.is_file() {
                return self.file(&path, depth);
            }
        }
        if let Some((_, source)) = BUILTIN_SOURCES.iter().find(|(n, _)| *n == name) {
            return Theme::parse(source, &format!("<built-in {name}>"), name, self, depth);
        }
        Err(ThemeError::NotFound {
            name: name.to_owned(),
            available: self.available().join(", "),
        })
    }

    /// A theme file at a path.
    fn file(&self, path: &Path, depth: usize) -> Result<Theme, ThemeError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ThemeError::Read {
            file: file.clone(),
            source,
        })?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Theme::parse(&text, &file, &stem, self, depth)
    }

    /// Built-in names, then the user's `*.toml` stems.
    fn available(&self) -> Vec<String> {
        let mut names: Vec<String> = BUILTIN.iter().map(|s| (*s).to_owned()).collect();
        if let Some(dir) = self.user_dir {
            let mut user: Vec<String> = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .filter(|n| !names.contains(n))
                .collect();
            user.sort();
            names.extend(user);
        }
        names
    }
}

/// Whether `NO_COLOR` asks for no colour (set and not empty, per no-color.org).
pub fn no_color_requested() -> bool {
    no_color_from(std::env::var_os("NO_COLOR").as_deref())
}

/// The `NO_COLOR` rule on a given value, so tests need not touch the environment.
pub fn no_color_from(value: Option<&OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// The user's theme directory: `$XDG_CONFIG_HOME/ferry/themes`, else
/// `~/.config/ferry/themes`.
pub fn user_theme_dir() -> Option<PathBuf> {
    user_theme_dir_from(
        std::env::var_os("XDG_CONFIG_HOME"),
        std::env::var_os("HOME"),
    )
}

/// [`user_theme_dir`] on given values; an empty or relative
/// `XDG_CONFIG_HOME` is ignored, as the XDG spec says.
pub fn user_theme_dir_from(xdg: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    let base = match xdg.map(PathBuf::from).filter(|p| p.is_absolute()) {
        Some(dir) => dir,
        None => PathBuf::from(home.filter(|h| !h.is_empty())?).join(".config"),
    };
    Some(base.join("ferry").join("themes"))
}

/// Modifier names theme files may use.
const MODIFIER_NAMES: &[&str] = &[
    "bold",
    "dim",
    "italic",
    "underlined",
    "reversed",
    "crossed-out",
];

fn parse_modifier(name: &str) -> Option<Modifier> {
    Some(match name {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" => Modifier::UNDERLINED,
        "reversed" => Modifier::REVERSED,
        "crossed-out" => Modifier::CROSSED_OUT,
        _ => return None,
    })
}

/// The colour forms theme files may use, for error messages.
const COLOUR_FORMS: &str = "\"#rrggbb\", an index \"0\"-\"255\", \"reset\", or a name such as \"red\", \"light-blue\", \"dark-gray\"";

fn bad_colour(value: &str) -> String {
    format!("`{value}` is not a colour ({COLOUR_FORMS})")
}

/// A literal colour: `#rrggbb`, an index `0`-`255`, or an ANSI name.
pub fn parse_colour(value: &str) -> Option<Color> {
    if let Some(hex) = value.strip_prefix('#') {
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let n = u32::from_str_radix(hex, 16).ok()?;
        let [_, r, g, b] = n.to_be_bytes();
        return Some(Color::Rgb(r, g, b));
    }
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u8>().ok().map(Color::Indexed);
    }
    Some(match value {
        "reset" | "default" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "dark-gray" | "dark-grey" => Color::DarkGray,
        "light-red" => Color::LightRed,
        "light-green" => Color::LightGreen,
        "light-yellow" => Color::LightYellow,
        "light-blue" => Color::LightBlue,
        "light-magenta" => Color::LightMagenta,
        "light-cyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip_and_are_unique() {
        for role in Role::ALL {
            assert_eq!(Role::from_name(role.name()), Some(*role));
        }
        let mut names: Vec<_> = Role::ALL.iter().map(|r| r.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Role::ALL.len());
    }

    #[test]
    fn colours_parse() {
        assert_eq!(parse_colour("#ff8000"), Some(Color::Rgb(255, 128, 0)));
        assert_eq!(parse_colour("245"), Some(Color::Indexed(245)));
        assert_eq!(parse_colour("light-blue"), Some(Color::LightBlue));
        assert_eq!(parse_colour("256"), None);
        assert_eq!(parse_colour("#ff80"), None);
        assert_eq!(parse_colour("#gg8000"), None);
        assert_eq!(parse_colour("purple"), None);
        assert_eq!(parse_colour(""), None);
    }

    #[test]
    fn no_color_is_set_and_non_empty() {
        assert!(!no_color_from(None));
        assert!(!no_color_from(Some(OsStr::new(""))));
        assert!(no_color_from(Some(OsStr::new("1"))));
        assert!(no_color_from(Some(OsStr::new("0"))));
    }

    #[test]
    fn user_dir_prefers_absolute_xdg() {
        assert_eq!(
            user_theme_dir_from(Some("/x".into()), Some("/home/u".into())),
            Some(PathBuf::from("/x/ferry/themes"))
        );
        assert_eq!(
            user_theme_dir_from(Some("rel".into()), Some("/home/u".into())),
            Some(PathBuf::from("/home/u/.config/ferry/themes"))
        );
        assert_eq!(user_theme_dir_from(None, None), None);
    }

    #[test]
    fn syntax_theme_list_matches_syntect() {
        let set = syntect::highlighting::ThemeSet::load_defaults();
        let mut names: Vec<&str> = set.themes.keys().map(String::as_str).collect();
        names.sort_unstable();
        let mut ours = SYNTAX_THEMES.to_vec();
        ours.sort_unstable();
        assert_eq!(names, ours);
    }
}
