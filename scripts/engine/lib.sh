# Helpers for ensure.sh: logging, lock-file versions, stamps and Go module plumbing.
# Sourced, not executed. Everything here logs to stderr; stdout is reserved for ensure.sh's
# final line (the bin directory).

log() { printf '[engine] %s\n' "$*" >&2; }
die() {
  log "FAILED: $*"
  exit 1
}

# Seconds since the epoch with sub-second precision, for the timings ensure.sh reports.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# lock_version NAME: the version of npm package NAME installed according to package-lock.json.
lock_version() {
  node -e '
    const lock = require(process.argv[1]);
    const entry = (lock.packages || {})["node_modules/" + process.argv[2]];
    if (!entry || !entry.version) process.exit(3);
    process.stdout.write(entry.version);
  ' "$LOCK_FILE" "$1"
}

# json_field FIELD.PATH: reads JSON on stdin, prints the field ("" when absent).
json_field() {
  node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      let v = JSON.parse(s);
      for (const k of process.argv[1].split(".")) v = v == null ? undefined : v[k];
      process.stdout.write(v == null ? "" : String(v));
    });
  ' "$1"
}

# A stamp records the key (versions + recipe) a piece was built with, so a later run can tell
# in one file read whether the cached binary is still the one asked for.
stamp_matches() { [[ -f "$STAMP_DIR/$1" && "$(cat "$STAMP_DIR/$1")" == "$2" ]]; }
write_stamp() {
  printf '%s' "$2" >"$STAMP_DIR/$1"
  rm -f "$STAMP_DIR/$1.failed"
}
# A failure stamp keeps an optional piece's failure (key + reason) so the next run reports it
# without spending minutes failing again; ENGINE_RETRY_FAILED=1 retries.
failure_recorded() {
  [[ "${ENGINE_RETRY_FAILED:-}" != "1" && -f "$STAMP_DIR/$1.failed" ]] &&
    [[ "$(head -n1 "$STAMP_DIR/$1.failed")" == "$2" ]]
}
record_failure() {
  printf '%s\n%s\n' "$2" "$3" >"$STAMP_DIR/$1.failed"
  rm -f "$STAMP_DIR/$1"
}
recorded_reason() { tail -n +2 "$STAMP_DIR/$1.failed"; }

# need_go: sets GO once (Go on PATH or at /usr/local/go/bin/go) with the settings every build here
# uses: the machine's toolchain only, CGO off, the user's own GONOSUMDB kept apart from the
# exemptions go_retry records. GO_FOR names what Go is needed for, in the error.
GO=""
need_go() {
  [[ -n "$GO" ]] && return 0
  GO=$(find_go) || die "Go is needed to build ${GO_FOR:-the engine} and was found neither on PATH nor at /usr/local/go/bin/go"
  export GOTOOLCHAIN=local CGO_ENABLED=0
  export ENGINE_USER_GONOSUMDB="${GONOSUMDB:-}"
  reload_gonosumdb
  log "using $("$GO" version) (GOPROXY=$("$GO" env GOPROXY) GOSUMDB=$("$GO" env GOSUMDB))"
}

find_go() {
  if command -v go >/dev/null 2>&1; then
    command -v go
  elif [[ -x /usr/local/go/bin/go ]]; then
    echo /usr/local/go/bin/go
  else
    return 1
  fi
}

# go_retry LOGFILE CMD...: runs a go command; when it fails only because the checksum database,
# as reached through the module proxy, has no record of a module ("…/lookup/MOD@VER: 404 Not
# Found"), that one module path is added to GONOSUMDB and the command is retried. Verification
# stays on for every other module, and each exemption is logged.
go_retry() {
  local logfile=$1
  shift
  local mod
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    if "$@" >"$logfile" 2>&1; then
      return 0
    fi
    mod=$(grep -oE 'sumdb/[^ ]+/lookup/[^ @]+@[^:]+: 404 Not Found' "$logfile" | head -n1 |
      sed -E 's#^sumdb/[^ ]+/lookup/([^ @]+)@.*#\1#')
    if [[ -z "$mod" ]]; then
      return 1
    fi
    log "checksum database has no record of $mod (lookup via the proxy: 404 Not Found);" \
      "exempting only that module: GONOSUMDB+=$mod"
    export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}$mod"
    printf '%s\n' "$mod" >>"$CACHE_DIR/gonosumdb.txt"
  done
  return 1
}

# module_replaces GOMOD: prints the non-local replace directives of a go.mod file as
# "old=new@version" lines; a wrapper module has to repeat them because a dependency's own
# replaces are ignored when it is built from another main module.
module_replaces() {
  # shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
  "$GO" mod edit -json "$1" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      for (const r of JSON.parse(s).Replace || []) {
        if (!r.New.Version) continue;
        const old = r.Old.Version ? `${r.Old.Path}@${r.Old.Version}` : r.Old.Path;
        console.log(`${old}=${r.New.Path}@${r.New.Version}`);
      }
    });'
}

# module_local_replaces GOMOD: the replace directives pointing at folders, one "old => dir" a line.
module_local_replaces() {
  # shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
  "$GO" mod edit -json "$1" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      for (const r of JSON.parse(s).Replace || []) {
        if (!r.New.Version) console.log(`${r.Old.Path} => ${r.New.Path}`);
      }
    });'
}

# pseudo_version_of_tag MODULE@TAG PSEUDO_MAJOR: the pseudo-version of the commit that TAG points
# to, for a sibling module without tags (e.g. a provider/ folder next to a tagged sdk/ folder).
# Uses the Origin the proxy reports for the tag; fails when the proxy does not serve the tag.
pseudo_version_of_tag() {
  local info hash time
  info=$("$GO" list -m -json "$1" 2>&1) || {
    printf '%s\n' "$info" >&2
    return 1
  }
  hash=$(printf '%s' "$info" | json_field Origin.Hash)
  time=$(printf '%s' "$info" | json_field Time)
  if [[ -z "$hash" || -z "$time" ]]; then
    log "the proxy's answer for $1 names no commit (no Origin.Hash), so the pseudo-version of its commit cannot be derived"
    return 1
  fi
  printf '%s-%s-%s' "$2" "$(date -u -d "$time" +%Y%m%d%H%M%S)" "${hash:0:12}"
}

# reload_gonosumdb: picks up exemptions that go_retry recorded, including from subshells.
reload_gonosumdb() {
  [[ -f "$CACHE_DIR/gonosumdb.txt" ]] || return 0
  local extra
  extra=$(sort -u "$CACHE_DIR/gonosumdb.txt" | paste -sd, -)
  export GONOSUMDB="$extra${ENGINE_USER_GONOSUMDB:+,$ENGINE_USER_GONOSUMDB}"
}
