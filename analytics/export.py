"""CSV the product writes: cells that a spreadsheet would run as a formula are neutralised.

A cell starting with =, +, -, @, a tab or a carriage return is prefixed with an apostrophe (OWASP's advice
on CSV injection), so a name like `=HYPERLINK(...)` is shown as text, not run. Numbers are left as they are:
-3.5 is a value, not a formula.
"""
from __future__ import annotations

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
