"""The national-scale benchmark in one command (issue 8): data of Indonesia's size, loaded through the
product's own loader, then every measure the targets name, written to bench/RESULTS.md.

    python bench/run.py --out /data/bench [--employees 4300000] [--csv DIR] [--steps ...] [--write-results]

Steps (each one's figures are kept in OUT/results.json, so a step can be rerun alone with --steps):
  data         the demo generator's contract CSVs for N employees (or reuse --csv DIR), shaped to the issue:
               the promotions of the latest ~1.5 M (per 4.3 M employees) and complaints topped up to ~6 M
               (existing complaints repeated under new ids, same timings);
  load         a fresh database, each dataset loaded with `load_file` (full validation, one transaction, raw
               copy, history, marts and stored flags), timed per dataset;
  pages        server time per page with AppTest: a new filter combination, then the same view cached
               (bench_pages.py);
  browser      Streamlit served on 127.0.0.1 and Debian's Chromium (Playwright): a region change until every
               chart is drawn, the bytes the server sends per page view, the app's peak memory;
  pandas       the appraisal figures of the Kinerja page computed by a straightforward pandas implementation
               (tables in memory, filter and group per view) against the same figures from analytics/;
  concurrency  20 sessions changing filters at once while an analyst uploads a complaints file: Chromium
               tabs, or (--browsers N) N tabs and the rest WebSocket clients that draw nothing (wsclient.py).

Wall-clock figures depend on the machine, which the table describes; ratios are what the targets compare.
Not a test: tests never assert on time.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from bench.bench_load import append_results, machine  # noqa: E402

STEPS = ("data", "load", "pages", "browser", "pandas", "concurrency")
CHROMIUM = "/usr/bin/chromium"
ADMIN, PASSWORD = "bench.admin", "bench-sandi-panjang"
# Sidebar title -> heading of each page an admin has; the public page is the visitor's landing page too.
BROWSER_PAGES = ["Ringkasan", "Kinerja", "Pengaduan", "Keadilan kenaikan pangkat", "Kenaikan: pemeriksaan",
                 "Transparansi kinerja ASN"]
NATIONAL = {"employees": 4_300_000, "promotions": 1_500_000, "complaints": 6_000_000}


def _results(out: Path) -> dict:
    p = out / "results.json"
    return json.loads(p.read_text()) if p.exists() else {}


def _save(out: Path, key: str, value) -> None:
    r = _results(out)
    r[key] = value
    (out / "results.json").write_text(json.dumps(r, indent=1, default=str))


def _med(xs):
    return statistics.median(xs) if xs else None


def _p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))] if xs else None


# --- data ------------------------------------------------------------------------------------------------

def step_data(out: Path, employees: int, csv: Path | None) -> dict:
    from analytics.demo import generate_demo_csvs
    from analytics.datasets import LOAD_ORDER

    src = csv or out / "csv"
    t = time.perf_counter()
    if not (src / "promotions.csv").exists():
        generate_demo_csvs(src, employees=employees, seed=7)
    gen_s = time.perf_counter() - t
    shaped = out / "shaped"
    shaped.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    scale = employees / NATIONAL["employees"]
    want_p, want_c = round(NATIONAL["promotions"] * scale), round(NATIONAL["complaints"] * scale)
    prom = f"read_csv('{src / 'promotions.csv'}', all_varchar = true)"
    # The latest promotions, cut at a date so that each employee's chain of promotions stays whole in time.
    cut = con.execute(f"select effective_date from (select effective_date, row_number() over "
                      f"(order by effective_date desc) as rn from {prom}) where rn = ?", [want_p]).fetchall()
    cutoff = cut[0][0] if cut else "0000-01-01"
    con.execute(f"copy (select * from {prom} where effective_date >= ? order by promotion_id) "
                f"to '{shaped / 'promotions.csv'}' (header)", [cutoff])
    comp = f"read_csv('{src / 'complaints.csv'}', all_varchar = true)"
    n_c = con.execute(f"select count(*) from {comp}").fetchall()[0][0]
    extra = max(0, want_c - n_c)
    # Top-up: existing complaints again under new ids (prefix BEN-), same agency, timings and answers.
    con.execute(f"""copy (select * from {comp} union all
        select 'BEN-' || substr(complaint_id, 5) as complaint_id, * exclude (complaint_id)
        from (select * from {comp} order by complaint_id limit {int(extra)})) to '{shaped / 'complaints.csv'}' (header)""")
    files = {}
    for name in LOAD_ORDER:
        p = shaped / f"{name}.csv" if (shaped / f"{name}.csv").exists() else src / f"{name}.csv"
        files[name] = str(p)
    counts = {name: con.execute(f"select count(*) from read_csv('{p}', all_varchar = true)").fetchall()[0][0]
              for name, p in files.items()}
    con.close()
    return {"generate_s": round(gen_s, 1), "files": files, "rows": counts, "promotions_from": str(cutoff),
            "complaints_repeated": int(extra), "employees": employees}


# --- load ------------------------------------------------------------------------------------------------

def step_load(out: Path, files: dict) -> dict:
    from analytics import db, derived, flags
    from analytics.datasets import LOAD_ORDER
    from analytics.loader import load_file
    from analytics.marts import SOURCES as MART_SOURCES
    from analytics.settings import load_settings
    from analytics.users import add_user

    path = out / "kinerja.duckdb"
    for f in (path, path.with_suffix(".duckdb.wal")):
        f.unlink(missing_ok=True)
    con = derived.connect(path)
    # National files are larger than the upload limit (max_file_mb, 200 MB): the setting an operator raises in
    # kinerja.toml for a first national load from the command line.
    settings = replace(load_settings(), max_file_mb=20_000)
    rows = []
    for name in LOAD_ORDER:
        t = time.perf_counter()
        res = load_file(con, name, files[name], user="bench", settings=settings)
        s = time.perf_counter() - t
        assert res.status == "loaded", (name, [e.message for e in res.errors[:3]])
        rows.append({"dataset": name, "rows": res.rows_in_file, "seconds": round(s, 1),
                     "marts": name in MART_SOURCES, "flags": name in flags.SOURCES,
                     "mb": round(Path(files[name]).stat().st_size / 1e6)})
        print("load", rows[-1], flush=True)
    meta = flags.meta(con)
    add_user(con, ADMIN, "admin", password=PASSWORD)
    con.close()
    return {"db": str(path), "datasets": rows, "flags_seconds": meta and meta["seconds"],
            "db_gb": round(path.stat().st_size / 1e9, 1)}


# --- pages (AppTest) -------------------------------------------------------------------------------------

def step_pages(db: Path, n_combos: int, pages=None) -> dict:
    from bench.bench_pages import PAGES, combos, run_page

    todo = combos(db, n_combos)
    res = {}
    for page in pages or PAGES:
        runs = run_page(db, page, todo)
        news, cached = [r[1] for r in runs], [r[2] for r in runs]
        for params, new_s, cached_s, err in runs:
            print(page, params, f"new {new_s:.2f} s, cached {cached_s:.2f} s", "ERROR" if err else "", flush=True)
        res[page] = {"combos": len(runs), "new_median": _med(news), "new_max": max(news), "national_new": news[0],
                     "cached_median": _med(cached), "errors": sum(r[3] for r in runs)}
        print("pages", page, res[page], flush=True)
    return res


# --- the served app and Chromium -------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run app.py` on 127.0.0.1 against `db`; `peak_mb` is the process's high-water resident set."""

    def __init__(self, db: Path, upload_mb: int | None = None):
        self.port = _free_port()
        self.log = db.with_name(db.stem + ".server.log")  # the server's own messages (an error's details)
        env = {**os.environ, "KINERJA_DB": str(db)}  # KINERJA_THREADS and KINERJA_MEMORY_LIMIT pass through
        larger = []
        if upload_mb:  # a national file over the app's 200 MB: what an operator raises, in both places
            settings = db.with_name(db.stem + ".bench.toml")
            settings.write_text(f"max_file_mb = {int(upload_mb)}\n", encoding="utf-8")
            env["KINERJA_SETTINGS"] = str(settings)
            larger = ["--server.maxUploadSize", str(int(upload_mb))]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(self.port),
             "--browser.gatherUsageStats", "false", *larger],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(self.log, "wb"))
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 600  # a first start may rebuild stored flags of an older version
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("streamlit did not start")

    def _status(self, key: str) -> float:
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def peak_mb(self) -> float:
        return self._status("VmHWM")

    def rss_mb(self) -> float:
        return self._status("VmRSS")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


