"""The entry point renders from app.py with AppTest, in both languages."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.conftest import ROWS


def _app(monkeypatch, path) -> AppTest:
    monkeypatch.setenv("KINERJA_DB", str(path))
    return AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=120)


def test_counts_per_dataset(loaded, tmp_path, monkeypatch):
    at = _app(monkeypatch, tmp_path / "kinerja.duckdb").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Dataset"]) == ["Instansi", "Predikat organisasi", "Pegawai", "Penilaian kinerja",
                                      "Pengaduan", "Kenaikan pangkat/jabatan"]
    assert list(table["Baris"]) == [len(ROWS[d]) for d in ROWS]
    assert "Pemuatan terakhir: batch 6" in " ".join(c.value for c in at.caption)


def test_language_switch(loaded, tmp_path, monkeypatch):
    at = _app(monkeypatch, tmp_path / "kinerja.duckdb").run()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert list(at.dataframe[0].value.columns) == ["Dataset", "Rows"]
    assert at.markdown[0].value.startswith("The database holds 4 agencies")
