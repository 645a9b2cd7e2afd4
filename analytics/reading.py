"""Reading an uploaded file as text, bounded, before any rule of the contract is checked: which encoding it is
in (said, never guessed silently), where its lines are, and what no file of a dataset can be. The loader
(analytics/loader.py) stages what this module hands it.

The bounds, each refused with the line (or the limit) it broke:
- a header wider than MAX_COLUMNS columns (the widest dataset has 15; the widest national export about 100);
- a line longer than MAX_LINE_BYTES (no row of any dataset comes near it; DuckDB's reader dropped a line over
  about 32 MB without a word);
- NUL bytes anywhere (one rule for the whole file, wherever the first one is);
- text that is neither UTF-8, UTF-16 (with its byte-order mark) nor Windows-1252, and text that mixes UTF-8 with
  another encoding (decoding it wholly as Windows-1252 turned "Café" into "CafÃ©");
- an .xlsx that declares or unpacks to more than the XLSX_* limits (zip bombs, a sheet declaring A1:XFD1048576,
  shared strings of gigabytes), checked in the zip's directory before anything is decompressed, with a
  deadline on the conversion.
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import re
import shutil
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import openpyxl

XLSX_MAGIC = b"PK\x03\x04"
MAX_COLUMNS = 512
MAX_LINE_BYTES = 1 << 20
MAX_LINE_ERRORS = 50                 # lines listed when many are too long
PRECHECK_MAX = 1000                  # rows of the wrong width that stop a file before the CSV reader sees it
XLSX_MAX_UNPACKED = 1 << 30          # bytes the workbook's parts may unpack to, together
XLSX_MAX_RATIO = 500                 # uncompressed / compressed bytes of any one part (over 1 MB)
XLSX_MAX_ROWS = 5_000_000            # rows a sheet may declare or hold
XLSX_SECONDS = 300.0                 # the conversion's deadline
XLSX_MAX_CELLS = 50_000_000          # cells a sheet may hold (a million rows of 50 columns)
XLSX_MAX_STRINGS = 3_000_000         # shared strings (openpyxl holds every one in memory before the first row)
XLSX_PREVIEW_BYTES = 64 << 20        # the preview skips a workbook unpacking to more (the check reads it)
# Characters that look like nothing: a cell of only these (and spaces) is empty.
INVISIBLE = "\u00a0\u200b\u200c\u200d\u2060\ufeff"
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# What a UTF-16 decode of bytes that are not UTF-16 gives (CJK, Hangul, private use, specials): no Indonesian file
# carries it.
_FOREIGN = "[\u3000-\u9fff\uac00-\ud7ff\ue000-\uf8ff\ufff0-\ufffc]"
_DIMENSION = re.compile(rb'<dimension[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


class Refused(Exception):
    """The file cannot be read as a table: a rule of the file as a whole (`rule`, `detail`), or lines, each
    (line, value, rule, detail)."""

    def __init__(self, rule: str = "", detail: str = "", lines: list[tuple[int, str | None, str, str]] | None = None,
                 total: int | None = None):
        super().__init__(rule or (lines[0][2] if lines else ""))
        self.rule, self.detail, self.lines = rule, detail, lines or []
        self.total = total if total is not None else len(self.lines)  # lines in breach, when more than listed


@dataclass
class Text:
    path: Path                       # a UTF-8 CSV DuckDB can read
    delimiter: str
    header: list[str]
    line_column: bool                # the first column holds the source line number (from Excel)
    line_map: np.ndarray | None      # data record index -> line number, when not simply index + 2
    encoding: str = "utf-8"          # utf-8, utf-16, cp1252 or xlsx
    invisible: bool = False          # the file holds characters that look like nothing (INVISIBLE)
    records: int | None = None       # the data records a reader must account for, when the file has no quote
    lines: "Lines | None" = None     # where each physical line is, to quote a line in an error
    kept: Path | None = None         # what is kept as the raw copy when it is not the file itself
    dropped: tuple[str, ...] = ()    # personal-data columns removed on reading (as the file names them)
    # The rows already read by DuckDB (duck_rows): the view's name and, for each header, its column `c<i>` there.
    duck: tuple[str, tuple[int, ...]] | None = None
    # Rows staged already (an export mapped in DuckDB): a temporary table of text columns c0 (the line), c1, … in
    # the header's order, which the loader reads instead of `path`.
    table: str | None = None


@dataclass
class Lines:
    """Where the physical lines of a UTF-8 text end (the offsets of its newlines, 4 bytes each for a file under
    4 GB), to measure them and quote one by its number."""
    data: bytes
    newlines: np.ndarray = field(repr=False)

    @classmethod
    def of(cls, data: bytes) -> "Lines":
        """Found 16 MB at a time, so that a file of nothing but newlines costs 4 bytes a line, not 16."""
        arr = np.frombuffer(data, dtype=np.uint8)
        kind = np.uint32 if len(data) < 2**32 else np.uint64
        out = np.empty(data.count(b"\n"), dtype=kind)
        step, at = 1 << 24, 0
        for i in range(0, len(arr), step):
            found = np.flatnonzero(arr[i:i + step] == 10)
            out[at:at + len(found)] = found + i
            at += len(found)
        return cls(data, out)

    def __len__(self) -> int:
        # A final newline ends the last line: no empty line after it.
        trailing = len(self.newlines) and int(self.newlines[-1]) == len(self.data) - 1
        return len(self.newlines) + (0 if trailing else 1)

    def span(self, number: int) -> tuple[int, int]:
        """Byte offsets [start, end) of line `number` (1 = the header), its newline left out."""
        i = number - 1
        start = 0 if i == 0 else int(self.newlines[i - 1]) + 1
        end = int(self.newlines[i]) if i < len(self.newlines) else len(self.data)
        return start, end

    def text(self, number: int, limit: int = 200) -> str:
        """Line `number` (1 = the header), at most `limit` characters."""
        if not 1 <= number <= len(self):
            return ""
        a, b = self.span(number)
        return self.data[a:min(b, a + 4 * limit)].decode("utf-8", "replace").rstrip("\r")[:limit]

    def lengths(self) -> np.ndarray:
        """The length of every line in bytes (its newline left out), in the offsets' unsigned type."""
        nl, n = self.newlines, len(self)
        lengths = np.empty(n, dtype=nl.dtype)
        lengths[0] = nl[0] if len(nl) else len(self.data)
        m = min(n, len(nl))  # lines ended by a newline
        np.subtract(nl[1:m], nl[:m - 1], out=lengths[1:m])
        lengths[1:m] -= 1
        if n > len(nl) and n > 1:  # a last line without its newline
            lengths[n - 1] = len(self.data) - int(nl[-1]) - 1
        return lengths

    def blank(self, lengths: np.ndarray) -> np.ndarray:
        """Whether each line is empty (or only a carriage return)."""
        blank = lengths == 0
        one = np.flatnonzero(lengths == 1)
        if len(one):
            starts = np.where(one == 0, 0, self.newlines[np.maximum(one - 1, 0)].astype(np.int64) + 1)
            blank[one] = np.frombuffer(self.data, dtype=np.uint8)[starts] == 13
        return blank


