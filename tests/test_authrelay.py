"""Password sign-in on replicas, checked by the writer (analytics/authrelay.py, issue 21): the writer's answer
is users.authenticate on its own database (attempt recorded, lock-out shared), behind a token."""
from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

import pytest

from analytics import authrelay, users
from analytics.users import AccountError


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def relay(loaded):
    users.add_user(loaded, "ani.kupang", "leader", password="rahasia-panjang", region="53.71")
    port = _port()
    authrelay.serve(loaded, "127.0.0.1", port, "rahasia-token")
    yield f"http://127.0.0.1:{port}", loaded
    authrelay.stop()


def test_the_writer_answers_for_the_replicas(relay):
    url, con = relay
    user = authrelay.verify(url, "rahasia-token", "ani.kupang", "rahasia-panjang", lang="en")
    assert (user.name, user.role, user.region) == ("ani.kupang", "leader", "53.71")
    with pytest.raises(AccountError) as wrong:
        authrelay.verify(url, "rahasia-token", "ani.kupang", "keliru", lang="en")
    assert wrong.value.key == "bad_login" and "password" in str(wrong.value).lower()
    # Every attempt is the writer's record: the lock-out holds for every replica at once.
    assert con.execute("select count(*), count(*) filter (where ok) from login_attempts "
                       "where user_name = 'ani.kupang'").fetchone() == (2, 1)
    for _ in range(5):
        with pytest.raises(AccountError):
            authrelay.verify(url, "rahasia-token", "ani.kupang", "keliru")
    with pytest.raises(AccountError) as locked:
        authrelay.verify(url, "rahasia-token", "ani.kupang", "rahasia-panjang")
    assert locked.value.key == "locked"


def test_the_relay_refuses_what_is_not_a_replicas_sign_in(relay):
    url, _ = relay
    with pytest.raises(authrelay.RelayError):  # the wrong token
        authrelay.verify(url, "tebakan", "ani.kupang", "rahasia-panjang")
    for method, path, body, status in (("GET", "/verify", None, 405), ("POST", "/other", b"{}", 404),
                                       ("POST", "/verify", b"x" * 5000, 413), ("POST", "/verify", b"[1]", 400)):
        request = urllib.request.Request(url + path, data=body, method=method,
                                         headers={"X-Kinerja-Token": "rahasia-token"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == status, (method, path)
        assert "password_hash" not in json.loads(refused.value.read()).get("error", "")


def test_a_writer_that_cannot_be_reached_is_said_so():
    with pytest.raises(authrelay.RelayError):
        authrelay.verify(f"http://127.0.0.1:{_port()}", "t", "a", "b")
