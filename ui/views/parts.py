"""The parts a section is laid out from: headline figures, charts, and cards (a chart, the sentence that says
the same, and the table behind it)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go


@dataclass(frozen=True)
class Metric:
    """A headline figure, formatted: value, change against the comparison (its text decides the arrow) and help."""
    label: str
    value: str
    delta: str | None = None
    delta_color: str = "normal"      # "inverse" when a rise is bad, "off" when it is neither
    delta_description: str | None = None
    help: str | None = None


@dataclass(frozen=True)
class Chart:
    """A styled figure (ui.charts.style: title, axis titles with units) under its widget key; `drill`: a click on
    a mark whose customdata is an agency code opens that agency; `toolbar`: Plotly's tool bar (off where it would
    cover the title on a phone)."""
    figure: go.Figure
    key: str
    drill: bool = False
    toolbar: bool = True


@dataclass(frozen=True)
class Card:
    """A chart with the sentence that says the same and the table behind it (for screen readers and copying)."""
    chart: Chart
    sentence: str
    table: pd.DataFrame


@dataclass(frozen=True)
class Finding:
    """A section's answer in words, a chart and a table (a DataFrame, or a ui.tables.Table when some of its
    columns have other decimals than one); or `none` when there is nothing to show."""
    none: str | None = None
    sentence: str | None = None
    chart: Chart | None = None
    table: object = None


@dataclass(frozen=True)
class Listing:
    """A list of people or complaints: `none` when it is empty; else the sentence, the first rows (`table`) and a note
    when more were found than shown (the page offers all of them as files). A reader without personal data gets
    `counts` per agency instead, with `counts_note` saying so."""
    none: str | None = None
    sentence: str | None = None
    table: pd.DataFrame | None = None
    capped: str | None = None
    counts: pd.DataFrame | None = None
    counts_note: str | None = None


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """The rows of `frame` as dicts of `columns` only (DataFrame.to_dict of every column cost a tenth of a
    cached rerun)."""
    return [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns))]


def first(frame: pd.DataFrame, column: str) -> float | None:
    """The first value of a column as a float, None when there is none."""
    return float(frame[column].iloc[0]) if len(frame) and pd.notna(frame[column].iloc[0]) else None


def difference(a, b, fmt):
    """fmt(a - b), None when either is unknown."""
    return None if a is None or b is None else fmt(a - b)
