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


def styled(table: Table | pd.DataFrame, lang: str):
    """A Styler that writes every number of the table in the language's style and every missing value as '–' (the
    frame itself when it holds only text)."""
    table = table_of(table)
    df = table.frame
    formats = {}
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_string_dtype(s) and not s.isna().any():
            continue
        d = decimals_of(table.decimals, col)
        formats[col] = lambda x, d=d: cell_text(x, lang, d)
    if not formats:  # text only: nothing to write (a Styler would cost a pass over every cell of a long table)
        return df
    return df.style.format(formats).hide(axis="index")


def localize(table: Table | pd.DataFrame, *, lang: str) -> pd.DataFrame:
    """The cells as text, as the page writes them (for a table that is only read, never sorted)."""
    table = table_of(table)
    out = table.frame.copy()
    for col in out.columns:
        out[col] = [cell_text(x, lang, decimals_of(table.decimals, col)) for x in out[col].tolist()]
    return out


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
