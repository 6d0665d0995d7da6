//! The interactive view as `ferry pick` and `ferry demo` start it: the
//! config file, `--theme`, `--no-mouse`, `NO_COLOR` and the editor git would
//! open, put together into a [`Tui`].

use std::io::IsTerminal;

use anyhow::Result;
use ferry::error::Failure;
use ferry::git::Repo;
use ferry::ui::config::{config_path, Config};
use ferry::ui::theme::{no_color_requested, user_theme_dir, Theme};
use ferry::ui::{Tui, TuiOptions};

use crate::cli::TuiOpts;

/// The TUI for `repo`, or an error a person can act on (no terminal, a bad
/// config file, an unknown theme).
pub fn tui(opts: &TuiOpts, repo: &Repo) -> Result<Tui> {
    let mut options = options(opts)?;
    options.editor = repo.editor();
    Ok(Tui::new(options))
}

/// The view's options without a repository (no editor): for `ferry replay`.
pub fn options(opts: &TuiOpts) -> Result<TuiOptions> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Failure::usage(
            "the interactive view needs a terminal",
            "run ferry in a terminal, or use --auto",
        )
        .into());
    }
    let path = config_path();
    let config = match &path {
        Some(p) => Config::load(p)
            .map_err(|e| Failure::usage(e.to_string(), "fix or remove the config file"))?,
        None => Config::default(),
    };
    let keys = match &path {
        Some(p) => config
            .key_map(p)
            .map_err(|e| Failure::usage(e.to_string(), "see docs/keys.md"))?,
        None => Default::default(),
    };
    let name = opts.theme.clone().or(config.theme.clone());
    let mut theme = match name {
        Some(name) => Theme::load(&name, user_theme_dir().as_deref()).map_err(|e| {
            Failure::usage(
                e.to_string(),
                "name a built-in theme (dark, light, high-contrast) or a .toml file",
            )
        })?,
        None => Theme::default(),
    };
    if no_color_requested() {
        theme = theme.without_color();
    }
    Ok(TuiOptions {
        theme,
        keys,
        mouse: !opts.no_mouse && config.mouse.unwrap_or(true),
        editor: None,
        tour: Vec::new(),
        record: None,
    })
}
