//! The TUI's state and its update: which hunk is shown, which pane scrolls,
//! the mode (reviewing, explain, help, editing, placing by hand, writing the
//! commit message) and the decisions. No terminal here: [`App::key`] and
//! [`App::handle`] change the state and return an [`Effect`] for the event
//! loop to carry out (save, open the editor, commit, quit), so every flow is
//! tested without a screen.

use std::collections::HashSet;
use std::ops::Range;

use ratatui::layout::{Position, Rect};

use super::editor::LineEditor;
use super::keys::{Action, Context, Key, KeyMap};
use super::preview::Preview;
use super::syntax::{DocKey, Highlights};
use super::theme::Theme;
use crate::decide::{self, Custom, CustomKind, Decision, Decisions, ItemRef, Review};
use crate::patch::Hunk;
use crate::place::{Candidate, HunkPlan, Status};
use crate::port::{FileOutcome, FilePlan};

/// What the screen is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Reviewing hunks.
    Normal,
    /// The key help overlay.
    Help,
    /// Why the shown place: the explain view.
    Explain,
    /// Editing the adapted hunk inline.
    Edit(LineEditor),
    /// Writing the commit message.
    Message(LineEditor),
    /// Moving a cursor in the legacy file to place the hunk by hand.
    Place {
        /// The legacy line (0-based) the hunk goes to.
        cursor: usize,
    },
}

/// The pane that scrolls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The upstream hunk.
    Upstream,
    /// The legacy file with the preview.
    Legacy,
}

/// What the event loop must do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Nothing beyond redrawing.
    None,
    /// The decisions changed: save them.
    Changed,
    /// Open these lines in the user's editor, then call
    /// [`App::finish_external`].
    External(Vec<Vec<u8>>),
    /// Get the commit message and call [`App::open_message`].
    ComposeMessage,
    /// Commit with this message.
    Commit(String),
    /// Quit, keeping the decisions.
    Quit,
}

/// Where the panes were last drawn, for the mouse and for paging.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    /// The upstream pane's inside.
    pub upstream: Rect,
    /// The legacy pane's inside.
    pub legacy: Rect,
    /// The hunk list's inside (empty when hidden).
    pub list: Rect,
    /// The first item the list shows.
    pub list_top: usize,
    /// An overlay's inside (help, explain, message).
    pub overlay: Rect,
    /// How many rows the overlay's content has.
    pub overlay_rows: usize,
}

/// A line for the status bar, with whether it is a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The words.
    pub text: String,
    /// Whether it asks for attention.
    pub warning: bool,
}

/// The tour's note on one item: what drift it shows and what to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TourNote {
    /// A heading (the kind of drift).
    pub heading: String,
    /// The note, as paragraphs.
    pub text: Vec<String>,
}

/// The whole TUI state.
#[derive(Debug)]
pub struct App<'r> {
    /// What is being decided.
    pub review: &'r Review,
    /// The decisions so far.
    pub decisions: Decisions,
    /// Keys in effect.
    pub keys: KeyMap,
    /// Styles.
    pub theme: Theme,
    /// Highlighting (spans from its cache only).
    pub highlights: Highlights,
    /// Every item, in order.
    pub items: Vec<ItemRef>,
    /// Index into `items` of the item shown.
    pub current: usize,
    /// What the screen is doing.
    pub mode: Mode,
    /// The pane that scrolls.
    pub focus: Pane,
    /// Whether the hunk list is shown; `None` leaves it to the width.
    pub list_shown: Option<bool>,
    /// The candidate shown, per item.
    viewed: Vec<usize>,
    /// First row of the legacy pane; `None` centres the change.
    pub legacy_top: Option<usize>,
    /// First row of the upstream pane.
    pub upstream_top: usize,
    /// First row of an overlay (help, explain).
    pub overlay_top: usize,
    /// What the status bar says instead of hints, until the next key.
    pub note: Option<Note>,
    /// Where the panes were last drawn.
    pub areas: Areas,
    /// The legacy pane's rows for the item and place shown.
    pub preview: Preview,
    /// A tour's note per item, in item order (empty: no tour). A tour opens
    /// the explain view on every item, with the note above it.
    pub tour: Vec<TourNote>,
}

