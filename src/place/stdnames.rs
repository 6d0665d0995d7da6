//! Names every version of a language a branch may target provides: Rust's
//! prelude, standard macros and crate roots (`core::`, `std::`) as of the
//! 2018 edition, Python's builtins as of 3.5, C's `NULL`, limits, C99's
//! fixed-width integer types and library functions (`memset`, `strlen`),
//! the `E…` codes `<errno.h>` reserves,
//! POSIX's file constants (`O_NOFOLLOW`, `AT_FDCWD`) and the members of
//! Python's `sys` reached through it (`sys.version_info`). A
//! branch never lacks them, however rarely its file happened to use them,
//! so they are no sign of a missing API. Newer ones (`matches!`, `TryFrom`
//! in the prelude, `breakpoint()`) are left out: an old branch's toolchain
//! may lack them.

use crate::syntax::Lang;
use crate::text::has_word;

const RUST: &str = "
    AsMut AsRef Box Clone Copy Debug Default DoubleEndedIterator Drop Eq Err
    ExactSizeIterator Extend Fn FnMut FnOnce From Hash Into IntoIterator Iterator
    None Ok Option Ord PartialEq PartialOrd Result Self Send Sized Some String Sync
    ToOwned ToString Vec
    assert assert_eq assert_ne cfg concat debug_assert debug_assert_eq
    debug_assert_ne env eprint eprintln file format format_args include_bytes
    include_str line panic print println stringify unimplemented unreachable vec
    write writeln core std";

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
    UINT32_MAX UINT64_MAX UINT_MAX ULLONG_MAX ULONG_MAX
    int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t intptr_t
    uintptr_t ptrdiff_t size_t";

/// C89's and C99's library functions and macros (`<string.h>`,
/// `<stdlib.h>`, `<stdio.h>`, `<ctype.h>`, `<stdarg.h>`, `<stdbool.h>`),
/// which a kernel's or a freestanding build's own headers give too, and
/// `MIN` and `MAX`, which `<sys/param.h>` gives on every Unix C library:
/// OpenZFS's branch calls `bzero`, upstream `memset`, and its maintainers
/// wrote `memset`, and `MIN` where the branch's file never had.
const C_LIBRARY: &str = "
    memset memcpy memmove memcmp memchr strlen strcmp strncmp strcpy strncpy
    strcat strncat strchr strrchr strstr strspn strcspn strtok strerror
    malloc calloc realloc free abort exit atexit atoi atol strtol strtoul
    strtoll strtoull strtod qsort bsearch abs labs printf fprintf sprintf
    snprintf vprintf vfprintf vsprintf vsnprintf sscanf fopen fclose fread
    fwrite fgets fputs fputc fgetc puts putchar getc fflush fseek ftell
    isalpha isdigit isalnum isspace isupper islower isxdigit isprint toupper
    tolower offsetof va_start va_end va_arg va_copy va_list bool true false
    errno assert MIN MAX";

/// POSIX.1-2008's file constants (`<fcntl.h>`, `<unistd.h>`, `<sys/stat.h>`):
/// the system's, not the project's, older than any branch. Linux's newer
/// flags (`O_PATH`, `O_TMPFILE`, `AT_EMPTY_PATH`) are left out.
const POSIX: &str = "
    O_RDONLY O_WRONLY O_RDWR O_CREAT O_EXCL O_NOCTTY O_TRUNC O_APPEND O_NONBLOCK
    O_SYNC O_DSYNC O_DIRECTORY O_NOFOLLOW O_CLOEXEC AT_FDCWD AT_SYMLINK_NOFOLLOW
    AT_SYMLINK_FOLLOW AT_REMOVEDIR AT_EACCESS F_GETFD F_SETFD F_GETFL F_SETFL
    FD_CLOEXEC SEEK_SET SEEK_CUR SEEK_END STDIN_FILENO STDOUT_FILENO STDERR_FILENO
    S_IRUSR S_IWUSR S_IXUSR S_IRWXU S_IRGRP S_IWGRP S_IXGRP S_IRWXG S_IROTH S_IWOTH
    S_IXOTH S_IRWXO S_ISUID S_ISGID S_ISVTX S_IFMT S_IFDIR S_IFREG S_IFLNK";

