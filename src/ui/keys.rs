//! The key table: every action, its default keys, what it does, and whether
//! the status line hints at it. The help overlay, the status-line hints and
//! `docs/keys.md` all come from this one table, and a config file's `[keys]`
//! section overrides it per action.
//!
//! Defaults follow `git add -p` (`y`, `n`, `e`, `q`, `?`) and vim (`j`, `k`,
//! `g`, `G`). Keys written in a match over key events were rejected: help and
//! hints would drift from what the keys do.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Something a key can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Take the shown place for this hunk.
    Accept,
    /// Leave this hunk out.
    Skip,
    /// Edit the adapted hunk inline.
    Edit,
    /// Edit the adapted hunk in your editor.
    EditExternal,
    /// Put the hunk where you move a cursor.
    Place,
    /// Show the next candidate place.
    NextCandidate,
    /// Show the previous candidate place.
    PrevCandidate,
    /// Undo the last decision.
    Undo,
    /// Redo the last undone decision.
    Redo,
    /// Go to the next hunk.
    NextHunk,
    /// Go to the previous hunk.
    PrevHunk,
    /// Go to the next undecided hunk.
    NextUndecided,
    /// Scroll down (or move the cursor).
    Down,
    /// Scroll up (or move the cursor).
    Up,
    /// Scroll down a page.
    PageDown,
    /// Scroll up a page.
    PageUp,
    /// Go to the top.
    Top,
    /// Go to the bottom.
    Bottom,
    /// Switch which pane scrolls.
    SwitchPane,
    /// Show or hide the hunk list.
    ToggleList,
    /// Why this place: the explain view.
    Explain,
    /// This help.
    Help,
    /// Commit the decisions.
    Commit,
    /// Accept every undecided hunk that has a place.
    AcceptRemaining,
    /// Quit, keeping the decisions.
    Quit,
    /// Confirm (a placement, a message, a dialog).
    Confirm,
    /// Cancel, close.
    Cancel,
    /// In an editor: keep the text and close.
    EditorSave,
    /// In an editor: undo.
    EditorUndo,
    /// In an editor: redo.
    EditorRedo,
    /// Reviewing a backport: mark the pair fine.
    Fine,
    /// Reviewing a backport: mark the pair questionable.
    Questionable,
    /// Reviewing a backport: write a note on the pair.
    WriteNote,
    /// The missing-commits list: port the selected commit.
    Start,
    /// The missing-commits list: switch between the commits and the
    /// selected commit's prerequisites.
    SwitchList,
}

/// Where an action works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Reviewing hunks (also scrolling in views and placing).
    Review,
    /// Dialogs: placing by hand, explain, help, messages.
    Dialog,
    /// The inline editors.
    Editor,
    /// `ferry review`'s view of a backport (it also scrolls, moves between
    /// pairs, helps and quits with the Review keys).
    Verdict,
    /// `ferry missing`'s list of commits (it also moves, helps and quits
    /// with the Review keys; it has no dialogs, so Enter is free).
    Missing,
}

/// One row of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The action.
    pub action: Action,
    /// The name in config files (`[keys] accept = ["y"]`).
    pub name: &'static str,
    /// Where it works.
    pub context: Context,
    /// Default keys, in config syntax.
    pub keys: &'static [&'static str],
    /// What it does, for the help overlay.
    pub help: &'static str,
    /// The word on the status line, when it is hinted there.
    pub hint: Option<&'static str>,
}

macro_rules! entry {
    ($action:ident, $name:literal, $ctx:ident, [$($key:literal),*], $help:literal, $hint:expr) => {
        Entry {
            action: Action::$action,
            name: $name,
            context: Context::$ctx,
            keys: &[$($key),*],
            help: $help,
            hint: $hint,
        }
    };
}

