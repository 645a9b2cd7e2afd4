"""Builds the demo database: generates contract CSVs (analytics.demo) and loads them through the
same loader analysts use, so the demo data passes every rule an upload must pass."""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import duckdb

from analytics.demo import generate_demo_csvs
from analytics.loader import LoadResult, load_file
from analytics.settings import load_settings

# The generator's files are not uploads: the upload limit (max_file_mb) does not apply to them (the national demo's
# appraisals are gigabytes). Every other rule does.
NO_UPLOAD_LIMIT_MB = 1 << 30


def build_demo(con: duckdb.DuckDBPyConnection, *, employees: int = 2000, seed: int = 42, lang: str = "id",
               user: str = "demo", out_dir: Path | None = None) -> list[LoadResult]:
    """Generate and load the demo data; stops at the first rejected file (its result is last, with its errors)."""
    tmp = Path(tempfile.mkdtemp(prefix="kinerja_demo_")) if out_dir is None else out_dir
    settings = replace(load_settings(), max_file_mb=NO_UPLOAD_LIMIT_MB)
    try:
        files = generate_demo_csvs(tmp, employees=employees, seed=seed)
        results = []
        for dataset, path in files.items():
            res = load_file(con, dataset, path, user=user, lang=lang, settings=settings)
            results.append(res)
            if res.status == "rejected":
                break
        return results
    finally:
        if out_dir is None:
            shutil.rmtree(tmp, ignore_errors=True)
