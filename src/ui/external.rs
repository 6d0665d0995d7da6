//! Editing the adapted hunk in the user's own editor: the lines go to a
//! temporary file named like the legacy file (so the editor picks the
//! language), the editor runs on it as git runs editors, and the file is read
//! back. Suspending and restoring the terminal is the event loop's part.

use std::io::Write;
use std::path::Path;

use crate::git::editor_command;
use crate::text::Text;

/// Running the editor failed.
#[derive(Debug, thiserror::Error)]
pub enum ExternalError {
    /// No editor is configured and the terminal is dumb.
    #[error("no editor: set GIT_EDITOR, core.editor, VISUAL or EDITOR")]
    NoEditor,
    /// The temporary file could not be written or read.
    #[error("editing in a temporary file: {0}")]
    Io(#[from] std::io::Error),
    /// The editor exited with an error.
    #[error("the editor '{editor}' exited with {status}; the hunk is unchanged")]
    Failed {
        /// The editor command.
        editor: String,
        /// How it exited.
        status: std::process::ExitStatus,
    },
}

/// Opens `lines` in `editor` and returns the lines as the person left them.
/// `like` is the legacy file's path, for the temporary file's extension.
pub fn edit_lines(
    editor: Option<&str>,
    lines: &[Vec<u8>],
    like: &[u8],
) -> Result<Vec<Vec<u8>>, ExternalError> {
    let editor = editor.ok_or(ExternalError::NoEditor)?;
    let name = String::from_utf8_lossy(like);
    let ext = Path::new(name.as_ref())
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let mut file = tempfile::Builder::new()
        .prefix("ferry-hunk-")
        .suffix(&ext)
        .tempfile()?;
    let text = Text {
        lines: lines.to_vec(),
        final_newline: true,
    };
    file.write_all(&text.to_bytes())?;
    file.flush()?;
    let status = editor_command(editor, file.path()).status()?;
    if !status.success() {
        return Err(ExternalError::Failed {
            editor: editor.to_string(),
            status,
        });
    }
    let bytes = std::fs::read(file.path())?;
    Ok(Text::parse(&bytes).lines)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_editors_changes_come_back_as_lines() {
        let lines = vec![b"    one();".to_vec(), b"caf\xe9".to_vec()];
        // A scripted "editor": replace one with two.
        let out = edit_lines(Some("sed -i s/one/two/"), &lines, b"src/x.rs").unwrap();
        assert_eq!(out, vec![b"    two();".to_vec(), b"caf\xe9".to_vec()]);
        let err = edit_lines(Some("false"), &lines, b"x").unwrap_err();
        assert!(err.to_string().contains("'false' exited"), "{err}");
        assert!(matches!(
            edit_lines(None, &lines, b"x"),
            Err(ExternalError::NoEditor)
        ));
    }
}
