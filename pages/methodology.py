"""Metodologi — how every figure is computed: METRICS.md rendered in the reader's language (the Indonesian
translation says that the English text is binding), and the settings in force, and the command-line reports."""
from __future__ import annotations

import streamlit as st

from analytics.settings import load_settings
from ui import shell
from ui.views import methodology as parts

view = shell.view()
st.title(view.t("page_methodology"))
shell.name_files(view.t("page_methodology"))
st.caption(view.t("meth_intro"))
# Plain words first; the formulas (METRICS.md, binding in English), the readings of the national exports, the
# settings with their keys and the command-line reports in one part below, for those who want them.
st.markdown(view.t("meth_plain"))
with st.expander(view.t("meth_details")):
    st.markdown(parts.metrics_text(view))
    st.markdown(parts.exports_text(view))
    st.write(view.t("meth_settings_intro"))
    shell.show_table(parts.settings(view, load_settings()), key="meth_settings")
    st.subheader(view.t("meth_reports"))
    st.markdown(view.t("meth_reports_intro"))
    shell.show_table(parts.reports(view), key="meth_reports")
