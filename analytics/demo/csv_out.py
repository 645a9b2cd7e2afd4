"""Arrow columns from numpy arrays, and the CSV file the stages' columns are appended to: UTF-8 without BOM,
dates YYYY-MM-DD, timestamps YYYY-MM-DD HH:MM:SS, empty cells for missing values, no quoting."""
from __future__ import annotations

import pathlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv


def strings(values, idx: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """values[idx] as a string column, null where `null` is set."""
    dictionary = pa.array(list(values), pa.string())
    return pc.take(dictionary, pa.array(np.asarray(idx, np.int64), mask=null))


def lookup(values: pa.Array, idx: np.ndarray) -> pa.Array:
    """values[idx], null where idx is negative (no supervisor, approver, handler)."""
    return pc.take(values, pa.array(np.maximum(idx, 0), mask=idx < 0))


def dates(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """Day numbers as a date column."""
    return pa.array(np.asarray(days, np.int64).astype("datetime64[D]"), mask=null)


def stamps(seconds: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """Seconds since 1970 as a timestamp column."""
    return pa.array(np.asarray(seconds, np.int64).astype("datetime64[s]"), mask=null)


def decimals(x: np.ndarray) -> pa.Array:
    """One decimal place; NaN is missing."""
    x = np.round(np.asarray(x, np.float64), 1) + 0.0
    return pa.array(x, mask=np.isnan(x))


def ints(x: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(x, np.int64), mask=null)


def nip_text(nip: np.ndarray) -> pa.Array:
    """The 18-digit NIPs as strings."""
    return pa.array(np.asarray(nip, np.int64)).cast(pa.string())


def padded(x: np.ndarray, width: int) -> pa.Array:
    """Integers as strings zero-padded to `width`."""
    return pc.utf8_lpad(pa.array(np.asarray(x, np.int64)).cast(pa.string()), width=width, padding="0")


_WRITE = pacsv.WriteOptions(include_header=False, quoting_style="none", batch_size=65536)


class CsvOut:
    """One CSV file: header written once, then tables appended."""

    def __init__(self, path: pathlib.Path, columns: tuple[str, ...]):
        self.path, self.columns = path, columns
        self.f = open(path, "wb")
        self.f.write((",".join(columns) + "\n").encode("utf-8"))

    def write(self, data: dict[str, pa.Array]) -> None:
        table = pa.table({c: data[c] for c in self.columns})
        if table.num_rows:
            pacsv.write_csv(table, self.f, _WRITE)

    def close(self) -> None:
        self.f.close()
