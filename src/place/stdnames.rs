//! Names every version of a language a branch may target provides: Rust's
//! prelude and standard macros as of the 2018 edition, Python's builtins as
//! of 3.5, C's `NULL`, limits and the `E…` codes `<errno.h>` reserves. A
//! branch never lacks them, however rarely its file happened to use them,
//! so they are no sign of a missing API. Newer ones (`matches!`, `TryFrom`
//! in the prelude, `breakpoint()`) are left out: an old branch's toolchain
//! may lack them.

use crate::syntax::Lang;

const RUST: &str = "
    AsMut AsRef Box Clone Copy Debug Default DoubleEndedIterator Drop Eq Err
    ExactSizeIterator Extend Fn FnMut FnOnce From Hash Into IntoIterator Iterator
    None Ok Option Ord PartialEq PartialOrd Result Self Send Sized Some String Sync
    ToOwned ToString Vec
    assert assert_eq assert_ne cfg concat debug_assert debug_assert_eq
    debug_assert_ne env eprint eprintln file format format_args include_bytes
    include_str line panic print println stringify unimplemented unreachable vec
    write writeln";

const PYTHON: &str = "
    ArithmeticError AssertionError AttributeError BaseException BytesWarning
    ConnectionError DeprecationWarning EOFError Ellipsis Exception False
    FileExistsError FileNotFoundError FutureWarning GeneratorExit ImportError
    IndexError IOError KeyError KeyboardInterrupt LookupError MemoryError NameError
    None NotImplemented NotImplementedError OSError OverflowError
    PendingDeprecationWarning PermissionError RecursionError ResourceWarning
    RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError
    SystemExit TimeoutError True TypeError UnicodeDecodeError UnicodeEncodeError
    UnicodeError UserWarning ValueError Warning ZeroDivisionError
    __import__ abs all any bin bool bytearray bytes callable chr classmethod
    compile complex delattr dict dir divmod enumerate eval exec filter float format
    frozenset getattr globals hasattr hash hex id input int isinstance issubclass
    iter len list locals map max memoryview min next object oct open ord pow print
    property range repr reversed round set setattr slice sorted staticmethod str
    sum super tuple type vars zip";

const C: &str = "
    CHAR_BIT EOF INT8_MAX INT16_MAX INT32_MAX INT64_MAX INT_MAX INT_MIN LLONG_MAX
    LONG_MAX LONG_MIN NULL PATH_MAX SIZE_MAX SSIZE_MAX UINT8_MAX UINT16_MAX
    UINT32_MAX UINT64_MAX UINT_MAX ULLONG_MAX ULONG_MAX";

/// Whether every version of `lang` a branch may target provides `name`.
pub fn is_standard(lang: Option<Lang>, name: &[u8]) -> bool {
    let listed = |list: &str| list.split_ascii_whitespace().any(|n| n.as_bytes() == name);
    match lang {
        Some(Lang::Rust) => listed(RUST),
        Some(Lang::Python) => listed(PYTHON),
        Some(Lang::C) => listed(C) || is_errno(name),
        None => false,
    }
}

/// `E` and then capitals or digits only (`ENODATA`, `E2BIG`): the names
/// `<errno.h>` reserves for error codes.
fn is_errno(name: &[u8]) -> bool {
    name.len() > 2
        && name[0] == b'E'
        && name[1..]
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prelude_builtins_and_errno_codes_are_standard() {
        assert!(is_standard(Some(Lang::Rust), b"None"));
        assert!(is_standard(Some(Lang::Rust), b"vec"));
        assert!(!is_standard(Some(Lang::Rust), b"matches"));
        assert!(!is_standard(Some(Lang::Rust), b"ReadableDuration"));
        assert!(is_standard(Some(Lang::Python), b"isinstance"));
        assert!(!is_standard(Some(Lang::Python), b"is_not_"));
        assert!(is_standard(Some(Lang::C), b"ENODATA"));
        assert!(is_standard(Some(Lang::C), b"E2BIG"));
        assert!(!is_standard(Some(Lang::C), b"ERRNO_IS_PRIVILEGE"));
        assert!(!is_standard(Some(Lang::C), b"EBADF_OR"));
        assert!(!is_standard(None, b"None"));
    }
}
