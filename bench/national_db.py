"""A national-scale database for the page benchmarks, built fast: the demo generator's contract CSVs are
bulk-inserted with DuckDB (no per-row validation; the loader's own speed is bench_load.py's subject).

    python bench/national_db.py --out /data/natl [--employees 4300000] [--seed 7]

Writes OUT/kinerja.duckdb (and keeps the CSVs in OUT/csv). Prints the time per step.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analytics import db, derived, marts  # noqa: E402
from analytics.datasets import DATASETS, LOAD_ORDER  # noqa: E402
from analytics.demo import generate_demo_csvs  # noqa: E402


def build(out: Path, employees: int, seed: int) -> Path:
    csv_dir = out / "csv"
    if not (csv_dir / "promotions.csv").exists():
        t = time.perf_counter()
        generate_demo_csvs(csv_dir, employees=employees, seed=seed)
        print(f"generate {time.perf_counter() - t:.0f} s", flush=True)
    path = out / "kinerja.duckdb"
    for f in (path, path.with_suffix(".duckdb.wal")):
        f.unlink(missing_ok=True)
    con = derived.connect(path)
    con.execute("insert into batches values (0, 'bulk', 'national_db.py', '', 0, 0, 0, 0, 0, 'bench', now(), null, "
                "'loaded', null, null, null, 'cli', 'cli')")
    for name in LOAD_ORDER:
        ds = DATASETS[name]
        cols = {c.name: "VARCHAR" for c in ds.columns}
        select = ", ".join(f"nullif({c.name}, '')::{c.sql_type}" for c in ds.columns)
        t = time.perf_counter()
        con.execute(f"insert into {name} select {select}, 0 from read_csv(?, header = true, columns = {cols})",
                    [str(csv_dir / f"{name}.csv")])
        n = con.execute(f"select count(*) from {name}").fetchall()[0][0]
        print(f"{name}: {n:,} rows in {time.perf_counter() - t:.0f} s", flush=True)
    t = time.perf_counter()
    con.begin()
    marts.refresh(con)
    con.commit()
    print(f"marts {time.perf_counter() - t:.0f} s", flush=True)
    con.close()
    return path


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--employees", type=int, default=4_300_000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    build(a.out, a.employees, a.seed)
