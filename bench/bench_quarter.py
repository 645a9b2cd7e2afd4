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


class _Timed:
    """A connection whose statements are timed (their first words, and seconds, in `spent`)."""

    def __init__(self, con, spent: dict[str, float]):
        self._con, self._spent = con, spent

    def execute(self, sql, *args, **kwargs):
        t = time.perf_counter()
        try:
            return self._con.execute(sql, *args, **kwargs)
        finally:
            name = "  sql: " + " ".join(str(sql).split())[:70]
            self._spent[name] = self._spent.get(name, 0.0) + time.perf_counter() - t

    def __getattr__(self, name):
        return getattr(self._con, name)


def _timed_parts() -> tuple[dict[str, float], list]:
    """Wrap the parts of a load's write and refresh that the stages do not separate: their seconds, by name; and
    the statements of the loader's write and of the marts' slices, one by one."""
    from analytics import audit, flags, loader, marts

    spent: dict[str, float] = {}
    undo = []
    real_write, real_slices = loader.Loader.write, marts.refresh_slices

    def write(self, *a, **k):
        con, self.con = self.con, _Timed(self.con, spent)
        try:
            return real_write(self, *a, **k)
        finally:
            self.con = con

    loader.Loader.write = write
    marts.refresh_slices = lambda con, touched: real_slices(_Timed(con, spent), touched)
    undo += [(loader.Loader, "write", real_write), (marts, "refresh_slices", real_slices)]
    for owner, name in ((loader.Loader, "write"), (loader, "_keep_raw"), (derived, "keep"), (audit, "record"),
                        (marts, "refresh_slices"), (flags, "refresh_slices")):
        real = getattr(owner, name)

        def timed(*a, _real=real, _name=f"{getattr(owner, '__name__', 'Loader')}.{name}", **k):
            t = time.perf_counter()
            try:
                return _real(*a, **k)
            finally:
                spent[_name] = spent.get(_name, 0.0) + time.perf_counter() - t
        setattr(owner, name, timed)
        undo.append((owner, name, real))
    return spent, undo


def load_once(db: Path, work: Path, path: Path, full_share: float) -> dict:
    copy = work / "kinerja.duckdb"
    t = time.perf_counter()
    shutil.copyfile(db, copy)
    copy_s = time.perf_counter() - t
    con = derived.connect(copy)
    stages: list[tuple[str, float]] = []
    settings = dataclasses.replace(load_settings(), max_file_mb=4096, refresh_full_share=full_share)
    spent, undo = _timed_parts()
    t0 = time.perf_counter()
    try:
        res = load_file(con, "appraisals", path, user="bench", settings=settings,
                        progress=lambda stage: stages.append((stage, time.perf_counter())))
    except duckdb.Error as exc:  # said in the table, as measured (the full rebuild can run out of memory)
        return {"failed": f"{type(exc).__name__}: {str(exc).splitlines()[0]}", "after_s": time.perf_counter() - t0,
                "stages": {n: round(t - t0, 1) for n, t in stages}}
    finally:
        for owner, name, real in reversed(undo):  # the last wrapped first
            setattr(owner, name, real)
        con.close()
        for f in (copy, copy.with_name(copy.name + ".wal")):
            f.unlink(missing_ok=True)
        shutil.rmtree(work / "raw", ignore_errors=True)
    total = time.perf_counter() - t0
    assert res.status == "loaded", [(e.row, e.column, e.value, e.message) for e in res.errors[:3]]
    marks = [*stages, ("end", t0 + total)]
    seconds = {name: round(b - a, 2) for (name, a), (_, b) in zip(marks, marks[1:])}
    return {"total_s": total, "stages": seconds, "rows": res.rows_in_file, "inserted": res.rows_inserted,
            "copy_s": copy_s, "parts": {k: round(v, 1) for k, v in spent.items()}}


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
        if "failed" in r:
            print(f"| {mode} | failed after {r['after_s']:.0f} s: {r['failed']} | stages started at (s): "
                  f"{r['stages']} |", flush=True)
            continue
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in r["stages"].items())
        stages += "; of which " + ", ".join(f"{k} {v:.1f} s" for k, v in r["parts"].items()
                                           if not k.startswith(" "))
        print(f"| {mode} | {r['rows']:,} rows (+{r['inserted']:,}) | **{r['total_s']:.1f} s** "
              f"({r['total_s'] / base:.0f}× read_csv) | {stages} |", flush=True)
        for k, v in sorted(r["parts"].items(), key=lambda kv: -kv[1]):
            if k.startswith(" ") and v >= 0.2:
                print(f"    {v:6.1f} s {k.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
