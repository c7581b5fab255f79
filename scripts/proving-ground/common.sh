# Shared by ensure.sh and pin.sh: the engine's helpers (stamps, go_retry, module_replaces, …; see
# scripts/engine/lib.sh) with this folder's log prefix, the pinned versions and the pieces list.
# Sourced, not executed.
PG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/engine/lib.sh
source "$PG_DIR/../engine/lib.sh"
# shellcheck source=scripts/proving-ground/versions.sh
source "$PG_DIR/versions.sh"

log() { printf '[proving-ground] %s\n' "$*" >&2; }

# need_go (lib.sh) keeps GOTOOLCHAIN=local: every module here is satisfied by the machine's Go
# (1.26.x), and one asking for more fails loudly instead of fetching a toolchain behind our back.
GO_FOR="the proving ground"

# piece_lines FILE: the pieces list without comments, one "name package kind" a line.
piece_lines() { grep -vE '^\s*(#|$)' "$1"; }
piece_packages() { piece_lines "$1" | awk '{print $2}'; }

# check_pins MODULE_DIR: fails unless go.mod requires exactly the versions in versions.sh (a
# versions.sh edited without running pin.sh would otherwise build, and report, the old ones).
check_pins() {
  local dir=$1 m want got
  for m in "k8s.io/kubernetes=$KUBERNETES_VERSION" "go.etcd.io/etcd/server/v3=$ETCD_VERSION" \
    "sigs.k8s.io/kwok=$KWOK_VERSION" "sigs.k8s.io/metrics-server=$METRICS_SERVER_VERSION" \
    "github.com/kedacore/keda/v2=$KEDA_VERSION" "k8s.io/client-go=v0.${KUBERNETES_VERSION#v1.}"; do
    want=${m#*=}
    got=$("$GO" -C "$dir" list -m -f '{{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}' "${m%%=*}" 2>&1) ||
      die "$dir/go.mod does not provide ${m%%=*} ($got); run bash scripts/proving-ground/pin.sh"
    [[ "$got" == "$want" ]] ||
      die "$dir/go.mod has ${m%%=*} $got but versions.sh pins $want; run bash scripts/proving-ground/pin.sh"
  done
}
