//! The TUI's config file: theme, mouse, and key overrides.
//!
//! ```toml
//! theme = "light"          # a built-in name or a path to a theme file
//! mouse = false
//! [keys]
//! accept = ["y", "ctrl-a"]
//! ```
//!
//! Found at `$FERRY_CONFIG`, else `$XDG_CONFIG_HOME/ferry/config.toml`,
//! else `~/.config/ferry/config.toml`. A missing file is no error; a broken
//! one is, naming the file and the key, so a typo never goes unnoticed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::keys::{KeyError, KeyMap};

/// What the config file says (every field optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// A built-in theme name or a theme file's path.
    pub theme: Option<String>,
    /// Whether the mouse scrolls and clicks (default on).
    pub mouse: Option<bool>,
    /// Action name → keys, replacing the defaults of that action.
    #[serde(default)]
    pub keys: BTreeMap<String, Vec<String>>,
}

/// A config file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown settings.
    #[error("{}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// What the TOML reader says (with the line).
        message: String,
    },
    /// A `[keys]` entry is wrong.
    #[error("{}: {source}", path.display())]
    Keys {
        /// The file.
        path: PathBuf,
        /// Which key and why.
        source: KeyError,
    },
}

/// Where the config file is looked for.
pub fn config_path() -> Option<PathBuf> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(p) = var("FERRY_CONFIG") {
        return Some(PathBuf::from(p));
    }
    if let Some(x) = var("XDG_CONFIG_HOME") {
        return Some(PathBuf::from(x).join("ferry").join("config.toml"));
    }
    var("HOME").map(|h| {
        PathBuf::from(h)
            .join(".config")
            .join("ferry")
            .join("config.toml")
    })
}

impl Config {
    /// Reads the config at `path`; a missing file is the empty config.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Reads config text; `path` is only for messages.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        config.key_map(path)?;
        Ok(config)
    }

    /// The key table with this config's overrides.
    pub fn key_map(&self, path: &Path) -> Result<KeyMap, ConfigError> {
        KeyMap::with_overrides(&self.keys).map_err(|source| ConfigError::Keys {
            path: path.to_path_buf(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::ui::keys::{Action, Context, Key};

    #[test]
    fn reads_theme_mouse_and_keys() {
        let c = Config::parse(
            Path::new("c.toml"),
            "theme = \"light\"\nmouse = false\n[keys]\naccept = [\"a\", \"ctrl-a\"]\n",
        )
        .unwrap();
        assert_eq!(c.theme.as_deref(), Some("light"));
        assert_eq!(c.mouse, Some(false));
        let map = c.key_map(Path::new("c.toml")).unwrap();
        assert_eq!(
            map.action(Key::parse("a").unwrap(), &[Context::Review]),
            Some(Action::Accept)
        );
    }

    #[test]
    fn errors_name_the_file_and_the_key() {
        let e = Config::parse(Path::new("/x/config.toml"), "[keys]\nacept = [\"y\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("/x/config.toml: "), "{e}");
        assert!(e.contains("acept"), "{e}");
        let e = Config::parse(Path::new("/x/config.toml"), "colour = 1\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("/x/config.toml") && e.contains("colour"), "{e}");
        let missing = Config::load(Path::new("/nonexistent/ferry/config.toml")).unwrap();
        assert_eq!(missing, Config::default());
    }
}
