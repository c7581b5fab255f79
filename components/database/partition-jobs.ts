import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  PartitionedTableArgs,
  partitionMaintenanceSql,
  partitionMigrationSql,
  resolvePartitionedTables,
} from "./partitions";
import {
  appRoleSql,
  checkAppRoleNames,
  MONITOR_ROLE,
  monitorPassword,
  monitorRoleSql,
  scramSha256Verifier,
} from "./roles";
import { DATA_TIER_PART_OF, PART_OF_LABEL } from "../shared/labels";

/** Arguments of {@link PartitionJobs}. */
export interface PartitionJobsArgs {
  /** Namespace of the Job and CronJob; must exist (pass it in `dependsOn`). Required. */
  namespace: string;
  /** Partitioned tables (`platform:database.partitionedTables`). Required; an empty list installs only the function. */
  tables: readonly PartitionedTableArgs[];
  /** Cron schedule of the daily maintenance, in UTC. Required. */
  schedule: string;
  /** Image with `psql`. Required. */
  image: string;
  /** The primary: migrations run against it directly, not through PgBouncer's transaction pooling. */
  writerHost: pulumi.Input<string>;
  port: number;
  database: string;
  username: string;
  /** The writer role's password: a secret. Required. */
  password: pulumi.Input<string>;
  /**
   * The role workloads log in as, created or updated by the migration after the tables: rows of
   * `public` and of the partitioned tables' schemas, no DDL (see {@link appRoleSql}). Required.
   */
  appRole: { username: string; /** Secret; ASCII. */ password: pulumi.Input<string> };
}

const SQL_DIR = "/sql";
const ROLE_DIR = "/roles";
const ROLE_FILE = "app-role.sql";
/** The monitor role's SQL, beside the application role's in the same Secret. */
const MONITOR_FILE = "monitor-role.sql";

/** What one psql pod runs and mounts. */
interface PsqlPodArgs {
  /** Image with `psql`. */
  image: string;
  /** The SQL file, in the ConfigMap, to run. */
  script: string;
  /** Secret with the libpq `PG*` variables. */
  credentialsSecret: string;
  /** ConfigMap with the SQL files. */
  sqlConfigMap: string;
  /** Secret with the application and monitor roles' SQL, also run after `script` (migration only). @default none */
  roleSecret?: string;
}

/**
 * The pod of the migration and of every maintenance run: `psql -v ON_ERROR_STOP=1` over the SQL
 * (and the role's SQL when given), non-root with a read-only root filesystem and no capabilities.
 */
function psqlPodSpec(p: PsqlPodArgs) {
  const withRole = p.roleSecret !== undefined;
  return {
    restartPolicy: "Never",
    automountServiceAccountToken: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 70,
      runAsGroup: 70,
      // Group of the mounted Secret's files, which are not world-readable.
      fsGroup: 70,
      seccompProfile: { type: "RuntimeDefault" },
    },
    containers: [
      {
        name: "psql",
        image: p.image,
        command: [
          "psql",
          "-v",
          "ON_ERROR_STOP=1",
          "-X",
          "-f",
          `${SQL_DIR}/${p.script}`,
          ...(withRole
            ? ["-f", `${ROLE_DIR}/${ROLE_FILE}`, "-f", `${ROLE_DIR}/${MONITOR_FILE}`]
            : []),
        ],
        envFrom: [{ secretRef: { name: p.credentialsSecret } }],
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        },
        volumeMounts: [
          { name: "sql", mountPath: SQL_DIR, readOnly: true },
          ...(withRole ? [{ name: "role", mountPath: ROLE_DIR, readOnly: true }] : []),
        ],
      },
    ],
    volumes: [
      { name: "sql", configMap: { name: p.sqlConfigMap } },
      ...(withRole
        ? [{ name: "role", secret: { secretName: p.roleSecret, defaultMode: 0o440 } }]
        : []),
    ],
  };
}

/**
 * The partition migration Job and the daily maintenance CronJob,
 * both running generated SQL from a ConfigMap with `psql -v ON_ERROR_STOP=1`, logging in with the
 * writer credentials from a Secret (libpq `PG*` variables, TLS required). After the tables, the
 * migration sets up the application and monitor roles from a second Secret holding their SQL (with SCRAM
 * verifiers, so the passwords themselves never reach the server). The SQL is generated and
 * validated while the program runs, so a hostile table name fails `pulumi up` before any SQL exists.
 * The ConfigMap and Secret are auto-named, so the Job is replaced (and runs again) on the first
 * deploy and whenever the SQL or the credentials change; an unchanged deploy leaves it alone.
 */
