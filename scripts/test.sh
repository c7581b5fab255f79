#!/usr/bin/env bash
# The whole test command (`npm test`): type-check, lint, then every test: unit tests under mocks,
# real-server tests, promtool rule tests and the real-engine tests. Installs what it needs first.
#
# Phases that share nothing run at once where that pays on two cores: the type check beside lint
# and the dependency rules, and the installs (servers, engine, proving ground: I/O-bound once
# cached) beside both. The unit tests (program under mocks, pure models) run in mocha's parallel
# mode; tests that start servers, the engine or a control plane run serially afterwards, one area
# per phase. Every phase runs even when an earlier one failed, so one run shows every failure; the
# command fails if any phase did. At the end: each phase's time, and the slowest files and tests
# (.cache/test-timings/<phase>.json holds every test's time; MOCHA_JOBS sets the unit workers).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

logs=.cache/test-logs
timings=.cache/test-timings
rm -rf "$logs" "$timings"
mkdir -p "$logs" "$timings"
export MOCHA_ASSERTIONS="$PWD/$timings/assertions.jsonl"
started=$SECONDS
results=()
failed=0

# record NAME STATUS SECONDS
record() {
  results+=("$(printf '%-44s %6ss  %s' "$1" "$3" "$([ "$2" -eq 0 ] && echo ok || echo "FAILED ($2)")")")
  [ "$2" -eq 0 ] || failed=1
}

# phase NAME COMMAND...: runs in the foreground, output to the terminal.
phase() {
  local name=$1 t0=$SECONDS status=0
  shift
  printf '\n== %s\n' "$name" >&2
  "$@" || status=$?
  record "$name" "$status" $((SECONDS - t0))
}

# background NAME COMMAND...: starts the phase with its output in a log; `finish NAME` waits for it,
# prints the log and records it.
declare -A pids starts
background() {
  local name=$1
  shift
  starts[$name]=$SECONDS
  "$@" >"$logs/$name.log" 2>&1 &
  pids[$name]=$!
}
finish() {
  local name=$1 status=0
  wait "${pids[$name]}" || status=$?
  printf '\n== %s (ran in the background)\n' "$name" >&2
  cat "$logs/$name.log" >&2
  record "$name" "$status" $((SECONDS - ${starts[$name]}))
}

# mocha_phase NAME [MOCHA ARGS...] FILES...: a test phase, its timings in $timings/NAME.json.
mocha_phase() {
  local name=$1
  shift
  MOCHA_TIMINGS="$PWD/$timings/$name.json" phase "$name" npx mocha "$@"
}

summary() {
  printf '\n== phase times (wall; the machine may be shared)\n' >&2
  printf '%s\n' "${results[@]}" >&2
  printf '%-44s %6ss\n' "total" $((SECONDS - started)) >&2
  node -r ./scripts/setup/register.cjs scripts/test-summary.ts "$timings" >&2 || true
}

# Every folder of tests belongs to one phase below; a new folder must be given one, not skipped.
UNIT=stacks,program,model,components,policy
SERIAL="servers engine portal proving-ground scripts docs checkers"
unplaced=()
for dir in tests/*/; do
  dir=$(basename "$dir")
  [ -n "$(find "tests/$dir" -name '*.test.ts' -print -quit)" ] || continue
  [[ ",$UNIT," == *",$dir,"* || " $SERIAL " == *" $dir "* ]] || unplaced+=("$dir")
done
if [ ${#unplaced[@]} -gt 0 ]; then
  echo "scripts/test.sh: tests/${unplaced[*]} is in no phase: add it to UNIT or SERIAL" >&2
  record "every test folder in a phase" 1 0
fi

# Installs: servers and tools (PgBouncer, Redis, RabbitMQ, promtool, amtool), the Pulumi engine at
# the lock file's version, the proving ground (Kubernetes control plane, kwok, metrics-server, KEDA)
# from the Go module proxy. One background job, in this order, beside the static checks.
install() {
  bash scripts/servers/install.sh &&
    bash scripts/servers/amtool.sh >"$logs/amtool.path" &&
    bash scripts/engine/ensure.sh >/dev/null &&
    bash scripts/proving-ground/ensure.sh >/dev/null
}
background "install (servers, engine, proving ground)" install
background "type-check (tsc --noEmit, strict)" npx tsc --noEmit -p .
phase "lint and format (eslint, prettier --check)" \
  bash -c 'npx eslint . && npx prettier --check "**/*.{ts,json,yaml,yml}" --log-level warn'
phase "dependency rules (dependency-cruiser)" npm run --silent deps
finish "type-check (tsc --noEmit, strict)"

# The unit tests need nothing installed: they run while the installs finish.
mocha_phase unit --parallel --jobs "${MOCHA_JOBS:-2}" --ignore tests/policy/engine.test.ts \
  "tests/{$UNIT}/**/*.test.ts"
finish "install (servers, engine, proving ground)"
AMTOOL=$(tail -n1 "$logs/amtool.path" 2>/dev/null || true)
export AMTOOL

mocha_phase servers "tests/servers/**/*.test.ts"
mocha_phase engine "tests/engine/**/*.test.ts" tests/policy/engine.test.ts
mocha_phase portal "tests/portal/**/*.test.ts"
mocha_phase proving-ground "tests/proving-ground/**/*.test.ts"
mocha_phase scripts-docs-checkers "tests/{scripts,docs,checkers}/**/*.test.ts"
# Stryker reruns tests once per mutant: those reruns are not the suite's assertions, so the
# counter is off for this phase (count-assertions.ts also skips Stryker's workers on its own).
phase "mutation (files this change touches)" env -u MOCHA_ASSERTIONS bash scripts/mutation/changed.sh

summary
exit "$failed"
