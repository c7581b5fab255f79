#!/usr/bin/env bash
# The whole test command (`npm test`): type-check, lint, then every test: unit tests under mocks,
# real-server tests, promtool rule tests and the real-engine tests. Installs what it needs first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
step() { printf '\n== %s\n' "$*" >&2; }

step "type-check (tsc --noEmit, strict)"
npx tsc --noEmit -p .
step "lint and format (eslint, prettier --check)"
npx eslint .
npx prettier --check "**/*.{ts,json,yaml,yml}" --log-level warn
step "dependency rules (dependency-cruiser, .dependency-cruiser.cjs)"
npm run --silent deps
step "servers and tools (PgBouncer, Redis, RabbitMQ, promtool, amtool)"
bash scripts/servers/install.sh
AMTOOL=$(bash scripts/servers/amtool.sh)
export AMTOOL
step "Pulumi engine at the lock file's version"
bash scripts/engine/ensure.sh >/dev/null
step "proving ground (Kubernetes control plane, kwok, metrics-server, KEDA) from the Go module proxy"
bash scripts/proving-ground/ensure.sh >/dev/null
step "tests"
TS_NODE_TRANSPILE_ONLY=true npx mocha "tests/**/*.test.ts"
bash scripts/mutation/changed.sh
