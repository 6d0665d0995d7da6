//! The structural step: the hunk's enclosing function upstream, found again
//! in the legacy file by qualified name, then by bare name.
//!
//! This is what follows a function that moved elsewhere in the file, into an
//! `impl` or a class, or past large insertions, where neither the expected
//! line nor the line map can say where it went. Files are parsed lazily:
//! only when some hunk of the file did not land exactly.

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

use super::lines::{is_comment, is_word};
use crate::syntax::{cached_outline, Lang, Outline, Symbol};
use crate::text::Text;

/// Outlines of the two files, parsed on first use.
#[derive(Default)]
pub struct Outlines {
    lang: Option<Lang>,
    base: OnceCell<Option<Arc<Outline>>>,
    legacy: OnceCell<Option<Arc<Outline>>>,
}

/// Where the structural step looks, and what it matched.
pub struct Found {
    /// The legacy symbol's lines.
    pub window: Range<usize>,
    /// The upstream symbol, as `impl Parser > fn header`.
    pub upstream: String,
    /// The legacy symbol it matched.
    pub legacy: String,
}

fn outline(lang: Lang, text: &Text) -> Option<Arc<Outline>> {
    cached_outline(lang, &text.to_bytes()).ok()
}

impl Outlines {
    /// Outlines for a file at `path` (nothing for languages without a grammar).
    pub fn new(path: &[u8]) -> Outlines {
        Outlines {
            lang: Lang::from_path(path),
            ..Outlines::default()
        }
    }

    fn base(&self, base: Option<&Text>) -> Option<Arc<Outline>> {
        let lang = self.lang?;
        self.base
            .get_or_init(|| base.and_then(|b| outline(lang, b)))
            .clone()
    }

    fn legacy(&self, legacy: &Text) -> Option<Arc<Outline>> {
        let lang = self.lang?;
        self.legacy.get_or_init(|| outline(lang, legacy)).clone()
    }

    /// The legacy counterpart of the function enclosing upstream line
    /// `base_line` (when the upstream file is known), else of the function
    /// git named in the hunk header (`section`). The candidate nearest
    /// `expected` wins.
    pub fn find(
        &self,
        base: Option<&Text>,
        base_line: Option<usize>,
        section: &[u8],
        legacy: &Text,
        expected: usize,
    ) -> Option<Found> {
        if base_line.is_none() || base.is_none() {
            // Only a name to go by: parse around the places it occurs rather
            // than the whole file (parsing dominates planning otherwise).
            let name = section_name(section)?;
            return self.find_by_regions(&name, legacy, expected);
        }
        let legacy_outline = self.legacy(legacy)?;
        let upstream_symbol = base_line.and_then(|l| {
            let o = self.base(base)?;
            o.enclosing(l).cloned()
        });
        let (upstream, matches): (String, Vec<&Symbol>) = match &upstream_symbol {
            Some(sym) => {
                let mut m = legacy_outline.find_qualified(&sym.qualified);
                if m.is_empty() {
                    m = legacy_outline.find_by_name(sym.kind, &sym.name);
                }
                if m.is_empty() {
                    m = by_bare_name(&legacy_outline, &sym.name);
                }
                (sym.to_string(), m)
            }
            None => {
                let name = section_name(section)?;
                (name.clone(), by_bare_name(&legacy_outline, &name))
            }
        };
        let best = matches
            .into_iter()
            .min_by_key(|s| s.lines.start.abs_diff(expected))?;
        Some(Found {
            window: best.lines.clone(),
            upstream,
            legacy: legacy_outline.display(best),
        })
    }
}

impl Outlines {
    /// The function `name` in the legacy file, found by parsing only the
    /// lines around where the name is followed by `(`, widening the region
    /// while the function runs past its end.
    fn find_by_regions(&self, name: &str, legacy: &Text, expected: usize) -> Option<Found> {
        let lang = self.lang?;
        let n = legacy.lines.len();
        let mut hits: Vec<usize> = legacy
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| names_call(l, name.as_bytes()))
            .map(|(i, _)| i)
            .collect();
        hits.sort_by_key(|&h| h.abs_diff(expected));
        for &hit in hits.iter().take(MAX_REGIONS) {
            let start = hit.saturating_sub(REGION_BEFORE);
            let mut after = REGION_AFTER;
            loop {
                let end = (hit + after).min(n);
                let mut bytes = Vec::new();
                for line in &legacy.lines[start..end] {
                    bytes.extend_from_slice(line);
                    bytes.push(b'\n');
                }
                let outline = crate::syntax::outline(lang, &bytes).ok()?;
                let here = hit - start;
                let containing: Vec<&Symbol> = outline
                    .symbols()
                    .iter()
                    .filter(|s| s.is_function() && s.lines.contains(&here))
                    .collect();
                let Some(sym) = containing
                    .iter()
                    .filter(|s| s.name == name)
                    .min_by_key(|s| s.lines.len())
                else {
                    // A function cut off by the region's end may not parse
                    // at all: widen; a call inside another function: next.
                    if containing.is_empty() && end < n {
                        after *= 4;
                        continue;
                    }
                    break;
                };
                // Trailing blank lines and comments are no function's: one
                // ends inside the region only where code follows it there.
                let code_after = (legacy.lines.get(start + sym.lines.end..end))
                    .is_some_and(|rest| rest.iter().any(|l| is_code(l, lang)));
                if !code_after && end < n {
                    after *= 4;
                    continue;
                }
                return Some(Found {
                    window: sym.lines.start + start..sym.lines.end + start,
                    upstream: name.to_string(),
                    legacy: outline.display(sym),
                });
            }
        }
        None
    }
}

