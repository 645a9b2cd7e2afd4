"""Metodologi — how every figure is computed: METRICS.md rendered in the reader's language (the Indonesian
translation says that the English text is binding), and the settings in force, and the command-line reports."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics.reports import REPORTS
from analytics.settings import load_settings
from ui import shell
from ui.i18n import fmt_int, fmt_num

DOCS = Path(__file__).resolve().parent.parent / "docs"

v = shell.view()
st.title(v.t("page_methodology"))
st.caption(v.t("meth_intro"))
settings = asdict(load_settings())
values = [fmt_int(x, v.lang) if isinstance(x, int) else fmt_num(x, v.lang, 2) for x in settings.values()]
st.dataframe(pd.DataFrame({v.t("meth_setting"): [v.t(f"setting_{k}") for k in settings],
                           v.t("meth_key"): list(settings), v.t("meth_value"): values}),
             hide_index=True, key="meth_settings")
st.markdown((DOCS / f"METRICS.{v.lang}.md").read_text(encoding="utf-8"))
st.subheader(v.t("meth_reports"))
st.markdown(v.t("meth_reports_intro"))
st.dataframe(pd.DataFrame({v.t("meth_report"): list(REPORTS), v.t("meth_report_what"): [v.t(f"report_{name}")
                                                                                        for name in REPORTS]}),
             hide_index=True, key="meth_reports")
