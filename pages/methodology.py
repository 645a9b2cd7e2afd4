"""Metodologi — how every figure is computed: METRICS.md rendered in the reader's language (the Indonesian
translation says that the English text is binding), and the settings in force."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pandas as pd
import streamlit as st

from analytics.settings import load_settings
from ui import shell

DOCS = Path(__file__).resolve().parent.parent / "docs"

v = shell.view()
st.title(v.t("page_methodology"))
st.caption(v.t("meth_intro"))
settings = asdict(load_settings())
st.dataframe(pd.DataFrame({v.t("meth_setting"): list(settings), v.t("meth_value"): [str(x) for x in settings.values()]}),
             hide_index=True, key="meth_settings")
st.markdown((DOCS / f"METRICS.{v.lang}.md").read_text(encoding="utf-8"))