/// The default key table, in the order help lists it.
pub const TABLE: &[Entry] = &[
    entry!(
        Accept,
        "accept",
        Review,
        ["y"],
        "accept the shown place",
        Some("accept")
    ),
    entry!(Skip, "skip", Review, ["n"], "skip this hunk", Some("skip")),
    entry!(
        Edit,
        "edit",
        Review,
        ["e"],
        "edit the adapted hunk inline",
        Some("edit")
    ),
    entry!(
        EditExternal,
        "edit-external",
        Review,
        ["E"],
        "edit the adapted hunk in your editor",
        None
    ),
    entry!(
        Place,
        "place",
        Review,
        ["p"],
        "place the hunk by hand with a cursor",
        Some("place")
    ),
    entry!(
        NextCandidate,
        "next-candidate",
        Review,
        ["tab"],
        "show the next candidate place",
        Some("next place")
    ),
    entry!(
        PrevCandidate,
        "prev-candidate",
        Review,
        ["backtab"],
        "show the previous candidate place",
        None
    ),
    entry!(
        Undo,
        "undo",
        Review,
        ["u"],
        "undo the last decision",
        Some("undo")
    ),
    entry!(
        Redo,
        "redo",
        Review,
        ["ctrl-r", "U"],
        "redo the last undone decision",
        None
    ),
    entry!(
        NextHunk,
        "next-hunk",
        Review,
        ["J", "]"],
        "next hunk",
        Some("next")
    ),
    entry!(
        PrevHunk,
        "prev-hunk",
        Review,
        ["K", "["],
        "previous hunk",
        None
    ),
    entry!(
        NextUndecided,
        "next-undecided",
        Review,
        ["/"],
        "next undecided hunk",
        None
    ),
    entry!(
        Down,
        "down",
        Review,
        ["j", "down"],
        "scroll down (move the cursor when placing)",
        None
    ),
    entry!(
        Up,
        "up",
        Review,
        ["k", "up"],
        "scroll up (move the cursor when placing)",
        None
    ),
    entry!(
        PageDown,
        "page-down",
        Review,
        ["ctrl-d", "pagedown", " "],
        "scroll down a page",
        None
    ),
    entry!(
        PageUp,
        "page-up",
        Review,
        ["ctrl-u", "pageup"],
        "scroll up a page",
        None
    ),
    entry!(Top, "top", Review, ["g", "home"], "go to the top", None),
    entry!(
        Bottom,
        "bottom",
        Review,
        ["G", "end"],
        "go to the bottom",
        None
    ),
    entry!(
        SwitchPane,
        "switch-pane",
        Review,
        ["w", "left", "right"],
        "switch the pane that scrolls",
        None
    ),
    entry!(
        ToggleList,
        "toggle-list",
        Review,
        ["l"],
        "show or hide the hunk list",
        Some("list")
    ),
    entry!(
        Explain,
        "explain",
        Review,
        ["x"],
        "why this place: the explain view",
        Some("explain")
    ),
    entry!(Help, "help", Review, ["?"], "help", Some("help")),
    entry!(
        Commit,
        "commit",
        Review,
        ["c"],
        "commit the decisions",
        Some("commit")
    ),
    entry!(
        AcceptRemaining,
        "accept-remaining",
        Review,
        ["A"],
        "accept every undecided hunk that has a place",
        None
    ),
    entry!(
        Quit,
        "quit",
        Review,
        ["q"],
        "quit, keeping the decisions",
        Some("quit")
    ),
    entry!(
        Confirm,
        "confirm",
        Dialog,
        ["enter"],
        "confirm (a placement, a dialog)",
        Some("confirm")
    ),
    entry!(
        Cancel,
        "cancel",
        Dialog,
        ["esc"],
        "cancel, close",
        Some("cancel")
    ),
    entry!(
        EditorSave,
        "editor-save",
        Editor,
        ["ctrl-s"],
        "in an editor: keep the text",
        Some("keep")
    ),
    entry!(
        EditorUndo,
        "editor-undo",
        Editor,
        ["ctrl-z"],
        "in an editor: undo",
        Some("undo")
    ),
    entry!(
        EditorRedo,
        "editor-redo",
        Editor,
        ["ctrl-y"],
        "in an editor: redo",
        None
    ),
    entry!(
        Fine,
        "fine",
        Verdict,
        ["y"],
        "ferry review: mark the pair fine",
        Some("fine")
    ),
    entry!(
        Questionable,
        "questionable",
        Verdict,
        ["n"],
        "ferry review: mark the pair questionable",
        Some("questionable")
    ),
    entry!(
        WriteNote,
        "note",
        Verdict,
        ["e"],
        "ferry review: write a note on the pair",
        Some("note")
    ),
    entry!(
        Start,
        "start",
        Missing,
        ["enter"],
        "ferry missing: port the selected commit (ferry pick)",
        Some("port")
    ),
    entry!(
        SwitchList,
        "switch-list",
        Missing,
        ["tab"],
        "ferry missing: switch between commits and prerequisites",
        Some("prerequisites")
    ),
];

