# How each piece of the engine is provided. Sourced by ensure.sh, which sets the variables used
# here (GO, BIN_DIR, SRC_DIR, LOG_DIR, PLUGIN_HOME, PROVIDER_DIR, *_VERSION, *_KEY).

BUILD_TAGS=osusergo,grpcnotrace
PKG_MODULE=github.com/pulumi/pulumi/pkg/v3
SDK_MODULE=github.com/pulumi/pulumi/sdk/v3
FAIL_REASON=""

# use_pulumi_on_path: copies a `pulumi` already on PATH that reports the lock file's version (and
# its language host, when one sits beside it) into BIN_DIR instead of building. Copies, not links:
# the CLI looks for bundled plugins (the language host, the dynamic-provider launcher) beside its
# resolved executable, which has to be BIN_DIR.
use_pulumi_on_path() {
  local p found
  p=$(command -v pulumi 2>/dev/null) || return 1
  [[ "$(readlink -f "$p")" == "$(readlink -f "$BIN_DIR/pulumi" 2>/dev/null)" ]] && return 1
  found=$("$p" version 2>/dev/null || true)
  if [[ "$found" != "v$PULUMI_VERSION" ]]; then
    log "pulumi on PATH ($p) reports '${found}', not v$PULUMI_VERSION: building instead"
    return 1
  fi
  if ! stamp_matches cli "external:$p" || [[ ! -x "$BIN_DIR/pulumi" ]]; then
    cp -f "$(readlink -f "$p")" "$BIN_DIR/pulumi"
    printf 'external:%s' "$p" >"$STAMP_DIR/cli"
  fi
  log "pulumi: using a copy of $p ($found)"
  local langhost
  langhost="$(dirname "$(readlink -f "$p")")/pulumi-language-nodejs"
  if [[ -x "$langhost" ]] && ! stamp_matches langhost "external:$langhost"; then
    cp -f "$(readlink -f "$langhost")" "$BIN_DIR/pulumi-language-nodejs"
    write_stamp langhost "external:$langhost"
  fi
}

