"""Read stock files for the reporting tools.

A stock file starts with a header line, ``#stock v<N> key=value ...``,
followed by one record per line: ``SKU;NAME;QTY;PRICE``.
"""

import sys
from collections import namedtuple

HEADER_MAGIC = b"#stock"

Record = namedtuple("Record", "sku name qty price_cents")


class FormatError(ValueError):
    """The stock file is malformed."""


def parse_header(data):
    """Return (version, fields, start) from the header line of DATA.

    START is the offset of the first record line.
    """
    end = data.find(b"\n")
    if end < 0:
        raise FormatError("no header line")
    line = data[:end]
    if not line.startswith(HEADER_MAGIC):
        raise FormatError("not a stock file")
    parts = line[len(HEADER_MAGIC):].split()
    version = int(parts[0].lstrip(b"v"))
    fields = {}
    for part in parts[1:]:
        key, _, value = part.partition(b"=")
        fields[key.decode("ascii")] = value.decode("utf-8")
    return version, fields, end + 1


def read_records(data, start):
    """Yield a Record for every line of DATA from offset START."""
    for number, raw in enumerate(data[start:].splitlines(), 2):
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
    return name


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


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: stockfile.py FILE\n")
        return 2
    with open(argv[1], "rb") as f:
        data = f.read()
    version, fields, start = parse_header(data)
    print_report(read_records(data, start), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
