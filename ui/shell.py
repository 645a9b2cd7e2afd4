"""The frame every page shares: the database connection, the language, the shared filters in the
sidebar, their URL state, and the line at the top of each page that writes the filters out in words.

URL parameters (all optional, validated against allowlists before use; an unknown value is ignored):
`lang` (id, en), `region` (a Kemendagri code: province, kab/kota or kecamatan), `agency` (an agency code
inside the region), `year`, `period` (Y, Q1–Q4). A copied address reproduces the view.
"""
from __future__ import annotations

import gc
import html
import os
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import streamlit as st

from analytics import Scope, activity, connect, derived
from analytics.datasets import dataset_title
from analytics.loader import STAGES
from analytics.db import StoreError
from analytics.demo_build import build_demo
from analytics.domain import PERIODS
from analytics.filters import Filters
from analytics.periods import Period
from analytics.regions import DataVersion, data_version, lineage
from analytics.settings import SettingsError, db_path, load_settings
from analytics.snapshots import read_only_mode, snapshot_dir
from analytics.users import PUBLIC
from analytics.export import table_csv, table_xlsx
from ui import access, casefile, data, priority, tables
from ui.context import Page, View, scope_key
from ui.i18n import LANG_NAMES, LANGS, fmt_int, md, period_label, t

# Sessions run on threads of one interpreter. A DuckDB query needs the interpreter lock now and then while it
# runs; with Python's default switch interval (5 ms) a query beside a busy rerun waited for the lock again and
# again (10x slower in bench/RESULTS.md). 1 ms lets it in sooner; Python's own cost of switching stays small.
sys.setswitchinterval(0.001)

# Pages whose first run in this process has ended (settle_heap).
_settled: set[str] = set()
_settle_lock = threading.Lock()


def settle_heap(page_key: str) -> None:
    """After a page's first run in this process (its modules imported, the app's own objects made): collect
    once, then freeze every object alive into the permanent generation, which Python's later full collections
    skip. The automatic collections stay on for what runs create. Under 20 readers and a load, full collections
    scanned about 200,000 objects each and held the interpreter lock for 0.3–0.7 s, stalling every reader at
    once (bench/RESULTS.md, session 15). The freeze also takes the objects of other sessions' runs in flight:
    those in reference cycles are then never collected, a small amount once per page and process."""
    if page_key in _settled:
        return
    with _settle_lock:
        if page_key in _settled:
            return
        gc.collect()
        gc.freeze()
        _settled.add(page_key)


# Widget keys of the shared filters, from the top of the cascade down.
REGION_KEYS = ("f_province", "f_kabkota", "f_kecamatan")


@st.cache_resource(show_spinner=False, max_entries=4)
def _connection(path: str):
    """One connection per database file and process; the demo database is built on first start."""
    p = Path(path)
    if not p.exists():
        con = connect(p)
        results = build_demo(con, employees=2000, seed=42)
        rejected = [r for r in results if r.status == "rejected"]
        if rejected:
            raise RuntimeError(f"demo data rejected: {rejected[0].dataset}: {rejected[0].errors[:3]}")
        return con
    return connect(p)


@st.cache_resource(show_spinner=False, max_entries=2)
def _snapshot_connection(path: str):
    """A replica's connection to one published snapshot, read-only; it never builds or migrates anything. Two
    at most: the current snapshot and the one that sessions still running may be reading."""
    return connect(Path(path), read_only=True)


def snapshot_path() -> str:
    """The snapshot this run reads: `current` resolved once per run (app.py pins it first), so a snapshot
    published during a run is opened by the next run, never halfway through one."""
    pinned = st.session_state.get("_snapshot")
    return pinned or pin_snapshot()


def pin_snapshot() -> str:
    path = os.path.realpath(db_path())
    st.session_state["_snapshot"] = path
    return path


def check_settings() -> None:
    """A settings file the product cannot use (an unknown key, a value of the wrong type) stops every page with a
    message naming the key, before anything reads a setting."""
    try:
        load_settings()
    except SettingsError as exc:
        lang = st.session_state.get("lang", "id")
        st.error(t("settings_invalid", lang if lang in LANGS else "id", error=str(exc)))
        st.stop()


