"""The app shell from app.py with AppTest: every page renders, each filter changes what is shown, a URL
reproduces the filters, the language switch, and the upload flow (good file, bad file, undo)."""
from __future__ import annotations

import re
import time

import csv
import io
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.loader import undo_plan
from tests.conftest import ROWS, csv_text, snapshot

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def signed_in(role: str = "admin", region: str | None = None) -> AppTest:
    """An AppTest session signed in with a role (as the sign-in page leaves it: the account in session state)."""
    from analytics.users import User

    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_user"] = User(f"uji.{role}", role, region)
    return at


@pytest.fixture
def app(loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_DB", str(tmp_path / "kinerja.duckdb"))

    def make(**params) -> AppTest:
        at = signed_in()
        for k, val in params.items():
            at.query_params[k] = val
        return at.run()
    return make


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def good(at) -> str:
    """The overview's share rated Good or better (its label names the year)."""
    return next(m.value for m in at.metric if m.label.startswith(("Baik ke atas", "Good or better")))


def words(at) -> str:
    return at.markdown[0].value


def test_overview_default(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "Ringkasan"
    # The default year is the latest with annual ratings (2024), the whole year.
    assert words(at) == "**Seluruh wilayah · 2024 · Tahunan**"
    m = metrics(at)
    assert m["Pegawai aktif"] == "4"
    assert "Baik ke atas, 2024" in m and good(at) == "50,0%"  # 1 sangat_baik of 2 annual ratings in 2024
    assert m["Kenaikan pangkat/jabatan"] == "0"
    assert dict(at.query_params) == {"year": "2024", "period": "Y"}


def test_each_filter_changes_the_figures(app):
    at = app()
    at.selectbox(key="f_province").set_value("72").run()
    assert not at.exception
    assert metrics(at)["Pegawai aktif"] == "3"
    assert good(at) == "100,0%"
    at.selectbox(key="f_kabkota").set_value("72.71").run()
    assert words(at) == "**Kota Palu · 2024 · Tahunan**"
    at.selectbox(key="f_agency").set_value("72.71.BKPSDM").run()
    assert metrics(at)["Pegawai aktif"] == "1"
    assert good(at) == "–"  # no annual rating there
    at.selectbox(key="f_agency").set_value("72.71.DINKES").run()
    at.selectbox(key="f_year").set_value(2023).run()
    assert metrics(at)["Kenaikan pangkat/jabatan"] == "2"
    at.selectbox(key="f_period").set_value("Q1").run()
    assert metrics(at)["Kenaikan pangkat/jabatan"] == "0"
    at.selectbox(key="f_period").set_value("Q2").run()
    assert metrics(at)["Kenaikan pangkat/jabatan"] == "2"
    assert words(at) == "**Kota Palu · Dinas Kesehatan Kota Palu · 2023 · Triwulan II**"
    assert at.query_params["region"] == "72.71" and at.query_params["agency"] == "72.71.DINKES"
    assert at.query_params["period"] == "Q2" and at.query_params["year"] == "2023"
    # Agencies offered are those of the chosen region only.
    assert set(at.selectbox(key="f_agency").options) == {"Badan Kepegawaian dan PSDM Kota Palu",
                                                         "Dinas Kesehatan Kota Palu"}


def test_url_reproduces_the_view(app):
    at = app(region="72.71", agency="72.71.DINKES", year="2023", period="Q2", lang="en")
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert words(at) == "**Kota Palu · Dinas Kesehatan Kota Palu · 2023 · Q2**"
    assert at.selectbox(key="f_province").value == "72"
    assert at.selectbox(key="f_kabkota").value == "72.71"
    assert metrics(at)["Promotions"] == "2"


@pytest.mark.parametrize("bad", ["72.71' or 1=1 --", "99.99", "'; drop table employees; --", "72.71.99.99.9"])
def test_bad_url_values_are_ignored(app, bad):
    at = app(region=bad, agency=bad, year=bad, period=bad, lang=bad)
    assert not at.exception
    assert words(at) == "**Seluruh wilayah · 2024 · Tahunan**"
    assert metrics(at)["Pegawai aktif"] == "4"


def test_clear_buttons(app):
    at = app(region="72.71", agency="72.71.DINKES", year="2023", period="Q2")
    at.button(key="clear_agency").click().run()
    assert words(at) == "**Kota Palu · 2023 · Triwulan II**"
    at.button(key="clear_region").click().run()  # one level up
    assert words(at) == "**Sulawesi Tengah · 2023 · Triwulan II**"
    at.button(key="clear_period").click().run()
    at.button(key="clear_year").click().run()
    assert words(at) == "**Sulawesi Tengah · 2024 · Tahunan**"
    at.button(key="clear_region").click().run()
    assert words(at) == "**Seluruh wilayah · 2024 · Tahunan**"
    assert not at.exception


def test_language_switch(app):
    at = app()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert metrics(at)["Good or better, 2024"] == "50.0%"
    assert at.query_params["lang"] == "en"


def test_filters_survive_page_switch(app):
    at = app(region="72.71", year="2023")
    at.switch_page("pages/upload.py").run()
    assert not at.exception
    assert at.title[0].value == "Unggah Data"
    at.switch_page("pages/overview.py").run()
    assert words(at) == "**Kota Palu · 2023 · Tahunan**"


def _upload_page(app) -> AppTest:
    at = app()
    at.switch_page("pages/upload.py").run()
    assert not at.exception
    return at


def test_upload_page_shows_a_batch_of_a_dataset_it_does_not_know(app, loaded):
    # A batch written by another version or a bulk import (bench/national_db.py's "bulk") is listed by its name;
    # it once stopped the page with a KeyError after every load.
    loaded.execute("insert into batches select 99, 'bulk', 'national_db.py', '', 0, 0, 0, 0, 0, 'bench', now(), null, "
                   "'loaded', null, null, null, 'cli', 'cli'")
    at = _upload_page(app)
    assert not at.exception
    assert any("bulk" in df.value.to_csv() for df in at.dataframe)
    offered = at.selectbox(key="up_undo_pick").options
    assert offered and not any(str(o).startswith("99 ") for o in offered), offered  # not offered for undo
    plan = undo_plan(loaded, 99, lang="en")
    assert plan.refusal == "Batch 99 holds a dataset this version does not know (bulk); it cannot be undone here."


def test_upload_good_file_then_undo(app, loaded):
    at = _upload_page(app)
    rows = [dict(ROWS["agencies"][0], agency_code="72.71.DISDIK", name="Dinas Pendidikan Kota Palu")]
    at.selectbox(key="up_dataset").set_value("agencies").run()
    at.file_uploader[0].set_value(("instansi.csv", csv_text(rows).encode(), "text/csv")).run()
    assert not at.exception
    at.button(key="up_check").click().run()
    assert "akan menambah 1" in at.success[0].value
    at.button(key="up_load").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Batch 7 dimuat: 1 baris baru")
    assert loaded.execute("select count(*) from agencies").fetchall()[0][0] == 5
    # The new agency is offered by the filters at once (the cache follows the data version).
    at.switch_page("pages/overview.py").run()
    at.selectbox(key="f_province").set_value("72").run()
    at.selectbox(key="f_kabkota").set_value("72.71").run()
    assert "Dinas Pendidikan Kota Palu" in at.selectbox(key="f_agency").options
    # Undo, with its confirmation.
    at.switch_page("pages/upload.py").run()
    at.selectbox(key="up_undo_pick").set_value(7).run()
    assert at.button(key="up_undo").disabled
    at.checkbox(key="up_undo_confirm_7").check().run()
    assert not at.button(key="up_undo").disabled
    # Another batch picked: the confirmation is asked again.
    at.selectbox(key="up_undo_pick").set_value(6).run()
    assert at.button(key="up_undo").disabled
    at.selectbox(key="up_undo_pick").set_value(7).run()
    # What the undo will do, in words, before it is done.
    assert any(i.value.startswith("Batch 7 · Instansi · berkas instansi.csv · dimuat ") and
               "menghapus 1 baris yang ditambahkannya dan mengembalikan 0 baris" in i.value for i in at.info)
    at.checkbox(key="up_undo_confirm_7").check().run()
    at.button(key="up_undo").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Batch 7 diurungkan: 1 baris yang ditambahkannya dihapus, 0 baris")
    assert loaded.execute("select count(*) from agencies").fetchall()[0][0] == 4
    # And back: redo loads the kept copy again as batch 8.
    at.selectbox(key="up_redo_pick").set_value(7).run()
    at.button(key="up_redo").click().run()
    assert not at.exception and at.success[0].value == "Batch 7 diulang sebagai batch 8: 1 baris baru, 0 diperbarui."
    assert loaded.execute("select count(*) from agencies").fetchall()[0][0] == 5


def test_upload_bad_file_shows_errors_and_loads_nothing(app, loaded):
    before = snapshot(loaded)
    at = _upload_page(app)
    bad = [dict(ROWS["employees"][0], nip="196608011988031001", birth_date="1966-08-02")]
    at.selectbox(key="up_dataset").set_value("employees").run()
    at.file_uploader[0].set_value(("pegawai.csv", csv_text(bad).encode(), "text/csv")).run()
    at.button(key="up_check").click().run()
    assert not at.exception
    assert at.error[0].value.startswith("Berkas ditolak: 1 kesalahan")
    errors = next(d.value for d in at.dataframe if "Aturan yang dilanggar" in d.value.columns)
    assert list(errors.iloc[0][["Baris", "Kolom", "Nilai"]]) == [2, "birth_date", "1966-08-02"]
    assert at.button(key="up_load").disabled
    assert snapshot(loaded) == before


def test_an_error_without_a_row_shows_a_dash_and_line_numbers_stay_whole(app):
    """A file-wide error has no row, column or value: the cells say "–", never "None" (the browser writes a null of
    a text column as "None"), and a line number is 2, never "2,0" (a column of numbers and gaps is a float)."""
    from tests.test_numbers import _display

    at = _upload_page(app)
    at.selectbox(key="up_dataset").set_value("agencies").run()
    header = ",".join(ROWS["agencies"][0]) + "\n"
    at.file_uploader[0].set_value(("kosong.csv", header.encode(), "text/csv")).run()
    at.button(key="up_check").click().run()
    frame = next(d for d in at.dataframe if "Aturan yang dilanggar" in d.value.columns)
    assert list(frame.value.iloc[0][["Kolom", "Nilai"]]) == ["–", "–"]
    assert _display(frame)[0][0] == "–"  # (column 0, row 0)
    # Errors with and without a line: the numbers are whole.
    bad = [dict(ROWS["agencies"][0], agency_code="72.71.X", region_code="99.99")]
    at.file_uploader[0].set_value(("instansi.csv", (csv_text(bad) + "a,b\n").encode(), "text/csv")).run()
    at.button(key="up_check").click().run()
    assert not at.exception
    frame = next(d for d in at.dataframe if "Aturan yang dilanggar" in d.value.columns)
    shown = _display(frame)[0]  # the first column: Baris
    assert shown and all(re.fullmatch(r"\d+|–", x) for x in shown), shown


def test_readers_are_told_while_a_load_runs(app, tmp_path):
    """Every dashboard page says that figures are being refreshed, of which dataset and at what stage, while a load
    runs on this database; and nothing once it is done."""
    from analytics import activity

    db = str(tmp_path / "kinerja.duckdb")
    activity.begin(db, "load", "appraisals")
    activity.stage(db, "refresh_flags")
    try:
        at = app()
        for page in ("overview", "appraisals", "complaints", "fairness"):
            at.switch_page(f"pages/{page}.py").run()
            assert not at.exception
            note = [i.value for i in at.info if "sedang diperbarui" in i.value]
            assert note and "Penilaian kinerja" in note[0] and "menghitung ulang tanda kenaikan pangkat" in note[0], \
                (page, [i.value for i in at.info])
    finally:
        activity.end(db)
    at.run()
    assert not [i.value for i in at.info if "sedang diperbarui" in i.value]


def test_the_load_runs_beside_its_progress_bar(app, tmp_path, monkeypatch):
    """Unggah Data runs the load in a thread of its own and names its stages meanwhile; readers are told which
    stage it is in; the note ends with the load."""
    import analytics
    from analytics import activity
    from analytics.loader import LoadResult

    db = str(tmp_path / "kinerja.duckdb")
    seen = []

    def slow_load(con, dataset, path, *, progress=None, dry_run=False, **kwargs):
        if dry_run:
            return LoadResult("valid", dataset, "instansi.csv", rows_in_file=1, rows_inserted=1)
        for stage in ("wait", "read", "check", "refresh_marts"):
            progress(stage)
            seen.append((stage, activity.current(db).stage))
            time.sleep(0.3)
        return LoadResult("loaded", dataset, "instansi.csv", batch_id=99, rows_in_file=1, rows_inserted=1)

    monkeypatch.setattr(analytics, "load_file", slow_load)
    at = _upload_page(app)
    at.selectbox(key="up_dataset").set_value("agencies").run()
    at.file_uploader[0].set_value(("instansi.csv", csv_text(ROWS["agencies"][:1]).encode(), "text/csv")).run()
    at.button(key="up_check").click().run()
    at.button(key="up_load").click().run()
    assert not at.exception
    assert seen == [(s, s) for s in ("wait", "read", "check", "refresh_marts")]
    assert at.success[0].value.startswith("Batch 99 dimuat")
    assert activity.current(db) is None


def test_upload_cancel_forgets_the_file(app):
    at = _upload_page(app)
    at.file_uploader[0].set_value(("instansi.csv", csv_text(ROWS["agencies"]).encode(), "text/csv")).run()
    at.button(key="up_check").click().run()
    at.button(key="up_cancel").click().run()
    assert not at.exception
    assert len(at.file_uploader) == 1 and at.file_uploader[0].value is None


# --- Appraisals page -------------------------------------------------------------------------------------

@pytest.fixture
def appraisal_app(built, tmp_path, monkeypatch):
    from tests import world_appraisals

    _, named = built("appraisals_world", world_appraisals.build, base="empty")
    monkeypatch.setenv("KINERJA_DB", str(tmp_path / "kinerja.duckdb"))

    def make(**params) -> AppTest:
        at = signed_in()
        for k, val in params.items():
            at.query_params[k] = val
        at.run()  # AppTest knows the pages of st.navigation only after a first run
        at.switch_page("pages/appraisals.py")
        return at.run()
    return make, named


def test_appraisals_page_renders_with_figures(appraisal_app):
    make, named = appraisal_app
    at = make()
    assert not at.exception
    assert at.title[0].value == "Kinerja"
    m = metrics(at)
    # 84 annual ratings in 2025: 21 sangat_baik + 36 baik = 57 good (67,9%); A1, A3, A5 and A6 are outside
    # their curve.
    assert m["Pegawai dinilai"] == "84"
    assert m["Predikat Baik ke atas"] == "67,9%"
    assert m["Instansi di luar kurva"] == "4"
    # The curve table says in words which rule each agency outside its curve broke (A1: 80 % Sangat Baik).
    curve = next(d.value for d in at.dataframe if "Aturan yang dilanggar" in d.value.columns)
    rules = dict(zip(curve["Instansi"], curve["Aturan yang dilanggar"]))
    assert rules["Instansi A1 Kota Palu"].startswith("Sangat Baik 80") and "melebihi batas 70" in rules[
        "Instansi A1 Kota Palu"]
    assert (curve["Aturan yang dilanggar"] != "").sum() == 4
    assert all(r == "" for r, w in zip(curve["Aturan yang dilanggar"], curve["Sesuai kurva"]) if w == "✓")
    # Raters, 360° and training needs are drawn only when their section is opened.
    text = " ".join(x.value for x in at.markdown)
    assert "penilai:" not in text and not [s for s in at.selectbox if s.key == "ap_rater"]
    assert {e.label for e in at.expander} >= {"Penilai", "Penilaian diri, atasan dan rekan (360°)", "Kebutuhan pelatihan"}
    at.session_state["ap_open_raters"] = True
    at.run()
    assert not at.exception
    text = " ".join(x.value for x in at.markdown)
    assert "3 penilai: 1 longgar, 1 ketat, 3 seragam." in text
    assert any(o.startswith("Lina Lestari (") for o in at.selectbox(key="ap_rater").options)


def test_appraisals_filters_and_drill_down(appraisal_app):
    make, named = appraisal_app
    at = make(region="72.71")
    at.selectbox(key="ap_drill").set_value("72.71.A1").run()
    assert not at.exception
    assert at.selectbox(key="f_agency").value == "72.71.A1"
    assert words(at) == "**Kota Palu · Instansi A1 Kota Palu · 2025 · Tahunan**"
    assert metrics(at)["Pegawai dinilai"] == "10" and metrics(at)["Predikat Baik ke atas"] == "100,0%"
    at.selectbox(key="ap_by").set_value("gender").run()
    assert not at.exception
    at.selectbox(key="f_period").set_value("Q1").run()
    assert not at.exception
    assert any("Belum ada penilaian untuk Triwulan I 2025" in i.value for i in at.info)


def test_appraisals_page_in_english(appraisal_app):
    make, _ = appraisal_app
    at = make(lang="en", agency="72.71.A6", region="72.71")
    assert not at.exception
    assert at.title[0].value == "Appraisals"
    table = next(d.value for d in at.dataframe if "Rules broken" in d.value.columns)
    assert list(table["Rules broken"]) == ["1 Very good (none allowed)"]


def test_kecamatan_filter_named_with_its_kabkota(app):
    at = app(region="17.07.09")
    assert not at.exception
    assert at.selectbox(key="f_kecamatan").value == "17.07.09"
    assert words(at) == "**Tubei, Kabupaten Lebong · 2024 · Tahunan**"
    assert metrics(at)["Pegawai aktif"] == "0"  # the kecamatan office has no employees in the fixture
    assert any(i.value == "Belum ada data untuk pilihan ini." for i in at.info)


# --- Complaints page ---------------------------------------------------------------------------------------

def _complaints_page(app, **params) -> AppTest:
    at = app(**params)
    at.switch_page("pages/complaints.py").run()
    return at


def test_complaints_page(app):
    at = _complaints_page(app, year="2025")
    assert not at.exception
    assert at.title[0].value == "Pengaduan"
    m = metrics(at)
    # 2025, as of 2 May 2025 (the latest received): LPR-1 answered in 0 working days (met); LPR-2 received
    # that day and not answered: pending, left out of compliance, and still open.
    assert m["Pengaduan diterima"] == "2" and m["Tanggapan pertama"] == "100,0%"
    assert m["Masih terbuka"] == "1"
    at.selectbox(key="pg_by").set_value("category").run()
    at.selectbox(key="pg_stage").set_value("verification").run()
    assert not at.exception


def test_complaints_page_region_and_english(app):
    at = _complaints_page(app, year="2025", region="53.71", lang="en")
    assert not at.exception
    assert at.title[0].value == "Complaints"
    assert metrics(at)["Complaints received"] == "1"


# --- Inspectors' page ----------------------------------------------------------------------------------

from tests.test_flags import world as flags_world  # noqa: E402,F401,F811  (the planted promotions)


@pytest.fixture
def inspect_app(flags_world, tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_DB", str(tmp_path / "kinerja.duckdb"))
    at = signed_in()
    at.query_params["year"] = "2025"
    at.run()
    at.switch_page("pages/inspect.py").run()
    return at


def test_inspector_queue_case_and_review(inspect_app, flags_world):
    at = inspect_app
    assert not at.exception
    assert at.title[0].value == "Kenaikan: pemeriksaan"
    # 2025: P4 and P5 are flagged; P5 (three codes) comes first.
    assert at.subheader[0].value == "Antrean (2 kenaikan bertanda)"
    assert at.selectbox(key="in_case").value == "P5"
    at.selectbox(key="in_code").set_value("EDUCATION_CEILING").run()
    assert at.subheader[0].value == "Antrean (1 kenaikan bertanda)" and at.selectbox(key="in_case").value == "P4"
    at.selectbox(key="in_code").set_value("*").run()
    at.selectbox(key="in_case").set_value("P5").run()
    # A change without a note is refused and writes nothing.
    at.selectbox(key="in_flag").set_value("RANK_SKIP")
    # Recorded under the account signed in: no name to type.
    assert not [w for w in at.text_input if w.key == "in_user"]
    assert any("uji.admin (admin)" in c.value for c in at.caption)
    form_button = next(b for b in at.get("button") if getattr(b, "label", "") == "Simpan perubahan status")
    form_button.click().run()
    assert any("Catatan wajib diisi" in e.value for e in at.error)
    assert flags_world.execute("select count(*) from flag_reviews").fetchall() == [(0,)]
    at.selectbox(key="in_flag").set_value("RANK_SKIP")
    at.text_area(key="in_note_0").set_value("Minta SK kenaikan dan dasar hukumnya.")
    next(b for b in at.get("button") if getattr(b, "label", "") == "Simpan perubahan status").click().run()
    assert not at.exception
    assert any("RANK_SKIP diubah dari terbuka menjadi diperiksa" in s.value for s in at.success)
    assert flags_world.execute("select promotion_id, code, to_status, user_name, user_role, user_source "
                               "from flag_reviews").fetchall() == [
        ("P5", "RANK_SKIP", "under_review", "uji.admin", "admin", "account")]
    assert flags_world.execute("select login, role, source, action, target, detail from audit_log "
                               "where action = 'review'").fetchall() == [
        ("uji.admin", "admin", "account", "review", "P5", "RANK_SKIP: open → under_review")]
    # The next review starts empty; a save that fails keeps what was typed. Here another session dismissed the
    # flag meanwhile: the change this form asks for (under review → confirmed) is refused, nothing else is saved.
    assert at.text_area(key="in_note_1").value == ""
    at.selectbox(key="in_flag").set_value("RANK_SKIP")
    at.selectbox(key="in_to").set_value("confirmed")
    at.text_area(key="in_note_1").set_value("SK sudah diperiksa.")
    from analytics import reviews
    reviews.change(flags_world, reviews.Scope.unrestricted(), "P5", "RANK_SKIP", "dismissed", "lain", user="x")
    next(b for b in at.get("button") if getattr(b, "label", "") == "Simpan perubahan status").click().run()
    assert not at.exception and at.error
    assert at.text_area(key="in_note_1").value == "SK sudah diperiksa."
    assert flags_world.execute("select count(*), max(to_status) filter (where user_name = 'uji.admin') "
                               "from flag_reviews").fetchall() == [(2, "under_review")]


def test_inspector_filters_cohort_and_approver_record(inspect_app):
    at = inspect_app
    assert not at.exception
    heads = [s.value for s in at.subheader]
    assert "Dibanding kenaikan yang sama" in heads
    assert "Rekam jejak pejabat yang menyetujui: Budi Santoso (196608011988031001)" in heads
    assert any(m.value.startswith("Menyetujui 9 kenaikan di wilayah Anda.") for m in at.markdown)
    # The approver filter: Budi approved both flagged promotions of 2025; the status filter: none under review.
    assert at.selectbox(key="in_approver").options[1].startswith("Budi Santoso (196608011988031001)")
    at.selectbox(key="in_approver").set_value("196608011988031001").run()
    assert at.subheader[0].value == "Antrean (2 kenaikan bertanda)"
    at.selectbox(key="in_status").set_value("under_review").run()
    assert not at.exception and at.subheader[0].value == "Antrean (0 kenaikan bertanda)"
    assert any("Tidak ada kenaikan bertanda" in i.value for i in at.info)


def test_inspector_page_in_english(inspect_app):
    at = inspect_app
    at.radio(key="lang").set_value("en").run()
    assert not at.exception and at.title[0].value == "Promotions: review"
    assert "The approver's record: Budi Santoso (196608011988031001)" in [s.value for s in at.subheader]


def test_the_case_file_is_one_document_in_the_readers_language(inspect_app):
    """Issue 20, item 5: the case file says everything the case view says, in words (labels, not codes; '—' for
    what is missing), with the review trail and the account that wrote it; prints on A4 (tests/test_browser.py
    prints it with Chromium); the same sections as CSV and XLSX."""
    import openpyxl

    at = inspect_app
    at.selectbox(key="in_case").set_value("P5").run()
    at.selectbox(key="in_flag").set_value("RANK_SKIP")
    at.text_area(key="in_note_0").set_value("Minta SK <b>kenaikan</b>.")
    next(b for b in at.get("button") if getattr(b, "label", "") == "Simpan perubahan status").click().run()
    assert not at.exception
    files = at.session_state["_dl_files"]
    name = next(n for n in files if n.endswith(".html"))
    assert name.startswith("berkas-kasus-p5_")
    doc = files[name]().decode()
    for heading in ("Kasus P5: ", "Kenaikan yang ditandai", "Tanda dan alasannya", "Riwayat kenaikan pegawai",
                    "Riwayat penilaian tahunan", "Dibanding kenaikan yang sama",
                    "Rekam jejak pejabat yang menyetujui: Budi Santoso (196608011988031001)", "Riwayat pemeriksaan",
                    "Melompati pangkat", "diperiksa", "uji.admin", "akun yang masuk", "dibuat", "@page { size: A4"):
        assert heading.lower() in doc.lower(), heading
    for code in ("RANK_SKIP", "under_review", "rank_regular", "rank_choice", ">None<", ">nan<", ">NaT<"):
        assert code not in doc, code
    assert "Minta SK &lt;b&gt;kenaikan&lt;/b&gt;." in doc and "<b>kenaikan" not in doc  # escaped
    body = files[name.replace(".html", ".csv")]().decode("utf-8-sig")
    assert "# Riwayat pemeriksaan" in body and "uji.admin;admin;akun yang masuk" in body
    book = openpyxl.load_workbook(__import__("io").BytesIO(files[name.replace(".html", ".xlsx")]()))
    assert "Riwayat pemeriksaan" in book.sheetnames and "Tanda dan alasannya" in book.sheetnames
    at.radio(key="lang").set_value("en").run()
    files = at.session_state["_dl_files"]
    doc = files[next(n for n in files if n.endswith(".html"))]().decode()
    assert "Case P5: " in doc and "The flagged promotion" in doc and "Rank skipped" in doc and "under review" in doc
    assert "signed-in account" in doc and "<html lang='en'>" in doc


def test_fairness_page_each_attribute(inspect_app):
    at = inspect_app
    at.switch_page("pages/fairness.py").run()
    assert not at.exception
    assert at.title[0].value == "Keadilan kenaikan pangkat"
    for attribute in ("gender", "age_band", "education", "agency", "region", "rank"):
        at.segmented_control(key="fa_attr").set_value(attribute).run()
        assert not at.exception, attribute
        assert any("bukan bukti diskriminasi" in i.value for i in at.info), attribute  # the caveat, always


def _build_fairness_world(con, folder):
    """40 men and 40 women eligible in 2025 at Dinkes Palu (CPNS 2010, III/b since): 20 men and 8 women promoted."""
    from datetime import date, timedelta

    from analytics.loader import load_file
    from tests.conftest import write_csv
    from tests.test_flags import BUDI, emp, promo

    people = [f"{date(1985, 1, 1) + timedelta(days=i):%Y%m%d}201001{1 + (i >= 40)}{i + 1:03d}" for i in range(80)]
    employees = [emp(n, f"Pegawai {i}", "s1", "2010-01-01", "III/b", BUDI) for i, n in enumerate(people)]
    chosen = people[:20] + people[40:48]
    promotions = [promo(f"G{i}", n, "rank_regular", "2025-04-01", "III/b", "III/c") for i, n in enumerate(chosen)]
    for name, rows in (("employees", employees), ("promotions", promotions)):
        assert load_file(con, name, write_csv(folder / f"g_{name}.csv", rows), user="t").status == "loaded"


@pytest.fixture
def fairness_app(built, tmp_path, monkeypatch):
    built("fairness_world", _build_fairness_world)
    monkeypatch.setenv("KINERJA_DB", str(tmp_path / "kinerja.duckdb"))
    at = signed_in()
    at.query_params["year"] = "2025"
    at.run()
    at.switch_page("pages/fairness.py").run()
    return at


def test_fairness_page_rates_grid_and_threshold(fairness_app):
    at = fairness_app
    assert not at.exception
    said = [m.value for m in at.markdown]
    # Only the 80 are eligible in 2025 (the fixture's own employees are not): 28 promoted, 35.0%.
    assert "Tahun 2025: 80 pegawai memenuhi syarat, 28 naik pangkat (35,0%)." in said
    assert any(s.startswith("Ambang: kelompok yang tingkatnya di bawah 4/5 (80%)") for s in said)
    # Men 20 of 40 (50%) are the reference; women 8 of 40 (20%, ratio 0.4) fail.
    assert any(w.value == "Gagal uji empat per lima: Perempuan." for w in at.warning)
    at.radio(key="lang").set_value("en").run()
    assert not at.exception and any(w.value == "Fail the four-fifths screen: Female." for w in at.warning)


HOSTILE = 'Dinas **Tebal** [tautan](http://contoh.id) :red[merah] $x$ <b>b</b> <a href="https://evil.example">X</a>'
MARKDOWN_ELEMENTS = ("title", "header", "subheader", "caption", "markdown", "info", "warning", "success", "error")


def test_names_from_the_data_are_shown_as_text_never_as_markdown(loaded, tmp_path, monkeypatch):
    """Issue 18 (13): an agency named with Markdown was bold, a link and red in the filter bar. Every element that
    renders Markdown shows a name from the data escaped, on every page, for the agency and for its region."""
    monkeypatch.setenv("KINERJA_DB", str(tmp_path / "kinerja.duckdb"))
    loaded.execute("update agencies set name = ? where agency_code = '72.71.DINKES'", [HOSTILE])
    loaded.execute("update regions set name = ? where region_code = '72.71'", ["Kota *Palu* [x](y)"])
    raw = ("**Tebal**", "[tautan](http", ":red[merah]", "$x$", "*Palu*", "[x](y)")
    seen = charts = 0
    for page in ("overview", "appraisals", "complaints", "fairness", "public", "inspect", "upload"):
        at = signed_in()
        at.query_params.update(region="72.71", agency="72.71.DINKES", year="2024")
        at.run()
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
        shown = [el.value for kind in MARKDOWN_ELEMENTS for el in getattr(at, kind)]
        shown += [b.label for b in at.get("button")]
        for value in shown:
            assert not any(r in str(value) for r in raw), (page, value)
        seen += sum("Tebal" in str(v) for v in shown)
        # Charts: Plotly renders <a>, <b> and styles in any text; names from the data are HTML-escaped there.
        for chart in at.get("plotly_chart"):
            spec = json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)  # the spec escapes "<" as \u003c
            assert "<a href" not in spec and "<b>b</b>" not in spec, (page, spec[:300])
            charts += "evil.example" in spec
    assert seen >= 7  # the name is shown (escaped) on every page: the filter bar at least
    assert charts >= 2  # and in charts (Kinerja's shares and boxes, Transparansi's shares)


def test_units_without_an_agency_are_assigned_on_the_page_then_the_export_loads(app, loaded):
    """Issue 19 (4): an Export Data ASN with two units the map does not know is refused with one error per unit;
    the analyst assigns both right there (suggested by name), which is a unit-map batch; the same file then checks
    valid and loads; the map batch can be undone."""
    from tests.test_siasn_exports import _asn_rows

    rows = _asn_rows(**{"0": {"UNOR NAMA": "UPT Puskesmas Talise Kota Palu"},
                        "1": {"UNOR NAMA": "Sekretariat Badan Kepegawaian Kota Palu", "UNOR ID": "U-SEKRET"}})
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    at = _upload_page(app)
    at.selectbox(key="up_dataset").set_value("employees").run()
    at.file_uploader[0].set_value(("export_asn.csv", buf.getvalue().encode(), "text/csv")).run()
    at.button(key="up_check").click().run()
    assert not at.exception
    assert at.error[0].value.startswith("Berkas ditolak: 2 kesalahan")
    puskesmas, sekret = at.selectbox(key="up_unit_U-PUSKESMAS"), at.selectbox(key="up_unit_U-SEKRET")
    # Suggested by name: the health office for the puskesmas, the personnel agency for its secretariat.
    assert (puskesmas.value, sekret.value) == ("72.71.DINKES", "72.71.BKPSDM")
    sekret.set_value("72.71.DINKES")
    at.button(key="FormSubmitter:up_units_form-Simpan peta unit dan periksa lagi").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Peta unit disimpan sebagai batch 7 (2 unit")
    assert "akan menambah 0, memperbarui 2" in at.success[1].value
    assert loaded.execute("select unor_id, agency_code from unor_map order by 1").fetchall() == [
        ("U-PUSKESMAS", "72.71.DINKES"), ("U-SEKRET", "72.71.DINKES")]
    at.button(key="up_load").click().run()
    assert not at.exception and at.success[0].value.startswith("Batch 8 dimuat")
    assert loaded.execute("select count(*) from employees where pns_id is not null").fetchall() == [(2,)]
    # The map batch is undone like any other.
    at.selectbox(key="up_undo_pick").set_value(7).run()
    at.checkbox(key="up_undo_confirm_7").check().run()
    at.button(key="up_undo").click().run()
    assert not at.exception and at.success[0].value.startswith("Batch 7 diurungkan: 2 baris yang ditambahkannya")
    assert loaded.execute("select count(*) from unor_map").fetchall() == [(0,)]


def test_a_file_nobody_described_is_mapped_on_the_page_and_the_mapping_is_used_again(app, loaded):
    """Issue 19 (6): headers that match neither the contract nor an export → the mapping step (suggestions picked),
    saved under a name → the file checks valid; a second file with the same headers needs no step."""
    header = "Kode OPD,Nama OPD,Singkatan,Wilayah,Jenis OPD\n"
    at = _upload_page(app)
    at.selectbox(key="up_dataset").set_value("agencies").run()
    at.file_uploader[0].set_value(("opd.csv", (header + "72.71.DISDIK,Dinas Pendidikan Kota Palu,Disdik,7271,dinas\n")
                                   .encode(), "text/csv")).run()
    at.button(key="up_check").click().run()
    assert not at.exception and at.error[0].value.startswith("Berkas ditolak")
    assert at.selectbox(key="up_mapcol_name").value == "Nama OPD"  # suggested by the similar name
    at.selectbox(key="up_mapcol_agency_code").set_value("Kode OPD")
    at.selectbox(key="up_mapcol_region_code").set_value("Wilayah")
    at.selectbox(key="up_mapcol_kind").set_value("Jenis OPD")
    at.text_input(key="up_map_name").set_value("OPD Kota Palu")
    at.button(key="FormSubmitter:up_map_form-Simpan pemetaan dan periksa lagi").click().run()
    assert not at.exception
    assert at.success[0].value == "Pemetaan 'OPD Kota Palu' disimpan; berkas diperiksa lagi dengannya."
    assert "akan menambah 1" in at.success[1].value
    at.button(key="up_load").click().run()
    assert not at.exception and at.success[0].value.startswith("Batch 7 dimuat")
    at.file_uploader[0].set_value(("opd2.csv", (header + "72.71.DINSOS,Dinas Sosial Kota Palu,Dinsos,72.71,dinas\n")
                                   .encode(), "text/csv")).run()
    at.button(key="up_check").click().run()
    assert "akan menambah 1" in at.success[0].value
    assert not [s for s in at.selectbox if s.key and s.key.startswith("up_mapcol_")]
    assert loaded.execute("select name, created_by from column_mappings").fetchall() == [("OPD Kota Palu", "uji.admin")]


def test_every_write_carries_the_signed_in_account_and_the_audit_page_lists_it(app, loaded):
    """Issue 20 (1): no name to type on Unggah Data; the batch, its undo and the audit log carry the account signed
    in (login, role, source); admins read every write on Jejak audit, inspectors the reviews only, analysts not at
    all; the rows download as CSV."""
    at = _upload_page(app)
    assert not [w for w in at.text_input if w.key == "up_user"]
    assert any("uji.admin (admin)" in c.value for c in at.caption)
    rows = [dict(ROWS["agencies"][0], agency_code="72.71.DISDIK", name="Dinas Pendidikan Kota Palu")]
    at.selectbox(key="up_dataset").set_value("agencies").run()
    shown_before = at.selectbox(key="up_undo_pick").value
    at.file_uploader[0].set_value(("instansi.csv", csv_text(rows).encode(), "text/csv")).run()
    at.button(key="up_check").click().run()
    at.button(key="up_load").click().run()
    assert loaded.execute("select user_name, user_role, user_source from batches where batch_id = 7").fetchall() == [
        ("uji.admin", "admin", "account")]
    # The undo offers the batch just loaded, not the one it showed before the load.
    assert at.selectbox(key="up_undo_pick").value == 7 != shown_before
    at.checkbox(key="up_undo_confirm_7").check().run()
    at.button(key="up_undo").click().run()
    assert at.selectbox(key="up_undo_pick").value == shown_before  # and after the undo, the newest left
    assert loaded.execute("select login, role, source, action, target from audit_log where source = 'account' "
                          "order by id").fetchall() == [("uji.admin", "admin", "account", "load", "7"),
                                                        ("uji.admin", "admin", "account", "undo", "7")]
    at.switch_page("pages/audit.py").run()
    assert not at.exception and at.title[0].value == "Jejak audit"
    table = next(d.value for d in at.dataframe if "Tindakan" in d.value.columns)
    assert list(table["Tindakan"][:2]) == ["mengurungkan batch", "memuat berkas"]
    assert list(table["Dikenali dari"][:2]) == ["akun yang masuk"] * 2
    # The fixture's loads, from before: typed names, said as such.
    assert set(table["Dikenali dari"][2:]) == {"baris perintah (nama sebagaimana disebut)"}
    at.selectbox(key="au_action").set_value("undo").run()
    table = next(d.value for d in at.dataframe if "Tindakan" in d.value.columns)
    assert list(table["Akun"]) == ["uji.admin"]
    assert [b.proto.label for b in at.get("download_button")] == ["CSV", "Excel (XLSX)"]
    files = at.session_state["_dl_files"]
    name = next(n for n in files if n.endswith(".csv"))
    assert name.startswith("jejak-audit_mengurungkan-batch_") and name.count(".csv") == 1
    assert files[name]().decode("utf-8-sig").splitlines()[1].split(";")[1] == "uji.admin"


@pytest.mark.parametrize("role,sees", [("inspector", True), ("analyst", False), ("leader", False)])
def test_who_may_read_the_audit_trail(loaded, tmp_path, monkeypatch, role, sees):
    monkeypatch.setenv("KINERJA_DB", str(tmp_path / "kinerja.duckdb"))
    at = signed_in(role)
    at.run()
    if not sees:  # not in the role's navigation: asking for it runs the role's first page instead
        at.switch_page("pages/audit.py").run()
        assert not at.exception and [x.value for x in at.title] == ["Ringkasan"]
        return
    at.switch_page("pages/audit.py").run()
    assert not at.exception and at.title[0].value == "Jejak audit"
    if sees:  # an inspector reads reviews only: there are none in this world
        assert [a for a in at.selectbox(key="au_action").options] == ["Semua tindakan", "memeriksa tanda"]
        assert any("Tidak ada catatan" in i.value for i in at.info)