/// Which hints the status line shows first: at 80 columns the decisions,
/// the ways to learn more and the ways out all fit.
const HINT_ORDER: &[Action] = &[
    Action::Accept,
    Action::Skip,
    Action::Edit,
    Action::Explain,
    Action::Help,
    Action::Commit,
    Action::Quit,
    Action::Undo,
    Action::NextHunk,
    Action::Place,
    Action::NextCandidate,
    Action::ToggleList,
];

impl Action {
    /// The table row of this action.
    pub fn entry(self) -> &'static Entry {
        // The table lists every action (a unit test checks it); Accept's
        // row is the first, so the fallback is never used.
        TABLE.iter().find(|e| e.action == self).unwrap_or(&TABLE[0])
    }

    /// The name in config files.
    pub fn name(self) -> &'static str {
        self.entry().name
    }
}

/// A key as the table knows it: a key code and its modifiers, with shift
/// folded into the character (`J`, not `shift-j`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and alt (and shift for keys that are not characters).
    pub mods: KeyModifiers,
}

impl Key {
    /// The table's key for a terminal event.
    pub fn from_event(event: &KeyEvent) -> Key {
        let mut mods =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match event.code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                    c.to_ascii_lowercase()
                } else {
                    c
                })
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    /// Reads a key in config syntax: `y`, `J`, `ctrl-a`, `alt-x`, `tab`,
    /// `backtab`, `enter`, `esc`, `space`, `up`, `pagedown`, `f1`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("shift-") {
                mods |= KeyModifiers::SHIFT;
                rest = r;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if mods.contains(KeyModifiers::SHIFT) {
                    mods.remove(KeyModifiers::SHIFT);
                    KeyCode::Char(c.to_ascii_uppercase())
                } else if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => match rest {
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" => KeyCode::Insert,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" => KeyCode::PageUp,
                "pagedown" => KeyCode::PageDown,
                f if f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n) if (1..=24).contains(&n) => KeyCode::F(n),
                    _ => return Err(format!("unknown key '{text}'")),
                },
                _ => return Err(format!("unknown key '{text}'")),
            },
        };
        if code == KeyCode::BackTab {
            mods.remove(KeyModifiers::SHIFT);
        }
        Ok(Key { code, mods })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("backtab"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::Insert => f.write_str("insert"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pageup"),
            KeyCode::PageDown => f.write_str("pagedown"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// A key override that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    /// `[keys]` names an action the table does not have.
    #[error("unknown action '{action}' in [keys] (actions: {known})")]
    UnknownAction {
        /// The name given.
        action: String,
        /// The names that exist.
        known: String,
    },
    /// A key cannot be read.
    #[error("[keys] {action}: {message}")]
    BadKey {
        /// The action the key was given for.
        action: String,
        /// What is wrong.
        message: String,
    },
    /// Two actions would share a key.
    #[error("[keys] {action}: key '{key}' is already bound to '{other}'")]
    Clash {
        /// The action the key was given for.
        action: String,
        /// The key.
        key: String,
        /// The action that has it too.
        other: String,
    },
}

/// The keys in effect: the table with a user's overrides.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyMap {
    bindings: Vec<(Action, Vec<Key>)>,
}

impl Default for KeyMap {
    fn default() -> KeyMap {
        KeyMap {
            bindings: TABLE
                .iter()
                .map(|e| {
                    (
                        e.action,
                        e.keys.iter().filter_map(|k| Key::parse(k).ok()).collect(),
                    )
                })
                .collect(),
        }
    }
}

impl KeyMap {
    /// The defaults with `overrides` (action name → keys) put in place of
    /// the actions they name.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> Result<KeyMap, KeyError> {
        let mut map = KeyMap::default();
        for (name, keys) in overrides {
            let Some(entry) = TABLE.iter().find(|e| e.name == name) else {
                return Err(KeyError::UnknownAction {
                    action: name.clone(),
                    known: TABLE.iter().map(|e| e.name).collect::<Vec<_>>().join(", "),
                });
            };
            let parsed = keys
                .iter()
                .map(|k| Key::parse(k))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|message| KeyError::BadKey {
                    action: name.clone(),
                    message,
                })?;
            if let Some(slot) = map.bindings.iter_mut().find(|(a, _)| *a == entry.action) {
                slot.1 = parsed;
            }
        }
        // Checked after every override, so two actions can swap keys.
        for (i, (action, keys)) in map.bindings.iter().enumerate() {
            for key in keys {
                if let Some((other, _)) = map.bindings[..i]
                    .iter()
                    .find(|(a, ks)| clashes(*a, *action) && ks.contains(key))
                {
                    let (mine, theirs) = if overrides.contains_key(action.name()) {
                        (*action, *other)
                    } else {
                        (*other, *action)
                    };
                    return Err(KeyError::Clash {
                        action: mine.name().to_string(),
                        key: key.to_string(),
                        other: theirs.name().to_string(),
                    });
                }
            }
        }
        Ok(map)
    }

    /// The keys bound to `action`.
    pub fn keys(&self, action: Action) -> &[Key] {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, k)| k.as_slice())
            .unwrap_or(&[])
    }

    /// The action `key` does among `contexts`.
    pub fn action(&self, key: Key, contexts: &[Context]) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(a, keys)| contexts.contains(&a.entry().context) && keys.contains(&key))
            .map(|(a, _)| *a)
    }

    /// The first key of `action` as shown to a person, or `-` if unbound.
    pub fn label(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map_or_else(|| "-".to_string(), Key::to_string)
    }

    /// Every key of `action`, joined for the help overlay.
    pub fn labels(&self, action: Action) -> String {
        let keys: Vec<String> = self.keys(action).iter().map(Key::to_string).collect();
        if keys.is_empty() {
            "(unbound)".to_string()
        } else {
            keys.join(" ")
        }
    }

    /// Status-line hints for `context`, as (key, word), most wanted first
    /// (the line shows those that fit).
    pub fn hints(&self, context: Context) -> Vec<(String, &'static str)> {
        let mut entries: Vec<&Entry> = TABLE
            .iter()
            .filter(|e| e.context == context && e.hint.is_some())
            .collect();
        entries.sort_by_key(|e| {
            HINT_ORDER
                .iter()
                .position(|a| *a == e.action)
                .unwrap_or(HINT_ORDER.len())
        });
        entries
            .into_iter()
            .filter_map(|e| e.hint.map(|h| (self.label(e.action), h)))
            .filter(|(k, _)| k != "-")
            .collect()
    }
}

