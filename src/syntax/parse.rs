//! Parsing with one reused tree-sitter parser per language and thread.
//!
//! Placement parses the same few languages over and over; a `Parser` keeps
//! its allocations between parses, so creating one per call would waste
//! them. A parser is not shareable while it parses, so each thread keeps its
//! own (a mutex-guarded pool was the alternative, and would serialise the
//! threads that `ferry eval` may one day use).

use std::cell::RefCell;

use tree_sitter::{Parser, Tree};

use super::{Lang, SyntaxError};

thread_local! {
    /// This thread's parsers, created on first use, one slot per language.
    static PARSERS: RefCell<[Option<Parser>; 3]> = const { RefCell::new([None, None, None]) };
}

/// Parses a file. tree-sitter never rejects input: syntax errors become
/// `ERROR` nodes in an otherwise useful tree, and any bytes are accepted.
pub fn parse(lang: Lang, source: &[u8]) -> Result<Tree, SyntaxError> {
    PARSERS.with(|cell| {
        // A re-entrant call (impossible today) would find the cell borrowed;
        // it gets a fresh parser instead of a panic.
        let Ok(mut parsers) = cell.try_borrow_mut() else {
            return parse_with(&mut new_parser(lang)?, lang, source);
        };
        let slot = match lang {
            Lang::Rust => &mut parsers[0],
            Lang::Python => &mut parsers[1],
            Lang::C => &mut parsers[2],
        };
        let parser = match slot {
            Some(parser) => parser,
            None => slot.insert(new_parser(lang)?),
        };
        parse_with(parser, lang, source)
    })
}

/// A parser set to a language's grammar.
fn new_parser(lang: Lang) -> Result<Parser, SyntaxError> {
    let mut parser = Parser::new();
    parser
        .set_language(&lang.grammar().language)
        .map_err(|source| SyntaxError::Grammar {
            lang: lang.name(),
            source,
        })?;
    Ok(parser)
}

/// Runs one parse; a parser left mid-parse is reset so the next call starts
/// clean.
fn parse_with(parser: &mut Parser, lang: Lang, source: &[u8]) -> Result<Tree, SyntaxError> {
    match parser.parse(source, None) {
        Some(tree) => Ok(tree),
        None => {
            parser.reset();
            Err(SyntaxError::NoTree {
                lang: lang.name(),
                bytes: source.len(),
            })
        }
    }
}