export class PartitionJobs extends pulumi.ComponentResource {
  readonly migration: k8s.batch.v1.Job;
  readonly maintenance: k8s.batch.v1.CronJob;

  constructor(name: string, args: PartitionJobsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:database:PartitionJobs", name, {}, opts);
    const labels = {
      "app.kubernetes.io/name": "partition-maintenance",
      [PART_OF_LABEL]: DATA_TIER_PART_OF,
    };
    const inputs = this.createInputs(name, args, labels);
    const pod = (script: string, withRole: boolean) =>
      pulumi
        .all([
          inputs.credentials.metadata.name,
          inputs.sql.metadata.name,
          inputs.role.metadata.name,
        ])
        .apply(([credentialsSecret, sqlConfigMap, roleSecret]) =>
          psqlPodSpec({
            image: args.image,
            script,
            credentialsSecret,
            sqlConfigMap,
            roleSecret: withRole ? roleSecret : undefined,
          }),
        );

    this.migration = new k8s.batch.v1.Job(
      `${name}-migration`,
      {
        metadata: { namespace: args.namespace, labels },
        spec: {
          backoffLimit: 6,
          activeDeadlineSeconds: 900,
          template: {
            metadata: { labels },
            spec: pod("migration.sql", true),
          },
        },
      },
      { parent: this },
    );
    this.maintenance = new k8s.batch.v1.CronJob(
      `${name}-maintenance`,
      {
        metadata: { namespace: args.namespace, labels },
        spec: {
          schedule: args.schedule,
          timeZone: "Etc/UTC",
          // Runs serialise on an advisory lock anyway; never queue a second one behind a slow first.
          concurrencyPolicy: "Forbid",
          startingDeadlineSeconds: 3600,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 5,
          jobTemplate: {
            spec: {
              backoffLimit: 3,
              activeDeadlineSeconds: 1800,
              template: { metadata: { labels }, spec: pod("maintenance.sql", false) },
            },
          },
        },
      },
      // The maintenance function it calls is installed by the migration.
      { parent: this, dependsOn: [this.migration] },
    );
    this.registerOutputs({
      migration: this.migration.metadata.name,
      maintenance: this.maintenance.metadata.name,
    });
  }

  /**
   * What the pods mount: the writer's credentials, the application role's SQL (with its SCRAM
   * verifier) and the generated SQL. The SQL and the role's names are checked now, so a bad name
   * fails before anything is registered rather than inside an apply.
   */
  private createInputs(name: string, args: PartitionJobsArgs, labels: Record<string, string>) {
    const parent = { parent: this };
    const migrationSql = partitionMigrationSql(args.tables);
    const maintenanceSql = partitionMaintenanceSql(args.tables);
    const names = {
      role: args.appRole.username,
      owner: args.username,
      database: args.database,
      schemas: ["public", ...resolvePartitionedTables(args.tables).map((t) => t.schema)],
    };
    checkAppRoleNames(names);
    const roleSql = (password: string) =>
      appRoleSql({
        ...names,
        verifier: scramSha256Verifier(password, `${names.role}@${names.database}`),
      });

    const credentials = new k8s.core.v1.Secret(
      `${name}-credentials`,
      {
        metadata: { namespace: args.namespace, labels },
        type: "Opaque",
        stringData: pulumi.secret(
          pulumi.all([args.writerHost, args.password]).apply(([host, password]) => ({
            PGHOST: host,
            PGPORT: String(args.port),
            PGDATABASE: args.database,
            PGUSER: args.username,
            PGPASSWORD: password,
            PGSSLMODE: "require",
          })),
        ),
      },
      parent,
    );
    const role = new k8s.core.v1.Secret(
      `${name}-app-role`,
      {
        metadata: { namespace: args.namespace, labels },
        type: "Opaque",
        stringData: pulumi.secret(
          pulumi.all([args.appRole.password, args.password]).apply(([pw, master]) => ({
            [ROLE_FILE]: roleSql(pw),
            // postgres_exporter's role; its password is derived from the master's (see monitorPassword).
            [MONITOR_FILE]: monitorRoleSql({
              database: names.database,
              verifier: scramSha256Verifier(
                monitorPassword(master),
                `${MONITOR_ROLE}@${names.database}`,
              ),
            }),
          })),
        ),
      },
      parent,
    );
    // Auto-named: new SQL means a new ConfigMap, so the Job is replaced and runs again.
    const sql = new k8s.core.v1.ConfigMap(
      `${name}-sql`,
      {
        metadata: { namespace: args.namespace, labels },
        data: { "migration.sql": migrationSql, "maintenance.sql": maintenanceSql },
      },
      parent,
    );
    return { credentials, role, sql };
  }
}