def line_of(raw: bytes, offset: int) -> int:
    """The line number (1-based) of a byte offset."""
    return raw.count(b"\n", 0, offset) + 1


DELIMITERS = (",", ";", "\t", "|")


def detect_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _utf16(raw: bytes, codec: str) -> tuple[str, str]:
    """UTF-16 text, refused when it holds a NUL character or characters no Indonesian file carries (CJK, Hangul,
    private use: what UTF-8 or other bytes appended to a UTF-16 file decode to), each with its line."""
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise Refused(lines=[(line_of(raw, exc.start) // 2 + 1, None, "file_encoding", "UTF-16")])
    for rule, pattern in (("file_binary", "\x00"), ("file_mixed_encoding", _FOREIGN)):
        m = re.search(pattern, text)
        if m:
            line = text.count("\n", 0, m.start()) + 1
            value = text[text.rfind("\n", 0, m.start()) + 1:][:200].split("\n")[0].replace("\x00", "\u2400")
            raise Refused(lines=[(line, value, rule, "")])
    return text, "utf-16"


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-16 by its byte-order mark (or, without one, by a byte lane of zeros), else UTF-8
    (with or without BOM), else Windows-1252 when the file has no UTF-8 at all. NUL bytes, mixed encodings and
    bytes of neither are refused with their line."""
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return _utf16(raw, "utf-16")
    head = raw[:4096]
    for odd, codec in ((1, "utf-16-le"), (0, "utf-16-be")):  # UTF-16 without its mark
        lane, other = head[odd::2], head[1 - odd::2]
        if len(head) >= 4 and lane.count(0) >= 0.3 * len(lane) and other.count(0) <= 0.05 * len(other):
            return _utf16(raw, codec)
    nul = raw.find(b"\x00")
    if nul >= 0:
        for codec in ("utf-16-le", "utf-16-be"):  # UTF-16 of mostly non-Latin text: no lane of zeros, but clean
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            if "\n" in text and "\x00" not in text and not re.search(_FOREIGN, text):
                return text, "utf-16"
        raise Refused(lines=[(line_of(raw, nul), None, "file_binary", "")])
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start
    line = line_of(raw, bad)
    start = raw.rfind(b"\n", 0, bad) + 1
    end = raw.find(b"\n", bad)
    value = raw[start:end if end >= 0 else len(raw)][:400].decode("utf-8", "replace").rstrip("\r")[:200]
    if _UTF8_MULTIBYTE.search(raw):
        # UTF-8 characters elsewhere: a file pasted together from two encodings. Decoded either way, some of its
        # text would be wrong.
        raise Refused(lines=[(line, value, "file_mixed_encoding", "")])
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise Refused(lines=[(line_of(raw, exc.start), value, "file_encoding", "")])


def _check_lines(lines: Lines, lengths: np.ndarray) -> None:
    """Refuse lines longer than MAX_LINE_BYTES, each named (the first MAX_LINE_ERRORS)."""
    long = np.flatnonzero(lengths > MAX_LINE_BYTES)
    if len(long):
        raise Refused(lines=[(int(i) + 1, lines.text(int(i) + 1, 80) + "…", "line_too_long",
                              f"{int(lengths[i]) // 1024:,} KB")
                             for i in long[:MAX_LINE_ERRORS]])


def _line_endings(data: bytes) -> bytes:
    """Carriage returns alone: a file with no newline at all (old Mac "CSV (Macintosh)" exports) has its lines
    ended by them, and is read so; a carriage return alone beside newlines is refused with its line (readers
    disagree on whether it ends a line, so rows would be miscounted)."""
    cr = data.count(b"\r")
    if not cr or cr == data.count(b"\r\n"):
        return data
    if b"\n" not in data:
        return data.replace(b"\r", b"\n")
    at = next(m.start() for m in re.finditer(rb"\r(?!\n)", data))
    raise Refused(lines=[(line_of(data, at), None, "line_lone_cr", "")])


def read_text(raw: bytes, path: Path, name: str, tmp: Path, *, deadline: float | None = None) -> Text:
    """The file as a UTF-8 CSV for DuckDB (the file itself when it is one already), with its header and lines."""
    if raw[:4] == XLSX_MAGIC or name.lower().endswith(".xlsx"):
        return xlsx_to_csv(raw, tmp, deadline=deadline)
    text_, encoding = decode(raw)
    if not text_.strip("\ufeff \r\n\t"):
        raise Refused(rule="file_empty")
    data = raw if encoding == "utf-8" else text_.encode("utf-8")
    del text_
    fixed = _line_endings(data)
    if fixed is raw:
        csv_path = path  # DuckDB reads UTF-8 (and skips a BOM) directly: no copy of a large file
    else:
        data = fixed
        csv_path = tmp / "utf8.csv"
        csv_path.write_bytes(data)
    lines = Lines.of(data)
    # The header's width first (a header of a million columns is also a line too long, but this says why).
    head = data[:lines.span(1)[1]]
    delimiter = detect_delimiter(head[:65536].decode("utf-8", "replace"))
    width = head.count(delimiter.encode()) + 1
    if width > MAX_COLUMNS:
        raise Refused(rule="header_too_wide", detail=f"{width:,}")
    lengths = lines.lengths()
    _check_lines(lines, lengths)
    first = lines.text(1, MAX_LINE_BYTES).lstrip("\ufeff")
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except csv.Error as exc:
        raise Refused(lines=[(1, first[:200], "csv_unreadable", str(exc))])
    blank = lines.blank(lengths)
    del lengths
    _precheck(data, lines, blank, delimiter, len(header))
    line_map = None
    if blank[1:].any():  # blank lines are skipped by the reader: map records back to their lines
        line_map = np.flatnonzero(~blank[1:]).astype(np.int64) + 2
    skip = 3 if data.startswith(codecs.BOM_UTF8) else 0  # a byte-order mark is not a character of a cell
    return Text(csv_path, delimiter, [h.strip() for h in header], False, line_map, encoding,
                invisible=not data.isascii() and any(data.find(ch.encode("utf-8"), skip) >= 0 for ch in INVISIBLE),
                records=int((~blank[1:]).sum()) if b'"' not in data else None, lines=lines)


def _per_line(arr: np.ndarray, lines: Lines, byte: int, step: int = 1 << 24) -> np.ndarray:
    """How many times `byte` occurs on each line (2 bytes a line, counts above 32,767 held there), `step` bytes of
    the file at a time: the offsets of `byte` in the block, and for each line ending in it, how many of them lie
    before its end (a line's newline is part of it and never `byte`). A third of the time of summing a mask over
    every line (numpy's reduceat): 0.15 s against 0.51 s for bench_load's 97 MB file."""
    n = len(lines)
    out = np.zeros(n, dtype=np.int16)
    ends = np.empty(n, dtype=np.int64)  # where each line ends: its newline, or the end of the text
    m = min(n, len(lines.newlines))
    ends[:m] = lines.newlines[:m]
    ends[m:] = len(arr)
    cap = np.iinfo(np.int16).max
    line = carry = 0  # the first line not yet counted, and its occurrences in the blocks before this one
    for begin in range(0, len(arr), step):
        found = np.flatnonzero(arr[begin:begin + step] == byte)
        found += begin
        last = int(np.searchsorted(ends, begin + step, side="right"))  # the lines that end in this block
        if last == line:
            carry += len(found)
            continue
        before = np.searchsorted(found, ends[line:last], side="left")
        counts = np.diff(before, prepend=0)
        counts[0] += carry
        out[line:last] = np.minimum(counts, cap)
        carry = len(found) - int(before[-1])
        line = last
    return out


def _precheck(data: bytes, lines: Lines, blank: np.ndarray, delimiter: str, width: int) -> None:
    """Rows of the wrong width, counted with numpy before DuckDB's reader sees the file: past PRECHECK_MAX of them
    the file is refused here (the reader's handling of each bad row cost 13 s and 3.5 GB per million rows). A line
    without quotes must hold width - 1 delimiters; one with an even number of quotes at most that many fewer is
    certainly short (quotes only hide delimiters); a line with an odd number is part of a multi-line value and
    left to the reader."""
    arr = np.frombuffer(data, dtype=np.uint8)
    delims = _per_line(arr, lines, ord(delimiter))
    quotes = _per_line(arr, lines, ord('"')) if b'"' in data else np.zeros(len(lines), dtype=np.int16)
    rows = ~blank
    rows[0] = False
    even = quotes % 2 == 0
    bad = rows & even & (((quotes == 0) & (delims != width - 1)) | ((quotes > 0) & (delims < width - 1)))
    total = int(bad.sum())
    if total <= PRECHECK_MAX:
        return
    listed = []
    for i in np.flatnonzero(bad)[:MAX_LINE_ERRORS]:
        found = int(delims[i]) + 1
        rule = "csv_missing_columns" if found < width else "csv_too_many_columns"
        listed.append((int(i) + 1, lines.text(int(i) + 1), rule, f"expected {width} found {found}"))
    raise Refused(lines=listed, total=total)


# Personal data the product never stores (issue 19, REAL_FORMATS.md §1): identity and tax numbers, contacts,
# address, religion, marital status, however a header spells them (NIK, No. KTP, Nomor Induk Kependudukan, No. HP,
# Telp, Handphone, Email Pribadi, Alamat Domisili, NO_NPWP, No BPJS, Agama, Status Pernikahan, …).
PERSONAL_EXACT = frozenset({"hp", "nohp", "nomorhp", "notelp", "telp"})
PERSONAL_PARTS = ("ktp", "kependudukan", "handphone", "telepon", "telp", "email", "alamat", "npwp", "bpjs",
                  "agama", "kawin", "nikah")


def _norm(header: str) -> str:
    return re.sub(r"[\W_]+", "", header.strip().lower())


def personal(header: str) -> bool:
    """Whether a column holds personal data the product never stores."""
    n = _norm(header)
    return n in PERSONAL_EXACT or n.startswith("nik") or any(part in n for part in PERSONAL_PARTS)


def records(txt: Text):
    """The data records of a staged text as (line where the record starts, cells), read strictly: a quote opened
    and never closed, or a record of another width than the header, is refused with its line (Python's lenient
    reader joined the following lines into one value, losing rows without a word); blank records are skipped."""
    csv.field_size_limit(MAX_LINE_BYTES + 1)
    bad, total = [], 0
    with txt.path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=txt.delimiter, strict=True)
        start = 1
        try:
            header = next(reader)
            width = len(header)
            start = reader.line_num + 1
            for record in reader:
                line, start = start, reader.line_num + 1
                if txt.line_column:
                    line = int(record[0])
                if not any(cell.strip() for cell in record):
                    continue
                if len(record) != width:
                    total += 1
                    if len(bad) < MAX_LINE_ERRORS:
                        rule = "csv_missing_columns" if len(record) < width else "csv_too_many_columns"
                        bad.append((line, txt.delimiter.join(record)[:200], rule,
                                    f"expected {width} found {len(record)}"))
                    continue
                if not bad:
                    yield line, record
        except csv.Error as exc:
            raise Refused(lines=[(start, None, "csv_unclosed_quote" if "end of data" in str(exc) else "csv_unreadable",
                                  str(exc))])
    if bad:
        raise Refused(lines=bad, total=total)


def duck_rows(con, txt: Text, name: str) -> bool:
    """Read a staged text with DuckDB into the temporary table `name`: `_line` (the line each record starts on, as
    the loader counts lines) and the file's columns as text, `c0`, `c1`, … (with `line_column`, `c0` is that line).
    Strictly: False, and no table, when the reader rejects a record or accounts for fewer records than the file
    holds; the strict Python reader (`records`) then says which line and why. Vectorised: for national files."""
    ncols = len(txt.header) + (1 if txt.line_column else 0)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(ncols)) + "}"
    raw, rej, scan = f"{name}_raw", f"{name}_rej", f"{name}_scan"
    con.execute(
        f"create temp table {raw} as select * from read_csv(?, delim = ?, quote = '\"', escape = '\"', header = true, "
        f"auto_detect = false, columns = {columns}, store_rejects = true, rejects_table = '{rej}', "
        f"rejects_scan = '{scan}', strict_mode = true, null_padding = false)", [str(txt.path), txt.delimiter])
    rejected = con.execute(f"select count(*) from {rej}").fetchall()[0][0]
    n = con.execute(f"select count(*) from {raw}").fetchall()[0][0]
    con.execute(f"drop table if exists {rej}; drop table if exists {scan}")
    if rejected or (txt.records is not None and txt.records != n) or \
            (txt.line_map is not None and len(txt.line_map) != n):
        con.execute(f"drop table {raw}")
        return False
    if txt.line_column:
        con.execute(f"create temp view {name} as select c0::bigint as _line, * from {raw}")
    elif txt.line_map is not None:  # blank lines: the records' own lines
        con.execute(f"create temp table {name}_lm (k bigint, line bigint)")
        con.register(f"{name}_lmv", {"k": np.arange(n, dtype=np.int64), "line": txt.line_map})
        con.execute(f"insert into {name}_lm select * from {name}_lmv")
        con.unregister(f"{name}_lmv")
        con.execute(f"create temp view {name} as select m.line as _line, r.* from {raw} r "
                    f"join {name}_lm m on m.k = r.rowid")
    else:
        con.execute(f"create temp view {name} as select rowid + 2 as _line, * from {raw}")
    return True


def drop_rows(con, name: str) -> None:
    """Drop what duck_rows made."""
    con.execute(f"drop view if exists {name}; drop table if exists {name}_raw; drop table if exists {name}_lm")


def _strip_with_duckdb(con, txt: Text, drop: list[int], out: Path) -> Text | None:
    """strip_personal for a text file DuckDB reads cleanly: the kept columns written by DuckDB (one pass, for
    national files), the header by Python's csv module as the file wrote it. Records keep their lines through
    `line_map` (the copy has no blank lines); None when DuckDB does not read the file cleanly."""
    name = f"strip_{os.urandom(5).hex()}"
    if txt.line_column or not duck_rows(con, txt, name):
        return None
    try:
        keep = [i for i in range(len(txt.header)) if i not in drop]
        body = out.with_suffix(".body")
        assert txt.delimiter in DELIMITERS and "'" not in str(body)  # both go into the statement
        # From the table as read (in the file's order: DuckDB keeps the order rows were inserted in).
        con.execute(f"copy (select {', '.join(f'c{i}' for i in keep)} from {name}_raw) to '{body}' "
                    f"(format csv, header false, delimiter '{txt.delimiter}', quote '\"')")
        simple = con.execute(f"select coalesce(bool_and(_line = k + 1), true) from "
                             f"(select _line, row_number() over (order by _line) as k from {name})").fetchall()[0][0]
        lines = None if simple else con.execute(f"select _line from {name} order by _line").fetchnumpy()["_line"]
    except BaseException:
        drop_rows(con, name)
        raise
    with out.open("w", encoding="utf-8", newline="") as dst:
        csv.writer(dst, delimiter=txt.delimiter, lineterminator="\n").writerow([txt.header[i] for i in keep])
        with body.open("r", encoding="utf-8", newline="") as src:
            shutil.copyfileobj(src, dst, 1 << 20)
    body.unlink()
    return Text(out, txt.delimiter, [txt.header[i] for i in keep], False,
                None if lines is None else np.asarray(lines, np.int64), txt.encoding,
                invisible=txt.invisible, records=txt.records, lines=None, kept=out,
                dropped=tuple(txt.header[i] for i in drop), duck=(name, tuple(keep)))


def strip_personal(txt: Text, tmp: Path, con=None) -> Text:
    """The file without its personal-data columns (PERSONAL), which then reach neither the database nor the kept
    raw copy. With a DuckDB connection and a text file it reads cleanly, DuckDB writes the copy (a national file
    in seconds); else the rows are rewritten with Python's csv module (quotes and values spanning lines kept, so
    every record stays on its lines, and a stray quote is refused with its line). A file without such columns is
    returned as it is."""
    drop = [i for i, h in enumerate(txt.header) if personal(h)]
    if not drop:
        return txt
    out = tmp / "kept.csv"
    if con is not None:
        fast = _strip_with_duckdb(con, txt, drop, out)
        if fast is not None:
            return fast
    offset = 1 if txt.line_column else 0
    gone = {i + offset for i in drop}
    header = (["__line"] if txt.line_column else []) + list(txt.header)
    with out.open("w", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst, delimiter=txt.delimiter, lineterminator="\n")
        writer.writerow([v for j, v in enumerate(header) if j not in gone])
        # Strictly (records): a stray quote must not fold the following rows, and their personal data, into a value.
        # Each record keeps its line: blank lines are written back, a record spanning lines keeps its line breaks.
        written = 1
        for line, row in records(txt):
            target = line if not txt.line_column else written + 1
            while written + 1 < target:
                dst.write("\n")
                written += 1
            writer.writerow([v for j, v in enumerate(row) if j not in gone])
            written += 1 + sum(v.count("\n") for v in row)
    data = out.read_bytes()
    return Text(out, txt.delimiter, [h for i, h in enumerate(txt.header) if i not in drop], txt.line_column,
                txt.line_map, txt.encoding, invisible=txt.invisible, records=txt.records,
                lines=Lines.of(data) if txt.lines is not None else None, kept=out,
                dropped=tuple(txt.header[i] for i in drop))


def cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d") if v.time() == datetime.min.time() else v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _count_stream(zf: zipfile.ZipFile, name: str, tokens: tuple[bytes, ...]) -> int:
    """How many times the tokens occur in a part, decompressed 1 MB at a time."""
    n, carry = 0, b""
    with zf.open(name) as f:
        while chunk := f.read(1 << 20):
            buf = carry + chunk
            body, carry = buf[:-8], buf[-8:]
            n += sum(body.count(t) for t in tokens)
    return n + sum(carry.count(t) for t in tokens)


def _scan_cells(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse a sheet with a row of more than MAX_COLUMNS cells (openpyxl builds a whole row before it yields it:
    20 million empty cells in one row took 6.6 GB) or more than XLSX_MAX_CELLS cells, streaming the part."""
    in_row = total = 0
    carry = b""
    cell = (b"<c ", b"<c>", b"<c/")
    with zf.open(name) as f:
        while True:
            chunk = f.read(1 << 20)
            buf = carry + chunk
            body, carry = (buf[:-8], buf[-8:]) if chunk else (buf, b"")
            for j, piece in enumerate(body.split(b"<row")):
                if j:
                    in_row = 0
                n = sum(piece.count(t) for t in cell)
                in_row += n
                total += n
                if in_row > MAX_COLUMNS:
                    raise Refused(rule="xlsx_row_too_wide", detail=f"> {MAX_COLUMNS:,}")
            if total > XLSX_MAX_CELLS:
                raise Refused(rule="xlsx_too_large", detail=f"> {XLSX_MAX_CELLS:,} cells")
            if not chunk:
                return


def check_xlsx(raw: bytes) -> None:
    """Refuse, from the zip's directory and the sheet's declared dimension, an .xlsx that would unpack to more
    than the XLSX_* limits; nothing is decompressed but the first bytes of the first sheet."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Refused(rule="xlsx_unreadable", detail=str(exc)[:200])
    total = sum(i.file_size for i in infos)
    if total > XLSX_MAX_UNPACKED:
        raise Refused(rule="xlsx_too_large", detail=f"{total / 2**20:,.0f} MB")
    for i in infos:
        if i.file_size > 1 << 20 and i.file_size > XLSX_MAX_RATIO * max(i.compress_size, 1):
            raise Refused(rule="xlsx_too_large", detail=f"{i.filename}: {i.file_size / 2**20:,.0f} MB")
    strings = [i.filename for i in infos if i.filename == "xl/sharedStrings.xml"]
    if strings:
        n = _count_stream(zf, strings[0], (b"<si>", b"<si "))
        if n > XLSX_MAX_STRINGS:
            raise Refused(rule="xlsx_too_large", detail=f"{n:,} shared strings")
    sheets = sorted(i.filename for i in infos if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", i.filename))
    if sheets:
        _scan_cells(zf, sheets[0])
        with zf.open(sheets[0]) as f:
            head = f.read(4096)
        m = _DIMENSION.search(head)
        if m and m.group(3):
            cols = _column_number(m.group(3)) - _column_number(m.group(1)) + 1
            rows = int(m.group(4)) - int(m.group(2)) + 1
            if cols > MAX_COLUMNS:
                raise Refused(rule="header_too_wide", detail=f"{cols:,}")
            if rows > XLSX_MAX_ROWS:
                raise Refused(rule="xlsx_too_many_rows", detail=f"{rows:,}")


def _with_dimension(raw: bytes) -> bytes:
    """The workbook with a `<dimension>` in each worksheet that has none. openpyxl's read-only sheet looks for it
    before the first row and, missing, parses the whole sheet for it (5 s for a 60 MB sheet, before any bound
    can act); the rows are read with the dimension reset anyway (`xlsx_rows`)."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    sheets = [i for i in src.infolist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", i.filename)]
    missing = []
    for info in sheets:
        with src.open(info) as f:
            if not _DIMENSION.search(f.read(4096)):
                missing.append(info.filename)
    if not missing:
        return raw
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename in missing:
                m = re.search(rb"<(?:\w+:)?worksheet\b[^>]*>", data[:65536])
                if m:
                    data = data[:m.end()] + b'<dimension ref="A1"/>' + data[m.end():]
            dst.writestr(info, data)
    return out.getvalue()


def xlsx_rows(raw: bytes, *, deadline: float | None = None, limit: int | None = None):
    """The first sheet's rows as lists of text, by sheet row number: (row number, cells). Bounded: the declared
    dimension is ignored (only cells that exist are read), a row wider than MAX_COLUMNS, more than XLSX_MAX_ROWS
    rows or the deadline passing are refused. `limit`: stop after that many rows (a preview)."""
    check_xlsx(raw)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(_with_dimension(raw)), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise Refused(rule="xlsx_unreadable", detail=str(exc)[:200])
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # a declared A1:XFD1048576 would make every row 16,384 cells and a million rows
        for n, row in enumerate(ws.iter_rows(), start=1):
            if n > XLSX_MAX_ROWS:
                raise Refused(rule="xlsx_too_many_rows", detail=f"> {XLSX_MAX_ROWS:,}")
            if deadline is not None and n % 1000 == 0 and time.monotonic() > deadline:
                raise Refused(rule="xlsx_too_slow", detail=f"{n:,}")
            cells = [c for c in row if getattr(c, "value", None) is not None]
            if not cells:
                continue
            width = max(c.column for c in cells)
            if width > MAX_COLUMNS:
                raise Refused(rule="header_too_wide", detail=f"{width:,}")
            values = [""] * width
            for c in cells:
                values[c.column - 1] = cell_text(c.value).strip()
            yield cells[0].row, values
            if limit is not None and n >= limit:
                return
    except Refused:
        raise
    except Exception as exc:
        raise Refused(rule="xlsx_unreadable", detail=str(exc)[:200])
    finally:
        wb.close()


def xlsx_to_csv(raw: bytes, tmp: Path, *, deadline: float | None = None) -> Text:
    """The first sheet as a UTF-8 CSV whose first column is the sheet's row number."""
    header = None
    out = tmp / "sheet.csv"
    deadline = deadline if deadline is not None else time.monotonic() + XLSX_SECONDS
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        for number, cells in xlsx_rows(raw, deadline=deadline):
            if header is None:
                header = cells
                while header and header[-1] == "":
                    header.pop()
                w.writerow(["__line", *header])
                continue
            cells = cells + [""] * (len(header) - len(cells))
            if len(cells) > len(header) and any(cells[len(header):]):
                w.writerow([number, *cells])  # cells beyond the header: kept, so the row is reported as too long
            else:
                w.writerow([number, *cells[: len(header)]])
    if not header:
        raise Refused(rule="file_empty")
    return Text(out, ",", header, True, None, "xlsx", invisible=True)


def preview(path: Path, rows: int = 20) -> list[list[str]] | None:
    """The first `rows` data rows of a file (and its header first), read within the same bounds as a load; None
    when the file cannot be read (the check then says why)."""
    try:
        with path.open("rb") as f:
            head = f.read(256 * 1024 if path.suffix.lower() != ".xlsx" else XLSX_MAX_UNPACKED)
        if head[:4] == XLSX_MAGIC or path.suffix.lower() == ".xlsx":
            if sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(head)).infolist()) > XLSX_PREVIEW_BYTES:
                return None
            return [cells for _, cells in xlsx_rows(head, deadline=time.monotonic() + 10, limit=rows + 1)]
        head = head[: head.rfind(b"\n") + 1] or head  # never cut a character in half
        text_, _ = decode(head)
        lines = text_.lstrip("\ufeff").splitlines()[:rows + 1]
        if not lines or len(lines[0]) > MAX_LINE_BYTES:
            return None
        delimiter = detect_delimiter(lines[0])
        if lines[0].count(delimiter) + 1 > MAX_COLUMNS:
            return None
        return list(csv.reader(lines, delimiter=delimiter))
    except (Refused, OSError, csv.Error, UnicodeError, zipfile.BadZipFile, ValueError):
        return None