def connection():
    """The database of this process. A file that cannot be opened (not a database, damaged, newer, read-only,
    held by another process) stops the page with what is wrong and what to do, never a traceback; the next run
    tries again (a failed open is not cached)."""
    lang = st.session_state.get("lang", "id")
    lang = lang if lang in LANGS else "id"
    try:
        if read_only_mode():
            path = snapshot_path()
            if not Path(path).is_file():  # a replica started before the writer published anything
                st.error(t("replica_missing", lang, path=str(db_path())))
                st.stop()
            # Its path is part of the data version, so every cached figure refreshes with a new snapshot.
            return _snapshot_connection(path)
        with st.spinner(t("building", lang)):
            return _connection(str(db_path()))
    except StoreError as exc:
        st.error(exc.message(lang))
        st.stop()


def current_user():
    """The reader of this session (set by `start`): an account, a single-sign-on identity or the public."""
    return st.session_state.get("_reader", PUBLIC)


def current_scope() -> Scope:
    """The reader's scope; the public's (aggregates only) until `start` has found out who is reading."""
    return current_user().scope


def account_box(user) -> None:
    """Who is signed in, and the way out; for the public, nothing (the sign-in page is in the navigation)."""
    if user.role == "public":
        return
    lg = lang()
    region = ""
    if user.region:
        found = lineage(connection(), user.scope, user.region)
        region = ", " + (found[-1][1] if found else user.region)
    st.sidebar.caption(t("signed_in", lg, name=md(user.name), role=t("role_" + user.role, lg), region=md(region)))
    if st.sidebar.button(t("logout", lg), icon=":material/logout:", key="logout"):
        access.sign_out()
        st.rerun()


def replica_note() -> None:
    """On a read-only replica: say so, and which snapshot is being read."""
    if read_only_mode():
        st.sidebar.caption(t("replica_note", lang(), file=os.path.basename(snapshot_path())))


def lang() -> str:
    return st.session_state.get("lang", "id")


def refreshing_note() -> None:
    """While a load or an undo runs on the writer (this process, or the writer of these replicas): say that the
    figures are being refreshed, which dataset, since when and at what stage."""
    if read_only_mode():  # a replica reads <snapshot folder>/current: the writer's note is beside it
        now = activity.current(None, str(Path(db_path()).parent))
    else:
        now = activity.current(str(db_path()), snapshot_dir())
    if now is None:
        return
    lg = lang()
    since = datetime.fromtimestamp(now.started_at).strftime("%H:%M")
    st.info(t("refreshing_note", lg, dataset=dataset_title(now.dataset, lg), since=since, stage=t("stage_" + now.stage, lg)),
            icon=":material/sync:")


def stages_of(kind: str, dataset: str) -> list[str]:
    """The stages a load (or an undo, which reads no file) of `dataset` goes through, in order."""
    read = [s for s in STAGES if kind == "load" or s not in ("read", "check", "compare")]
    return [*read, *(f"refresh_{d.name}" for d in derived.stale_after(dataset)), "commit"]


def with_progress(kind: str, dataset: str, work):
    """Run `work(progress)` (a load, undo or redo) in a thread of its own while a progress bar names the stage,
    which of how many, and the seconds so far; readers are told meanwhile (analytics.activity). The work runs to
    its end even when the analyst leaves the page (a load is one transaction: it commits or changes nothing).
    Returns what `work` returns; raises what it raises."""
    lg = lang()
    stages = stages_of(kind, dataset)
    db, folder = str(db_path()), snapshot_dir()
    seen: list[str] = []
    box: dict = {}

    def progress(stage: str) -> None:
        seen.append(stage)
        activity.stage(db, stage, folder)

    def run() -> None:
        try:
            with priority.lowered():
                box["result"] = work(progress)
        except BaseException as exc:  # handed to the page's thread
            box["error"] = exc
        finally:
            activity.end(db, folder)

    activity.begin(db, kind, dataset, folder)
    worker = threading.Thread(target=run, name=f"pk-{kind}", daemon=True)
    started = time.monotonic()
    bar = st.progress(0.0, text=t("stage_line", lg, n=1, of=len(stages), stage=t("stage_wait", lg), seconds="0"))
    worker.start()
    beat = started
    while worker.is_alive():
        worker.join(0.5)
        now = seen[-1] if seen else "wait"
        i = stages.index(now) if now in stages else 0
        bar.progress(min(i / len(stages), 0.99), text=t("stage_line", lg, n=i + 1, of=len(stages),
                                                        stage=t("stage_" + now, lg),
                                                        seconds=fmt_int(int(time.monotonic() - started), lg)))
        if time.monotonic() - beat > 5 and worker.is_alive():
            activity.beat(db, folder)
            beat = time.monotonic()
    bar.empty()
    if "error" in box:
        raise box["error"]
    return box["result"]