/// Upstream's added lines of a hunk, for telling adapted lines apart.
fn added_lines(hunk: &Hunk) -> HashSet<&[u8]> {
    hunk.added().map(|l| l.content.as_slice()).collect()
}

impl<'r> App<'r> {
    /// The state for `review`, starting from `decisions`.
    pub fn new(review: &'r Review, decisions: Decisions, keys: KeyMap, theme: Theme) -> App<'r> {
        let items: Vec<ItemRef> = decisions.items().map(|(i, _)| i).collect();
        let viewed = vec![0; items.len()];
        // Start at the first item that needs a person.
        let current = decisions
            .items()
            .position(|(_, d)| *d == Decision::Undecided)
            .unwrap_or(0);
        let mut app = App {
            review,
            decisions,
            keys,
            theme,
            highlights: Highlights::off(),
            items,
            current,
            mode: Mode::Normal,
            focus: Pane::Legacy,
            list_shown: None,
            viewed,
            legacy_top: None,
            upstream_top: 0,
            overlay_top: 0,
            note: None,
            areas: Areas::default(),
            preview: Preview::plain(0),
            tour: Vec::new(),
        };
        app.enter_item();
        app
    }

    /// Uses `highlights` for syntax colours.
    pub fn with_highlights(mut self, highlights: Highlights) -> App<'r> {
        self.highlights = highlights;
        self.open_docs();
        self
    }

