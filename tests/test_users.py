"""Accounts (issue 7): argon2 hashes, roles and regions, lock-out after 5 failures, the users CLI and
`report --user`, which applies the account's scope."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from analytics import users
from analytics.cli import main

T0 = datetime(2026, 11, 25, 9, 0)


def test_add_and_authenticate(loaded):
    u = users.add_user(loaded, "ani.palu", "leader", password="rahasia-panjang", region="72.71", now=T0)
    assert u.scope.regions == ("72.71",) and not u.scope.personal_data
    digest = loaded.execute("select password_hash from users where user_name = 'ani.palu'").fetchone()[0]
    assert digest.startswith("$argon2id$") and "rahasia" not in digest
    assert users.authenticate(loaded, "ani.palu", "rahasia-panjang", now=T0) == u
    with pytest.raises(users.AccountError) as wrong:
        users.authenticate(loaded, "ani.palu", "salah-sandi-nya", now=T0)
    with pytest.raises(users.AccountError) as unknown:
        users.authenticate(loaded, "siapa.saja", "salah-sandi-nya", now=T0)
    assert str(wrong.value) == str(unknown.value) == "Nama pengguna atau kata sandi salah."
    assert users.add_user(loaded, "ins", "inspector", password="x" * 12).scope.personal_data
    for bad in (dict(name="a b", role="leader"), dict(name="budi", role="root"),
                dict(name="budi", role="leader", region="99.99")):
        with pytest.raises(users.AccountError):
            users.add_user(loaded, password="cukup-panjang", **bad)
    with pytest.raises(users.AccountError):
        users.add_user(loaded, "budi", "leader", password="pendek")
    with pytest.raises(users.AccountError):
        users.add_user(loaded, "ani.palu", "admin", password="rahasia-panjang")  # exists


def test_lock_out_after_five_failures_for_fifteen_minutes(loaded):
    users.add_user(loaded, "ani.palu", "leader", password="rahasia-panjang")
    for i in range(5):
        with pytest.raises(users.AccountError, match="salah"):
            users.authenticate(loaded, "ani.palu", "keliru", now=T0 + timedelta(minutes=i))
    # Locked from the fifth failure (09:04) until 09:19, even with the right password.
    with pytest.raises(users.AccountError, match="dikunci") as locked:
        users.authenticate(loaded, "ani.palu", "rahasia-panjang", now=T0 + timedelta(minutes=10))
    assert "09:19" in str(locked.value)
    assert users.authenticate(loaded, "ani.palu", "rahasia-panjang", now=T0 + timedelta(minutes=20)).role == "leader"
    # After a success the count starts again: four more failures do not lock.
    for i in range(4):
        with pytest.raises(users.AccountError, match="salah"):
            users.authenticate(loaded, "ani.palu", "keliru", now=T0 + timedelta(minutes=21 + i))
    assert users.authenticate(loaded, "ani.palu", "rahasia-panjang", now=T0 + timedelta(minutes=26))
    # Five failures spread over more than 15 minutes do not lock either.
    for i in range(5):
        with pytest.raises(users.AccountError, match="salah"):
            users.authenticate(loaded, "ani.palu", "keliru", now=T0 + timedelta(minutes=30 + 5 * i))
    assert users.locked_until(loaded, "ani.palu", T0 + timedelta(minutes=51)) is None


def test_disabled_account(loaded):
    users.add_user(loaded, "ani.palu", "leader", password="rahasia-panjang")
    users.disable_user(loaded, "ani.palu")
    with pytest.raises(users.AccountError, match="dinonaktifkan"):
        users.authenticate(loaded, "ani.palu", "rahasia-panjang")
    assert users.get_user(loaded, "ani.palu") is None


def test_users_cli_and_report_scope(loaded, tmp_path, capsys, monkeypatch):
    import io

    db = str(tmp_path / "kinerja.duckdb")
    loaded.close()
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-panjang\n"))
    assert main(["--db", db, "users", "add", "ani.palu", "--role", "leader", "--region", "53.71"]) == 0
    assert json.loads(capsys.readouterr().out)["region"] == "53.71"
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-panjang\n"))
    assert main(["--db", db, "users", "add", "ins", "--role", "inspector"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "users", "list"]) == 0
    listed = json.loads(capsys.readouterr().out)["users"]
    assert [u["user_name"] for u in listed] == ["ani.palu", "ins"] and all("password_hash" not in u for u in listed)
    # The leader of Kota Kupang sees Kupang's agencies only; without --user, both cities.
    assert main(["--db", db, "report", "datasets", "--user", "ani.palu"]) == 0
    mine = json.loads(capsys.readouterr().out)["rows"]
    assert main(["--db", db, "report", "datasets"]) == 0
    everyone = json.loads(capsys.readouterr().out)["rows"]
    count = {r["dataset"]: r["rows"] for r in mine}
    assert count["agencies"] < {r["dataset"]: r["rows"] for r in everyone}["agencies"]
    # A region outside the scope gives nothing, not the other region's rows.
    assert main(["--db", db, "report", "datasets", "--user", "ani.palu", "--region", "72.71"]) == 0
    assert all(r["rows"] == 0 for r in json.loads(capsys.readouterr().out)["rows"] if r["dataset"] != "regions")
    # Flags are personal data: refused for a leader, given to an inspector.
    assert main(["--db", db, "report", "flags", "--user", "ani.palu"]) == 2
    assert "personal data" in json.loads(capsys.readouterr().out)["error"]
    assert main(["--db", db, "report", "flags", "--user", "ins"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "report", "datasets", "--user", "nobody"]) == 2
    assert main(["--db", db, "users", "disable", "ani.palu"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "report", "datasets", "--user", "ani.palu"]) == 2


def test_single_sign_on_roles(loaded, tmp_path, monkeypatch):
    """An SSO identity takes the role of the account named like its e-mail, else of the role file; else none."""
    from ui import access

    (tmp_path / "roles.toml").write_text('["Ani@Pemda.go.id"]\nrole = "leader"\nregion = "72.71"\n'
                                         '["x@pemda.go.id"]\nrole = "root"\n', encoding="utf-8")
    monkeypatch.setenv("KINERJA_SSO_ROLES", str(tmp_path / "roles.toml"))
    roles = access.sso_roles()
    assert users.sso_user(loaded, "ani@pemda.go.id", roles) == users.User("ani@pemda.go.id", "leader", "72.71")
    assert users.sso_user(loaded, "x@pemda.go.id", roles) is None  # not a role
    assert users.sso_user(loaded, "someone@else.id", roles) is None
    users.add_user(loaded, "ins@pemda.go.id", "inspector", password=None)  # an SSO account
    assert users.sso_user(loaded, "ins@pemda.go.id", roles).role == "inspector"
    with pytest.raises(users.AccountError):  # an SSO account has no password to sign in with
        users.authenticate(loaded, "ins@pemda.go.id", "anything-at-all")


def test_cli_csv_is_formula_safe(loaded, tmp_path, capsys):
    from analytics.loader import load_file
    from tests.conftest import AGENCIES, write_csv

    evil = dict(AGENCIES[0], agency_code="72.71.EVIL", name="=HYPERLINK(\"http://x\",\"klik\")")
    assert load_file(loaded, "agencies", write_csv(tmp_path / "evil.csv", [evil]), user="t").status == "loaded"
    loaded.close()
    assert main(["--db", str(tmp_path / "kinerja.duckdb"), "report", "public", "--year", "2024",
                 "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "'=HYPERLINK" in out and ",=HYPERLINK" not in out and '"=HYPERLINK' not in out
