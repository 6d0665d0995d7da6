//! How the branch writes a line upstream's file already has.
//!
//! Upstream often adds a line its file has elsewhere: one more test
//! expecting `"… IN ([POSTCOMPILE_primary_keys])"`, one more
//! `ConcurrencyManager::new_for_test(1.into())`. Where legacy has each of
//! those other lines in one other form (`[EXPANDING_primary_keys]`,
//! `ConcurrencyManager::new(1.into())`), that form is how the branch's
//! compiler renders it or its API is called, and maintainers write the
//! added line so. The pairs come from the line map's diff of the two
//! files: a changed run of lines as long in both is a line-for-line
//! rewrite.

use super::lines::{is_identifier, tokenize, uses_identifier, without_strings, FastMap};
use super::templates::Shapes;
use crate::text::differ_in_quotes_only;

/// Tokens a line needs to say how the branch writes it (`None,` says
/// nothing).
const MIN_TOKENS: usize = 4;

/// Added lines (trimmed) and the one form legacy writes them in.
#[derive(Default)]
pub struct Idioms {
    by_line: FastMap<Vec<u8>, Form>,
    /// The templates, which also tell drifted lines that are only the
    /// branch's way of making a call.
    shapes: Shapes,
}

/// How the branch writes an added line.
struct Form {
    text: Vec<u8>,
    /// A template of the branch's calls gave it (`templates.rs`), not a
    /// line upstream's file already has.
    call: bool,
}

impl Idioms {
    /// Learns from `pairs` (upstream line, legacy line rewritten in its
    /// place) the legacy form of each of `added` (trimmed upstream
    /// lines): only where every pair agrees, the forms differ in more
    /// than whitespace, and legacy never writes the line upstream's way.
    /// The templates learned for them and for the hunks' `pre`-image
    /// lines also tell which drifted lines are the branch's way of a call;
    /// `branch_has` tells the names the branch has elsewhere than legacy's
    /// file (`Shapes::learn`).
    pub fn learn(
        upstream: &[Vec<u8>],
        legacy: &[Vec<u8>],
        pairs: &[(usize, usize)],
        added: &[&[u8]],
        pre: &[&[u8]],
        branch_has: &dyn Fn(&[u8]) -> bool,
    ) -> Idioms {
        let added: std::collections::HashSet<&[u8]> = added.iter().copied().collect();
        let mut seen: FastMap<&[u8], Option<&[u8]>> = FastMap::default();
        for &(u, l) in pairs {
            let (Some(up), Some(leg)) = (upstream.get(u), legacy.get(l)) else {
                continue;
            };
            let (up, leg) = (up.trim_ascii(), leg.trim_ascii());
            if !added.contains(&up)
                || crate::text::squash_whitespace(up) == crate::text::squash_whitespace(leg)
            {
                continue;
            }
            let renamed = renamed_only(up, leg) && lacks_a_name(up, leg, legacy);
            if !renamed && !rendered_otherwise(up, leg, legacy) {
                continue;
            }
            seen.entry(up)
                .and_modify(|f| {
                    if *f != Some(leg) {
                        *f = None;
                    }
                })
                .or_insert(Some(leg));
        }
        seen.retain(|up, form| form.is_some() && !legacy.iter().any(|l| l.trim_ascii() == *up));
        let mut by_line: FastMap<Vec<u8>, Form> = seen
            .into_iter()
            .filter_map(|(up, form)| {
                let text = form?.to_vec();
                Some((up.to_vec(), Form { text, call: false }))
            })
            .collect();
        // Lines no idiom covers may still have the shape of a call the
        // branch writes otherwise; drifted pre-image lines may be that
        // shape too, which a template explains.
        let lines: Vec<&[u8]> = added.iter().chain(pre).copied().collect();
        let shapes = Shapes::learn(upstream, legacy, pairs, &lines, branch_has);
        for up in added {
            if let Some(text) = shapes.rewrite(up) {
                let call = Form { text, call: true };
                by_line.entry(up.to_vec()).or_insert(call);
            }
        }
        Idioms { by_line, shapes }
    }

    /// The templates of the branch's calls.
    pub fn shapes(&self) -> &Shapes {
        &self.shapes
    }

    /// The branch's form of an added line, trimmed, if it has one, and
    /// whether a template of its calls gave it.
    pub fn form(&self, added: &[u8]) -> Option<(&[u8], bool)> {
        if self.by_line.is_empty() {
            return None;
        }
        (self.by_line.get(added.trim_ascii())).map(|f| (f.text.as_slice(), f.call))
    }

