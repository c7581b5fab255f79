import { READINESS_GATE_LABEL, readinessGateNamespaces } from "../../components/edge/ingress";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { redisUrl } from "../../components/cache/url";
import { DataHandoff } from "../../components/database/handoff";
import { PartitionJobs } from "../../components/database/partition-jobs";
import { PgBouncer } from "../../components/database/pooler";
import { PostgresExporter } from "../../components/database/postgres-exporter";
import { amqpUrl, QueueSetup } from "../../components/queue";
import { PART_OF_LABEL, PLATFORM_PART_OF, podSecurityLabels } from "../../components/shared/labels";
import { AMQPS_PORT, MANAGEMENT_PORT } from "../../components/queue/url";
import { postgresClientImage } from "../../model/catalog";
import type { Environment } from "../schema";
import type { Area } from "./area";
import { buildDataServices, dataServiceOutputs, type DataServices } from "./data-aws";
import type { DataEndpoints, InClusterTarget } from "./target";

/** What the in-cluster part created; workloads `dependsOn` {@link DataInCluster.ready}. */
export interface DataInCluster {
  /** Application namespaces (`platform:namespaces`), each holding the hand-off Secret. */
  namespaces: string[];
  namespaceResources: Record<string, k8s.core.v1.Namespace>;
  /** The data tier's own namespace (PgBouncer, partition jobs), and its Namespace object. */
  dataNamespace: string;
  dataNamespaceResource: k8s.core.v1.Namespace;
  /** Ports of the data services the in-cluster half connects to (for the NetworkPolicies). */
  ports: { postgres: number; redis: number; amqps: number; brokerManagement: number };
  pgbouncer: PgBouncer;
  /** postgres_exporter for the primary and each replica, in the data namespace. */
  postgresExporter: PostgresExporter;
  partitions: PartitionJobs;
  handoff: DataHandoff;
  /** The Job declaring `platform:queue.queues` on the broker. */
  queues: QueueSetup;
  /** Everything a workload needs to exist first: namespaces, hand-off Secrets, pooler, migration, queues. */
  ready: pulumi.Resource[];
}

/**
 * The in-cluster half of the data tier: application namespaces, PgBouncer in front of the
 * database, the partition migration Job and maintenance CronJob, and the hand-off Secret in every
 * application namespace. Registers no AWS or `random` resource, so a render-only target can run it.
 */
