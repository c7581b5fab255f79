#!/usr/bin/env bash
# CI's mutation step (called from scripts/test.sh): StrykerJS on the files of a mutation scope
# (scripts/mutation/scopes.ts) that this change touches: the diff against origin/main (or
# $MUTATION_BASE) when HEAD is ahead of it, else the last commit's files. Skipped, saying so, when
# no such file changed. The run stops at $MUTATION_BUDGET_SECONDS (default 300) and says so, naming
# the full run to use instead, without failing: scores are reported, not gated (docs/mutation.md),
# and a time limit that fails the build would make CI's result depend on the machine's load.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
printf '\n== %s\n' "mutation testing on the files this change touches" >&2
base=${MUTATION_BASE:-origin/main}
if git rev-parse --verify -q "$base" >/dev/null && [ "$(git rev-parse HEAD)" != "$(git rev-parse "$base")" ]; then
  files=$(git diff --name-only --diff-filter=AM "$base"...HEAD)
elif git rev-parse --verify -q HEAD~1 >/dev/null; then
  files=$(git diff --name-only --diff-filter=AM HEAD~1 HEAD)
else
  files=""
fi
in_scope=$(printf '%s\n' "$files" | grep -E '^(policy|stacks/schema|model/capacity|model/cost|components)/.*\.ts$' || true)
if [ -z "$in_scope" ]; then
  echo "mutation: skipped, no changed file under policy/, stacks/schema/, model/capacity/, model/cost/ or components/" >&2
  exit 0
fi
budget=${MUTATION_BUDGET_SECONDS:-300}
set +e
# shellcheck disable=SC2086 # one argument per file
timeout "$budget" node -r ./scripts/setup/register.cjs scripts/mutation/run.ts --files $in_scope
status=$?
set -e
if [ "$status" -eq 124 ]; then
  echo "mutation: stopped at its budget of ${budget} s (partial report under .cache/stryker/); run 'npm run mutation' for the full, incremental run" >&2
  status=0
fi
exit "$status"
