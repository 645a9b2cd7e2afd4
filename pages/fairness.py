"""Keadilan kenaikan pangkat — promotion fairness (METRICS.md §3) for leaders and inspectors: selection rates
per group of the eligible pool with 95% intervals, the pass / fail / reference grid with its threshold, the
rates within each rating stratum, and the caveat that the four-fifths rule is a screening signal."""
from __future__ import annotations

import streamlit as st

from analytics.fairness import ATTRIBUTES
from ui import shell
from ui.views import fairness as sections

page = shell.start_page("page_fairness")
t = page.t
st.caption(t("fa_intro"))
st.info(t("fa_caveat"), icon=":material/info:")

shown = sections.year(page)
if shown.none:
    st.info(shown.none)
    st.stop()
if shown.note:
    st.caption(shown.note)
attribute = st.segmented_control(t("fa_attribute"), ATTRIBUTES, default="gender", key="fa_attr",
                                 format_func=lambda a: t("by_" + a)) or "gender"
rates = sections.rates(page, shown.year, attribute)
if rates.empty:
    st.info(rates.empty)
    st.stop()

st.write(rates.headline)
st.markdown(rates.threshold)
(st.warning if rates.fails else st.success)(rates.verdict)

# --- Rates with intervals, coloured by verdict, and the grid ----------------------------------------------------
shell.show_chart(rates.chart)
st.subheader(t("fa_grid"))
shell.show_table(rates.grid, key="fa_grid", name=shell.chart_title(rates.chart))

# --- Within each rating stratum ------------------------------------------------------------------------------
st.subheader(t("fa_strata"))
st.caption(rates.strata_note)
if rates.strata_chart:
    shell.show_chart(rates.strata_chart)
    shell.show_table(rates.strata_table, key="fa_strata_table", name=shell.chart_title(rates.strata_chart))