def _read_url_once(con, scope: Scope, years: list[int], default_year: int | None, version: tuple) -> None:
    """At the start of a session, seed the widgets from the address; every value is checked first."""
    ss = st.session_state
    if ss.get("_url_read"):
        return
    ss["_url_read"] = True
    qp = st.query_params
    ss["lang"] = qp.get("lang") if qp.get("lang") in LANGS else "id"
    chain = lineage(con, scope, qp.get("region"))
    for key, (code, _) in zip(REGION_KEYS, chain):
        ss[key] = code
    region = chain[-1][0] if chain else None
    agency = qp.get("agency")
    if agency and agency in set(data.agency_options(con, scope_key(scope), region, version)["agency_code"]):
        ss["f_agency"] = agency
    year = qp.get("year")
    ss["f_year"] = int(year) if year and year.isdigit() and int(year) in years else default_year
    ss["f_period"] = qp.get("period") if qp.get("period") in PERIODS else "Y"


def _write_url(view: View) -> None:
    want = {}
    if view.lang != "id":
        want["lang"] = view.lang
    if view.region:
        want["region"] = view.region
    if view.agency:
        want["agency"] = view.agency
    if view.year is not None:
        want["year"] = str(view.year)
    want["period"] = view.period
    if st.query_params.to_dict() != want:
        st.query_params.from_dict(want)


def language_switch() -> str:
    st.sidebar.radio(t("language", lang()), LANGS, format_func=LANG_NAMES.get, horizontal=True, key="lang",
                     persist_state="session")
    return lang()


def _keep_valid(key: str, options, default=None) -> None:
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def version(con) -> DataVersion:
    return data_version(con, snapshot_path() if read_only_mode() else str(db_path()))


def start(con) -> str:
    """First thing on every run: the data version (once per run), the state seeded from the address (once a
    session), and the language."""
    st.session_state["_reader"] = access.current_user(con)
    version_ = version(con)
    st.session_state["_run_version"] = version_
    years, default_year = data.years(con, version_)
    _read_url_once(con, current_scope(), years, default_year, version_)
    return lang()


