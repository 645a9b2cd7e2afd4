"""The filters of CONTRACT.md §3, shared by the command line, the reports and the pages."""
from __future__ import annotations

from dataclasses import dataclass


class FilterError(ValueError):
    """A filter value a report does not accept (an unknown --by, --attribute or period): the caller's to fix,
    so the command line answers it as wrong usage (exit 2). Any other error of a report is not usage."""


@dataclass(frozen=True)
class Filters:
    region: str | None = None
    agency: str | None = None
    year: int | None = None
    period: str | None = None
    as_of: str | None = None
    by: str | None = None
    attribute: str | None = None
