"""Keadilan kenaikan pangkat — promotion fairness (METRICS.md §3) for leaders and inspectors: selection rates
per group of the eligible pool with 95% intervals, the pass / fail / reference grid with its threshold, the
rates within each rating stratum, and the caveat that the four-fifths rule is a screening signal."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import fairness
from analytics.fairness import ATTRIBUTES, STRATA
from analytics.filters import Filters
from analytics.regions import region_names
from ui import shell
from ui.charts import PRIMARY, RATING_COLORS, style
from ui.i18n import fmt_int, fmt_num, fmt_pct, group_label

VERDICT_COLORS = {"reference": PRIMARY, "pass": "#6cbf84", "fail": "#c0392b", "not_assessed": "#9aa3ad"}
STRATUM_COLORS = {"sangat_baik": RATING_COLORS["sangat_baik"], "baik": RATING_COLORS["baik"], "other": "#9aa3ad"}

P = shell.start_page("page_fairness")
v, con, L = P.v, P.con, P.v.lang
st.caption(v.t("fa_intro"))
st.info(v.t("fa_caveat"), icon=":material/info:")

scope_filters = Filters(region=v.region, agency=v.agency)
years = P.read(fairness.years, scope_filters)
if not years:
    st.info(v.t("fa_none"))
    st.stop()
year = v.year if v.year in years else years[0]
if v.year is not None and v.year != year:
    st.caption(v.t("fa_year_note", want=v.year, year=year))
attribute = st.segmented_control(v.t("fa_attribute"), ATTRIBUTES, default="gender", key="fa_attr",
                                 format_func=lambda a: v.t("by_" + a)) or "gender"
res = P.read(fairness.pool_rates, Filters(region=v.region, agency=v.agency, year=year, attribute=attribute))
rates, strata = res["rates"], res["strata"]
if rates.empty:
    st.info(v.t("fa_empty", year=year))
    st.stop()

names = region_names(con, rates["group"]) if attribute == "region" else {}


def name(g) -> str:
    return group_label(g, attribute, L, P.agency_names, names)


by_word = v.t("by_" + attribute).lower()
promoted = int(rates["n_promoted"].sum())
st.write(v.t("fa_headline", year=year, n=fmt_int(res["n_eligible"], L), k=fmt_int(promoted, L),
             rate=fmt_pct(promoted / res["n_eligible"], L)))
st.markdown(v.t("fa_threshold", min=res["min_group"]))
fails = [name(g) for g in rates.loc[rates["verdict"] == "fail", "group"]]
(st.warning if fails else st.success)(v.t("fa_fails", groups=", ".join(fails)) if fails else v.t("fa_no_fails"))

# --- Rates with intervals, coloured by verdict -------------------------------------------------------------
shown = rates.sort_values("selection_rate", ascending=False)
labels = [name(g) for g in shown["group"]]
fig = go.Figure()
for verdict, color in VERDICT_COLORS.items():
    part = shown["verdict"] == verdict
    if part.any():
        sub = shown[part]
        fig.add_bar(x=[n for n, keep in zip(labels, part) if keep], y=100 * sub["selection_rate"],
                    name=v.t("verdict_" + verdict).capitalize(), marker_color=color,
                    error_y={"type": "data", "symmetric": False, "array": 100 * (sub["ci_high"] - sub["selection_rate"]),
                             "arrayminus": 100 * (sub["selection_rate"] - sub["ci_low"]), "color": "#333"})
reference = rates.loc[rates["verdict"] == "reference", "selection_rate"]
if len(reference):
    fig.add_hline(y=80 * float(reference.iloc[0]), line_dash="dash", line_color="#c0392b")
    fig.add_scatter(x=[None], y=[None], mode="lines", line={"dash": "dash", "color": "#c0392b"},
                    name=v.t("ser_four_fifths"))
fig.update_xaxes(categoryorder="array", categoryarray=labels)
st.plotly_chart(style(fig, title=v.t("chart_fa_rates", by=by_word, year=year), x=v.t("by_" + attribute),
                      y=v.t("ax_fa_rate"), lang=L, height=360), key="fa_chart")

st.subheader(v.t("fa_grid"))


def grid(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        v.t("col_group"): [name(g) for g in df["group"]], v.t("col_eligible"): df["n_eligible"],
        v.t("col_promoted"): df["n_promoted"], v.t("col_rate"): [fmt_pct(x, L) for x in df["selection_rate"]],
        v.t("col_ci"): [f"{fmt_pct(a, L)} – {fmt_pct(b, L)}" for a, b in zip(df["ci_low"], df["ci_high"])],
        v.t("col_ratio"): ["–" if pd.isna(r) else fmt_num(r, L, 2) for r in df["ratio_to_max"]],
        v.t("col_verdict"): [v.t("verdict_" + x) for x in df["verdict"]],
        v.t("col_p"): ["–" if p is None or pd.isna(p) else fmt_num(p, L, 4) for p in df["p_value"]],
    })


st.dataframe(grid(shown), hide_index=True, key="fa_grid")

# --- Within each rating stratum ------------------------------------------------------------------------------
st.subheader(v.t("fa_strata"))
st.caption(v.t("fa_strata_s", year=year))
if not strata.empty:
    fig = go.Figure()
    for stratum in STRATA:
        sub = strata[strata["stratum"] == stratum]
        if len(sub):
            fig.add_bar(x=[name(g) for g in sub["group"]], y=100 * sub["selection_rate"],
                        name=v.t("stratum_" + stratum), marker_color=STRATUM_COLORS[stratum],
                        error_y={"type": "data", "symmetric": False,
                                 "array": 100 * (sub["ci_high"] - sub["selection_rate"]),
                                 "arrayminus": 100 * (sub["selection_rate"] - sub["ci_low"]), "color": "#333"})
    fig.update_layout(barmode="group")
    st.plotly_chart(style(fig, title=v.t("chart_fa_strata", by=by_word, year=year), x=v.t("by_" + attribute),
                          y=v.t("ax_fa_rate"), lang=L, height=360), key="fa_strata_chart")
    table = grid(strata)
    table.insert(0, v.t("col_stratum"), [v.t("stratum_" + s) for s in strata["stratum"]])
    st.dataframe(table, hide_index=True, key="fa_strata_table")