# prepare_cli_module: the wrapper module that builds the CLI and the language host. It requires
# pkg/v3 and sdk/v3 at the lock file's version and repeats pkg's non-local replace directives.
prepare_cli_module() {
  local dir="$SRC_DIR/cli" v="v$PULUMI_VERSION" gomod godirective line
  rm -rf "$dir"
  mkdir -p "$dir/langhost"
  printf 'module engine.local/pulumi-cli\n' >"$dir/go.mod"
  go_retry "$LOG_DIR/cli-download.log" "$GO" -C "$dir" mod download "$PKG_MODULE@$v" "$SDK_MODULE@$v" ||
    die "downloading $PKG_MODULE@$v: $(tail -n3 "$LOG_DIR/cli-download.log")"
  gomod=$("$GO" -C "$dir" mod download -json "$PKG_MODULE@$v" | json_field GoMod)
  godirective=$("$GO" mod edit -json "$gomod" | json_field Go)
  "$GO" -C "$dir" mod edit -go="$godirective" -require="$PKG_MODULE@$v" -require="$SDK_MODULE@$v"
  while IFS= read -r line; do
    [[ -n "$line" ]] && "$GO" -C "$dir" mod edit -replace="$line"
  done < <(module_replaces "$gomod")
  cat >"$dir/tools.go" <<'EOF'
//go:build tools

// Package tools keeps the CLI's main package in this module's requirements.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
EOF
  cp "$SCRIPT_DIR"/langhost/*.go "$dir/langhost/"
  go_retry "$LOG_DIR/cli-tidy.log" "$GO" -C "$dir" mod tidy ||
    die "go mod tidy for the CLI wrapper: $(tail -n5 "$LOG_DIR/cli-tidy.log")"
  local got
  got=$("$GO" -C "$dir" list -m -f '{{.Version}}' "$SDK_MODULE")
  [[ "$got" == "$v" ]] || die "the CLI wrapper resolved $SDK_MODULE to $got, not $v"
}

build_cli() {
  local t dir="$SRC_DIR/cli" v="v$PULUMI_VERSION"
  t=$(now)
  log "pulumi: building $PKG_MODULE/cmd/pulumi@$v (a cold build takes about 5 minutes on 2 cores)"
  prepare_cli_module
  "$GO" -C "$dir" build -trimpath -tags "$BUILD_TAGS" \
    -ldflags "-X $SDK_MODULE/go/common/version.Version=$v" \
    -o "$BIN_DIR/.pulumi.tmp" "$PKG_MODULE/cmd/pulumi" >"$LOG_DIR/cli-build.log" 2>&1 ||
    die "building the pulumi CLI: $(tail -n20 "$LOG_DIR/cli-build.log")"
  mv -f "$BIN_DIR/.pulumi.tmp" "$BIN_DIR/pulumi"
  local reported
  reported=$("$BIN_DIR/pulumi" version 2>&1) || die "the built pulumi does not run: $reported"
  [[ "$reported" == "$v" ]] || die "the built pulumi reports '$reported', expected $v"
  write_stamp cli "$CLI_KEY"
  log "pulumi: built $reported in $(elapsed "$t")s ($(du -h "$BIN_DIR/pulumi" | cut -f1))"
}

build_langhost() {
  local t dir="$SRC_DIR/cli" v="v$PULUMI_VERSION"
  t=$(now)
  if [[ ! -f "$dir/go.sum" ]]; then
    prepare_cli_module
  else
    rm -f "$dir"/langhost/*.go
    cp "$SCRIPT_DIR"/langhost/*.go "$dir/langhost/"
  fi
  "$GO" -C "$dir" build -trimpath -tags "$BUILD_TAGS" -ldflags "-X main.version=$v" \
    -o "$BIN_DIR/.langhost.tmp" ./langhost >"$LOG_DIR/langhost-build.log" 2>&1 ||
    die "building pulumi-language-nodejs: $(tail -n20 "$LOG_DIR/langhost-build.log")"
  mv -f "$BIN_DIR/.langhost.tmp" "$BIN_DIR/pulumi-language-nodejs"
  write_stamp langhost "$LANGHOST_KEY"
  log "pulumi-language-nodejs: built in $(elapsed "$t")s ($(du -h "$BIN_DIR/pulumi-language-nodejs" | cut -f1))"
}

# optional NAME KEY FUNCTION: provides an optional piece, or reports why it cannot be provided.
optional() {
  local name=$1 key=$2 fn=$3 t
  if stamp_matches "$name" "$key"; then
    log "$name: cached"
    return 0
  fi
  if failure_recorded "$name" "$key"; then
    log "$name: NOT AVAILABLE (recorded earlier; ENGINE_RETRY_FAILED=1 retries): $(recorded_reason "$name")"
    return 0
  fi
  need_go
  t=$(now)
  FAIL_REASON=""
  if "$fn"; then
    write_stamp "$name" "$key"
    log "$name: provided in $(elapsed "$t")s"
  else
    record_failure "$name" "$key" "$FAIL_REASON"
    log "$name: NOT AVAILABLE after $(elapsed "$t")s: $FAIL_REASON"
  fi
}

build_actionlint() {
  local log_file="$LOG_DIR/actionlint.log"
  GOBIN="$BIN_DIR" go_retry "$log_file" "$GO" install -trimpath \
    -ldflags "-s -w -X github.com/rhysd/actionlint.version=$ACTIONLINT_VERSION" \
    "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" || {
    FAIL_REASON="go install github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION: $(tail -n3 "$log_file")"
    return 1
  }
  log "actionlint: $("$BIN_DIR/actionlint" -version | head -n1) ($(du -h "$BIN_DIR/actionlint" | cut -f1))"
}

# kube-score in its own `go install`, not in the proving ground's one `go build`: that module lifts
# every k8s.io library to v0.36 (kube-score v1.20.0 is built and tested against v0.32), and its
# shared cache is stamped with the module's hash, so a branch changing the module would rebuild
# the whole control plane for everyone. This build is 16 MB and about a minute once downloaded.
build_kube_score() {
  local log_file="$LOG_DIR/kube-score.log"
  GOBIN="$BIN_DIR" go_retry "$log_file" "$GO" install -trimpath \
    -ldflags "-s -w -X main.version=$KUBE_SCORE_VERSION" \
    "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION" || {
    FAIL_REASON="go install github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION: $(tail -n3 "$log_file")"
    return 1
  }
  log "kube-score: $("$BIN_DIR/kube-score" version | head -n1) ($(du -h "$BIN_DIR/kube-score" | cut -f1))"
}

# shellcheck source=scripts/engine/providers.sh
source "$SCRIPT_DIR/providers.sh"