    /// Gives the items `tour`'s notes and opens the explain view.
    pub fn with_tour(mut self, tour: Vec<TourNote>) -> App<'r> {
        self.tour = tour;
        self.enter_item();
        self
    }

    /// The tour's note on the item shown.
    pub fn tour_note(&self) -> Option<&TourNote> {
        self.tour.get(self.current)
    }

    /// The item shown.
    pub fn item(&self) -> Option<ItemRef> {
        self.items.get(self.current).copied()
    }

    /// The plan of the item's file.
    pub fn plan(&self) -> Option<&'r FilePlan> {
        self.review.plans.get(self.item()?.file)
    }

    /// The item's hunk plan (modified files only).
    pub fn hunk_plan(&self) -> Option<&'r HunkPlan> {
        let plan = self.plan()?;
        match plan.outcome {
            FileOutcome::Modify => plan.hunks.get(self.item()?.hunk),
            _ => None,
        }
    }

    /// The item's upstream hunk (modified files only).
    pub fn hunk(&self) -> Option<&'r Hunk> {
        let item = self.item()?;
        self.review
            .commit
            .files
            .get(item.file)?
            .hunks
            .get(item.hunk)
    }

    /// The item's decision.
    pub fn decision(&self) -> &Decision {
        self.item()
            .and_then(|i| self.decisions.get(i))
            .unwrap_or(&Decision::Undecided)
    }

    /// Index of the candidate shown.
    pub fn viewed(&self) -> usize {
        self.viewed.get(self.current).copied().unwrap_or(0)
    }

    /// The candidate shown: a person's own lines, else the plan's candidate.
    pub fn shown(&self) -> Option<Candidate> {
        if let Decision::Custom(c) = self.decision() {
            let plan = self.plan()?;
            return decide::chosen(plan, self.item()?.hunk, &Decision::Custom(c.clone()));
        }
        self.hunk_plan()?.candidates.get(self.viewed()).cloned()
    }

    /// The legacy line the item is about (its place, else where upstream had it).
    pub fn anchor_line(&self) -> usize {
        if let Some(c) = self.shown() {
            return c.span.start;
        }
        let len = self.plan().map_or(0, |p| p.legacy.len());
        self.hunk()
            .map_or(0, |h| h.old_start.saturating_sub(1))
            .min(len.saturating_sub(1))
    }

    fn enter_item(&mut self) {
        if let Some(Decision::Accept { candidate }) =
            self.item().and_then(|i| self.decisions.get(i))
        {
            let c = *candidate;
            if let Some(v) = self.viewed.get_mut(self.current) {
                *v = c;
            }
        }
        self.legacy_top = None;
        self.upstream_top = 0;
        if self.tour_note().is_some() && self.mode == Mode::Normal {
            self.mode = Mode::Explain;
            self.overlay_top = 0;
        }
        self.refresh();
    }

    /// Recomputes the legacy pane's rows after the item, place or decision
    /// changed.
    pub fn refresh(&mut self) {
        let legacy: &[Vec<u8>] = self.plan().map_or(&[], |p| &p.legacy.lines);
        self.preview = match (self.shown(), self.hunk()) {
            (Some(c), Some(h)) if !matches!(self.mode, Mode::Place { .. }) => {
                Preview::new(legacy, c.span.clone(), &c.lines, &added_lines(h))
            }
            _ => Preview::plain(legacy.len()),
        };
        self.open_docs();
    }

    /// Opens the documents the item shows for highlighting (not on the draw
    /// path: opening copies lines).
    fn open_docs(&self) {
        let (Some(item), Some(plan)) = (self.item(), self.plan()) else {
            return;
        };
        let path = plan.legacy_path.as_deref().unwrap_or(&plan.path);
        self.highlights
            .open(DocKey::Legacy(item.file), 0, path, || {
                plan.legacy.lines.clone()
            });
        if let Some(h) = self.hunk() {
            self.highlights
                .open(DocKey::Upstream(item), 0, &plan.path, || {
                    h.lines.iter().map(|l| l.content.clone()).collect()
                });
        }
        if let Some(c) = self.shown() {
            // A person's lines change with each edit: their version is a
            // hash of the lines.
            let version = match self.decision() {
                Decision::Custom(_) => {
                    use std::hash::{Hash, Hasher};
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    c.lines.hash(&mut h);
                    h.finish() as usize
                }
                _ => 0,
            };
            self.highlights
                .open(self.new_doc(), version, path, || c.lines.clone());
        }
    }

    /// The document of the new lines shown.
    pub fn new_doc(&self) -> DocKey {
        let item = self.item().unwrap_or(ItemRef { file: 0, hunk: 0 });
        match self.decision() {
            Decision::Custom(_) => DocKey::New(item, usize::MAX),
            _ => DocKey::New(item, self.viewed()),
        }
    }

    /// Whether the hunk list is shown at `width` columns.
    pub fn list_visible(&self, width: u16) -> bool {
        self.list_shown.unwrap_or(width >= 120)
    }

    /// Handles a key: looks it up for the mode and acts.
    pub fn key(&mut self, key: Key) -> Effect {
        self.note = None;
        match &self.mode {
            Mode::Edit(_) | Mode::Message(_) => self.editor_key(key),
            Mode::Normal => match self.keys.action(key, &[Context::Review]) {
                Some(a) => self.handle(a),
                None => Effect::None,
            },
            Mode::Help | Mode::Explain | Mode::Place { .. } => {
                match self.keys.action(key, &[Context::Dialog, Context::Review]) {
                    Some(a) => self.handle(a),
                    None => Effect::None,
                }
            }
        }
    }

    fn editor_key(&mut self, key: Key) -> Effect {
        if let Some(a) = self.keys.action(key, &[Context::Editor]) {
            return self.handle(a);
        }
        if self.keys.action(key, &[Context::Dialog]) == Some(Action::Cancel) {
            return self.handle(Action::Cancel);
        }
        if let Mode::Edit(e) | Mode::Message(e) = &mut self.mode {
            e.type_key(key);
        }
        Effect::None
    }

    /// Shows a warning on the status line.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.say(text, true);
    }

    fn say(&mut self, text: impl Into<String>, warning: bool) {
        self.note = Some(Note {
            text: text.into(),
            warning,
        });
    }

    /// Does `action` in the current mode.
    pub fn handle(&mut self, action: Action) -> Effect {
        match &self.mode {
            Mode::Normal => self.normal(action),
            Mode::Help | Mode::Explain => {
                let max = self
                    .areas
                    .overlay_rows
                    .saturating_sub(usize::from(self.areas.overlay.height));
                let top = self.overlay_top.min(max);
                if self.mode == Mode::Explain
                    && self.tour_note().is_some()
                    && matches!(
                        action,
                        Action::Accept
                            | Action::Skip
                            | Action::NextHunk
                            | Action::PrevHunk
                            | Action::Undo
                            | Action::Commit
                    )
                {
                    // A tour goes from explain view to explain view: the
                    // decision keys work without closing it first.
                    self.mode = Mode::Normal;
                    return self.normal(action);
                }
                match action {
                    Action::Down => self.overlay_top = top.saturating_add(1).min(max),
                    Action::Up => self.overlay_top = top.saturating_sub(1),
                    Action::PageDown => self.overlay_top = top.saturating_add(self.page()).min(max),
                    Action::PageUp => self.overlay_top = top.saturating_sub(self.page()),
                    Action::Top => self.overlay_top = 0,
                    Action::Bottom => self.overlay_top = max,
                    Action::Cancel
                    | Action::Confirm
                    | Action::Help
                    | Action::Explain
                    | Action::Quit => {
                        self.mode = Mode::Normal;
                    }
                    _ => {}
                }
                Effect::None
            }
            Mode::Place { cursor } => {
                let cursor = *cursor;
                self.placing(action, cursor)
            }
            Mode::Edit(_) | Mode::Message(_) => self.editing(action),
        }
    }

    fn page(&self) -> usize {
        let h = match self.mode {
            Mode::Help | Mode::Explain => self.areas.overlay.height,
            _ => match self.focus {
                Pane::Upstream => self.areas.upstream.height,
                Pane::Legacy => self.areas.legacy.height,
            },
        };
        usize::from(h.max(2) - 1)
    }

    fn normal(&mut self, action: Action) -> Effect {
        match action {
            Action::Accept => self.accept(),
            Action::Skip => self.decide(Decision::Skip, true),
            Action::Edit | Action::EditExternal => self.edit(action == Action::EditExternal),
            Action::Place => {
                if self.hunk_plan().is_none() {
                    self.say("only a hunk of a changed file can be placed by hand", true);
                } else {
                    let cursor = self.anchor_line();
                    self.mode = Mode::Place { cursor };
                    self.refresh();
                    self.legacy_top = None;
                }
                Effect::None
            }
            Action::NextCandidate | Action::PrevCandidate => {
                let n = self.hunk_plan().map_or(0, |h| h.candidates.len());
                if n < 2 {
                    self.say("no other candidate place", false);
                    return Effect::None;
                }
                let v = self.viewed();
                let next = if action == Action::NextCandidate {
                    (v + 1) % n
                } else {
                    (v + n - 1) % n
                };
                if let Some(slot) = self.viewed.get_mut(self.current) {
                    *slot = next;
                }
                self.legacy_top = None;
                // An accepted hunk follows the place shown.
                if let Decision::Accept { .. } = self.decision() {
                    return self.decide(Decision::Accept { candidate: next }, false);
                }
                if let Decision::Custom(_) = self.decision() {
                    self.say(
                        "this hunk is edited or placed by hand: undo (u) to see the candidates",
                        false,
                    );
                }
                self.refresh();
                Effect::None
            }
            Action::Undo | Action::Redo => {
                let item = if action == Action::Undo {
                    self.decisions.undo()
                } else {
                    self.decisions.redo()
                };
                match item.and_then(|i| self.items.iter().position(|x| *x == i)) {
                    Some(pos) => {
                        self.current = pos;
                        self.enter_item();
                        Effect::Changed
                    }
                    None => {
                        self.say(
                            if action == Action::Undo {
                                "nothing to undo"
                            } else {
                                "nothing to redo"
                            },
                            false,
                        );
                        Effect::None
                    }
                }
            }
            Action::NextHunk => self.go(self.current.saturating_add(1)),
            Action::PrevHunk => self.go(self.current.saturating_sub(1)),
            Action::NextUndecided => {
                let n = self.items.len();
                let next = (1..=n).map(|k| (self.current + k) % n.max(1)).find(|&i| {
                    self.items
                        .get(i)
                        .and_then(|it| self.decisions.get(*it))
                        .is_some_and(|d| *d == Decision::Undecided)
                });
                match next {
                    Some(i) => self.go(i),
                    None => {
                        self.say("every hunk is decided: commit with c", false);
                        Effect::None
                    }
                }
            }
            Action::Down => self.scroll(1),
            Action::Up => self.scroll(-1),
            Action::PageDown => self.scroll(self.page() as isize),
            Action::PageUp => self.scroll(-(self.page() as isize)),
            Action::Top => self.scroll(isize::MIN / 2),
            Action::Bottom => self.scroll(isize::MAX / 2),
            Action::SwitchPane => {
                self.focus = match self.focus {
                    Pane::Upstream => Pane::Legacy,
                    Pane::Legacy => Pane::Upstream,
                };
                Effect::None
            }
            Action::ToggleList => {
                let shown = self.list_visible(self.areas_width());
                self.list_shown = Some(!shown);
                Effect::None
            }
            Action::Explain => {
                self.mode = Mode::Explain;
                self.overlay_top = 0;
                Effect::None
            }
            Action::Help => {
                self.mode = Mode::Help;
                self.overlay_top = 0;
                Effect::None
            }
            Action::Commit => self.commit(),
            Action::AcceptRemaining => self.accept_remaining(),
            Action::Quit => Effect::Quit,
            Action::Confirm
            | Action::Cancel
            | Action::EditorSave
            | Action::EditorUndo
            | Action::EditorRedo
            | Action::Fine
            | Action::Questionable
            | Action::WriteNote
            | Action::Start
            | Action::SwitchList => Effect::None,
        }
    }

    /// The screen width the panes were last drawn at.
    fn areas_width(&self) -> u16 {
        let a = self.areas;
        a.list.width + a.upstream.width + a.legacy.width
    }

    fn go(&mut self, index: usize) -> Effect {
        let index = index.min(self.items.len().saturating_sub(1));
        if index != self.current {
            self.current = index;
            self.enter_item();
        }
        Effect::None
    }

    /// Shows item `index` (a click in the list).
    pub fn select(&mut self, index: usize) {
        self.go(index);
    }

    fn scroll(&mut self, by: isize) -> Effect {
        match self.focus {
            Pane::Upstream => {
                let max = self.upstream_rows().saturating_sub(1);
                self.upstream_top = self.upstream_top.saturating_add_signed(by).min(max);
            }
            Pane::Legacy => {
                let max = self.preview.len().saturating_sub(1);
                let top = self.legacy_top(self.areas.legacy.height);
                self.legacy_top = Some(top.saturating_add_signed(by).min(max));
            }
        }
        Effect::None
    }

    /// Rows of the upstream pane: a header of three lines, then the hunk.
    pub fn upstream_rows(&self) -> usize {
        let body = match (self.hunk(), self.plan()) {
            (Some(h), _) => h.lines.len(),
            (None, Some(_)) => self
                .item()
                .and_then(|i| self.review.commit.files.get(i.file))
                .map_or(0, |f| f.hunks.iter().map(|h| h.lines.len()).sum()),
            _ => 0,
        };
        3 + body
    }

    /// The first row of the legacy pane when it is `height` rows high.
    pub fn legacy_top(&self, height: u16) -> usize {
        if let Some(top) = self.legacy_top {
            return top;
        }
        let focus = match self.mode {
            Mode::Place { cursor } => self.preview.row_of_legacy(cursor),
            _ if self.shown().is_some() => self.preview.first_change(),
            _ => self.preview.row_of_legacy(self.anchor_line()),
        };
        focus.saturating_sub(usize::from(height / 3))
    }

    fn decide(&mut self, decision: Decision, advance: bool) -> Effect {
        let Some(item) = self.item() else {
            return Effect::None;
        };
        match self.decisions.set(item, decision) {
            Ok(changed) => {
                if advance && self.current + 1 < self.items.len() {
                    self.current += 1;
                    self.enter_item();
                } else {
                    self.refresh();
                }
                if changed {
                    Effect::Changed
                } else {
                    Effect::None
                }
            }
            Err(e) => {
                self.say(e.to_string(), true);
                Effect::None
            }
        }
    }

    fn accept(&mut self) -> Effect {
        let Some(plan) = self.plan() else {
            return Effect::None;
        };
        match &plan.outcome {
            FileOutcome::Modify => {
                let Some(h) = self.hunk_plan() else {
                    return Effect::None;
                };
                if h.candidates.is_empty() {
                    let why = match h.status {
                        Status::AlreadyApplied => {
                            "legacy already has this change; nothing to accept"
                        }
                        _ => "no place found: place it by hand (p) or skip it (n)",
                    };
                    self.say(why, true);
                    return Effect::None;
                }
                let candidate = self.viewed().min(h.candidates.len() - 1);
                self.decide(Decision::Accept { candidate }, true)
            }
            FileOutcome::Create(_) | FileOutcome::Delete => {
                self.decide(Decision::Accept { candidate: 0 }, true)
            }
            FileOutcome::Unchanged => {
                self.say("legacy already has this file as upstream makes it", false);
                Effect::None
            }
            FileOutcome::Blocked(why) => {
                let why = format!("{why}; skip it (n) and port it by hand after the commit");
                self.say(why, true);
                Effect::None
            }
        }
    }

    fn accept_remaining(&mut self) -> Effect {
        let mut n = 0;
        for (i, item) in self.items.clone().into_iter().enumerate() {
            if self.decisions.get(item) != Some(&Decision::Undecided) {
                continue;
            }
            let Some(plan) = self.review.plans.get(item.file) else {
                continue;
            };
            let ok = match &plan.outcome {
                FileOutcome::Modify => plan
                    .hunks
                    .get(item.hunk)
                    .is_some_and(|h| h.status == Status::Placed && !h.candidates.is_empty()),
                FileOutcome::Create(_) | FileOutcome::Delete => true,
                _ => false,
            };
            if ok {
                let candidate = self.viewed.get(i).copied().unwrap_or(0);
                if self
                    .decisions
                    .set(item, Decision::Accept { candidate })
                    .unwrap_or(false)
                {
                    n += 1;
                }
            }
        }
        self.refresh();
        let left = self.decisions.tally().undecided;
        let mut text = format!("accepted {n} placed hunk{}", if n == 1 { "" } else { "s" });
        if left > 0 {
            text.push_str(&format!("; {left} still need a person"));
        }
        self.say(text, left > 0);
        if n > 0 {
            Effect::Changed
        } else {
            Effect::None
        }
    }

    fn commit(&mut self) -> Effect {
        let t = self.decisions.tally();
        if t.undecided > 0 {
            let s = if t.undecided == 1 { "" } else { "s" };
            self.say(
                format!(
                    "{} hunk{s} undecided: decide {} ({} finds {}) or press {} to accept every placed one",
                    t.undecided,
                    if t.undecided == 1 { "it" } else { "them" },
                    self.keys.label(Action::NextUndecided),
                    if t.undecided == 1 { "it" } else { "them" },
                    self.keys.label(Action::AcceptRemaining),
                ),
                true,
            );
            return Effect::None;
        }
        if let Err(e) = decide::writes(&self.review.plans, &self.decisions) {
            self.say(format!("cannot commit: {e}"), true);
            return Effect::None;
        }
        Effect::ComposeMessage
    }

    /// Opens the message editor on `message` (after [`Effect::ComposeMessage`]).
    pub fn open_message(&mut self, message: &str) {
        let lines = message.trim_end().lines().map(str::to_string).collect();
        self.mode = Mode::Message(LineEditor::from_text(lines));
    }

    fn edit(&mut self, external: bool) -> Effect {
        let Some(c) = self.shown() else {
            self.say(
                if self.hunk_plan().is_some() {
                    "no place to edit: place the hunk by hand first (p)"
                } else {
                    "only a hunk of a changed file can be edited"
                },
                true,
            );
            return Effect::None;
        };
        if external {
            return Effect::External(c.lines);
        }
        self.mode = Mode::Edit(LineEditor::from_bytes(&c.lines));
        Effect::None
    }

    /// Records lines a person wrote in their editor for the shown place.
    pub fn finish_external(&mut self, lines: Vec<Vec<u8>>) -> Effect {
        self.record_edit(lines)
    }

    fn record_edit(&mut self, lines: Vec<Vec<u8>>) -> Effect {
        let Some(c) = self.shown() else {
            return Effect::None;
        };
        if lines == c.lines {
            self.say("no change", false);
            return Effect::None;
        }
        let mut custom = Custom::from_candidate(CustomKind::Edited, &c);
        custom.lines = lines;
        self.decide(Decision::Custom(custom), false)
    }

    fn editing(&mut self, action: Action) -> Effect {
        match action {
            Action::EditorUndo | Action::EditorRedo => {
                if let Mode::Edit(e) | Mode::Message(e) = &mut self.mode {
                    if action == Action::EditorUndo {
                        e.undo();
                    } else {
                        e.redo();
                    }
                }
                Effect::None
            }
            Action::Cancel => {
                self.mode = Mode::Normal;
                Effect::None
            }
            Action::EditorSave => match std::mem::replace(&mut self.mode, Mode::Normal) {
                Mode::Edit(e) => self.record_edit(e.to_bytes()),
                Mode::Message(e) => {
                    let text = e.text();
                    if text.trim().is_empty() {
                        self.mode = Mode::Message(e);
                        self.say("the message is empty", true);
                        return Effect::None;
                    }
                    Effect::Commit(format!("{}\n", text.trim_end()))
                }
                other => {
                    self.mode = other;
                    Effect::None
                }
            },
            _ => Effect::None,
        }
    }

    fn placing(&mut self, action: Action, cursor: usize) -> Effect {
        let len = self.plan().map_or(0, |p| p.legacy.len());
        let move_to = |c: usize| Mode::Place { cursor: c.min(len) };
        let page = self.page();
        match action {
            Action::Down => self.mode = move_to(cursor.saturating_add(1)),
            Action::Up => self.mode = move_to(cursor.saturating_sub(1)),
            Action::PageDown => self.mode = move_to(cursor.saturating_add(page)),
            Action::PageUp => self.mode = move_to(cursor.saturating_sub(page)),
            Action::Top => self.mode = move_to(0),
            Action::Bottom => self.mode = move_to(len),
            Action::Cancel | Action::Quit => {
                self.mode = Mode::Normal;
                self.refresh();
                return Effect::None;
            }
            Action::Confirm | Action::Accept => {
                self.mode = Mode::Normal;
                let fitted = self.item().and_then(|i| self.review.fit_at(i, cursor));
                return match fitted {
                    Some(c) => self.decide(
                        Decision::Custom(Custom::from_candidate(CustomKind::Placed, &c)),
                        false,
                    ),
                    None => {
                        self.refresh();
                        self.say(format!("the hunk cannot go at line {}", cursor + 1), true);
                        Effect::None
                    }
                };
            }
            _ => return Effect::None,
        }
        // Keep the cursor on screen.
        if let Mode::Place { cursor } = self.mode {
            let h = usize::from(self.areas.legacy.height.max(1));
            let top = self.legacy_top(self.areas.legacy.height);
            if cursor < top || cursor >= top + h {
                self.legacy_top = Some(cursor.saturating_sub(h / 3));
            }
        }
        Effect::None
    }

    /// Handles a mouse event at a screen position: the wheel scrolls the
    /// pane under the pointer, a click in the list shows that item.
    pub fn mouse(&mut self, kind: MouseKind, column: u16, row: u16) {
        let at = Position::new(column, row);
        let a = self.areas;
        match kind {
            MouseKind::Click => {
                if a.list.contains(at) {
                    let i = a.list_top + usize::from(row - a.list.y);
                    if i < self.items.len() && matches!(self.mode, Mode::Normal) {
                        self.select(i);
                    }
                } else if a.upstream.contains(at) {
                    self.focus = Pane::Upstream;
                } else if a.legacy.contains(at) {
                    self.focus = Pane::Legacy;
                    if let Mode::Place { .. } = self.mode {
                        let r = self.legacy_top(a.legacy.height) + usize::from(row - a.legacy.y);
                        if let Some(p) = self.preview.row(r) {
                            self.mode = Mode::Place { cursor: p.index };
                        }
                    }
                }
            }
            MouseKind::ScrollDown | MouseKind::ScrollUp => {
                let by: isize = if kind == MouseKind::ScrollDown { 3 } else { -3 };
                if matches!(self.mode, Mode::Help | Mode::Explain) {
                    let action = if by > 0 { Action::Down } else { Action::Up };
                    for _ in 0..by.unsigned_abs() {
                        self.handle(action);
                    }
                    return;
                }
                let focus = self.focus;
                if a.upstream.contains(at) {
                    self.focus = Pane::Upstream;
                } else if a.legacy.contains(at) {
                    self.focus = Pane::Legacy;
                } else if a.list.contains(at) {
                    let next = self.current.saturating_add_signed(by.signum());
                    self.go(next);
                    return;
                } else {
                    return;
                }
                self.scroll(by);
                self.focus = focus;
            }
        }
    }

    /// Where each item stands, for the list and tests.
    pub fn item_state(&self, item: ItemRef) -> (&'static str, &'static str) {
        let plan = self.review.plans.get(item.file);
        let state = match plan.map(|p| &p.outcome) {
            Some(FileOutcome::Modify) => plan
                .and_then(|p| p.hunks.get(item.hunk))
                .map_or("?", |h| h.status.name()),
            Some(FileOutcome::Create(_)) => "new file",
            Some(FileOutcome::Delete) => "deleted file",
            Some(FileOutcome::Unchanged) => "unchanged",
            Some(FileOutcome::Blocked(_)) => "blocked",
            None => "?",
        };
        let decision = match self.decisions.get(item) {
            Some(Decision::Undecided) | None => "undecided",
            Some(Decision::Accept { .. }) => "accepted",
            Some(Decision::Skip) => "skipped",
            Some(Decision::Custom(c)) => match c.kind {
                CustomKind::Edited => "edited",
                CustomKind::Placed => "placed by hand",
            },
        };
        (state, decision)
    }

    /// The legacy rows of the change shown.
    pub fn change_rows(&self) -> Range<usize> {
        self.preview.change_rows()
    }
}

/// What the mouse did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    /// A left click.
    Click,
    /// The wheel, down.
    ScrollDown,
    /// The wheel, up.
    ScrollUp,
}
