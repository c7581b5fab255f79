#!/usr/bin/env bash
# Provides the Pulumi engine for offline use, at exactly the @pulumi/pulumi version in
# package-lock.json, and prints the folder holding it as the last line of stdout.
#
#   bin=$(scripts/engine/ensure.sh | tail -n1)
#
# Pieces (under .cache/engine/<pulumi-version>/, keyed by version so a second run is instant):
#   bin/pulumi                  required  the CLI, built from github.com/pulumi/pulumi/pkg/v3
#   bin/pulumi-language-nodejs  required  this project's language host (langhost/, see its doc)
#   bin/pulumi-resource-pulumi-nodejs     the launcher for dynamic providers (launchers/)
#   bin/actionlint              optional  GitHub workflow linter for CI
#   home/plugins/resource-kubernetes-v<ver>  optional  the Kubernetes provider at the
#                               @pulumi/kubernetes version, or, when the proxy does not serve
#                               that release, the served fallback commit registered under its
#                               own module version (stamps/kubernetes.version says which)
#   home/plugins/resource-random-v<ver>      optional  the random provider, likewise
# A `pulumi` on PATH that already reports the right version is used instead of building one.
# Required pieces that cannot be provided stop the script with exit 1; optional ones are
# reported (with the exact error) and the script still succeeds.
#
# Environment: ENGINE_CACHE_DIR (default <repo>/.cache/engine), ENGINE_RETRY_FAILED=1 (retry
# optional pieces whose failure is recorded), ENGINE_ACTIONLINT_VERSION (default below),
# ENGINE_KUBERNETES_MODULE_VERSION (build this provider/v4 module version instead of the
# release commit; registered under that module version), ENGINE_SKIP_OPTIONAL=1 (only the required pieces).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
LOCK_FILE="$REPO_ROOT/package-lock.json"
# shellcheck source=scripts/engine/lib.sh
source "$SCRIPT_DIR/lib.sh"
# shellcheck source=scripts/engine/pieces.sh
source "$SCRIPT_DIR/pieces.sh"

# The proxy answers 403 for @v/list, so `@latest` cannot be resolved; this is the newest
# actionlint release it served when this script was written (v1.7.13 and v1.8.0: 403).
ACTIONLINT_VERSION=${ENGINE_ACTIONLINT_VERSION:-v1.7.12}
# Bump when the way a piece is built changes, so cached binaries are rebuilt.
RECIPE=1

command -v node >/dev/null || die "node is not on PATH; it is needed to read package-lock.json"
[[ -f "$LOCK_FILE" ]] || die "no package-lock.json at $LOCK_FILE"
PULUMI_VERSION=$(lock_version @pulumi/pulumi) ||
  die "@pulumi/pulumi is not in $LOCK_FILE (node_modules/@pulumi/pulumi); run npm install"

CACHE_DIR="${ENGINE_CACHE_DIR:-$REPO_ROOT/.cache/engine}/$PULUMI_VERSION"
BIN_DIR="$CACHE_DIR/bin"
SRC_DIR="$CACHE_DIR/src"
LOG_DIR="$CACHE_DIR/logs"
STAMP_DIR="$CACHE_DIR/stamps"
PLUGIN_HOME="$CACHE_DIR/home"
PROVIDER_DIR="$CACHE_DIR/providers"
mkdir -p "$BIN_DIR" "$SRC_DIR" "$LOG_DIR" "$STAMP_DIR" "$PLUGIN_HOME" "$PROVIDER_DIR"

# One build at a time per cache: parallel test runs wait here instead of racing on the same files.
exec 9>"$CACHE_DIR/.lock"
flock 9

START=$(now)
log "pulumi $PULUMI_VERSION (from package-lock.json); cache $CACHE_DIR"

langhost_hash=$(cat "$SCRIPT_DIR"/langhost/*.go | sha256sum | cut -c1-16)
CLI_KEY="pulumi=v$PULUMI_VERSION recipe=$RECIPE"
LANGHOST_KEY="langhost=v$PULUMI_VERSION src=$langhost_hash recipe=$RECIPE"

# --- required: CLI and language host -------------------------------------------------------
if stamp_matches cli "$CLI_KEY" && [[ -x "$BIN_DIR/pulumi" ]]; then
  log "pulumi: cached (v$PULUMI_VERSION)"
elif use_pulumi_on_path; then
  :
else
  need_go
  build_cli
fi

if stamp_matches langhost "$LANGHOST_KEY" && [[ -x "$BIN_DIR/pulumi-language-nodejs" ]]; then
  log "pulumi-language-nodejs: cached"
elif [[ -x "$BIN_DIR/pulumi-language-nodejs" && "$(cat "$STAMP_DIR/langhost" 2>/dev/null)" == external:* ]]; then
  log "pulumi-language-nodejs: using a copy of $(cut -d: -f2- "$STAMP_DIR/langhost")"
else
  need_go
  build_langhost
fi

# The dynamic-provider launcher is a script of ours; copying it is cheap, so it is always fresh.
install -m 0755 "$SCRIPT_DIR/launchers/pulumi-resource-pulumi-nodejs" "$BIN_DIR/pulumi-resource-pulumi-nodejs"

# --- optional pieces -------------------------------------------------------------------------
if [[ "${ENGINE_SKIP_OPTIONAL:-}" != "1" ]]; then
  optional actionlint "actionlint=$ACTIONLINT_VERSION recipe=$RECIPE" build_actionlint
  if K8S_VERSION=$(lock_version @pulumi/kubernetes); then
    K8S_KEY="kubernetes=$K8S_VERSION module=${ENGINE_KUBERNETES_MODULE_VERSION:-derived} fallback=$KUBERNETES_FALLBACK_MODULE_VERSION recipe=$RECIPE"
    retry_kubernetes_release "$K8S_KEY"
    optional kubernetes "$K8S_KEY" build_kubernetes
    [[ -f "$STAMP_DIR/kubernetes.version" ]] && stamp_matches kubernetes "$K8S_KEY" &&
      log "kubernetes: registered as provider $(cat "$STAMP_DIR/kubernetes.version")"
  fi
  if RANDOM_VERSION=$(lock_version @pulumi/random); then
    optional random "random=$RANDOM_VERSION recipe=$RECIPE" build_random
  fi
fi

log "done in $(elapsed "$START")s"
echo "$BIN_DIR"
