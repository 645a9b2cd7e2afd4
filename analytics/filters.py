"""The filters of CONTRACT.md §3, shared by the command line, the reports and the pages."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Filters:
    region: str | None = None
    agency: str | None = None
    year: int | None = None
    period: str | None = None
    as_of: str | None = None
    by: str | None = None
    attribute: str | None = None
