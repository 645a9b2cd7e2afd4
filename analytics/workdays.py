"""The working-day calendar of METRICS.md §2: Monday to Friday, less Indonesia's public holidays and cuti
bersama (the `holidays` package, country ID, categories public and government), less the dates in
data/reference/holidays_extra.csv (regional days off: date, name, and the region_code they apply to,
empty for everywhere; the SLA counts apply them to all complaints, as the metric is defined).

A year for which the installed package has no cuti bersama is reported in `uncovered_years`, so that pages
and the command line warn instead of silently counting those days as working days.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.settings import REFERENCE_DIR

EXTRA_HOLIDAYS_CSV = REFERENCE_DIR / "holidays_extra.csv"
# The table for SQL starts here; elapsed days are differences of its index, so the origin cancels out.
EPOCH = date(2000, 1, 3)


@dataclass(frozen=True)
class WorkCalendar:
    first_year: int
    last_year: int
    holidays: tuple[np.datetime64, ...]
    names: dict
    uncovered_years: tuple[int, ...]

    @property
    def _holidays(self) -> np.ndarray:
        return np.array(self.holidays, dtype="datetime64[D]")

    @functools.cached_property
    def key(self) -> str:
        """A fingerprint of the days off: stored counts made with another calendar are stale."""
        import hashlib

        return hashlib.sha256(",".join(str(d) for d in self.holidays).encode()).hexdigest()[:16]

    def busday_count(self, a, b) -> np.ndarray:
        """Working days d with a <= d < b (numpy's busday_count): same day 0, Friday to Monday 1."""
        return np.busday_count(np.asarray(a, dtype="datetime64[D]"), np.asarray(b, dtype="datetime64[D]"),
                               holidays=self._holidays)

    def is_workday(self, d) -> bool:
        return bool(np.is_busday(np.datetime64(d, "D"), holidays=self._holidays))

    def table(self) -> pd.DataFrame:
        """One row per day of the covered years and the year after: `day` and `wd`, the number of working
        days from EPOCH up to the day (exclusive), so busday_count(a, b) = wd(b) - wd(a)."""
        days = np.arange(np.datetime64(date(self.first_year, 1, 1)), np.datetime64(date(self.last_year + 2, 1, 1)),
                         dtype="datetime64[D]")
        wd = np.busday_count(np.datetime64(EPOCH), days, holidays=self._holidays)
        return pd.DataFrame({"day": days, "wd": wd.astype(np.int64)})


def _extra(path: Path) -> dict[date, str]:
    if not path.exists():
        return {}
    out = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row.get("date"):
                out[date.fromisoformat(row["date"].strip())] = (row.get("name") or "").strip()
    return out


@functools.lru_cache(maxsize=8)
def _calendar(first_year: int, last_year: int, extra_path: str, extra_mtime: float) -> WorkCalendar:
    import holidays as hol

    years = range(min(first_year, EPOCH.year), last_year + 2)
    public = hol.country_holidays("ID", years=years, categories=("public", "government"))
    names = {d: n for d, n in public.items()}
    names.update(_extra(Path(extra_path)))
    uncovered = tuple(y for y in range(first_year, last_year + 1)
                      if not hol.country_holidays("ID", years=y, categories=("government",)))
    hs = tuple(sorted(np.datetime64(d, "D") for d in names))
    return WorkCalendar(first_year, last_year, hs, names, uncovered)


def calendar(first_year: int, last_year: int, extra_path: Path = EXTRA_HOLIDAYS_CSV) -> WorkCalendar:
    """The calendar for the years first_year..last_year (cached; refreshed when the extra file changes)."""
    mtime = extra_path.stat().st_mtime if extra_path.exists() else 0.0
    return _calendar(first_year, last_year, str(extra_path), mtime)
