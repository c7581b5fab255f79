#!/bin/sh
# Judges a load test's Fortio results against its thresholds; its exit status is the Job's.
#
# Fortio has no threshold exit code, so each load step (an init container) writes its result
# with `fortio load -json`, and this script (POSIX sh and awk: BusyBox in the Job, any awk in
# the tests) reads them all:
#   - errors: every request whose status is not 2xx (Fortio counts socket errors as -1), over
#     every step;
#   - P95: the steps named `*-judged-*.json` (those after the grace period) merged into one
#     latency histogram; the P95 is the upper edge of the bucket holding the 95th percentile, so
#     it never reads lower than the truth.
# Prints one summary line (`loadtest ...`) and writes the figures as Prometheus text
# ($RESULTS_DIR/metrics.prom) and as an OTLP/JSON metrics request (metrics.otlp.json), which it
# POSTs to $OTLP_URL when set (Prometheus' OTLP receiver): a Job's pod is gone before a scrape
# would find it, so the figures are pushed. A failed push is reported but does not change the
# verdict. Exits 0 when both thresholds hold, 1 when one is missed, 2 when there is nothing to judge.
#
# Environment: RESULTS_DIR (default /results), P95_MS, ERROR_RATE_PERCENT, SCENARIO, SERVICE,
# OTLP_URL (optional).
set -eu

dir="${RESULTS_DIR:-/results}"
: "${P95_MS:?P95_MS must be set (the scenario's P95 limit, ms)}"
: "${ERROR_RATE_PERCENT:?ERROR_RATE_PERCENT must be set (errors allowed, %)}"

# Only the steps' results (NNNN-<judged|grace>-<kind>.json), never this script's own output.
set -- "$dir"/[0-9]*-*.json
if [ ! -e "$1" ]; then
  echo "loadtest scenario=${SCENARIO:-} result=fail reason=\"no Fortio result in $dir\""
  exit 2
fi

status=0
awk -v p95Limit="$P95_MS" -v errLimit="$ERROR_RATE_PERCENT" \
  -v scenario="${SCENARIO:-}" -v service="${SERVICE:-}" -v metrics="$dir/metrics.prom" \
  -v otlp="$dir/metrics.otlp.json" '
# A top-level key of the indented JSON Fortio writes ("  \"Key\": ..."): the section we are in.
/^  "[A-Za-z]+":/ {
  section = $1
  gsub(/[":]/, "", section)
}
FNR == 1 {
  files++
  judged = (FILENAME ~ /-judged-[^\/]*\.json$/)
}
section == "RetCodes" && /^    "-?[0-9]+":/ {
  code = $1
  gsub(/[":]/, "", code)
  n = $2
  gsub(/,/, "", n)
  if (code + 0 < 200 || code + 0 > 299) errors += n
}
section == "DurationHistogram" && /^    "Count":/ {
  n = $2
  gsub(/,/, "", n)
  total += n
  if (judged) judgedTotal += n
}
section == "DurationHistogram" && judged && /^        "End":/ {
  end = $2
  gsub(/,/, "", end)
}
section == "DurationHistogram" && judged && /^        "Count":/ {
  n = $2
  gsub(/,/, "", n)
  if (!(end in bucket)) keys[++nkeys] = end
  bucket[end] += n
}
END {
  # Buckets by upper edge, ascending (insertion sort: a histogram has at most a few dozen edges).
  for (i = 2; i <= nkeys; i++) {
    k = keys[i]
    for (j = i - 1; j >= 1 && keys[j] + 0 > k + 0; j--) keys[j + 1] = keys[j]
    keys[j + 1] = k
  }
  p95 = 0
  seen = 0
  for (i = 1; i <= nkeys; i++) {
    seen += bucket[keys[i]]
    if (seen >= 0.95 * judgedTotal) { p95 = keys[i] * 1000; break }
  }
  errRate = total > 0 ? 100 * errors / total : 100
  reason = ""
  if (total == 0) reason = "no request was sent"
  else if (judgedTotal == 0) reason = "no request after the grace period"
  if (errRate > errLimit) reason = reason (reason == "" ? "" : "; ") sprintf("error rate %.2f %% is above %s %%", errRate, errLimit)
  if (judgedTotal > 0 && p95 > p95Limit) reason = reason (reason == "" ? "" : "; ") sprintf("P95 %.0f ms is above %s ms", p95, p95Limit)
  pass = reason == ""
  printf "loadtest scenario=%s service=%s steps=%d requests=%d errors=%d errorRatePercent=%.2f p95Ms=%.0f result=%s%s\n", \
    scenario, service, files, total, errors, errRate, p95, pass ? "pass" : "fail", pass ? "" : " reason=\"" reason "\""
  srand()
  now = srand()
  labels = sprintf("{scenario=\"%s\",service=\"%s\"}", scenario, service)
  printf("platform_loadtest_requests%s %d\n", labels, total) > metrics
  printf("platform_loadtest_errors%s %d\n", labels, errors) > metrics
  printf("platform_loadtest_p95_seconds%s %.3f\n", labels, p95 / 1000) > metrics
  printf("platform_loadtest_p95_limit_seconds%s %.3f\n", labels, p95Limit / 1000) > metrics
  printf("platform_loadtest_error_ratio_limit%s %.4f\n", labels, errLimit / 100) > metrics
  printf("platform_loadtest_passed%s %d\n", labels, pass ? 1 : 0) > metrics
  printf("platform_loadtest_finished_timestamp_seconds%s %d\n", labels, now) > metrics
  # The same gauges as one OTLP/JSON request: data point attributes become the labels.
  attrs = sprintf("[{\"key\":\"scenario\",\"value\":{\"stringValue\":\"%s\"}},{\"key\":\"service\",\"value\":{\"stringValue\":\"%s\"}}]", scenario, service)
  n = 0
  g[++n] = "platform_loadtest_requests"; v[n] = total
  g[++n] = "platform_loadtest_errors"; v[n] = errors
  g[++n] = "platform_loadtest_p95_seconds"; v[n] = p95 / 1000
  g[++n] = "platform_loadtest_p95_limit_seconds"; v[n] = p95Limit / 1000
  g[++n] = "platform_loadtest_error_ratio_limit"; v[n] = errLimit / 100
  g[++n] = "platform_loadtest_passed"; v[n] = pass ? 1 : 0
  printf("{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"platform-loadtest\"}}]},\"scopeMetrics\":[{\"scope\":{\"name\":\"platform-loadtest\"},\"metrics\":[") > otlp
  for (i = 1; i <= n; i++)
    printf("%s{\"name\":\"%s\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"%d000000000\",\"asDouble\":%.6f,\"attributes\":%s}]}}", i > 1 ? "," : "", g[i], now, v[i], attrs) > otlp
  printf("]}]}]}\n") > otlp
  exit pass ? 0 : 1
}
' "$@" || status=$?

if [ -n "${OTLP_URL:-}" ] && [ -s "$dir/metrics.otlp.json" ]; then
  if ! curl -fsS --max-time 30 --retry 2 --retry-delay 1 --retry-all-errors -X POST \
    -H "Content-Type: application/json" --data-binary "@$dir/metrics.otlp.json" "$OTLP_URL" >/dev/null; then
    echo "loadtest: could not push the figures to $OTLP_URL; the verdict above stands" >&2
  fi
fi
exit "$status"