def build_view(con, *, show_filters: bool = True) -> View:
    """Draw the language switch and (when asked) the filters, and return the View (after `start`)."""
    scope = current_scope()
    version_ = st.session_state["_run_version"]
    years, default_year = data.years(con, version_)
    lg = language_switch()
    ss = st.session_state
    skey = scope_key(scope)

    # A reader bound to one region starts the cascade there: the levels down to it are fixed, not offered.
    floor = lineage(con, scope, scope.regions[0]) if scope.regions and len(scope.regions) == 1 else []
    for key, (code, _) in zip(REGION_KEYS, floor):
        ss[key] = code
    if floor and show_filters:
        st.sidebar.caption(t("your_region", lg, name=md(floor[-1][1])))

    # The cascade: each level's options depend on the level above; a value that no longer fits is cleared.
    chain: list[tuple[str, str]] = []
    parent = None
    for depth, (key, label, placeholder) in enumerate(zip(REGION_KEYS, ("province", "kabkota", "kecamatan"),
                                                          ("all_provinces", "all_kabkota", "all_kecamatan"))):
        if depth < len(floor):
            chain.append(floor[depth])
            parent = floor[depth][0]
            continue
        opts = data.region_options(con, str(db_path()), skey, parent)
        names = dict(zip(opts["region_code"], opts["name"]))
        _keep_valid(key, names)
        if show_filters and (parent is not None or key == "f_province") and names:
            if depth == len(floor):
                st.sidebar.subheader(t("filters", lg))
            st.sidebar.selectbox(t(label, lg), list(names), format_func=names.get, index=None,
                                 placeholder=t(placeholder, lg), key=key, persist_state="session")
        code = ss.get(key)
        if code is None:
            for below in REGION_KEYS[REGION_KEYS.index(key) + 1:]:
                ss[below] = None
            break
        chain.append((code, names[code]))
        parent = code
    region = chain[-1][0] if chain else None

    agencies = data.agency_options(con, skey, region, version_)
    agency_names = dict(zip(agencies["agency_code"], agencies["name"]))
    _keep_valid("f_agency", agency_names)
    _keep_valid("f_year", years, default_year)
    _keep_valid("f_period", PERIODS, "Y")
    if show_filters:
        st.sidebar.selectbox(t("agency", lg), list(agency_names), format_func=agency_names.get, index=None,
                             placeholder=t("all_agencies", lg), key="f_agency", persist_state="session")
        if years:
            st.sidebar.selectbox(t("year", lg), years, key="f_year", persist_state="session")
        st.sidebar.selectbox(t("period", lg), PERIODS, format_func=lambda p: t("period_" + p, lg),
                             key="f_period", persist_state="session")
        st.sidebar.caption(t("share_link", lg))
    agency = ss.get("f_agency")
    view = View(lang=lg, scope=scope, region=region, region_chain=tuple(chain), agency=agency,
                agency_label=agency_names.get(agency) if agency else None, year=ss.get("f_year"),
                period=ss.get("f_period") or "Y", years=tuple(years), version=version_, floor=len(floor))
    _write_url(view)
    ss["_view"] = view
    ss["_built_this_run"] = True
    return view


def view() -> View:
    """The View that app.py built for this run.

    Until st.navigation first runs in a server process, Streamlit discovers pages/ by itself and can run a
    page script without app.py (an old address such as /upload). Such a run has no View of its own, so the
    reader is sent through app.py, which shows the overview."""
    if not st.session_state.pop("_built_this_run", False):
        st.switch_page("app.py")
    if not st.session_state.get("_page_ok", False):  # outside the reader's navigation: never run
        st.error(t("refused", lang()))
        st.stop()
    st.session_state["_dl_keys"] = set()
    st.session_state["_dl_parts"] = ()
    st.session_state["_dl_files"] = {}
    return st.session_state["_view"]


def _clear(keys: tuple[str, ...], defaults: dict | None = None) -> None:
    for k in keys:
        st.session_state[k] = (defaults or {}).get(k)


def filter_bar(v: View) -> None:
    """The filters in force, in words ("Kota Palu · Dinas Kesehatan · 2025 · Tahunan"), with a button
    that clears each one."""
    # A kecamatan is named with its kab/kota: many share a name across Indonesia.
    chain = [md(name) for _, name in v.region_chain]  # names are data: shown as text, never as Markdown
    words = [", ".join(chain[-1:-3:-1]) if len(chain) == 3 else (chain[-1] if chain else v.t("all_regions"))]
    if v.agency_label:
        words.append(md(v.agency_label))
    if v.year is not None:
        words += [str(v.year), v.t("period_" + v.period)]
    st.markdown("**" + " · ".join(words) + "**")
    row = st.container(horizontal=True)
    # A reader bound to one region cannot leave it: no chip for it or the levels above it (one there would clear
    # nothing but the agency, and say otherwise).
    if len(v.region_chain) > v.floor:
        # Clearing a region goes one level up (Kota Palu -> Sulawesi Tengah -> all regions).
        deepest = len(v.region_chain) - 1
        row.button(f"✕ {md(v.region_chain[-1][1])}", key="clear_region", help=v.t("clear_help"), on_click=_clear,
                   args=(REGION_KEYS[deepest:] + ("f_agency",),))
    if v.agency_label:
        row.button(f"✕ {md(v.agency_label)}", key="clear_agency", help=v.t("clear_help"), on_click=_clear,
                   args=(("f_agency",),))
    default_year = data.years(connection(), v.version)[1]
    if v.year is not None and v.year != default_year:
        row.button(f"✕ {v.year}", key="clear_year", help=v.t("reset_help"), on_click=_clear,
                   args=(("f_year",), {"f_year": default_year}))
    if v.period != "Y":
        row.button(f"✕ {v.t('period_' + v.period)}", key="clear_period", help=v.t("reset_help"),
                   on_click=_clear, args=(("f_period",), {"f_period": "Y"}))


