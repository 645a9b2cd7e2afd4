"""Ringkasan: headline figures per domain for the filters, against the previous period, each with a
small chart and a sentence that says the same."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.domain import PROMOTION_KINDS
from analytics.periods import Period
from ui import data, shell
from ui.charts import KIND_COLORS, PRIMARY, RATING_COLORS, style
from ui.tables import localize
from ui.i18n import (fmt_date, fmt_datetime, fmt_delta, fmt_int, fmt_month, fmt_pct, fmt_pp, period_label,
                     period_short)

v = shell.view()
con = shell.connection()
L = v.lang
st.title(v.t("page_overview"))
shell.filter_bar(v)

if v.year is None:
    st.info(v.t("no_years"))
    st.stop()

o = data.overview(con, v.version, v.scope_key, v.region, v.agency, v.year, v.period)
cur, prev = Period(v.year, v.period), Period(v.year, v.period).previous()
cur_label, prev_label = period_label(cur.year, cur.period, L), period_label(prev.year, prev.period, L)

last = data.last_load(con, v.version)
st.caption(v.t("as_of", date=fmt_date(o.as_of, L), when=fmt_datetime(pd.Timestamp(last).to_pydatetime(), L))
           if last is not None else v.t("no_load"))
if o.complaints.uncovered_years:
    st.warning(v.t("uncovered", years=", ".join(map(str, o.complaints.uncovered_years))))

# --- Headline figures ---------------------------------------------------------------------------------
ry = o.rating_year
rating_label = period_label(ry, "Y", L) if ry else "–"
vs_ratings = v.t("vs_year", year=ry - 1) if ry else None
vs_period = v.t("vs_period", period=prev_label)


def _delta_pp(a, b):
    return None if a is None or b is None else fmt_pp(a - b, L)


def _delta_n(a, b):
    return fmt_delta(a - b, L)


fr, fr_prev = o.complaints, o.complaints_previous
row1, row2 = st.columns(3), st.columns(3)
shell.metric(row1[0], v.t("m_employees"), fmt_int(o.employees_active, L), border=True,
             help=v.t("m_employees_help", n=fmt_int(o.appraised, L)))
shell.metric(row1[1], v.t("m_good_year", year=ry or "–"), fmt_pct(o.good_share, L), _delta_pp(o.good_share, o.good_share_previous),
             delta_description=vs_ratings, border=True,
             help=v.t("m_good_help", period=rating_label))
shell.metric(row1[2], v.t("m_outside_year", year=ry or "–"), fmt_int(o.curve_outside, L),
             _delta_n(o.curve_outside, o.curve_outside_previous) if ry else None, delta_color="inverse",
             delta_description=vs_ratings,
             border=True, help=v.t("m_outside_help", year=ry or "–", n=fmt_int(o.curve_assessed, L)))
shell.metric(row2[0], v.t("m_received"), fmt_int(fr.received, L), _delta_n(fr.received, fr_prev.received), delta_color="off",
             delta_description=vs_period, border=True,
             help=v.t("m_received_help"))
shell.metric(row2[1], v.t("m_fr"), fmt_pct(fr.compliance, L), _delta_pp(fr.compliance, fr_prev.compliance),
             delta_description=vs_period, border=True,
             help=v.t("m_fr_help", target=fr.target_days, met=fmt_int(fr.met, L), decided=fmt_int(fr.met + fr.breached, L)))
shell.metric(row2[2], v.t("m_promotions"), fmt_int(o.promotions, L), _delta_n(o.promotions, o.promotions_previous),
             delta_color="off", delta_description=vs_period,
             border=True, help=v.t("m_promotions_help"))
if o.as_of is not None and cur.end > o.as_of >= cur.start:
    st.caption(v.t("running_period", date=fmt_date(o.as_of, L)))
if not (o.employees_active or o.appraised or fr.received or o.promotions):
    st.info(v.t("no_data_here"))

# --- Cards: a small chart each, with the sentence and the table behind it -------------------------------
left, right = st.columns(2)

with left.container(border=True):
    r = o.ratings
    fig = go.Figure()
    for _, row in r.iterrows():
        fig.add_bar(y=[str(ry - 1 if ry else "–"), str(ry or "–")], x=[row.share_previous * 100, row.share * 100],
                    orientation="h",
                    name=v.t("rating_" + row.rating), marker_color=RATING_COLORS[row.rating],
                    hovertemplate="%{y}: %{x:.1f}%<extra>" + v.t("rating_" + row.rating) + "</extra>")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(range=[0, 100])
    fig.update_yaxes(type="category")
    st.plotly_chart(style(fig, title=v.t("card_ratings_year", year=ry or "–"), x=v.t("ax_share"), y=v.t("ax_year"), lang=L,
                          height=260),
                    key="chart_ratings")
    if r["n"].sum():
        parts = ", ".join(f"{v.t('rating_' + x.rating)} {fmt_pct(x.share, L)}" for x in r.itertuples() if x.n)
        st.write(v.t("s_ratings", period=rating_label, n=fmt_int(r["n"].sum(), L), parts=parts))
    else:
        st.write(v.t("s_ratings_none", period=rating_label))
    with st.expander(v.t("table_behind")):
        st.dataframe(localize(pd.DataFrame({
            v.t("col_rating"): [v.t("rating_" + x) for x in r["rating"]],
            f"{v.t('col_n')} {ry}": r["n"], f"{v.t('col_share')} {ry} (%)": (r["share"] * 100).round(1),
            f"{v.t('col_n')} {(ry or 0) - 1}": r["n_previous"],
            f"{v.t('col_share')} {(ry or 0) - 1} (%)": (r["share_previous"] * 100).round(1),
        }), lang=L), hide_index=True)

with right.container(border=True):
    g = o.good_trend
    labels = [period_short(int(y), p, L) for y, p in zip(g["year"], g["period"])]
    fig = go.Figure(go.Scatter(x=labels, y=g["share_good"] * 100, mode="lines+markers", line_color=PRIMARY,
                               hovertemplate="%{x}: %{y:.1f}%<extra></extra>"))
    fig.update_yaxes(range=[0, 100])
    fig.update_xaxes(type="category")
    st.plotly_chart(style(fig, title=v.t("card_trend"), x=v.t("ax_year"), y=v.t("ax_share"), lang=L, height=260,
                          legend=False), key="chart_trend")
    if len(g):
        st.write(v.t("s_trend", parts=", ".join(f"{lab} {fmt_pct(s, L)}"
                                                 for lab, s in list(zip(labels, g["share_good"]))[-4:])))
    else:
        st.write(v.t("s_trend_none"))
    with st.expander(v.t("table_behind")):
        st.dataframe(localize(pd.DataFrame({v.t("col_year"): labels, v.t("col_n"): g["n"],
                                            v.t("col_share_good") + " (%)": (g["share_good"] * 100).round(1)}), lang=L),
                     hide_index=True)

left, right = st.columns(2)

with left.container(border=True):
    m = o.complaints_monthly
    months = [fmt_month(d, L) for d in pd.to_datetime(m["month"])]
    fig = go.Figure(go.Bar(x=months, y=m["received"], marker_color=PRIMARY,
                           hovertemplate="%{x}: %{y}<extra></extra>"))
    st.plotly_chart(style(fig, title=f"{v.t('card_complaints')}, {cur_label}", x=v.t("ax_month"),
                          y=v.t("ax_complaints"), lang=L, height=260, legend=False), key="chart_complaints")
    if fr.received:
        busiest = m.loc[m["received"].idxmax()] if len(m) else None
        st.write(v.t("s_complaints", period=cur_label, n=fmt_int(fr.received, L), met=fmt_int(fr.met, L),
                     breached=fmt_int(fr.breached, L), pending=fmt_int(fr.pending, L), target=fr.target_days,
                     busiest=fmt_month(busiest["month"], L) if busiest is not None else "–",
                     busiest_n=fmt_int(busiest["received"], L) if busiest is not None else "–"))
    else:
        st.write(v.t("s_complaints_none", period=cur_label))
    with st.expander(v.t("table_behind")):
        st.dataframe(localize(pd.DataFrame({v.t("col_month"): months, v.t("col_received"): m["received"]}), lang=L),
                     hide_index=True)

with right.container(border=True):
    p = o.promotions_trend
    fig = go.Figure()
    for kind in PROMOTION_KINDS:
        sel = p[p["kind"] == kind]
        if len(sel):
            fig.add_bar(x=sel["year"].astype(str), y=sel["n"], name=v.t("kind_" + kind), marker_color=KIND_COLORS[kind])
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category")
    st.plotly_chart(style(fig, title=v.t("card_promotions"), x=v.t("ax_year"), y=v.t("ax_promotions"), lang=L,
                          height=260), key="chart_promotions")
    if o.promotions:
        k = o.promotions_by_kind
        parts = ", ".join(f"{v.t('kind_' + kind)} {fmt_int(n, L)}" for kind, n in zip(k["kind"], k["n"]) if n)
        st.write(v.t("s_promotions", period=cur_label, n=fmt_int(o.promotions, L), parts=parts, prev=prev_label,
                     n_prev=fmt_int(o.promotions_previous, L)))
    else:
        st.write(v.t("s_promotions_none", period=cur_label, prev=prev_label, n_prev=fmt_int(o.promotions_previous, L)))
    with st.expander(v.t("table_behind")):
        wide = p.pivot_table(index="year", columns="kind", values="n", fill_value=0).reset_index()
        wide.columns = [v.t("col_year") if c == "year" else v.t("kind_" + c) for c in wide.columns]
        st.dataframe(localize(wide, lang=L), hide_index=True)
