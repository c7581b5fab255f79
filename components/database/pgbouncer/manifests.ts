/**
 * Pure Kubernetes specs of the PgBouncer pooler: the pod template, the Services per pool and the
 * disruption budget. Plain objects with no Pulumi types, so tests and the policy pack can check
 * them without a program run.
 */
import { addonResources } from "../../../model/capacity/addons";
import { DATA_TIER_PART_OF, PART_OF_LABEL } from "../../shared/labels";
import { PGBOUNCER_TLS_DIR } from "./settings";

/** Labels every PgBouncer object carries; the Services and the PDB select on them. */
export const PGBOUNCER_LABELS = Object.freeze({
  "app.kubernetes.io/name": "pgbouncer",
  [PART_OF_LABEL]: DATA_TIER_PART_OF,
});

/** Port of the pgbouncer_exporter sidecar's `/metrics`, named `metrics` on the pod and the metrics Service. */
export const PGBOUNCER_METRICS_PORT = 9127;

/** Where the Secret holding `pgbouncer.ini` and `userlist.txt` is mounted. */
export const PGBOUNCER_CONFIG_DIR = "/etc/pgbouncer";

/** Key, in the config Secret, of the exporter's connection string (it contains a password). */
export const EXPORTER_DSN_KEY = "exporter-dsn";

/** Inputs of {@link pgbouncerPodSpec}. */
export interface PgBouncerPodArgs {
  /** PgBouncer image; `pgbouncer` must be on its PATH. Required. */
  image: string;
  /** pgbouncer_exporter image. Required. */
  exporterImage: string;
  /** Port PgBouncer listens on. Required (the rendered ini's `listen_port`). */
  listenPort: number;
  /** Name of the Secret with `pgbouncer.ini`, `userlist.txt` and {@link EXPORTER_DSN_KEY}. Required. */
  configSecretName: string;
  /** Name of the cert-manager Secret with the serving certificate (`tls.crt`, `tls.key`). Required. */
  tlsSecretName: string;
  /** CPU request, e.g. `250m`. Required. */
  cpu: string;
  /** Memory request and limit, e.g. `256Mi`. Required. */
  memory: string;
}

const restricted = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/** User and group the pod runs as: any non-root ID works for PgBouncer, which writes no file. */
export const PGBOUNCER_UID = 10001;

/**
 * The pod: PgBouncer plus the exporter sidecar. Pods spread over zones with maxSkew 1 and refuse
 * to pile up in one zone (losing a zone must leave pools elsewhere), prefer distinct nodes, and
 * prefer baseline (on-demand) nodes: a pooler on spot would drop every client at an interruption.
 */
export function pgbouncerPodSpec(args: PgBouncerPodArgs) {
  return {
    automountServiceAccountToken: false,
    terminationGracePeriodSeconds: 60,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: PGBOUNCER_UID,
      runAsGroup: PGBOUNCER_UID,
      // The key file is group-readable only (0440): the volume's group must be the pod's.
      fsGroup: PGBOUNCER_UID,
      seccompProfile: { type: "RuntimeDefault" },
    },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "DoNotSchedule",
        labelSelector: { matchLabels: { ...PGBOUNCER_LABELS } },
      },
      {
        maxSkew: 1,
        topologyKey: "kubernetes.io/hostname",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { ...PGBOUNCER_LABELS } },
      },
    ],
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            preference: {
              matchExpressions: [{ key: "platform.io/role", operator: "In", values: ["baseline"] }],
            },
          },
        ],
      },
    },
    containers: [
      {
        name: "pgbouncer",
        image: args.image,
        command: ["pgbouncer", `${PGBOUNCER_CONFIG_DIR}/pgbouncer.ini`],
        ports: [{ name: "postgres", containerPort: args.listenPort }],
        readinessProbe: { tcpSocket: { port: args.listenPort }, periodSeconds: 5 },
        livenessProbe: {
          tcpSocket: { port: args.listenPort },
          initialDelaySeconds: 10,
          periodSeconds: 20,
        },
        // Let the Service drop the pod before PgBouncer stops taking new clients.
        lifecycle: { preStop: { exec: { command: ["sh", "-c", "sleep 15"] } } },
        resources: {
          requests: { cpu: args.cpu, memory: args.memory },
          limits: { memory: args.memory },
        },
        securityContext: restricted,
        volumeMounts: [
          { name: "config", mountPath: PGBOUNCER_CONFIG_DIR, readOnly: true },
          { name: "tls", mountPath: PGBOUNCER_TLS_DIR, readOnly: true },
        ],
      },
      {
        name: "exporter",
        image: args.exporterImage,
        args: ["--web.listen-address", `:${PGBOUNCER_METRICS_PORT}`],
        env: [
          {
            name: "PGBOUNCER_EXPORTER_CONNECTION_STRING",
            valueFrom: { secretKeyRef: { name: args.configSecretName, key: EXPORTER_DSN_KEY } },
          },
        ],
        ports: [{ name: "metrics", containerPort: PGBOUNCER_METRICS_PORT }],
        resources: addonResources("pgbouncer-exporter"),
        securityContext: restricted,
      },
    ],
    volumes: [
      {
        name: "config",
        secret: {
          secretName: args.configSecretName,
          items: [
            { key: "pgbouncer.ini", path: "pgbouncer.ini" },
            { key: "userlist.txt", path: "userlist.txt" },
          ],
        },
      },
      {
        name: "tls",
        secret: {
          secretName: args.tlsSecretName,
          defaultMode: 0o440,
          items: [
            { key: "tls.crt", path: "tls.crt" },
            { key: "tls.key", path: "tls.key" },
          ],
        },
      },
    ],
  };
}

/** A Service in front of every PgBouncer pod for one pool (writer or reader). */
export function pgbouncerServiceSpec(listenPort: number) {
  return {
    type: "ClusterIP",
    selector: { ...PGBOUNCER_LABELS },
    ports: [{ name: "postgres", port: listenPort, targetPort: "postgres" }],
  };
}

/** The Service Prometheus scrapes (a ServiceMonitor selects it by {@link PGBOUNCER_LABELS} and port `metrics`). */
export function pgbouncerMetricsServiceSpec() {
  return {
    type: "ClusterIP",
    clusterIP: "None",
    selector: { ...PGBOUNCER_LABELS },
    ports: [{ name: "metrics", port: PGBOUNCER_METRICS_PORT, targetPort: "metrics" }],
  };
}

/**
 * Disruption budget: a drain takes one pod at a time. With a single replica that still lets
 * nodes drain (a budget of zero disruptions would block them forever).
 */
export function pgbouncerPdbSpec() {
  return { maxUnavailable: 1, selector: { matchLabels: { ...PGBOUNCER_LABELS } } };
}