def drill_to_agency(code: str | None) -> None:
    """Set the agency filter (a callback: the sidebar picks it up on the rerun)."""
    if code:
        st.session_state["f_agency"] = code


def drill_from_chart(chart_key: str) -> None:
    """on_select callback of a chart whose points carry the agency_code as customdata."""
    state = st.session_state.get(chart_key)
    points = (state or {}).get("selection", {}).get("points", []) if state else []
    for point in points:
        code = point.get("customdata")
        if isinstance(code, (list, tuple)):
            code = code[0] if code else None
        if code:
            drill_to_agency(str(code))
            return


def delta_arrow(delta: str | None) -> str:
    """st.metric's arrow for a formatted delta (ui.i18n.fmt_delta, fmt_pp): none when there is none or it reads
    as no change ('±0', '±0,0 poin'), else up or down as its sign says."""
    return "off" if not delta or delta.startswith("±") else "auto"


def metric(where, label: str, value: str, delta: str | None = None, **kwargs) -> None:
    """st.metric with the arrow its delta text calls for (`delta_arrow`): the same on every page. No change is
    grey, whatever colour a rise would have (a '±0' drawn green or red reads as a change)."""
    if delta_arrow(delta) == "off" and delta:
        kwargs["delta_color"] = "off"
    where.metric(label, value, delta, delta_arrow=delta_arrow(delta), **kwargs)


def start_page(title_key: str) -> Page:
    """Title, the filters in words, and the Page; stops with a message when there is no data at all."""
    v = view()
    con = connection()
    st.title(v.t(title_key))
    refreshing_note()
    filter_bar(v)
    if v.year is None:
        st.info(v.t("no_years"))
        st.stop()
    cur = Period(v.year, v.period)
    prev = cur.previous()
    # What a downloaded file's name says: the page, the region, the agency, the period (ui.tables.file_name).
    st.session_state["_dl_parts"] = (v.t(title_key), v.region_chain[-1][1] if v.region_chain else v.t("all_regions"),
                                     v.agency, period_label(cur.year, cur.period, v.lang))
    return Page(v=v, con=con, cur=cur, prev=prev, cur_label=period_label(cur.year, cur.period, v.lang),
                prev_label=period_label(prev.year, prev.period, v.lang),
                filters=Filters(region=v.region, agency=v.agency, year=v.year, period=v.period),
                filters_prev=Filters(region=v.region, agency=v.agency, year=prev.year, period=prev.period),
                agency_names=data.agency_names(con, v.scope_key, v.version), read=_reader(con, v))


def _reader(con, v: View):
    """A cached analytics read (ui.data.call: `fn` is one of ui.data.READS) for this reader."""
    def read(fn, filters, *args, **kwargs):
        return data.call(fn, con, v.version, v.scope_key, filters, *args, **kwargs)
    return read


def show_metrics(metrics, per_row: int | None = None) -> None:
    """Headline figures (ui.views.parts.Metric) in rows of `per_row` (all in one row when None), each in a box."""
    per_row = per_row or len(metrics)
    for start in range(0, len(metrics), per_row):
        for where, m in zip(st.columns(per_row), metrics[start:start + per_row]):
            metric(where, m.label, m.value, m.delta, delta_color=m.delta_color, delta_description=m.delta_description,
                   help=m.help, border=True)


def has_points(figure) -> bool:
    """Whether a figure draws anything: a trace with a value (a legend-only trace holds [None]); for bars, a value
    other than 0 (bars of nothing are an empty frame with a 0–1 axis)."""
    for trace in figure.data:
        if trace.type == "bar":
            values = trace.x if trace.orientation == "h" else trace.y
            if values is not None and any(v is not None and v == v and v != 0 for v in values):
                return True
            continue
        for key in ("x", "y", "q1"):
            try:
                values = trace[key]
            except (KeyError, ValueError):
                continue
            if values is not None and any(v is not None for v in values):
                return True
    return False


