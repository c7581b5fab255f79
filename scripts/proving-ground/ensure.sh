#!/usr/bin/env bash
# Provides the proving ground's binaries and CRDs, built from the Go module proxy at the versions
# in versions.sh, and prints the folder holding them as the last line of stdout.
#
#   dir=$(bash scripts/proving-ground/ensure.sh | tail -n1)   # $dir/bin, $dir/crds, $dir/logs
#
# Every binary in module/pieces.txt (kube-apiserver, kube-controller-manager, kube-scheduler,
# kubectl, etcd, kwok, metrics-server, keda-operator, keda-metrics-apiserver) comes out of ONE
# `go build` of the committed wrapper module (module/go.mod, written by pin.sh), so the packages
# they share compile once. Cached under <ENGINE_CACHE_DIR>/proving-ground/<kubernetes version>/
# with a stamp per piece keyed by the module's content, so a second run takes a second.
# A piece that does not build is rebuilt alone into logs/<piece>.log, and the script stops naming
# it and that log (kubectl, the only optional piece, is reported and skipped instead).
#
# Environment: ENGINE_CACHE_DIR (default <repo>/.cache/engine), PROVING_GROUND_RETRY_FAILED=1
# (rebuild an optional piece whose failure is recorded), PROVING_GROUND_MODULE_DIR (build another
# wrapper module, for tests of this script).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
# shellcheck source=scripts/proving-ground/common.sh
source "$SCRIPT_DIR/common.sh"

MODULE_DIR=${PROVING_GROUND_MODULE_DIR:-$SCRIPT_DIR/module}
PIECES_FILE="$MODULE_DIR/pieces.txt"
# Bump when the way the pieces are built changes, so cached binaries are rebuilt.
RECIPE=1
# failure_recorded() in the engine's lib.sh reads this name.
ENGINE_RETRY_FAILED=${PROVING_GROUND_RETRY_FAILED:-}

[[ -f "$MODULE_DIR/go.mod" && -f "$PIECES_FILE" ]] ||
  die "no wrapper module at $MODULE_DIR (go.mod and pieces.txt); run bash scripts/proving-ground/pin.sh"

CACHE_DIR="${ENGINE_CACHE_DIR:-$REPO_ROOT/.cache/engine}/proving-ground/$KUBERNETES_VERSION"
BIN_DIR="$CACHE_DIR/bin"
LOG_DIR="$CACHE_DIR/logs"
STAMP_DIR="$CACHE_DIR/stamps"
CRD_DIR="$CACHE_DIR/crds"
mkdir -p "$BIN_DIR" "$LOG_DIR" "$STAMP_DIR" "$CRD_DIR"

# One build at a time per cache: parallel runs wait here instead of racing on the same files.
exec 9>"$CACHE_DIR/.lock"
flock 9

START=$(now)
# The key of every piece: the module's content (versions, checksums, our own Go code, the pieces
# list) and this recipe. Any change rebuilds; an unchanged module never does.
SRC_HASH=$(cd "$MODULE_DIR" && find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum -o -name pieces.txt \) |
  LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
KEY="kubernetes=$KUBERNETES_VERSION src=$SRC_HASH recipe=$RECIPE"
log "kubernetes $KUBERNETES_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION, metrics-server $METRICS_SERVER_VERSION, keda $KEDA_VERSION; cache $CACHE_DIR"

