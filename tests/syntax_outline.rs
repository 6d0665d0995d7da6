#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The symbol outline on real-looking Rust, Python and C: names, qualified
//! paths, widened ranges, and the questions placement asks of them.

use std::sync::Arc;

use ferry::syntax::{cached_outline, outline, Lang, Outline, Symbol};
use proptest::prelude::*;

/// The 0-based line of the only line containing `needle`.
fn line_of(source: &str, needle: &str) -> usize {
    let hits: Vec<usize> = source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(hits.len(), 1, "{needle:?} should be on exactly one line");
    hits[0]
}

/// The 0-based line of the only line that is `text` once trimmed.
fn line_is(source: &str, text: &str) -> usize {
    let hits: Vec<usize> = source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == text)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(hits.len(), 1, "{text:?} should be on exactly one line");
    hits[0]
}

/// Parses and checks the invariants every outline must keep.
fn parse(lang: Lang, source: &[u8]) -> Outline {
    let outline = outline(lang, source).expect("parses");
    check_invariants(&outline, source);
    outline
}

/// Sorted by start, parents first and around their children, paths and
/// depths consistent, ranges inside the file, and every line's enclosing
/// symbol really holding it.
fn check_invariants(outline: &Outline, source: &[u8]) {
    let line_count = source.split(|&b| b == b'\n').count();
    let symbols = outline.symbols();
    for (i, s) in symbols.iter().enumerate() {
        assert!(s.lines.start < s.lines.end, "{s}: empty range");
        assert!(s.lines.end <= line_count, "{s}: past the end");
        assert!(s.lines.start <= s.node_lines.start, "{s}: widened later");
        assert!(s.node_lines.end <= s.lines.end, "{s}: node past range");
        if let Some(body) = &s.body_lines {
            assert!(
                s.lines.start <= body.start && body.end <= s.lines.end,
                "{s}: body outside"
            );
        }
        assert_eq!(s.qualified.last(), Some(&format!("{} {}", s.kind, s.name)));
        if let Some(prev) = i.checked_sub(1).and_then(|p| symbols.get(p)) {
            assert!(prev.lines.start <= s.lines.start, "{s}: out of order");
        }
        match s.parent {
            Some(p) => {
                assert!(p < i, "{s}: parent after child");
                let parent = &symbols[p];
                assert!(
                    parent.lines.start <= s.lines.start && s.lines.end <= parent.lines.end,
                    "{s}: outside {parent}"
                );
                assert_eq!(s.depth, parent.depth + 1);
                assert_eq!(s.qualified[..s.qualified.len() - 1], parent.qualified[..]);
            }
            None => {
                assert_eq!(s.depth, 0);
                assert_eq!(s.qualified.len(), 1);
            }
        }
    }
    for line in 0..line_count {
        // The holders form a chain of parents, and are found whenever any
        // symbol holds the line (siblings sharing a line yield the later).
        let holders: Vec<&Symbol> = outline.containing(line).collect();
        assert!(holders.iter().all(|s| s.contains(line)));
        for pair in holders.windows(2) {
            assert_eq!(outline.parent(pair[0]), Some(pair[1]), "line {line}");
        }
        assert_eq!(
            holders.is_empty(),
            !symbols.iter().any(|s| s.contains(line)),
            "line {line}: holders"
        );
        if let Some(s) = outline.enclosing(line) {
            assert!(s.is_function() && s.contains(line));
        }
        let (before, after) = outline.neighbours(line);
        assert!(before.is_none_or(|b| b.lines.end <= line));
        assert!(after.is_none_or(|a| a.lines.start > line));
    }
}

/// The display paths of all symbols, in order.
fn paths(outline: &Outline) -> Vec<String> {
    outline.symbols().iter().map(ToString::to_string).collect()
}

/// The path of the function enclosing a line, or "-".
fn enclosing(outline: &Outline, line: usize) -> String {
    outline
        .enclosing(line)
        .map_or_else(|| "-".to_owned(), ToString::to_string)
}

/// The paths of the neighbours of a line.
fn neighbours(outline: &Outline, line: usize) -> (String, String) {
    let (b, a) = outline.neighbours(line);
    let show = |s: Option<&Symbol>| s.map_or_else(|| "-".to_owned(), ToString::to_string);
    (show(b), show(a))
}

const RUST: &str = r#"//! Parser for headers.