_WATCH = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  window.__st = {ran: false, done: false};
  if (window.__obs) window.__obs.disconnect();
  window.__obs = new MutationObserver(() => {
    const s = app.getAttribute('data-test-script-state');
    if (s === 'running') window.__st.ran = true;
    else if (window.__st.ran && s === 'notRunning') window.__st.done = true;
  });
  window.__obs.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402


async def _idle(page, timeout_ms: int = 120_000) -> None:
    """Until the rerun that the last action started has finished and the browser has painted it."""
    await page.wait_for_function("() => window.__st && window.__st.done", timeout=timeout_ms, polling=20)
    await page.evaluate(_FRAMES)


async def _sign_in(page, url: str, user: str = ADMIN) -> None:
    await page.goto(url, timeout=600_000)
    await page.get_by_role("heading", name="Transparansi kinerja ASN", exact=True).wait_for(timeout=600_000)
    await page.locator("[data-testid=stSidebarNav]").get_by_text("Masuk", exact=True).click()
    await page.get_by_label("Nama pengguna").fill(user)
    await page.get_by_label("Kata sandi").fill(PASSWORD)
    await page.get_by_role("button", name="Masuk", exact=True).click()
    await page.get_by_role("heading", name="Ringkasan", exact=True).wait_for(timeout=600_000)
    await page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=600_000)


async def _open(page, title: str) -> None:
    await page.evaluate(_WATCH)
    await page.locator("[data-testid=stSidebarNav]").get_by_text(title, exact=True).click()
    await page.get_by_role("heading", name=title, exact=True).wait_for(timeout=600_000)
    try:
        await page.wait_for_function("() => window.__st.ran", timeout=5_000, polling=20)
    except PlaywrightTimeout:  # the page was open already: nothing reran
        return
    await _idle(page, 600_000)


