"""Readers through the proxy: the serving shape (deploy/shape.py) with one replica against two, same machine, same
run (issue 21). Each reader is a Streamlit session without a browser (bench/wsclient.py) that signs in through the
proxy (the writer checks the password) and changes the province every `--think` seconds on average; the time of a
change is from the rerun request to the run's last message, as in bench/run.py.

Then the first view after a publish: an analyst (Chromium, through the proxy at /admin) loads a complaints file of
`--upload-rows` rows on the writer, which publishes a snapshot; `--settle` seconds after the load is done, every
reader reruns the view it has open, which is now read from the new snapshot. With warming on (the default of a
deployment; `KINERJA_PREWARM=0` turns it off) each replica has computed the provinces' default views by then.

    python bench/bench_shape.py --db COPY_OF_A_DATABASE [--sessions 20] [--rounds 5] [--think 5] [--settle 30]

The database is copied; the copy gets a bench account. Not a test: tests never assert on time.
"""
from __future__ import annotations

import argparse
import asyncio
import os
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
from bench.run import _upload_file  # noqa: E402
from bench.wsclient import Session  # noqa: E402
from deploy import shape as deploy_shape  # noqa: E402

USER, PASSWORD = "bench.pimpinan", "sandi-bench-yang-panjang"
ANALYST = "bench.analis"
CHROMIUM = "/usr/bin/chromium"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _stats(times: list[float]) -> dict:
    return {"n": len(times), "median": statistics.median(times) if times else None,
            "p95": percentile(times, 0.95) if times else None, "max": max(times) if times else None}


async def publish_by_upload(url: str, upload: Path) -> float:
    """An analyst signs in at /admin, loads `upload` as complaints and waits for the writer to say it published a
    snapshot: seconds from the load button to that sentence."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        idle = "[data-testid=stApp][data-test-script-state=notRunning]"
        await page.goto(f"{url}/admin/", timeout=600_000)
        await page.locator("[data-testid=stSidebarNav]").get_by_text("Masuk", exact=True).click()
        await page.get_by_label("Nama pengguna").fill(ANALYST)
        await page.get_by_label("Kata sandi").fill(PASSWORD)
        await page.get_by_role("button", name="Masuk", exact=True).click()
        await page.get_by_role("heading", name="Ringkasan", exact=True).wait_for(timeout=600_000)
        await page.locator("[data-testid=stSidebarNav]").get_by_text("Unggah Data", exact=True).click()
        await page.get_by_role("heading", name="Unggah Data", exact=True).wait_for(timeout=600_000)
        await page.wait_for_selector(idle, timeout=600_000)
        box = page.locator("[data-testid=stSelectbox]").filter(has_text="Dataset")
        await box.click()
        await page.keyboard.type("Pengaduan")
        await page.keyboard.press("Enter")
        await page.wait_for_selector(idle)
        await page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(upload))
        await page.get_by_role("button", name="Periksa berkas (uji coba, belum dimuat)").click()
        load = page.get_by_role("button", name="Muat ke basis data")
        await load.wait_for(timeout=600_000)
        await page.wait_for_selector(idle, timeout=600_000)
        try:
            t = time.perf_counter()
            await load.click()
            await page.get_by_text("diterbitkan untuk server replika", exact=False).wait_for(timeout=1_200_000)
            return time.perf_counter() - t
        except Exception:
            await page.screenshot(path=str(Path(tempfile.gettempdir()) / "bench_shape_analyst.png"), full_page=True)
            raise
        finally:
            await browser.close()


async def readers(url: str, sessions: int, rounds: int, think: float, seed: int, upload: Path | None = None,
                  settle: float = 30.0) -> dict:
    rng = random.Random(seed)
    times: list[float] = []
    after: list[float] = []
    errors: list[str] = []
    done_rounds = asyncio.Event()
    published = asyncio.Event()
    finished = [0]
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
        finished[0] += 1
        if finished[0] == sessions:
            done_rounds.set()
        if upload is not None:
            await published.wait()
            try:  # the view this reader has open, read again: from the new snapshot
                after.append(await s.run(timeout=600))
            except Exception as exc:
                errors.append(f"{i} after the publish: {exc}"[:200])
        await s.close()

    publish: dict = {}

    async def analyst() -> None:
        await done_rounds.wait()
        try:
            publish["load_s"] = await publish_by_upload(url, upload)
        except Exception as exc:
            errors.append(f"analyst: {exc}"[:300])
        await asyncio.sleep(settle)
        published.set()

    started = time.perf_counter()
    await asyncio.gather(*(reader(i) for i in range(sessions)), *([analyst()] if upload is not None else []))
    return {"changes": len(times), "errors": errors, **_stats(times), "after": _stats(after), **publish,
            "seconds": time.perf_counter() - started}


def measure(db: Path, replicas: int, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="pantau-shape-") as tmp:
        folder = Path(tmp)
        copy = folder / "kinerja.duckdb"
        shutil.copyfile(db, copy)
        con = connect(copy)
        add_user(con, USER, "leader", password=PASSWORD)
        add_user(con, ANALYST, "analyst", password=PASSWORD)
        con.close()
        upload = None
        if args.upload_rows:
            upload = _upload_file(copy, args.upload_rows, folder)
        shape = deploy_shape.start(folder, replicas=replicas, db=copy)
        try:
            return asyncio.run(readers(shape.url, args.sessions, args.rounds, args.think, args.seed, upload,
                                       args.settle))
        finally:
            shape.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--think", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--upload-rows", type=int, default=1000,
                    help="complaints the analyst loads to publish a snapshot (0: no publish)")
    ap.add_argument("--settle", type=float, default=30.0,
                    help="seconds between the publish and the readers' first view of it")
    ap.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    warm = "off" if os.environ.get("KINERJA_PREWARM", "1").strip() == "0" else "on"
    print(f"warming {warm}; first view after a publish: {args.settle:.0f} s after the load")
    print("| replicas | province changes | median | p95 | max | errors | load + publish | first view after it: "
          "median | p95 | max | run |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for replicas in args.replicas:
        r = measure(args.db, replicas, args)
        a = r["after"]
        after = (f"{a['median']:.2f} s | {a['p95']:.2f} s | {a['max']:.2f} s" if a["n"] else "— | — | —")
        load = f"{r['load_s']:.1f} s" if "load_s" in r else "—"
        print(f"| {replicas} | {r['changes']} | {r['median']:.2f} s | {r['p95']:.2f} s | {r['max']:.2f} s | "
              f"{len(r['errors'])} | {load} | {after} | {r['seconds']:.0f} s |", flush=True)
        for e in r["errors"][:5]:
            print("  ", e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
