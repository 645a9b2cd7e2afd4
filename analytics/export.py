"""CSV the product writes: cells that a spreadsheet would run as a formula are neutralised.

A cell starting with =, +, -, @, a tab or a carriage return is prefixed with an apostrophe (OWASP's advice
on CSV injection), so a name like `=HYPERLINK(...)` is shown as text, not run. Numbers are left as they are:
-3.5 is a value, not a formula.
"""
from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM, so that Excel reads Indonesian names right) of a DataFrame, made safe."""
    safe = df.copy()
    for col in safe.columns:
        if isinstance(safe[col].dtype, pd.ArrowDtype) and pa.types.is_list(safe[col].dtype.pyarrow_dtype):
            # Lists held by Arrow (analytics.appraisals.rating_curve) are written as Python lists, as before.
            safe[col] = pd.Series(safe[col].tolist(), index=safe.index, dtype=object)
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe.to_csv(index=False).encode("utf-8-sig")


# --- Downloads of what a page shows, in the reader's language ----------------------------------------------------
#
# A table a reader downloads is the table the page shows: its headers in the reader's language, its numbers as
# numbers. In Indonesian a CSV is what Excel set to Indonesian opens right: `;` between fields, a decimal comma, a
# BOM (so the names read right). Digits that a spreadsheet would turn into a number and lose (an 18-digit NIP
# becomes 1.98E+17, its last digits zeros; a code's leading zeros vanish) are kept as text: in XLSX as text cells,
# in CSV as ="…", which Excel and LibreOffice read as that text (only for cells of digits only: nothing else can
# ride on it). Every other cell that starts like a formula is neutralised as above.

CSV_FORMAT = {"id": (";", ","), "en": (",", ".")}   # (field separator, decimal mark) per language
_KEEP_AS_TEXT = re.compile(r"^(?:\d{12,}|0\d+)$")   # 12+ digits (NIP, NIK, ID) or leading zeros
DEFAULT_DECIMALS = 1


def decimals_of(decimals: Mapping | None, column) -> int:
    """The decimals a float column is shown with: `decimals[column]`, else 1."""
    return int((decimals or {}).get(column, DEFAULT_DECIMALS))


def keep_as_text(value) -> bool:
    return isinstance(value, str) and bool(_KEEP_AS_TEXT.match(value))


def _plain_values(s: pd.Series) -> pd.Series:
    if isinstance(s.dtype, pd.ArrowDtype):
        return pd.Series(s.tolist(), index=s.index, dtype=object)
    return s


def table_csv(df: pd.DataFrame, lang: str, decimals: Mapping | None = None) -> bytes:
    """The CSV of a table as the reader's spreadsheet opens it (see above), floats rounded as the page shows them
    (`decimals`: by column, else 1)."""
    sep, decimal = CSV_FORMAT.get(lang, CSV_FORMAT["en"])
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = _plain_values(df[col])
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_integer_dtype(s):
            out[col] = s
        elif pd.api.types.is_float_dtype(s):
            d = decimals_of(decimals, col)
            out[col] = [_number(x, d, decimal) for x in s]
        else:
            out[col] = [_cell(x, decimals_of(decimals, col), decimal) for x in s]
    out.columns = [neutralise(str(c)) for c in df.columns]
    return out.to_csv(index=False, sep=sep).encode("utf-8-sig")


def _number(x, decimals: int, decimal: str) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return f"{x:.{decimals}f}".replace(".", decimal)


def _cell(x, decimals: int, decimal: str):
    """A cell of a column of mixed values (the public table's '< 10' among counts)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if isinstance(x, (bool, np.bool_)):
        return x
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return _number(float(x), decimals, decimal)
    if keep_as_text(x):
        return f'="{x}"'
    return neutralise(x if isinstance(x, str) else str(x))


def _sheet_title(title: str, taken: set[str]) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"\s+", " ", re.sub(r"[\[\]:*?/\\]", " ", title)).strip() or "Data"
    name, n = base[:31], 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def table_xlsx(sheets: list[tuple]) -> bytes:
    """An .xlsx workbook of tables, one sheet each: (title, DataFrame) or (title, DataFrame, decimals by column).
    Written by openpyxl: numbers as numbers with the page's decimals (Excel shows them in the reader's own number
    style), text as text cells: a NIP stays 18 digits and a name starting with '=' is shown, never run."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    taken: set[str] = set()
    bold = Font(bold=True)
    for title, df, *rest in sheets:
        decimals = rest[0] if rest else None
        ws = wb.create_sheet(_sheet_title(title, taken))
        ws.freeze_panes = "A2"
        widths = [min(60, max(8, len(str(c)) + 2)) for c in df.columns]
        columns = [_plain_values(df[c]).tolist() for c in df.columns]
        formats = [_excel_format(df, c, decimals) for c in df.columns]
        for i, w in enumerate(widths):  # widths come before the rows in a write-only sheet
            longest = max((len(str(v)) for v in columns[i][:200]), default=0)
            ws.column_dimensions[get_column_letter(i + 1)].width = min(60, max(w, longest + 2))
        ws.append([_text_cell(ws, str(c), font=bold) for c in df.columns])
        for values in zip(*columns):
            ws.append([_xlsx_cell(ws, v, fmt) for v, fmt in zip(values, formats)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _excel_format(df: pd.DataFrame, column, decimals: Mapping | None) -> str:
    d = decimals_of(decimals, column)
    if pd.api.types.is_integer_dtype(df[column]):
        return "#,##0"
    return "#,##0" + ("." + "0" * d if d else "")


def _text_cell(ws, text: str, font=None):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"  # never a formula, whatever it starts with
    if font is not None:
        cell.font = font
    return cell


def _xlsx_cell(ws, v, number_format: str):
    from openpyxl.cell import WriteOnlyCell

    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        cell = WriteOnlyCell(ws, value=int(v))
        cell.number_format = "#,##0"
        return cell
    if isinstance(v, (float, np.floating)):
        cell = WriteOnlyCell(ws, value=float(v))
        cell.number_format = number_format
        return cell
    cell = _text_cell(ws, v if isinstance(v, str) else str(v))
    if keep_as_text(v):
        cell.number_format = "@"
    return cell
