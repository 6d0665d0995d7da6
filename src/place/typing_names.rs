//! Names of Python's `typing` module newer than the branch's Python.
//!
//! `typing.Final` arrived in Python 3.8, `Self` in 3.11. A branch that
//! still supports an older Python takes such names from a shim
//! (`typing_extensions`, sqlalchemy's `..util.typing`), never from
//! `typing`; upstream's added `from typing import Final` would not import
//! there, and its maintainer takes the name from the shim instead. What
//! the branch supports is read from the legacy file: the oldest of these
//! names it imports from elsewhere than `typing` is one its `typing` lacks.

use memchr::memmem::Finder;

use super::lines::python_code_lines;
use crate::syntax::{from_imports, FromImport};
use crate::text::{is_word, Text};

/// The Python 3 minor version that added each name to `typing`.
const SINCE: &[(&str, u8)] = &[
    ("Final", 8),
    ("Literal", 8),
    ("Protocol", 8),
    ("TypedDict", 8),
    ("runtime_checkable", 8),
    ("SupportsIndex", 8),
    ("get_args", 8),
    ("get_origin", 8),
    ("Annotated", 9),
    ("Concatenate", 10),
    ("ParamSpec", 10),
    ("TypeAlias", 10),
    ("TypeGuard", 10),
    ("is_typeddict", 10),
    ("LiteralString", 11),
    ("Never", 11),
    ("NotRequired", 11),
    ("Required", 11),
    ("Self", 11),
    ("TypeVarTuple", 11),
    ("Unpack", 11),
    ("assert_never", 11),
    ("assert_type", 11),
    ("dataclass_transform", 11),
    ("reveal_type", 11),
    ("TypeAliasType", 12),
    ("override", 12),
    ("NoDefault", 13),
    ("ReadOnly", 13),
    ("TypeIs", 13),
];

fn since(name: &[u8]) -> Option<u8> {
    SINCE
        .iter()
        .find(|(n, _)| n.as_bytes() == name)
        .map(|&(_, v)| v)
}

/// The oldest version among the newer `typing` names the legacy file
/// imports from another module: the branch's Python may predate it.
/// `None` when it imports none so (nothing says the branch is older).
pub fn shimmed_since(legacy: &Text) -> Option<u8> {
    from_imports(python_code_lines(&legacy.lines))
        .into_iter()
        .filter(|f| f.module != b"typing")
        .filter_map(|f| since(&f.name))
        .min()
}

/// The `typing` names added lines take (`from typing import Final`
/// among `imported`, `typing.Final[int]` on a line of `code`) that arrived
/// in Python 3.`floor` or later, each as `typing.Final (Python 3.8)`.
pub fn too_new(imported: &[FromImport], code: &[&[u8]], floor: u8) -> Vec<String> {
    let from_typing = (imported.iter())
        .filter(|f| f.module == b"typing")
        .map(|f| f.name.as_slice());
    let prefix = Finder::new(b"typing.");
    let attributes = code.iter().flat_map(|line| {
        (prefix.find_iter(line))
            .filter(|&at| at == 0 || !is_word(line[at - 1]))
            .map(|at| {
                let name = &line[at + b"typing.".len()..];
                &name[..name.iter().position(|&b| !is_word(b)).unwrap_or(name.len())]
            })
    });
    let mut out: Vec<(u8, &[u8])> = (from_typing.chain(attributes))
        .filter_map(|n| Some((since(n)?, n)))
        .filter(|&(v, _)| v >= floor)
        .collect();
    out.sort_unstable();
    out.dedup();
    out.into_iter()
        .map(|(v, n)| format!("typing.{} (Python 3.{v})", String::from_utf8_lossy(n)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(src: &str) -> Text {
        Text::parse(src.as_bytes())
    }

    #[test]
    fn a_name_taken_from_a_shim_bounds_the_branch() {
        let legacy = text(
            "from typing import Any\nfrom ..util.typing import Literal\nfrom typing_extensions import (\n    Self,\n)\n",
        );
        assert_eq!(shimmed_since(&legacy), Some(8));
        assert_eq!(shimmed_since(&text("from typing import Literal\n")), None);
        // An import shown inside a docstring is prose.
        let doc = text("\"\"\"\nfrom typing_extensions import Final\n\"\"\"\nx = 1\n");
        assert_eq!(shimmed_since(&doc), None);
    }

    #[test]
    fn names_at_or_after_the_bound_are_too_new() {
        let imported = from_imports([b"from typing import Final, Any".as_slice()]);
        assert_eq!(too_new(&imported, &[], 8), ["typing.Final (Python 3.8)"]);
        let shim = from_imports([b"from typing_extensions import Final".as_slice()]);
        assert!(too_new(&shim, &[], 8).is_empty());
        let code: &[&[u8]] = &[b"x: typing.Self = typing.cast(int, y)"];
        assert_eq!(too_new(&[], code, 11), ["typing.Self (Python 3.11)"]);
        assert!(too_new(&[], code, 12).is_empty());
        // `typing.Finality` is another word.
        assert!(too_new(&[], &[b"x = typing.Finality"], 8).is_empty());
    }
}
