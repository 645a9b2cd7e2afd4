"""Password sign-in on read-only replicas, checked by the writer (issue 21).

A replica cannot check a password itself: its snapshot carries no password hashes (analytics/snapshots.py), and a
sign-in attempt must be recorded for the lock-out rule, which is a write. So the writer answers for it: started
with `KINERJA_AUTH_LISTEN=127.0.0.1:8690` (and a shared secret in `KINERJA_AUTH_TOKEN`), the writer's process
serves one endpoint, `POST /verify`, that runs `users.authenticate` on its own database (the attempt recorded,
the lock-out enforced for every replica at once, a disabled account refused at once, not one snapshot later) and
answers the account's name, role and region. A replica started with `KINERJA_AUTH_URL=http://127.0.0.1:8690`
and the same token sends its sign-in form there. Hashes never leave the writer.

The endpoint listens where it is told (loopback, or the private network between writer and replicas; never the
public side of the proxy), refuses a request without the token, a body over 4 KB, and any other path or method.
Pure Python (http.server, urllib): no new dependency.
"""
from __future__ import annotations

import hmac
import json
import os
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from analytics import users
from analytics.users import AccountError, User

MAX_BODY = 4096
TIMEOUT = 10.0  # seconds a replica waits for the writer's answer


class RelayError(RuntimeError):
    """The writer could not be asked (down, wrong token, wrong address): not a wrong password."""


@dataclass(frozen=True)
class Config:
    url: str | None            # a replica's: where the writer answers
    listen: tuple[str, int] | None  # the writer's: where to answer
    token: str

    @property
    def relays(self) -> bool:
        return bool(self.url and self.token)


def config() -> Config:
    listen = os.environ.get("KINERJA_AUTH_LISTEN", "").strip()
    where = None
    if listen:
        host, _, port = listen.rpartition(":")
        where = (host or "127.0.0.1", int(port))
    return Config(os.environ.get("KINERJA_AUTH_URL", "").strip() or None, where,
                  os.environ.get("KINERJA_AUTH_TOKEN", ""))


# --- The writer's side ---------------------------------------------------------------------------------------

_server: ThreadingHTTPServer | None = None
_lock = threading.Lock()


def serve(con, host: str, port: int, token: str) -> ThreadingHTTPServer:
    """Answer sign-ins on host:port in a thread of this process (once per process)."""
    global _server
    if not token:
        raise ValueError("KINERJA_AUTH_TOKEN must be set to serve sign-ins")
    with _lock:
        if _server is not None:
            return _server

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # no request log: names are personal data
                return

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 (http.server's names)
                self._answer(405, {"error": "method"})

            def do_POST(self) -> None:  # noqa: N802
                if self.path != "/verify":
                    return self._answer(404, {"error": "path"})
                if not hmac.compare_digest(self.headers.get("X-Kinerja-Token", ""), token):
                    return self._answer(403, {"error": "token"})
                try:
                    length = int(self.headers.get("Content-Length", "0"))
                except ValueError:
                    length = -1
                if not 0 < length <= MAX_BODY:
                    return self._answer(413, {"error": "size"})
                try:
                    asked = json.loads(self.rfile.read(length))
                    name, password = str(asked["name"])[:64], str(asked["password"])[:256]
                    lang = "en" if asked.get("lang") == "en" else "id"
                except (ValueError, KeyError, TypeError):
                    return self._answer(400, {"error": "body"})
                try:
                    user = users.authenticate(con.cursor(), name, password, lang=lang)
                except AccountError as exc:
                    return self._answer(200, {"ok": False, "key": exc.key, "message": str(exc)})
                self._answer(200, {"ok": True, "name": user.name, "role": user.role, "region": user.region})

        _server = ThreadingHTTPServer((host, port), Handler)
        _server.daemon_threads = True
        threading.Thread(target=_server.serve_forever, name="kinerja-authrelay", daemon=True).start()
        return _server


def stop() -> None:
    global _server
    with _lock:
        if _server is not None:
            _server.shutdown()
            _server.server_close()
            _server = None


# --- A replica's side ----------------------------------------------------------------------------------------

def verify(url: str, token: str, name: str, password: str, lang: str = "id") -> User:
    """Ask the writer: the account for a name and password, or AccountError as users.authenticate raises it
    (its message in `lang`); RelayError when the writer cannot be asked."""
    body = json.dumps({"name": name, "password": password, "lang": lang}).encode()
    request = urllib.request.Request(url.rstrip("/") + "/verify", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "X-Kinerja-Token": token})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as reply:
            answer = json.loads(reply.read(MAX_BODY))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise RelayError(str(exc)) from exc
    if answer.get("ok"):
        return User(answer["name"], answer["role"], answer.get("region"))
    raise AccountError.said(str(answer.get("message") or ""), str(answer.get("key") or "bad_login"))