use std::fmt;

/// A parser.
#[derive(Debug, Clone)]
pub struct Parser<T> {
    input: Vec<T>,
}

impl<T: Clone> Parser<T> {
    /// Makes a parser.
    #[must_use]
    pub fn new(input: Vec<T>) -> Self {
        Parser { input }
    }

    // A plain comment is not documentation.
    fn header(&self) -> Option<&T> {
        let first = self.input.first();
        first
    }
}

impl<T> fmt::Display
    for Parser<T>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "parser")
    }
}

pub trait Source {
    /** Reads everything. */
    fn read(&mut self) -> Vec<u8>;

    fn read_all(&mut self) -> Vec<u8> {
        self.read()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        fn helper() -> u8 {
            1
        }
        assert_eq!(helper(), 1);
    }
}

macro_rules! square {
    ($x:expr) => {
        $x * $x
    };
}

fn main() {
    let p = Parser::new(vec![1]);
    println!("{}", p); // the end
}
"#;

#[test]
fn rust_symbols_and_paths() {
    let o = parse(Lang::Rust, RUST.as_bytes());
    assert!(!o.has_errors());
    assert_eq!(
        paths(&o),
        [
            "struct Parser",
            "impl Parser<T>",
            "impl Parser<T> > fn new",
            "impl Parser<T> > fn header",
            "impl fmt::Display for Parser<T>",
            "impl fmt::Display for Parser<T> > fn fmt",
            "trait Source",
            "trait Source > fn read",
            "trait Source > fn read_all",
            "mod tests",
            "mod tests > fn parses",
            "mod tests > fn parses > fn helper",
            "macro_rules! square",
            "fn main",
        ]
    );
    let new = o.find_by_name("fn", "new")[0];
    assert_eq!(new.lines.start, line_of(RUST, "/// Makes a parser."));
    assert_eq!(new.node_lines.start, line_of(RUST, "pub fn new"));
    assert_eq!(new.lines.end, line_of(RUST, "Parser { input }") + 2);
    assert_eq!(
        new.body_lines,
        Some(line_of(RUST, "pub fn new")..line_of(RUST, "Parser { input }") + 2)
    );
    assert_eq!(new.depth, 1);
    assert!(new.is_function() && !new.is_container());
    assert_eq!(o.parent(new).unwrap().to_string(), "impl Parser<T>");

    // A plain `//` comment stays outside, a `/** */` doc comment inside.
    let header = o.find_by_name("fn", "header")[0];
    assert_eq!(header.lines.start, line_of(RUST, "fn header"));
    let read = o.find_by_name("fn", "read")[0];
    assert_eq!(read.lines.start, line_of(RUST, "/** Reads everything. */"));
    assert_eq!(read.body_lines, None);
    // The struct keeps its doc and derive; the crate doc `//!` is nobody's.
    let parser = o.find_by_name("struct", "Parser")[0];
    assert_eq!(parser.lines.start, line_of(RUST, "/// A parser."));
    assert!(o.innermost(0).is_none());
    // Attributes widen modules too.
    let tests = o.find_by_name("mod", "tests")[0];
    assert_eq!(tests.lines.start, line_of(RUST, "#[cfg(test)]"));
    assert!(tests.is_container());
}

