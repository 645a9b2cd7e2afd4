"""The serving shape end to end (issue 21), on 127.0.0.1: HAProxy (Debian's package) in front of a writer at
/admin and two read-only replicas (deploy/shape.py, what deploy/run.sh starts), driven through the proxy with
Chromium. A reader signs in on a replica (the writer checks the password) and keeps the session across pages
(sticky); an analyst loads a file on the writer, and after one rerun both replicas show the new snapshot; the
replica of a signed-in reader stops and the reader lands on the other, signed out, and signs in again; a
replica has no write path; /admin refuses a leader. Every process is stopped at the end."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
PASSWORD = "sandi-uji-yang-panjang"
for need, what in ((CHROMIUM, "chromium"), (HAPROXY, "haproxy")):
    if not Path(need).exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"{need} is missing: .ci/run installs {what} with apt-get")
        pytest.skip(f"{need} is not installed (apt-get install {what})", allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

from deploy import shape as deploy_shape  # noqa: E402
from tests.test_browser import browser  # noqa: E402,F401  (the same Chromium, one per module)

pytestmark = pytest.mark.xdist_group("deploy")


@pytest.fixture(scope="module")
def shape(tmp_path_factory, demo_file):
    from analytics import connect
    from analytics.users import add_user
    from tests.conftest import _place

    folder = tmp_path_factory.mktemp("shape")
    db = _place(demo_file, folder)
    con = connect(db)
    for name, role, region in (("uji.leader", "leader", "72.71"), ("uji.analyst", "analyst", None),
                               ("uji.admin", "admin", None)):
        add_user(con, name, role, password=PASSWORD, region=region)
    con.close()
    started = deploy_shape.start(folder, replicas=2, db=db)
    yield started
    started.stop()
    assert all(p.poll() is not None for p in started.processes.values())


def _settled(page) -> None:
    page.wait_for_timeout(200)
    expect(page.locator("[data-testid=stApp]")).to_have_attribute("data-test-script-state", "notRunning",
                                                                   timeout=30_000)


def _sign_in(page, base: str, user: str, heading: str = "Ringkasan") -> None:
    page.goto(base)
    page.locator("[data-testid=stSidebarNav]").get_by_text("Masuk", exact=True).click()
    page.get_by_label("Nama pengguna").fill(user)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    if heading:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=30_000)


def _replica(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "PKREPLICA")


def _snapshot_named(page) -> str:
    """The snapshot a replica's sidebar says it reads (kinerja-<batch>-<time>.duckdb)."""
    text = page.locator("[data-testid=stSidebar]").inner_text()
    return text.split("Salinan hanya-baca (")[1].split(")")[0]


def _status(base: str, method: str, path: str, length: int, *, send: bool = False) -> int:
    """The status line's code for a request that declares a body of `length` bytes, and sends it only if `send`:
    the proxy decides on the declared length before any body arrives (so a 201 MB claim costs nothing to test)."""
    import socket
    from urllib.parse import urlsplit

    host, port = urlsplit(base).hostname, urlsplit(base).port
    with socket.create_connection((host, port), timeout=30) as s:
        s.sendall(f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Length: {length}\r\n"
                  f"Connection: close\r\n\r\n".encode())
        if send:
            s.sendall(b"x" * length)
        # The write side stays open: a client that hangs up first may be dropped without an answer.
        first = s.makefile("rb").readline().decode("latin-1")
    return int(first.split()[1])


def test_the_proxy_holds_each_backend_to_its_body_limit(shape):
    """Uploads go to the writer up to the app's limit; a replica never takes a body over 1 MB (it has no write path):
    refused at the proxy with 413, whatever the address. Health checks pass through. (Before the test that stops a
    replica: both replicas are up here.)"""
    base = shape.url
    assert _status(base, "GET", "/_stcore/health", 0) == 200
    assert _status(base, "GET", "/admin/_stcore/health", 0) == 200
    over_reader = deploy_shape.READER_BODY_LIMIT + 1
    for path in ("/_stcore/upload_file/x/y", "/unggah", "/admin-not-really/_stcore/upload_file/x/y"):
        assert _status(base, "PUT", path, over_reader) == 413, path
    # Under the limit a replica's request reaches Streamlit (which answers for itself: 403, no session).
    assert _status(base, "PUT", "/_stcore/upload_file/x/y", 1000, send=True) not in (413, 502, 503)
    # The writer takes a body of that size (Streamlit then answers for itself: no session, no such file).
    assert _status(base, "PUT", "/admin/_stcore/upload_file/x/y", over_reader, send=True) not in (413, 502, 503)
    assert _status(base, "PUT", "/admin/_stcore/upload_file/x/y", deploy_shape.UPLOAD_LIMIT + 1) == 413


