"""Transparansi — the public transparency page (METRICS.md §5), the default for visitors: per agency, the
rating shares, complaint compliance and Kaplan–Meier median, IKM and grade, promotions and employees, with
counts below k shown as "< k" and the cells withheld to protect them; the as-of date and last load; and a CSV
of exactly the table shown. Aggregates only: analytics.public never reads a name or a NIP."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import public
from analytics.domain import RATINGS
from analytics.export import to_csv
from analytics.filters import Filters
from analytics.public import COUNT_MEASURES, MEASURES
from ui import data, shell
from ui.charts import RATING_COLORS, style
from ui.i18n import fmt_date, fmt_int, fmt_num, fmt_pct

CHART_AGENCIES = 25

P = shell.start_page("page_public")
v, con, L = P.v, P.con, P.v.lang
rep = P.read(public.public, Filters(region=v.region, agency=v.agency, year=v.year))
k = rep.k  # the threshold in force (setting public_min_cell), said by the report itself
loaded_at = data.last_load(con, v.version)
st.caption(v.t("pub_intro", k=k, year=rep.year or v.year,
               when=fmt_date(pd.Timestamp(loaded_at), L) if loaded_at is not None else "–"))
st.page_link("pages/methodology.py", label=v.t("pub_methodology"), icon=":material/menu_book:")
if rep.rows.empty:
    st.info(v.t("pub_none"))
    st.stop()


def cell(measure: str, value, withheld: bool, below: bool) -> str:
    """How a cell reads: a number, '< k' for a count below k, '•' for a cell withheld to protect another."""
    if withheld:
        return f"< {k}" if below else "•"
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if measure in COUNT_MEASURES:
        return fmt_int(int(value), L)
    if measure.startswith("share_") or measure == "first_response_compliance":
        return fmt_pct(float(value), L)
    if measure == "km_median_first_response":
        return fmt_num(float(value), L, 1)
    if measure == "ikm":
        return fmt_num(float(value), L, 2)
    return str(value)


totals = rep.totals
c = st.columns(3)
for col, m in zip(c, COUNT_MEASURES):
    col.metric(v.t("pub_" + m), fmt_int(totals[m], L) if totals.get(m) is not None else f"< {k}")


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _view(version: tuple, scope_key: tuple, region, agency, year, lang: str, k: int):
    """The chart's parts and the formatted table of one view, built once per data version and view: the whole
    country has 13,291 agencies, and cell-by-cell lookups on every rerun took over a minute there."""
    rep = P.read(public.public, Filters(region=region, agency=agency, year=year)).rows
    idx = ["agency_code", "agency_name"]
    wide = rep.pivot(index=idx, columns="measure", values="value")
    hidden = rep.pivot(index=idx, columns="measure", values="withheld").astype(bool)
    below = rep.pivot(index=idx, columns="measure", values="below_k").astype(bool)
    shares = [f"share_{r}" for r in RATINGS]
    # Rating shares of the largest agencies in percent, withheld ones as 0 (drawn together as one grey part).
    parts = wide[shares].apply(pd.to_numeric, errors="coerce").mul(100).where(~hidden[shares], 0.0).fillna(0.0)
    employees = pd.to_numeric(wide["employees"], errors="coerce").fillna(0)
    rated = ~hidden[shares].all(axis=1)
    top = employees[rated].sort_values(ascending=False, kind="stable").head(CHART_AGENCIES).index
    table = pd.DataFrame({v.t("col_agency"): [i[1] for i in wide.index]})
    for m in MEASURES:
        table[v.t("pub_col_" + m)] = [cell(m, val, h, b) for val, h, b in
                                      zip(wide[m].tolist(), hidden[m].tolist(), below[m].tolist())]
    return parts.loc[top].reset_index(), table, to_csv(table)


parts, table, csv = _view(v.version, v.scope_key, v.region, v.agency, v.year, L, k)

# --- Rating shares of the largest agencies; withheld shares together as one grey part -----------------------
shares = [f"share_{r}" for r in RATINGS]
if len(parts):
    names = parts["agency_name"].tolist()
    bars = [go.Bar(y=names, x=parts[f"share_{r}"], name=v.t("rating_" + r), orientation="h",
                   marker_color=RATING_COLORS[r]) for r in RATINGS]
    # The withheld shares of an agency are at least two (complementary withholding): their sum, which anyone
    # can work out as 100% minus the shown ones, tells none of them.
    bars.append(go.Bar(y=names, x=100 - parts[shares].sum(axis=1), name=v.t("pub_withheld"), orientation="h",
                       marker_color="#c9ced6"))
    fig = go.Figure(bars)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    st.plotly_chart(style(fig, title=v.t("pub_chart", n=len(parts), year=rep.year),
                          x=v.t("pub_ax_share"), y=v.t("col_agency"), lang=L, height=120 + 22 * len(parts),
                          legend="right"), key="pub_chart")
    st.caption(v.t("pub_chart_note", n=len(parts), total=len(table)))

# --- The table, and its CSV ------------------------------------------------------------------------------
st.subheader(v.t("pub_table", n=fmt_int(len(table), L)))
st.caption(v.t("pub_legend", k=k))
st.dataframe(table, hide_index=True, key="pub_table")
st.download_button(v.t("pub_csv"), csv, file_name=f"transparansi_{rep.year}.csv",
                   mime="text/csv", key="pub_csv")
