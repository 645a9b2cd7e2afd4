"""Ringkasan: headline figures per domain for the filters, against the previous period, each with a
small chart and a sentence that says the same. Filters → as-of line → headline figures → four cards."""
from __future__ import annotations

import streamlit as st

from ui import data, shell
from ui.views import overview as sections

page = shell.start_page("page_overview")
view = page.v
figures = data.overview(page.con, view.version, view.scope_key, view.region, view.agency, view.year, view.period)

header = sections.header(page, figures, data.last_load(page.con, view.version))
st.caption(header.as_of)
if header.uncovered:
    st.warning(header.uncovered)

headline = sections.headline(page, figures)
shell.show_metrics(headline.metrics, per_row=3)
if headline.running:
    st.caption(headline.running)
if headline.empty:
    st.info(headline.empty)

left, right = st.columns(2)
shell.show_card(sections.ratings_card(page, figures), left, page.lang)
shell.show_card(sections.good_trend_card(page, figures), right, page.lang)
left, right = st.columns(2)
shell.show_card(sections.complaints_card(page, figures), left, page.lang)
shell.show_card(sections.promotions_card(page, figures), right, page.lang)
