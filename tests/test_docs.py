"""Docs that cannot drift (issue 17): every setting and every report is documented in the README (with the
setting's default) and on the methodology page, in both languages."""
from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.reports import REPORTS
from analytics.settings import Settings
from ui.i18n import LANGS, STRINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SETTINGS = [f.name for f in fields(Settings)]


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def test_every_setting_is_in_the_readme_with_its_default():
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| ([^|]+) \|", _section("Settings"), flags=re.M))
    assert set(rows) == set(SETTINGS)
    for f in fields(Settings):
        assert float(rows[f.name].strip()) == getattr(Settings(), f.name), f.name


def test_every_report_is_in_the_readme():
    listed = set(re.findall(r"^- `([a-z-]+)`|, `([a-z-]+)`", _section("Command line"), flags=re.M))
    names = {a or b for a, b in listed}
    assert set(REPORTS) <= names, set(REPORTS) - names


@pytest.mark.parametrize("key", [f"setting_{s}" for s in SETTINGS] + [f"report_{r}" for r in REPORTS])
def test_every_setting_and_report_has_a_line_in_both_languages(key):
    assert key in STRINGS and len(STRINGS[key]) == len(LANGS) and all(s.strip() for s in STRINGS[key])


@pytest.mark.parametrize("lang", LANGS)
def test_the_methodology_page_lists_every_setting_and_report(lang, loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_DB", str(tmp_path / "kinerja.duckdb"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)  # as a visitor: the page is public
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/methodology.py").run()
    assert not at.exception and at.title[0].value == STRINGS["page_methodology"][LANGS.index(lang)]
    settings, reports = (d.value for d in at.dataframe)
    assert list(settings.iloc[:, 1]) == SETTINGS
    assert list(settings.iloc[:, 0]) == [STRINGS[f"setting_{s}"][LANGS.index(lang)] for s in SETTINGS]
    assert list(reports.iloc[:, 0]) == list(REPORTS)
    assert list(reports.iloc[:, 1]) == [STRINGS[f"report_{r}"][LANGS.index(lang)] for r in REPORTS]
    limit = settings.iloc[SETTINGS.index("curve_limit"), 2]
    assert limit == ("0,70" if lang == "id" else "0.70")
