"""What a page knows about its reader and its filters, as plain data (no Streamlit), so that the view-models
of ui/views/ take it and tests build it by hand: the View (language, scope, filters in force) and the Page
(the View with the period, the one before it, their filters, the agency names, and how to read figures)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from analytics import Scope
from analytics.filters import Filters
from analytics.periods import Period
from ui.i18n import t


def scope_key(scope: Scope) -> tuple:
    """The scope as a cache key."""
    return (scope.regions, scope.personal_data)


@dataclass(frozen=True)
class View:
    """What a page needs to know: language, the reader's scope and the filters in force."""
    lang: str
    scope: Scope
    region: str | None          # the deepest region chosen (province, kab/kota or kecamatan code)
    region_chain: tuple[tuple[str, str], ...]  # [(code, name)] from the province down
    agency: str | None
    agency_label: str | None
    year: int | None
    period: str
    years: tuple[int, ...]
    version: tuple              # database file, latest batch, batches undone: part of every cache key,
                                # so a load or an undo refreshes every figure
    floor: int = 0              # region levels fixed by the reader's own region (a leader bound to Kota Palu: 2)

    def t(self, key: str, **kw) -> str:
        return t(key, self.lang, **kw)

    @property
    def scope_key(self) -> tuple:
        return scope_key(self.scope)


@dataclass(frozen=True)
class Page:
    """What every dashboard page starts from: the View, the connection, the period and the one before it,
    the filters for each, the agency names the reader may see, and `read`: a read of analytics/ for this
    reader (`read(fn, filters, *args, **kwargs)`; on a page ui.data.call, cached; in tests the function
    itself)."""
    v: View
    con: object
    cur: Period
    prev: Period
    cur_label: str
    prev_label: str
    filters: Filters
    filters_prev: Filters
    agency_names: Mapping[str, str]  # read-only, shared by every session (ui.data.agency_names)
    read: Callable

    @property
    def lang(self) -> str:
        return self.v.lang

    def t(self, key: str, **kw) -> str:
        return t(key, self.v.lang, **kw)

    def agency(self, code: str) -> str:
        """An agency's name, or its code when the reader may not see its name."""
        return self.agency_names.get(code, code)
