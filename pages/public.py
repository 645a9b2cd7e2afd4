"""Transparansi — the public transparency page (METRICS.md §5), the default for visitors: per agency, the
rating shares, complaint compliance and Kaplan–Meier median, IKM and grade, promotions and employees, with
counts below k shown as "< k" and the cells withheld to protect them; the as-of date and last load; and a CSV
of exactly the table shown. Aggregates only: analytics.public never reads a name or a NIP."""
from __future__ import annotations

import streamlit as st

from analytics import public
from analytics.filters import Filters
from ui import data, shell
from ui.views import public as sections

page = shell.start_page("page_public")
view, t = page.v, page.t
report = page.read(public.public, Filters(region=view.region, agency=view.agency, year=view.year))
headline = sections.headline(page, report, data.last_load(page.con, view.version))
st.caption(headline.intro)
st.page_link("pages/methodology.py", label=t("pub_methodology"), icon=":material/menu_book:")
if headline.empty:
    st.info(headline.empty)
    st.stop()
for where, m in zip(st.columns(len(headline.metrics)), headline.metrics):
    where.metric(m.label, m.value, help=m.help)

shown = data.public_table(page.con, view.version, view.scope_key, view.region, view.agency, view.year, page.lang,
                          report.k)
chart = sections.shares_chart(page, report, shown)
if chart:
    shell.show_chart(chart.chart)
    st.caption(chart.note)

st.subheader(shown.title)
# The agency stays in view while the other columns scroll (on a phone: the agency and the employees).
shell.show_table(shown.table, key="pub_table", name=t("pub_file"),
                 column_config={t("col_agency"): st.column_config.TextColumn(width="medium", pinned=True)})
st.caption(shown.legend)  # under the table: above it, the table's tool bar would cover its end