async def _choose(page, label: str, text: str) -> float | None:
    """Choose `text` in the sidebar select box `label`; seconds from the choice to every chart drawn (None
    when the page has no such box)."""
    box = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").filter(has_text=label)
    if not await box.count():
        return None
    await box.first.click()
    await page.keyboard.type(text)
    await page.evaluate(_WATCH)
    t = time.perf_counter()
    await page.keyboard.press("Enter")
    await _idle(page)
    return time.perf_counter() - t


def _province_names(db: Path, n: int) -> list[str]:
    from analytics.regions import region_names

    con = duckdb.connect(str(db), read_only=True)
    codes = [r[0] for r in con.execute(
        "select distinct split_part(region_code, '.', 1) as p from agencies order by hash(p) limit ?", [n]).fetchall()]
    names = region_names(con, codes)
    con.close()
    return [names[c] for c in codes if c in names]


async def _browser_pages(url: str, provinces: list[str]) -> dict:
    from playwright.async_api import async_playwright

    out = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
        page = await ctx.new_page()
        cdp = await ctx.new_cdp_session(page)
        await cdp.send("Network.enable")
        ws, http = [0], [0]
        cdp.on("Network.webSocketFrameReceived", lambda e: ws.__setitem__(0, ws[0] + (
            len(e["response"]["payloadData"]) * 3 // 4 if e["response"]["opcode"] == 2
            else len(e["response"]["payloadData"]))))
        cdp.on("Network.loadingFinished", lambda e: http.__setitem__(0, http[0] + e.get("encodedDataLength", 0)))
        t = time.perf_counter()
        await _sign_in(page, url)
        out["_first_load"] = {"http_bytes": http[0], "ws_bytes": ws[0], "seconds": time.perf_counter() - t}
        for title in BROWSER_PAGES:
            ws[0] = http[0] = 0
            t = time.perf_counter()
            await _open(page, title)
            view_s, view_ws, view_http = time.perf_counter() - t, ws[0], http[0]
            changes = []
            for name in provinces:
                s = await _choose(page, "Provinsi", name)
                if s is None:
                    break
                changes.append(s)
            errors = await page.locator("[data-testid=stException]").count()
            out[title] = {"view_s": view_s, "view_ws_bytes": view_ws, "view_http_bytes": view_http,
                          "change_s": changes, "change_median": _med(changes), "errors": errors}
            print("browser", title, {k: v for k, v in out[title].items() if k != "change_s"}, flush=True)
        await browser.close()
    return out


def step_browser(db: Path, n_provinces: int) -> dict:
    server = Server(db)
    try:
        res = asyncio.run(_browser_pages(server.url, _province_names(db, n_provinces)))
        res["_memory"] = {"peak_mb": server.peak_mb(), "rss_mb": server.rss_mb()}
    finally:
        server.stop()
    return res


# --- concurrency -----------------------------------------------------------------------------------------

