#!/usr/bin/env bash
# Runs every test: installs what the browser tests need, starts the project's own Neo4j
# server, runs pytest, stops the server. `make test` calls this after setting up .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh
exec .venv/bin/python -m pytest "$@"
