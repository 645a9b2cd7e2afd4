"""Metodologi's parts: the settings in force (meaning, key, value), METRICS.md in the reader's language, and the
command-line reports."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pandas as pd

from analytics.reports import REPORTS
from analytics.settings import Settings
from ui.context import View
from ui.i18n import fmt_int, fmt_num

DOCS = Path(__file__).resolve().parent.parent.parent / "docs"


def settings(view: View, current: Settings) -> pd.DataFrame:
    values = asdict(current)
    return pd.DataFrame({
        view.t("meth_setting"): [view.t(f"setting_{k}") for k in values], view.t("meth_key"): list(values),
        view.t("meth_value"): [fmt_int(x, view.lang) if isinstance(x, int) else fmt_num(x, view.lang, 2)
                               for x in values.values()]})


def metrics_text(view: View) -> str:
    """METRICS.md in the reader's language (the Indonesian translation says the English text is binding)."""
    return (DOCS / f"METRICS.{view.lang}.md").read_text(encoding="utf-8")


def exports_text(view: View) -> str:
    """How the national exports are read (docs/EXPORTS.*.md): the readings REAL_FORMATS.md leaves to the product."""
    return (DOCS / f"EXPORTS.{view.lang}.md").read_text(encoding="utf-8")


def reports(view: View) -> pd.DataFrame:
    return pd.DataFrame({view.t("meth_report"): list(REPORTS),
                         view.t("meth_report_what"): [view.t(f"report_{name}") for name in REPORTS]})
