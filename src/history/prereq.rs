//! The upstream commits that changed a hunk's function between the fork
//! point and the fix: what may have to be ported first.
//!
//! A hunk that needs adaptation, or finds no place, often does so because
//! upstream reworked its function after legacy forked. Two ways to follow
//! the function back, as `git log -L` does:
//!
//! - by **symbol** (Rust, Python, C): for every commit in `fork..fix^` that
//!   touches the file, outline the file before and after and compare the
//!   function's text. Each commit is judged on its own, so merges and
//!   parallel branches need no line bookkeeping; a commit in which the
//!   function appears is where it was added (or renamed to its name).
//! - by **lines** (other files, or code outside any function): the range is
//!   mapped back commit by commit, newest first, through each commit's line
//!   changes, and a commit whose change meets the range is listed.
//!
//! Each commit found is **incidental** when its change within the function
//! is whitespace only or a consistent renaming of identifiers, and a
//! **likely prerequisite** otherwise. Renames of the file are not followed.

use std::ops::Range;

use serde::Serialize;

use super::HistoryError;
use crate::git::{line_changes, LineChange, Oid, Repo};
use crate::syntax::{cached_outline, Lang};
use crate::text::Text;

/// What to follow back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Target {
    /// A function by its qualified path (`["impl Parser", "fn header"]`).
    Symbol(Vec<String>),
    /// Lines of the file at the fix's parent (0-based, end exclusive).
    Lines(Range<usize>),
}

impl Target {
    /// How the target is shown: `impl Parser > fn header`, `lines 10-20`.
    pub fn display(&self) -> String {
        match self {
            Target::Symbol(q) => q.join(" > "),
            Target::Lines(r) => format!("lines {}-{}", r.start + 1, r.end),
        }
    }
}

/// How much a commit matters to the fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrereqKind {
    /// It changed the function's code: port it first, or adapt by hand.
    Likely,
    /// Whitespace or identifier renames only.
    Incidental,
}

/// One upstream commit that changed the target before the fix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prereq {
    /// The commit.
    #[serde(skip)]
    pub oid: Oid,
    /// Its full id.
    pub id: String,
    /// Its subject.
    pub subject: String,
    /// Likely prerequisite or incidental.
    pub kind: PrereqKind,
    /// Why, in a few words.
    pub why: String,
    /// Whether the legacy branch already carries it (filled by callers
    /// that know; `false` here).
    pub carried: bool,
}

/// The commits in `fork..fix^` that changed `target` in the file at `path`,
/// oldest first.
pub fn prerequisites(
    repo: &Repo,
    fork: Oid,
    fix: Oid,
    path: &[u8],
    target: &Target,
) -> Result<Vec<Prereq>, HistoryError> {
    let Some(parent) = repo.parents(fix)?.first().copied() else {
        return Ok(Vec::new());
    };
    let mut commits = Vec::new();
    for oid in repo.commits_between(parent, &[fork])? {
        if touches(repo, oid, path)? {
            commits.push(oid);
        }
    }
    commits.reverse();
    prerequisites_among(repo, &commits, path, target)
}

/// Whether a non-merge commit changes the file at `path`.
fn touches(repo: &Repo, oid: Oid, path: &[u8]) -> Result<bool, HistoryError> {
    let parents = repo.parents(oid)?;
    let [parent] = parents.as_slice() else {
        return Ok(false);
    };
    Ok(repo.file_id(oid, path)? != repo.file_id(*parent, path)?)
}

/// [`prerequisites`] over commits already known to touch `path`, newest
/// first, each an ancestor of the fix's parent.
pub(super) fn prerequisites_among(
    repo: &Repo,
    commits: &[Oid],
    path: &[u8],
    target: &Target,
) -> Result<Vec<Prereq>, HistoryError> {
    let lang = Lang::from_path(path);
    let mut range = match target {
        Target::Lines(r) => Some(r.clone()),
        Target::Symbol(_) => None,
    };
    let mut found = Vec::new();
    let mut known = Known::default();
    for &oid in commits {
        let parents = repo.parents(oid)?;
        let [before_commit] = parents.as_slice() else {
            continue;
        };
        let after = repo.blob_at(oid, path)?.unwrap_or_default();
        let before = repo.blob_at(*before_commit, path)?.unwrap_or_default();
        let change = match (target, lang, &mut range) {
            (Target::Symbol(q), Some(lang), _) => {
                let ids = (
                    repo.file_id(oid, path)?,
                    repo.file_id(*before_commit, path)?,
                );
                known.change(lang, q, (&before, ids.1), (&after, ids.0))
            }
            (_, _, Some(r)) => {
                let (change, old) = lines_change(&before, &after, r)?;
                *r = old;
                change
            }
            // A symbol in a language ferry does not parse: nothing to follow.
            _ => None,
        };
        if let Some((kind, why)) = change {
            let info = repo.commit_info(oid)?;
            found.push(Prereq {
                oid,
                id: info.id.clone(),
                subject: info.summary(),
                kind,
                why,
                carried: false,
            });
        }
        if range.as_ref().is_some_and(|r| r.is_empty()) {
            break;
        }
    }
    found.reverse();
    Ok(found)
}