export function buildDataInCluster(
  env: Environment,
  target: InClusterTarget,
  endpoints: DataEndpoints,
): DataInCluster {
  const custom = { provider: target.provider, dependsOn: target.opts.dependsOn };
  const labels = {
    [PART_OF_LABEL]: PLATFORM_PART_OF,
    // Every pod here (workloads, PgBouncer, the jobs) meets the restricted standard, so it is enforced.
    ...podSecurityLabels("restricted"),
  };
  // Pods of public services get the load balancer controller's readiness gates.
  const gated = readinessGateNamespaces(Object.keys(env.edge.services), env.services);
  const namespace = (ns: string) =>
    new k8s.core.v1.Namespace(
      `namespace-${ns}`,
      {
        metadata: {
          name: ns,
          labels: gated.includes(ns) ? { ...labels, [READINESS_GATE_LABEL]: "enabled" } : labels,
        },
      },
      custom,
    );
  const dataNamespace = namespace(env.pgbouncer.namespace);
  const namespaceResources = Object.fromEntries(env.namespaces.map((ns) => [ns, namespace(ns)]));
  // The namespaces already wait for the target's dependencies (nodes, add-ons); waiting for them is enough.
  const inData: pulumi.ComponentResourceOptions = { ...target.opts, dependsOn: [dataNamespace] };

  const pg = endpoints.postgres;
  const b = env.pgbouncer;
  const pgbouncer = new PgBouncer(
    "pgbouncer",
    {
      // The pool reads only its own settings (poolMode, pool sizes, timeouts) from these.
      ...b,
      pool: b,
      writerHost: pg.writerHost,
      readerHosts: pg.readerHosts,
      port: pg.port,
      database: pg.database,
      username: pg.app.username,
      password: pg.app.password,
      // cert-manager is a chart: without charts nothing issues the certificate, so do not wait.
      awaitCertificate: target.helm,
    },
    inData,
  );
  const partitions = new PartitionJobs(
    "partitions",
    {
      namespace: env.pgbouncer.namespace,
      tables: env.database.partitionedTables,
      schedule: env.database.maintenanceSchedule,
      image: env.database.clientImage ?? postgresClientImage(env.database.engineVersion),
      writerHost: pg.writerHost,
      port: pg.port,
      database: pg.database,
      username: pg.username,
      password: pg.password,
      appRole: pg.app,
    },
    inData,
  );
  // The replicas' hosts are known only at deploy time, but how many there are is known now.
  const postgresExporter = new PostgresExporter(
    "postgres-exporter",
    {
      ...env.database.exporter,
      namespace: env.pgbouncer.namespace,
      instances: [
        { name: "primary", host: pg.writerHost },
        ...pg.readerHosts.map((host, i) => ({ name: `replica-${i + 1}`, host })),
      ],
      port: pg.port,
      database: pg.database,
      masterPassword: pg.password,
    },
    inData,
  );
  const r = endpoints.redis;
  const q = endpoints.amqp;
  const queues = new QueueSetup(
    "queue-setup",
    {
      ...env.queue,
      namespace: env.pgbouncer.namespace,
      image: env.queue.setupImage,
      endpoint: q.endpoint,
      username: q.username,
      password: q.password,
    },
    inData,
  );
  const handoff = new DataHandoff(
    "data-handoff",
    {
      namespaces: env.namespaces,
      writerUrl: pgbouncer.writerUrl,
      readerUrl: pgbouncer.readerUrl,
      redisUrl: pulumi.secret(
        pulumi.all([r.host, r.authToken]).apply(([host, token]) => redisUrl(host, token, r.port)),
      ),
      amqpUrl: pulumi.secret(
        pulumi
          .all([q.endpoint, q.password])
          .apply(([endpoint, pw]) => amqpUrl(endpoint, q.username, pw)),
      ),
    },
    { ...target.opts, dependsOn: Object.values(namespaceResources) },
  );
  return {
    namespaces: env.namespaces,
    namespaceResources,
    dataNamespace: env.pgbouncer.namespace,
    dataNamespaceResource: dataNamespace,
    ports: {
      postgres: pg.port,
      redis: r.port,
      amqps: AMQPS_PORT,
      brokerManagement: MANAGEMENT_PORT,
    },
    pgbouncer,
    postgresExporter,
    partitions,
    handoff,
    queues,
    ready: [
      ...Object.values(namespaceResources),
      ...Object.values(handoff.secrets),
      pgbouncer,
      partitions.migration,
      queues.job,
    ],
  };
}

/** What the data area built: the in-cluster half on every target, the AWS services on AWS. */
export interface Data extends DataInCluster {
  /** RDS, ElastiCache and Amazon MQ; absent on a target without AWS. */
  aws?: DataServices;
}

/**
 * The data tier: on AWS the managed services and then the in-cluster half connected to them; on
 * a target without AWS the in-cluster half connected to the services the target names.
 */
export const dataArea: Area<object, Data> = {
  build: ({ env, site }) => {
    if (site.aws === undefined)
      return buildDataInCluster(env, site.target, site.external.dataEndpoints());
    const aws = buildDataServices(env, site.aws);
    return { ...buildDataInCluster(env, site.target, aws.endpoints), aws };
  },
  outputs: (d) => ({
    ...(d.aws === undefined ? {} : dataServiceOutputs(d.aws)),
    pgbouncerWriterHost: d.pgbouncer.hosts.writer,
    pgbouncerReaderHost: d.pgbouncer.hosts.reader,
    dataNamespaces: d.namespaces,
  }),
};
