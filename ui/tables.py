"""Tables as the page shows them: numbers stay numbers (a column sorts as numbers), written for the language
(1.234,5 in Indonesian, 1,234.5 in English) by a pandas Styler, whose display values Streamlit shows. A float
column is shown with one decimal unless the Table says otherwise, and the page, the CSV and the XLSX agree.
Pure Python (no Streamlit): tests check it directly."""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from analytics.export import decimals_of
from ui.i18n import fmt_int, fmt_num

MISSING = "–"


@dataclass(frozen=True)
class Table:
    """A table to show: its frame, and the decimals of the float columns not shown with one."""
    frame: pd.DataFrame
    decimals: Mapping[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.frame)


def with_decimals(df: pd.DataFrame, **decimals: int) -> Table:
    """`df` with the decimals of some of its float columns, by column name (`with_decimals(df, **{"p": 4})`)."""
    return Table(df, decimals)


def table_of(x) -> Table:
    """A Table, from a Table or a DataFrame (shown with the default decimals)."""
    return x if isinstance(x, Table) else Table(x)


def cell_text(x, lang: str, decimals: int = 1) -> str:
    """One cell as the page writes it."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return MISSING
    if isinstance(x, (bool, np.bool_)):
        return str(x)
    if isinstance(x, (int, np.integer)):
        return fmt_int(int(x), lang)
    if isinstance(x, (float, np.floating)):
        return fmt_num(float(x), lang, decimals)
    return str(x)


_SWAP = str.maketrans({",": ".", ".": ","})  # 1,234.5 -> 1.234,5


def column_text(values: pd.Series, lang: str, decimals: int = 1) -> list[str]:
    """A column's cells as the page writes them (cell_text), a whole column at a time: one format and, in
    Indonesian, one swap of the marks per cell."""
    kind = values.dtype.kind
    if kind in "iu" and values.hasnans:  # a nullable integer column (Int64) with gaps
        return [cell_text(x, lang, decimals) for x in values.tolist()]
    if kind in "iu":
        out = [f"{x:,}" for x in values.tolist()]
    elif kind == "f":
        spec = f",.{decimals}f"
        out = [MISSING if x != x else format(x, spec) for x in values.tolist()]
    else:
        return [cell_text(x, lang, decimals) for x in values.tolist()]
    return [x.translate(_SWAP) for x in out] if lang == "id" else out


def styled(table: Table | pd.DataFrame, lang: str):
    """A Styler that writes every number of the table in the language's style and every missing value as '–' (the
    frame itself when it holds only text).

    Streamlit shows a Styler's display values (pandas_styler_utils.marshall_styler): it calls the Styler's
    `_compute` and `_translate` and reads, of what `_translate` returns, the body cells' ids and display values
    and the (here empty) cell and table styles. pandas' own `_translate` builds the whole HTML model of the table
    (classes, attributes, index, header) cell by cell: 28 ms of a 92 ms cached Kinerja rerun on the demo. This
    Styler's two methods are replaced by the part Streamlit reads, the display values written once, column by
    column. tests/test_numbers.py reads the display values Streamlit sends for every table of every page, so a
    change on either side that lost them fails there."""
    table = table_of(table)
    df = table.frame
    # Text columns with gaps: the gap written as MISSING in the frame itself (the browser shows a null cell of a
    # text column as "None" whatever its display value says).
    gaps = [c for c in df.columns if df[c].dtype == object and df[c].isna().any()
            and not pd.api.types.is_numeric_dtype(df[c].dropna().infer_objects())]
    if gaps:
        df = df.assign(**{c: df[c].astype(object).where(df[c].notna(), MISSING) for c in gaps})
    shown: dict[int, list[str]] = {}
    for j, col in enumerate(df.columns):
        s = df.iloc[:, j]
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_string_dtype(s) and not s.isna().any():
            continue
        shown[j] = column_text(s, lang, decimals_of(table.decimals, col))
    if not shown:  # text only: nothing to write
        return df
    styler = df.style
    ids = [[f"row{i}_col{j}" for j in shown] for i in range(len(df))]

    def translate(*_args, **_kwargs) -> dict:
        return {"body": [[{"id": cell, "display_value": shown[j][i]} for cell, j in zip(ids[i], shown)]
                         for i in range(len(df))], "cellstyle": [], "table_styles": []}

    styler._compute = lambda: styler
    styler._translate = translate
    return styler


def slug(text: str, limit: int = 40) -> str:
    """Words for a file name: 'Dinas Kesehatan / 2025' -> 'dinas-kesehatan-2025' (ASCII, no separators)."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    if len(words) <= limit:
        return words
    cut = words[:limit + 1].rsplit("-", 1)[0]  # whole words only
    return cut if cut else words[:limit]


def file_name(parts, ext: str, today: date | None = None) -> str:
    """page_table_filters_date.ext, e.g. 'kinerja_sebaran-predikat_kota-palu_2025-tahunan_2026-12-05.csv'."""
    words = [slug(p) for p in parts if p]
    words = [w for w in words if w]
    return "_".join([*words, (today or date.today()).isoformat()]) + "." + ext