/// What to follow for a hunk whose pre-image is `old_start`/`old_len`
/// (1-based, as in the hunk header) in the file at the fix's parent: the
/// function around it, else its lines.
pub fn target_for_hunk(
    repo: &Repo,
    fix: Oid,
    path: &[u8],
    old_start: usize,
    old_len: usize,
) -> Result<Target, HistoryError> {
    let first = old_start.saturating_sub(1);
    let lines = Target::Lines(first..first + old_len.max(1));
    let (Some(lang), Some(parent)) = (Lang::from_path(path), repo.parents(fix)?.first().copied())
    else {
        return Ok(lines);
    };
    let Some(bytes) = repo.blob_at(parent, path)? else {
        return Ok(lines);
    };
    let Ok(outline) = cached_outline(lang, &bytes) else {
        return Ok(lines);
    };
    // The line the hunk changes first, past its leading context.
    let probe = first + old_len.min(3);
    Ok(outline
        .enclosing(probe)
        .or_else(|| outline.enclosing(first))
        .map_or(lines, |s| Target::Symbol(s.qualified.clone())))
}

/// The function's text in the file versions seen so far, by blob id.
///
/// Walking newest first, a commit's "after" is usually the "before" of
/// the commit just walked, and most commits touching the file leave the
/// function alone: when the function's text is found verbatim in the older
/// version, it is taken as unchanged without parsing, so a file is parsed
/// only where the function changed.
#[derive(Default)]
struct Known {
    texts: std::collections::HashMap<Oid, Option<Vec<Vec<u8>>>>,
}

impl Known {
    /// The function's lines in one version of the file.
    fn text(
        &mut self,
        lang: Lang,
        qualified: &[String],
        bytes: &[u8],
        id: Option<Oid>,
    ) -> Option<Vec<Vec<u8>>> {
        if let Some(text) = id.and_then(|id| self.texts.get(&id)) {
            return text.clone();
        }
        let text = symbol_text(lang, qualified, bytes);
        if let Some(id) = id {
            self.texts.insert(id, text.clone());
        }
        text
    }

    /// The function `qualified` before and after a commit, judged.
    fn change(
        &mut self,
        lang: Lang,
        qualified: &[String],
        (before, before_id): (&[u8], Option<Oid>),
        (after, after_id): (&[u8], Option<Oid>),
    ) -> Option<(PrereqKind, String)> {
        let after_text = self.text(lang, qualified, after, after_id)?;
        if let Some(id) = before_id {
            if !self.texts.contains_key(&id) && contains_block(before, &after_text) {
                self.texts.insert(id, Some(after_text));
                return None;
            }
        }
        let name = qualified.join(" > ");
        match self.text(lang, qualified, before, before_id) {
            None => Some((PrereqKind::Likely, format!("adds {name}"))),
            Some(b) if b == after_text => None,
            Some(b) => Some(judge(&b, &after_text)),
        }
    }
}

/// The lines of the function `qualified` in a file.
fn symbol_text(lang: Lang, qualified: &[String], bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    let outline = cached_outline(lang, bytes).ok()?;
    let symbol = outline.find_qualified(qualified).into_iter().next()?;
    let text = Text::parse(bytes);
    text.lines
        .get(symbol.lines.clone())
        .map(<[Vec<u8>]>::to_vec)
}

/// Whether `lines`, joined with newlines, occur in `bytes` as whole lines.
fn contains_block(bytes: &[u8], lines: &[Vec<u8>]) -> bool {
    let mut block = Vec::new();
    for line in lines {
        block.extend_from_slice(line);
        block.push(b'\n');
    }
    memchr::memmem::find_iter(bytes, &block).any(|at| at == 0 || bytes.get(at - 1) == Some(&b'\n'))
}

/// A commit's kind and why.
type Judged = (PrereqKind, String);

/// Whether a commit changed lines `range` of its result, and where those
/// lines were before it.
fn lines_change(
    before: &[u8],
    after: &[u8],
    range: &Range<usize>,
) -> Result<(Option<Judged>, Range<usize>), HistoryError> {
    let (b, a) = (Text::parse(before), Text::parse(after));
    let changes = line_changes(before, after)?;
    let map = new_to_old(&changes, a.len());
    let olds: Vec<usize> = map
        .get(range.clone())
        .unwrap_or_default()
        .iter()
        .flatten()
        .copied()
        .collect();
    let old = match (olds.first(), olds.last()) {
        (Some(&s), Some(&e)) => s..e + 1,
        _ => 0..0,
    };
    let after_lines = a.lines.get(range.clone()).unwrap_or_default();
    let before_lines = b.lines.get(old.clone()).unwrap_or_default();
    if after_lines == before_lines {
        return Ok((None, old));
    }
    let change = if old.is_empty() {
        (
            PrereqKind::Likely,
            format!("adds lines {}-{}", range.start + 1, range.end),
        )
    } else {
        judge(before_lines, after_lines)
    };
    Ok((Some(change), old))
}

