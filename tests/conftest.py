"""Shared fixtures: a fresh store per test and a small, hand-made, valid set of contract files."""
from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from analytics import db, derived
from analytics.datasets import DATASETS

# No background prewarming (ui/warm.py) while tests run pages: its thread would compute beside them.
# tests/test_warm.py runs the replay itself.
os.environ.setdefault("KINERJA_PREWARM", "0")
# Plotly's validators check every figure the pages build (ui/charts.validate); a server skips them.
os.environ.setdefault("KINERJA_PLOTLY_VALIDATE", "1")


def _share_script_cache() -> None:
    """AppTest makes a new script cache for every run, so each run compiled app.py and the page again (with
    Streamlit's magic): about 0.2 s a run, hundreds of runs in the suite. A server compiles each script once per
    process; the tests now do too (bench/bench_pages.py does the same). No test edits a script."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared = ScriptCache()
    app_test.ScriptCache = local_runner.ScriptCache = lambda: shared


_share_script_cache()


def _scan_components_once() -> None:
    """AppTest scans every installed distribution's metadata for Streamlit components (v2 manifests) for each new
    AppTest: about 0.25 s each, a fifth of the time of the page tests. A server scans once at start; the tests now
    do too (the installed packages do not change while the suite runs, and the product has no such component)."""
    import functools

    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = functools.cache(lambda max_workers=None: scan(max_workers))


_scan_components_once()


# A small valid world: two agencies in Kota Palu, one in Kota Kupang, one kecamatan office in Tubei.
AGENCIES = [
    {"agency_code": "72.71.DINKES", "name": "Dinas Kesehatan Kota Palu", "short_name": "Dinkes",
     "region_code": "72.71", "kind": "dinas"},
    {"agency_code": "72.71.BKPSDM", "name": "Badan Kepegawaian dan PSDM Kota Palu", "short_name": "BKPSDM",
     "region_code": "72.71", "kind": "badan"},
    {"agency_code": "53.71.DISDUKCAPIL", "name": "Dinas Dukcapil Kota Kupang", "short_name": "Disdukcapil",
     "region_code": "53.71", "kind": "dinas"},
    {"agency_code": "17.07.09.KEC", "name": "Kecamatan Tubei", "short_name": "", "region_code": "17.07.09",
     "kind": "kecamatan"},
]

AGENCY_RATINGS = [
    {"agency_code": "72.71.DINKES", "year": "2024", "org_rating": "baik"},
    {"agency_code": "72.71.BKPSDM", "year": "2024", "org_rating": "istimewa"},
]

EMPLOYEES = [
    {"nip": "196608011988031001", "name": "Budi Santoso", "gender": "M", "birth_date": "1966-08-01",
     "cpns_date": "1988-03-01", "employment_type": "pns", "education": "s2", "agency_code": "72.71.DINKES",
     "rank": "IV/a", "rank_since": "2016-04-01", "position_level": "jpt_pratama",
     "position_title": "Kepala Dinas", "position_since": "2019-01-02", "supervisor_nip": "", "status": "active"},
    {"nip": "199005122015032002", "name": "Siti Aminah", "gender": "F", "birth_date": "1990-05-12",
     "cpns_date": "2015-03-01", "employment_type": "pns", "education": "s1", "agency_code": "72.71.DINKES",
     "rank": "III/c", "rank_since": "2023-04-01", "position_level": "fungsional_ahli_muda",
     "position_title": "Dokter Ahli Muda", "position_since": "2023-04-01",
     "supervisor_nip": "196608011988031001", "status": "active"},
    {"nip": "199001012021212003", "name": "Ani Lestari", "gender": "F", "birth_date": "1990-01-01",
     "cpns_date": "2021-06-01", "employment_type": "pppk", "education": "s1", "agency_code": "72.71.BKPSDM",
     "rank": "IX", "rank_since": "2021-06-01", "position_level": "fungsional_ahli_pertama",
     "position_title": "Analis SDM", "position_since": "2021-06-01", "supervisor_nip": "", "status": "active"},
    {"nip": "198503152010011004", "name": "Yohanes Nggadas", "gender": "M", "birth_date": "1985-03-15",
     "cpns_date": "2010-01-01", "employment_type": "pns", "education": "sma",
     "agency_code": "53.71.DISDUKCAPIL", "rank": "II/d", "rank_since": "2022-04-01",
     "position_level": "pelaksana", "position_title": "Pengadministrasi", "position_since": "2010-01-01",
     "supervisor_nip": "", "status": "active"},
]

APPRAISALS = [
    {"nip": "199005122015032002", "year": "2024", "period": "Y", "work_result": "above", "behaviour": "above",
     "rating": "sangat_baik", "score": "112.5", "self_score": "115", "peer_score": "110",
     "evaluator_nip": "196608011988031001", "on_time_pct": "95", "service_quality": "90",
     "training_hours": "24"},
    {"nip": "199005122015032002", "year": "2025", "period": "Q1", "work_result": "meets", "behaviour": "meets",
     "rating": "baik", "score": "95", "self_score": "", "peer_score": "", "evaluator_nip": "196608011988031001",
     "on_time_pct": "88", "service_quality": "85", "training_hours": "6"},
    {"nip": "198503152010011004", "year": "2024", "period": "Y", "work_result": "below", "behaviour": "meets",
     "rating": "butuh_perbaikan", "score": "78", "self_score": "90", "peer_score": "80", "evaluator_nip": "",
     "on_time_pct": "60", "service_quality": "70", "training_hours": "0"},
]

COMPLAINTS = [
    {"complaint_id": "LPR-2025-000001", "agency_code": "53.71.DISDUKCAPIL", "region_code": "53.71",
     "channel": "lapor", "category": "administrasi_kependudukan", "severity": "normatif",
     "received_at": "2025-03-28 09:15", "verified_at": "2025-03-28 13:00",
     "first_response_at": "2025-04-08 10:00", "resolved_at": "2025-04-10 15:30", "status": "resolved",
     "satisfaction": "3", "handler_nip": "198503152010011004"},
    {"complaint_id": "LPR-2025-000002", "agency_code": "72.71.DINKES", "region_code": "",
     "channel": "walk_in", "category": "kesehatan", "severity": "", "received_at": "2025-05-02 08:00",
     "verified_at": "", "first_response_at": "", "resolved_at": "", "status": "received",
     "satisfaction": "", "handler_nip": ""},
]

PROMOTIONS = [
    {"promotion_id": "KP-2023-0001", "nip": "199005122015032002", "kind": "rank_regular",
     "effective_date": "2023-04-01", "from_rank": "III/b", "to_rank": "III/c", "from_position_level": "",
     "to_position_level": "", "position_title": "", "agency_code": "72.71.DINKES",
     "approver_nip": "196608011988031001", "decree_number": "800/12/BKPSDM/2023", "decree_date": "2023-03-01"},
    {"promotion_id": "JB-2023-0002", "nip": "199005122015032002", "kind": "position",
     "effective_date": "2023-04-01", "from_rank": "", "to_rank": "",
     "from_position_level": "fungsional_ahli_pertama", "to_position_level": "fungsional_ahli_muda",
     "position_title": "Dokter Ahli Muda", "agency_code": "72.71.DINKES",
     "approver_nip": "196608011988031001", "decree_number": "", "decree_date": ""},
]

ROWS = {
    "agencies": AGENCIES, "agency_ratings": AGENCY_RATINGS, "employees": EMPLOYEES,
    "appraisals": APPRAISALS, "complaints": COMPLAINTS, "promotions": PROMOTIONS,
}


def csv_text(rows: list[dict], delimiter: str = ",", header: list[str] | None = None) -> str:
    """Rows as CSV text; `header` renames the columns (e.g. to the Indonesian headers)."""
    buf = io.StringIO()
    keys = list(rows[0])
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(header or keys)
    for r in rows:
        w.writerow([r.get(k, "") for k in keys])
    return buf.getvalue()


def write_csv(path: Path, rows: list[dict], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    path.write_text(csv_text(rows, delimiter), encoding=encoding)
    return path


def snapshot(con) -> str:
    """A fingerprint of every table's content (data, history, batches): equal means unchanged."""
    h = hashlib.sha256()
    names = [n for ds in DATASETS for n in (ds, f"{ds}_history")] + ["batches"]
    for n in names:
        rows = con.execute(f"select * from {n} order by all").fetchall()
        h.update(repr((n, rows)).encode())
    return h.hexdigest()


