"""Cached calls into analytics/ for the pages. Every cache is bounded (entries and time) and keyed by the
data version (latest batch, batches undone), so a load or an undo refreshes every figure at once."""
from __future__ import annotations

from types import MappingProxyType

import streamlit as st

from analytics import Scope, cases
from analytics import appraisals as _appraisals
from analytics import fairness as _fairness
from analytics import flags as _flags
from analytics import overview as _overview
from analytics import public as _public
from analytics import regions as _regions
from analytics import sla as _sla
from analytics.filters import Filters
from analytics.loader import list_batches
from analytics.loader import undo_plan as _undo_plan
from analytics.periods import Period
from ui import warm
from ui.views import public as _public_view

_TTL = 3600


def _scope(key: tuple) -> Scope:
    return Scope(regions=key[0], personal_data=key[1])


@st.cache_data(ttl=_TTL, max_entries=64, show_spinner=False)
def years(_con, version: tuple) -> tuple[list[int], int | None]:
    return _regions.data_years(_con)


@st.cache_data(ttl=_TTL, max_entries=64, show_spinner=False)
def undo_plan(_con, version: tuple, batch_id: int, lang: str):
    """What undoing a batch would do (loader.undo_plan), read once per data version: its counts scan the
    dataset's table and history, which Unggah Data would otherwise do on every rerun (any load, undo or redo
    changes the version)."""
    return _undo_plan(_con, batch_id, lang=lang)


@st.cache_data(ttl=_TTL, max_entries=64, show_spinner=False)
def last_load(_con, version: tuple):
    """When the latest batch still loaded was loaded (None when none is)."""
    loaded = list_batches(_con)
    loaded = loaded[loaded["status"] == "loaded"]
    return None if loaded.empty else loaded["loaded_at"].max()


@st.cache_data(ttl=_TTL, max_entries=1024, show_spinner=False)
def region_options(_con, db: str, scope_key: tuple, parent: str | None):
    return _regions.region_options(_con, _scope(scope_key), parent)


# Shared by every session, never copied: read-only (a MappingProxyType). Each rerun of a dashboard page names the
# agencies of its reader's scope (13,291 nationally); a copy per rerun cost more than the page's cached figures.
@st.cache_resource(ttl=_TTL, max_entries=64, show_spinner=False)
def agency_names(_con, scope_key: tuple, version: tuple) -> MappingProxyType:
    """Agency code -> name, for every agency the scope may see."""
    a = _regions.agency_options(_con, _scope(scope_key), None)
    return MappingProxyType(dict(zip(a["agency_code"], a["name"])))


@st.cache_data(ttl=_TTL, max_entries=1024, show_spinner=False)
def agency_options(_con, scope_key: tuple, region: str | None, version: tuple):
    return _regions.agency_options(_con, _scope(scope_key), region)


# Room for the three parts of the overview of every province (38) for the whole-scope views ui/warm replays, and
# the readers' own.
@st.cache_data(ttl=_TTL, max_entries=4096, show_spinner=False)
def _overview_part(_con, part: str, version: tuple, scope_key: tuple, region: str | None, agency: str | None,
                   year: int, period: str) -> dict:
    return _overview.overview_part(_con, _scope(scope_key), part, region=region, agency=agency,
                                   period=Period(year, period))


def overview(con, version: tuple, scope_key: tuple, region: str | None, agency: str | None, year: int, period: str):
    """The overview, each part (analytics.overview.PARTS) cached under the version of the datasets it reads: a
    complaints upload recomputes the complaint figures only."""
    if region is None and agency is None:  # the whole scope: ui/warm computes each province's ahead
        warm.record(con, version, "overview", "overview", scope_key, (year, period))
    parts = {name: _overview_part(con, name, version.of(sources), scope_key, region, agency, year, period)
             for name, sources in _overview.PARTS.items()}
    return _overview.assemble(Period(year, period), parts)


def flag_queue(con, scope, filters, *, reviewed: int, **kw):
    """The inspectors' queue (analytics.flags.queue); `reviewed` (analytics.reviews.version) only keys the cache,
    so that a recorded review shows at once."""
    return _flags.queue(con, scope, filters, **kw)


# The read functions a page may call through `call`, by the datasets their figures come from (the scope always
# goes through `agencies`). A read's cache key holds only its datasets' part of the data version, so a complaints
# upload leaves the appraisal figures cached, and an appraisals upload the complaint figures.
APPRAISAL_READS = (
    _appraisals.appraisal_distribution, _appraisals.rating_totals, _appraisals.score_histogram,
    _appraisals.score_boxes, _appraisals.quarterly_trend, _appraisals.rating_curve, _appraisals.raters,
    _appraisals.rater_summary, _appraisals.training_summary, _appraisals.rater_distribution, _appraisals.gaps_360,
    _appraisals.training_needs)