# ldflags per main package (the last matching pattern wins, so each repeats -s -w): versions are
# stamped where the upstream release builds stamp them.
staging_minor=${KUBERNETES_VERSION#v1.}
staging_minor=${staging_minor%%.*}
k8s_x() {
  local p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    printf ' -X %s.gitVersion=%s -X %s.gitMajor=1 -X %s.gitMinor=%s -X %s.gitTreeState=clean' \
      "$p" "$KUBERNETES_VERSION" "$p" "$p" "$staging_minor" "$p"
  done
}
LDFLAGS=(
  "-ldflags=-s -w"
  "-ldflags=k8s.io/kubernetes/...=-s -w$(k8s_x)"
  "-ldflags=sigs.k8s.io/metrics-server/...=-s -w -X k8s.io/client-go/pkg/version.gitVersion=$METRICS_SERVER_VERSION"
  "-ldflags=github.com/kedacore/keda/v2/...=-s -w -X github.com/kedacore/keda/v2/version.Version=${KEDA_VERSION#v}"
)

# verify NAME FILE: the built binary runs and reports the pinned version (where it can say one).
verify() {
  local out
  case $1 in
    kube-apiserver | kube-controller-manager | kube-scheduler) out=$("$2" --version 2>&1) ;;
    kubectl) out=$("$2" version --client 2>&1) ;;
    etcd) out=$("$2" --version 2>&1) ;;
    metrics-server) out=$("$2" --version 2>&1) ;;
    *) out=$("$2" --help 2>&1 | head -n1) || true ;;
  esac || {
    printf '%s does not run: %s' "$2" "$out"
    return 1
  }
  case $1 in
    kube-*) [[ "$out" == *"$KUBERNETES_VERSION"* ]] || { printf '%s reports "%s", not %s' "$2" "$out" "$KUBERNETES_VERSION"; return 1; } ;;
    kubectl) [[ "$out" == *"$KUBERNETES_VERSION"* ]] || { printf '%s reports "%s", not %s' "$2" "$out" "$KUBERNETES_VERSION"; return 1; } ;;
    etcd) [[ "$out" == *"${ETCD_VERSION#v}"* ]] || { printf '%s reports "%s", not %s' "$2" "$out" "$ETCD_VERSION"; return 1; } ;;
  esac
}

# --- binaries ------------------------------------------------------------------------------------
names=() pkgs=() kinds=() todo=()
while read -r name pkg kind; do
  names+=("$name") pkgs+=("$pkg") kinds+=("${kind:-required}")
  if stamp_matches "$name" "$KEY" && [[ -x "$BIN_DIR/$name" ]]; then
    continue
  elif [[ "${kind:-required}" == optional ]] && failure_recorded "$name" "$KEY"; then
    log "$name: NOT AVAILABLE (recorded earlier; PROVING_GROUND_RETRY_FAILED=1 retries): $(recorded_reason "$name")"
    continue
  fi
  todo+=("$name")
done < <(piece_lines "$PIECES_FILE")

