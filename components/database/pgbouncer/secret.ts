import { createHash } from "node:crypto";
import { EXPORTER_DSN_KEY } from "./manifests";
import { pgbouncerExporterDsn, renderPgBouncerIni, renderUserlist } from "./render";
import { PgBouncerArgs } from "./settings";

/** The exporter's user on PgBouncer's admin console: SHOW commands only, no PostgreSQL role behind it. */
export const STATS_USER = "pgbouncer_stats";

/**
 * The stats user's password, derived from the application password so the in-cluster part needs
 * no generator (the render-only target has no `random` provider). It exists only in the pooler's
 * Secret, and a SHA-256 digest does not reveal the password it came from.
 */
export function statsPassword(appPassword: string): string {
  return createHash("sha256").update(`${STATS_USER}\0${appPassword}`).digest("hex");
}

/**
 * Contents of the pooler's Secret: `pgbouncer.ini`, `userlist.txt` (the application role and
 * {@link STATS_USER}) and the exporter's DSN. Secret: call it inside an `apply` on the password.
 *
 * @param args PgBouncer settings; `statsUsers` is set to {@link STATS_USER}.
 * @param appPassword password of `args.appUser`.
 * @throws Error from validation, naming the field (never the password).
 */
export function pgbouncerSecretData(
  args: PgBouncerArgs,
  appPassword: string,
): Record<string, string> {
  const settings: PgBouncerArgs = { ...args, statsUsers: [STATS_USER] };
  const stats = statsPassword(appPassword);
  return {
    "pgbouncer.ini": renderPgBouncerIni(settings),
    "userlist.txt": renderUserlist([
      { user: settings.appUser, password: appPassword },
      { user: STATS_USER, password: stats },
    ]),
    [EXPORTER_DSN_KEY]: pgbouncerExporterDsn(settings, stats),
  };
}