#[test]
fn rust_enclosing_and_neighbours() {
    let o = parse(Lang::Rust, RUST.as_bytes());
    let at = |needle| enclosing(&o, line_of(RUST, needle));
    assert_eq!(at("let first"), "impl Parser<T> > fn header");
    assert_eq!(at("#[must_use]"), "impl Parser<T> > fn new");
    assert_eq!(at("/// Makes a parser."), "impl Parser<T> > fn new");
    assert_eq!(at("#[test]"), "mod tests > fn parses");
    assert_eq!(
        enclosing(&o, line_is(RUST, "1")),
        "mod tests > fn parses > fn helper"
    );
    assert_eq!(
        enclosing(&o, line_of(RUST, "fn helper") + 1),
        "mod tests > fn parses > fn helper"
    );
    assert_eq!(at("assert_eq!(helper(), 1)"), "mod tests > fn parses");
    assert_eq!(at("write!"), "impl fmt::Display for Parser<T> > fn fmt");
    assert_eq!(at("$x * $x"), "macro_rules! square");
    assert_eq!(at("// the end"), "fn main");
    assert_eq!(at("#[cfg(test)]"), "-");
    assert_eq!(
        o.enclosing_container(line_of(RUST, "#[cfg(test)]"))
            .unwrap()
            .to_string(),
        "mod tests"
    );

    // Between two methods: no function, the impl, and the methods around.
    let gap = line_of(RUST, "// A plain comment") - 1;
    assert_eq!(enclosing(&o, gap), "-");
    assert_eq!(
        o.enclosing_container(gap).unwrap().to_string(),
        "impl Parser<T>"
    );
    assert_eq!(
        neighbours(&o, gap),
        (
            "impl Parser<T> > fn new".to_owned(),
            "impl Parser<T> > fn header".to_owned()
        )
    );
    // The plain comment line is between symbols too.
    assert_eq!(
        neighbours(&o, gap + 1),
        (
            "impl Parser<T> > fn new".to_owned(),
            "impl Parser<T> > fn header".to_owned()
        )
    );
    // At top level, between the struct and the impl, and before everything.
    let top = line_of(RUST, "impl<T: Clone>") - 1;
    assert_eq!(
        neighbours(&o, top),
        ("struct Parser".to_owned(), "impl Parser<T>".to_owned())
    );
    assert_eq!(
        neighbours(&o, line_of(RUST, "use std::fmt;")),
        ("-".to_owned(), "struct Parser".to_owned())
    );
    assert_eq!(
        neighbours(&o, RUST.lines().count()),
        ("fn main".to_owned(), "-".to_owned())
    );
}

#[test]
fn rust_lookups() {
    let o = parse(Lang::Rust, RUST.as_bytes());
    let found = o.find_qualified(&["impl fmt::Display for Parser<T>", "fn fmt"]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "fmt");
    // The impl header spans lines; its name is read on one.
    assert_eq!(
        o.find_by_name("impl", "fmt::Display for Parser<T>").len(),
        1
    );
    let owned: Vec<String> = vec!["mod tests".into(), "fn parses".into(), "fn helper".into()];
    assert_eq!(o.find_qualified(&owned).len(), 1);
    assert!(o.find_qualified(&["fn helper"]).is_empty());
    let helper = o.find_by_name("fn", "helper")[0];
    assert_eq!(helper.qualified, owned);
    assert_eq!(helper.depth, 2);
    assert_eq!(o.display(helper), "mod tests > fn parses > fn helper");
    assert!(o.find_by_name("fn", "Parser").is_empty());
}

const PYTHON: &str = r#""""Cache module."""
import functools


# Module-level helper.
# Doubles its argument.
def helper(x):
    return x * 2


class Cache:
    """A small cache."""

    def __init__(self, size):
        self.size = size
        self.data = {}

    # Fetches a value.
    @functools.lru_cache(maxsize=None)
    @staticmethod
    def get(key):
        def inner(k):
            return k

        return inner(key)

    async def refresh(self):
        await self.load()

    @property
    def full(self):
        return len(self.data) >= self.size  # trailing


@dataclass
class Point:
    x: int
    y: int


async def main():
    cache = Cache(3)
    await cache.refresh()
"#;

#[test]
fn python_symbols_and_paths() {
    let o = parse(Lang::Python, PYTHON.as_bytes());
    assert!(!o.has_errors());
    assert_eq!(
        paths(&o),
        [
            "def helper",
            "class Cache",
            "class Cache > def __init__",
            "class Cache > def get",
            "class Cache > def get > def inner",
            "class Cache > def refresh",
            "class Cache > def full",
            "class Point",
            "def main",
        ]
    );
    let helper = o.find_by_name("def", "helper")[0];
    assert_eq!(
        helper.lines.start,
        line_of(PYTHON, "# Module-level helper.")
    );
    let get = o.find_qualified(&["class Cache", "def get"])[0];
    assert_eq!(get.lines.start, line_of(PYTHON, "# Fetches a value."));
    assert_eq!(get.node_lines.start, line_of(PYTHON, "def get"));
    assert_eq!(get.lines.end, line_of(PYTHON, "return inner(key)") + 1);
    assert_eq!(
        get.body_lines,
        Some(line_of(PYTHON, "def inner")..line_of(PYTHON, "return inner(key)") + 1)
    );
    let point = o.find_by_name("class", "Point")[0];
    assert_eq!(point.lines.start, line_of(PYTHON, "@dataclass"));
    assert!(point.is_container());
    // `async def` keeps the `def` keyword: turning async keeps identity.
    assert_eq!(o.find_by_name("def", "main").len(), 1);
}

