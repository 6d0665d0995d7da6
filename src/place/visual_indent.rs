//! Python continuation lines aligned as the branch's lint aligns them.
//!
//! pycodestyle's E12x rules put a line that continues a bracket either
//! right under the first token after the bracket (a visual indent) or one
//! step in from the line that opened it (a hanging indent), and every later
//! line of the bracket where the first one went. OpenStack's stable
//! branches still run them; upstream's newer lint does not, and its added
//! lines come a column off: ironic's `tear_down_inspection=True):` one
//! space right of the `(` it continues, a second argument a space further
//! in than the first. Maintainers re-align such lines to pass the branch's
//! CI, and so does the port, where the legacy file itself keeps the rules.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::adapt::Adaptation;
use super::candidates::FileInput;
use super::indentation::{Scan, Token};
use super::result::{composed, Candidate, HunkPlan};
use crate::syntax::Lang;
use crate::text::{indentation, is_word};

/// Continuation lines of legacy's the rules must have checked before the
/// file counts as keeping them.
const MIN_CHECKED: usize = 5;
/// Checked lines per one that breaks the rules a file may have and still
/// count as keeping them: pycodestyle leaves E121 and E126 off by default,
/// and the rules here leave out some of what it accepts.
const CHECKED_PER_BROKEN: usize = 100;
/// The furthest an added line is moved: a bracket a rename shifted, a space
/// too many. A line further off was laid out so on purpose.
const MAX_SHIFT: usize = 2;

/// Which of pycodestyle's continuation-line checks a branch's lint runs,
/// as the moves they ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContinuationLint {
    /// A line under the visual indent moves right (E128).
    pub under_visual: bool,
    /// A line over the visual indent moves left (E127).
    pub over_visual: bool,
    /// A line over its hanging indent moves left (E126).
    pub over_hanging: bool,
}

impl ContinuationLint {
    /// Every check on: what a file that keeps the rules suggests.
    pub const ALL: ContinuationLint = ContinuationLint {
        under_visual: true,
        over_visual: true,
        over_hanging: true,
    };
}

/// Re-aligns the added continuation lines of the offered candidates of a
/// Python file whose legacy version keeps pycodestyle's alignment.
pub fn align(input: &FileInput<'_>, plans: &mut [HunkPlan]) {
    let lint = input
        .python
        .continuation_lint
        .unwrap_or(ContinuationLint::ALL);
    if Lang::from_path(input.path) != Some(Lang::Python)
        || !(lint.under_visual || lint.over_visual || lint.over_hanging)
    {
        return;
    }
    let legacy = &input.legacy.lines;
    let legacy_lines: Vec<&[u8]> = legacy.iter().map(Vec::as_slice).collect();
    if legacy_lines.iter().any(|l| tab_indented(l)) {
        return;
    }
    let kept = walk(&legacy_lines, None, lint);
    if kept.checked < MIN_CHECKED || kept.broken * CHECKED_PER_BROKEN > kept.checked {
        return;
    }
    let chosen: Vec<(usize, &Candidate)> = (plans.iter().enumerate())
        .filter_map(|(i, p)| Some((i, p.offered()?)))
        .collect();
    let Ok(port) = composed(legacy, &chosen) else {
        return;
    };
    // Which port line is which line of which candidate, and whether it is
    // new: legacy's own lines inside a span are left as they are.
    let spans: HashMap<usize, HashSet<&[u8]>> = (chosen.iter())
        .map(|&(h, c)| {
            let span = legacy.get(c.span.clone()).unwrap_or_default();
            (h, span.iter().map(Vec::as_slice).collect())
        })
        .collect();
    let mut origin: Vec<Option<(usize, usize)>> = Vec::with_capacity(port.len());
    let mut new = Vec::with_capacity(port.len());
    let mut at = 0;
    for (k, &(line, hunk)) in port.iter().enumerate() {
        let place = hunk.map(|h| {
            let starts = k == 0 || port[k - 1].1 != Some(h);
            at = if starts { 0 } else { at + 1 };
            (h, at)
        });
        let own = place.and_then(|(h, _)| Some(!spans.get(&h)?.contains(line)));
        origin.push(place);
        new.push(own.unwrap_or(false));
    }
    let lines: Vec<&[u8]> = port.iter().map(|&(l, _)| l).collect();
    let fixes = walk(&lines, Some(&new), lint).fixes;
    let mut by_hunk: HashMap<usize, Vec<(usize, Vec<u8>)>> = HashMap::new();
    for (k, text) in fixes {
        if let Some(Some((h, i))) = origin.get(k) {
            by_hunk.entry(*h).or_default().push((*i, text));
        }
    }
    for (h, fixed) in by_hunk {
        let Some(c) = plans.get_mut(h).and_then(|p| p.candidates.first_mut()) else {
            continue;
        };
        let count = fixed.len();
        for (i, text) in fixed {
            if let Some(line) = c.lines.get_mut(i) {
                *line = text;
            }
        }
        c.adaptations
            .push(Adaptation::AlignedContinuation { count });
    }
}

