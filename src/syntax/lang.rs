//! The language table: everything ferry knows about a language, as data.
//!
//! Adding a language means adding one [`LangProfile`] here: its grammar, its
//! file extensions, which node kinds are symbols, how to read their names and
//! which neighbouring nodes belong to them. The outline walker in
//! `outline.rs` has no per-language code; a test checks that every node kind
//! and field named here exists in its grammar, so a grammar upgrade that
//! renames a kind fails loudly instead of silently finding no functions.
//!
//! The grammar crates' `tags.scm` queries were the rejected alternative: C's
//! marks only the declarator (so a function's range is one line), Rust's
//! captures each method twice, Python's leaves decorators out, and none of
//! them says how symbols nest. One cursor walk over the tree, driven by this
//! table, gives ranges, nesting and names in a single pass and needs no query
//! compilation at all.

use std::sync::OnceLock;

use tree_sitter::Language;

/// A language ferry parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Rust (`.rs`).
    Rust,
    /// Python (`.py`, `.pyi`).
    Python,
    /// C (`.c`, `.h`).
    C,
}

impl Lang {
    /// Every language, in table order.
    pub const ALL: [Lang; 3] = [Lang::Rust, Lang::Python, Lang::C];

    /// The language of a path, by its extension (case-sensitive: `.C` and `.H`
    /// are C++ by convention, which ferry does not parse).
    pub fn from_path(path: &[u8]) -> Option<Lang> {
        let file = path.rsplit(|&b| b == b'/').next()?;
        let dot = file.iter().rposition(|&b| b == b'.')?;
        if dot == 0 {
            return None; // `.rs` alone is a hidden file, not a Rust file
        }
        let ext = file.get(dot + 1..)?;
        Lang::ALL.into_iter().find(|lang| {
            lang.profile()
                .extensions
                .iter()
                .any(|e| e.as_bytes() == ext)
        })
    }

    /// The table entry for this language.
    pub fn profile(self) -> &'static LangProfile {
        match self {
            Lang::Rust => &RUST,
            Lang::Python => &PYTHON,
            Lang::C => &C,
        }
    }

    /// The language's display name.
    pub fn name(self) -> &'static str {
        self.profile().name
    }

    /// The grammar with the table's node kinds resolved to ids, built once.
    pub(crate) fn grammar(self) -> &'static Grammar {
        static GRAMMARS: [OnceLock<Grammar>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let slot = match self {
            Lang::Rust => &GRAMMARS[0],
            Lang::Python => &GRAMMARS[1],
            Lang::C => &GRAMMARS[2],
        };
        slot.get_or_init(|| Grammar::new(self.profile()))
    }
}

/// What ferry knows about one language.
#[derive(Debug)]
pub struct LangProfile {
    /// Which language this is.
    pub lang: Lang,
    /// Display name.
    pub name: &'static str,
    /// File extensions without the dot.
    pub extensions: &'static [&'static str],
    /// The tree-sitter grammar.
    pub grammar: fn() -> Language,
    /// Node kinds that are symbols, and how to read each.
    pub symbols: &'static [SymbolRule],
    /// Node kinds that wrap a symbol and lend it their range (Python's
    /// `decorated_definition`, C's `typedef struct {…} Name;`).
    pub wrappers: &'static [&'static str],
    /// Sibling nodes directly above a symbol that belong to it.
    pub attached: &'static [Attach],
    /// How to find functions the grammar could not parse as such.
    pub recovery: Option<Recovery>,
}

impl LangProfile {
    /// The tree-sitter language.
    pub fn language(&self) -> Language {
        (self.grammar)()
    }
}

/// Whether a symbol holds code or holds other symbols.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A function, method or macro: hunks inside it are aligned inside it.
    Function,
    /// An impl, trait, module, class or type definition: it holds other
    /// symbols or fields, and names them (`impl Parser > fn header`).
    Container,
}

/// One node kind that is a symbol.
#[derive(Debug)]
pub struct SymbolRule {
    /// The tree-sitter node kind.
    pub node: &'static str,
    /// The keyword shown for it: the first word of its path segment.
    pub keyword: &'static str,
    /// Function-like or container.
    pub role: Role,
    /// How to read its name.
    pub name: NameRule,
    /// The field holding its body, whose lines become `body_lines`.
    pub body: Option<&'static str>,
    /// Count the node only when it has a body: C's `struct foo *p` uses a
    /// struct, only `struct foo { … }` defines one.
    pub needs_body: bool,
}

