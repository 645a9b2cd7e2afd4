"""What the appraisals' primary key and the marts cost a load, measured: bench_load's appraisals file loaded into a
store as committed, into one whose appraisals table has no key, with the marts' refresh skipped, and with neither,
each against DuckDB's read_csv of the same file in the same process. The variants exist only here, to size the two
requirements that keep bench_load over 10× (issue 18's key, issue 22's marts inside the load's transaction).

    python bench/bench_load.py --employees 70000 --out OUT     # makes OUT/csv
    python bench/bench_load_variants.py --csv OUT/csv --work FOLDER [--repeat 2]

Not a test: tests never assert on time.
"""
from __future__ import annotations

import argparse
import dataclasses
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VARIANTS = ("as_committed", "no_key", "no_marts", "no_key_no_marts")


def base_store(csv: Path, work: Path) -> Path:
    """A store with the file's agencies, organisation ratings and employees, and no appraisals (built once)."""
    from analytics import derived
    from analytics.loader import load_file

    path = work / "base.duckdb"
    if not path.exists():
        con = derived.connect(path)
        for name in ("agencies", "agency_ratings", "employees"):
            assert load_file(con, name, csv / f"{name}.csv", user="bench").status == "loaded", name
        con.close()
    return path


def run(variant: str, csv: Path, work: Path) -> None:
    """One variant, in this process (a fresh one per variant: the monkeypatch stays in it)."""
    import duckdb
    import sklearn.ensemble  # noqa: F401  the flags' import, paid before the load as in bench_load

    from analytics import derived
    from analytics.loader import load_file

    folder = work / variant
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = folder / "w.duckdb"
    shutil.copy(work / "base.duckdb", db)
    if "no_key" in variant:
        raw = duckdb.connect(str(db))
        raw.execute("create table a_tmp as select * from appraisals limit 0; drop table appraisals; "
                    "alter table a_tmp rename to appraisals")
        raw.close()
    con = derived.connect(db)
    if "no_marts" in variant:
        derived.REGISTRY = tuple(dataclasses.replace(d, refresh=lambda con, kept: None) if d.name == "marts" else d
                                 for d in derived.REGISTRY)
    path = csv / "appraisals.csv"
    base = []
    for _ in range(3):
        con.execute("drop table if exists temp.b")
        t = time.perf_counter()
        con.execute("create temp table b as select * from read_csv(?)", [str(path)])
        base.append(time.perf_counter() - t)
    con.execute("drop table temp.b")
    assert load_file(con, "appraisals", path, user="bench", dry_run=True).status == "valid"
    t = time.perf_counter()
    res = load_file(con, "appraisals", path, user="bench")
    load_s = time.perf_counter() - t
    assert res.status == "loaded", res.errors[:3]
    con.close()
    shutil.rmtree(folder, ignore_errors=True)
    print(f"| {variant} | {min(base):.2f} s | {load_s:.2f} s | **{load_s / min(base):.1f}×** |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--csv", type=Path, required=True, help="bench_load's csv folder")
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)  # one variant, in a child process
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    if a.variant:
        run(a.variant, a.csv, a.work)
        return
    base_store(a.csv, a.work)
    print("| variant | read_csv | full load | ratio |\n|---|---|---|---|", flush=True)
    for _ in range(a.repeat):
        for v in VARIANTS:
            subprocess.run([sys.executable, __file__, "--csv", str(a.csv), "--work", str(a.work), "--variant", v],
                           check=True)


if __name__ == "__main__":
    main()
