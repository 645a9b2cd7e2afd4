"""Who sees what (issue 7), through the app: the public's navigation and pages, a leader bound to a region
through filters, URL parameters and downloads, pages refused by role, sign-in with lock-out, and hostile
strings in every URL parameter."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from analytics import users
from tests.conftest import EMPLOYEES
from tests.test_app import APP, signed_in

NAMES = [e["name"] for e in EMPLOYEES]
# Sections drawn only while open (st.expander with on_change="rerun"): the tests open them all, so that what
# they hold is rendered and checked for every role.
LAZY_SECTIONS = ("ap_open_raters", "ap_open_360", "ap_open_training", "pg_open_overdue", "pg_open_ikm",
                 "in_open_approver_list",
                 # the tables behind the charts ("Tabel data", shell.table_behind)
                 "tb_chart_ratings", "tb_chart_trend", "tb_chart_complaints", "tb_chart_promotions",
                 "tb_ap_chart_shares", "tb_ap_box", "tb_ap_trend_good", "tb_pg_km", "tb_pg_backlog", "tb_pg_flow")


def open_sections(at: AppTest) -> AppTest:
    for key in LAZY_SECTIONS:
        at.session_state[key] = True
    return at
RESTRICTED = ["pages/overview.py", "pages/appraisals.py", "pages/complaints.py", "pages/fairness.py",
              "pages/inspect.py", "pages/upload.py"]


def everything(at: AppTest) -> str:
    """All the text an AppTest session shows: markdown, captions, metrics, headings, alerts and tables."""
    parts = [e.value for kind in ("markdown", "caption", "title", "header", "subheader", "error", "warning",
                                  "info", "success") for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [e.value.to_csv() for e in at.dataframe]
    parts += [" ".join(map(str, s.options)) for s in at.selectbox]
    return "\n".join(str(p) for p in parts)


def assert_no_personal_data(text: str) -> None:
    assert not re.search(r"\b\d{18}\b", text), re.search(r"\b\d{18}\b", text).group(0)
    for name in NAMES:
        assert name not in text, name


@pytest.fixture
def db_env(loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_DB", str(tmp_path / "kinerja.duckdb"))
    return loaded


def anonymous(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, val in params.items():
        at.query_params[k] = val
    return at.run()


def test_the_public_lands_on_the_transparency_page(db_env):
    at = anonymous(year="2024")
    assert not at.exception
    assert at.title[0].value == "Transparansi kinerja ASN"
    assert_no_personal_data(everything(at))
    # Every count of the small fixture is below 10: withheld, never a number (a total of withheld counts too).
    assert {m.value for m in at.metric} <= {"< 10", "dirahasiakan"}
    table = at.dataframe[0].value
    assert set(table.drop(columns=table.columns[0]).values.ravel()) <= {"< 10", "•", "–"}


@pytest.mark.parametrize("page", RESTRICTED)
def test_the_public_is_refused_every_other_page(db_env, page):
    """The public's navigation shows the public pages only. Every page is registered (hidden when not the role's,
    so that an address finds it rather than Streamlit's "Page not found"), and asking for a hidden one runs none
    of it: the public page comes instead."""
    at = anonymous()
    at.switch_page(page).run()
    assert not at.exception
    assert [x.value for x in at.title] == ["Transparansi kinerja ASN"]
    assert_no_personal_data(everything(at))


@pytest.mark.parametrize("role, pages", [
    ("leader", {"overview", "appraisals", "complaints", "fairness", "public", "methodology"}),
    ("inspector", {"overview", "appraisals", "complaints", "fairness", "inspect", "public", "methodology"}),
    ("analyst", {"overview", "appraisals", "complaints", "fairness", "upload", "public", "methodology"}),
    ("admin", {"overview", "appraisals", "complaints", "fairness", "inspect", "upload", "public", "methodology"}),
])
def test_each_role_navigation(db_env, role, pages):
    at = open_sections(signed_in(role)).run()
    assert not at.exception
    for page in ("overview", "appraisals", "complaints", "fairness", "inspect", "upload", "public", "methodology",
                 "login"):
        if page in pages:
            at.switch_page(f"pages/{page}.py").run()
            assert not at.exception, (role, page)
        elif page == "login":  # signed in, the sign-in page is not registered at all
            with pytest.raises(ValueError):
                at.switch_page(f"pages/{page}.py")
        else:  # registered but hidden: the role's first page runs instead, nothing of this one
            at.switch_page(f"pages/{page}.py").run()
            assert not at.exception and [x.value for x in at.title] == ["Ringkasan"], (role, page)


def test_methodology_in_both_languages(db_env):
    at = anonymous()
    at.switch_page("pages/methodology.py").run()
    assert not at.exception and at.title[0].value == "Metodologi"
    assert any("Tingkat kepatuhan" in m.value or "kepatuhan" in m.value for m in at.markdown)
    at.radio(key="lang").set_value("en").run()
    assert not at.exception and at.title[0].value == "Methodology"
    assert any("Promotion fairness" in m.value for m in at.markdown)


def test_leader_sees_only_their_region(db_env):
    at = open_sections(signed_in("leader", "53.71"))
    at.query_params["region"] = "72.71"  # another region in the address: ignored
    at.run()
    assert not at.exception and at.title[0].value == "Ringkasan"
    text = everything(at)
    assert "Palu" not in text and "Kota Kupang" in text
    assert_no_personal_data(text)
    assert at.query_params["region"] == ["53.71"] or at.query_params["region"] == "53.71"
    assert set(at.selectbox(key="f_agency").options) <= {"Dinas Dukcapil Kota Kupang"}
    for page in ("pages/appraisals.py", "pages/complaints.py", "pages/fairness.py", "pages/public.py"):
        at.switch_page(page).run()
        assert not at.exception, page
        text = everything(at)
        assert "Palu" not in text, page
        assert_no_personal_data(text)
        if page == "pages/appraisals.py":  # the opened sections were drawn: the raters' counts per agency, which
            # Kota Kupang's one appraised agency does not have (no rater with enough ratings): said in words
            assert "Tanpa hak melihat data pribadi: jumlah penilai per instansi." in text
            assert "Belum ada data untuk pilihan ini." in text


def test_a_region_bound_leader_has_no_chip_for_the_region_it_cannot_leave(db_env):
    """Issue 20, item 9: the chip "✕ Kota Kupang" cleared only the agency (the region is the leader's own) while
    it said it cleared the region. Now there is none for the bound region; the agency's chip clears the agency."""
    at = signed_in("leader", "53.71")
    at.query_params["agency"] = "53.71.DISDUKCAPIL"
    at.run()
    chips = [b.key for b in at.button if b.key and b.key.startswith("clear_")]
    assert "clear_region" not in chips and "clear_agency" in chips
    at.button(key="clear_agency").click().run()
    assert not at.exception and at.session_state["f_agency"] is None
    assert at.session_state["f_kabkota"] == "53.71"
    # An admin, bound to nothing, keeps the chip of the region chosen.
    admin = signed_in("admin")
    admin.query_params["region"] = "53.71"
    admin.run()
    assert "clear_region" in [b.key for b in admin.button]


def test_sign_in_wrong_password_and_lock_out(db_env):
    users.add_user(db_env, "ani.kupang", "leader", password="rahasia-panjang", region="53.71")
    at = anonymous()
    at.switch_page("pages/login.py").run()
    assert at.title[0].value == "Masuk"
    for i in range(5):
        at.text_input(key="login_name").set_value("ani.kupang")
        at.text_input(key="login_password").set_value("keliru")
        next(b for b in at.get("button") if getattr(b, "label", "") == "Masuk").click().run()
        assert any("salah" in e.value for e in at.error), i
    at.text_input(key="login_name").set_value("ani.kupang")
    at.text_input(key="login_password").set_value("rahasia-panjang")
    next(b for b in at.get("button") if getattr(b, "label", "") == "Masuk").click().run()
    assert any("dikunci" in e.value for e in at.error)  # the right password, but locked


def test_sign_in_then_out(db_env):
    users.add_user(db_env, "ani.kupang", "leader", password="rahasia-panjang", region="53.71")
    at = anonymous()
    at.switch_page("pages/login.py").run()
    at.text_input(key="login_name").set_value("ani.kupang")
    at.text_input(key="login_password").set_value("rahasia-panjang")
    next(b for b in at.get("button") if getattr(b, "label", "") == "Masuk").click().run()
    assert not at.exception and at.title[0].value == "Ringkasan"
    assert any("ani\\.kupang" in c.value for c in at.caption)  # a login is data: escaped for Markdown
    at.button(key="logout").click().run()
    assert not at.exception and at.title[0].value == "Transparansi kinerja ASN"


HOSTILE = ["'; drop table employees; --", "72.71' or '1'='1", "<script>alert(1)</script>", "../../etc/passwd",
           "1 union select nip from employees"]


def test_hostile_url_parameters_change_nothing(db_env):
    """Every hostile value in every parameter: no error, the same page as without it, nothing written. (One test
    for all of them: the page without them is drawn once.)"""
    base = everything(anonymous(year="2024"))
    for bad in HOSTILE:
        for key in ("region", "agency", "year", "period", "lang"):
            at = anonymous(**{"year": "2024", key: bad})
            assert not at.exception, (bad, key)
            if key != "year":
                assert everything(at) == base, (bad, key)
    assert db_env.execute("select count(*) from employees").fetchone()[0] == len(EMPLOYEES)


def test_what_a_leaders_downloads_hold(db_env):
    """The downloads of the pages a leader has are built from these reads, all scoped in analytics/: nothing of
    Kota Palu reaches the leader of Kota Kupang, and no personal data."""
    from analytics.appraisals import training_needs
    from analytics.filters import Filters
    from analytics.public import public
    from analytics.sla import open_complaints

    scope = users.scope_for("leader", "53.71")
    for year in (2023, 2024, 2025):
        f = Filters(year=year, period="Y")
        for df in (open_complaints(db_env, scope, f), training_needs(db_env, scope, f), public(db_env, scope, f).rows):
            text = df.to_csv(index=False)
            assert "72.71" not in text and "Palu" not in text
            assert_no_personal_data(text)
        # A filter naming another region gives nothing rather than that region.
        other = Filters(region="72.71", year=year, period="Y")
        assert open_complaints(db_env, scope, other).empty and public(db_env, scope, other).rows.empty


def test_single_sign_on_button_when_configured(db_env):
    at = anonymous()
    at.switch_page("pages/login.py").run()
    assert not [b for b in at.button if b.key == "login_sso"]  # no [auth] secrets: password only
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "pantau", "client_secret": "s",
                          "server_metadata_url": "https://sso.example.go.id/.well-known/openid-configuration"}
    at.run()
    at.switch_page("pages/login.py").run()
    assert not at.exception
    assert [b for b in at.button if b.key == "login_sso"]


def test_methodology_leads_with_plain_words_and_keeps_the_technical_part_apart(db_env):
    """Issue 20 (8): the public reads plain words first; formulas, setting keys and reports are in "Detail teknis"."""
    at = anonymous()
    at.switch_page("pages/methodology.py").run()
    assert not at.exception
    first = at.markdown[0].value
    assert first.startswith("**Dari mana datanya.**") and "max_file_mb" not in first and "numpy" not in first
    details = at.expander[0]
    assert details.label == "Detail teknis: rumus, pengaturan dan laporan"
    assert len(details.dataframe) == 2  # the settings with their keys, and the command-line reports
    assert "max_file_mb" in set(details.dataframe[0].value.iloc[:, 1])
