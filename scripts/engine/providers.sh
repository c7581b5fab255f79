# Resource providers, built from the Go module proxy and registered in the plugin cache under
# PLUGIN_HOME (see runtime/engine.ts for why the cache and not PATH). Sourced by pieces.sh. Each function
# returns 1 with FAIL_REASON set when the piece cannot be provided.

# register_plugin NAME VERSION BINARY: seeds PLUGIN_HOME/plugins from a local binary.
register_plugin() {
  local out
  out=$(PULUMI_HOME="$PLUGIN_HOME" PULUMI_SKIP_UPDATE_CHECK=true \
    "$BIN_DIR/pulumi" plugin install resource "$1" "$2" --file "$3" --reinstall 2>&1) || {
    FAIL_REASON="pulumi plugin install resource $1 $2 --file $3: $out"
    return 1
  }
  PULUMI_HOME="$PLUGIN_HOME" PULUMI_SKIP_UPDATE_CHECK=true "$BIN_DIR/pulumi" plugin ls --json 2>/dev/null |
    node -e '
      let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
        const ok = JSON.parse(s).some((p) => p.name === process.argv[1] && p.kind === "resource" &&
          p.version === process.argv[2]);
        process.exit(ok ? 0 : 1);
      });' "$1" "$2" || {
    FAIL_REASON="$1 $2 was installed but \`pulumi plugin ls\` does not list it"
    return 1
  }
}

# fetch_module MODULE@VERSION DIR NAME: downloads a module (from the wrapper module in DIR) and
# prints its directory; on failure the reason is left in $LOG_DIR/NAME-download.reason, because
# callers run this in a command substitution, where FAIL_REASON would be lost.
fetch_module() {
  local dir=$2 log_file="$LOG_DIR/$3-download.log"
  go_retry "$log_file" "$GO" -C "$dir" mod download "$1" || {
    printf 'go mod download %s: %s' "$1" \
      "$(grep -m1 -E 'error|Error|403|404|not available' "$log_file" || tail -n2 "$log_file")" \
      >"$LOG_DIR/$3-download.reason"
    return 1
  }
  "$GO" -C "$dir" mod download -json "$1" | json_field Dir
}

# The provider/v4 commit used when the proxy does not serve the release of the lock file's
# @pulumi/kubernetes version (today: sdk/v4@v4.34.2 answers 403). It is the one provider/v4
# version the proxy was found to serve: a commit of 2026-01-15, between the v4.24.0 (2025-11-06)
# and v4.25.0 (2026-01-16) releases. It is built, stamped and registered under its own module
# version (without the "v"), never under a release number it is not.
KUBERNETES_FALLBACK_MODULE_VERSION=v4.0.0-20260115033456-f47bc2d6f199

# retry_kubernetes_release KEY: with ENGINE_RETRY_FAILED=1, a cached fallback build is dropped
# when the proxy now serves the release's sdk/v4 tag, so the release commit gets built instead.
retry_kubernetes_release() {
  [[ "${ENGINE_RETRY_FAILED:-}" == "1" ]] && stamp_matches kubernetes "$1" || return 0
  [[ "$(cat "$STAMP_DIR/kubernetes.version" 2>/dev/null)" == "$K8S_VERSION" ]] && return 0
  need_go
  if pseudo_version_of_tag "github.com/pulumi/pulumi-kubernetes/sdk/v4@v$K8S_VERSION" v4.0.0 \
    >/dev/null 2>"$LOG_DIR/kubernetes-tag.log"; then
    log "kubernetes: the proxy now serves sdk/v4@v$K8S_VERSION; rebuilding from the release commit"
    rm -f "$STAMP_DIR/kubernetes"
  else
    log "kubernetes: the proxy still does not serve sdk/v4@v$K8S_VERSION: $(grep -m1 -E '403|404|not available' \
      "$LOG_DIR/kubernetes-tag.log" || tail -n1 "$LOG_DIR/kubernetes-tag.log"); keeping the fallback build"
  fi
}

