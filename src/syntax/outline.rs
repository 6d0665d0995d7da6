//! A file's symbols as a flat list in source order.
//!
//! One pre-order walk of the tree with a `TreeCursor` visits every node once;
//! a node whose kind the language table names becomes a [`Symbol`], with the
//! path of the symbols around it. The list is in pre-order, which is also
//! start-line order, and each symbol knows its parent's index, so "which
//! symbol holds line N" is a binary search and a walk up a few parents, not a
//! scan and not a second tree walk.
//!
//! Keeping the tree and answering from it was the alternative: it ties every
//! answer to the tree's lifetime and re-walks nodes on every question, while
//! placement asks many questions of few files. Ranges are in lines, not
//! bytes, because lines are what hunks and alignment speak.

use std::fmt;
use std::ops::Range;

use tree_sitter::{Node, Tree, TreeCursor};

use super::lang::{Attach, Grammar, LangProfile, NameRule, Recovery, Role};
use super::{parse, Lang, SyntaxError};

/// A function or container found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// The language's keyword for it: `fn`, `impl`, `trait`, `mod`,
    /// `struct`, `enum`, `macro_rules!` (Rust); `def`, `class` (Python);
    /// `function`, `struct`, `union`, `enum`, `#define` (C).
    pub kind: &'static str,
    /// Its name as written, whitespace runs collapsed. An impl is named by
    /// its header without its own generic parameters: `Foo<T>`,
    /// `fmt::Display for Foo`.
    pub name: String,
    /// One `"{kind} {name}"` segment per enclosing symbol, outermost first,
    /// ending with this one: `["impl Parser", "fn header"]`,
    /// `["class Cache", "def get", "def inner"]`, `["function parse_header"]`.
    pub qualified: Vec<String>,
    /// 0-based, end-exclusive lines, widened over the attributes, decorators
    /// and comments directly above that belong to it.
    pub lines: Range<usize>,
    /// The lines of the symbol's own node, not widened. For a decorated
    /// Python function this starts at `def`.
    pub node_lines: Range<usize>,
    /// The lines of its body (`{ … }` block, indented block, macro value),
    /// if it has one.
    pub body_lines: Option<Range<usize>>,
    /// The number of symbols around it (0 at top level).
    pub depth: usize,
    /// Function-like or container.
    pub role: Role,
    /// The index of the enclosing symbol in [`Outline::symbols`].
    pub parent: Option<usize>,
    /// Found by the language's recovery, not by the grammar: a C function
    /// whose signature the parser could not read (macros, `#ifdef`).
    pub recovered: bool,
}

impl Symbol {
    /// Whether it is an impl, trait, module, class or type definition.
    pub fn is_container(&self) -> bool {
        self.role == Role::Container
    }

    /// Whether it is a function, method or function-like macro.
    pub fn is_function(&self) -> bool {
        self.role == Role::Function
    }

    /// Whether a 0-based line lies in its widened range.
    pub fn contains(&self, line: usize) -> bool {
        self.lines.contains(&line)
    }
}

/// The qualified path, as shown to people: `impl Parser > fn header`.
impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.qualified.iter().enumerate() {
            if i > 0 {
                f.write_str(" > ")?;
            }
            f.write_str(segment)?;
        }
        Ok(())
    }
}

/// The symbols of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The file's language.
    lang: Lang,
    /// Pre-order, so sorted by `lines.start`; parents before children.
    symbols: Vec<Symbol>,
    /// Whether the parser met syntax errors.
    has_errors: bool,
}

/// Parses a file and lists its symbols. Syntax errors do not fail it: the
/// symbols tree-sitter could still read are returned.
pub fn outline(lang: Lang, source: &[u8]) -> Result<Outline, SyntaxError> {
    let tree = parse(lang, source)?;
    Ok(Outline::from_tree(lang, &tree, source))
}

impl Outline {
    /// Lists the symbols of a tree already parsed from `source`.
    pub fn from_tree(lang: Lang, tree: &Tree, source: &[u8]) -> Outline {
        let mut walk = Walk {
            profile: lang.profile(),
            grammar: lang.grammar(),
            source,
            symbols: Vec::new(),
            stack: Vec::new(),
            floor: 0,
        };
        walk.run(tree.walk());
        Outline {
            lang,
            symbols: walk.symbols,
            has_errors: tree.root_node().has_error(),
        }
    }

    /// The file's language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// All symbols, sorted by start line, parents before their children.
    pub fn symbols(&self) -> &[Symbol] {
        &self.symbols
    }