/// Whether two actions can be reached in the same mode (so may not share a key).
fn clashes(a: Action, b: Action) -> bool {
    let (ca, cb) = (a.entry().context, b.entry().context);
    // The list of missing commits opens no dialog, so Dialog's keys are free there.
    let dialog = (ca == Context::Dialog && cb != Context::Missing)
        || (cb == Context::Dialog && ca != Context::Missing);
    ca == cb || dialog
}

/// The key table as Markdown, for `docs/keys.md`.
pub fn markdown_table(map: &KeyMap) -> String {
    let mut out = String::from("| action | keys | what it does |\n| --- | --- | --- |\n");
    for e in TABLE {
        let keys: Vec<String> = map
            .keys(e.action)
            .iter()
            .map(|k| format!("`{k}`"))
            .collect();
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            e.name,
            keys.join(" "),
            e.help
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_table_lists_every_action_once_and_its_keys_parse() {
        let mut seen = std::collections::BTreeSet::new();
        for e in TABLE {
            assert!(seen.insert(e.action), "{:?} twice", e.action);
            assert_eq!(e.action.entry().name, e.name);
            for k in e.keys {
                let key = Key::parse(k).unwrap();
                let again = Key::parse(&key.to_string()).unwrap();
                assert_eq!(key, again, "{k}");
            }
        }
        assert_eq!(seen.len(), Action::SwitchList as usize + 1);
        // The defaults do not clash.
        KeyMap::with_overrides(&BTreeMap::new()).unwrap();
    }

    /// The missing list has no dialogs: Enter may start a port there and
    /// confirm elsewhere; its own keys still may not share one.
    #[test]
    fn the_missing_list_shares_enter_with_dialogs_only() {
        let enter = Key::parse("enter").unwrap();
        let map = KeyMap::default();
        assert_eq!(map.action(enter, &[Context::Missing]), Some(Action::Start));
        assert_eq!(map.action(enter, &[Context::Dialog]), Some(Action::Confirm));
        let mut o = BTreeMap::new();
        o.insert("switch-list".to_string(), vec!["enter".to_string()]);
        assert!(matches!(
            KeyMap::with_overrides(&o),
            Err(KeyError::Clash { .. })
        ));
    }

    #[test]
    fn events_fold_shift_into_characters() {
        let ev = KeyEvent::new(KeyCode::Char('J'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), Key::parse("J").unwrap());
        let ev = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(Key::from_event(&ev), Key::parse("ctrl-r").unwrap());
        let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), Key::parse("backtab").unwrap());
        assert_eq!(Key::parse("shift-j").unwrap(), Key::parse("J").unwrap());
    }

    #[test]
    fn overrides_replace_and_may_swap_keys() {
        let mut o = BTreeMap::new();
        o.insert(
            "accept".to_string(),
            vec!["n".to_string(), "ctrl-a".to_string()],
        );
        o.insert("skip".to_string(), vec!["y".to_string()]);
        let map = KeyMap::with_overrides(&o).unwrap();
        let n = Key::parse("n").unwrap();
        assert_eq!(map.action(n, &[Context::Review]), Some(Action::Accept));
        assert_eq!(
            map.action(Key::parse("ctrl-a").unwrap(), &[Context::Review]),
            Some(Action::Accept)
        );
        assert_eq!(
            map.action(Key::parse("y").unwrap(), &[Context::Review]),
            Some(Action::Skip)
        );
        assert_eq!(map.label(Action::Accept), "n");
    }

    #[test]
    fn bad_overrides_name_the_action_and_key() {
        let one = |k: &str, v: &str| {
            let mut o = BTreeMap::new();
            o.insert(k.to_string(), vec![v.to_string()]);
            KeyMap::with_overrides(&o).unwrap_err().to_string()
        };
        assert!(one("acept", "y").contains("unknown action 'acept'"));
        assert!(one("accept", "ctrl-bogus").contains("accept: unknown key 'ctrl-bogus'"));
        let clash = one("accept", "q");
        assert!(
            clash.contains("accept: key 'q' is already bound to 'quit'"),
            "{clash}"
        );
    }
}

#[cfg(test)]
mod docs {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    const START: &str = "<!-- keys table: generated from src/ui/keys.rs -->\n";
    const END: &str = "<!-- end of keys table -->\n";

    /// docs/keys.md carries the table as the code has it; with
    /// `FERRY_UPDATE_DOCS=1` the test rewrites it.
    #[test]
    fn docs_keys_md_lists_every_action_with_its_default_keys() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/keys.md");
        let doc = std::fs::read_to_string(&path).unwrap();
        let (Some(a), Some(b)) = (doc.find(START), doc.find(END)) else {
            panic!("docs/keys.md lacks the table markers");
        };
        let table = markdown_table(&KeyMap::default());
        let current = &doc[a + START.len()..b];
        if current != table {
            if std::env::var_os("FERRY_UPDATE_DOCS").is_some() {
                let new = format!("{}{START}{table}{}", &doc[..a], &doc[b..]);
                std::fs::write(&path, new).unwrap();
            } else {
                panic!("docs/keys.md's table is stale: run FERRY_UPDATE_DOCS=1 cargo test --lib docs_keys_md");
            }
        }
        for e in TABLE {
            assert!(
                doc.contains(&format!("| `{}` |", e.name)),
                "{} missing",
                e.name
            );
        }
    }
}
