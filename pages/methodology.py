"""Metodologi — how every figure is computed: METRICS.md rendered in the reader's language (the Indonesian
translation says that the English text is binding), and the settings in force, and the command-line reports."""
from __future__ import annotations

import streamlit as st

from analytics.settings import load_settings
from ui import shell
from ui.views import methodology as parts

view = shell.view()
st.title(view.t("page_methodology"))
st.caption(view.t("meth_intro"))
shell.show_table(parts.settings(view, load_settings()), key="meth_settings")
st.markdown(parts.metrics_text(view))
st.markdown(parts.exports_text(view))
st.subheader(view.t("meth_reports"))
st.markdown(view.t("meth_reports_intro"))
shell.show_table(parts.reports(view), key="meth_reports")