#[test]
fn python_enclosing_and_neighbours() {
    let o = parse(Lang::Python, PYTHON.as_bytes());
    let at = |needle| enclosing(&o, line_of(PYTHON, needle));
    assert_eq!(at("return inner(key)"), "class Cache > def get");
    assert_eq!(at("return k"), "class Cache > def get > def inner");
    assert_eq!(at("@staticmethod"), "class Cache > def get");
    assert_eq!(at("@property"), "class Cache > def full");
    assert_eq!(at("# trailing"), "class Cache > def full");
    assert_eq!(at("await self.load()"), "class Cache > def refresh");
    assert_eq!(at("await cache.refresh()"), "def main");
    assert_eq!(at("x: int"), "-");
    assert_eq!(
        o.enclosing_container(line_of(PYTHON, "x: int"))
            .unwrap()
            .to_string(),
        "class Point"
    );
    assert_eq!(
        o.enclosing_container(line_of(PYTHON, "self.size = size"))
            .unwrap()
            .to_string(),
        "class Cache"
    );
    assert_eq!(at("\"\"\"A small cache.\"\"\""), "-");

    // The blank line inside `get`, between `inner` and the return.
    let inside = line_of(PYTHON, "return inner(key)") - 1;
    assert_eq!(enclosing(&o, inside), "class Cache > def get");

    let between_methods = line_of(PYTHON, "# Fetches a value.") - 1;
    assert_eq!(enclosing(&o, between_methods), "-");
    assert_eq!(
        neighbours(&o, between_methods),
        (
            "class Cache > def __init__".to_owned(),
            "class Cache > def get".to_owned()
        )
    );
    let top = line_of(PYTHON, "class Cache:") - 1;
    assert_eq!(
        neighbours(&o, top),
        ("def helper".to_owned(), "class Cache".to_owned())
    );
}

const C: &str = r#"#include <stdlib.h>
#include <string.h>

#define MAX_LEN 256

struct buffer {
	char *data;
	size_t len;
};

typedef struct {
	int x, y;
} point_t;

/* Duplicates a string.
 * Returns NULL on failure. */
static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

// Applies fn to every element.
static inline int apply(int (*fn)(int, void *), void *arg,
			int count)
{
	int total = 0;
	for (int i = 0; i < count; i++)
		total += fn(i, arg);
	return total;
}

#ifdef HAVE_LOGGING
static void log_msg(const char *msg)
{
	fputs(msg, stderr);
}
#endif

int (*get_handler(int sig))(int)
{
	return NULL;
}

#define SWAP(a, b) do { \
	int t = (a); (a) = (b); (b) = t; \
} while (0)

int main(int argc, char **argv)
{
	char *s = dup_str(argv[0]); /* not the next one's */
	free(s);
	return 0;
}
"#;

#[test]
fn c_symbols_and_paths() {
    let o = parse(Lang::C, C.as_bytes());
    assert!(!o.has_errors());
    assert_eq!(
        paths(&o),
        [
            "struct buffer",
            "struct point_t",
            "function dup_str",
            "function apply",
            "function log_msg",
            "function get_handler",
            "#define SWAP",
            "function main",
        ]
    );
    let dup = o.find_qualified(&["function dup_str"])[0];
    assert_eq!(dup.lines.start, line_of(C, "/* Duplicates a string."));
    assert_eq!(dup.node_lines.start, line_of(C, "static char *dup_str"));
    assert_eq!(
        dup.body_lines.as_ref().unwrap().start,
        dup.node_lines.start + 1
    );
    let apply = o.find_by_name("function", "apply")[0];
    assert_eq!(apply.lines.start, line_of(C, "// Applies fn"));
    let point = o.find_by_name("struct", "point_t")[0];
    assert_eq!(point.lines.start, line_of(C, "typedef struct {"));
    assert_eq!(point.lines.end, line_of(C, "} point_t;") + 1);
    assert!(o.symbols().iter().all(|s| !s.recovered));
}

