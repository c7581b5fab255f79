/**
 * Pure Kubernetes specs of postgres_exporter (prometheus-community): one single-pod Deployment per
 * PostgreSQL instance (the primary and each read replica), a headless metrics Service over all of
 * them, and the connection strings, which live only in a Secret. Plain objects with no Pulumi
 * types, so tests and the policy pack can check them without a program run.
 */
import { DATA_TIER_PART_OF, PART_OF_LABEL } from "../../shared/labels";

/** Labels every exporter object carries; the metrics Service and the ServiceMonitor select on them. */
export const POSTGRES_EXPORTER_LABELS = Object.freeze({
  "app.kubernetes.io/name": "postgres-exporter",
  [PART_OF_LABEL]: DATA_TIER_PART_OF,
});

/**
 * Pod label naming the instance an exporter reads (`primary`, `replica-1`, …). The ServiceMonitor
 * copies it onto every series as `db_instance`, so alerts say which instance is behind.
 */
export const DB_INSTANCE_LABEL = "db-instance";
/** {@link DB_INSTANCE_LABEL} as Prometheus spells it on the series. */
export const DB_INSTANCE_SERIES_LABEL = "db_instance";

/** postgres_exporter's default port, named `metrics` on the pods and the Service. */
export const POSTGRES_EXPORTER_PORT = 9187;

/** User and group of the image (`USER nobody` in its Dockerfile). */
export const POSTGRES_EXPORTER_UID = 65534;

/**
 * Collectors switched off: their series are not read by any rule or dashboard, and `settings`
 * alone publishes one series per PostgreSQL parameter (about 300). The collectors left on by
 * default in v0.20 publish every `pg_*` name listed in `components/monitoring/rules/metrics.ts`.
 */
export const DISABLED_COLLECTORS: readonly string[] = Object.freeze([
  "settings",
  "stat_user_tables",
  "statio_user_tables",
  "stat_bgwriter",
  "stat_progress_vacuum",
]);

/** Key of an instance's connection string in the exporter Secret. */
export function dsnKey(instance: string): string {
  return `dsn-${instance}`;
}

/** Where postgres_exporter connects, without the password. */
export interface ExporterTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

/**
 * The libpq URL postgres_exporter reads from `DATA_SOURCE_NAME`: TLS required (`rds.force_ssl`),
 * a short connect timeout so a scrape of a stopped instance fails fast, and an application name
 * that identifies its sessions in `pg_stat_activity`. Secret: it contains the password.
 */
export function postgresExporterDsn(t: ExporterTarget, password: string): string {
  const user = encodeURIComponent(t.user);
  const pw = encodeURIComponent(password);
  const db = encodeURIComponent(t.database);
  return `postgresql://${user}:${pw}@${t.host}:${t.port}/${db}?sslmode=require&connect_timeout=5&application_name=postgres_exporter`;
}

/** Inputs of {@link postgresExporterPodSpec}. */
export interface ExporterPodArgs {
  /** postgres_exporter image. Required. */
  image: string;
  /** Name of the Secret holding the DSNs. Required. */
  secretName: string;
  /** Instance this pod reads (`primary`, `replica-1`, …): picks its DSN key. Required. */
  instance: string;
  /** Labels of this instance's pods, which the spread constraints count. Required. */
  labels: Record<string, string>;
  /** CPU request, e.g. `25m`. Required. */
  cpu: string;
  /** Memory request and limit, e.g. `64Mi`. Required. */
  memory: string;
}

/**
 * The pod: one exporter container reading one instance, its DSN from the Secret (never in the
 * manifest), restricted security context, memory request = limit and a CPU request without a
 * limit (the same shape as the PgBouncer pods), on baseline nodes by preference. Where an
 * instance has two exporters (prod), they spread over zones like every other replicated pod.
 */
export function postgresExporterPodSpec(args: ExporterPodArgs) {
  return {
    automountServiceAccountToken: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: POSTGRES_EXPORTER_UID,
      runAsGroup: POSTGRES_EXPORTER_UID,
      seccompProfile: { type: "RuntimeDefault" },
    },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "DoNotSchedule",
        labelSelector: { matchLabels: { ...args.labels } },
      },
      {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { ...args.labels } },
      },
    ],
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 50,
            preference: {
              matchExpressions: [{ key: "platform.io/role", operator: "In", values: ["baseline"] }],
            },
          },
        ],
      },
    },
    containers: [
      {
        name: "postgres-exporter",
        image: args.image,
        args: [
          `--web.listen-address=:${POSTGRES_EXPORTER_PORT}`,
          ...DISABLED_COLLECTORS.map((c) => `--no-collector.${c}`),
        ],
        env: [
          {
            name: "DATA_SOURCE_NAME",
            valueFrom: { secretKeyRef: { name: args.secretName, key: dsnKey(args.instance) } },
          },
        ],
        ports: [{ name: "metrics", containerPort: POSTGRES_EXPORTER_PORT }],
        // Neither probe touches the database, so a stopped instance (dev's nights) neither
        // restarts nor unlists the pod; pg_up says whether the database answered. Readiness is
        // the listening socket, liveness the landing page the HTTP server renders.
        readinessProbe: { tcpSocket: { port: "metrics" }, periodSeconds: 10 },
        livenessProbe: {
          httpGet: { path: "/", port: "metrics" },
          initialDelaySeconds: 10,
          periodSeconds: 30,
        },
        resources: {
          requests: { cpu: args.cpu, memory: args.memory },
          limits: { memory: args.memory },
        },
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ["ALL"] },
          seccompProfile: { type: "RuntimeDefault" },
        },
      },
    ],
  };
}

/** The Service Prometheus scrapes: headless, over every exporter pod. */
export function postgresExporterServiceSpec() {
  return {
    type: "ClusterIP",
    clusterIP: "None",
    selector: { ...POSTGRES_EXPORTER_LABELS },
    ports: [{ name: "metrics", port: POSTGRES_EXPORTER_PORT, targetPort: "metrics" }],
  };
}

/** Disruption budget per instance: a drain takes one exporter at a time, and never blocks. */
export function postgresExporterPdbSpec(labels: Record<string, string>) {
  return { maxUnavailable: 1, selector: { matchLabels: { ...labels } } };
}
