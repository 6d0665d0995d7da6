//! `ferry missing`'s list view: the upstream commits the legacy branch
//! lacks, each with its verdict, and below the selected one's
//! prerequisites (likely first); Enter ports the selected commit or
//! prerequisite with `ferry pick`.
//!
//! - `missing/view.rs`: the layout and panes.
//! - `missing/run.rs`: the event loop on a real terminal.

mod run;
pub mod view;

pub use run::run;

use super::app::Note;
use super::keys::{Action, Context, Key, KeyMap};
use super::theme::Theme;
use crate::git::Oid;
use crate::history::{MissingCommit, MissingReport, Prereq, PrereqKind};

/// Which list the movement keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The missing commits.
    Commits,
    /// The selected commit's prerequisites.
    Prereqs,
}

/// What the screen is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingMode {
    /// Looking at the list.
    Normal,
    /// The key help overlay.
    Help,
}

/// What a key asks of the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing beyond the screen.
    None,
    /// Close the screen.
    Quit,
    /// Close the screen and port this commit.
    Start(Oid),
}

/// The list view's state.
#[derive(Debug)]
pub struct MissingApp {
    /// What `ferry missing` found.
    pub report: MissingReport,
    /// The upstream ref's name, for the status line.
    pub upstream: String,
    /// The selected commit.
    pub selected: usize,
    /// The selected prerequisite of that commit.
    pub prereq: usize,
    /// Which list moves.
    pub focus: Focus,
    /// What the screen is doing.
    pub mode: MissingMode,
    /// First row of the help overlay.
    pub overlay_top: usize,
    /// Keys in effect.
    pub keys: KeyMap,
    /// Styles.
    pub theme: Theme,
    /// What the status line says instead of hints, until the next key.
    pub note: Option<Note>,
}

impl MissingApp {
    /// The screen on `report`, the newest commit selected (the list is
    /// oldest first, as it would be ported).
    pub fn new(report: MissingReport, upstream: String, keys: KeyMap, theme: Theme) -> MissingApp {
        MissingApp {
            report,
            upstream,
            selected: 0,
            prereq: 0,
            focus: Focus::Commits,
            mode: MissingMode::Normal,
            overlay_top: 0,
            keys,
            theme,
            note: None,
        }
    }

    /// The selected commit.
    pub fn commit(&self) -> Option<&MissingCommit> {
        self.report.commits.get(self.selected)
    }

    /// The selected commit's prerequisites legacy does not carry, each
    /// once, likely ones first, then upstream order (oldest first).
    pub fn prereqs(&self) -> Vec<&Prereq> {
        let mut out: Vec<&Prereq> = Vec::new();
        for h in self.commit().map_or(&[][..], |c| &c.prerequisites) {
            for p in &h.commits {
                if p.carried {
                    continue;
                }
                match out.iter().position(|q| q.oid == p.oid) {
                    // Likely on one hunk makes it likely.
                    Some(i) if p.kind == PrereqKind::Likely => out[i] = p,
                    Some(_) => {}
                    None => out.push(p),
                }
            }
        }
        // Stable: upstream order holds within each kind.
        out.sort_by_key(|p| p.kind != PrereqKind::Likely);
        out
    }

    /// Handles a key.
    pub fn key(&mut self, key: Key) -> Effect {
        self.note = None;
        let contexts: &[Context] = match self.mode {
            MissingMode::Help => &[Context::Dialog, Context::Review],
            MissingMode::Normal => &[Context::Missing, Context::Review],
        };
        // In order: the list's own keys (Tab, Enter) win over Review's.
        let action = contexts
            .iter()
            .find_map(|c| self.keys.action(key, std::slice::from_ref(c)));
        match action {
            Some(a) => self.handle(a),
            None => Effect::None,
        }
    }

    /// Does `action`.
    pub fn handle(&mut self, action: Action) -> Effect {
        if self.mode == MissingMode::Help {
            if super::view::help_overlay_key(&mut self.overlay_top, action) {
                self.mode = MissingMode::Normal;
            }
            return Effect::None;
        }
        match action {
            Action::Down => self.step(1),
            Action::Up => self.step(-1),
            Action::PageDown => self.step(10),
            Action::PageUp => self.step(-10),
            Action::Top => self.step(isize::MIN),
            Action::Bottom => self.step(isize::MAX),
            Action::SwitchList => self.switch(),
            Action::Start => return self.start(),
            Action::Help => {
                self.mode = MissingMode::Help;
                self.overlay_top = 0;
            }
            Action::Quit | Action::Cancel => return Effect::Quit,
            _ => {}
        }
        Effect::None
    }

    /// Moves the focused list's selection by `by`, clamped to the list.
    fn step(&mut self, by: isize) {
        let (at, len) = match self.focus {
            Focus::Commits => (self.selected, self.report.commits.len()),
            Focus::Prereqs => (self.prereq, self.prereqs().len()),
        };
        let last = len.saturating_sub(1);
        let to = if by < 0 {
            at.saturating_sub(by.unsigned_abs())
        } else {
            at.saturating_add(by.unsigned_abs()).min(last)
        };
        match self.focus {
            Focus::Commits => {
                if to != self.selected {
                    self.selected = to;
                    self.prereq = 0;
                }
            }
            Focus::Prereqs => self.prereq = to,
        }
    }

    fn switch(&mut self) {
        self.focus = match self.focus {
            Focus::Prereqs => Focus::Commits,
            Focus::Commits if self.prereqs().is_empty() => {
                self.say("this commit has no prerequisites legacy lacks", false);
                Focus::Commits
            }
            Focus::Commits => {
                self.prereq = self.prereq.min(self.prereqs().len().saturating_sub(1));
                Focus::Prereqs
            }
        };
    }

    fn start(&mut self) -> Effect {
        let oid = match self.focus {
            Focus::Commits => self.commit().map(|c| c.oid),
            Focus::Prereqs => self.prereqs().get(self.prereq).map(|p| p.oid),
        };
        match oid {
            Some(oid) => Effect::Start(oid),
            None => {
                self.say("nothing selected to port", true);
                Effect::None
            }
        }
    }

    fn say(&mut self, text: impl Into<String>, warning: bool) {
        self.note = Some(Note {
            text: text.into(),
            warning,
        });
    }
}