/// How to read a symbol's name from its node.
#[derive(Debug)]
pub enum NameRule {
    /// The text of one field.
    Field(&'static str),
    /// A Rust impl: the `type` text, prefixed by `Trait for ` when there is a
    /// `trait` field; the impl's own generic parameters are left out, the
    /// type's arguments kept (`impl<T> Foo<T>` is named `Foo<T>`).
    Impl {
        /// The field holding the implemented trait.
        trait_field: &'static str,
        /// The field holding the implementing type.
        type_field: &'static str,
    },
    /// C declarators: follow `field` (or, where a declarator has no such
    /// field, its first named child among `through`) down to one of `leaves`.
    /// `char *(*f(int))(void)` nests pointer, parenthesized and function
    /// declarators around the name.
    Declarator {
        /// The field leading to the inner declarator.
        field: &'static str,
        /// Declarator kinds to pass through.
        through: &'static [&'static str],
        /// Kinds that hold the name.
        leaves: &'static [&'static str],
    },
    /// The text of `field`, or, when it is missing and the node sits in a
    /// `typedef_kind` node, that node's `typedef_field` (C's
    /// `typedef struct { … } Pair;` is named `Pair`).
    FieldOrTypedef {
        /// The field holding the tag name.
        field: &'static str,
        /// The wrapping typedef node kind.
        typedef_kind: &'static str,
        /// The typedef's field holding the new type name.
        typedef_field: &'static str,
    },
}

