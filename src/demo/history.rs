//! The demo repository's history as data: who committed what, when, with
//! which files.
//!
//! Every version of every file lives in full under `files/<step>/<path>`, so
//! a trainer can open or diff any two versions without running anything. A
//! step lists only the files it changes. (`Cargo.toml` is kept as
//! `Cargo.toml.in`: a directory that holds a `Cargo.toml` is left out of a
//! packaged crate.)

/// One commit of the demo history.
pub(super) struct Step {
    /// The commit message: subject, blank line, body.
    pub message: &'static str,
    /// Author and committer.
    pub who: Person,
    /// Author and commit date, in the person's own time zone.
    pub when: Date,
    /// What the commit does to the tree, in order.
    pub changes: &'static [Change],
}

/// A fictional developer.
#[derive(Clone, Copy)]
pub(super) struct Person {
    /// Display name.
    pub name: &'static str,
    /// E-mail address (under `example.org`).
    pub email: &'static str,
    /// The person's offset from UTC, in minutes.
    pub utc_offset_minutes: i32,
}

/// A local date and time; with the person's offset it is one instant.
#[derive(Clone, Copy)]
pub(super) struct Date {
    /// Year.
    pub year: i64,
    /// Month, 1 to 12.
    pub month: i64,
    /// Day of the month, 1 to 31.
    pub day: i64,
    /// Hour, 0 to 23.
    pub hour: i64,
    /// Minute, 0 to 59.
    pub minute: i64,
}

/// One change to the tree.
pub(super) enum Change {
    /// Create or replace the file at a path with this content.
    Write(&'static str, &'static str),
    /// Move a file to a new path, content unchanged.
    Rename(&'static str, &'static str),
}

/// A data file under `src/demo/files/`.
macro_rules! file {
    ($path:literal) => {
        include_str!(concat!("files/", $path))
    };
}

const ADA: Person = Person {
    name: "Ada Moreau",
    email: "ada.moreau@example.org",
    utc_offset_minutes: 60,
};
const RAVI: Person = Person {
    name: "Ravi Iyer",
    email: "ravi@example.org",
    utc_offset_minutes: 330,
};
const LENA: Person = Person {
    name: "Lena Park",
    email: "lena.park@example.org",
    utc_offset_minutes: -300,
};
const TOMASZ: Person = Person {
    name: "Tomasz Wójcik",
    email: "tomasz@example.org",
    utc_offset_minutes: 60,
};

const fn at(year: i64, month: i64, day: i64, hour: i64, minute: i64) -> Date {
    Date {
        year,
        month,
        day,
        hour,
        minute,
    }
}

/// `main` up to and including the commit `release-1.0` is cut from.
pub(super) const BEFORE_FORK: &[Step] = &[
    Step {
        message: "Import stockroom 0.9\n\
            \n\
            The Rust core that loads stock files, the Python report tool and\n\
            the C record checker the import daemon links, as they were in the\n\
            shop's old repository.\n",
        who: ADA,
        when: at(2024, 1, 8, 9, 14),
        changes: &[
            Change::Write("Cargo.toml", file!("01-import/Cargo.toml.in")),
            Change::Write("Makefile", file!("01-import/Makefile")),
            Change::Write("README.md", file!("01-import/README.md")),
            Change::Write("native/record.c", file!("01-import/native/record.c")),
            Change::Write("native/stockroom.h", file!("01-import/native/stockroom.h")),
            Change::Write("native/util.c", file!("01-import/native/util.c")),
            Change::Write("src/lib.rs", file!("01-import/src/lib.rs")),
            Change::Write("src/record.rs", file!("01-import/src/record.rs")),
            Change::Write("src/store.rs", file!("01-import/src/store.rs")),
            Change::Write("tools/stockfile.py", file!("01-import/tools/stockfile.py")),
        ],
    },
    Step {
        message: "store: add low_stock() for the reorder report\n",
        who: RAVI,
        when: at(2024, 1, 22, 16, 40),
        changes: &[Change::Write(
            "src/store.rs",
            file!("02-low-stock/src/store.rs"),
        )],
    },
];