def _cheap_hasher():
    """argon2id with the smallest costs: tests hash and check dozens of passwords, and the real costs (tens of
    milliseconds each, by design) only slow them down. The app itself never reads this."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(scope="session", autouse=True)
def _cheap_passwords():
    from analytics import users

    real, users._hasher = users._hasher, _cheap_hasher
    yield
    users._hasher = real


def _place(template: Path, folder: Path) -> Path:
    """Copy a built database (and the raw files kept beside it) into `folder`: cheaper than building it. The
    batches then name the copied raw files, as if the loads had been made there."""
    shutil.copyfile(template / "kinerja.duckdb", folder / "kinerja.duckdb")
    if (template / "raw").exists():
        shutil.copytree(template / "raw", folder / "raw")
        con = duckdb.connect(str(folder / "kinerja.duckdb"))
        con.execute("update batches set raw_path = replace(raw_path, ?, ?)",
                    [str(template / "raw"), str(folder / "raw")])
        con.close()
    return folder / "kinerja.duckdb"


def _write_world(folder: Path) -> dict[str, Path]:
    return {name: write_csv(folder / f"{name}.csv", rows) for name, rows in ROWS.items()}


@pytest.fixture(scope="session")
def _templates(tmp_path_factory) -> dict[str, Path]:
    """Databases built once per test session and copied into each test that asks for one: an empty store, and
    the store with the small valid world loaded dataset by dataset (each load a batch by "fixture")."""
    from analytics.loader import load_file

    base = tmp_path_factory.mktemp("templates")
    empty, full = base / "empty", base / "loaded"
    empty.mkdir()
    full.mkdir()
    derived.connect(empty / "kinerja.duckdb").close()
    con = derived.connect(full / "kinerja.duckdb")
    for name, path in _write_world(full).items():
        res = load_file(con, name, path, user="fixture")
        assert res.status == "loaded", (name, [e.message for e in res.errors])
    con.close()
    return {"empty": empty, "loaded": full}


@pytest.fixture
def store(request, tmp_path, _templates):
    """A store of its own for the test, in tmp_path: empty, or with the small world when the test also asks
    for `loaded` (the same connection either way)."""
    loaded = "loaded" in request.fixturenames
    if loaded:
        _write_world(tmp_path)  # the files the loads read, for tests that load or compare them again
    con = derived.connect(_place(_templates["loaded" if loaded else "empty"], tmp_path))
    yield con
    con.close()


@pytest.fixture
def loaded(store):
    """The store with the small valid world loaded, dataset by dataset (a copy of a database built once)."""
    return store


_BUILT: dict[str, tuple[Path, object]] = {}


@pytest.fixture
def built(tmp_path, tmp_path_factory, _templates):
    """built(key, build, base="loaded") -> (connection, what build returned): a copy, in tmp_path, of the database
    `build(con, folder)` makes from a copy of the empty or loaded store. Built once per test session (and worker)
    under `key`; the files it wrote into `folder` are copied too. For worlds that many tests start from."""
    opened = []

    def make(key: str, build, base: str = "loaded"):
        if key not in _BUILT:
            folder = tmp_path_factory.mktemp(f"built_{key}")
            if base == "loaded":
                _write_world(folder)
            con = derived.connect(_place(_templates[base], folder))
            result = build(con, folder)
            con.close()
            _BUILT[key] = (folder, result)
        folder, result = _BUILT[key]
        for f in folder.iterdir():
            if f.is_file() and f.suffix in (".csv", ".xlsx"):
                shutil.copyfile(f, tmp_path / f.name)
        con = derived.connect(_place(folder, tmp_path))
        opened.append(con)
        return con, result

    yield make
    for con in opened:
        con.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The embedded demo database (2,000 employees, seed 42), built once per test session and closed: copy
    it (`_place`) before writing to it."""
    from analytics.demo_build import build_demo

    folder = tmp_path_factory.mktemp("demo_template")
    con = derived.connect(folder / "kinerja.duckdb")
    assert all(r.status == "loaded" for r in build_demo(con, employees=2000, seed=42))
    con.close()
    return folder


@pytest.fixture(scope="session")
def demo_con(tmp_path_factory, demo_file):
    """A copy of the demo database, open for the whole test session; read only."""
    con = derived.connect(_place(demo_file, tmp_path_factory.mktemp("demo")))
    yield con
    con.close()
