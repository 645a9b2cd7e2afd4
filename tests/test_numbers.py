"""One number style per language (issue 20, item 7): every page of the demo, walked in Indonesian and in English
as the admin (who has every page) with every folded section open, writes its numbers in the language's style in
its text, its metrics, its tables and its downloads. In Indonesian a decimal point is an error (8.3 for 8,3),
in English a decimal comma; a table column of raw numbers (which Streamlit would write 8.3 in either language,
without thousands separators) is an error too."""
from __future__ import annotations

import csv
import io
import re

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import _place
from tests.test_access import LAZY_SECTIONS
from tests.test_app import APP, signed_in

PAGES = ("overview", "appraisals", "complaints", "fairness", "inspect", "upload", "audit", "public", "methodology")
# A decimal mark: a digit, the mark, then a run of digits that is not a group of exactly three (1.234 is a
# thousand in Indonesian; 8.3 and 117.95 are decimals).
WRONG_MARK = {"id": re.compile(r"(?<![\d.,])\d+\.(?:\d{1,2}|\d{4,})(?!\d|[.,]\d)"),
              "en": re.compile(r"(?<![\d.,])\d+,(?:\d{1,2}|\d{4,})(?!\d|[.,]\d)")}
WRONG_FIELD = {"id": re.compile(r"^-?\d+\.(?:\d{1,2}|\d{4,})$"), "en": re.compile(r"^-?\d+,(?:\d{1,2}|\d{4,})$")}


@pytest.fixture(scope="module")
def codes(demo_file):
    """Region and agency codes (72.71, 72.71.DINKES): dotted, but names, not numbers."""
    import duckdb

    con = duckdb.connect(str(demo_file / "kinerja.duckdb"), read_only=True)
    found = {r[0] for r in con.execute("select region_code from regions union select agency_code from agencies")
             .fetchall() if "." in r[0]}
    con.close()
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, sorted(found, key=len, reverse=True)))
                      + r")(?![\w.])")


def _display(frame_element) -> list[list[str]]:
    """The cells of a st.dataframe as the reader sees them: the Styler's display values when there are any; else
    None (the raw values are shown as Streamlit writes them)."""
    styler = frame_element.proto.arrow_data.styler
    if not styler.display_values:
        return None
    table = pa.ipc.open_stream(styler.display_values).read_all()
    return [list(map(str, col.to_pylist())) for col in table.columns]


def _texts(at: AppTest) -> list[str]:
    parts = [e.value for kind in ("markdown", "caption", "title", "header", "subheader", "error", "warning",
                                  "info", "success") for e in getattr(at, kind)]
    for m in at.metric:
        parts += [m.label, m.value, m.proto.delta or ""]
    return [str(p) for p in parts]


def _problems(at: AppTest, lang: str, codes: re.Pattern, where: str) -> list[str]:
    found = []

    def check(text: str, what: str) -> None:
        text = codes.sub(" ", text)
        for m in WRONG_MARK[lang].finditer(text):
            found.append(f"{where} {what}: {m.group(0)!r} in {text[max(0, m.start() - 40):m.end() + 20]!r}")

    for text in _texts(at):
        check(text, "text")
    for i, element in enumerate(at.dataframe):
        frame = element.value
        shown = _display(element)
        for j, col in enumerate(frame.columns):
            check(str(col), f"table {i} header")
            kind = frame[col].dtype.kind
            if shown is None and kind in "iuf" and len(frame):
                found.append(f"{where} table {i} column {col!r}: raw numbers, no style of the language")
            for cell in (shown[j] if shown is not None else map(str, frame[col].tolist())):
                check(cell, f"table {i} column {col!r}")
    for name, make in at.session_state["_dl_files"].items() if "_dl_files" in at.session_state else ():
        if not name.endswith(".csv"):
            continue
        body = make().decode("utf-8-sig")
        sep = ";" if lang == "id" else ","
        rows = list(csv.reader(io.StringIO(body), delimiter=sep))
        assert rows and len(rows[0]) > 1 or len(rows[0]) == 1, (where, name)
        for row in rows[1:]:
            for field in row:
                if WRONG_FIELD[lang].match(field):
                    found.append(f"{where} download {name}: {field!r}")
    return found


def _values(values) -> list:
    """A Plotly JSON array as a list: plain, or typed ({"dtype": "i2", "bdata": base64})."""
    import base64

    import numpy as np

    if values is None:
        return []
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_page_writes_numbers_in_the_language_of_the_reader(demo_file, codes, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("KINERJA_DB", str(_place(demo_file, tmp_path)))
    at = signed_in("admin")
    at.query_params["lang"] = lang
    for key in LAZY_SECTIONS:
        at.session_state[key] = True
    at.run()
    problems, downloads = [], 0
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (lang, page, at.exception)
        problems += _problems(at, lang, codes, page)
        downloads += len(at.session_state["_dl_files"])
    assert not problems, "\n".join(problems[:40])
    assert downloads >= 40, downloads  # every dashboard table has its CSV and XLSX


def test_a_period_without_data_says_so_on_every_page(demo_file, tmp_path, monkeypatch):
    """Issue 20, item 8: in 2023 the demo has appraisals and promotions but no complaint. Every page says what
    is missing in words: no chart without a mark (an empty frame with a 0–1 axis), no table without a row."""
    import json

    monkeypatch.setenv("KINERJA_DB", str(_place(demo_file, tmp_path)))
    at = signed_in("admin")
    at.query_params["year"] = "2023"
    for key in LAZY_SECTIONS:
        at.session_state[key] = True
    at.run()
    said = 0
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        for chart in at.get("plotly_chart"):
            spec = json.loads(chart.proto.spec)
            points = [v for trace in spec["data"]
                      for values in ([trace.get("x" if trace.get("orientation") == "h" else "y")]
                                     if trace.get("type") == "bar" else [trace.get(k) for k in ("x", "y", "q1")])
                      for v in _values(values) if v is not None and v != 0]
            assert points, (page, spec["layout"].get("title"))
        for frame in at.dataframe:
            assert len(frame.value), page
        said += sum("belum ada" in e.value.lower() or "tidak ada" in e.value.lower()
                    for kind in ("info", "caption") for e in getattr(at, kind))
    assert said >= 4, said