    #[cfg(test)]
    fn of(&self, added: &[u8]) -> Option<&[u8]> {
        self.form(added).map(|(text, _)| text)
    }
}

/// Whether a name `up` has where `leg` has another is nowhere in the
/// legacy file: the branch lacks it, so upstream's line cannot stand as it
/// is. Where the branch has both names (`error!` and `warn!`), either
/// line may be meant.
fn lacks_a_name(up: &[u8], leg: &[u8], legacy: &[Vec<u8>]) -> bool {
    (tokenize(up).into_iter().zip(tokenize(leg)))
        .filter(|(x, y)| x != y)
        .any(|(x, _)| !uses_identifier(legacy, x))
}

/// Whether `leg` is `up` with only what is inside its string literals
/// changed, and some literal of upstream's is nowhere in the legacy file:
/// a test expecting what the branch renders otherwise
/// (`"x LIKE concat(concat('%%', %s), '%%')"` for upstream's
/// `"x LIKE concat('%%', %s, '%%')"`). A literal only quoted otherwise
/// (`"/path"` for `'/path'`, black's choice on the branch) renders the same,
/// and so does one whose braces or `%` are doubled: an escape for the
/// `.format(…)` or `%` the branch's statement applies to it (octavia's
/// `"if !{{ ssl_fc }}"` in a template the branch formats, where a new test
/// upstream writes without `.format` has `"if !{ ssl_fc }"`).
fn rendered_otherwise(up: &[u8], leg: &[u8], legacy: &[Vec<u8>]) -> bool {
    let (up_code, up_literals) = split_literals(up);
    let (leg_code, leg_literals) = split_literals(leg);
    up_code == leg_code
        && up_literals.len() == leg_literals.len()
        && (up_literals.iter().zip(&leg_literals))
            .filter(|(a, b)| !differ_in_quotes_only(a, b) && unescaped(a) != unescaped(b))
            .any(|(a, _)| !legacy.iter().any(|l| crate::text::contains(l, a)))
}

/// A literal with the escapes of `str.format` and `%` formatting undone.
fn unescaped(literal: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(literal.len());
    let mut i = 0;
    while i < literal.len() {
        let b = literal[i];
        if matches!(b, b'{' | b'}' | b'%') && literal.get(i + 1) == Some(&b) {
            i += 1;
        }
        out.push(b);
        i += 1;
    }
    out
}