def show_chart(chart, where=None) -> None:
    """A ui.views.parts.Chart; a drill chart opens the agency of the mark clicked. A chart with nothing to draw is
    said in words instead (an empty frame with a 0–1 axis says nothing)."""
    where = where or st
    if not has_points(chart.figure):
        where.info(t("chart_empty", lang(), title=chart_title(chart)))
        return
    if chart.drill:
        where.plotly_chart(chart.figure, key=chart.key, on_select=lambda: drill_from_chart(chart.key),
                           selection_mode="points")
    else:
        where.plotly_chart(chart.figure, key=chart.key, config={} if chart.toolbar else {"displayModeBar": False})


def house_style() -> None:
    """Styles every page shares. A text field's hint "Press Enter to submit form" / "to apply" is Streamlit's own
    English and takes no text of ours: it is hidden, the count of characters beside it ("4/64") stays."""
    st.html("<style>[data-testid=InputInstructions] > span:not(:last-child) { display: none; }</style>")


def uploader_words(choose: str, instructions: str) -> None:
    """Streamlit's file uploader writes its button ("Upload") and its line ("200MB per file • CSV, …") in English
    whatever the app's language, and takes no text for them. This style puts the reader's words there instead: the
    English text is hidden (from screen readers too) and the language's shown in its place (CSS generated
    content, which screen readers read)."""
    def css_text(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    button = "[data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer] p"
    line = "[data-testid=stFileUploaderDropzoneInstructions] span"
    st.html(f"<style>{button}, {line} {{ visibility: hidden; font-size: 0; }}"
            f"{button}::after {{ content: {css_text(choose)}; visibility: visible; font-size: 0.875rem; }}"
            f"{line}::after {{ content: {css_text(instructions)}; visibility: visible; font-size: 0.875rem; }}"
            "</style>")


def name_files(*parts: str) -> None:
    """What the files downloaded from this run are named after, before the table's own name: the page and its
    filters (start_page sets them on the dashboards)."""
    st.session_state["_dl_parts"] = parts


def case_file_buttons(parts, *, title: str, name: str) -> None:
    """The case file (ui.casefile) as HTML to print, CSV and XLSX; `parts` gives its sections when a file is asked
    for. Signed with the account reading it."""
    lg = lang()
    reader = current_user().name
    base = [name]
    files = {
        "html": (tables.file_name(base, "html"), lambda: casefile.document(
            parts(), title=title, lang=lg, reader=reader, generated=datetime.now().replace(microsecond=0)).encode()),
        "csv": (tables.file_name(base, "csv"), lambda: casefile.csv(parts(), title=title, lang=lg)),
        "xlsx": (tables.file_name(base, "xlsx"), lambda: casefile.xlsx(parts())),
    }
    st.session_state.setdefault("_dl_files", {}).update(dict(files.values()))
    row = st.container(horizontal=True)
    row.download_button(t("case_html", lg), files["html"][1], file_name=files["html"][0], mime="text/html",
                        icon=":material/print:", type="primary", key="in_case_html")
    row.download_button(t("dl_csv", lg), files["csv"][1], file_name=files["csv"][0], mime="text/csv",
                        icon=":material/download:", key="in_case_csv")
    row.download_button(t("dl_xlsx", lg), files["xlsx"][1], file_name=files["xlsx"][0], mime=XLSX_MIME,
                        icon=":material/download:", key="in_case_xlsx")


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def show_table(frame, key: str | None = None, where=None, *, name: str | None = None, download: bool = True,
               **kwargs) -> None:
    """A table (a DataFrame or a ui.tables.Table) with its numbers in the reader's language (ui.tables.styled), and
    under it its CSV and XLSX (`name`: what the files are called after the page; the key when not given)."""
    where = where or st
    lg = lang()
    table = tables.table_of(frame)
    if not len(table):  # said in words, not an empty grid
        where.caption(t("no_data_here", lg))
        return
    where.dataframe(tables.styled(table, lg), hide_index=True, key=key, **kwargs)
    if download:
        downloads(lambda: table, name or key or t("table_behind", lg), where=where)


def downloads(rows, name: str, *, where=None, label: str | None = None) -> None:
    """The CSV and XLSX buttons of a table: `rows` gives it (a DataFrame or a ui.tables.Table, scoped as the page
    is) when a file is asked for, never before; the file is named page_table_region_agency_period_date."""
    where = where or st
    lg = lang()
    page, *filters = st.session_state.get("_dl_parts") or ("",)
    base = [page, name, *filters]
    used = st.session_state.setdefault("_dl_keys", set())
    key = "dl_" + (tables.slug(name, 30) or "tabel")
    n = 2
    while key in used:
        key, n = f"dl_{tables.slug(name, 30)}_{n}", n + 1
    used.add(key)
    def csv() -> bytes:
        table = tables.table_of(rows())
        return table_csv(table.frame, lg, table.decimals)

    def xlsx() -> bytes:
        table = tables.table_of(rows())
        return table_xlsx([(name, table.frame, table.decimals)])

    files = {"csv": (tables.file_name(base, "csv"), csv), "xlsx": (tables.file_name(base, "xlsx"), xlsx)}
    # The files of this run, by file name (what tests read: AppTest has no server to ask for a deferred file).
    st.session_state.setdefault("_dl_files", {}).update(dict(files.values()))
    row = where.container(horizontal=True, gap="small")
    row.download_button(label or t("dl_csv", lg), files["csv"][1], file_name=files["csv"][0], mime="text/csv",
                        icon=":material/download:", type="tertiary", key=key + "_csv", help=t("dl_csv_help", lg))
    row.download_button(t("dl_xlsx", lg), files["xlsx"][1], file_name=files["xlsx"][0], mime=XLSX_MIME,
                        icon=":material/download:", type="tertiary", key=key + "_xlsx", help=t("dl_xlsx_help", lg))


def show_card(card, where=None, lang: str = "id") -> None:
    """A ui.views.parts.Card in a bordered box: the chart, its sentence, and the table behind it folded away."""
    with (where or st).container(border=True):
        show_chart(card.chart)
        st.write(card.sentence)
        table_behind(card.table, chart=card.chart)


def table_behind(frame, *, chart, where=None) -> None:
    """The table behind a chart, folded away under "Tabel data" and drawn only while open: closed, it costs a
    rerun nothing (its numbers written for the language, its files registered). Named after the chart."""
    with (where or st).container():
        with folded(t("table_behind", lang()), f"tb_{chart.key}") as shown:
            if shown:
                show_table(frame, name=chart_title(chart))


@contextmanager
def folded(label: str, key: str):
    """A section drawn only while open (its content costs no query and no chart while closed): inside the
    expander, whether it is open."""
    section = st.expander(label, key=key, on_change="rerun")
    with section:
        yield section.open


def show_finding(finding, *, sentence_first: bool = False) -> None:
    """A ui.views.parts.Finding: its empty note, or the chart and the sentence (in that order unless
    `sentence_first`) and the table."""
    if finding.none:
        st.caption(finding.none)
        return
    if sentence_first:
        st.write(finding.sentence)
    show_chart(finding.chart)
    if not sentence_first:
        st.write(finding.sentence)
    show_table(finding.table, name=chart_title(finding.chart))


def chart_title(chart) -> str:
    """A ui.views.parts.Chart's title as text (a downloaded table is named after the chart it holds)."""
    return html.unescape(str(chart.figure.layout.title.text or ""))


def more_heading(lang: str) -> None:
    """The heading over a page's folded sections."""
    st.header(t("sec_more", lang))
    st.caption(t("sec_more_note", lang))


def show_listing(listing, *, key: str, name: str, download: str, rows) -> None:
    """A ui.views.parts.Listing: its empty note, or the counts per agency, or the sentence, the first rows, the cap
    note and the whole list as CSV and XLSX (`rows`: a function giving it, called only when a file is asked for;
    `name`: what the file is called)."""
    if listing.none:
        st.caption(listing.none)
    elif listing.counts is not None:
        st.caption(listing.counts_note)
        show_table(listing.counts, name=name)
    else:
        st.write(listing.sentence)
        show_table(listing.table, key=key, download=False)
        if listing.capped:
            st.caption(listing.capped)
        downloads(rows, name, label=download)
