//! Which editor git would open, and running it the way git does.
//!
//! git's order (`git var GIT_EDITOR`): `$GIT_EDITOR`, then `core.editor`,
//! then `$VISUAL` unless the terminal is dumb, then `$EDITOR`, then `vi`
//! (none at all on a dumb terminal). The editor is a shell command line
//! (`code --wait`, `emacs -nw`), so it runs as `sh -c '<editor> "$@"'` with
//! the file as its argument, as git runs it.

use std::path::Path;
use std::process::Command;

use super::Repo;

/// What the editor choice is made from, so it can be tested without touching
/// the environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditorSources {
    /// `$GIT_EDITOR`.
    pub git_editor: Option<String>,
    /// `core.editor`.
    pub core_editor: Option<String>,
    /// `$VISUAL`.
    pub visual: Option<String>,
    /// `$EDITOR`.
    pub editor: Option<String>,
    /// `$TERM`.
    pub term: Option<String>,
}

impl EditorSources {
    /// The editor git would choose; `None` on a dumb terminal with no editor set.
    pub fn choose(&self) -> Option<String> {
        let set = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
        let dumb = self.term.as_deref().is_none_or(|t| t == "dumb");
        set(&self.git_editor)
            .or_else(|| set(&self.core_editor))
            .or_else(|| if dumb { None } else { set(&self.visual) })
            .or_else(|| set(&self.editor))
            .or_else(|| (!dumb).then(|| "vi".to_string()))
    }

    /// The environment's part, with `core_editor` from a config.
    pub fn from_env(core_editor: Option<String>) -> EditorSources {
        let var = |n| std::env::var(n).ok();
        EditorSources {
            git_editor: var("GIT_EDITOR"),
            core_editor,
            visual: var("VISUAL"),
            editor: var("EDITOR"),
            term: var("TERM"),
        }
    }
}

impl Repo {
    /// The editor git would open in this repository.
    pub fn editor(&self) -> Option<String> {
        let core = self
            .raw
            .config()
            .ok()
            .and_then(|c| c.get_string("core.editor").ok());
        EditorSources::from_env(core).choose()
    }
}

/// The command that opens `file` in `editor` (a shell command line).
pub fn editor_command(editor: &str, file: &Path) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(editor)
        .arg(file);
    cmd
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn follows_gits_order() {
        let all = EditorSources {
            git_editor: s("ge"),
            core_editor: s("ce"),
            visual: s("vis"),
            editor: s("ed"),
            term: s("xterm"),
        };
        assert_eq!(all.choose(), s("ge"));
        let no_git = EditorSources {
            git_editor: None,
            ..all.clone()
        };
        assert_eq!(no_git.choose(), s("ce"));
        let no_core = EditorSources {
            core_editor: None,
            ..no_git.clone()
        };
        assert_eq!(no_core.choose(), s("vis"));
        let dumb = EditorSources {
            term: s("dumb"),
            ..no_core.clone()
        };
        assert_eq!(
            dumb.choose(),
            s("ed"),
            "VISUAL is not used on a dumb terminal"
        );
        let nothing = EditorSources {
            term: s("xterm"),
            ..EditorSources::default()
        };
        assert_eq!(nothing.choose(), s("vi"));
        assert_eq!(EditorSources::default().choose(), None);
    }

    #[test]
    fn runs_the_editor_through_the_shell_with_the_file_as_argument() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("it's a file.txt");
        std::fs::write(&file, "x\n").unwrap();
        let status = editor_command("printf 'y\\n' >>", &file).status().unwrap();
        assert!(status.success());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "x\ny\n");
    }
}
