//! How many arguments a file's calls pass. An added line that calls a
//! function with a count legacy's file never passes it, and upstream's file
//! does, relies on a signature the branch does not have (systemd's
//! `log_routing_policy_rule_debug(…, m)` gained its `m` upstream): the hunk
//! places cleanly and does not build, so a person should look.

use std::collections::BTreeSet;

use super::lines::{is_comment, is_identifier, is_word, without_strings};
use crate::text::words;

/// Words followed by `(` that are not calls.
pub(super) const NOT_CALLS: &[&[u8]] = &[
    b"if", b"while", b"for", b"switch", b"return", b"sizeof", b"typeof", b"alignof", b"match",
    b"defined", b"elif", b"not", b"and", b"or", b"in", b"assert", b"print", b"lambda", b"yield",
    b"await", b"fn", b"def", b"let", b"mut", b"impl", b"where", b"as", b"is", b"with", b"except",
];

/// The calls on `line` whose parentheses close on it: the callee as written
/// (`f`, `Type::new`) and how many arguments it passes. Methods, reached
/// through `.` or `->`, are left out: which type's method it is, a line does
/// not tell. Definitions are left out too (`def f(self, x)` counts `self`).
pub fn calls(line: &[u8]) -> Vec<(&[u8], usize)> {
    every_call(line, false)
}

/// The calls on `line` whose parentheses close on it, methods included:
/// the name called (`f` of `a.f(x)` and of `m::f(x)`) and how many
/// arguments it passes besides the receiver. Which function a method is
/// the line does not tell; a tree that defines the name once does.
pub fn named_calls(line: &[u8]) -> Vec<(&[u8], usize)> {
    every_call(line, true)
        .into_iter()
        .map(|(callee, n)| (callee.rsplit(|&b| b == b':').next().unwrap_or(callee), n))
        .collect()
}

fn every_call(line: &[u8], methods: bool) -> Vec<(&[u8], usize)> {
    let code = without_strings(line);
    let mut out = Vec::new();
    let mut path_end = 0;
    // A string literal is masked whole: a word is in one or outside.
    for word in words(line).filter(|w| code[w.start]) {
        if word.start < path_end {
            continue;
        }
        // The whole path: `Type::new`, `a::b::f`.
        let (start, mut i) = (word.start, word.end);
        while line[i..].starts_with(b"::") && line.get(i + 2).is_some_and(|&b| is_word(b)) {
            i += 2;
            while i < line.len() && is_word(line[i]) {
                i += 1;
            }
        }
        path_end = i;
        let callee = &line[start..i];
        let before = line[..start].trim_ascii_end();
        let reached = before.ends_with(b".") || before.ends_with(b"->") || before.ends_with(b"::");
        let defined = words(before)
            .last()
            .is_some_and(|w| matches!(&before[w], b"def" | b"fn"));
        // What is called is the path's last name (`vk::Info::default`).
        let last = callee.rsplit(|&b| b == b':').next().unwrap_or(callee);
        if line.get(i) != Some(&b'(')
            || (reached && !methods)
            || defined
            || !is_identifier(last)
            || callee[0].is_ascii_digit()
            || NOT_CALLS.contains(&callee)
        {
            continue;
        }
        if let Some(n) = arguments(&line[i + 1..], &code[i + 1..]) {
            out.push((callee, n));
        }
    }
    out
}

/// The `Type::function` paths among a line's [`calls`]
/// (`RaftMessage::default()`). `new` or `default` alone is a name every
/// file uses; with its type it tells an API one branch has and the other
/// lacks.
pub fn type_calls(line: &[u8]) -> Vec<&[u8]> {
    calls(line)
        .into_iter()
        .filter_map(|(path, _)| {
            let at = path.windows(2).rposition(|w| w == b"::")?;
            let ty = (path[..at].windows(2).rposition(|w| w == b"::")).map_or(0, |i| i + 2);
            let f = &path[at + 2..];
            let function = f
                .first()
                .is_some_and(|&b| b.is_ascii_lowercase() || b == b'_');
            let named = path[ty].is_ascii_uppercase() && function && is_identifier(f);
            named.then(|| &path[ty..])
        })
        .collect()
}

