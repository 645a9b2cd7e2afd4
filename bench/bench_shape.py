"""Readers through the proxy: the serving shape (deploy/shape.py) with one replica against two, same machine, same
run (issue 21). Each reader is a Streamlit session without a browser (bench/wsclient.py) that signs in through the
proxy (the writer checks the password) and changes the province every `--think` seconds on average; the time of a
change is from the rerun request to the run's last message, as in bench/run.py.

    python bench/bench_shape.py --db COPY_OF_A_DATABASE [--sessions 20] [--rounds 5] [--think 5]

The database is copied; the copy gets a bench account. Not a test: tests never assert on time.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analytics import connect  # noqa: E402
from analytics.users import add_user  # noqa: E402
from bench.wsclient import Session  # noqa: E402
from deploy import shape as deploy_shape  # noqa: E402

USER, PASSWORD = "bench.pimpinan", "sandi-bench-yang-panjang"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def readers(url: str, sessions: int, rounds: int, think: float, seed: int) -> dict:
    rng = random.Random(seed)
    times: list[float] = []
    errors: list[str] = []
    gate = asyncio.Semaphore(4)  # sign-ins a few at a time, as readers arrive

    async def reader(i: int) -> None:
        async with gate:
            s = await Session.open(url)
            await s.sign_in(USER, PASSWORD)
            await s.run(page="Ringkasan")
        provinces = s.options("f_province")
        for _ in range(rounds):
            await asyncio.sleep(rng.expovariate(1 / think))
            try:
                s.select("f_province", rng.choice(provinces))
                times.append(await s.run(timeout=300))
            except Exception as exc:  # counted, the reader goes on
                errors.append(f"{i}: {exc}"[:200])
            if s.exceptions():
                errors.append(f"{i}: exception on page")
        await s.close()

    started = time.perf_counter()
    await asyncio.gather(*(reader(i) for i in range(sessions)))
    return {"changes": len(times), "errors": errors, "median": statistics.median(times) if times else None,
            "p95": percentile(times, 0.95) if times else None, "max": max(times) if times else None,
            "seconds": time.perf_counter() - started}


def measure(db: Path, replicas: int, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="pantau-shape-") as tmp:
        folder = Path(tmp)
        copy = folder / "kinerja.duckdb"
        shutil.copyfile(db, copy)
        con = connect(copy)
        add_user(con, USER, "leader", password=PASSWORD)
        con.close()
        shape = deploy_shape.start(folder, replicas=replicas, db=copy)
        try:
            return asyncio.run(readers(shape.url, args.sessions, args.rounds, args.think, args.seed))
        finally:
            shape.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--think", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print("| replicas | province changes | median | p95 | max | errors | run |")
    print("|---|---|---|---|---|---|---|")
    for replicas in (1, 2):
        r = measure(args.db, replicas, args)
        print(f"| {replicas} | {r['changes']} | {r['median']:.2f} s | {r['p95']:.2f} s | {r['max']:.2f} s | "
              f"{len(r['errors'])} | {r['seconds']:.0f} s |", flush=True)
        for e in r["errors"][:5]:
            print("  ", e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