    /// Whether the file had syntax errors; the outline may then miss symbols
    /// or end one early, so placement should trust it less.
    pub fn has_errors(&self) -> bool {
        self.has_errors
    }

    /// The symbol enclosing another.
    pub fn parent(&self, symbol: &Symbol) -> Option<&Symbol> {
        self.symbols.get(symbol.parent?)
    }

    /// The symbols whose widened range holds a line, innermost first.
    pub fn containing(&self, line: usize) -> impl Iterator<Item = &Symbol> + '_ {
        self.containing_indices(line)
            .filter_map(|i| self.symbols.get(i))
    }

    /// The indices of the symbols holding a line, innermost first.
    fn containing_indices(&self, line: usize) -> impl Iterator<Item = usize> + '_ {
        // Every symbol holding the line starts at or before it, and the last
        // symbol that does so is either one of them or lies inside all of
        // them: the holders are that symbol's ancestors.
        let mut next = self
            .symbols
            .partition_point(|s| s.lines.start <= line)
            .checked_sub(1);
        std::iter::from_fn(move || loop {
            let index = next?;
            let symbol = self.symbols.get(index)?;
            next = symbol.parent;
            if symbol.contains(line) {
                return Some(index);
            }
        })
    }

    /// The smallest symbol of any kind holding a line.
    pub fn innermost(&self, line: usize) -> Option<&Symbol> {
        self.containing(line).next()
    }

    /// The smallest function-like symbol holding a line, counting the
    /// attributes, decorators and doc comments above it as its own.
    pub fn enclosing(&self, line: usize) -> Option<&Symbol> {
        self.containing(line).find(|s| s.is_function())
    }

    /// The smallest container (impl, trait, module, class, type) holding a
    /// line.
    pub fn enclosing_container(&self, line: usize) -> Option<&Symbol> {
        self.containing(line).find(|s| s.is_container())
    }

    /// The symbols just before and just after a line, among those that share
    /// its scope: top-level symbols for a line outside every symbol, an
    /// impl's or class's members for a line between them. For a line inside
    /// a function these are the function's nested symbols, usually none.
    pub fn neighbours(&self, line: usize) -> (Option<&Symbol>, Option<&Symbol>) {
        let scope = self.containing_indices(line).next();
        let mut before = None;
        let mut after = None;
        for s in self.symbols.iter().filter(|s| s.parent == scope) {
            if s.lines.end <= line {
                before = Some(s);
            } else if s.lines.start > line {
                after = Some(s);
                break;
            }
        }
        (before, after)
    }

    /// The symbols with exactly this qualified path (several when a file
    /// defines the same name twice, e.g. under `#ifdef` branches).
    pub fn find_qualified<S: AsRef<str>>(&self, path: &[S]) -> Vec<&Symbol> {
        self.symbols
            .iter()
            .filter(|s| {
                s.qualified.len() == path.len()
                    && s.qualified.iter().zip(path).all(|(a, b)| a == b.as_ref())
            })
            .collect()
    }

    /// The symbols of a kind with a name, wherever they are nested.
    pub fn find_by_name(&self, kind: &str, name: &str) -> Vec<&Symbol> {
        self.symbols
            .iter()
            .filter(|s| s.kind == kind && s.name == name)
            .collect()
    }

    /// The qualified path shown to people: `impl Parser > fn header`.
    pub fn display(&self, symbol: &Symbol) -> String {
        symbol.to_string()
    }
}

/// The state of one walk over a tree.
struct Walk<'s> {
    /// The language's table row.
    profile: &'static LangProfile,
    /// The grammar with the row's kinds resolved.
    grammar: &'static Grammar,
    /// The parsed bytes.
    source: &'s [u8],
    /// The symbols found so far, in pre-order.
    symbols: Vec<Symbol>,
    /// The symbols around the cursor: (cursor depth of its node, index).
    stack: Vec<(usize, usize)>,
    /// The last line covered by a symbol already closed: a recovered
    /// function must start after it to keep the list sorted.
    floor: usize,
}

