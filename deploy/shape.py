"""The whole serving shape on one machine, for trying it and for the end-to-end test (issue 21): HAProxy in
front, one writer behind `/admin`, N read-only replicas behind everything else, every port on 127.0.0.1.

    python -m deploy.shape --replicas 2 [--port 8080] [--db data/kinerja.duckdb] [--dir /tmp/pantau-shape]

(`deploy/run.sh --replicas N` runs this.) It builds the demo database when there is none, publishes the first
snapshot, starts the writer, the replicas and HAProxy, waits until each answers its health check, prints the
addresses and stops everything on Ctrl+C. A region's servers run the same pieces as systemd units
(deploy/systemd/), with deploy/haproxy.cfg.

Why HAProxy (Debian's `haproxy` package) rather than nginx: open-source nginx has no active health checks and no
cookie-based stickiness (only an IP hash, which sends a whole office behind one address to one replica);
HAProxy has both in its free version, proxies WebSockets without extra configuration and routes by path.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from analytics import connect, snapshots
from analytics.demo_build import build_demo

ROOT = Path(__file__).resolve().parent.parent
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
WRITER_ROLES = "analyst,inspector,admin"
# The app's upload limit (.streamlit/config.toml server.maxUploadSize, MB) plus room for the form around the file.
UPLOAD_MB = 200
UPLOAD_LIMIT = (UPLOAD_MB + 1) * 1024 * 1024
READER_BODY_LIMIT = 1024 * 1024  # replicas take no uploads: a request body over 1 MB is refused at the proxy


def haproxy_config(*, port: int, writer: int, replicas: list[int], host: str = "127.0.0.1") -> str:
    """The proxy's configuration: `/admin` to the writer, everything else balanced over the replicas with a
    sticky cookie, WebSockets held open, health checks on Streamlit's `/_stcore/health`, request bodies held to
    the app's upload limit on the writer and to 1 MB on the replicas."""
    servers = "\n".join(f"    server r{i} {host}:{p} cookie r{i}" for i, p in enumerate(replicas, 1))
    return f"""# Pantau Kinerja behind HAProxy (deploy/shape.py writes this file; deploy/haproxy.cfg is its copy for
# a writer on {writer} and replicas on {', '.join(map(str, replicas))}).
global
    maxconn 4000

defaults
    mode http
    option forwardfor
    option redispatch                   # a replica that is down: its readers go to another (and sign in again)
    retries 2
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout http-request 30s
    timeout tunnel 8h                   # a Streamlit session is one WebSocket, open as long as the tab

frontend pantau
    bind {host}:{port}
    acl to_writer path /admin
    acl to_writer path_beg /admin/
    # Uploads go to the writer only, up to the app's limit ({UPLOAD_MB} MB); a replica takes no body over 1 MB.
    http-request deny deny_status 413 if to_writer {{ req.hdr_val(content-length) gt {UPLOAD_LIMIT} }}
    http-request deny deny_status 413 if !to_writer {{ req.hdr_val(content-length) gt {READER_BODY_LIMIT} }}
    use_backend writer if to_writer
    default_backend replicas

backend writer
    # Analysts, inspectors and admins: the writer runs with --server.baseUrlPath admin and refuses other roles.
    option httpchk GET /admin/_stcore/health
    http-check expect status 200
    server writer {host}:{writer} check inter 2s fall 2 rise 1

backend replicas
    balance roundrobin
    # Sticky: Streamlit keeps a session (filters, sign-in) in the process that serves its WebSocket.
    cookie PKREPLICA insert indirect nocache httponly
    option httpchk GET /_stcore/health
    http-check expect status 200
    default-server check inter 1s fall 2 rise 1
{servers}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def streamlit_command(port: int, *, base: str | None = None) -> list[str]:
    command = [sys.executable, "-m", "ui.serve", "--server.headless", "true", "--server.address", "127.0.0.1",
               "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    return command + (["--server.baseUrlPath", base] if base else [])


@dataclass
class Shape:
    """The processes of one shape, and where they answer."""
    url: str
    folder: Path
    db: Path
    snapshots: Path
    writer_port: int
    replica_ports: list[int]
    auth_port: int             # where the writer answers the replicas' sign-ins (analytics/authrelay.py)
    token: str
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    logs: list = field(default_factory=list)

    def env(self, **extra) -> dict:
        base = {k: v for k, v in os.environ.items() if not k.startswith("KINERJA_") or k in (
            "KINERJA_PREWARM", "KINERJA_SETTINGS", "KINERJA_MEMORY_LIMIT")}
        return {**base, "KINERJA_AUTH_TOKEN": self.token, **extra}

    def start_writer(self) -> None:
        env = self.env(KINERJA_DB=str(self.db), KINERJA_SNAPSHOT_DIR=str(self.snapshots),
                       KINERJA_AUTH_LISTEN=f"127.0.0.1:{self.auth_port}", KINERJA_WRITER_ROLES=WRITER_ROLES)
        self._spawn("writer", streamlit_command(self.writer_port, base="admin"), env)

    def start_replica(self, i: int) -> None:
        env = self.env(KINERJA_DB=str(self.snapshots / "current"), KINERJA_READ_ONLY="1",
                       KINERJA_AUTH_URL=f"http://127.0.0.1:{self.auth_port}")
        self._spawn(f"r{i}", streamlit_command(self.replica_ports[i - 1]), env)

    def stop_replica(self, i: int) -> None:
        self._stop(f"r{i}")

    def _spawn(self, name: str, command: list[str], env: dict) -> None:
        log = open(self.folder / f"{name}.log", "ab")
        self.logs.append(log)
        self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                                start_new_session=True)

    def _stop(self, name: str) -> None:
        proc = self.processes.pop(name, None)
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def stop(self) -> None:
        for name in list(self.processes):
            self._stop(name)
        for log in self.logs:
            log.close()


def wait_healthy(url: str, timeout: float = 90.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def wait_listening(port: int, timeout: float = 60.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


def start(folder: Path, *, replicas: int = 2, port: int | None = None, db: Path | None = None) -> Shape:
    """Start the shape in `folder` (its logs, the generated haproxy.cfg, the snapshots); `db`: the writer's
    database (the demo is built there when missing). Returns when every piece answers its health check."""
    folder.mkdir(parents=True, exist_ok=True)
    db = db or folder / "kinerja.duckdb"
    snaps = folder / "snapshots"
    port = port or free_port()
    ports = [free_port() for _ in range(replicas + 2)]  # the writer, its sign-in relay, the replicas
    shape = Shape(f"http://127.0.0.1:{port}", folder, db, snaps, ports[0], ports[2:], ports[1],
                  secrets.token_urlsafe(24))
    con = connect(db)  # the schema (migrated); the demo is built below when the database holds no batch
    try:
        if not con.execute("select count(*) from batches").fetchone()[0]:
            build_demo(con, employees=2000, seed=42)
        if not (snaps / snapshots.CURRENT).exists():
            snapshots.publish(con, snaps)
    finally:
        con.close()
    (folder / "haproxy.cfg").write_text(haproxy_config(port=port, writer=shape.writer_port,
                                                       replicas=shape.replica_ports))
    try:
        shape.start_writer()
        for i in range(1, replicas + 1):
            shape.start_replica(i)
        subprocess.run([HAPROXY, "-c", "-q", "-f", str(folder / "haproxy.cfg")], check=True)
        shape._spawn("haproxy", [HAPROXY, "-db", "-f", str(folder / "haproxy.cfg")], os.environ.copy())
        wait_healthy(f"http://127.0.0.1:{shape.writer_port}/admin/_stcore/health")
        for p in shape.replica_ports:
            wait_healthy(f"http://127.0.0.1:{p}/_stcore/health")
        wait_healthy(f"{shape.url}/_stcore/health")
        wait_healthy(f"{shape.url}/admin/_stcore/health")
        wait_listening(shape.auth_port)  # the writer answers sign-ins a few seconds after its health check
    except BaseException:
        shape.stop()
        raise
    return shape


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="deploy/run.sh", description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="the proxy's port on 127.0.0.1")
    parser.add_argument("--db", type=Path, help="the writer's database (default: DIR/kinerja.duckdb, the demo)")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/pantau-shape"), help="logs, snapshots, haproxy.cfg")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    shape = start(args.dir, replicas=args.replicas, port=args.port, db=args.db)
    print(f"Readers:  {shape.url}/  ({args.replicas} replicas, sticky)", flush=True)
    print(f"Writer:   {shape.url}/admin/  (analysts, inspectors, admins)")
    print(f"Logs, snapshots and haproxy.cfg in {args.dir}. Ctrl+C stops everything.", flush=True)
    stopping = []
    for sig in (signal.SIGTERM, signal.SIGHUP):  # a closed terminal or `kill` stops the pieces too
        signal.signal(sig, lambda *_: stopping.append(1))
    try:
        while not stopping and all(p.poll() is None for p in shape.processes.values()):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        shape.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