/// How many arguments follow an opening parenthesis, when it closes on the
/// line.
fn arguments(rest: &[u8], code: &[bool]) -> Option<usize> {
    // C's `f(void)` takes none.
    if rest.trim_ascii_start().starts_with(b"void")
        && rest.trim_ascii_start()[4..]
            .trim_ascii_start()
            .starts_with(b")")
    {
        return Some(0);
    }
    let (mut depth, mut commas, mut any) = (1usize, 0usize, false);
    for (&b, &c) in rest.iter().zip(code) {
        if !c {
            any = true;
            continue;
        }
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    // A trailing comma (`f(a, b,)`) adds no argument.
                    return Some(if any { commas + 1 } else { commas });
                }
            }
            b',' if depth == 1 => {
                commas += 1;
                any = false;
                continue;
            }
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            any = true;
        }
    }
    None
}

/// The argument counts legacy's file and upstream's pass one callee.
pub type BothCounts = (BTreeSet<usize>, BTreeSet<usize>);

/// The argument counts the lines pass `callee` (comments, `#` ones in
/// Python, name calls they do not make: `use f() instead`). Only lines that contain
/// its name are read: a file's calls are asked about a few names, and
/// reading every call of a large file costs more than the port.
pub fn counts(lines: &[Vec<u8>], callee: &[u8], python: bool) -> BTreeSet<usize> {
    let finder = memchr::memmem::Finder::new(callee);
    lines
        .iter()
        .filter(|l| finder.find(l).is_some() && !is_comment(l, python))
        .flat_map(|l| calls(l))
        .filter(|&(c, _)| c == callee)
        .map(|(_, n)| n)
        .collect()
}