impl Walk<'_> {
    /// Visits every node in pre-order without recursion, so no input can
    /// overflow the stack.
    fn run(&mut self, mut cursor: TreeCursor<'_>) {
        let mut depth = 0;
        loop {
            self.visit(cursor.node(), depth);
            if cursor.goto_first_child() {
                depth += 1;
                continue;
            }
            loop {
                while let Some(&(d, i)) = self.stack.last() {
                    if d < depth {
                        break;
                    }
                    self.stack.pop();
                    if let Some(closed) = self.symbols.get(i) {
                        self.floor = self.floor.max(closed.lines.end);
                    }
                }
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return;
                }
                depth -= 1;
            }
        }
    }

    /// Records a node if it is a symbol.
    fn visit(&mut self, node: Node<'_>, depth: usize) {
        let kind_id = node.kind_id();
        if let Some(rule) = self
            .grammar
            .rule(kind_id)
            .and_then(|i| self.profile.symbols.get(i))
        {
            let body = rule.body.and_then(|f| node.child_by_field_name(f));
            if rule.needs_body && body.is_none() {
                return;
            }
            let Some(name) = read_name(&rule.name, node, self.source) else {
                return;
            };
            let outer = node
                .parent()
                .filter(|p| self.grammar.is_wrapper(p.kind_id()))
                .unwrap_or(node);
            let node_lines = lines(node);
            let start = self.attached_start(outer);
            let end = node_lines.end.max(lines(outer).end);
            self.push(
                depth,
                Symbol {
                    kind: rule.keyword,
                    name,
                    qualified: Vec::new(),
                    lines: start..end,
                    node_lines,
                    body_lines: body.map(lines),
                    depth: 0,
                    role: rule.role,
                    parent: None,
                    recovered: false,
                },
            );
        } else if self.grammar.is_recovery_body(kind_id) {
            if let Some(recovery) = &self.profile.recovery {
                self.recover(recovery, node, depth);
            }
        }
    }

    /// Takes a bare block outside any function as the body of the function
    /// whose unparsed signature sits directly above it.
    fn recover(&mut self, recovery: &Recovery, body: Node<'_>, depth: usize) {
        let in_function = self
            .stack
            .iter()
            .any(|&(_, i)| self.symbols.get(i).is_some_and(Symbol::is_function));
        if in_function {
            return;
        }
        let Some(signature) = body.prev_named_sibling() else {
            return;
        };
        let sig_lines = lines(signature);
        let body_lines = lines(body);
        if sig_lines.end < body_lines.start
            || sig_lines.len() > recovery.max_signature_lines
            || body_lines.start < self.floor
        {
            return;
        }
        let name = last_outermost(signature, recovery.signature)
            .and_then(|d| read_name(&recovery.signature_name, d, self.source))
            .or_else(|| {
                let call = last_outermost(signature, recovery.call.0)?;
                let callee = call.child_by_field_name(recovery.call.1)?;
                Some(compact(self.source.get(callee.byte_range())?))
            });
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            return;
        };
        // The signature node may hold symbols already listed (a struct under
        // the same `#ifdef`); start after them to keep the list sorted.
        let floor = self.floor;
        let node_start = sig_lines.start.max(floor);
        let start = self.attached_start(signature).max(floor);
        self.push(
            depth,
            Symbol {
                kind: recovery.keyword,
                name,
                qualified: Vec::new(),
                lines: start..body_lines.end,
                node_lines: node_start..body_lines.end,
                body_lines: Some(body_lines),
                depth: 0,
                role: Role::Function,
                parent: None,
                recovered: true,
            },
        );
    }

    /// Adds a symbol under the innermost open one and opens it.
    fn push(&mut self, depth: usize, mut symbol: Symbol) {
        let parent = self.stack.last().map(|&(_, i)| i);
        let mut qualified = parent
            .and_then(|i| self.symbols.get(i))
            .map(|p| p.qualified.clone())
            .unwrap_or_default();
        qualified.push(format!("{} {}", symbol.kind, symbol.name));
        symbol.qualified = qualified;
        symbol.parent = parent;
        symbol.depth = self.stack.len();
        self.stack.push((depth, self.symbols.len()));
        self.symbols.push(symbol);
    }

    /// The first line of a node together with the siblings directly above it
    /// that belong to it.
    fn attached_start(&self, outer: Node<'_>) -> usize {
        let mut start = outer.start_position().row;
        let mut prev = outer.prev_named_sibling();
        while let Some(p) = prev {
            if !self.attaches(p) || lines(p).end < start {
                break;
            }
            start = p.start_position().row;
            prev = p.prev_named_sibling();
        }
        start
    }

    /// Whether a sibling is of a kind that belongs to the symbol below it.
    fn attaches(&self, node: Node<'_>) -> bool {
        let kind = node.kind();
        self.profile.attached.iter().any(|a| match a {
            Attach::Node(k) => *k == kind,
            Attach::Comment(k) => *k == kind && starts_line(node, self.source),
            Attach::DocComment { node: k, field } => {
                *k == kind
                    && starts_line(node, self.source)
                    && node.child_by_field_name(field).is_some()
            }
        })
    }
}