/// Whether a tab indents the line: its columns depend on the tab width,
/// which the rules here do not guess.
fn tab_indented(line: &[u8]) -> bool {
    line.iter()
        .take_while(|b| b.is_ascii_whitespace())
        .any(|&b| b == b'\t')
}

/// Columns of indentation, for lines indented with spaces alone (tabs
/// are left alone).
fn indent(line: &[u8]) -> usize {
    indentation(line).len()
}

/// For each line, whether the logical line it belongs to ends with `:`
/// (a `def`, an `if`): pycodestyle lets its continuation lines hang two
/// steps in, apart from the block that follows. `None` for a file the
/// scan cannot read.
fn opens_block(lines: &[&[u8]]) -> Option<Vec<bool>> {
    let mut out = vec![false; lines.len()];
    let mut scan = Scan::default();
    let (mut start, mut last) = (0, None);
    for (k, line) in lines.iter().enumerate() {
        if scan.at_statement() {
            start = k;
        }
        last = scan.line(line).ok()?.or(last);
        if scan.at_statement() {
            let colon = last == Some(b':');
            out[start..=k].iter_mut().for_each(|o| *o = colon);
        }
    }
    Some(out)
}

/// A bracket left open.
struct Bracket {
    col: usize,
    /// The line it opens on.
    row: usize,
    /// That line's indentation.
    base: usize,
    /// The column of the first token after it on its line.
    visual: Option<usize>,
    /// The indentation of its first continuation line, when it has no
    /// visual indent.
    hang: Option<usize>,
    /// The indentation of lines inside it that end with `:` (a dict's key
    /// whose value goes on the next line hangs from there).
    colon_rows: Vec<usize>,
}

/// What walking a file's lines found.
#[derive(Default)]
struct Walked {
    /// Continuation lines the rules checked.
    checked: usize,
    /// Those that break them.
    broken: usize,
    /// Lines to re-align, by index, as they are to be written.
    fixes: Vec<(usize, Vec<u8>)>,
}