/// The calls of `added` that pass a count legacy's file never passes that
/// callee and upstream's does, where the two files pass it no count in
/// common, as `f with N arguments`; `known` gives a callee's counts in
/// legacy's file and in upstream's. A count the hunk's own `removed` lines
/// pass is no sign (legacy has those lines otherwise).
pub fn changed_signatures<'l>(
    mut known: impl FnMut(&[u8]) -> BothCounts,
    removed: impl IntoIterator<Item = &'l [u8]>,
    added: impl IntoIterator<Item = &'l [u8]>,
) -> Vec<String> {
    let removed: Vec<(&[u8], usize)> = removed.into_iter().flat_map(calls).collect();
    let mut out: Vec<String> = added
        .into_iter()
        .flat_map(calls)
        .filter(|&(callee, n)| {
            if removed.contains(&(callee, n)) {
                return false;
            }
            let (had, has) = known(callee);
            // Counts both files pass are a function with optional or
            // variadic arguments (`openat`), not a changed one.
            !had.is_empty() && has.contains(&n) && had.is_disjoint(&has)
        })
        .map(|(callee, n)| with_arguments(callee, n))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A call as the explanation names it: `f with N arguments`.
pub fn with_arguments(callee: &[u8], n: usize) -> String {
    let plural = if n == 1 { "" } else { "s" };
    format!(
        "{} with {n} argument{plural}",
        String::from_utf8_lossy(callee)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Vec<(String, usize)> {
        calls(line.as_bytes())
            .into_iter()
            .map(|(c, n)| (String::from_utf8_lossy(c).into_owned(), n))
            .collect()
    }

    #[test]
    fn counts_the_arguments_of_functions_not_methods() {
        assert_eq!(
            read(r#"        log_rule_debug(tmp, tmp->family, "a, b", NULL);"#),
            [("log_rule_debug".to_string(), 4)]
        );
        assert_eq!(
            read("    let r = Resolver::new(region_id, memory_quota.clone());"),
            [("Resolver::new".to_string(), 2)]
        );
        assert_eq!(
            read("    x = conn.execute(select(t), {})"),
            [("select".to_string(), 1)]
        );
        assert_eq!(read("    flush()"), [("flush".to_string(), 0)]);
        assert_eq!(
            read("int cancel_handshake(void);"),
            [("cancel_handshake".to_string(), 0)]
        );
        assert_eq!(read("    gather(a, [b, c],)"), [("gather".to_string(), 2)]);
    }

    #[test]
    fn a_comment_naming_a_call_passes_no_count() {
        let lines = crate::text::test_lines(&[
            " * Never call this directly, use cancel_handshake() instead.",
            "        cancel_handshake(1);",
            "    // cancel_handshake(a, b) once the branch has it",
        ]);
        assert_eq!(
            counts(&lines, b"cancel_handshake", false),
            BTreeSet::from([1])
        );
    }

    #[test]
    fn leaves_out_definitions_keywords_and_unclosed_calls() {
        assert!(read("    def get(self, key):").is_empty());
        assert!(read("fn parse(input: &str) -> u8 {").is_empty());
        assert!(read("        if (r < 0)").is_empty());
        assert!(read("        r = open_file(path,").is_empty());
        assert!(read(r#"    log("call_me(a, b) later")"#)
            .iter()
            .all(|(c, _)| c == "log"));
    }

    #[test]
    fn named_calls_count_methods_by_their_name() {
        let named = |line: &str| -> Vec<(String, usize)> {
            named_calls(line.as_bytes())
                .into_iter()
                .map(|(c, n)| (String::from_utf8_lossy(c).into_owned(), n))
                .collect()
        };
        assert_eq!(
            named("    let r = cfg.build_resources(Default::default(), EngineType::RaftKv);"),
            [
                ("build_resources".to_string(), 2),
                ("default".to_string(), 0)
            ]
        );
        assert_eq!(
            named("    let s = store::Store::open(&path);"),
            [("open".to_string(), 1)]
        );
    }

    #[test]
    fn type_calls_are_a_type_and_its_function() {
        fn paths(line: &str) -> Vec<String> {
            (type_calls(line.as_bytes()).iter())
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .collect()
        }
        assert_eq!(
            paths("    let cm = ConcurrencyManager::new_for_test(1.into());"),
            ["ConcurrencyManager::new_for_test"]
        );
        assert_eq!(
            paths("    raft_client.send(1, &addr, RaftMessage::default()).unwrap();"),
            ["RaftMessage::default"]
        );
        // A variant, a module's function, a path not called, a string.
        assert!(paths("    Some(Error::Io(e)) => tikv_util::time::now(),").is_empty());
        assert!(paths("    let d = Duration::MAX;").is_empty());
        assert!(paths(r#"    log("Store::new() later");"#).is_empty());
    }

    #[test]
    fn a_call_with_a_count_only_upstream_passes_is_a_changed_signature() {
        let lines = |s: &str| s.lines().map(|l| l.as_bytes().to_vec()).collect::<Vec<_>>();
        let legacy = lines("        debug(tmp, family, \"x\", NULL);");
        let upstream = lines("        debug(tmp, family, \"x\", NULL, m);");
        let both = lines("        debug(a, b, c, d);\n        debug(a, b, c, d, e);");
        let added =
            lines("        debug(tmp, family, \"Ignoring\", NULL, m);\n        other(1, 2);");
        let added = || added.iter().map(Vec::as_slice);
        let known = |upstream: &[Vec<u8>]| {
            let legacy = legacy.clone();
            let upstream = upstream.to_vec();
            move |c: &[u8]| (counts(&legacy, c, false), counts(&upstream, c, false))
        };
        assert_eq!(
            changed_signatures(known(&upstream), [], added()),
            ["debug with 5 arguments"]
        );
        // The hunk's removed lines pass the same count: legacy writes them
        // otherwise, it does not lack the signature.
        let removed = lines("        debug(tmp, family, \"Ignoring\", NULL, m);");
        let removed = removed.iter().map(Vec::as_slice);
        assert!(changed_signatures(known(&upstream), removed, added()).is_empty());
        // A count legacy passes too: optional or variadic arguments.
        assert!(changed_signatures(known(&both), [], added()).is_empty());
    }
}
