"""Plotly figures in the product's style: a title, axis titles with units, numbers formatted for the
language (1.234,5 in Indonesian), and the rating colours used on every page."""
from __future__ import annotations

import html
import os

import plotly.graph_objects as go

# Rating colours, from good (green) to bad (red), kept the same on every chart.
RATING_COLORS = {
    "sangat_baik": "#1a7f4b", "baik": "#6cbf84", "butuh_perbaikan": "#f2c14e",
    "kurang": "#e67e22", "sangat_kurang": "#c0392b",
}
PRIMARY = "#0b5cad"
KIND_COLORS = {"rank_regular": "#0b5cad", "rank_choice": "#5fa8e8", "rank_education": "#9bc4ea",
               "position": "#f28e2b"}


def plain(text) -> str:
    """A name from the data for a chart (a category, a trace, a title): Plotly renders <a>, <b>, <i> and styles in
    text, so an agency named '<a href=…>' would be a link on the public page. Escaped, it shows as written."""
    return html.escape(str(text), quote=False)


def plains(texts) -> list[str]:
    return [plain(t) for t in texts]


def validate() -> bool:
    """Whether figures built here are checked by Plotly's validators: in tests (KINERJA_PLOTLY_VALIDATE=1, set by
    tests/conftest.py), where a misspelt property fails loudly. A server skips them: under many readers the
    checks were a large share of a rerun's CPU, for figures whose properties the tests have already checked."""
    return os.environ.get("KINERJA_PLOTLY_VALIDATE") == "1"


def style(fig: go.Figure, *, title: str, x: str, y: str, lang: str, height: int = 320,
          legend: bool | str = True, subtitle: str | None = None) -> go.Figure:
    """`legend`: True (a row between the title and the plot), "right" (a column beside the plot, for many
    or long names), "below" (rows under the plot, as wide as the figure: what a phone's width allows) or False.
    `subtitle`: a second, smaller line under the title (a title that would not fit a phone's width, split)."""
    # The legend sits between the title and the plot; the top margin grows with its rows (two names a row in
    # a narrow card), so that it never covers the title however many series there are. One layout update
    # with nested dicts: Plotly validates each update, and a page draws up to nine charts per run.
    rows = -(-len(fig.data) // 2) if legend is True else 0
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}, "y": 1, "yref": "container",
                  "yanchor": "top", "pad": {"t": 12}},
        "xaxis": {"title": {"text": x}, "showgrid": False},
        "yaxis": {"title": {"text": y}, "gridcolor": "#e5e8ec", "rangemode": "tozero"},
        "height": height + 22 * rows, "margin": {"l": 10, "r": 10, "t": 48 + 22 * rows, "b": 10},
        "separators": ",." if lang == "id" else ".,", "showlegend": bool(legend), "plot_bgcolor": "white",
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": {"text": ""},
                   "traceorder": "normal"},
    }
    if legend == "right":
        layout.update(legend={"orientation": "v", "yanchor": "top", "y": 1, "x": 1.02, "xanchor": "left"},
                      margin={"l": 10, "r": 10, "t": 48, "b": 10}, height=height)
    elif legend == "below":
        # At the bottom of the figure, under the axis title; room for three rows (six names on a phone).
        layout.update(legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0,
                              "xanchor": "left", "title": {"text": ""}, "traceorder": "normal"},
                      margin={"l": 10, "r": 10, "t": 48, "b": 130}, height=height + 120)
    if subtitle:
        layout["title"]["subtitle"] = {"text": subtitle, "font": {"size": 12}}
        layout["margin"] = {**layout["margin"], "t": layout["margin"]["t"] + 18}
        layout["height"] += 18
    # A new figure built with its whole layout: `update_layout` on a built figure goes through Plotly's relayout
    # machinery (about 25 ms a chart, 40% of a cached Kinerja rerun); building is about 3 ms. The page's own
    # layout settings (bar mode, axis ranges) are kept, merged as `update_layout` would.
    # The default template is left out of the merge (the new figure takes it again, without validating a copy).
    own = {k: v for k, v in fig.layout.to_plotly_json().items() if k != "template"}
    return go.Figure(data=fig.data, layout=_merge(own, layout), _validate=validate())


def target_line(*, x: float | None = None, y: float | None = None, text: str | None = None, color: str = "#555") -> dict:
    """Layout entries for a dashed line across the plot at `x` (vertical) or `y` (horizontal), with its label:
    what `add_vline`/`add_hline` make, without their cost (about 17 ms a chart)."""
    vertical = x is not None
    line = {"type": "line", "xref": "x" if vertical else "paper", "yref": "paper" if vertical else "y",
            "x0": x if vertical else 0, "x1": x if vertical else 1, "y0": 0 if vertical else y,
            "y1": 1 if vertical else y, "line": {"dash": "dash", "color": color}}
    out = {"shapes": [line]}
    if text:
        out["annotations"] = [{"text": text, "showarrow": False, "xref": line["xref"], "yref": line["yref"],
                               "x": x if vertical else 1, "y": 1 if vertical else y, "xanchor": "left",
                               "yanchor": "top" if vertical else "bottom"}]
    return out


def _merge(base: dict, over: dict) -> dict:
    """`base` with `over` laid on top, nested dictionaries merged key by key."""
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out
