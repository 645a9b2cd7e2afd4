"""Transparansi's sections (METRICS.md §5): the intro with the threshold and the last load, the headline
counts, the rating shares of the largest agencies, and the table (and its CSV) with withheld cells shown as
"< k" or "•"."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analytics.domain import RATINGS
from analytics.public import COUNT_MEASURES, MEASURES, PublicReport, PublicTotal
from ui.charts import RATING_COLORS, plains, style
from ui.context import Page
from ui.i18n import fmt_date, fmt_int, fmt_num, fmt_pct, t
from ui.views.parts import Chart, Metric

CHART_AGENCIES = 25
SHARES = [f"share_{r}" for r in RATINGS]


@dataclass(frozen=True)
class Headline:
    intro: str
    empty: str | None               # no figure at all: the page stops here
    metrics: tuple[Metric, ...]


def headline(page: Page, report: PublicReport, last_loaded) -> Headline:
    lang, k = page.lang, report.k
    intro = page.t("pub_intro", k=k, year=report.year or page.v.year,
                   when=fmt_date(pd.Timestamp(last_loaded), lang) if last_loaded is not None else "–")
    if report.rows.empty:
        return Headline(intro, page.t("pub_none"), ())
    return Headline(intro, None, tuple(total(page, m, report.totals[m], k) for m in COUNT_MEASURES))


def total(page: Page, measure: str, value: PublicTotal, k: int) -> Metric:
    """A headline total: exact, or "≥ n" (the counts shown) when some agency's count is withheld, with how many in
    its help; one withheld count alone reads "< k"."""
    lang = page.lang
    if value.complete:
        return Metric(page.t("pub_" + measure), fmt_int(value.value, lang))
    if value.value == 0:  # nothing shown: one count below k, or several withheld
        shown = f"< {k}" if value.withheld == 1 else page.t("pub_total_withheld")
    else:
        shown = f"≥ {fmt_int(value.value, lang)}"
    return Metric(page.t("pub_" + measure), shown, help=page.t("pub_total_partial", n=fmt_int(value.withheld, lang), k=k))


def cell(measure: str, value, withheld: bool, below: bool, k: int, lang: str) -> str:
    """How a cell reads: a number, '< k' for a count below k, '•' for a cell withheld to protect another."""
    if withheld:
        return f"< {k}" if below else "•"
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if measure in COUNT_MEASURES:
        return fmt_int(int(value), lang)
    if measure.startswith("share_") or measure == "first_response_compliance":
        return fmt_pct(float(value), lang)
    if measure == "km_median_first_response":
        return fmt_num(float(value), lang, 1)
    if measure == "ikm":
        return fmt_num(float(value), lang, 2)
    return str(value)


@dataclass(frozen=True)
class Table:
    """The table as shown (and its CSV, the same cells), and the rating shares of the largest agencies with a
    share shown (percent, withheld shares as 0)."""
    shares: pd.DataFrame
    title: str
    legend: str                     # what "< k" and "•" mean
    table: pd.DataFrame


def table(report: PublicReport, lang: str) -> Table:
    """Built once per data version and view (ui.data.public_table): the whole country has 13,291 agencies, and
    cell-by-cell lookups on every rerun took over a minute there."""
    rows, k = report.rows, report.k
    idx = ["agency_code", "agency_name"]
    wide = rows.pivot(index=idx, columns="measure", values="value")
    hidden = rows.pivot(index=idx, columns="measure", values="withheld").astype(bool)
    below = rows.pivot(index=idx, columns="measure", values="below_k").astype(bool)
    parts = wide[SHARES].apply(pd.to_numeric, errors="coerce").mul(100).where(~hidden[SHARES], 0.0).fillna(0.0)
    employees = pd.to_numeric(wide["employees"], errors="coerce").fillna(0)
    rated = ~hidden[SHARES].all(axis=1)
    top = employees[rated].sort_values(ascending=False, kind="stable").head(CHART_AGENCIES).index
    out = pd.DataFrame({t("col_agency", lang): [i[1] for i in wide.index]})
    for m in MEASURES:
        out[t("pub_col_" + m, lang)] = [cell(m, val, h, b, k, lang) for val, h, b in
                                        zip(wide[m].tolist(), hidden[m].tolist(), below[m].tolist())]
    return Table(parts.loc[top].reset_index(), t("pub_table", lang, n=fmt_int(len(out), lang)),
                 t("pub_legend", lang, k=k), out)


@dataclass(frozen=True)
class SharesChart:
    chart: Chart
    note: str


def shares_chart(page: Page, report: PublicReport, shown: Table) -> SharesChart | None:
    """The rating shares of the largest agencies; withheld shares together as one grey part (None when no agency
    has a share shown). Made to read on a phone as on a desk: each agency's name over its bar (no axis of names
    taking half the width), the bars across the whole width, the legend below, and no tool bar over the title."""
    parts = shown.shares
    if not len(parts):
        return None
    t_ = page.t
    codes = list(parts["agency_code"])
    names = plains(parts["agency_name"])
    hover = "%{customdata}: %{x:.1f}%<extra>"
    bars = [go.Bar(y=codes, x=parts[f"share_{r}"], name=t_("rating_" + r), orientation="h", width=0.42,
                   marker_color=RATING_COLORS[r], customdata=names, hovertemplate=hover + t_("rating_" + r) + "</extra>")
            for r in RATINGS]
    # The withheld shares of an agency are at least two (complementary withholding): their sum, which anyone
    # can work out as 100% minus the shown ones, tells none of them.
    bars.append(go.Bar(y=codes, x=100 - parts[SHARES].sum(axis=1), name=t_("pub_withheld"), orientation="h",
                       width=0.42, marker_color="#c9ced6", customdata=names,
                       hovertemplate=hover + t_("pub_withheld") + "</extra>"))
    labels = [{"x": 0, "y": code, "xref": "x", "yref": "y", "text": _short(name), "showarrow": False,
               "xanchor": "left", "yanchor": "bottom", "yshift": 9, "font": {"size": 12, "color": "#31333f"}}
              for code, name in zip(codes, names)]
    fig = go.Figure(bars, layout={"barmode": "stack", "annotations": labels, "bargap": 0.1,
                                  "yaxis": {"autorange": "reversed", "showticklabels": False, "title": {"text": ""},
                                            "automargin": False},
                                  "xaxis": {"range": [0, 100], "fixedrange": True}})
    chart = Chart(style(fig, title=t_("pub_chart", year=report.year), subtitle=t_("pub_chart_sub", n=len(parts)),
                        x=t_("pub_ax_share"), y="", lang=page.lang, height=40 + 44 * len(parts), legend="below"),
                  "pub_chart", toolbar=False)
    return SharesChart(chart, t_("pub_chart_note", n=len(parts), total=len(shown.table)))


def _short(name: str, limit: int = 44) -> str:
    """An agency's name over its bar, cut to what a phone's width holds (the whole name is in the hover and the
    table)."""
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"
