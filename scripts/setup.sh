#!/usr/bin/env bash
# One-stop setup for a fresh Debian 12 machine (run as root): system packages, the
# Docker engine (with --docker) and npm dependencies. Idempotent and quick when done.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
if [ "${1:-}" = "--docker" ]; then bash scripts/setup-docker.sh; fi
if [ ! -x node_modules/.bin/vitest ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
