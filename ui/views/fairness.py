"""Keadilan's sections (METRICS.md §3): the year shown, the headline and verdict, the selection rates with
their intervals coloured by verdict, the pass / fail / reference grid, and the rates within each rating
stratum."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analytics import fairness
from analytics.fairness import STRATA
from analytics.filters import Filters
from analytics.regions import region_names
from ui.charts import PRIMARY, RATING_COLORS, plains, style
from ui.context import Page
from ui.i18n import fmt_int, fmt_pct, group_label, md
from ui.tables import Table, with_decimals
from ui.views.parts import Chart

VERDICT_COLORS = {"reference": PRIMARY, "pass": "#6cbf84", "fail": "#c0392b", "not_assessed": "#9aa3ad"}
STRATUM_COLORS = {"sangat_baik": RATING_COLORS["sangat_baik"], "baik": RATING_COLORS["baik"], "other": "#9aa3ad"}


@dataclass(frozen=True)
class Year:
    """The year shown: the filter's when it has rank promotions, else the latest that has (None: none at all)."""
    year: int | None
    note: str | None                # the year asked for has none, so another is shown
    none: str | None


def year(page: Page) -> Year:
    years = page.read(fairness.years, Filters(region=page.v.region, agency=page.v.agency))
    if not years:
        return Year(None, None, page.t("fa_none"))
    wanted = page.v.year
    shown = wanted if wanted in years else years[0]
    note = page.t("fa_year_note", want=wanted, year=shown) if wanted is not None and wanted != shown else None
    return Year(shown, note, None)


@dataclass(frozen=True)
class Rates:
    empty: str | None               # nobody eligible in the year: the page stops here
    headline: str | None
    threshold: str | None
    fails: tuple[str, ...]          # the groups that fail the four-fifths screen
    verdict: str | None             # the fails in words, or that none fails
    chart: Chart | None
    grid: Table | None
    strata_note: str | None
    strata_chart: Chart | None
    strata_table: Table | None


def _error_bars(rows: pd.DataFrame) -> dict:
    return {"type": "data", "symmetric": False, "array": 100 * (rows["ci_high"] - rows["selection_rate"]),
            "arrayminus": 100 * (rows["selection_rate"] - rows["ci_low"]), "color": "#333"}


def rates(page: Page, year: int, attribute: str) -> Rates:
    """The selection rates of `year` by `attribute` (fairness.ATTRIBUTES), overall and within each stratum."""
    lang, t = page.lang, page.t
    res = page.read(fairness.pool_rates, Filters(region=page.v.region, agency=page.v.agency, year=year,
                                                 attribute=attribute))
    overall, strata = res["rates"], res["strata"]
    if overall.empty:
        return Rates(t("fa_empty", year=year), *([None] * 3), (), *([None] * 5))
    names = region_names(page.con, overall["group"]) if attribute == "region" else {}

    def name(g) -> str:
        return group_label(g, attribute, lang, page.agency_names, names)

    def grid(df: pd.DataFrame, first: dict | None = None) -> Table:
        return with_decimals(pd.DataFrame({
            **(first or {}), t("col_group"): [name(g) for g in df["group"]], t("col_eligible"): df["n_eligible"],
            t("col_promoted"): df["n_promoted"], t("col_rate"): (df["selection_rate"].astype(float) * 100).round(1),
            t("col_ci_low"): (df["ci_low"].astype(float) * 100).round(1),
            t("col_ci_high"): (df["ci_high"].astype(float) * 100).round(1),
            t("col_ratio"): df["ratio_to_max"].astype(float).round(2),
            t("col_verdict"): [t("verdict_" + x) for x in df["verdict"]],
            t("col_p"): pd.to_numeric(df["p_value"], errors="coerce").astype(float).round(4),
        }), **{t("col_ratio"): 2, t("col_p"): 4})

    by_word = t("by_" + attribute).lower()
    promoted = int(overall["n_promoted"].sum())
    headline = t("fa_headline", year=year, n=fmt_int(res["n_eligible"], lang), k=fmt_int(promoted, lang),
                 rate=fmt_pct(promoted / res["n_eligible"], lang))
    fails = tuple(name(g) for g in overall.loc[overall["verdict"] == "fail", "group"])
    verdict = t("fa_fails", groups=", ".join(md(f) for f in fails)) if fails else t("fa_no_fails")

    shown = overall.sort_values("selection_rate", ascending=False)
    labels = plains(name(g) for g in shown["group"])
    fig = go.Figure()
    for kind, color in VERDICT_COLORS.items():
        part = shown["verdict"] == kind
        if part.any():
            fig.add_bar(x=[n for n, keep in zip(labels, part) if keep], y=100 * shown[part]["selection_rate"],
                        name=t("verdict_" + kind).capitalize(), marker_color=color, error_y=_error_bars(shown[part]))
    reference = overall.loc[overall["verdict"] == "reference", "selection_rate"]
    if len(reference):
        fig.add_hline(y=80 * float(reference.iloc[0]), line_dash="dash", line_color="#c0392b")
        fig.add_scatter(x=[None], y=[None], mode="lines", line={"dash": "dash", "color": "#c0392b"},
                        name=t("ser_four_fifths"))
    fig.update_xaxes(categoryorder="array", categoryarray=labels)
    chart = Chart(style(fig, title=t("chart_fa_rates", by=by_word, year=year), x=t("by_" + attribute),
                        y=t("ax_fa_rate"), lang=lang, height=360), "fa_chart")

    strata_chart = strata_table = None
    if not strata.empty:
        fig = go.Figure()
        for stratum in STRATA:
            sub = strata[strata["stratum"] == stratum]
            if len(sub):
                fig.add_bar(x=plains(name(g) for g in sub["group"]), y=100 * sub["selection_rate"],
                            name=t("stratum_" + stratum), marker_color=STRATUM_COLORS[stratum], error_y=_error_bars(sub))
        fig.update_layout(barmode="group")
        strata_chart = Chart(style(fig, title=t("chart_fa_strata", by=by_word, year=year), x=t("by_" + attribute),
                                   y=t("ax_fa_rate"), lang=lang, height=360), "fa_strata_chart")
        strata_table = grid(strata, {t("col_stratum"): [t("stratum_" + s) for s in strata["stratum"]]})
    return Rates(None, headline, t("fa_threshold", min=res["min_group"]), fails, verdict, chart, grid(shown),
                 t("fa_strata_s", year=year), strata_chart, strata_table)
