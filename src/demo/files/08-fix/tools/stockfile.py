"""Read stock files for the reporting tools.

A stock file starts with a header line, ``#stock v<N> key=value ...``,
followed by one record per line: ``SKU;NAME;QTY;PRICE``.
"""

import csv
import sys
from collections import namedtuple

HEADER_MAGIC = b"#stock"

Record = namedtuple("Record", "sku name qty price_cents")


class FormatError(ValueError):
    """The stock file is malformed."""


class Parser:
    """Reads one stock file: the header first, then the records."""

    def __init__(self, data):
        self.data = data
        self.pos = 0

    def parse_header(self):
        """Return (version, fields) from the header line."""
        data = self.data
        end = data.find(b"\n")
        if end < 0:
            raise FormatError("no header line")
        line = data[:end]
        if not line.startswith(HEADER_MAGIC):
            raise FormatError("not a stock file")
        parts = line[len(HEADER_MAGIC):].split()
        if not parts or not parts[0].startswith(b"v") or not parts[0][1:].isdigit():
            raise FormatError("bad version in header")
        version = int(parts[0][1:])
        fields = {}
        for part in parts[1:]:
            key, _, value = part.partition(b"=")
            fields[key.decode("ascii")] = value.decode("utf-8")
        self.pos = end + 1
        return version, fields

    def records(self):
        """Yield a Record for every line after the header."""
        for number, raw in enumerate(self.data[self.pos:].splitlines(), 2):
            if not raw or raw.startswith(b"#"):
                continue
            yield parse_record(raw, number)


def parse_record(raw, number):
    """Parse one ``SKU;NAME;QTY;PRICE`` line; NUMBER is for messages."""
    fields = raw.split(b";")
    if len(fields) != 4:
        raise FormatError("line %d: expected 4 fields, found %d" % (number, len(fields)))
    sku, name, qty, price = fields
    return Record(sku.decode("ascii"), decode_name(name), int(qty), parse_price(price))


def parse_price(raw):
    """Parse ``12`` or ``12.34`` into cents."""
    whole, _, frac = raw.partition(b".")
    return int(whole) * 100 + int((frac + b"00")[:2])


def decode_name(raw):
    """Decode the NAME field of a record."""
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError:
        # Tills older than v2 write Latin-1.
        name = raw.decode("latin-1")
    # Names end up on terminals and in spreadsheets: drop control characters.
    return "".join(ch for ch in name if ch.isprintable())


def format_price(cents):
    return "%d.%02d" % divmod(cents, 100)


def print_report(records, out):
    """Print a fixed-width stock report with a total line."""
    total = 0
    for rec in records:
        value = rec.qty * rec.price_cents
        total += value
        out.write("%-16s %-30s %6d %10s\n" % (rec.sku, rec.name, rec.qty, format_price(value)))
    out.write("%-16s %-30s %6s %10s\n" % ("TOTAL", "", "", format_price(total)))


def _csv_safe(text):
    """Keep a spreadsheet from reading TEXT as a formula (CSV injection)."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def export_csv(records, out):
    """Write RECORDS as CSV, for spreadsheets."""
    writer = csv.writer(out)
    writer.writerow(["sku", "name", "qty", "price"])
    for rec in records:
        name = _csv_safe(rec.name)
        writer.writerow([rec.sku, name, rec.qty, format_price(rec.price_cents)])


def main(argv):
    if len(argv) < 2 or argv[2:] not in ([], ["--csv"]):
        sys.stderr.write("usage: stockfile.py FILE [--csv]\n")
        return 2
    with open(argv[1], "rb") as f:
        parser = Parser(f.read())
    parser.parse_header()
    if argv[2:] == ["--csv"]:
        export_csv(parser.records(), sys.stdout)
    else:
        print_report(parser.records(), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
