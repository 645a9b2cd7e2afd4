"""deploy/: the HAProxy configuration a region installs is the one the end-to-end test runs (made by the same
function), HAProxy accepts it, and the systemd units agree with it on ports and settings."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from deploy.shape import UPLOAD_MB, haproxy_config

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def test_the_installed_configuration_is_the_tested_one():
    assert (DEPLOY / "haproxy.cfg").read_text() == haproxy_config(port=8080, writer=8600, replicas=[8601, 8602])
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        pytest.skip("haproxy is not installed")
    subprocess.run([haproxy, "-c", "-q", "-f", str(DEPLOY / "haproxy.cfg")], check=True)


def test_the_units_agree_with_the_proxy_and_the_app():
    writer = (DEPLOY / "systemd" / "pantau-writer.service").read_text()
    replica = (DEPLOY / "systemd" / "pantau-replica@.service").read_text()
    assert "--server.port 8600 --server.baseUrlPath admin" in writer
    assert "KINERJA_AUTH_LISTEN=127.0.0.1:8690" in writer and "KINERJA_AUTH_URL=http://127.0.0.1:8690" in replica
    assert "KINERJA_WRITER_ROLES=analyst,inspector,admin" in writer and "KINERJA_READ_ONLY=1" in replica
    snapshots = re.search(r"KINERJA_SNAPSHOT_DIR=(\S+)", writer).group(1)
    assert f"KINERJA_DB={snapshots}/current" in replica
    # The proxy holds uploads to the app's own limit (.streamlit/config.toml).
    config = (DEPLOY.parent / ".streamlit" / "config.toml").read_text()
    assert int(re.search(r"maxUploadSize = (\d+)", config).group(1)) == UPLOAD_MB