#[test]
fn c_enclosing_and_neighbours() {
    let o = parse(Lang::C, C.as_bytes());
    let at = |needle| enclosing(&o, line_of(C, needle));
    assert_eq!(at("memcpy(p, s, n)"), "function dup_str");
    assert_eq!(at("* Returns NULL on failure."), "function dup_str");
    assert_eq!(at("total += fn(i, arg)"), "function apply");
    assert_eq!(at("int count)"), "function apply");
    assert_eq!(at("fputs(msg, stderr)"), "function log_msg");
    assert_eq!(at("return NULL"), "function get_handler");
    assert_eq!(at("int t = (a)"), "#define SWAP");
    assert_eq!(at("/* not the next one's */"), "function main");
    assert_eq!(at("#ifdef HAVE_LOGGING"), "-");
    assert_eq!(at("size_t len;"), "-");
    assert_eq!(
        o.enclosing_container(line_of(C, "size_t len;"))
            .unwrap()
            .to_string(),
        "struct buffer"
    );
    assert_eq!(
        neighbours(&o, line_of(C, "#ifdef HAVE_LOGGING")),
        ("function apply".to_owned(), "function log_msg".to_owned())
    );
    assert_eq!(
        neighbours(&o, line_of(C, "#define MAX_LEN")),
        ("-".to_owned(), "struct buffer".to_owned())
    );
}

/// Signatures tree-sitter-c cannot read: macros in place of a type or of the
/// whole signature, and a signature split by `#ifdef`.
const C_MACROS: &str = r#"static int __init foo_init(void)
{
	return 0;
}
EXPORT_SYMBOL(foo_init);

SYSCALL_DEFINE2(rename, const char __user *, oldname, const char __user *, newname)
{
	return do_rename(oldname, newname);
}

/* Built for Python. */
PyObject * PyAPI_FUNC py_len(PyObject *self)
{
	return NULL;
}

#ifdef WIDE
int split(int a)
#else
int split(void)
#endif
{
	if (x) {
		return 1;
	}
	return 0;
}

int after(void) { return 1; }
"#;

#[test]
fn c_recovers_functions_behind_macros() {
    let o = parse(Lang::C, C_MACROS.as_bytes());
    assert!(o.has_errors());
    assert_eq!(
        paths(&o),
        [
            "function foo_init",
            "function SYSCALL_DEFINE2",
            "function py_len",
            "function split",
            "function after",
        ]
    );
    let recovered: Vec<&str> = o
        .symbols()
        .iter()
        .filter(|s| s.recovered)
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(recovered, ["SYSCALL_DEFINE2", "py_len", "split"]);
    let at = |needle| enclosing(&o, line_of(C_MACROS, needle));
    assert_eq!(at("do_rename"), "function SYSCALL_DEFINE2");
    assert_eq!(at("/* Built for Python. */"), "function py_len");
    assert_eq!(at("return NULL"), "function py_len");
    assert_eq!(at("#else"), "function split");
    assert_eq!(
        enclosing(&o, line_is(C_MACROS, "return 1;")),
        "function split"
    );
    assert_eq!(at("EXPORT_SYMBOL"), "-");
    let split = o.find_by_name("function", "split")[0];
    assert_eq!(split.lines.start, line_of(C_MACROS, "#ifdef WIDE"));
    assert_eq!(
        split.body_lines.as_ref().unwrap().start,
        line_of(C_MACROS, "#endif") + 1
    );
}

#[test]
fn syntax_errors_keep_the_rest() {
    let rust = "fn good_before() {\n    let a = 1;\n}\n\nfn broken() {\n    let x = (1 + );\n    call(,);\n    if { } else\n}\n\nfn good_after() {\n    let b = 2;\n}\n";
    let o = parse(Lang::Rust, rust.as_bytes());
    assert!(o.has_errors());
    assert_eq!(enclosing(&o, line_of(rust, "let a")), "fn good_before");
    assert_eq!(enclosing(&o, line_of(rust, "call(,)")), "fn broken");
    assert_eq!(enclosing(&o, line_of(rust, "let b")), "fn good_after");

    // An unclosed bracket swallows what follows; what came before stays.
    let unclosed = rust.replace("call(,);", "call(");
    let o = parse(Lang::Rust, unclosed.as_bytes());
    assert_eq!(enclosing(&o, line_of(rust, "let a")), "fn good_before");

    let python = "def ok():\n    return 1\n\ndef bad(:\n    return (\n\nclass Later:\n    def m(self):\n        return 2\n";
    let o = parse(Lang::Python, python.as_bytes());
    assert!(o.has_errors());
    assert_eq!(enclosing(&o, line_of(python, "return 1")), "def ok");
    assert!(o.find_by_name("def", "ok").len() == 1);

    let c = "int ok(void)\n{\n\treturn 1;\n}\n\nint bad(void\n{\n\treturn (;\n}\n\nint later(void)\n{\n\treturn 2;\n}\n";
    let o = parse(Lang::C, c.as_bytes());
    assert!(o.has_errors());
    assert_eq!(enclosing(&o, line_of(c, "return 1")), "function ok");
    assert_eq!(enclosing(&o, line_of(c, "return 2")), "function later");
}