/// Reads a symbol's name; `None` when the node has none (an anonymous
/// struct, a node broken by a syntax error).
fn read_name(rule: &NameRule, node: Node<'_>, source: &[u8]) -> Option<String> {
    let text = |n: Node<'_>| source.get(n.byte_range()).map(compact);
    let name = match *rule {
        NameRule::Field(field) => text(node.child_by_field_name(field)?)?,
        NameRule::Impl {
            trait_field,
            type_field,
        } => {
            let ty = text(node.child_by_field_name(type_field)?)?;
            match node.child_by_field_name(trait_field).and_then(text) {
                Some(tr) => format!("{tr} for {ty}"),
                None => ty,
            }
        }
        NameRule::Declarator {
            field,
            through,
            leaves,
        } => {
            let mut current = node;
            let mut found = None;
            // A bound, not recursion: declarators nest a handful deep.
            for _ in 0..64 {
                let next = current.child_by_field_name(field).or_else(|| {
                    let mut c = current.walk();
                    let mut named = current.named_children(&mut c);
                    named.find(|n| through.contains(&n.kind()) || leaves.contains(&n.kind()))
                })?;
                if leaves.contains(&next.kind()) {
                    found = text(next);
                    break;
                }
                if !through.contains(&next.kind()) {
                    return None;
                }
                current = next;
            }
            found?
        }
        NameRule::FieldOrTypedef {
            field,
            typedef_kind,
            typedef_field,
        } => match node.child_by_field_name(field) {
            Some(n) => text(n)?,
            None => {
                let parent = node.parent().filter(|p| p.kind() == typedef_kind)?;
                text(parent.child_by_field_name(typedef_field)?)?
            }
        },
    };
    (!name.is_empty()).then_some(name)
}

/// The last node of a kind in a subtree that is not inside another of the
/// same kind: for `F(G(x))` it is `F(…)`, the call that names the function.
fn last_outermost<'t>(root: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut cursor = root.walk();
    let mut found = None;
    loop {
        let node = cursor.node();
        let hit = node.kind() == kind;
        if hit {
            found = Some(node);
        }
        if !hit && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == root {
                return found;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return found;
            }
        }
    }
}

/// The 0-based, end-exclusive lines a node covers. A node ending at column 0
/// (a line comment owns its `\n`) does not cover the line it ends on.
fn lines(node: Node<'_>) -> Range<usize> {
    let start = node.start_position().row;
    let end = node.end_position();
    let last = if end.column == 0 && end.row > start {
        end.row - 1
    } else {
        end.row
    };
    start..last + 1
}

/// Whether only spaces and tabs precede a node on its line: a comment after
/// code on the same line belongs to that code, not to what follows.
fn starts_line(node: Node<'_>, source: &[u8]) -> bool {
    let start = node.start_byte();
    let Some(line_start) = start.checked_sub(node.start_position().column) else {
        return false;
    };
    source
        .get(line_start..start)
        .is_some_and(|prefix| prefix.iter().all(|&b| b == b' ' || b == b'\t'))
}

/// A name's display text: lossily decoded, whitespace runs collapsed to one
/// space and dropped inside brackets, trailing commas dropped, so a header
/// rustfmt broke over lines, `Foo<\n    T,\n>`, reads `Foo<T>` as on one.
fn compact(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        let closer = matches!(c, '>' | ')' | ']');
        if space && !closer && c != ',' && !out.ends_with(['<', '(', '[']) {
            out.push(' ');
        }
        if closer && out.ends_with(',') {
            out.pop();
        }
        space = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_collapses_whitespace() {
        assert_eq!(compact(b"Foo<\n    T,\n    U,\n>"), "Foo<T, U>");
        assert_eq!(compact(b"Foo<T, U>"), "Foo<T, U>");
        assert_eq!(compact(b"( a , b , )"), "(a, b)");
        assert_eq!(compact(b"fmt::Display"), "fmt::Display");
        assert_eq!(compact(b"  &'a  mut [u8] "), "&'a mut [u8]");
        assert_eq!(compact(b"caf\xe9"), "caf\u{fffd}");
    }
}