COMPLAINT_READS = (_sla.sla, _sla.sla_window, _sla.km_curves, _sla.open_complaints, _sla.monthly_flow, _sla.satisfaction)
OTHER_READS = (_flags.approver_options, _fairness.pool_rates, _fairness.years, _public.public, flag_queue)

# An allowlist: a page passes the function itself, the cache keys it by its name.
READS = {fn.__name__: fn for fn in (*APPRAISAL_READS, *COMPLAINT_READS, *OTHER_READS)}
assert len(READS) == len(APPRAISAL_READS) + len(COMPLAINT_READS) + len(OTHER_READS), "read names must be unique"
_NAMES = {fn: name for name, fn in READS.items()}
SOURCES = {**{fn.__name__: _overview.PARTS["appraisals"] for fn in APPRAISAL_READS},  # the marts, the ratings
           **{fn.__name__: _overview.PARTS["complaints"] for fn in COMPLAINT_READS}}  # the complaint cells


def read_name(fn) -> str:
    """The name a read is cached and recorded under; a function outside the allowlist is refused."""
    try:
        return _NAMES[fn]
    except (KeyError, TypeError):
        raise ValueError(f"{getattr(fn, '__name__', fn)!r} is not a read of ui/data.READS") from None


def key_version(name: str, version: tuple) -> tuple:
    """The part of a View's version (path, latest batch, batches undone, per dataset) that read `name` depends on."""
    sources = SOURCES.get(name)
    return version if sources is None else version.of(sources)


# Room for every province's view of the recorded reads (ui/warm: up to 64 reads × 38 provinces) and the readers'
# own: the values are aggregates, a few kB each.
@st.cache_data(ttl=_TTL, max_entries=4096, show_spinner=False)
def _call(name: str, _con, version: tuple, scope_key: tuple, filters: tuple, args: tuple, kwargs: tuple):
    cur = _con.cursor()  # a connection of its own: sessions run on threads, and reads may use it directly
    try:
        return READS[name](cur, _scope(scope_key), *args, Filters(*filters), **dict(kwargs)) if args else \
            READS[name](cur, _scope(scope_key), Filters(*filters), **dict(kwargs))
    finally:
        cur.close()


def call(read, con, version: tuple, scope_key: tuple, filters: Filters, *args, **kwargs):
    """A read function of analytics/ (one of READS, passed itself), cached per data version, scope, filters and
    arguments."""
    name = read_name(read)
    f = filters
    key = (f.region, f.agency, f.year, f.period, f.as_of, f.by, f.attribute)
    kw = tuple(sorted(kwargs.items()))
    if f.region is None and f.agency is None:  # the whole scope: ui/warm computes each province's ahead
        warm.record(con, version, "call", name, scope_key, key, args, kw)
    return call_key(name, con, version, scope_key, key, args, kw)


def call_key(name: str, con, version: tuple, scope_key: tuple, key: tuple, args: tuple, kwargs: tuple):
    """`call` with the filters and keyword arguments already as tuples."""
    return _call(name, con, key_version(name, version), scope_key, key, args, kwargs)


@st.cache_data(ttl=_TTL, max_entries=256, show_spinner=False)
def case_view(_con, version: tuple, scope_key: tuple, promotion_id: str, nip: str, agency: str,
              approver: str | None):
    """What the case view reads about one promotion (analytics.cases): the employee, their promotions and annual
    ratings, the cohort and the approver's record; cached per data version (reviews are read fresh)."""
    scope = _scope(scope_key)
    cur = _con.cursor()
    try:
        who = cases.person(cur, scope, nip, agency)
        return (who, cases.timeline(cur, scope, nip), cases.annual_appraisals(cur, scope, who),
                cases.cohort(cur, scope, promotion_id),
                cases.approver_record(cur, scope, approver) if approver else {})
    finally:
        cur.close()


@st.cache_data(ttl=_TTL, max_entries=32, show_spinner=False)
def public_table(_con, version: tuple, scope_key: tuple, region: str | None, agency: str | None, year: int | None,
                 lang: str, k: int) -> _public_view.Table:
    """The transparency table of one view (ui.views.public.table), built once per data version, view, language and
    threshold `k` (the report's own, which a settings change alters without a new data version)."""
    report = call(_public.public, _con, version, scope_key, Filters(region=region, agency=agency, year=year))
    return _public_view.table(report, lang)
