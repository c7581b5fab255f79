import {
  AUTH_TYPES,
  CLIENT_TLS_MODES,
  PGBOUNCER_DEFAULTS,
  PgBouncerArgs,
  PgBouncerConfig,
  POOL_MODES,
  TLS_MODES,
} from "./settings";

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;
const PATH = /^\/[A-Za-z0-9._/-]*$/;

function show(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  fallback: T,
  where: string,
): T {
  const v = value ?? fallback;
  if (!(allowed as readonly unknown[]).includes(v))
    throw new Error(`${where}: ${show(value)} is not allowed; allowed: ${allowed.join(", ")}`);
  return v as T;
}

function whole(value: unknown, fallback: number, min: number, max: number, where: string): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new Error(
      `${where}: ${show(value)} is not allowed; expected a whole number from ${min} to ${max}`,
    );
  }
  return v;
}

function name(value: unknown, where: string): string {
  if (typeof value !== "string" || !NAME.test(value)) {
    throw new Error(
      `${where}: ${show(value)} is not allowed; expected lower-case letters, digits and "_", starting with a letter or "_", at most 63 characters`,
    );
  }
  return value;
}

/**
 * Checks a host name or IPv4 address (no spaces, `=` or line breaks that could alter the ini).
 * @throws Error naming `where` and the bad value.
 */
export function validateHost(value: unknown, where: string): string {
  if (typeof value !== "string" || !(IPV4.test(value) || HOSTNAME.test(value))) {
    throw new Error(`${where}: ${show(value)} is not a host name or IPv4 address`);
  }
  return value;
}

function path(value: unknown, where: string): string {
  if (typeof value !== "string" || !PATH.test(value)) {
    throw new Error(
      `${where}: ${show(value)} is not allowed; expected an absolute path of letters, digits, ".", "_", "-" and "/"`,
    );
  }
  return value;
}

function names(value: unknown, fallback: readonly string[], where: string): string[] {
  const v = value ?? fallback;
  if (!Array.isArray(v))
    throw new Error(`${where}: expected a list of user names, got ${show(value)}`);
  return v.map((u, i) => name(u, `${where}[${i}]`));
}

/**
 * Validates PgBouncer settings and applies {@link PGBOUNCER_DEFAULTS}.
 *
 * @param args the settings as configured.
 * @param where prefix naming the settings in errors. @default "pgbouncer"
 * @throws Error naming the field, the bad value and what is allowed. Passwords are never part of these settings.
 */