if [[ ${#todo[@]} -eq 0 ]]; then
  log "binaries: cached (${names[*]})"
else
  need_go
  if [[ -z "${PROVING_GROUND_MODULE_DIR:-}" ]]; then check_pins "$MODULE_DIR"; fi
  t=$(now)
  out="$CACHE_DIR/.build"
  rm -rf "$out"
  mkdir -p "$out"
  build_pkgs=()
  for i in "${!names[@]}"; do
    [[ " ${todo[*]} " == *" ${names[$i]} "* ]] && build_pkgs+=("${pkgs[$i]}")
  done
  log "building ${todo[*]} in one go build (log $LOG_DIR/build.log)"
  # A failing package does not stop the others: go build still writes every binary it could link.
  build_rc=0
  "$GO" -C "$MODULE_DIR" build -trimpath -buildvcs=false -mod=readonly "${LDFLAGS[@]}" \
    -o "$out/" "${build_pkgs[@]}" >"$LOG_DIR/build.log" 2>&1 || build_rc=$?
  log "go build finished in $(elapsed "$t")s (exit $build_rc)"
  failed=()
  for i in "${!names[@]}"; do
    name=${names[$i]} pkg=${pkgs[$i]} kind=${kinds[$i]}
    [[ " ${todo[*]} " == *" $name "* ]] || continue
    produced="$out/$(basename "$pkg")"
    if [[ ! -x "$produced" ]]; then
      # Built alone, the piece's own log holds exactly its errors (what built is cached by now).
      "$GO" -C "$MODULE_DIR" build -trimpath -buildvcs=false -mod=readonly "${LDFLAGS[@]}" \
        -o "$produced" "$pkg" >"$LOG_DIR/$name.log" 2>&1 || true
    fi
    reason=""
    if [[ ! -x "$produced" ]]; then
      reason="$pkg does not build; see $LOG_DIR/$name.log: $(grep -v '^#' "$LOG_DIR/$name.log" | head -n5 | paste -sd' ' -)"
    elif ! reason=$(verify "$name" "$produced"); then
      reason="$reason (log $LOG_DIR/build.log)"
    else
      mv -f "$produced" "$BIN_DIR/$name"
      write_stamp "$name" "$KEY"
      log "$name: built ($(du -h "$BIN_DIR/$name" | cut -f1))"
      continue
    fi
    if [[ "$kind" == optional ]]; then
      record_failure "$name" "$KEY" "$reason"
      log "$name: NOT AVAILABLE (optional): $reason"
    else
      failed+=("$name: $reason")
    fi
  done
  rm -rf "$out"
  if [[ ${#failed[@]} -gt 0 ]]; then
    for f in "${failed[@]}"; do log "FAILED: $f"; done
    die "$(printf '%s\n' "${failed[@]}" | cut -d: -f1 | paste -sd, -) could not be built (logs in $LOG_DIR)"
  fi
  build_seconds=$(elapsed "$t")
  # Read by `npm run bench` (scripts/proving-ground/bench.ts): the last real build's duration.
  printf '{"seconds":%s,"pieces":"%s","date":"%s","key":"%s"}\n' "$build_seconds" "${todo[*]}" \
    "$(date -u +%FT%TZ)" "$KEY" >"$STAMP_DIR/last-build.json"
  log "binaries built in ${build_seconds}s"
fi

# --- CRDs and kwok's stages and metrics ---------------------------------------------------------
# Copied untouched from the YAML each project ships in its module (crds/<project>/, kwok/<set>/);
# crds.ts renders cert-manager's two Helm label placeholders when it applies them.
CRD_KEY="keda=$KEDA_VERSION kwok=$KWOK_VERSION prometheus-operator=$PROMETHEUS_OPERATOR_VERSION cert-manager=$CERT_MANAGER_VERSION recipe=$RECIPE"
if [[ -z "${PROVING_GROUND_MODULE_DIR:-}" ]] && ! stamp_matches crds "$CRD_KEY"; then
  need_go
  reload_gonosumdb
  copy_yaml() { # MODULE@VERSION SUBDIR DEST [NAME-PATTERN]
    local dir
    go_retry "$LOG_DIR/crds-download.log" "$GO" -C "$MODULE_DIR" mod download "$1" ||
      die "crds: downloading $1 failed; see $LOG_DIR/crds-download.log: $(tail -n3 "$LOG_DIR/crds-download.log")"
    dir=$("$GO" -C "$MODULE_DIR" mod download -json "$1" | json_field Dir)
    [[ -d "$dir/$2" ]] || die "crds: $1 has no $2 folder"
    [[ -n "${4:-}" ]] || rm -rf "$3"
    mkdir -p "$3"
    find "$dir/$2" -maxdepth 1 -name "${4:-*.yaml}" ! -name kustomization.yaml -exec cp {} "$3/" \;
    chmod -R u+w "$3"
    printf '%s/%s\n' "$1" "$2" >"$3/SOURCE"
  }
  rm -rf "$CRD_DIR" "$CACHE_DIR/kwok"
  copy_yaml "github.com/kedacore/keda/v2@$KEDA_VERSION" config/crd/bases "$CRD_DIR/keda"
  copy_yaml "sigs.k8s.io/kwok@$KWOK_VERSION" kustomize/crd/bases "$CRD_DIR/kwok"
  # Only the kinds the program creates itself; Prometheus, Alertmanager and the rest belong to the
  # kube-prometheus-stack chart, which the proving ground does not run.
  for kind in servicemonitors podmonitors prometheusrules; do
    copy_yaml "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" \
      example/prometheus-operator-crd "$CRD_DIR/prometheus-operator" "monitoring.coreos.com_$kind.yaml"
  done
  copy_yaml "github.com/cert-manager/cert-manager@$CERT_MANAGER_VERSION" deploy/crds "$CRD_DIR/cert-manager"
  # kwok's own configuration (KwokConfiguration), the stages kwokctl installs, and its metrics.
  copy_yaml "sigs.k8s.io/kwok@$KWOK_VERSION" kustomize/kwok "$CACHE_DIR/kwok/config" kwok.yaml
  for set in stage/node/fast stage/node/heartbeat-with-lease stage/pod/general metrics/resource metrics/usage; do
    copy_yaml "sigs.k8s.io/kwok@$KWOK_VERSION" "kustomize/$set" "$CACHE_DIR/kwok/${set//\//-}"
  done
  write_stamp crds "$CRD_KEY"
  log "crds: $(find "$CRD_DIR" -name '*.yaml' | wc -l) CRD files from keda, kwok, prometheus-operator and cert-manager; kwok stages and metrics in $CACHE_DIR/kwok"
fi

log "done in $(elapsed "$START")s"
echo "$CACHE_DIR"