def _upload_file(db: Path, rows: int, folder: Path) -> Path:
    """A complaints file of `rows` new complaints (existing ones under new ids): the quarterly upload."""
    con = duckdb.connect(str(db), read_only=True)
    path = folder / "pengaduan_tambahan.csv"
    cols = [r[0] for r in con.execute("select column_name from information_schema.columns where "
                                      "table_name = 'complaints' and column_name <> 'batch_id' "
                                      "order by ordinal_position").fetchall()]
    # A prefix of this run (three letters, as the ids have): an earlier run's file would be "unchanged".
    t = int(time.time()) // 60
    prefix = "U" + chr(65 + t // 26 % 26) + chr(65 + t % 26)
    sel = ", ".join(f"'{prefix}-' || substr(complaint_id, 5) as complaint_id" if c == "complaint_id" else c
                    for c in cols)
    con.execute(f"copy (select {sel} from complaints where complaint_id like 'LPR-%' order by complaint_id "
                f"limit {int(rows)}) to '{path}' (header)")
    con.close()
    return path


async def _concurrent(url: str, provinces: list[str], sessions: int, rounds: int, upload: Path,
                      think: float, browsers: int | None = None, settle: float = 0,
                      dataset_label: str = "Pengaduan") -> dict:
    """`sessions` readers change the province while an analyst uploads. The first `browsers` readers are
    Chromium tabs (all of them when None); the others speak Streamlit's WebSocket protocol (bench/wsclient.py)
    and draw nothing, as when each reader's browser runs on the reader's own computer. The analyst is always a
    Chromium tab: the upload goes through the page's file uploader."""
    from playwright.async_api import async_playwright

    from bench.wsclient import Session

    browsers = sessions if browsers is None else min(browsers, sessions)
    times, errors, upload_s, ready = {"browser": [], "protocol": []}, [], {}, []
    timeline, clock = [], [0.0]  # (seconds since the start when a change began, its seconds, client kind, page)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])

        gate = asyncio.Semaphore(4)  # sessions sign in four at a time (not timed: 21 tabs load the app's files)

        def title_of(i: int) -> str:
            return ("Ringkasan", "Kinerja", "Pengaduan")[i % 3]

        async def changes(i: int, start: asyncio.Event, kind: str, change) -> None:
            """`rounds` province changes by reader `i` once `start` is set; `change(name)` makes one and returns
            its seconds (None when the page has no province box)."""
            ready.append(i)
            await start.wait()
            rng = random.Random(i)
            for k in range(rounds):
                # A reader looks at the figures before the next change: `think` seconds on average (0: all at once).
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think if think else 0)
                try:
                    s = await change(provinces[(i + k) % len(provinces)])
                    if s is not None:
                        times[kind].append(s)
                        timeline.append((round(time.perf_counter() - s - clock[0], 2), round(s, 3), kind,
                                         title_of(i)))
                except Exception as e:  # a timeout is an error of the run, counted
                    errors.append(f"session {i}: {type(e).__name__}: {e}"[:200])

        async def reader(i: int, start: asyncio.Event):
            ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
            page = await ctx.new_page()
            async with gate:
                await _sign_in(page, url)
                await _open(page, title_of(i))
            await changes(i, start, "browser", lambda name: _choose(page, "Provinsi", name))
            errors.extend([f"session {i}: exception on page"] * await page.locator("[data-testid=stException]").count())
            await ctx.close()

        async def protocol_reader(i: int, start: asyncio.Event):
            async def connect() -> Session:
                s = await Session.open(url)
                await s.sign_in(ADMIN, PASSWORD)
                await s.run(page=title_of(i))
                return s

            async with gate:
                session = [await connect()]

            async def change(name: str) -> float:
                s = session[0]
                try:
                    s.select("f_province", name)
                    seconds = await s.run(timeout=600)
                except Exception:  # counted by `changes`; the reader goes on in a new session (wsclient.broken)
                    await s.close()
                    session[0] = await connect()
                    raise
                if s.exceptions():
                    errors.append(f"session {i}: exception on page")
                return seconds

            await changes(i, start, "protocol", change)
            await session[0].close()

        async def uploader(start: asyncio.Event):
            ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
            page = await ctx.new_page()
            async with gate:
                await _sign_in(page, url)
                await _open(page, "Unggah Data")
            box = page.locator("[data-testid=stSelectbox]").filter(has_text="Dataset")
            await box.click()
            await page.keyboard.type(dataset_label)
            await page.keyboard.press("Enter")
            await page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]")
            await page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(upload))
            await page.get_by_role("button", name="Periksa berkas (uji coba, belum dimuat)").wait_for(timeout=120_000)
            ready.append("upload")
            await start.wait()
            t = time.perf_counter()
            await page.get_by_role("button", name="Periksa berkas (uji coba, belum dimuat)").click()
            load = page.get_by_role("button", name="Muat ke basis data")
            await load.wait_for(timeout=600_000)
            await page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=600_000)
            upload_s["check_s"] = time.perf_counter() - t
            t2 = time.perf_counter()
            upload_s["load_from_s"] = t2 - clock[0]
            await load.click()
            await page.get_by_text("dimuat:", exact=False).first.wait_for(timeout=1_200_000)
            upload_s["load_s"] = time.perf_counter() - t2
            upload_s["total_s"] = time.perf_counter() - t
            for k in range(await page.locator("[data-testid=stException]").count()):
                shown = await page.locator("[data-testid=stException]").nth(k).inner_text()
                errors.append("uploader: exception on page: " + " ".join(shown.split())[:300])
            await ctx.close()

        start = asyncio.Event()
        tasks = [asyncio.create_task((reader if i < browsers else protocol_reader)(i, start)) for i in range(sessions)]
        if upload is not None:
            tasks.append(asyncio.create_task(uploader(start)))
        # Every session signed in and on its page before the clock starts.
        while len(ready) < sessions + (upload is not None) and not any(t.done() for t in tasks):
            await asyncio.sleep(0.5)
        # `settle`: seconds the signed-in sessions stay idle before the clock starts, in which the server computes
        # every province's first view ahead (ui/warm.py) as it does after a start or a load. 0: a cold start.
        await asyncio.sleep(settle)
        t0, cpu0 = time.perf_counter(), _cpu()
        clock[0] = t0
        start.set()
        await asyncio.gather(*tasks)
        wall, cpu1 = time.perf_counter() - t0, _cpu()
        await browser.close()
    every = times["browser"] + times["protocol"]
    return {"sessions": sessions, "browsers": browsers, "rounds": rounds, "changes": len(every),
            "median_s": _med(every), "p95_s": _p95(every), "max_s": max(every) if every else None,
            "by_client": {k: {"changes": len(v), "median_s": _med(v), "p95_s": _p95(v), "max_s": max(v)}
                          for k, v in times.items() if v},
            "errors": errors, "upload": upload_s, "wall_s": wall, "think_s": think, "timeline": sorted(timeline),
            "settle_s": settle,
            "cpu_s": {k: cpu1.get(k, 0) - cpu0.get(k, 0) for k in cpu1}}


