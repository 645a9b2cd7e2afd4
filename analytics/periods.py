"""Reporting periods: a year with a quarter (Q1–Q4) or the whole year (Y), as in the appraisals dataset.

The same period selects appraisals by (year, period) and complaints and promotions by date range.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from analytics.domain import PERIODS
from analytics.filters import FilterError


@dataclass(frozen=True)
class Period:
    year: int
    period: str = "Y"  # Q1, Q2, Q3, Q4 or Y

    def __post_init__(self):
        if self.period not in PERIODS:
            raise FilterError(f"unknown period {self.period!r}; one of {', '.join(PERIODS)}")

    @property
    def start(self) -> date:
        if self.period == "Y":
            return date(self.year, 1, 1)
        return date(self.year, 3 * int(self.period[1]) - 2, 1)

    @property
    def end(self) -> date:
        """The last day of the period (inclusive)."""
        if self.period == "Y":
            return date(self.year, 12, 31)
        q = int(self.period[1])
        first_next = date(self.year + 1, 1, 1) if q == 4 else date(self.year, 3 * q + 1, 1)
        return first_next - timedelta(days=1)

    def previous(self) -> "Period":
        """The period before: the year before for Y, the quarter before (across a year) for Qn."""
        if self.period == "Y":
            return Period(self.year - 1, "Y")
        q = int(self.period[1])
        return Period(self.year - 1, "Q4") if q == 1 else Period(self.year, f"Q{q - 1}")