/// A sibling node that belongs to the symbol below it when it is directly
/// above it (no blank line between).
#[derive(Debug)]
pub enum Attach {
    /// Always belongs: Rust attributes.
    Node(&'static str),
    /// A comment that starts its line: a comment at the end of a code line
    /// belongs to that line.
    Comment(&'static str),
    /// A comment that starts its line and has `field`: Rust's doc comments
    /// (`///`, `/** */`) carry an `outer` marker, plain `//` ones do not.
    DocComment {
        /// The comment node kind.
        node: &'static str,
        /// The field only doc comments have.
        field: &'static str,
    },
}

/// Finding functions whose signature the grammar could not parse.
///
/// tree-sitter-c does not know macros, so `SYSCALL_DEFINE2(name, …) {…}`,
/// `PyObject * PyAPI_FUNC f(…) {…}` and a signature split over `#ifdef`
/// branches parse as a statement or an error followed by a bare block. A bare
/// block outside any function, directly below the node holding the
/// signature, is taken as that function's body.
#[derive(Debug)]
pub struct Recovery {
    /// The kind of a bare body block.
    pub body: &'static str,
    /// The keyword shown for a recovered function.
    pub keyword: &'static str,
    /// Declarator kinds that name a function; the last one wins.
    pub signature: &'static str,
    /// How to read the name from `signature`.
    pub signature_name: NameRule,
    /// A call-like node that names the function when no declarator does
    /// (`SYSCALL_DEFINE2(…)`), and its field holding the callee.
    pub call: (&'static str, &'static str),
    /// The node holding the signature spans at most this many lines; a larger
    /// one is an error region swallowing real code, not a signature.
    pub max_signature_lines: usize,
}

/// The Rust row.
static RUST: LangProfile = LangProfile {
    lang: Lang::Rust,
    name: "Rust",
    extensions: &["rs"],
    grammar: || tree_sitter_rust::LANGUAGE.into(),
    symbols: &[
        function("function_item", "fn"),
        // Trait method declarations and `extern` functions: no body, but a
        // hunk changing a signature still has a home.
        function("function_signature_item", "fn"),
        SymbolRule {
            node: "macro_definition",
            keyword: "macro_rules!",
            role: Role::Function,
            name: NameRule::Field("name"),
            body: None,
            needs_body: false,
        },
        SymbolRule {
            node: "impl_item",
            keyword: "impl",
            role: Role::Container,
            name: NameRule::Impl {
                trait_field: "trait",
                type_field: "type",
            },
            body: Some("body"),
            needs_body: false,
        },
        container("trait_item", "trait"),
        container("mod_item", "mod"),
        container("struct_item", "struct"),
        container("enum_item", "enum"),
        container("union_item", "union"),
    ],
    wrappers: &[],
    attached: &[
        Attach::Node("attribute_item"),
        Attach::DocComment {
            node: "line_comment",
            field: "outer",
        },
        Attach::DocComment {
            node: "block_comment",
            field: "outer",
        },
    ],
    recovery: None,
};

/// The Python row.
static PYTHON: LangProfile = LangProfile {
    lang: Lang::Python,
    name: "Python",
    extensions: &["py", "pyi"],
    grammar: || tree_sitter_python::LANGUAGE.into(),
    symbols: &[
        // `async def` is the same node with an `async` token: same keyword,
        // so making a function async keeps its identity.
        function("function_definition", "def"),
        container("class_definition", "class"),
    ],
    wrappers: &["decorated_definition"],
    attached: &[Attach::Comment("comment")],
    recovery: None,
};

/// How C names a function: through its declarators.
const C_DECLARATOR: NameRule = NameRule::Declarator {
    field: "declarator",
    through: &[
        "function_declarator",
        "pointer_declarator",
        "parenthesized_declarator",
        "attributed_declarator",
    ],
    leaves: &["identifier"],
};

/// How C names a struct, union or enum: its tag, else its typedef name.
const C_TAG: NameRule = NameRule::FieldOrTypedef {
    field: "name",
    typedef_kind: "type_definition",
    typedef_field: "declarator",
};

/// The C row.
static C: LangProfile = LangProfile {
    lang: Lang::C,
    name: "C",
    extensions: &["c", "h"],
    grammar: || tree_sitter_c::LANGUAGE.into(),
    symbols: &[
        SymbolRule {
            node: "function_definition",
            keyword: "function",
            role: Role::Function,
            name: C_DECLARATOR,
            body: Some("body"),
            needs_body: false,
        },
        // Multi-line function-like macros hold code as much as functions do.
        SymbolRule {
            node: "preproc_function_def",
            keyword: "#define",
            role: Role::Function,
            name: NameRule::Field("name"),
            body: Some("value"),
            needs_body: false,
        },
        tag("struct_specifier", "struct"),
        tag("union_specifier", "union"),
        tag("enum_specifier", "enum"),
    ],
    wrappers: &["type_definition", "declaration"],
    attached: &[Attach::Comment("comment")],
    recovery: Some(Recovery {
        body: "compound_statement",
        keyword: "function",
        signature: "function_declarator",
        signature_name: C_DECLARATOR,
        call: ("call_expression", "function"),
        max_signature_lines: 12,
    }),
};

/// A function-like rule named by its `name` field with a `body` field.
const fn function(node: &'static str, keyword: &'static str) -> SymbolRule {
    SymbolRule {
        node,
        keyword,
        role: Role::Function,
        name: NameRule::Field("name"),
        body: Some("body"),
        needs_body: false,
    }
}

/// A container rule named by its `name` field with a `body` field.
const fn container(node: &'static str, keyword: &'static str) -> SymbolRule {
    SymbolRule {
        node,
        keyword,
        role: Role::Container,
        name: NameRule::Field("name"),
        body: Some("body"),
        needs_body: false,
    }
}

/// A C struct, union or enum definition (with a body).
const fn tag(node: &'static str, keyword: &'static str) -> SymbolRule {
    SymbolRule {
        node,
        keyword,
        role: Role::Container,
        name: C_TAG,
        body: Some("body"),
        needs_body: true,
    }
}

/// A language's grammar with the table's kinds resolved to node ids, so the
/// walker compares integers, not strings, on every node.
#[derive(Debug)]
pub(crate) struct Grammar {
    /// The tree-sitter language.
    pub language: Language,
    /// For each node kind id, the index of its rule in `profile.symbols`.
    rules: Vec<Option<u8>>,
    /// Whether each node kind id is a wrapper.
    wrappers: Vec<bool>,
    /// The recovery body kind's ids.
    recovery_body: Vec<bool>,
}

impl Grammar {
    /// Resolves a profile's kinds. Every id with a matching named kind is
    /// marked, so kinds a grammar aliases under several ids are all found.
    fn new(profile: &'static LangProfile) -> Grammar {
        let language = profile.language();
        let count = language.node_kind_count();
        let mut rules = vec![None; count];
        let mut wrappers = vec![false; count];
        let mut recovery_body = vec![false; count];
        for id in 0..count {
            let Ok(id16) = u16::try_from(id) else { break };
            if !language.node_kind_is_named(id16) {
                continue;
            }
            let Some(kind) = language.node_kind_for_id(id16) else {
                continue;
            };
            if let Some(i) = profile.symbols.iter().position(|r| r.node == kind) {
                rules[id] = u8::try_from(i).ok();
            }
            wrappers[id] = profile.wrappers.contains(&kind);
            recovery_body[id] = profile.recovery.as_ref().is_some_and(|r| r.body == kind);
        }
        Grammar {
            language,
            rules,
            wrappers,
            recovery_body,
        }
    }

    /// The symbol rule for a node kind id, as an index into the profile's
    /// `symbols`.
    pub fn rule(&self, kind_id: u16) -> Option<usize> {
        self.rules
            .get(usize::from(kind_id))
            .copied()
            .flatten()
            .map(usize::from)
    }

    /// Whether a node kind id wraps a symbol.
    pub fn is_wrapper(&self, kind_id: u16) -> bool {
        self.wrappers
            .get(usize::from(kind_id))
            .copied()
            .unwrap_or(false)
    }

    /// Whether a node kind id is a body the recovery looks at.
    pub fn is_recovery_body(&self, kind_id: u16) -> bool {
        self.recovery_body
            .get(usize::from(kind_id))
            .copied()
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The node kinds and fields a name rule reads.
    fn name_rule(rule: &NameRule, kinds: &mut Vec<&'static str>, fields: &mut Vec<&'static str>) {
        match rule {
            NameRule::Field(f) => fields.push(*f),
            NameRule::Impl {
                trait_field,
                type_field,
            } => fields.extend([*trait_field, *type_field]),
            NameRule::Declarator {
                field,
                through,
                leaves,
            } => {
                fields.push(*field);
                kinds.extend(through.iter().chain(leaves.iter()).copied());
            }
            NameRule::FieldOrTypedef {
                field,
                typedef_kind,
                typedef_field,
            } => {
                fields.extend([*field, *typedef_field]);
                kinds.push(*typedef_kind);
            }
        }
    }

    /// Every node kind and every field a profile names.
    fn named(profile: &LangProfile) -> (Vec<&'static str>, Vec<&'static str>) {
        let mut kinds = Vec::new();
        let mut fields = Vec::new();
        for rule in profile.symbols {
            kinds.push(rule.node);
            fields.extend(rule.body);
            name_rule(&rule.name, &mut kinds, &mut fields);
        }
        kinds.extend(profile.wrappers);
        for a in profile.attached {
            match a {
                Attach::Node(k) | Attach::Comment(k) => kinds.push(k),
                Attach::DocComment { node, field } => {
                    kinds.push(node);
                    fields.push(field);
                }
            }
        }
        if let Some(r) = &profile.recovery {
            kinds.extend([r.body, r.signature, r.call.0]);
            fields.push(r.call.1);
            name_rule(&r.signature_name, &mut kinds, &mut fields);
        }
        (kinds, fields)
    }

    #[test]
    fn every_kind_and_field_exists_in_its_grammar() {
        for lang in Lang::ALL {
            let profile = lang.profile();
            assert_eq!(profile.lang, lang, "table row out of place");
            let language = profile.language();
            let mut parser = tree_sitter::Parser::new();
            parser
                .set_language(&language)
                .unwrap_or_else(|e| panic!("{} grammar does not load: {e}", profile.name));
            // The checks below mean something only if unknown names fail them.
            assert_eq!(language.id_for_node_kind("no_such_kind", true), 0);
            assert!(language.field_id_for_name("no_such_field").is_none());
            let (kinds, fields) = named(profile);
            for kind in kinds {
                assert_ne!(
                    language.id_for_node_kind(kind, true),
                    0,
                    "{}: no node kind {kind:?}",
                    profile.name
                );
            }
            for field in fields {
                assert!(
                    language.field_id_for_name(field).is_some(),
                    "{}: no field {field:?}",
                    profile.name
                );
            }
            let grammar = lang.grammar();
            for (i, rule) in profile.symbols.iter().enumerate() {
                let id = language.id_for_node_kind(rule.node, true);
                assert_eq!(grammar.rule(id), Some(i), "{}", rule.node);
            }
        }
    }

    #[test]
    fn languages_from_paths() {
        assert_eq!(Lang::from_path(b"src/main.rs"), Some(Lang::Rust));
        assert_eq!(Lang::from_path(b"a/b.py"), Some(Lang::Python));
        assert_eq!(Lang::from_path(b"typing.pyi"), Some(Lang::Python));
        assert_eq!(Lang::from_path(b"lib/x.c"), Some(Lang::C));
        assert_eq!(Lang::from_path(b"include/x.h"), Some(Lang::C));
        assert_eq!(Lang::from_path(b"x.H"), None);
        assert_eq!(Lang::from_path(b"x.rs.orig"), None);
        assert_eq!(Lang::from_path(b"dir.rs/README"), None);
        assert_eq!(Lang::from_path(b".rs"), None);
        assert_eq!(Lang::from_path(b"Makefile"), None);
        assert_eq!(Lang::from_path(b"\xff\xfe.c"), Some(Lang::C));
    }
}