#[test]
fn bytes_that_are_not_utf8_and_crlf() {
    let latin1: &[u8] =
        b"# caf\xe9\ndef caf():\n    return '\xe9t\xe9'\n\ndef other():\n    pass\n";
    let o = parse(Lang::Python, latin1);
    assert_eq!(paths(&o), ["def caf", "def other"]);
    assert_eq!(o.find_by_name("def", "caf")[0].lines, 0..3);

    let lf = RUST.as_bytes();
    let crlf = RUST.replace('\n', "\r\n");
    let a = parse(Lang::Rust, lf);
    let b = parse(Lang::Rust, crlf.as_bytes());
    assert_eq!(a, b, "CRLF changes no line range");

    let c: &[u8] = b"/* \xff\xfe */\nint f(void) { return '\x80'; }\n";
    let o = parse(Lang::C, c);
    assert_eq!(o.find_by_name("function", "f")[0].lines, 0..2);
}

#[test]
fn empty_and_symbol_free_files() {
    for lang in Lang::ALL {
        let o = parse(lang, b"");
        assert!(o.symbols().is_empty());
        assert!(o.enclosing(0).is_none());
        assert_eq!(neighbours(&o, 0), ("-".to_owned(), "-".to_owned()));
        assert_eq!(o.lang(), lang);
    }
    // Found by the property test below: a bare block whose "signature" sits
    // on lines already given to another symbol is left alone.
    for lang in Lang::ALL {
        parse(lang, b"}\nimpl A }\n{int h(void)}{}");
    }
    let o = parse(Lang::Python, b"import os\nprint(os.name)\n");
    assert!(o.symbols().is_empty() && !o.has_errors());
}

#[test]
fn cached_outlines_are_shared_and_keyed_by_content() {
    let a = cached_outline(Lang::Rust, RUST.as_bytes()).unwrap();
    let b = cached_outline(Lang::Rust, RUST.as_bytes()).unwrap();
    assert!(Arc::ptr_eq(&a, &b));
    assert_eq!(*a, outline(Lang::Rust, RUST.as_bytes()).unwrap());
    let edited = RUST.replace("fn main", "fn start");
    let c = cached_outline(Lang::Rust, edited.as_bytes()).unwrap();
    assert!(!Arc::ptr_eq(&a, &c));
    assert_eq!(c.find_by_name("fn", "start").len(), 1);
    // Same bytes, other language: another outline.
    let d = cached_outline(Lang::C, RUST.as_bytes()).unwrap();
    assert_eq!(d.lang(), Lang::C);
}

/// Fragments that make parsers build nested, broken and attached nodes.
const FRAGMENTS: &[&str] = &[
    "fn f() ",
    "{",
    "}",
    "impl A ",
    "mod m ",
    "trait T ",
    "#[a]",
    "/// d",
    "// c",
    "\n",
    "\n    ",
    "def g(",
    "):",
    "class C:",
    "@d",
    "# c",
    "pass",
    "int h(void)",
    "struct S ",
    ";",
    "#ifdef X",
    "#endif",
    "#else",
    "/* c */",
    "M(x)",
    "(",
    ")",
    "\"",
    "'",
    "\r\n",
    "\t",
    "\u{e9}",
    "\u{0}",
];

proptest! {
    #[test]
    fn never_fails_and_keeps_invariants(picks in proptest::collection::vec(0..FRAGMENTS.len(), 0..60)) {
        let source: String = picks.iter().map(|&i| FRAGMENTS[i]).collect();
        for lang in Lang::ALL {
            parse(lang, source.as_bytes());
        }
    }
}