/// For each line of the new file, the old line it was (`None`: added).
fn new_to_old(changes: &[LineChange], new_len: usize) -> Vec<Option<usize>> {
    let mut map = Vec::with_capacity(new_len);
    let mut old = 0;
    for c in changes {
        let new_start = if c.new_len > 0 {
            c.new_start.saturating_sub(1)
        } else {
            c.new_start
        };
        while map.len() < new_start {
            map.push(Some(old));
            old += 1;
        }
        map.extend(std::iter::repeat_n(None, c.new_len));
        old += c.old_len;
    }
    while map.len() < new_len {
        map.push(Some(old));
        old += 1;
    }
    map
}

/// Incidental (whitespace, renames) or likely, with why.
fn judge(before: &[Vec<u8>], after: &[Vec<u8>]) -> (PrereqKind, String) {
    let squash = |lines: &[Vec<u8>]| -> Vec<u8> {
        lines
            .iter()
            .flatten()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect()
    };
    if squash(before) == squash(after) {
        return (PrereqKind::Incidental, "whitespace only".into());
    }
    if let Some(renames) = renames(&tokens(before), &tokens(after)) {
        let shown: Vec<String> = renames
            .iter()
            .map(|(a, b)| {
                format!(
                    "{} -> {}",
                    String::from_utf8_lossy(a),
                    String::from_utf8_lossy(b)
                )
            })
            .collect();
        return (
            PrereqKind::Incidental,
            format!("renames {}", shown.join(", ")),
        );
    }
    (PrereqKind::Likely, "changes its code".into())
}

/// Identifiers, numbers and single punctuation bytes; whitespace dropped.
fn tokens(lines: &[Vec<u8>]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    for line in lines {
        let mut i = 0;
        while let Some(&b) = line.get(i) {
            let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
            let len = if word(&b) {
                line.get(i..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| word(b))
                    .count()
            } else {
                1
            };
            if !b.is_ascii_whitespace() {
                if let Some(t) = line.get(i..i + len) {
                    out.push(t);
                }
            }
            i += len;
        }
    }
    out
}

/// The identifier renames that turn `before` into `after`, when that is
/// all that differs and each name maps one to one.
fn renames<'a>(before: &[&'a [u8]], after: &[&'a [u8]]) -> Option<Vec<(&'a [u8], &'a [u8])>> {
    if before.len() != after.len() {
        return None;
    }
    let ident = |t: &[u8]| {
        t.first()
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
    };
    let mut pairs: Vec<(&[u8], &[u8])> = Vec::new();
    for (&b, &a) in before.iter().zip(after) {
        if a == b {
            if pairs.iter().any(|(x, y)| (*x == b) != (*y == a)) {
                return None;
            }
            continue;
        }
        if !ident(a) || !ident(b) {
            return None;
        }
        if pairs.iter().any(|(x, y)| (*x == b) != (*y == a)) {
            return None;
        }
        if !pairs.contains(&(b, a)) {
            pairs.push((b, a));
        }
    }
    (!pairs.is_empty()).then_some(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<Vec<u8>> {
        s.lines().map(|l| l.as_bytes().to_vec()).collect()
    }

    #[test]
    fn judges_whitespace_renames_and_code() {
        let a = lines("int f(int n) {\n  return n + 1;\n}");
        assert_eq!(
            judge(&a, &lines("int f(int n)\n{\n\treturn n+1;\n}")).0,
            PrereqKind::Incidental
        );
        let (kind, why) = judge(&a, &lines("int f(int count) {\n  return count + 1;\n}"));
        assert_eq!(
            (kind, why.as_str()),
            (PrereqKind::Incidental, "renames n -> count")
        );
        assert_eq!(
            judge(&a, &lines("int f(int n) {\n  return n + 2;\n}")).0,
            PrereqKind::Likely
        );
        // Two names becoming one is not a rename.
        let b = lines("a = x + y;");
        assert_eq!(judge(&b, &lines("a = z + z;")).0, PrereqKind::Likely);
    }

    #[test]
    fn maps_new_lines_to_old() {
        // old: a b c d ; new: a X c d Y  (b replaced by X, Y appended)
        let changes = [
            LineChange {
                old_start: 2,
                old_len: 1,
                new_start: 2,
                new_len: 1,
            },
            LineChange {
                old_start: 4,
                old_len: 0,
                new_start: 5,
                new_len: 1,
            },
        ];
        assert_eq!(
            new_to_old(&changes, 5),
            vec![Some(0), None, Some(2), Some(3), None]
        );
    }
}