/// `main` after the fork point; the last step is the fix.
pub(super) const UPSTREAM: &[Step] = &[
    Step {
        message: "native: rename util.c to strutil.c\n\
            \n\
            Every helper in it works on strings, and the daemon is getting a\n\
            util.c of its own.\n",
        who: LENA,
        when: at(2024, 2, 14, 11, 30),
        changes: &[
            Change::Rename("native/util.c", "native/strutil.c"),
            Change::Write("Makefile", file!("03-rename-strutil/Makefile")),
            Change::Write("README.md", file!("03-rename-strutil/README.md")),
            Change::Write(
                "native/stockroom.h",
                file!("03-rename-strutil/native/stockroom.h"),
            ),
        ],
    },
    Step {
        message: "stockfile: read files through a Parser class\n\
            \n\
            The header offset no longer travels between parse_header() and\n\
            read_records(); the parser keeps it.\n",
        who: RAVI,
        when: at(2024, 2, 20, 14, 5),
        changes: &[Change::Write(
            "tools/stockfile.py",
            file!("04-parser-class/tools/stockfile.py"),
        )],
    },
    Step {
        message: "stockfile: add --csv to export the stock for spreadsheets\n",
        who: LENA,
        when: at(2024, 3, 11, 9, 50),
        changes: &[Change::Write(
            "tools/stockfile.py",
            file!("05-csv-export/tools/stockfile.py"),
        )],
    },
    Step {
        message: "record: keep price parsing next to price formatting\n",
        who: TOMASZ,
        when: at(2024, 3, 18, 15, 22),
        changes: &[Change::Write(
            "src/record.rs",
            file!("06-price-next-to-format/src/record.rs"),
        )],
    },
    Step {
        message: "native: drop the Visual C++ snprintf shim\n\
            \n\
            Windows builds use Visual C++ 2019 now, which has snprintf.\n",
        who: LENA,
        when: at(2024, 4, 2, 10, 12),
        changes: &[Change::Write(
            "native/record.c",
            file!("07-drop-msvc-shim/native/record.c"),
        )],
    },
    Step {
        message: "Reject malformed stock records instead of crashing or overflowing\n\
            \n\
            Stock files and supplier feeds are untrusted input, and several\n\
            readers trusted them:\n\
            \n\
            - native: split_fields() wrote past fields[] on a line with more\n  \
              than three ';' (a stack overflow in the import daemon), and\n  \
              sv_copy_field() wrote one byte past the buffer when a name\n  \
              filled it exactly. Negative and huge quantities were stored as\n  \
              they came.\n\
            - src: a price like \"4.1\u{e9}\" panicked (slicing inside a UTF-8\n  \
              character) and \"4.999\" was silently truncated; quantities above\n  \
              QTY_MAX and lines longer than MAX_LINE were accepted although\n  \
              both limits are documented.\n\
            - tools: a header without a version raised IndexError, control\n  \
              characters in names reached the terminal, and names starting\n  \
              with '=' were exported to CSV as spreadsheet formulas.\n\
            \n\
            Reported-by: Mira Okafor <mira.okafor@example.org>\n",
        who: ADA,
        when: at(2024, 4, 15, 17, 48),
        changes: &[
            Change::Write("native/record.c", file!("08-fix/native/record.c")),
            Change::Write("native/strutil.c", file!("08-fix/native/strutil.c")),
            Change::Write("src/record.rs", file!("08-fix/src/record.rs")),
            Change::Write("src/store.rs", file!("08-fix/src/store.rs")),
            Change::Write("tools/stockfile.py", file!("08-fix/tools/stockfile.py")),
        ],
    },
];

/// `release-1.0`, cut from the last step of [`BEFORE_FORK`].
pub(super) const LEGACY: &[Step] = &[
    Step {
        message: "Release 1.0.0\n",
        who: ADA,
        when: at(2024, 2, 12, 10, 2),
        changes: &[
            Change::Write("CHANGELOG.md", file!("r1-release/CHANGELOG.md")),
            Change::Write("Cargo.toml", file!("r1-release/Cargo.toml.in")),
        ],
    },
    Step {
        message: "store: spell out the read buffer's name\n",
        who: TOMASZ,
        when: at(2024, 2, 26, 8, 41),
        changes: &[Change::Write(
            "src/store.rs",
            file!("r2-buffer-name/src/store.rs"),
        )],
    },
    Step {
        message: "native: reject negative and huge quantities (1.0.1)\n\
            \n\
            A supplier feed with a quantity of -1 made the import daemon store\n\
            a negative stock. Hotfix for the 1.0 shops; main will get a wider\n\
            fix.\n",
        who: ADA,
        when: at(2024, 3, 5, 19, 3),
        changes: &[
            Change::Write("native/record.c", file!("r3-qty-hotfix/native/record.c")),
            Change::Write("CHANGELOG.md", file!("r3-qty-hotfix/CHANGELOG.md")),
            Change::Write("Cargo.toml", file!("r3-qty-hotfix/Cargo.toml.in")),
        ],
    },
    Step {
        message: "stockfile: say which tills send Latin-1\n",
        who: TOMASZ,
        when: at(2024, 3, 21, 13, 37),
        changes: &[Change::Write(
            "tools/stockfile.py",
            file!("r4-latin1-comment/tools/stockfile.py"),
        )],
    },
];

/// Seconds since the Unix epoch of a local date at a UTC offset.
pub(super) fn epoch_seconds(date: Date, utc_offset_minutes: i32) -> i64 {
    days_from_civil(date.year, date.month, date.day) * 86_400 + date.hour * 3_600 + date.minute * 60
        - i64::from(utc_offset_minutes) * 60
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_unix_seconds() {
        assert_eq!(epoch_seconds(at(1970, 1, 1, 0, 0), 0), 0);
        // `date -u -d '2024-04-15 16:48' +%s`
        assert_eq!(epoch_seconds(at(2024, 4, 15, 17, 48), 60), 1_713_199_680);
        assert_eq!(epoch_seconds(at(2000, 3, 1, 5, 30), 330), 951_868_800);
    }
}