/// How many places naming the function are parsed around, nearest first.
const MAX_REGIONS: usize = 8;
/// Lines parsed above a place naming the function (attributes, comments).
const REGION_BEFORE: usize = 40;
/// Lines first parsed below it; multiplied by 4 while the function runs past.
const REGION_AFTER: usize = 300;

/// Whether a line is code: not blank, not only a comment.
fn is_code(line: &[u8], lang: Lang) -> bool {
    let t = line.trim_ascii();
    !t.is_empty() && !is_comment(t, lang == Lang::Python)
}

/// Whether `line` has `name` as a whole word followed by `(`.
fn names_call(line: &[u8], name: &[u8]) -> bool {
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&line[from..], name) {
        let i = from + at;
        let before_ok = i == 0 || !is_word(line[i - 1]);
        let rest = &line[i + name.len()..];
        let after_ok = rest.trim_ascii_start().starts_with(b"(");
        if before_ok && after_ok && !rest.first().is_some_and(|&b| is_word(b)) {
            return true;
        }
        from = i + 1;
    }
    false
}

fn by_bare_name<'a>(outline: &'a Outline, name: &str) -> Vec<&'a Symbol> {
    outline
        .symbols()
        .iter()
        .filter(|s| s.is_function() && s.name == name)
        .collect()
}

/// The function name in git's hunk-header context: the identifier right
/// before the first `(`, e.g. `parse_header` in
/// `static int parse_header(struct buf *b)` or `def parse_header(self):`.
pub fn section_name(section: &[u8]) -> Option<String> {
    let paren = section.iter().position(|&b| b == b'(')?;
    let head = section[..paren].trim_ascii_end();
    let start = head
        .iter()
        .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .map_or(0, |i| i + 1);
    let name = &head[start..];
    (!name.is_empty() && !name[0].is_ascii_digit())
        .then(|| String::from_utf8_lossy(name).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_hunk_headers() {
        assert_eq!(
            section_name(b"static int parse_header(struct buf *b)").as_deref(),
            Some("parse_header")
        );
        assert_eq!(
            section_name(b"    def get(self, key):").as_deref(),
            Some("get")
        );
        assert_eq!(
            section_name(b"pub fn read_record(input: &mut dyn Read) {").as_deref(),
            Some("read_record")
        );
        assert_eq!(section_name(b"struct foo {"), None);
    }

    #[test]
    fn finds_a_function_that_moved_into_an_impl() {
        let base = Text::parse(b"fn a() {}\n\nfn header(x: u8) -> u8 {\n    x + 1\n}\n");
        let legacy = Text::parse(b"struct P;\n\nimpl P {\n    fn other() {}\n\n    fn header(x: u8) -> u8 {\n        x + 1\n    }\n}\n");
        let o = Outlines::new(b"src/p.rs");
        let found = o.find(Some(&base), Some(3), b"", &legacy, 3).unwrap();
        assert_eq!(found.window, 5..8);
        assert_eq!(found.upstream, "fn header");
        assert_eq!(found.legacy, "impl P > fn header");
        let by_section = o
            .find(None, None, b"fn header(x: u8) -> u8 {", &legacy, 0)
            .unwrap();
        assert_eq!(by_section.window, 5..8);
    }

    #[test]
    fn regions_widen_until_the_function_ends() {
        let mut src = String::from("fn other() {}\n\nfn long_one(x: u32) -> u32 {\n");
        for i in 0..1000 {
            src.push_str(&format!("    let v{i} = x + {i};\n"));
        }
        src.push_str("    x\n}\n\nfn after() { long_one(1); }\n");
        let legacy = Text::parse(src.as_bytes());
        let o = Outlines::new(b"src/l.rs");
        let found = o
            .find(None, None, b"fn long_one(x: u32) -> u32 {", &legacy, 900)
            .unwrap();
        assert_eq!(found.window, 2..1005);
        assert_eq!(found.legacy, "fn long_one");
        assert!(names_call(b"  long_one (1)", b"long_one"));
        assert!(!names_call(b"  long_one_more(1)", b"long_one"));
        assert!(!names_call(b"  my_long_one(1)", b"long_one"));
    }

    #[test]
    fn a_region_ending_on_a_blank_line_inside_a_function_widens() {
        // The def is line 2, so the first region is lines 0 to 301: the last
        // of them is blank, inside the body, and the function seemed to end
        // before it.
        let mut src = String::from("import os\n\ndef long_one(x):\n");
        for i in 3..1000 {
            src.push_str(
                &(if i == 301 {
                    "\n".to_string()
                } else {
                    format!("    v{i} = x + {i}\n")
                }),
            );
        }
        src.push_str("    return x\n\n\ndef after():\n    long_one(1)\n");
        let legacy = Text::parse(src.as_bytes());
        let o = Outlines::new(b"pkg/l.py");
        let found = o.find(None, None, b"def long_one(x):", &legacy, 2).unwrap();
        assert_eq!(found.window.end, 1001, "{:?}", found.window);
    }
}
