#!/usr/bin/env bash
# Provides amtool, Alertmanager's config checker, and prints its path. Built from the Go module
# proxy because Debian bookworm's amtool (0.25) predates `url_file`, which the shipped
# Alertmanager configuration uses to keep webhook URLs out of the config. Cached by version.
set -euo pipefail
VERSION=${AMTOOL_VERSION:-v0.28.1}
DIR="${TOOLS_CACHE_DIR:-${ENGINE_CACHE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.cache/engine}/tools}/amtool-$VERSION"
if [[ ! -x "$DIR/amtool" ]]; then
  GO=$(command -v go || echo /usr/local/go/bin/go)
  [[ -x "$GO" ]] || { echo "[amtool] Go is needed to build amtool $VERSION" >&2; exit 1; }
  echo "[amtool] building github.com/prometheus/alertmanager/cmd/amtool@$VERSION" >&2
  mkdir -p "$DIR"
  GOTOOLCHAIN=local CGO_ENABLED=0 GOBIN="$DIR" "$GO" install -trimpath "github.com/prometheus/alertmanager/cmd/amtool@$VERSION" >&2
fi
echo "$DIR/amtool"
