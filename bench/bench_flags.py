"""Benchmark of the stored promotion flags (issue 6): recomputing every flag over a database, as every load
of promotions, employees, appraisals or agencies does inside its transaction, and the inspectors' queue
read with each filter the page offers.

    python bench/bench_flags.py --db /path/to/national.duckdb [--repeat 5]

Prints JSON: the recompute's seconds per stage, the seconds per 1.5 million promotions (the issue's unit:
at most 60 s) and the median seconds of each queue read (the page's filter change: at most 1 s). The
database is changed (its flag tables are rewritten) but not its data. Not a test: tests never assert on time.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from analytics import Scope, db, flags  # noqa: E402
from analytics.filters import Filters  # noqa: E402


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    con = duckdb.connect(args.db)
    con.execute("set enable_progress_bar = false")
    db.migrate(con)
    con.begin()
    done = flags.refresh(con)
    con.commit()
    out = {"database": args.db, "recompute": done,
           "seconds_per_1_5M_promotions": round(done["seconds"] * 1.5e6 / max(done["promotions"], 1), 1)}
    print(json.dumps(out, default=str), file=sys.stderr, flush=True)
    everyone = Scope.unrestricted()
    top = con.execute("select agency_code, approver_nip, year(effective_date) from promotion_flags "
                      "where approver_nip is not null limit 1").fetchall()
    agency, approver, year = top[0] if top else (None, None, None)
    region = agency.split(".")[0] if agency else None
    reads = {
        "all": dict(filters=Filters()),
        "year": dict(filters=Filters(year=year)),
        "province": dict(filters=Filters(region=region, year=year)),
        "agency": dict(filters=Filters(agency=agency)),
        "code": dict(filters=Filters(year=year), code="RANK_TIME_SHORT"),
        "approver": dict(filters=Filters(), approver=approver),
        "status": dict(filters=Filters(year=year), status="open"),
        "approver_options": None,
    }
    times = {}
    for name, kw in reads.items():
        runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            if kw is None:
                flags.approver_options(con, everyone, Filters(year=year))
            else:
                rest = {k: v for k, v in kw.items() if k != "filters"}
                flags.queue(con, everyone, kw["filters"], lang="id", **rest)
            runs.append(time.perf_counter() - t)
        times[name] = round(statistics.median(runs), 3)
    out["queue_median_seconds"] = times
    print(json.dumps(out, indent=1, default=str))


if __name__ == "__main__":
    main()
