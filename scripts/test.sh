#!/usr/bin/env bash
# Runs every test: installs what the browser tests need, starts the project's own Neo4j
# server, runs pytest, stops the server. `make test` calls this after setting up .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh

neo4j_server() { .venv/bin/python -m policykg.queries.neo4j_server "$@"; }
# Stop on exit only a server this script starts: a developer's running demo server stays up.
if ! neo4j_server status >/dev/null; then
  trap 'neo4j_server stop >&2' EXIT
fi
neo4j_env=$(neo4j_server start)   # first use downloads Neo4j with Maven; fails the run if it cannot start
eval "$neo4j_env"
export NEO4J_URI NEO4J_USER NEO4J_PASSWORD

.venv/bin/python -m pytest "$@"
