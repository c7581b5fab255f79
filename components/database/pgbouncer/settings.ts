/**
 * PgBouncer settings: input shape, seed defaults and validation. Pure, no Pulumi imports.
 */

/** PgBouncer pool modes. */
export const POOL_MODES = ["transaction", "session", "statement"] as const;
/** One of {@link POOL_MODES}. */
export type PoolMode = (typeof POOL_MODES)[number];

/** TLS modes PgBouncer accepts for `server_tls_sslmode` / `client_tls_sslmode`. */
export const TLS_MODES = [
  "disable",
  "allow",
  "prefer",
  "require",
  "verify-ca",
  "verify-full",
] as const;
/** One of {@link TLS_MODES}. */
export type TlsMode = (typeof TLS_MODES)[number];

/**
 * Client TLS modes PgBouncer may run with: TLS is always required (`allow`/`prefer`/`disable`
 * would accept plaintext clients); `verify-*` also ask clients for certificates.
 */
export const CLIENT_TLS_MODES = ["require", "verify-ca", "verify-full"] as const;
/** One of {@link CLIENT_TLS_MODES}. */
export type ClientTlsMode = (typeof CLIENT_TLS_MODES)[number];

/** Where the pod mounts PgBouncer's serving certificate (`tls.crt`, `tls.key` of a cert-manager Secret). */
export const PGBOUNCER_TLS_DIR = "/etc/pgbouncer/tls";

/** Client authentication methods offered (passwords are checked against the userlist). */
export const AUTH_TYPES = ["scram-sha-256", "md5"] as const;
/** One of {@link AUTH_TYPES}. */
export type AuthType = (typeof AUTH_TYPES)[number];

/** Pool sizing and timeouts; every default is the seed value from the requirements. */
export interface PgBouncerPoolArgs {
  /** @default "transaction" */
  poolMode?: PoolMode;
  /** Client connections one PgBouncer accepts. Must be ≥ pools × (defaultPoolSize + reservePoolSize). @default 10000 */
  maxClientConn?: number;
  /** Server connections per (database, user) pool, > 0. @default 25 */
  defaultPoolSize?: number;
  /** Extra server connections a pool may open when clients wait longer than reservePoolTimeout, ≥ 0. @default 10 */
  reservePoolSize?: number;
  /** Seconds a client waits before the reserve pool is used, ≥ 0. @default 3 */
  reservePoolTimeoutSeconds?: number;
  /** Seconds an idle server connection is kept, > 0. @default 600 */
  serverIdleTimeoutSeconds?: number;
  /** Seconds before a server connection is recycled (spreads load onto new replicas), > 0. @default 3600 */
  serverLifetimeSeconds?: number;
}

/** TLS from PgBouncer to PostgreSQL. */
export interface ServerTlsArgs {
  /** @default "require" (encrypted; set "verify-full" with caFile to also check the RDS certificate) */
  sslmode?: TlsMode;
  /** CA bundle path inside the container; required for verify-ca / verify-full. @default none */
  caFile?: string;
}

/** TLS from clients to PgBouncer: always on, so no pod reaches the data tier in clear text. */
export interface ClientTlsArgs {
  /** @default "require" (clients must use TLS; they need no certificate) */
  sslmode?: ClientTlsMode;
  /** Serving certificate path. @default `${PGBOUNCER_TLS_DIR}/tls.crt` */
  certFile?: string;
  /** Its private key. @default `${PGBOUNCER_TLS_DIR}/tls.key` */
  keyFile?: string;
  /** CA that client certificates must chain to; required for verify-ca / verify-full. @default none */
  caFile?: string;
}

/** Everything needed to render `pgbouncer.ini`. */
export interface PgBouncerArgs extends PgBouncerPoolArgs {
  /** Primary (writer) endpoint. Required. */
  writer: { host: string; /** @default 5432 */ port?: number };
  /**
   * Read replica endpoints; connections are spread round-robin over the hosts (all must be up).
   * @default { hosts: [] } meaning the reader pool also points at the writer (no replicas yet)
   */
  readers?: { hosts: string[]; /** @default the writer's port */ port?: number };
  /** Database name on the server. Required. */
  database: string;
  /** Logical name clients use for the writer pool. @default the `database` name, e.g. "app" */
  writerAlias?: string;
  /** Logical name clients use for the reader pool. @default `<database>_ro`, e.g. "app_ro" */
  readerAlias?: string;
  /** The application role clients log in as (its password is in the userlist). Required. */
  appUser: string;
  /** Users allowed read-only SHOW commands on the admin console, e.g. for the Prometheus exporter. @default ["pgbouncer_stats"] */
  statsUsers?: string[];
  /** Users allowed every admin console command. @default [] */
  adminUsers?: string[];
  /** @default "scram-sha-256" */
  authType?: AuthType;
  /** Path of the userlist mounted from a Kubernetes Secret. @default "/etc/pgbouncer/userlist.txt" */
  authFile?: string;
  /** Listen address. @default "0.0.0.0" */
  listenAddress?: string;
  /** @default 6432 */
  listenPort?: number;
  /** @default { sslmode: "require" } */
  serverTls?: ServerTlsArgs;
  /** @default { sslmode: "require" } with the certificate under {@link PGBOUNCER_TLS_DIR} */
  clientTls?: ClientTlsArgs;
}

/** Seed defaults of {@link PgBouncerArgs}. */
export const PGBOUNCER_DEFAULTS = Object.freeze({
  poolMode: "transaction" as PoolMode,
  maxClientConn: 10000,
  defaultPoolSize: 25,
  reservePoolSize: 10,
  reservePoolTimeoutSeconds: 3,
  serverIdleTimeoutSeconds: 600,
  serverLifetimeSeconds: 3600,
  statsUsers: ["pgbouncer_stats"] as readonly string[],
  authType: "scram-sha-256" as AuthType,
  authFile: "/etc/pgbouncer/userlist.txt",
  listenAddress: "0.0.0.0",
  listenPort: 6432,
  serverTlsMode: "require" as TlsMode,
  clientTlsMode: "require" as ClientTlsMode,
  clientTlsCertFile: `${PGBOUNCER_TLS_DIR}/tls.crt`,
  clientTlsKeyFile: `${PGBOUNCER_TLS_DIR}/tls.key`,
});

/** {@link PgBouncerArgs} validated, every default applied. */
export interface PgBouncerConfig {
  readonly poolMode: PoolMode;
  readonly maxClientConn: number;
  readonly defaultPoolSize: number;
  readonly reservePoolSize: number;
  readonly reservePoolTimeoutSeconds: number;
  readonly serverIdleTimeoutSeconds: number;
  readonly serverLifetimeSeconds: number;
  readonly writer: { readonly host: string; readonly port: number };
  readonly readers: { readonly hosts: readonly string[]; readonly port: number };
  readonly database: string;
  readonly writerAlias: string;
  readonly readerAlias: string;
  readonly appUser: string;
  readonly statsUsers: readonly string[];
  readonly adminUsers: readonly string[];
  readonly authType: AuthType;
  readonly authFile: string;
  readonly listenAddress: string;
  readonly listenPort: number;
  readonly serverTls: { readonly sslmode: TlsMode; readonly caFile?: string };
  readonly clientTls: {
    readonly sslmode: ClientTlsMode;
    readonly certFile: string;
    readonly keyFile: string;
    readonly caFile?: string;
  };
}