/// Methods Rust's standard library defines on its iterators, `Option` and
/// `Result`, collections, strings, smart pointers, I/O and common traits.
/// A call of one may be std's, whatever a project defines under the name.
const RUST_METHODS: &str = "
    all and and_then any append as_bytes as_deref as_deref_mut as_micros
    as_millis as_mut as_nanos as_ref as_secs as_slice as_str binary_search
    binary_search_by binary_search_by_key borrow borrow_mut by_ref bytes
    capacity chain chars chunks clear clone clone_from cloned cmp collect
    concat consume contains contains_key copied count cycle dedup dedup_by_key
    default deref deref_mut downgrade drain drop duration_since elapsed
    ends_with entry enumerate eq err expect expect_err extend
    extend_from_slice fetch_add fetch_sub filter filter_map find find_map
    first first_mut flat_map flatten flush fmt fold for_each from fuse ge get
    get_key_value get_mut get_or_insert get_or_insert_with gt hash insert
    inspect into into_iter is_char_boundary is_empty is_err is_none is_ok
    is_some iter iter_mut join keys last last_mut le len lines load lock lt
    map map_err map_or map_or_else max max_by max_by_key min min_by min_by_key
    ne next nth ok ok_or ok_or_else or or_default or_else or_insert
    or_insert_with parse partial_cmp partition peekable pop position product
    push push_str read read_exact read_line read_to_end read_to_string recv
    remove remove_entry replace reserve resize retain rev rposition rsplit
    scan send size_hint skip skip_while sort sort_by sort_by_key sort_unstable
    sort_unstable_by sort_unstable_by_key split split_at split_off
    split_whitespace splitn starts_with step_by store strip_prefix
    strip_suffix sum swap swap_remove take take_while to_lowercase to_owned
    to_string to_uppercase to_vec transpose trim trim_end trim_start truncate
    try_fold try_for_each try_from try_into try_recv unwrap unwrap_err
    unwrap_or unwrap_or_default unwrap_or_else unzip upgrade values values_mut
    windows with_capacity write write_all xor zip";

/// Methods of Python's built-in `dict`, `list`, `set`, `str` and `bytes`,
/// and `unittest.TestCase`'s assertions, every Python 3 has. Called on a
/// value (`data.get(…)`, `self.assertLessEqual(…)`), one names no API a
/// branch could lack, whatever else its file calls.
const PYTHON_METHODS: &str = "
    add append clear copy count decode encode endswith extend format get index
    insert items join keys lower lstrip pop popitem remove replace rsplit rstrip
    setdefault sort split splitlines startswith strip update upper values
    addCleanup assertAlmostEqual assertCountEqual assertDictEqual assertEqual
    assertFalse assertGreater assertGreaterEqual assertIn assertIs
    assertIsInstance assertIsNone assertIsNot assertIsNotNone assertLess
    assertLessEqual assertListEqual assertLogs assertMultiLineEqual
    assertNotAlmostEqual assertNotEqual assertNotIn assertNotIsInstance
    assertNotRegex assertRaises assertRaisesRegex assertRegex
    assertSequenceEqual assertSetEqual assertTrue assertTupleEqual assertWarns
    assertWarnsRegex skipTest subTest";

/// Whether `lang`'s standard library has a method `name`: Rust's
/// (`collect`, `unwrap_or`, `get_mut`) or Python's built-in types' and
/// test cases' (`get`, `items`, `assertIn`). C has none.
pub fn is_standard_method(lang: Option<Lang>, name: &[u8]) -> bool {
    let list = match lang {
        Some(Lang::Rust) => RUST_METHODS,
        Some(Lang::Python) => PYTHON_METHODS,
        Some(Lang::C) | None => return false,
    };
    listed(list, name)
}

/// Whether every version of `lang` a branch may target provides `name`.
pub fn is_standard(lang: Option<Lang>, name: &[u8]) -> bool {
    match lang {
        Some(Lang::Rust) => listed(RUST, name),
        Some(Lang::Python) => listed(PYTHON, name),
        Some(Lang::C) => {
            listed(C, name) || listed(C_LIBRARY, name) || listed(POSIX, name) || is_errno(name)
        }
        None => false,
    }
}

/// Whether `name` is one of the whitespace-separated words of `list`.
fn listed(list: &str, name: &[u8]) -> bool {
    list.split_ascii_whitespace().any(|n| n.as_bytes() == name)
}