/// Checks every continuation line of `lines` against the rules; where
/// `fixable` says a line may move, re-aligns one that breaks them by a
/// column or two.
fn walk(lines: &[&[u8]], fixable: Option<&[bool]>, lint: ContinuationLint) -> Walked {
    let mut out = Walked::default();
    let Some(next_block) = opens_block(lines) else {
        return out;
    };
    let mut open: Vec<Bracket> = Vec::new();
    let mut scan = Scan::default();
    // Columns a continuation line may line up with: true for a bracket's
    // first token or the word after `if`/`assert`, false for the start of
    // a string.
    let mut chances: HashMap<usize, bool> = HashMap::new();
    // The indentation of the logical line the current line belongs to.
    let mut logical = 0usize;
    // Per depth, the indentation of the lines of the statement that opened
    // a bracket there: pycodestyle measures a hanging indent from any of
    // them (`("…"` then `"…").format(` on the next line, whose arguments
    // hang from the first).
    let mut opened: Vec<Vec<usize>> = Vec::new();
    for (k, &raw) in lines.iter().enumerate() {
        let mut line = Cow::Borrowed(raw);
        let starts = scan.at_statement();
        if starts {
            logical = indent(raw);
            chances.clear();
            opened.clear();
        }
        let first = raw.iter().find(|b| !b.is_ascii_whitespace()).copied();
        let continues = !scan.in_string()
            && first.is_some_and(|b| !matches!(b, b'#' | b')' | b']' | b'}'))
            && !tab_indented(raw);
        let depth = open.len().saturating_sub(1);
        if let Some(b) = open.last_mut().filter(|_| continues) {
            let col = indent(raw);
            let block = next_block[k] && col == logical + 8;
            let bases = opened.get(depth).map_or(&[][..], Vec::as_slice);
            let accepted = bases.iter().any(|&base| col == base + 4)
                || block
                || b.colon_rows.iter().any(|&r| col == r + 4)
                || b.visual == Some(col)
                || b.hang == Some(col)
                || chances.contains_key(&col);
            let under_visual =
                b.visual.is_some_and(|v| col < v) && chances.get(&col) != Some(&true);
            let good = accepted && !under_visual;
            out.checked += 1;
            out.broken += usize::from(!good);
            // A first hanging line any whole number of steps in is
            // pycodestyle's default too.
            let off_steps = col.checked_sub(b.base).is_none_or(|h| h % 4 != 0);
            let may_move = fixable.is_some_and(|f| f.get(k) == Some(&true));
            if may_move && !good && (b.visual.is_some() || b.hang.is_some() || off_steps) {
                let target = b
                    .visual
                    .or(b.hang)
                    .unwrap_or(if next_block[k] && b.base == logical {
                        logical + 8
                    } else {
                        b.base + 4
                    });
                // Only the moves the branch's lint asks for.
                let asked = if target > col {
                    b.visual.is_none() || lint.under_visual
                } else if b.visual.is_some() {
                    lint.over_visual
                } else {
                    lint.over_hanging
                };
                if target != col && target.abs_diff(col) <= MAX_SHIFT && asked {
                    let mut text = vec![b' '; target];
                    text.extend_from_slice(&raw[col..]);
                    out.fixes.push((k, text.clone()));
                    line = Cow::Owned(text);
                }
            }
            if b.visual.is_none() && b.hang.is_none() {
                b.hang = Some(indent(&line));
            }
        }
        let mut first_token = true;
        let read = scan.tokens(&line, |col, token| {
            if let Some(b) = open.last_mut() {
                if b.row == k && b.visual.is_none() {
                    b.visual = Some(col);
                    chances.insert(col, true);
                }
            }
            match token {
                Token::Open => {
                    let depth = open.len();
                    if opened.len() <= depth {
                        opened.resize(depth + 1, Vec::new());
                    }
                    opened[depth].push(indent(&line));
                    open.push(Bracket {
                        col,
                        row: k,
                        base: indent(&line),
                        visual: None,
                        hang: None,
                        colon_rows: Vec::new(),
                    })
                }
                Token::Close => {
                    if let Some(b) = open.pop() {
                        chances.retain(|&c, _| c <= b.col);
                        // Brackets deeper than the one closed are forgotten.
                        opened.truncate(open.len() + 1);
                    }
                }
                Token::Str => {
                    chances.entry(col).or_insert(false);
                }
                Token::Other if starts && first_token => {
                    let len = line[col..].iter().take_while(|&&b| is_word(b)).count();
                    if [&b"if"[..], b"assert", b"raise", b"with"].contains(&&line[col..col + len]) {
                        chances.insert(col + len + 1, true);
                    }
                }
                Token::Other => {}
            }
            first_token = false;
        });
        // A line Python would not read ends the walk: what follows is
        // not read as it should be.
        let Ok(last) = read else {
            break;
        };
        if let Some(b) = open.last_mut().filter(|_| !scan.in_string()) {
            if last == Some(b':') {
                b.colon_rows.push(indent(&line));
            }
        }
    }
    out
}

