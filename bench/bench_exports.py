"""Benchmark of SIASN's Export Data ASN against the canonical employees file of the same rows (issue 19: at most
1.5x), measured in one run on one machine.

    python bench/bench_exports.py [--employees 200000] [--out bench/out/exports] [--write-results]

Both loads go into a database holding the same agencies and unit map (nothing else), so that each load inserts
every row; each is timed end to end (reading, mapping, every rule, writing, the derived tables). The Data ASN file
has every header of REAL_FORMATS.md §1 with the personal-data columns present and empty (they are removed on
reading). Not a test: tests never assert on time.
"""
from __future__ import annotations

import argparse
import shutil
from dataclasses import replace
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analytics import derived  # noqa: E402
from analytics.demo_build import NO_UPLOAD_LIMIT_MB  # noqa: E402
from analytics.settings import load_settings  # noqa: E402
from analytics.demo import generate_demo_csvs  # noqa: E402
from analytics.demo.siasn import write_siasn_examples  # noqa: E402
from analytics.loader import load_file  # noqa: E402
from bench.bench_load import append_results, machine  # noqa: E402


def _base(folder: Path, paths: dict[str, Path]):
    con = derived.connect(folder / "kinerja.duckdb")
    for name in ("agencies", "unor_map"):
        assert load_file(con, name, paths[name]).status == "loaded"
    return con


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--employees", type=int, default=200_000)
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "exports"))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--write-results", action="store_true")
    args = ap.parse_args()
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    t = time.perf_counter()
    paths = generate_demo_csvs(out / "csv", employees=args.employees, seed=11)
    shapes = write_siasn_examples(paths, out / "shapes")
    made = time.perf_counter() - t
    big = replace(load_settings(), max_file_mb=NO_UPLOAD_LIMIT_MB)  # the upload limit is not the bench's
    canon, siasn = [], []
    for r in range(args.rounds):
        for label, path, dest in (("canonical", paths["employees"], canon),
                                  ("siasn", shapes["export_data_asn"], siasn)):
            folder = out / f"db_{label}_{r}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            con = _base(folder, paths)
            t = time.perf_counter()
            res = load_file(con, "employees", path, settings=big)
            dest.append(time.perf_counter() - t)
            assert res.status == "loaded" and res.rows_inserted == args.employees, res.errors[:3]
            con.close()
            shutil.rmtree(folder, ignore_errors=True)
    mb = (paths["employees"].stat().st_size / 1e6, shapes["export_data_asn"].stat().st_size / 1e6)
    ratio = min(siasn) / min(canon)
    lines = [f"employees: {args.employees:,} (files made in {made:.1f} s; canonical {mb[0]:.0f} MB, "
             f"Data ASN {mb[1]:.0f} MB with {65} columns)",
             f"canonical employees load: {', '.join(f'{x:.2f}' for x in canon)} s",
             f"SIASN Export Data ASN load: {', '.join(f'{x:.2f}' for x in siasn)} s",
             f"ratio (best of each): {ratio:.2f}x (target <= 1.5x)"]
    print("\n".join(lines))
    if args.write_results:
        append_results(f"## SIASN Export Data ASN against the canonical employees file (issue 19)\n\n"
                       f"`python bench/bench_exports.py --employees {args.employees}` on {machine()}:\n\n"
                       + "\n".join(f"- {line}" for line in lines) + "\n")


if __name__ == "__main__":
    main()
