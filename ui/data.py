"""Cached calls into analytics/ for the pages. Every cache is bounded (entries and time) and keyed by the
data version (latest batch, batches undone), so a load or an undo refreshes every figure at once."""
from __future__ import annotations

import streamlit as st

from analytics import Scope
from analytics import overview as _overview
from analytics import regions as _regions
from analytics.periods import Period

_TTL = 3600


def _scope(key: tuple) -> Scope:
    return Scope(regions=key[0], personal_data=key[1])


@st.cache_data(ttl=_TTL, max_entries=64, show_spinner=False)
def years(_con, version: tuple) -> tuple[list[int], int | None]:
    return _regions.data_years(_con)


@st.cache_data(ttl=_TTL, max_entries=1024, show_spinner=False)
def region_options(_con, db: str, scope_key: tuple, parent: str | None):
    return _regions.region_options(_con, _scope(scope_key), parent)


@st.cache_data(ttl=_TTL, max_entries=1024, show_spinner=False)
def agency_options(_con, scope_key: tuple, region: str | None, version: tuple):
    return _regions.agency_options(_con, _scope(scope_key), region)


@st.cache_data(ttl=_TTL, max_entries=256, show_spinner=False)
def overview(_con, version: tuple, scope_key: tuple, region: str | None, agency: str | None, year: int,
             period: str):
    return _overview.overview(_con, _scope(scope_key), region=region, agency=agency, period=Period(year, period))
