"""Kinerja: appraisals for regional leaders (METRICS.md §1). Filters → headline figures → rating shares
by group → scores → trend by quarter → the rating curve → raters → 360° gaps → training needs."""
from __future__ import annotations

import streamlit as st

from analytics.appraisals import GROUP_BY
from analytics.settings import load_settings
from ui import shell
from ui.views import appraisals as sections

page = shell.start_page("page_appraisals")
t = page.t

# --- Headline figures ------------------------------------------------------------------------------------
headline = sections.headline(page)
shell.show_metrics(headline.metrics, per_row=3)
st.caption(headline.note)
if headline.empty:
    st.info(headline.empty)
    st.stop()

# --- Rating shares by group ----------------------------------------------------------------------------------
st.header(t("sec_shares"))
by_box, sort_box, drill_box = st.columns([2, 2, 3])
by = by_box.selectbox(t("group_by"), list(GROUP_BY), format_func=lambda b: t("by_" + b), key="ap_by")
sort = sort_box.selectbox(t("sort_by"), list(sections.SORTS), format_func=lambda s: t("sort_" + s), key="ap_sort")
shares = sections.shares(page, by, sort)
if by == "agency" and not page.v.agency and len(shares.groups) > 1:
    drill_box.selectbox(t("drill"), list(shares.groups), index=None, format_func=page.agency, key="ap_drill",
                        help=t("drill_help"), placeholder=t("all_agencies"),
                        on_change=lambda: shell.drill_to_agency(st.session_state.get("ap_drill")))
shell.show_chart(shares.chart)
if shares.capped:
    st.caption(shares.capped)
st.write(shares.sentence)
shell.table_behind(shares.table, chart=shares.chart)

# --- Scores ---------------------------------------------------------------------------------------------------
st.header(t("sec_scores"))
scores = sections.scores(page, headline.totals)
left, right = st.columns([3, 2])
shell.show_chart(scores.histogram, left)
if scores.sentence:
    right.write(scores.sentence)
    shell.show_table(scores.histogram_table, where=right, height=240, name=shell.chart_title(scores.histogram))
shell.show_chart(scores.boxes)  # the full width: agency names are long
shell.table_behind(scores.boxes_table, chart=scores.boxes)

# --- Trend by quarter -------------------------------------------------------------------------------------------
st.header(t("sec_trend"))
trend = sections.trend(page)
if trend:
    left, right = st.columns(2)
    shell.show_chart(trend.share_good, left)
    shell.show_chart(trend.mean_score, right)
    st.write(trend.sentence)
    shell.table_behind(trend.table, chart=trend.share_good)
else:
    st.info(t("s_trend_none"))

# --- Rating curve ---------------------------------------------------------------------------------------------
st.header(t("sec_curve", year=page.v.year))
curve = sections.curve(page, load_settings().curve_limit, headline.curve)
st.caption(curve.intro)
if curve.empty:
    st.info(curve.empty)
else:
    st.write(curve.sentence)
    shell.show_table(curve.table, key="ap_curve_table", name=t("sec_curve", year=page.v.year))
    if curve.capped:
        st.caption(curve.capped)

shell.more_heading(page.lang)

# --- Raters (each section below is drawn only while open: a closed one costs no query and no chart) ---------------
with shell.folded(t("sec_raters"), "ap_open_raters") as shown:
    if shown:
        st.caption(t("raters_intro"))
        raters = sections.raters(page)
        if raters.counts is not None:
            st.caption(t("raters_counts"))
            shell.show_table(raters.counts, name=t("sec_raters"))
        else:
            st.write(raters.sentence)
            if raters.none:
                st.caption(raters.none)
            else:
                if raters.capped:
                    st.caption(raters.capped)
                shell.show_table(raters.table, name=t("sec_raters"))
                nip = st.selectbox(t("rater_pick"), list(raters.names), format_func=raters.label, key="ap_rater")
                given = sections.rater_distribution(page, raters, nip)
                shell.show_chart(given.chart)
                st.write(given.sentence)
                shell.show_table(given.table, name=shell.chart_title(given.chart))

# --- 360° -----------------------------------------------------------------------------------------------------
with shell.folded(t("sec_360"), "ap_open_360") as shown:
    if shown:
        shell.show_finding(sections.gaps_360(page))

# --- Training needs ---------------------------------------------------------------------------------------------
with shell.folded(t("sec_training"), "ap_open_training") as shown:
    if shown:
        st.caption(t("training_intro"))
        shell.show_listing(sections.training(page), key="ap_training", name=t("sec_training"),
                           download=t("training_csv"), rows=lambda: sections.training_rows(page))
