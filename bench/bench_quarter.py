"""A quarterly appraisals load at national scale, end to end (issue 22): one quarter for every employee loaded
through the full validation into a copy of a national database, derived tables and flags included, refreshed by
slices (the default) and, in the same run, with the full rebuild (refresh_full_share = 0), with the seconds of
each stage and DuckDB's read_csv of the same file for the ratio.

    python bench/bench_quarter.py --db NATIONAL.duckdb --work /big/folder [--year 2026 --period Q4]

The quarter's file is made from the database: the latest quarterly row of every employee, under the new period.
The database is copied into --work for each mode (the copy is removed afterwards); nothing is written to --db.
Not a test: tests never assert on time.
"""
from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from analytics import derived  # noqa: E402
from analytics.datasets import DATASETS  # noqa: E402
from analytics.loader import load_file  # noqa: E402
from analytics.settings import load_settings  # noqa: E402
from bench.bench_load import machine  # noqa: E402


def quarter_file(db: Path, out: Path, year: int, period: str) -> Path:
    """Every employee's latest quarterly appraisal, as `year` `period` (a new quarter for the whole country)."""
    path = out / f"penilaian_{year}_{period}.csv"
    if path.exists():
        return path
    cols = [c.name for c in DATASETS["appraisals"].columns]
    select = ", ".join({"year": f"{int(year)} as year", "period": f"'{period}' as period"}.get(c, c) for c in cols)
    con = duckdb.connect(str(db), read_only=True)
    con.execute(f"copy (select {select} from (select * from appraisals where period <> 'Y' "
                f"qualify row_number() over (partition by nip order by year desc, period desc) = 1) "
                f"order by nip) to '{path}' (header)")
    con.close()
    return path


def read_csv_seconds(path: Path) -> float:
    con = duckdb.connect()
    best = float("inf")
    for _ in range(2):
        t = time.perf_counter()
        con.execute("create or replace temp table t as select * from read_csv(?)", [str(path)])
        best = min(best, time.perf_counter() - t)
    con.close()
    return best


def load_once(db: Path, work: Path, path: Path, full_share: float) -> dict:
    copy = work / "kinerja.duckdb"
    t = time.perf_counter()
    shutil.copyfile(db, copy)
    copy_s = time.perf_counter() - t
    con = derived.connect(copy)
    stages: list[tuple[str, float]] = []
    settings = dataclasses.replace(load_settings(), max_file_mb=4096, refresh_full_share=full_share)
    t0 = time.perf_counter()
    res = load_file(con, "appraisals", path, user="bench", settings=settings,
                    progress=lambda stage: stages.append((stage, time.perf_counter())))
    total = time.perf_counter() - t0
    con.close()
    copy.unlink()
    assert res.status == "loaded", [(e.row, e.column, e.value, e.message) for e in res.errors[:3]]
    marks = [*stages, ("end", t0 + total)]
    seconds = {name: round(b - a, 2) for (name, a), (_, b) in zip(marks, marks[1:])}
    return {"total_s": total, "stages": seconds, "rows": res.rows_in_file, "inserted": res.rows_inserted,
            "copy_s": copy_s}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--work", type=Path, required=True, help="a folder with room for one copy of the database")
    ap.add_argument("--year", type=int, default=2026)
    ap.add_argument("--period", default="Q4", choices=["Q1", "Q2", "Q3", "Q4"])
    ap.add_argument("--modes", nargs="+", default=["slices", "full"], choices=["slices", "full"])
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    path = quarter_file(args.db, args.work, args.year, args.period)
    base = read_csv_seconds(path)
    print(f"Machine: {machine()}. File: {path.name}, {path.stat().st_size / 2**20:.0f} MB; "
          f"read_csv alone {base:.2f} s.", flush=True)
    for mode in args.modes:
        r = load_once(args.db, args.work, path, 0.25 if mode == "slices" else 0.0)
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in r["stages"].items())
        print(f"| {mode} | {r['rows']:,} rows (+{r['inserted']:,}) | **{r['total_s']:.1f} s** "
              f"({r['total_s'] / base:.0f}× read_csv) | {stages} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