/// Whether Python code reaches `name` through the `errno` module
/// (`errno.EACCES`): its codes are `<errno.h>`'s, older than any branch.
pub fn is_errno_member<'l>(name: &[u8], code: impl IntoIterator<Item = &'l [u8]>) -> bool {
    is_errno(name) && reached_through(b"errno", name, code)
}

/// Members of Python's `sys` module every Python 3 has.
const PYTHON_SYS: &str = "
    argv byteorder exc_info executable exit getdefaultencoding
    getfilesystemencoding getrecursionlimit maxsize modules path platform
    prefix setrecursionlimit stderr stdin stdout version version_info";

/// Whether Python code reaches `name` through the `sys` module
/// (`sys.version_info`), which has had it since Python 3.0.
pub fn is_sys_member<'l>(name: &[u8], code: impl IntoIterator<Item = &'l [u8]>) -> bool {
    listed(PYTHON_SYS, name) && reached_through(b"sys", name, code)
}

/// Whether some line of `code` reaches `name` as `module.name`.
fn reached_through<'l>(
    module: &[u8],
    name: &[u8],
    code: impl IntoIterator<Item = &'l [u8]>,
) -> bool {
    let path = [module, b".", name].concat();
    let finder = memchr::memmem::Finder::new(&path);
    code.into_iter().any(|l| has_word(l, &finder))
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
        assert!(is_standard(Some(Lang::Rust), b"core"));
        assert!(is_standard(Some(Lang::C), b"int64_t"));
        assert!(!is_standard(Some(Lang::C), b"PRIx64"));
        assert!(is_standard(Some(Lang::C), b"memset"));
        assert!(is_standard(Some(Lang::C), b"snprintf"));
        assert!(!is_standard(Some(Lang::C), b"bzero"));
        assert!(is_standard(Some(Lang::C), b"MIN"));
        assert!(!is_standard(Some(Lang::C), b"MIN3"));
        assert!(!is_standard(Some(Lang::Python), b"memset"));
        assert!(!is_standard(Some(Lang::Rust), b"ReadableDuration"));
        assert!(is_standard(Some(Lang::Python), b"isinstance"));
        assert!(!is_standard(Some(Lang::Python), b"is_not_"));
        assert!(is_standard(Some(Lang::C), b"AT_FDCWD"));
        assert!(!is_standard(Some(Lang::C), b"AT_EMPTY_PATH"));
        assert!(is_standard(Some(Lang::C), b"ENODATA"));
        assert!(is_standard(Some(Lang::C), b"E2BIG"));
        assert!(!is_standard(Some(Lang::C), b"ERRNO_IS_PRIVILEGE"));
        assert!(!is_standard(Some(Lang::C), b"EBADF_OR"));
        assert!(!is_standard(None, b"None"));
        assert!(is_standard_method(Some(Lang::Python), b"setdefault"));
        assert!(!is_standard_method(Some(Lang::Python), b"vtysh_cmd"));
        assert!(!is_standard_method(Some(Lang::Python), b"collect"));
        assert!(is_standard_method(Some(Lang::Python), b"assertLessEqual"));
        assert!(!is_standard_method(
            Some(Lang::Python),
            b"assertQuantumEqual"
        ));
        assert!(is_standard_method(Some(Lang::Rust), b"collect"));
        assert!(!is_standard_method(Some(Lang::Rust), b"build_resources"));
    }

    #[test]
    fn errno_codes_count_only_through_the_module() {
        let code: [&[u8]; 1] = [b"    raise OSError(errno.EACCES, 'EACCES')"];
        assert!(is_errno_member(b"EACCES", code));
        let skip = [b"@pytest.mark.skipif(sys.version_info < (3, 13), reason='py3.13')".as_slice()];
        assert!(is_sys_member(b"version_info", skip));
        assert!(!is_sys_member(
            b"version_info",
            [b"info.version_info".as_slice()]
        ));
        // Bare, or through another module, the name may be the project's own.
        assert!(!is_errno_member(
            b"EACCES",
            [b"    raise OSError(EACCES)".as_slice()]
        ));
        assert!(!is_errno_member(
            b"EACCES",
            [b"    myerrno.EACCES".as_slice()]
        ));
        assert!(!is_errno_member(b"EACC", code));
        assert!(!is_errno_member(b"Errors", [b"errno.Errors".as_slice()]));
    }
}