/// The lines of `text` a test reads.
#[cfg(test)]
fn lines(text: &str) -> Vec<&[u8]> {
    text.lines().map(str::as_bytes).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str, fixable: &[usize]) -> Vec<(usize, String)> {
        let ls = lines(text);
        let may: Vec<bool> = (0..ls.len()).map(|k| fixable.contains(&k)).collect();
        walk(&ls, Some(&may), ContinuationLint::ALL)
            .fixes
            .into_iter()
            .map(|(k, t)| (k, String::from_utf8_lossy(&t).into_owned()))
            .collect()
    }

    #[test]
    fn a_line_off_the_visual_indent_moves_under_the_bracket() {
        let text = "def f(task, logmsg,\n      traceback=False):\n    pass\n";
        let off = "def f(task, logmsg,\n       traceback=False):\n    pass\n";
        assert_eq!(fixed(text, &[1]), vec![]);
        assert_eq!(
            fixed(off, &[1]),
            vec![(1, "      traceback=False):".to_string())]
        );
        // Only a line that may move moves.
        assert_eq!(fixed(off, &[]), vec![]);
    }

    #[test]
    fn a_hanging_indent_may_hang_from_an_earlier_bracket_of_the_same_depth() {
        // Octavia's tests: the `.format(` arguments hang from the line
        // that opened the string's `(`, as pycodestyle accepts.
        let text = "x = f(\n    (\"a\"\n     \"b\").format(\n        c=1,\n        d=2))\n";
        assert_eq!(fixed(text, &[3, 4]), vec![]);
        // Two columns off both, a line still moves, to the innermost one.
        let off = "x = f(\n    (\"a\"\n     \"b\").format(\n          c=1,\n          d=2))\n";
        assert_eq!(
            fixed(off, &[3, 4]),
            vec![
                (3, "         c=1,".to_string()),
                (4, "         d=2))".to_string())
            ]
        );
    }

    #[test]
    fn a_later_hanging_line_follows_the_first() {
        let text = "call(\n    a, b,\n     c)\n";
        assert_eq!(fixed(text, &[2]), vec![(2, "    c)".to_string())]);
    }

    #[test]
    fn a_def_hangs_two_steps_in() {
        let text = "class T:\n    def test(\n          self, x):\n        pass\n";
        assert_eq!(
            fixed(text, &[2]),
            vec![(2, "            self, x):".to_string())]
        );
    }

    #[test]
    fn a_line_far_off_or_whole_steps_in_stays() {
        // Upstream's own layout, not a slip: psycopg's generated classes.
        let far = "class NoData(DatabaseError,\n    code='02000'):\n    pass\n";
        assert_eq!(fixed(far, &[1]), vec![]);
        let steps = "x = f(\n        a)\n";
        assert_eq!(fixed(steps, &[1]), vec![]);
    }

    proptest::proptest! {
        /// Whatever the bytes, a fix only moves a line's text, and by no
        /// more than two columns.
        #[test]
        fn a_fix_only_shifts_a_line_a_little(
            text in proptest::collection::vec(
                proptest::sample::select(&b" \t\n()[]{}:,#'\"\\abdefif"[..]),
                0..400,
            )
        ) {
            let ls: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
            let may = vec![true; ls.len()];
            for (k, fixed) in walk(&ls, Some(&may), ContinuationLint::ALL).fixes {
                let was = ls[k];
                proptest::prop_assert_eq!(fixed.trim_ascii_start(), was.trim_ascii_start());
                proptest::prop_assert!(indent(&fixed).abs_diff(indent(was)) <= MAX_SHIFT);
            }
        }
    }

    #[test]
    fn strings_comments_and_kept_lines_are_read_as_python_does() {
        let text = "x = f('(',  # (\n      b)\ns = \"\"\"\n  (\n\"\"\"\n";
        let walked = walk(&lines(text), None, ContinuationLint::ALL);
        assert_eq!((walked.checked, walked.broken), (1, 0));
        let dict = "d = {\n    'k':\n        v,\n}\n";
        let walked = walk(&lines(dict), None, ContinuationLint::ALL);
        assert_eq!((walked.checked, walked.broken), (2, 0));
        let cond = "if (a\n        and b):\n    pass\n";
        assert_eq!(walk(&lines(cond), None, ContinuationLint::ALL).broken, 0);
    }
}
