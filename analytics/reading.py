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
import re
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
XLSX_MAX_UNPACKED = 1 << 30          # bytes the workbook's parts may unpack to, together
XLSX_MAX_RATIO = 500                 # uncompressed / compressed bytes of any one part (over 1 MB)
XLSX_MAX_ROWS = 5_000_000            # rows a sheet may declare or hold
XLSX_SECONDS = 300.0                 # the conversion's deadline
# Characters that look like nothing: a cell of only these (and spaces) is empty.
INVISIBLE = "\u00a0\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_UTF8 = tuple(ch.encode("utf-8") for ch in INVISIBLE)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_DIMENSION = re.compile(rb'<dimension[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


class Refused(Exception):
    """The file cannot be read as a table: a rule of the file as a whole (`rule`, `detail`), or lines, each
    (line, value, rule, detail)."""

    def __init__(self, rule: str = "", detail: str = "", lines: list[tuple[int, str | None, str, str]] | None = None):
        super().__init__(rule or (lines[0][2] if lines else ""))
        self.rule, self.detail, self.lines = rule, detail, lines or []


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


@dataclass
class Lines:
    """Where the physical lines of a UTF-8 text are (byte offsets), to quote one by its number."""
    data: bytes
    starts: np.ndarray
    ends: np.ndarray = field(repr=False)

    @classmethod
    def of(cls, data: bytes) -> "Lines":
        nl = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
        starts = np.concatenate(([0], nl + 1))
        ends = np.concatenate((nl, [len(data)]))
        if len(starts) > 1 and starts[-1] == len(data):  # a final newline ends the last line: no empty line after
            starts, ends = starts[:-1], ends[:-1]
        return cls(data, starts, ends)

    def __len__(self) -> int:
        return len(self.starts)

    def text(self, number: int, limit: int = 200) -> str:
        """Line `number` (1 = the header), at most `limit` characters."""
        if not 1 <= number <= len(self.starts):
            return ""
        a, b = int(self.starts[number - 1]), int(self.ends[number - 1])
        return self.data[a:min(b, a + 4 * limit)].decode("utf-8", "replace").rstrip("\r")[:limit]

    def lengths(self) -> np.ndarray:
        return self.ends - self.starts

    def blank(self) -> np.ndarray:
        """Whether each line is empty (or only a carriage return)."""
        n = self.lengths()
        cr = np.zeros(len(n), dtype=bool)
        one = n == 1
        if one.any():
            cr[one] = np.frombuffer(self.data, dtype=np.uint8)[self.starts[one]] == 13
        return (n == 0) | cr


def line_of(raw: bytes, offset: int) -> int:
    """The line number (1-based) of a byte offset."""
    return raw.count(b"\n", 0, offset) + 1


def detect_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-16 by its byte-order mark, else UTF-8 (with or without BOM), else Windows-1252 when
    the file has no UTF-8 at all. NUL bytes, mixed encodings and bytes of neither are refused with their line."""
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise Refused(lines=[(line_of(raw, exc.start), None, "file_encoding", "UTF-16")])
    head = raw[:4096]
    for odd, codec in ((1, "utf-16-le"), (0, "utf-16-be")):  # UTF-16 without its mark: every other byte NUL
        if len(head) >= 4 and head[odd::2].count(0) > 0.9 * (len(head) // 2) and not head[1 - odd::2].count(0):
            try:
                return raw.decode(codec), "utf-16"
            except UnicodeDecodeError as exc:
                raise Refused(lines=[(line_of(raw, exc.start), None, "file_encoding", "UTF-16")])
    nul = raw.find(b"\x00")
    if nul >= 0:
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


def _check_lines(lines: Lines) -> None:
    """Refuse lines longer than MAX_LINE_BYTES (each named) and a header wider than MAX_COLUMNS."""
    long = np.flatnonzero(lines.lengths() > MAX_LINE_BYTES)
    if len(long):
        raise Refused(lines=[(int(i) + 1, lines.text(int(i) + 1, 80) + "…", "line_too_long",
                              f"{int(lines.lengths()[i]) // 1024:,} KB")
                             for i in long[:MAX_LINE_ERRORS]])


def read_text(raw: bytes, path: Path, name: str, tmp: Path, *, deadline: float | None = None) -> Text:
    """The file as a UTF-8 CSV for DuckDB (the file itself when it is one already), with its header and lines."""
    if raw[:4] == XLSX_MAGIC or name.lower().endswith(".xlsx"):
        return xlsx_to_csv(raw, tmp, deadline=deadline)
    text_, encoding = decode(raw)
    if not text_.strip("\ufeff \r\n\t"):
        raise Refused(rule="file_empty")
    if encoding == "utf-8":
        data, csv_path = raw, path  # DuckDB reads UTF-8 (and skips a BOM) directly: no copy of a large file
    else:
        data = text_.encode("utf-8")
        csv_path = tmp / "utf8.csv"
        csv_path.write_bytes(data)
    del text_
    lines = Lines.of(data)
    # The header's width first (a header of a million columns is also a line too long, but this says why).
    head = data[:int(lines.ends[0])]
    delimiter = detect_delimiter(head[:65536].decode("utf-8", "replace"))
    width = head.count(delimiter.encode()) + 1
    if width > MAX_COLUMNS:
        raise Refused(rule="header_too_wide", detail=f"{width:,}")
    _check_lines(lines)
    first = lines.text(1, MAX_LINE_BYTES).lstrip("\ufeff")
    header = next(csv.reader([first], delimiter=delimiter))
    blank = lines.blank()
    line_map = None
    if blank[1:].any():  # blank lines are skipped by the reader: map records back to their lines
        line_map = np.flatnonzero(~blank[1:]).astype(np.int64) + 2
    skip = 3 if data.startswith(codecs.BOM_UTF8) else 0  # a byte-order mark is not a character of a cell
    return Text(csv_path, delimiter, [h.strip() for h in header], False, line_map, encoding,
                invisible=any(data.find(ch, skip) >= 0 for ch in _INVISIBLE_UTF8),
                records=int((~blank[1:]).sum()) if b'"' not in data else None, lines=lines)


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
    sheets = sorted(i.filename for i in infos if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", i.filename))
    if sheets:
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
    except (Refused, OSError, csv.Error, UnicodeError):
        return None
