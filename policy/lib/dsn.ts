/**
 * Which connection settings would let a client talk to a data service in clear text. Plain
 * functions over strings, so the rule and its tests share them.
 *
 * libpq's default `sslmode` is `prefer`, which falls back to plaintext when the server offers no
 * TLS (or an attacker in the path says so): only `require`, `verify-ca` and `verify-full` are
 * encrypted for sure. Redis and RabbitMQ say it in the scheme (`rediss://`, `amqps://`).
 */

/** `sslmode` values that never fall back to plaintext. */
export const ENCRYPTED_SSLMODES = ["require", "verify-ca", "verify-full"] as const;

const encrypted = (mode: string | undefined) =>
  mode !== undefined && (ENCRYPTED_SSLMODES as readonly string[]).includes(mode.toLowerCase());

const URL_RE = /\b([a-z][a-z0-9+.-]*):\/\/[^\s"'<>]+/gi;
/** libpq keyword/value form: `host=… dbname=… sslmode=…`. */
const KEYWORD_DSN = /(?:^|\s)host\s*=\s*\S+/i;

/**
 * A PgBouncer configuration: its `[databases]` entries are keyword DSNs without `sslmode` (the
 * pooler's `server_tls_sslmode` decides for them), and `client_tls_sslmode` decides for clients;
 * both default to `disable`.
 */
function pgbouncerIni(value: string): string[] | undefined {
  if (!/^\s*\[pgbouncer\]\s*$/m.test(value)) return undefined;
  return (["client_tls_sslmode", "server_tls_sslmode"] as const).flatMap((key) => {
    const mode = new RegExp(`^\\s*${key}\\s*=\\s*(\\S+)`, "m").exec(value)?.[1];
    return encrypted(mode)
      ? []
      : [`a PgBouncer configuration with ${key} = ${mode ?? "disable (the default)"}`];
  });
}

/** Why `value` is a plaintext data connection string; empty when it is none or is encrypted. */
export function plaintextConnections(value: string): string[] {
  const ini = pgbouncerIni(value);
  if (ini !== undefined) return ini;
  const problems: string[] = [];
  for (const m of value.matchAll(URL_RE)) {
    const scheme = m[1].toLowerCase();
    if (scheme === "postgres" || scheme === "postgresql") {
      const mode = /[?&]sslmode=([^&#\s]*)/i.exec(m[0])?.[1];
      if (!encrypted(mode))
        problems.push(
          `a PostgreSQL URL with ${mode === undefined ? "no sslmode (libpq falls back to plaintext)" : `sslmode=${mode}`}`,
        );
    } else if (scheme === "redis") problems.push("a redis:// URL (plaintext); use rediss://");
    else if (scheme === "amqp") problems.push("an amqp:// URL (plaintext); use amqps://");
  }
  if (!/:\/\//.test(value) && KEYWORD_DSN.test(value)) {
    const mode = /(?:^|\s)sslmode\s*=\s*(\S+)/i.exec(value)?.[1];
    if (!encrypted(mode))
      problems.push(
        `a libpq keyword DSN with ${mode === undefined ? "no sslmode" : `sslmode=${mode}`}`,
      );
  }
  return problems;
}

/**
 * Problems of a set of named values (a Secret's keys, a container's environment): each value's
 * own, plus libpq's environment form, where `PGHOST` without an encrypted `PGSSLMODE` connects
 * as `prefer`.
 */
export function plaintextInSettings(values: Record<string, string>): string[] {
  const problems = Object.entries(values).flatMap(([k, v]) =>
    plaintextConnections(v).map((p) => `${k} holds ${p}`),
  );
  if (values.PGHOST !== undefined && !encrypted(values.PGSSLMODE))
    problems.push(
      `PGHOST is set with ${values.PGSSLMODE === undefined ? "no PGSSLMODE (libpq falls back to plaintext)" : `PGSSLMODE=${values.PGSSLMODE}`}`,
    );
  return problems;
}