def test_the_shape_through_the_proxy(shape, browser, tmp_path):
    base = shape.url
    # --- A reader on a replica: signs in (the writer checks the password), keeps the session across pages -----
    reader = browser.new_context(viewport={"width": 1280, "height": 900})
    page = reader.new_page()
    _sign_in(page, base, "uji.leader")
    first = _replica(reader)
    snapshot_before = _snapshot_named(page)
    for title in ("Kinerja", "Pengaduan", "Ringkasan"):
        page.locator("[data-testid=stSidebarNav]").get_by_text(title, exact=True).click()
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Wilayah Anda: Kota Palu")).to_be_visible()
    assert _replica(reader) == first  # sticky
    # A reader pinned to the other replica, signed in there.
    other_context = browser.new_context(viewport={"width": 1280, "height": 900})
    second = "r2" if first == "r1" else "r1"
    other_context.add_cookies([{"name": "PKREPLICA", "value": second, "url": base}])
    other = other_context.new_page()
    _sign_in(other, base, "uji.admin")
    assert _replica(other_context) == second

    # --- No write path on a replica ---------------------------------------------------------------------------
    # (An admin there: no Unggah Data in the navigation, and the case view without the review form.)
    assert other.locator("[data-testid=stSidebarNav]").get_by_text("Unggah Data", exact=True).count() == 0
    other.locator("[data-testid=stSidebarNav]").get_by_text("Kenaikan: pemeriksaan", exact=True).click()
    expect(other.get_by_text("ulasan dicatat di server utama", exact=False)).to_be_visible(timeout=30_000)
    assert other.locator("[data-testid=stForm]").count() == 0

    # --- /admin refuses a reader's role -----------------------------------------------------------------------
    refused = browser.new_page()
    _sign_in(refused, f"{base}/admin/", "uji.leader", heading="")
    expect(refused.get_by_text("Alamat ini untuk analis, Inspektorat dan admin", exact=False)).to_be_visible(
        timeout=30_000)
    assert refused.get_by_role("heading", name="Ringkasan", exact=True).count() == 0
    refused.close()

    # --- An analyst loads a file on the writer; both replicas show the new snapshot after one rerun ----------
    analyst = browser.new_page()
    _sign_in(analyst, f"{base}/admin/", "uji.analyst")
    analyst.locator("[data-testid=stSidebarNav]").get_by_text("Unggah Data", exact=True).click()
    expect(analyst.get_by_role("heading", name="Unggah Data", exact=True)).to_be_visible(timeout=30_000)
    agencies = tmp_path / "instansi.csv"
    agencies.write_text("agency_code,name,short_name,region_code,kind\n"
                        "72.71.UJI,Dinas Uji Kota Palu,Uji,72.71,dinas\n", encoding="utf-8")
    analyst.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(agencies))
    analyst.get_by_role("button", name="Periksa berkas (uji coba, belum dimuat)").click()
    expect(analyst.get_by_text("Berkas lolos semua aturan", exact=False)).to_be_visible(timeout=30_000)
    analyst.get_by_role("button", name="Muat ke basis data").click()
    try:
        expect(analyst.get_by_text("diterbitkan untuk server replika", exact=False)).to_be_visible(timeout=60_000)
    finally:
        analyst.screenshot(path=tmp_path / "analyst.png", full_page=True)
    expect(analyst.get_by_text("Batch 8 dimuat", exact=False)).to_be_visible()
    analyst.close()
    # The upload page's address on a replica, in a new session: the public page, nothing of Unggah Data.
    probe = other_context.new_page()
    probe.goto(f"{base}/unggah")
    expect(probe.get_by_role("heading", name="Transparansi kinerja ASN", exact=True)).to_be_visible(timeout=30_000)
    assert probe.get_by_role("heading", name="Unggah Data", exact=True).count() == 0
    probe.close()
    for reader_page in (page, other):  # one rerun each: a page switch
        reader_page.locator("[data-testid=stSidebarNav]").get_by_text("Kinerja", exact=True).click()
        expect(reader_page.get_by_role("heading", name="Kinerja", exact=True)).to_be_visible(timeout=30_000)
        _settled(reader_page)
        now = _snapshot_named(reader_page)
        assert now != snapshot_before and int(now.split("-")[1]) > int(snapshot_before.split("-")[1]), now

    # --- The reader's replica stops: the proxy sends it to the other, signed out; it signs in again ----------
    shape.stop_replica(int(first[1:]))
    page.goto(base)
    expect(page.get_by_role("heading", name="Transparansi kinerja ASN", exact=True)).to_be_visible(timeout=30_000)
    _sign_in(page, base, "uji.leader")
    assert _replica(reader) == second
    assert page.locator("[data-testid=stException]").count() == 0
    reader.close()
    other_context.close()
