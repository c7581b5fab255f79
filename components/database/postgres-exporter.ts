import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  DB_INSTANCE_LABEL,
  dsnKey,
  POSTGRES_EXPORTER_LABELS,
  POSTGRES_EXPORTER_PORT,
  postgresExporterDsn,
  postgresExporterPdbSpec,
  postgresExporterPodSpec,
  postgresExporterServiceSpec,
} from "./exporter/manifests";
import { MONITOR_ROLE, monitorPassword } from "./roles/monitor-role";

/** One PostgreSQL instance to export. */
export interface ExportedInstance {
  /** `primary`, `replica-1`, …: the pod's {@link DB_INSTANCE_LABEL} and the alerts' `db_instance`. */
  name: string;
  /** Host name of that instance (not a pooler: statistics are per server). */
  host: pulumi.Input<string>;
}

/** Arguments of {@link PostgresExporter}. */
export interface PostgresExporterArgs {
  /** Namespace the exporters run in; must exist (pass it in `dependsOn`). Required. */
  namespace: string;
  /** The primary first, then each read replica. Required, non-empty. */
  instances: ExportedInstance[];
  /** Server port. Required. */
  port: number;
  /** Database the exporter connects to. Required. */
  database: string;
  /**
   * The master password, from which the monitor role's password is derived (the migration Job
   * sets the same one; see `monitorPassword`). Secret. Required.
   */
  masterPassword: pulumi.Input<string>;
  /** Exporters per instance: 2 where every Deployment must survive a node loss (prod). Required. */
  replicas: number;
  /** Image, CPU request, memory request and limit (`platform:database.exporter`). Required. */
  image: string;
  cpu: string;
  memory: string;
}

/**
 * postgres_exporter for every PostgreSQL instance: a single-pod Deployment per instance, logging
 * in as the `pg_monitor` role {@link MONITOR_ROLE} with a DSN held only in an auto-named Secret
 * (a change of host or password replaces the Secret and rolls the pods), and one headless metrics
 * Service a ServiceMonitor scrapes. Each instance's Deployment runs `replicas` pods with a
 * disruption budget of one; two exporters of one instance publish the same series under two
 * `pod` labels, which the rules' `max by (db_instance)` folds into one.
 */
export class PostgresExporter extends pulumi.ComponentResource {
  /** Name of the metrics Service, whose port `metrics` is {@link metricsPort}. */
  readonly serviceName: string;
  readonly metricsPort = POSTGRES_EXPORTER_PORT;
  readonly deployments: k8s.apps.v1.Deployment[];

  constructor(name: string, args: PostgresExporterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:database:PostgresExporter", name, {}, opts);
    if (args.instances.length === 0)
      throw new Error(`${name}: instances is empty; the primary at least must be exported`);
    const names = args.instances.map((i) => i.name);
    if (new Set(names).size !== names.length)
      throw new Error(`${name}: instance names repeat (${names.join(", ")}); each must be unique`);
    const parent = { parent: this };
    const ns = args.namespace;

    const dsns = pulumi
      .all([pulumi.all(args.instances.map((i) => i.host)), args.masterPassword])
      .apply(([hosts, master]) => {
        const password = monitorPassword(master);
        return Object.fromEntries(
          args.instances.map((inst, k) => [
            dsnKey(inst.name),
            postgresExporterDsn(
              { host: hosts[k], port: args.port, database: args.database, user: MONITOR_ROLE },
              password,
            ),
          ]),
        );
      });
    const secret = new k8s.core.v1.Secret(
      `${name}-dsn`,
      {
        metadata: { namespace: ns, labels: { ...POSTGRES_EXPORTER_LABELS } },
        type: "Opaque",
        stringData: pulumi.secret(dsns),
      },
      parent,
    );

    this.deployments = args.instances.map((inst) => {
      const labels = { ...POSTGRES_EXPORTER_LABELS, [DB_INSTANCE_LABEL]: inst.name };
      return new k8s.apps.v1.Deployment(
        `${name}-${inst.name}`,
        {
          metadata: { namespace: ns, labels },
          spec: {
            replicas: args.replicas,
            selector: { matchLabels: labels },
            template: {
              metadata: { labels },
              spec: secret.metadata.name.apply((secretName) =>
                postgresExporterPodSpec({
                  image: args.image,
                  secretName,
                  instance: inst.name,
                  labels,
                  cpu: args.cpu,
                  memory: args.memory,
                }),
              ),
            },
          },
        },
        parent,
      );
    });
    for (const inst of args.instances)
      new k8s.policy.v1.PodDisruptionBudget(
        `${name}-${inst.name}-pdb`,
        {
          metadata: { namespace: ns, labels: { ...POSTGRES_EXPORTER_LABELS } },
          spec: postgresExporterPdbSpec({
            ...POSTGRES_EXPORTER_LABELS,
            [DB_INSTANCE_LABEL]: inst.name,
          }),
        },
        parent,
      );

    this.serviceName = `${name}-metrics`;
    new k8s.core.v1.Service(
      `${name}-metrics`,
      {
        metadata: {
          name: this.serviceName,
          namespace: ns,
          labels: { ...POSTGRES_EXPORTER_LABELS },
        },
        spec: postgresExporterServiceSpec(),
      },
      parent,
    );
    this.registerOutputs({
      serviceName: this.serviceName,
      deployments: this.deployments.map((d) => d.metadata.name),
    });
  }
}
