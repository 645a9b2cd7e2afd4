"""Benchmark of the data spine: loading with full validation against DuckDB's read_csv alone, and the
time to build the embedded demo database on first start.

    python bench/bench_load.py [--employees 70000] [--out bench/out] [--write-results]

It reports ratios measured in the same run (wall-clock seconds vary by machine; the ratio is what the
issue sets: full load <= 10x read_csv). Not a test: tests never assert on time.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from analytics import db, derived  # noqa: E402
from analytics.demo import generate_demo_csvs  # noqa: E402
from analytics.demo_build import build_demo  # noqa: E402
from analytics.loader import load_file  # noqa: E402


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    return (f"{platform.machine()}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}, "
            f"duckdb {duckdb.__version__}")


def append_results(text: str) -> None:
    """Append a section to bench/RESULTS.md (the file every bench script writes to)."""
    results = ROOT / "bench" / "RESULTS.md"
    if not results.exists():
        results.write_text("# Benchmark results\n\nFigures measured by the scripts in this folder; "
                           "ratios are what the targets set.\n\n")
    with results.open("a") as f:
        f.write("\n" + text)


def bench_appraisals(employees: int, out: Path) -> dict:
    csv_dir = out / "csv"
    shutil.rmtree(out, ignore_errors=True)
    csv_dir.mkdir(parents=True)
    gen_s, files = _timed(lambda: generate_demo_csvs(csv_dir, employees=employees, seed=1))
    con = derived.connect(out / "bench.duckdb")
    for name in ("agencies", "agency_ratings", "employees"):
        res = load_file(con, name, files[name], user="bench")
        assert res.status == "loaded", (name, res.errors[:3])
    path = files["appraisals"]
    size_mb = path.stat().st_size / 1024 / 1024

    # Baseline: DuckDB's read_csv alone, materialised, on the same file (best of 3).
    base = []
    for _ in range(3):
        con.execute("drop table if exists temp.baseline")
        s, _ = _timed(lambda: con.execute(
            "create temp table baseline as select * from read_csv(?)", [str(path)]).fetchall())
        base.append(s)
    rows = con.execute("select count(*) from temp.baseline").fetchall()[0][0]
    con.execute("drop table temp.baseline")

    # Full validation without writing (dry run), then the real load (validation + write + raw copy).
    dry_s, dry = _timed(lambda: load_file(con, "appraisals", path, user="bench", dry_run=True))
    assert dry.status == "valid", dry.errors[:3]
    marks: list[tuple[str, float]] = []
    load_s, res = _timed(lambda: load_file(con, "appraisals", path, user="bench",
                                           progress=lambda stage: marks.append((stage, time.perf_counter()))))
    assert res.status == "loaded", res.errors[:3]
    con.close()
    # Where the load's time goes: the seconds of each stage (the loader tells them as they start).
    ends = [t for _, t in marks[1:]] + [marks[0][1] + load_s]
    stages = {name: end - start for (name, start), end in zip(marks, ends)}
    return {"employees": employees, "rows": rows, "size_mb": size_mb, "generate_s": gen_s,
            "read_csv_s": min(base), "dry_run_s": dry_s, "load_s": load_s, "stages": stages}


def bench_demo(out: Path) -> float:
    p = out / "demo.duckdb"
    for f in (p, p.with_suffix(".duckdb.wal")):
        f.unlink(missing_ok=True)
    t = time.perf_counter()
    con = derived.connect(p)
    results = build_demo(con, employees=2000, seed=42)
    con.close()
    s = time.perf_counter() - t
    assert all(r.status == "loaded" for r in results), [(r.dataset, r.errors[:2]) for r in results]
    return s


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--employees", type=int, default=70_000, help="about 15 appraisal rows per employee")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--write-results", action="store_true", help="append the figures to bench/RESULTS.md")
    args = ap.parse_args()
    a = bench_appraisals(args.employees, args.out)
    demo_s = bench_demo(args.out)
    ratio_dry = a["dry_run_s"] / a["read_csv_s"]
    ratio_load = a["load_s"] / a["read_csv_s"]
    lines = [
        f"### Loading, {date.today().isoformat()}",
        "",
        f"Machine: {machine()}.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| appraisals file | {a['rows']:,} rows, {a['size_mb']:.0f} MB ({a['employees']:,} employees) |",
        f"| DuckDB `read_csv` alone (best of 3) | {a['read_csv_s']:.2f} s |",
        f"| full validation, dry run | {a['dry_run_s']:.2f} s (**{ratio_dry:.1f}×** read_csv) |",
        f"| full load: validation, write, history, raw copy | {a['load_s']:.2f} s (**{ratio_load:.1f}×** "
        f"read_csv; target ≤ 10×: {'met' if ratio_load <= 10 else 'MISSED'}) |",
        "| where the load's time goes | " + ", ".join(f"{k} {v:.2f} s" for k, v in a["stages"].items()) + " |",
        f"| demo database on first start (2,000 employees: generate + load 6 files) | {demo_s:.1f} s "
        f"(target < 15 s: {'met' if demo_s < 15 else 'MISSED'}) |",
        f"| generating the CSVs for {a['employees']:,} employees | {a['generate_s']:.1f} s |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write_results:
        append_results(text + "\n")


if __name__ == "__main__":
    main()
