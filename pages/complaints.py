"""Pengaduan: complaint response in working days (METRICS.md §2), with open complaints counted honestly.
Filters → compliance per stage → why open complaints count → Kaplan–Meier curves → agencies ranked →
backlog and monthly flow → overdue complaints → satisfaction."""
from __future__ import annotations

import streamlit as st

from ui import shell
from ui.views import complaints as sections

page = shell.start_page("page_complaints")
t = page.t

headline = sections.headline(page)
if headline.as_of:
    st.caption(headline.as_of)
if headline.uncovered:
    st.warning(headline.uncovered)
if headline.empty:
    st.info(headline.empty)
    st.stop()
shell.show_metrics(headline.metrics, per_row=3)
st.caption(headline.targets)
with st.expander(t("why_open_title"), expanded=True):
    st.write(headline.why_open)

# --- Kaplan–Meier curves -----------------------------------------------------------------------------------
stage_box, by_box = st.columns(2)
stage = stage_box.selectbox(t("km_stage"), list(sections.STAGES), format_func=lambda s: sections.stage_name(page, s),
                            key="pg_stage")
by = by_box.selectbox(t("km_by"), list(sections.CURVE_GROUPS), format_func=lambda b: t("by_" + b), key="pg_by")
curves = sections.curves(page, headline, stage, by)
st.header(curves.title)
shell.show_chart(curves.chart)
if curves.capped:
    st.caption(curves.capped)
if curves.sentence:
    st.write(curves.sentence)
shell.table_behind(curves.table, chart=curves.chart)

# --- Agencies ranked --------------------------------------------------------------------------------------------
st.header(t("sec_rank"))
shell.show_table(sections.ranking(page), key="pg_rank", name=t("sec_rank"))

# --- Backlog and monthly flow -----------------------------------------------------------------------------------
st.header(t("sec_backlog"))
flow = sections.flow(page, headline)
left, right = st.columns(2)
for where, chart, sentence, table in ((left, flow.backlog, flow.backlog_sentence, flow.backlog_table),
                                      (right, flow.monthly, flow.monthly_sentence, flow.monthly_table)):
    if chart is None:  # nothing to draw: said in words
        where.info(sentence)
    else:
        shell.show_chart(chart, where)
        where.write(sentence)
        shell.table_behind(table, chart=chart, where=where)

shell.more_heading(page.lang)

# --- Overdue complaints (each section below is drawn only while open: a closed one costs no query and no chart) ---
with shell.folded(t("sec_overdue"), "pg_open_overdue") as shown:
    if shown:
        shell.show_listing(sections.overdue(page, headline.as_of_date), key="pg_overdue", name=t("sec_overdue"),
                           download=t("overdue_csv"), rows=lambda: sections.overdue_rows(page))

# --- Satisfaction -----------------------------------------------------------------------------------------------
with shell.folded(t("sec_ikm"), "pg_open_ikm") as shown:
    if shown:
        shell.show_finding(sections.satisfaction(page), sentence_first=True)
