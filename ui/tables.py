"""Tables shown beside charts, with numbers written for the language (1.234,5 in Indonesian).

The cells become text, so that what is copied from the page reads the same as the page; the chart beside
each table carries the numbers for sorting by eye. CSV downloads keep plain numbers."""
from __future__ import annotations

import pandas as pd

from ui.i18n import fmt_int, fmt_num


def localize(df: pd.DataFrame, *, lang: str, decimals: int = 1) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_bool_dtype(s):
            continue
        if pd.api.types.is_integer_dtype(s):
            out[col] = [fmt_int(x, lang) for x in s]
        elif pd.api.types.is_float_dtype(s):
            out[col] = [fmt_num(x, lang, decimals) if pd.notna(x) else "–" for x in s]
    return out
