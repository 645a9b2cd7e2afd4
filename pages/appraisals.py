"""Kinerja: appraisals for regional leaders (METRICS.md §1). Filters → headline figures → rating shares
by group → scores → trend by quarter → the rating curve → raters → 360° gaps → training needs."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics.appraisals import (GROUP_BY, INDICATORS, curve_rules, first_good_and_below, training_needs,
                                  with_good_and_below)
from analytics import appraisals
from analytics.domain import RATINGS
from analytics.export import to_csv
from analytics.filters import Filters
from analytics.settings import load_settings
from ui import shell
from ui.charts import PRIMARY, RATING_COLORS, style
from ui.i18n import fmt_delta, fmt_int, fmt_num, fmt_pct, fmt_pp, group_label, period_label, period_short

MAX_BARS = 30      # bars in one chart; the table holds the rest
MAX_ROWS = 500     # rows in one table sent to the browser; a capped table says so

P = shell.start_page("page_appraisals")
v, con, L = P.v, P.con, P.v.lang
cur, prev, cur_label, prev_label = P.cur, P.prev, P.cur_label, P.prev_label
F, F_prev, agency_names = P.filters, P.filters_prev, P.agency_names
read = P.read
limit = load_settings().curve_limit


def label(group: str, by: str) -> str:
    return group_label(group, by, L, agency_names)


def rating_name(r: str) -> str:
    return v.t("rating_" + r)


# --- Headline figures ------------------------------------------------------------------------------------
tot, tot_prev = read(appraisals.rating_totals, F), read(appraisals.rating_totals, F_prev)
curve, curve_prev = read(appraisals.rating_curve, Filters(region=v.region, agency=v.agency, year=v.year)), \
    read(appraisals.rating_curve, Filters(region=v.region, agency=v.agency, year=v.year - 1))


def _first(df, col):
    return float(df[col].iloc[0]) if len(df) and pd.notna(df[col].iloc[0]) else None


def _d(a, b, fmt):
    return None if a is None or b is None else fmt(a - b)


n_cur, n_prev = (int(tot["n"].iloc[0]) if len(tot) else 0), (int(tot_prev["n"].iloc[0]) if len(tot_prev) else 0)
out_cur, out_prev = int((~curve["within"]).sum()), int((~curve_prev["within"]).sum())
(good, below), (good_prev, below_prev) = first_good_and_below(tot), first_good_and_below(tot_prev)
cols = st.columns(5)
shell.metric(cols[0], v.t("m_good"), fmt_pct(good, L), _d(good, good_prev, lambda x: fmt_pp(x, L)),
             border=True, help=v.t("m_good_help", period=cur_label))
shell.metric(cols[1], v.t("m_below"), fmt_pct(below, L), _d(below, below_prev, lambda x: fmt_pp(x, L)),
             delta_color="inverse", border=True, help=v.t("m_below_help"))
s_cur, s_prev = _first(tot, "score_mean"), _first(tot_prev, "score_mean")
shell.metric(cols[2], v.t("m_score"), fmt_num(s_cur, L), _d(s_cur, s_prev, lambda x: fmt_delta(x, L, 1)),
             border=True, help=v.t("m_score_help"))
shell.metric(cols[3], v.t("m_appraised"), fmt_int(n_cur, L), fmt_delta(n_cur - n_prev, L),
             delta_color="off", border=True)
shell.metric(cols[4], v.t("m_outside"), fmt_int(out_cur, L), fmt_delta(out_cur - out_prev, L),
             delta_color="inverse", border=True, help=v.t("m_outside_help", year=v.year, n=fmt_int(len(curve), L)))
st.caption(v.t("vs_previous_curve", period=prev_label, year=v.year - 1))

if tot.empty:
    st.info(v.t("s_ratings_none", period=cur_label))
    st.stop()

# --- Rating shares by group ----------------------------------------------------------------------------------
st.header(v.t("sec_shares"))
c1, c2, c3 = st.columns([2, 2, 3])
by = c1.selectbox(v.t("group_by"), list(GROUP_BY), format_func=lambda b: v.t("by_" + b), key="ap_by")
sort = c2.selectbox(v.t("sort_by"), ["good", "below", "n", "name"], format_func=lambda s: v.t("sort_" + s), key="ap_sort")
dist = with_good_and_below(read(appraisals.appraisal_distribution, F, by=by))
dist["name"] = [label(g, by) for g in dist["group"]]
dist = dist.sort_values(sort, ascending=sort == "name", kind="stable")
if by == "agency" and not v.agency and len(dist) > 1:
    c3.selectbox(v.t("drill"), list(dist["group"]), index=None, format_func=lambda g: agency_names.get(g, g),
                 key="ap_drill", help=v.t("drill_help"), placeholder=v.t("all_agencies"),
                 on_change=lambda: shell.drill_to_agency(st.session_state.get("ap_drill")))
shown = dist.head(MAX_BARS).iloc[::-1]
fig = go.Figure()
for r in RATINGS:
    fig.add_bar(y=shown["name"], x=shown[f"share_{r}"] * 100, orientation="h", name=rating_name(r),
                marker_color=RATING_COLORS[r], customdata=shown["group"],
                hovertemplate="%{y}: %{x:.1f}%<extra>" + rating_name(r) + "</extra>")
fig.update_layout(barmode="stack")
fig.update_xaxes(range=[0, 100])
title = f"{v.t('sec_shares')}: {v.t('by_' + by).lower()}, {cur_label}"
fig = style(fig, title=title, x=v.t("ax_share"), y=v.t("ax_group"), lang=L, height=120 + 26 * len(shown))
if by == "agency":
    st.plotly_chart(fig, key="ap_chart_shares", on_select=lambda: shell.drill_from_chart("ap_chart_shares"),
                    selection_mode="points")
else:
    st.plotly_chart(fig, key="ap_chart_shares")
if len(dist) > MAX_BARS:
    st.caption(v.t("shown_of", shown=MAX_BARS, total=fmt_int(len(dist), L),
                   cap=v.t("table_capped", n=MAX_ROWS) if len(dist) > MAX_ROWS else ""))
top, low = dist.sort_values("good", ascending=False).iloc[0], dist.sort_values("good").iloc[0]
st.write(v.t("s_shares", top=top["name"], top_share=fmt_pct(top["good"], L), low=low["name"],
             low_share=fmt_pct(low["good"], L)))
with st.expander(v.t("table_behind")):
    table = pd.DataFrame({v.t("ax_group"): dist["name"], v.t("col_n"): dist["n"],
                          **{rating_name(r): (dist[f"share_{r}"] * 100).round(1) for r in RATINGS},
                          v.t("m_score"): dist["score_mean"].round(1)}).head(MAX_ROWS)
    st.dataframe(table, hide_index=True)

# --- Scores ---------------------------------------------------------------------------------------------------
st.header(v.t("sec_scores"))
hist = read(appraisals.score_histogram, F)
left, right = st.columns([3, 2])
fig = go.Figure(go.Bar(x=hist["lower"] + 2.5, y=hist["n"], width=5, marker_color=PRIMARY,
                       hovertemplate="%{x}: %{y}<extra></extra>"))
left.plotly_chart(style(fig, title=f"{v.t('chart_hist')}, {cur_label}", x=v.t("ax_score"), y=v.t("ax_appraisals"),
                        lang=L, legend=False), key="ap_hist")
if len(hist):
    right.write(v.t("s_hist", n=fmt_int(tot["n_scored"].iloc[0], L), median=fmt_num(_first(tot, "score_median"), L),
                    p10=fmt_num(_first(tot, "score_p10"), L), p90=fmt_num(_first(tot, "score_p90"), L)))
    right.dataframe(pd.DataFrame({v.t("ax_score"): [f"{lo}–{lo + 5}" for lo in hist["lower"]],
                                  v.t("col_n"): hist["n"]}), hide_index=True, height=240)
# The box plot takes the full width: agency names are long.
boxes = read(appraisals.score_boxes, F).head(MAX_BARS).iloc[::-1]
names = [agency_names.get(a, a) for a in boxes["agency_code"]]
fig = go.Figure(go.Box(y=names, q1=boxes["q1"], median=boxes["median"], q3=boxes["q3"], lowerfence=boxes["p10"],
                       upperfence=boxes["p90"], mean=boxes["score_mean"], orientation="h", marker_color=PRIMARY,
                       customdata=boxes["agency_code"], name=""))
st.plotly_chart(style(fig, title=v.t("chart_box"), x=v.t("ax_score"), y=v.t("col_agency"), lang=L, legend=False,
                      height=120 + 24 * len(boxes)),
                key="ap_box", on_select=lambda: shell.drill_from_chart("ap_box"), selection_mode="points")
with st.expander(v.t("table_behind")):
    st.dataframe(pd.DataFrame({v.t("col_agency"): names, v.t("col_n"): boxes["n"], "P10": boxes["p10"].round(1),
                               "Q1": boxes["q1"].round(1), "Median": boxes["median"].round(1),
                               "Q3": boxes["q3"].round(1), "P90": boxes["p90"].round(1)}).iloc[::-1], hide_index=True)

# --- Trend by quarter -------------------------------------------------------------------------------------------
st.header(v.t("sec_trend"))
trend = read(appraisals.quarterly_trend, F)
if len(trend):
    labels = [period_short(int(y), p, L) for y, p in zip(trend["year"], trend["period"])]
    left, right = st.columns(2)
    fig = go.Figure(go.Scatter(x=labels, y=trend["share_good"] * 100, mode="lines+markers", line_color=PRIMARY,
                               hovertemplate="%{x}: %{y:.1f}%<extra></extra>"))
    fig.update_yaxes(range=[0, 100])
    left.plotly_chart(style(fig, title=v.t("chart_trend_good"), x=v.t("ax_quarter"), y=v.t("ax_share"), lang=L,
                            legend=False), key="ap_trend_good")
    fig = go.Figure(go.Scatter(x=labels, y=trend["score_mean"], mode="lines+markers", line_color=PRIMARY,
                               hovertemplate="%{x}: %{y:.1f}<extra></extra>"))
    right.plotly_chart(style(fig, title=v.t("chart_trend_score"), x=v.t("ax_quarter"), y=v.t("ax_mean_score"), lang=L,
                             legend=False), key="ap_trend_score")
    st.write(v.t("s_trend_q", last=labels[-1], share=fmt_pct(trend["share_good"].iloc[-1], L),
                 score=fmt_num(trend["score_mean"].iloc[-1], L)))
    with st.expander(v.t("table_behind")):
        st.dataframe(pd.DataFrame({v.t("ax_quarter"): labels, v.t("col_n"): trend["n"],
                                   v.t("col_share_good"): (trend["share_good"] * 100).round(1),
                                   v.t("m_score"): trend["score_mean"].round(1)}), hide_index=True)

# --- Rating curve ---------------------------------------------------------------------------------------------
st.header(v.t("sec_curve", year=v.year))
st.caption(v.t("curve_intro", limit=fmt_num(limit, L, 2)))
rules = curve_rules(limit)


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """The rows of `frame` as dicts of `columns` only (DataFrame.to_dict of every column cost a tenth of a
    cached rerun)."""
    return [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns))]


def breach_words(row) -> str:
    counts = {r: int(row[f"n_{r}"]) for r in RATINGS}
    out = []
    for code in row["breach_codes"]:
        rule = next(x for x in rules[row["org_rating"]] if x.code == code)
        key, c, share = rule.explain(counts, row["n"])
        out.append(v.t(key, ratings=" + ".join(rating_name(r) for r in rule.ratings), share=fmt_pct(share, L),
                       bound=fmt_pct(rule.bound, L, 0) if rule.bound is not None else "", n=fmt_int(c, L)))
    return "; ".join(out)


if curve.empty:
    st.info(v.t("no_annual", year=v.year))
else:
    st.write(v.t("s_curve", outside=fmt_int(out_cur, L), n=fmt_int(len(curve), L), year=v.year))
    ordered = curve.sort_values(["within", "agency_code"]).head(MAX_ROWS)  # words only for the rows shown
    st.dataframe(pd.DataFrame({
        v.t("col_agency"): [agency_names.get(a, a) for a in ordered["agency_code"]],
        v.t("col_org_rating"): [v.t("org_" + o) for o in ordered["org_rating"]],
        v.t("col_n"): ordered["n"],
        **{rating_name(r): (ordered[f"share_{r}"] * 100).round(1) for r in RATINGS},
        v.t("col_within"): ["✓" if w else "✗" for w in ordered["within"]],
        v.t("col_breaches"): [breach_words(row) if len(row["breach_codes"]) else "" for row in records(
            ordered, ["breach_codes", "org_rating", "n", *(f"n_{r}" for r in RATINGS)])],
    }), hide_index=True, key="ap_curve_table")
    if len(curve) > MAX_ROWS:
        st.caption(v.t("table_capped", n=MAX_ROWS).strip(" ()"))

st.header(v.t("sec_more"))
st.caption(v.t("sec_more_note"))

# --- Raters ---------------------------------------------------------------------------------------------------
sec_raters = st.expander(v.t("sec_raters"), key="ap_open_raters", on_change="rerun")
with sec_raters:
    if sec_raters.open:  # drawn only while open: a closed section costs no query and no chart
        st.caption(v.t("raters_intro"))
        if not v.scope.personal_data:
            rt = read(appraisals.raters, F)
            st.caption(v.t("raters_counts"))
            st.dataframe(pd.DataFrame({v.t("col_agency"): [agency_names.get(a, a) for a in rt["agency_code"]],
                                       v.t("col_n_raters"): rt["n_raters"], v.t("col_n_lenient"): rt["n_lenient"],
                                       v.t("col_n_harsh"): rt["n_harsh"], v.t("col_n_uniform"): rt["n_uniform"]}).head(MAX_ROWS),
                         hide_index=True)
        else:
            summary = read(appraisals.rater_summary, F)
            flagged = read(appraisals.raters, F, only_flagged=True, limit=MAX_ROWS)
            st.write(v.t("s_raters", n=fmt_int(summary["n"], L), lenient=fmt_int(summary["lenient"], L),
                         harsh=fmt_int(summary["harsh"], L), uniform=fmt_int(summary["uniform"], L)))
            if flagged.empty:
                st.caption(v.t("raters_none"))
            else:
                if len(flagged) == MAX_ROWS:
                    st.caption(v.t("raters_capped", n=fmt_int(MAX_ROWS, L)))
                flags = [", ".join(v.t("flag_" + f) for f, on in zip(("lenient", "harsh", "uniform"), row) if on)
                         for row in zip(flagged["lenient"], flagged["harsh"], flagged["uniform"])]
                st.dataframe(pd.DataFrame({
                    v.t("col_rater"): flagged["evaluator_name"], v.t("col_nip"): flagged["evaluator_nip"],
                    v.t("col_agency"): [agency_names.get(a, a) for a in flagged["agency_code"]],
                    v.t("col_n"): flagged["n"], v.t("col_mean"): flagged["score_mean"].round(1),
                    v.t("col_top"): (flagged["share_top"] * 100).round(1), v.t("col_z"): flagged["z"].round(2),
                    v.t("col_flag"): flags,
                }), hide_index=True)
                rater_names = dict(zip(flagged["evaluator_nip"], flagged["evaluator_name"]))
                pick = st.selectbox(v.t("rater_pick"), list(rater_names), format_func=lambda n: f"{rater_names[n]} ({n})",
                                    key="ap_rater")
                given = read(appraisals.rater_distribution, F, pick)
                fig = go.Figure(go.Bar(x=[rating_name(r) for r in given["rating"]], y=given["n"],
                                       marker_color=[RATING_COLORS[r] for r in given["rating"]],
                                       hovertemplate="%{x}: %{y}<extra></extra>"))
                st.plotly_chart(style(fig, title=v.t("chart_rater", name=rater_names[pick]), x=v.t("ax_rating"),
                                      y=v.t("ax_appraisals"), lang=L, legend=False, height=260), key="ap_rater_chart")
                st.write(v.t("s_rater", name=rater_names[pick], n=fmt_int(given["n"].sum(), L),
                             parts=", ".join(f"{rating_name(r)} {fmt_int(n, L)}" for r, n in zip(given["rating"], given["n"]) if n)))

# --- 360° -----------------------------------------------------------------------------------------------------
sec_360 = st.expander(v.t("sec_360"), key="ap_open_360", on_change="rerun")
with sec_360:
    if sec_360.open:  # drawn only while open: a closed section costs no query and no chart
        g = read(appraisals.gaps_360, F)
        g = g[(g["n_self"] > 0) | (g["n_peer"] > 0)].sort_values("self_gap_mean", ascending=False)
        if g.empty:
            st.caption(v.t("s_360_none"))
        else:
            shown = g.head(MAX_BARS)
            names = [agency_names.get(a, a) for a in shown["group"]]
            fig = go.Figure()
            fig.add_bar(x=names, y=shown["self_gap_mean"], name=v.t("gap_self"), marker_color=PRIMARY, customdata=shown["group"])
            fig.add_bar(x=names, y=shown["peer_gap_mean"], name=v.t("gap_peer"), marker_color="#f28e2b", customdata=shown["group"])
            fig.update_xaxes(showticklabels=len(shown) <= 12)
            st.plotly_chart(style(fig, title=v.t("chart_360"), x=v.t("col_agency"), y=v.t("ax_gap"), lang=L),
                            key="ap_360", on_select=lambda: shell.drill_from_chart("ap_360"), selection_mode="points")
            s360 = appraisals.summarise_360(g)
            st.write(v.t("s_360", n=fmt_int(s360.n_self, L), share=fmt_pct(s360.share_self_higher, L),
                         self_gap=fmt_num(s360.self_gap, L), peer_gap=fmt_num(s360.peer_gap, L)))
            st.dataframe(pd.DataFrame({v.t("col_agency"): [agency_names.get(a, a) for a in g["group"]],
                                       v.t("gap_self"): g["self_gap_mean"].round(2), v.t("gap_peer"): g["peer_gap_mean"].round(2),
                                       v.t("col_self_higher"): (g["share_self_higher"] * 100).round(1)}).head(MAX_ROWS),
                         hide_index=True)

# --- Training needs ---------------------------------------------------------------------------------------------
sec_training = st.expander(v.t("sec_training"), key="ap_open_training", on_change="rerun")
with sec_training:
    if sec_training.open:  # drawn only while open: a closed section costs no query and no chart
        st.caption(v.t("training_intro"))
        if not v.scope.personal_data:
            tn = read(appraisals.training_needs, F)
            if tn.empty:
                st.caption(v.t("training_none"))
            else:
                st.caption(v.t("training_counts"))
                st.dataframe(pd.DataFrame({v.t("col_agency"): [agency_names.get(a, a) for a in tn["agency_code"]],
                                           v.t("col_n_listed"): tn["n_listed"],
                                           **{v.t("ind_" + i): tn[f"n_low_{i}"] for i in INDICATORS}}).head(MAX_ROWS),
                             hide_index=True)
        else:
            summary = read(appraisals.training_summary, F)
            if not summary["n"]:
                st.caption(v.t("training_none"))
            else:
                st.write(v.t("s_training", n=fmt_int(summary["n"], L),
                             parts=", ".join(f"{v.t('ind_' + i)} {fmt_int(summary[i], L)}" for i in INDICATORS)))

                def training_table(rows: pd.DataFrame) -> pd.DataFrame:
                    return pd.DataFrame({
                        v.t("col_name"): rows["name"], v.t("col_nip"): rows["nip"],
                        v.t("col_agency"): [agency_names.get(a, a) for a in rows["agency_code"]],
                        v.t("col_period"): [period_label(int(y), p, L) for y, p in zip(rows["year"], rows["period"])],
                        v.t("col_rating"): [rating_name(r) for r in rows["rating"]],
                        v.t("col_behaviour"): [v.t("beh_" + b) for b in rows["behaviour"]],
                        v.t("col_lowest"): [", ".join(v.t("ind_" + i) for i in x) for x in rows["lowest"]],
                        **{f"{v.t('ind_' + i)}": rows[i].round(1) for i in INDICATORS},
                        **{f"{v.t('ind_' + i)} (median)": rows[f"median_{i}"].round(1) for i in INDICATORS},
                    })

                st.dataframe(training_table(read(appraisals.training_needs, F, limit=MAX_ROWS)), hide_index=True)
                if summary["n"] > MAX_ROWS:
                    st.caption(v.t("capped_download", n=fmt_int(MAX_ROWS, L), total=fmt_int(summary["n"], L)))
                # The full list is built only when asked for: at national scale it has hundreds of thousands of rows.
                st.download_button(v.t("training_csv"),
                                   lambda: to_csv(training_table(training_needs(con, v.scope, F))),
                                   file_name=f"kebutuhan_pelatihan_{v.year}_{v.period}.csv", mime="text/csv",
                                   key="ap_training_csv")
