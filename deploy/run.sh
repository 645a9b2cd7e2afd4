#!/usr/bin/env bash
# The whole shape on one machine, for trying it: HAProxy on 127.0.0.1:8080, the writer behind /admin, N
# read-only replicas behind the rest (deploy/shape.py). Needs Debian's haproxy (apt-get install haproxy) and the
# README's virtual environment.  Usage: deploy/run.sh --replicas 2 [--port 8080] [--db PATH] [--dir DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m deploy.shape "$@"