def _cpu() -> dict:
    """CPU seconds (user + system) used so far by the app server (`streamlit`), by the Chromium processes alive
    and by the whole machine, from /proc: on one machine the browsers and the server share the cores, and this
    says who used them (a closed tab takes its seconds with it, so the machine's total is the one to compare)."""
    out = {"server": 0.0, "chromium": 0.0}
    tick = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat") as f:  # the whole machine: user, nice, system, irq, softirq, steal
        v = [int(x) for x in f.readline().split()[1:9]]
    out["machine"] = (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / tick
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ")
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        if b"streamlit run" in cmd:
            out["server"] += used
        elif b"chromium" in cmd:
            out["chromium"] += used
    return out


def step_concurrency(db: Path, sessions: int, rounds: int, upload_rows: int, think: float,
                     browsers: int | None = None, settle: float = 0, clients_nice: int = 0,
                     upload_file: Path | None = None, upload_dataset: str = "complaints") -> dict:
    """Readers changing filters while an analyst uploads `upload_file` as `upload_dataset` (e.g. a national quarter
    of appraisals from bench/bench_quarter.py), or else a complaints file of `upload_rows` rows made from the
    database."""
    from analytics.datasets import DATASETS

    folder = Path(tempfile.mkdtemp(prefix="kinerja_bench_"))
    if upload_file is not None:
        upload = upload_file
        upload_rows = sum(1 for _ in open(upload_file, "rb")) - 1
    else:
        upload = _upload_file(db, upload_rows, folder) if upload_rows else None  # 0: readers alone
    upload_mb = int(upload.stat().st_size / 2**20) + 64 if upload is not None and upload.stat().st_size > 190 * 2**20 \
        else None
    provinces = _province_names(db, 12)
    # The upload goes into a copy, beside the database (its raw files go to the same `raw/`): every run starts
    # from the same data, and the load does the same work (a partial recount of the complaint cells, not the
    # full one that earlier runs' appended rows would bring on: analytics/sla._APPENDED_MAX).
    served = db.with_name(db.stem + ".concurrency" + db.suffix) if upload else db
    # A copy's write-ahead log left by an earlier run would be replayed onto the new copy: removed first.
    leftovers = [served, served.with_name(served.name + ".wal")] if upload else []
    for f in leftovers:
        f.unlink(missing_ok=True)
    if upload:
        shutil.copyfile(db, served)
        before = _batch_ids(served)
    server = None
    try:
        server = Server(served, upload_mb)
        # `clients_nice`: the clients (this thread, the Chromium it starts, the protocol readers) run that much
        # lower than the server, started just before: on one machine they stand for the readers' own computers,
        # and take only the CPU the server leaves. The app's own mechanism for loads (ui/priority.py): Linux gives
        # each thread its own nice value, and children inherit it.
        from ui import priority

        with priority.lowered(clients_nice) if clients_nice else contextlib.nullcontext():
            res = asyncio.run(_concurrent(server.url, provinces, sessions, rounds, upload, think, browsers, settle,
                                          DATASETS[upload_dataset].title("id")))
        res["peak_mb"] = server.peak_mb()
        # What the load left in the write-ahead log (0: checkpointed after its commit, analytics/db.py checkpoint).
        wal = served.with_name(served.name + ".wal")
        res["wal_bytes_after"] = wal.stat().st_size if wal.exists() else 0
        res["upload_rows"] = upload_rows
        res["upload_dataset"] = upload_dataset
        res["clients_nice"] = clients_nice
    finally:
        if server is not None:
            server.stop()
        if upload:
            con = duckdb.connect(str(served), read_only=True)
            for batch_id, raw in con.execute("select batch_id, raw_path from batches").fetchall():
                if batch_id not in before and raw:
                    Path(raw).unlink(missing_ok=True)
            con.close()
            for f in leftovers:
                f.unlink(missing_ok=True)
            shutil.rmtree(folder, ignore_errors=True)
    return res


def _batch_ids(db: Path) -> set[int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute("select batch_id from batches").fetchall()}
    finally:
        con.close()


# --- pandas baseline -------------------------------------------------------------------------------------

def _pandas_tables(con):
    """The tables a straightforward pandas implementation holds in memory: appraisals (nip as an integer,
    period and rating as categoricals: the compact choice, not strings), employees, agencies."""
    import pyarrow.compute as pc

    def frame(sql, cats=()):
        tbl = con.sql(sql).to_arrow_table()
        for c in cats:
            tbl = tbl.set_column(tbl.schema.get_field_index(c), c, pc.dictionary_encode(tbl[c]))
        return tbl.to_pandas()

    ap = frame("select nip::bigint as nip, year::smallint as year, period, rating, score::float as score "
               "from appraisals", ("period", "rating"))
    emp = frame("select nip::bigint as nip, agency_code from employees", ("agency_code",))
    ag = frame("select agency_code, region_code from agencies")
    return ap, emp, ag


def _pandas_view(ap, emp, ag, f: dict) -> dict:
    """The Kinerja page's appraisal figures for one filter combination, the plain pandas way: filter the
    agencies, their employees and the period's appraisals, join, group."""
    import numpy as np
    import pandas as pd

    agencies = ag
    if f.get("region"):
        r = f["region"]
        agencies = ag[(ag["region_code"] == r) | ag["region_code"].str.startswith(r + ".")]
    if f.get("agency"):
        agencies = agencies[agencies["agency_code"] == f["agency"]]
    e = emp[emp["agency_code"].isin(agencies["agency_code"])]
    sel = ap[(ap["year"] == int(f["year"])) & (ap["period"] == f["period"])].merge(e, on="nip")
    g = sel.groupby("agency_code", observed=True)
    dist = g.agg(n=("rating", "size"), score_mean=("score", "mean"), score_median=("score", "median"))
    shares = pd.crosstab(sel["agency_code"], sel["rating"], normalize="index")
    dist = dist.join(shares).join(g["score"].quantile([0.1, 0.9]).unstack())
    totals = sel["rating"].value_counts(normalize=True), sel["score"].quantile([0.1, 0.5, 0.9])
    hist = (np.floor(np.minimum(sel["score"].dropna(), 119.999) / 5) * 5).astype(int).value_counts().sort_index()
    boxes = g["score"].quantile([0.25, 0.5, 0.75]).unstack()
    q = ap[ap["period"] != "Y"].merge(e, on="nip")
    trend = q.groupby(["year", "period"], observed=True).agg(
        n=("rating", "size"), score_mean=("score", "mean"),
        share_good=("rating", lambda s: s.isin(["sangat_baik", "baik"]).mean()))
    return {"dist": dist, "totals": totals, "hist": hist, "boxes": boxes, "trend": trend}


def _duckdb_view(con, f: dict) -> dict:
    """The same figures from analytics/ (what the page reads: the marts)."""
    from analytics import appraisals as A
    from analytics.filters import Filters
    from analytics.scope import Scope

    F = Filters(region=f.get("region"), agency=f.get("agency"), year=int(f["year"]), period=f["period"])
    everyone = Scope.unrestricted()
    return {"dist": A.appraisal_distribution(con, everyone, F, by="agency"),
            "totals": A.rating_totals(con, everyone, F), "hist": A.score_histogram(con, everyone, F),
            "boxes": A.score_boxes(con, everyone, F), "trend": A.quarterly_trend(con, everyone, F)}


def step_pandas(db: Path, n_combos: int) -> dict:
    from bench.bench_pages import combos

    todo = combos(db, n_combos)
    con = duckdb.connect(str(db), read_only=True)
    t = time.perf_counter()
    ap, emp, ag = _pandas_tables(con)
    load_s = time.perf_counter() - t
    mem_mb = sum(int(x.memory_usage(deep=True).sum()) for x in (ap, emp, ag)) / 1e6
    rows, same = [], []
    for f in todo:
        t = time.perf_counter()
        pv = _pandas_view(ap, emp, ag, f)
        pandas_s = time.perf_counter() - t
        t = time.perf_counter()
        dv = _duckdb_view(con, f)
        duck_s = time.perf_counter() - t
        # Same figures: appraisals counted per agency, and the quarterly trend's counts.
        n_pd = {k: int(v) for k, v in pv["dist"]["n"].items()}
        n_dk = {r["group"]: int(r["n"]) for r in dv["dist"].to_dict("records")}
        same.append(n_pd == n_dk and [int(x) for x in pv["trend"]["n"]] == [int(x) for x in dv["trend"]["n"]])
        rows.append({"filters": f, "pandas_s": pandas_s, "duckdb_s": duck_s, "ratio": pandas_s / duck_s})
        print("pandas", rows[-1], "same" if same[-1] else "DIFFERENT", flush=True)
    con.close()
    return {"load_s": load_s, "memory_mb": mem_mb, "combos": rows, "all_same": all(same),
            "pandas_median": _med([r["pandas_s"] for r in rows]), "duckdb_median": _med([r["duckdb_s"] for r in rows]),
            "ratio_median": _med([r["ratio"] for r in rows]), "ratio_min": min(r["ratio"] for r in rows)}


# --- the results table -----------------------------------------------------------------------------------

def _mb(b) -> str:
    return f"{b / 1e6:.2f} MB"


def report(out: Path) -> str:
    r = _results(out)
    L = [f"### National scale, one command: `python bench/run.py`, {date.today().isoformat()}", "",
         f"Machine: {r.get('machine', machine())}."]
    if "data" in r:
        d = r["data"]
        L += ["", f"Data: the demo generator for {d['employees']:,} employees (seed 7): "
              + ", ".join(f"{k} {v:,}" for k, v in d["rows"].items())
              + f". Promotions effective from {d['promotions_from']}; {d['complaints_repeated']:,} complaints "
              "repeated under new ids to reach the complaints target."]
    if "load" in r:
        ld = r["load"]
        L += ["", "**Loading** through the product's loader (`load_file`: full validation, one transaction, raw "
              "copy, batch log; marts and stored flags rebuilt where the dataset feeds them):", "",
              "| dataset | rows | file | seconds | rebuilds |", "|---|---|---|---|---|"]
        for x in ld["datasets"]:
            rebuild = " + ".join(n for n, on in (("marts", x["marts"]), ("flags", x["flags"])) if on) or "–"
            L.append(f"| {x['dataset']} | {x['rows']:,} | {x['mb']:,} MB | {x['seconds']:.0f} | {rebuild} |")
        L.append(f"\nDatabase file: {ld['db_gb']} GB; the last flag recompute: {ld['flags_seconds']} s.")
    if "pages" in r:
        L += ["", "**Server time per page** (AppTest from app.py, signed in as admin; a new filter combination "
              "and the same view again):", "",
              "| page | combinations | new, median (max) | the whole country, first view | target new ≤ 1 s | "
              "cached, median | target ≤ 0.2 s |",
              "|---|---|---|---|---|---|---|"]
        for page, x in r["pages"].items():
            errs = f" ({x['errors']} runs with an exception)" if x["errors"] else ""
            L.append(f"| {page} | {x['combos']} | {x['new_median']:.2f} s ({x['new_max']:.2f} s) | "
                     f"{x.get('national_new', float('nan')):.2f} s | "
                     f"{'met' if x['new_median'] <= 1 else 'MISSED'} | {x['cached_median']:.2f} s | "
                     f"{'met' if x['cached_median'] <= 0.2 else 'MISSED'}{errs} |")
    if "browser" in r:
        b = r["browser"]
        first = b["_first_load"]
        L += ["", "**In Chromium** (Streamlit on 127.0.0.1, Playwright; a province chosen in the sidebar until the "
              "rerun has finished and the browser has painted; bytes are the WebSocket frames the server sent for "
              "the page view):", "",
              "| page | opening the page | province change, median (max) | target ≤ 1.5 s | sent per page view | "
              "target ≤ 2 MB |", "|---|---|---|---|---|---|"]
        for title, x in b.items():
            if title.startswith("_"):
                continue
            ch = x["change_s"]
            L.append(f"| {title} | {x['view_s']:.2f} s | "
                     + (f"{_med(ch):.2f} s ({max(ch):.2f} s) | {'met' if _med(ch) <= 1.5 else 'MISSED'}" if ch
                        else "no province filter | –")
                     + f" | {_mb(x['view_ws_bytes'] + x['view_http_bytes'])} | "
                     f"{'met' if x['view_ws_bytes'] + x['view_http_bytes'] <= 2e6 else 'MISSED'} |")
        m = b["_memory"]
        L += ["", f"First visit (sign-in page, static files, then the overview): {_mb(first['http_bytes'])} over "
              f"HTTP (the app's JavaScript, cached by the browser afterwards) and {_mb(first['ws_bytes'])} of data, "
              f"{first['seconds']:.1f} s. Peak memory of the app process over this run: **{m['peak_mb'] / 1024:.2f} "
              f"GB** (target ≤ 4 GB: {'met' if m['peak_mb'] <= 4096 else 'MISSED'}); resident at the end "
              f"{m['rss_mb'] / 1024:.2f} GB."]
    if "pandas" in r:
        p = r["pandas"]
        L += ["", "**Against a pandas baseline**: the Kinerja page's appraisal figures (distribution and box plots "
              "per agency, totals, histogram, quarterly trend) for each filter combination, computed from tables "
              f"held in memory (appraisals with integer NIPs and categorical columns: {p['memory_mb'] / 1024:.1f} GB, "
              f"{p['load_s']:.0f} s to load) by filtering, joining and grouping, against the same figures from "
              f"analytics/ (the marts). Same counts in every combination: {'yes' if p['all_same'] else 'NO'}.", "",
              "| | median per filter change |", "|---|---|",
              f"| pandas in memory | {p['pandas_median']:.2f} s |", f"| analytics/ (DuckDB, marts) | "
              f"{p['duckdb_median']:.3f} s |",
              f"| ratio | **{p['ratio_median']:.0f}×** (lowest {p['ratio_min']:.0f}×; target ≥ 10×: "
              f"{'met' if p['ratio_median'] >= 10 else 'MISSED'}) |"]
    for key in sorted(k for k in r if k.startswith("concurrency")):
        c = r[key]
        up = c["upload"]
        pace = (f"with {c['think_s']:.0f} s on average (uniform, 0.5–1.5×) between a reader's changes"
                if c.get("think_s") else "all at once, without pause (the worst case)")
        nb = c.get("browsers", c["sessions"])
        who = (f"{c['sessions']} browser sessions (one Chromium, one context each)" if nb == c["sessions"] else
               f"{c['sessions']} sessions ({nb} in Chromium; {c['sessions'] - nb} WebSocket clients that speak "
               "Streamlit's protocol and draw nothing, bench/wsclient.py, timed from the request to the run's last "
               "message)")
        kind = {"complaints": "a complaints file", "appraisals": "an appraisals file"}.get(
            c.get("upload_dataset", "complaints"), "a file")
        during = (f", while an analyst (a Chromium tab) checked and loaded {kind} of "
                  f"{c['upload_rows']:,} rows on Unggah Data" if c["upload_rows"] else ", without an upload")
        settled = (f" The sessions were signed in and idle for {c['settle_s']:.0f} s before the clock started (the "
                   "server computing every province's first view ahead)." if c.get("settle_s") else
                   " The clock started as soon as every session was signed in (a cold start).")
        if c.get("clients_nice"):
            settled += (f" The clients (the Chromium tabs and the protocol readers) ran at nice {c['clients_nice']}, "
                        "below the server: on one machine they stand for the readers' own computers.")
        L += ["", f"**Concurrency**: {who}, signed in and on Ringkasan, Kinerja or Pengaduan, each changed the "
              f"province {c['rounds']} times, {pace}{during}.{settled}", "",
              "| measure | value |", "|---|---|",
              f"| filter changes timed | {c['changes']} |",
              f"| median, p95, max | {c['median_s']:.2f} s, **{c['p95_s']:.2f} s**, {c['max_s']:.2f} s (target p95 ≤ 3 s: "
              f"{'met' if c['p95_s'] <= 3 else 'MISSED'}) |",
              *[f"| {'Chromium tabs (to charts drawn)' if k == 'browser' else 'WebSocket clients (to the last message)'}"
                f": changes, median, p95, max | {x['changes']}, {x['median_s']:.2f} s, {x['p95_s']:.2f} s, "
                f"{x['max_s']:.2f} s |" for k, x in c.get("by_client", {}).items() if nb != c["sessions"]],
              f"| errors | {len(c['errors'])}{': ' + '; '.join(c['errors'][:5]) if c['errors'] else ''} |",
              *([f"| upload | check {up.get('check_s', float('nan')):.1f} s, load "
                 f"{up.get('load_s', float('nan')):.1f} s |"] if c["upload_rows"] else []),
              f"| peak memory of the app | {c['peak_mb'] / 1024:.2f} GB |",
              *([f"| CPU used during the run (2 cores × wall = {2 * c['wall_s']:.0f} s available) | app server "
                 f"{c['cpu_s']['server']:.0f} s ({c['cpu_s']['server'] / max(c['changes'], 1):.2f} s a filter "
                 f"change, upload included), the whole machine {c['cpu_s']['machine']:.0f} s: the browsers and the "
                 f"rest {c['cpu_s']['machine'] - c['cpu_s']['server']:.0f} s |"] if "machine" in c.get("cpu_s", {})
                else []),
              f"| wall time of the run | {c['wall_s']:.0f} s |"]
    return "\n".join(L) + "\n"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="folder for the CSVs, the database and results.json")
    ap.add_argument("--employees", type=int, default=NATIONAL["employees"])
    ap.add_argument("--csv", type=Path, help="reuse the generator's CSVs from this folder")
    ap.add_argument("--db", type=Path, help="measure this database instead of loading one (skips data and load)")
    ap.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    ap.add_argument("--combos", type=int, default=6, help="filter combinations per page (bench_pages.combos)")
    ap.add_argument("--pages", nargs="+", help="pages step: only these (bench_pages.PAGES keys); the others' "
                    "figures are kept")
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--upload-rows", type=int, default=100_000)
    ap.add_argument("--upload-file", type=Path, help="concurrency: upload this file instead (e.g. bench_quarter.py's "
                    "national quarter of appraisals)")
    ap.add_argument("--upload-dataset", default="complaints", help="concurrency: the dataset of --upload-file")
    ap.add_argument("--think", type=float, default=5.0, help="concurrency: mean seconds a reader looks before the "
                    "next change (0: every session changes at once, the worst case)")
    ap.add_argument("--browsers", type=int, help="concurrency: how many readers are Chromium tabs (default: all); "
                    "the others speak Streamlit's WebSocket protocol and draw nothing (bench/wsclient.py)")
    ap.add_argument("--settle", type=float, default=0, help="concurrency: seconds the signed-in sessions wait "
                    "before the clock starts, for the server's precomputed first views (0: a cold start)")
    ap.add_argument("--clients-nice", type=int, default=0, help="concurrency: run the clients this much below the "
                    "server's CPU priority (Linux nice; they stand for the readers' own computers)")
    ap.add_argument("--write-results", action="store_true", help="append the table to bench/RESULTS.md")
    ap.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if not 0 <= a.clients_nice <= 19:
        ap.error(f"--clients-nice must be from 0 to 19 (a nice value added to the clients'), not {a.clients_nice}")
    if a.db and not a.db.exists():  # connecting would create an empty database and measure nothing
        ap.error(f"--db {a.db}: no such database file")
    a.out.mkdir(parents=True, exist_ok=True)
    _save(a.out, "machine", machine())
    steps = [s for s in a.steps if not (a.db and s in ("data", "load"))]
    if "data" in steps:
        _save(a.out, "data", step_data(a.out, a.employees, a.csv))
    if "load" in steps:
        _save(a.out, "load", step_load(a.out, _results(a.out)["data"]["files"]))
    db = a.db or Path(_results(a.out)["load"]["db"])
    if a.db:  # an existing database: the bench account is added when missing
        from analytics import derived
        from analytics.users import add_user, get_user

        con = derived.connect(db)
        if get_user(con, ADMIN) is None:
            add_user(con, ADMIN, "admin", password=PASSWORD)
        con.close()
    if "pages" in steps and a.in_process:
        _save(a.out, "pages", {**_results(a.out).get("pages", {}), **step_pages(db, a.combos, a.pages)})
        return
    if "pages" in steps:  # AppTest keeps the app's connection open: in a process of its own, which then ends
        subprocess.run([sys.executable, __file__, "--out", str(a.out), "--db", str(db), "--steps", "pages",
                        "--combos", str(a.combos), "--in-process", *(["--pages", *a.pages] if a.pages else [])],
                       check=True)
    if "browser" in steps:
        _save(a.out, "browser", step_browser(db, 3))
    if "pandas" in steps:
        _save(a.out, "pandas", step_pandas(db, a.combos))
    if "concurrency" in steps:
        key = (f"concurrency_{a.sessions}_think{a.think:g}" + (f"_browsers{a.browsers}" if a.browsers is not None
                                                                else "") + (f"_settle{a.settle:g}" if a.settle else "")
               + (f"_nice{a.clients_nice}" if a.clients_nice else ""))
        if a.upload_file:
            key += f"_{a.upload_dataset}"
        _save(a.out, key, step_concurrency(db, a.sessions, a.rounds, a.upload_rows, a.think, a.browsers, a.settle,
                                           a.clients_nice, a.upload_file, a.upload_dataset))
    text = report(a.out)
    print(text)
    if a.write_results:
        append_results(text)


if __name__ == "__main__":
    main()
