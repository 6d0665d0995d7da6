//! What each hunk of the demo fix meets on `release-1.0`, in patch order
//! (files in git's path order, hunks top to bottom). The notes drive the
//! trainer's tour; `tests/demo_repo.rs` checks every claim with `git apply`.

use super::{DemoHunk, Drift};

/// The hunks of the fix commit, in the order `git show` prints them.
pub(super) const HUNKS: &[DemoHunk] = &[
    DemoHunk {
        path_upstream: "native/record.c",
        path_legacy: "native/record.c",
        function: "split_fields",
        drift: Drift::Offset,
        note: "Offset: release-1.0 still has the five-line Visual C++ snprintf shim \
               near the top of record.c, so split_fields() sits five lines lower. The \
               context is identical; only the line numbers moved.",
    },
    DemoHunk {
        path_upstream: "native/record.c",
        path_legacy: "native/record.c",
        function: "record_parse",
        drift: Drift::AlreadyApplied,
        note: "Already applied: the 1.0.1 hotfix on release-1.0 added this very \
               quantity check. The hunk's result is already in the file, so the right \
               move is to skip it, not to add the check twice.",
    },
    DemoHunk {
        path_upstream: "native/strutil.c",
        path_legacy: "native/util.c",
        function: "sv_copy_field",
        drift: Drift::RenamedFile,
        note: "Renamed file: upstream renamed native/util.c to native/strutil.c after \
               the branch was cut. The content is the same, so once the file is found \
               under its old name the off-by-one fix applies as it is.",
    },
    DemoHunk {
        path_upstream: "src/record.rs",
        path_legacy: "src/record.rs",
        function: "parse_quantity",
        drift: Drift::Exact,
        note: "Exact: parse_quantity() is the same on both branches and at the same \
               lines, so the QTY_MAX check lands where the patch says. This is the \
               case git apply and cherry-pick handle on their own.",
    },
    DemoHunk {
        path_upstream: "src/record.rs",
        path_legacy: "src/record.rs",
        function: "parse_price",
        drift: Drift::MovedInFile,
        note: "Moved function: upstream moved parse_price() below format_price(), \
               while release-1.0 keeps it right after parse_quantity(), 38 lines \
               higher. Look at how far the place is from the patch's line \
               numbers, and that the function is still the same.",
    },
    DemoHunk {
        path_upstream: "src/store.rs",
        path_legacy: "src/store.rs",
        function: "load",
        drift: Drift::RenamedVariable,
        note: "Renamed variable: release-1.0 calls the read buffer `buffer` where \
               upstream says `buf`. The context and the removed line differ only by \
               that name, and the added lines must say `buffer` too, or the backport \
               does not compile.",
    },
    DemoHunk {
        path_upstream: "tools/stockfile.py",
        path_legacy: "tools/stockfile.py",
        function: "parse_header",
        drift: Drift::Reindented,
        note: "Re-indented: upstream turned parse_header(data) into a method of \
               class Parser, so every line is four spaces deeper than in \
               release-1.0's free function. The added lines must be moved back four \
               spaces to fit.",
    },
    DemoHunk {
        path_upstream: "tools/stockfile.py",
        path_legacy: "tools/stockfile.py",
        function: "decode_name",
        drift: Drift::ContextChanged,
        note: "Neighbour changed: release-1.0 reworded the Latin-1 comment just above \
               the line the fix replaces. The changed line itself is the same, so the \
               hunk belongs here even though one context line differs.",
    },
    DemoHunk {
        path_upstream: "tools/stockfile.py",
        path_legacy: "tools/stockfile.py",
        function: "export_csv",
        drift: Drift::NotInLegacy,
        note: "Not in legacy: export_csv() arrived upstream after the branch was cut, \
               so release-1.0 has no CSV export to protect. There is no right place \
               for this hunk; the answer is to leave it out and say so.",
    },
];