# build_kubernetes: the provider module at the commit of the v$K8S_VERSION release, with a main of
# our own, because the module's cmd/pulumi-resource-kubernetes embeds schema-embed.json and
# terraform-mapping-embed.json, generated files the module does not ship. The version it is
# registered as is written to $STAMP_DIR/kubernetes.version (read by runtime/engine.ts).
build_kubernetes() {
  local mod=github.com/pulumi/pulumi-kubernetes/provider/v4 dir="$SRC_DIR/kubernetes" modver moddir line
  local plugin_version=$K8S_VERSION
  modver=${ENGINE_KUBERNETES_MODULE_VERSION:-}
  if [[ -n "$modver" ]]; then
    # A module version given by hand is a commit, not a release: it is registered as itself.
    plugin_version=${modver#v}
  elif ! modver=$(pseudo_version_of_tag "github.com/pulumi/pulumi-kubernetes/sdk/v4@v$K8S_VERSION" v4.0.0 \
    2>"$LOG_DIR/kubernetes-tag.log"); then
    log "kubernetes: no provider/v4 commit known for the v$K8S_VERSION release (the proxy does not" \
      "serve its sdk/v4 tag: $(grep -m1 -E '403|404|not available' "$LOG_DIR/kubernetes-tag.log" ||
        tail -n1 "$LOG_DIR/kubernetes-tag.log")); building the served commit" \
      "$KUBERNETES_FALLBACK_MODULE_VERSION as provider ${KUBERNETES_FALLBACK_MODULE_VERSION#v}"
    modver=$KUBERNETES_FALLBACK_MODULE_VERSION
    plugin_version=${modver#v}
  fi
  log "kubernetes: building $mod@$modver as provider $plugin_version"
  rm -rf "$dir"
  mkdir -p "$dir/main"
  printf 'module engine.local/kubernetes-provider\n' >"$dir/go.mod"
  moddir=$(fetch_module "$mod@$modver" "$dir" kubernetes) || {
    FAIL_REASON=$(cat "$LOG_DIR/kubernetes-download.reason")
    return 1
  }
  reload_gonosumdb
  "$GO" -C "$dir" mod edit -go="$("$GO" mod edit -json "$moddir/go.mod" | json_field Go)" -require="$mod@$modver"
  while IFS= read -r line; do
    [[ -n "$line" ]] && "$GO" -C "$dir" mod edit -replace="$line"
  done < <(module_replaces "$moddir/go.mod")
  # The embedded schema carries the provider's version, as the upstream generate step writes it.
  node -e '
    const fs = require("fs");
    const [src, out, ver] = process.argv.slice(1);
    const schema = JSON.parse(fs.readFileSync(src + "/schema.json", "utf8"));
    schema.version = ver;
    fs.writeFileSync(out + "/schema-embed.json", JSON.stringify(schema));
    const mapping = JSON.parse(fs.readFileSync(src + "/terraform-mapping.json", "utf8"));
    fs.writeFileSync(out + "/terraform-mapping-embed.json", JSON.stringify(mapping));
  ' "$moddir/cmd/pulumi-resource-kubernetes" "$dir/main" "$plugin_version" || {
    FAIL_REASON="generating the embedded schema from $moddir/cmd/pulumi-resource-kubernetes failed"
    return 1
  }
  cat >"$dir/main/main.go" <<'EOF'
// Command pulumi-resource-kubernetes serves the Kubernetes provider with the schema and mapping
// generated from the module's committed schema.json and terraform-mapping.json.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
EOF
  go_retry "$LOG_DIR/kubernetes-tidy.log" "$GO" -C "$dir" mod tidy || {
    FAIL_REASON="go mod tidy for the kubernetes wrapper: $(tail -n5 "$LOG_DIR/kubernetes-tidy.log")"
    return 1
  }
  "$GO" -C "$dir" build -trimpath \
    -ldflags "-X $mod/pkg/version.Version=$plugin_version" \
    -o "$PROVIDER_DIR/pulumi-resource-kubernetes" ./main >"$LOG_DIR/kubernetes-build.log" 2>&1 || {
    FAIL_REASON="building the kubernetes provider: $(tail -n10 "$LOG_DIR/kubernetes-build.log")"
    return 1
  }
  register_plugin kubernetes "$plugin_version" "$PROVIDER_DIR/pulumi-resource-kubernetes" || return 1
  if [[ "$plugin_version" != "$K8S_VERSION" && -d "$PLUGIN_HOME/plugins/resource-kubernetes-v$K8S_VERSION" ]]; then
    # Only a release build may carry the release number; the previous recipe registered any commit under it.
    log "kubernetes: removing resource-kubernetes-v$K8S_VERSION from the plugin cache: it was not built from that release"
    rm -rf "$PLUGIN_HOME/plugins/resource-kubernetes-v$K8S_VERSION" "$PLUGIN_HOME/plugins/resource-kubernetes-v$K8S_VERSION.lock"
  fi
  printf '%s' "$plugin_version" >"$STAMP_DIR/kubernetes.version"
  log "kubernetes: provider $plugin_version ($(du -h "$PROVIDER_DIR/pulumi-resource-kubernetes" | cut -f1))"
}

# build_random: pulumi-random is a bridged Terraform provider; its provider/ module has no tags,
# so it is asked for at the pseudo-version of the v$RANDOM_VERSION release commit. Its go.mod
# replaces the Terraform provider with a local shim folder, which a module build cannot follow;
# the steps below stop at the first of these obstacles and say which.
build_random() {
  local mod=github.com/pulumi/pulumi-random/provider/v4 dir="$SRC_DIR/random" modver moddir locals
  modver=$(pseudo_version_of_tag "github.com/pulumi/pulumi-random/sdk/v4@v$RANDOM_VERSION" v4.0.0 \
    2>"$LOG_DIR/random-tag.log") || {
    FAIL_REASON="no provider/v4 commit known for pulumi-random v$RANDOM_VERSION ($(tr '\n' ' ' <"$LOG_DIR/random-tag.log"))"
    return 1
  }
  rm -rf "$dir"
  mkdir -p "$dir"
  printf 'module engine.local/random-provider\n' >"$dir/go.mod"
  moddir=$(fetch_module "$mod@$modver" "$dir" random) || {
    FAIL_REASON=$(cat "$LOG_DIR/random-download.reason")
    return 1
  }
  locals=$(module_local_replaces "$moddir/go.mod" | grep -v 'pulumi-random/sdk' || true)
  if [[ -n "$locals" ]]; then
    FAIL_REASON="$mod@$modver replaces modules with folders outside the module: $(echo "$locals" | paste -sd';' -)"
    return 1
  fi
  # shellcheck disable=SC2034 # read by optional() in pieces.sh
  FAIL_REASON="$mod@$modver downloaded, but there is no recipe for its bridged main (cmd/pulumi-resource-random embeds generated schema and bridge metadata)"
  return 1
}