export function resolvePgBouncerConfig(args: PgBouncerArgs, where = "pgbouncer"): PgBouncerConfig {
  if (typeof args !== "object" || args === null)
    throw new Error(`${where}: expected a settings object, got ${show(args)}`);
  const d = PGBOUNCER_DEFAULTS;
  const poolMode = oneOf(args.poolMode, POOL_MODES, d.poolMode, `${where}.poolMode`);
  const defaultPoolSize = whole(
    args.defaultPoolSize,
    d.defaultPoolSize,
    1,
    10000,
    `${where}.defaultPoolSize`,
  );
  const reservePoolSize = whole(
    args.reservePoolSize,
    d.reservePoolSize,
    0,
    10000,
    `${where}.reservePoolSize`,
  );
  const maxClientConn = whole(
    args.maxClientConn,
    d.maxClientConn,
    1,
    1000000,
    `${where}.maxClientConn`,
  );
  const reservePoolTimeoutSeconds = whole(
    args.reservePoolTimeoutSeconds,
    d.reservePoolTimeoutSeconds,
    0,
    3600,
    `${where}.reservePoolTimeoutSeconds`,
  );
  const serverIdleTimeoutSeconds = whole(
    args.serverIdleTimeoutSeconds,
    d.serverIdleTimeoutSeconds,
    1,
    86400,
    `${where}.serverIdleTimeoutSeconds`,
  );
  const serverLifetimeSeconds = whole(
    args.serverLifetimeSeconds,
    d.serverLifetimeSeconds,
    1,
    604800,
    `${where}.serverLifetimeSeconds`,
  );

  if (typeof args.writer !== "object" || args.writer === null)
    throw new Error(`${where}.writer: expected { host, port? }, got ${show(args.writer)}`);
  const writer = {
    host: validateHost(args.writer.host, `${where}.writer.host`),
    port: whole(args.writer.port, 5432, 1, 65535, `${where}.writer.port`),
  };
  const readerHosts = args.readers?.hosts ?? [];
  if (!Array.isArray(readerHosts))
    throw new Error(
      `${where}.readers.hosts: expected a list of host names, got ${show(readerHosts)}`,
    );
  const readers = {
    hosts:
      readerHosts.length > 0
        ? readerHosts.map((h, i) => validateHost(h, `${where}.readers.hosts[${i}]`))
        : [writer.host],
    port: whole(args.readers?.port, writer.port, 1, 65535, `${where}.readers.port`),
  };

  const database = name(args.database, `${where}.database`);
  const writerAlias = name(args.writerAlias ?? database, `${where}.writerAlias`);
  const readerAlias = name(args.readerAlias ?? `${database}_ro`, `${where}.readerAlias`);
  if (writerAlias === readerAlias)
    throw new Error(
      `${where}.readerAlias: ${show(readerAlias)} is also the writer alias; the two pools need different names`,
    );
  for (const [alias, field] of [
    [writerAlias, "writerAlias"],
    [readerAlias, "readerAlias"],
  ] as const) {
    if (alias === "pgbouncer")
      throw new Error(
        `${where}.${field}: "pgbouncer" is PgBouncer's admin console database; choose another name`,
      );
  }

  const appUser = name(args.appUser, `${where}.appUser`);
  const statsUsers = names(args.statsUsers, d.statsUsers, `${where}.statsUsers`);
  const adminUsers = names(args.adminUsers, [], `${where}.adminUsers`);
  if (statsUsers.includes(appUser) || adminUsers.includes(appUser)) {
    throw new Error(
      `${where}.appUser: ${show(appUser)} is also a console user; the application role must not administer PgBouncer`,
    );
  }

  // Clients of one PgBouncer are spread over two pools (writer, reader) of the app user; each
  // pool may hold defaultPoolSize + reservePoolSize server connections and as many waiting clients.
  const pools = 2;
  const minClients = pools * (defaultPoolSize + reservePoolSize);
  if (maxClientConn < minClients) {
    throw new Error(
      `${where}.maxClientConn: ${maxClientConn} is below ${pools} pools × (defaultPoolSize ${defaultPoolSize} + reservePoolSize ${reservePoolSize}) = ${minClients}; clients could not even fill the pools`,
    );
  }

  const serverMode = oneOf(
    args.serverTls?.sslmode,
    TLS_MODES,
    d.serverTlsMode,
    `${where}.serverTls.sslmode`,
  );
  const caFile =
    args.serverTls?.caFile === undefined
      ? undefined
      : path(args.serverTls.caFile, `${where}.serverTls.caFile`);
  if ((serverMode === "verify-ca" || serverMode === "verify-full") && !caFile) {
    throw new Error(
      `${where}.serverTls.caFile: required when sslmode is ${serverMode}; mount the RDS CA bundle and give its path`,
    );
  }
  const requested = args.clientTls?.sslmode as string | undefined;
  if (requested !== undefined && !(CLIENT_TLS_MODES as readonly string[]).includes(requested))
    throw new Error(
      `${where}.clientTls.sslmode: ${show(requested)} is not allowed: PgBouncer would accept clients in clear text; allowed: ${CLIENT_TLS_MODES.join(", ")}`,
    );
  const clientMode = oneOf(
    args.clientTls?.sslmode,
    CLIENT_TLS_MODES,
    d.clientTlsMode,
    `${where}.clientTls.sslmode`,
  );
  const certFile = path(
    args.clientTls?.certFile ?? d.clientTlsCertFile,
    `${where}.clientTls.certFile`,
  );
  const keyFile = path(args.clientTls?.keyFile ?? d.clientTlsKeyFile, `${where}.clientTls.keyFile`);
  const clientCa =
    args.clientTls?.caFile === undefined
      ? undefined
      : path(args.clientTls.caFile, `${where}.clientTls.caFile`);
  if (clientMode !== "require" && !clientCa)
    throw new Error(
      `${where}.clientTls.caFile: required when sslmode is ${clientMode}: client certificates are checked against it`,
    );

  const listenAddress = args.listenAddress ?? d.listenAddress;
  if (listenAddress !== "*" && !IPV4.test(listenAddress)) {
    throw new Error(
      `${where}.listenAddress: ${show(listenAddress)} is not allowed; expected an IPv4 address or "*"`,
    );
  }

  return {
    poolMode,
    maxClientConn,
    defaultPoolSize,
    reservePoolSize,
    reservePoolTimeoutSeconds,
    serverIdleTimeoutSeconds,
    serverLifetimeSeconds,
    writer,
    readers,
    database,
    writerAlias,
    readerAlias,
    appUser,
    statsUsers,
    adminUsers,
    authType: oneOf(args.authType, AUTH_TYPES, d.authType, `${where}.authType`),
    authFile: path(args.authFile ?? d.authFile, `${where}.authFile`),
    listenAddress,
    listenPort: whole(args.listenPort, d.listenPort, 1, 65535, `${where}.listenPort`),
    serverTls: { sslmode: serverMode, ...(caFile ? { caFile } : {}) },
    clientTls: {
      sslmode: clientMode,
      certFile,
      keyFile,
      ...(clientCa ? { caFile: clientCa } : {}),
    },
  };
}