/// A line's code with each string literal left as `""`, and the literals.
fn split_literals(line: &[u8]) -> (Vec<u8>, Vec<&[u8]>) {
    let code = without_strings(line);
    let (mut skeleton, mut literals) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < line.len() {
        if code[i] {
            skeleton.push(line[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < line.len() && !code[i] {
            i += 1;
        }
        skeleton.extend_from_slice(b"\"\"");
        literals.push(&line[start..i]);
    }
    (skeleton, literals)
}

/// Whether `leg` is `up` with some of its names written otherwise, and
/// nothing else changed: a branch's other name for an API, a constant,
/// what its compiler renders (`POSTCOMPILE_x` for `EXPANDING_x`). Lines
/// that gained or lost words (annotations, arguments) or numbers are the
/// branch's older code, which a line upstream adds anew need not follow.
fn renamed_only(up: &[u8], leg: &[u8]) -> bool {
    let (a, b) = (tokenize(up), tokenize(leg));
    a.len() == b.len()
        && a.len() >= MIN_TOKENS
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x == y || (is_identifier(x) && is_identifier(y)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &[&str]) -> Vec<Vec<u8>> {
        s.iter().map(|l| l.as_bytes().to_vec()).collect()
    }

    /// Idioms learned from one rewritten pair, for its upstream line.
    fn one(up: &str, leg: &str) -> Idioms {
        Idioms::learn(
            &lines(&[up]),
            &lines(&[leg]),
            &[(0, 0)],
            &[up.as_bytes()],
            &[],
            &|_| false,
        )
    }

    #[test]
    fn a_literal_only_quoted_otherwise_is_no_form() {
        let up = "assert route.method == 'OPTIONS'";
        let quoted = one(up, "assert route.method == \"OPTIONS\"");
        assert_eq!(quoted.of(up.as_bytes()), None);
        let rendered = one(up, "assert route.method == \"OPTIONS \"");
        assert_eq!(
            rendered.of(up.as_bytes()),
            Some(b"assert route.method == \"OPTIONS \"".as_slice())
        );
    }

    #[test]
    fn an_added_line_takes_the_form_legacy_writes_it_in() {
        let up = lines(&[
            "    let cm = ConcurrencyManager::new_for_test(1.into());",
            "    run(&cm);",
            "    let cm = ConcurrencyManager::new_for_test(1.into());",
        ]);
        let leg = lines(&[
            "    let cm = ConcurrencyManager::new(1.into());",
            "    run(&cm);",
            "    let cm = ConcurrencyManager::new(1.into());",
        ]);
        let added: [&[u8]; 2] = [
            b"let cm = ConcurrencyManager::new_for_test(1.into());",
            b"run(&cm);",
        ];
        let idioms = Idioms::learn(&up, &leg, &[(0, 0), (2, 2)], &added, &[], &|_| false);
        assert_eq!(
            idioms.of(b"        let cm = ConcurrencyManager::new_for_test(1.into());"),
            Some(&b"let cm = ConcurrencyManager::new(1.into());"[..])
        );
        assert_eq!(idioms.of(b"run(&cm);"), None);
    }

    #[test]
    fn a_string_the_branch_renders_otherwise_is_written_its_way() {
        let up = r#""x LIKE concat('%%', %s, '%%')","#;
        let leg = r#""x LIKE concat(concat('%%', %s), '%%')","#;
        let idioms = one(up, leg);
        assert_eq!(idioms.of(up.as_bytes()), Some(leg.as_bytes()));
        // Braces doubled for the branch's `.format(…)`: an escape, not a
        // rendering.
        let (up, leg) = (
            r#""    redirect scheme https if !{ ssl_fc }\n""#,
            r#""    redirect scheme https if !{{ ssl_fc }}\n""#,
        );
        assert_eq!(one(up, leg).of(up.as_bytes()), None);
        // Code outside the strings changed too: not a rendering.
        let leg = r#"expect("x LIKE concat(concat('%%', %s), '%%')"),"#;
        let idioms = one(up, leg);
        assert_eq!(idioms.of(up.as_bytes()), None);
        // Legacy has upstream's string elsewhere: either may be meant.
        let (up, leg) = (r#"log("done"),"#, r#"log("finished"),"#);
        let idioms = Idioms::learn(
            &lines(&[up]),
            &lines(&[leg, r#"    x = "done""#]),
            &[(0, 0)],
            &[up.as_bytes()],
            &[],
            &|_| false,
        );
        assert_eq!(idioms.of(up.as_bytes()), None);
    }

    #[test]
    fn forms_that_disagree_or_that_legacy_also_writes_teach_nothing() {
        // A name legacy has too: either line may be meant.
        let up = lines(&["error!(\"get region failed\"; e);", "f();"]);
        let leg = lines(&["warn!(\"get region failed\"; e);", "error!(x);"]);
        let added: [&[u8]; 1] = [b"error!(\"get region failed\"; e);"];
        let idioms = Idioms::learn(&up, &leg, &[(0, 0)], &added, &[], &|_| false);
        assert_eq!(idioms.of(added[0]), None);
        let up = lines(&["run(alpha);", "run(alpha);", "go(xxx, yyy);"]);
        let leg = lines(&[
            "run(beta);",
            "run(gamma);",
            "go(xxx, zzz);",
            "go(xxx, yyy);",
        ]);
        let added: [&[u8]; 2] = [b"run(alpha);", b"go(xxx, yyy);"];
        let idioms = Idioms::learn(&up, &leg, &[(0, 0), (1, 1), (2, 2)], &added, &[], &|_| {
            false
        });
        assert_eq!(idioms.of(b"run(alpha);"), None);
        assert_eq!(idioms.of(b"go(xxx, yyy);"), None);
        // The same renames, agreeing, are learnt.
        let idioms = Idioms::learn(&up, &leg, &[(2, 2)], &added, &[], &|_| false);
        assert_eq!(
            idioms.of(b"go(xxx, yyy);"),
            None,
            "legacy also writes it so"
        );
        // Lines that gained words or changed numbers are older code, not
        // another name.
        for (up, leg) in [
            ("client_ssl_ctx: ssl.SSLContext,", "client_ssl_ctx,"),
            (
                "conn = aiohttp.TCPConnector()",
                "conn = aiohttp.TCPConnector(loop=loop)",
            ),
            (
                "@profiling.function_call_count(variance=0.15)",
                "@profiling.function_call_count(variance=0.10)",
            ),
            (
                "_cleanup_close_ int fd = -EBADF;",
                "_cleanup_close_ int fd = -1;",
            ),
        ] {
            let idioms = one(up, leg);
            assert_eq!(idioms.of(up.as_bytes()), None, "{up}");
        }
    }
}
