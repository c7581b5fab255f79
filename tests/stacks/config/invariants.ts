/**
 * What must hold of any environment the loader accepts, and of what the program registers for it.
 * Written from AWS's, Kubernetes' and the platform's rules directly (catalogues, CIDR arithmetic,
 * the cron parser), not by calling the validators under test, so a validator that lets a bad value
 * through is caught here.
 */
import { CronExpressionParser } from "cron-parser";
import { blockSize, contains, overlaps, parseCidr } from "../../../components/network/cidr";
import { planSubnets } from "../../../components/network/subnets";
import {
  CLOUDWATCH_RETENTION_DAYS,
  EC2_INSTANCE_TYPES,
  POSTGRES_VERSIONS,
  RABBITMQ_VERSIONS,
  REDIS_VERSIONS,
  rdsMemoryGiB,
  REGION_ZONES,
  VPC_CIDR,
} from "../../../model/catalog";
import { parseQuantity } from "../../../model/capacity/quantity";
import type { ProgramRun } from "../../../scripts/lib/program";
import type { Environment } from "../../../stacks";

const SYSTEM_NAMESPACES = [
  "kube-system",
  "kube-public",
  "kube-node-lease",
  "default",
  "autoscaling",
  "cert-manager",
];

/** Violations of the rules an accepted environment must satisfy; empty when it is sound. */
export function environmentViolations(e: Environment): string[] {
  const v: string[] = [];
  const fail = (ok: boolean, what: string) => {
    if (!ok) v.push(what);
  };

  // Node groups: bounds, catalogue, one system group.
  const groups = Object.entries(e.nodeGroups);
  for (const [n, g] of groups) {
    fail(
      1 <= g.minSize && g.minSize <= g.desiredSize && g.desiredSize <= g.maxSize,
      `${n} size bounds`,
    );
    fail(
      g.instanceTypes.every((t) => t in EC2_INSTANCE_TYPES),
      `${n} instance types in catalogue`,
    );
    fail(new Set(g.instanceTypes).size === g.instanceTypes.length, `${n} instance types distinct`);
  }
  fail(groups.filter(([, g]) => g.role === "system").length === 1, "one system group");

  // Zones and subnets.
  const regionZones = REGION_ZONES[e.aws.region] ?? [];
  fail(e.zones.length === e.network.zones && e.zones.length >= 2, "zone count");
  fail(
    e.zones.every((z) => regionZones.includes(z)) && new Set(e.zones).size === e.zones.length,
    "zones of the region",
  );
  const vpc = parseCidr(e.network.cidr);
  fail(vpc.prefix >= VPC_CIDR.minPrefix && vpc.prefix <= VPC_CIDR.maxPrefix, "VPC prefix /16-/28");
  fail(
    VPC_CIDR.allowedRanges.some((r) => contains(parseCidr(r), vpc)),
    "VPC in a private range",
  );
  const subnets = planSubnets(e.network.cidr, e.zones, e.network.subnetPrefixLength).map((s) =>
    parseCidr(s.cidr),
  );
  fail(
    subnets.every((s) => contains(vpc, s)),
    "subnets inside the VPC",
  );
  fail(
    subnets.every((a, i) => subnets.every((b, j) => i === j || !overlaps(a, b))),
    "subnets disjoint",
  );
  // Every pod of every node at maxSize, spread over the zones, has an address in its zone's subnet.
  const podsPerZone = groups.reduce(
    (n, [, g]) =>
      n +
      Math.ceil(g.maxSize / e.zones.length) *
        Math.max(...g.instanceTypes.map((t) => EC2_INSTANCE_TYPES[t].maxPods)),
    0,
  );
  fail(
    podsPerZone <= blockSize(e.network.subnetPrefixLength.private) - 5,
    "private subnet holds the pods",
  );
  fail(CLOUDWATCH_RETENTION_DAYS.includes(e.network.flowLogRetentionDays), "flow-log retention");
  fail(
    CLOUDWATCH_RETENTION_DAYS.includes(e.cluster.logRetentionDays),
    "control-plane log retention",
  );

  // Engines the services offer, schedules Kubernetes runs.
  fail(
    POSTGRES_VERSIONS.some((x) => x.version === e.database.engineVersion),
    "PostgreSQL version",
  );
  fail(
    REDIS_VERSIONS.some((x) => x.version === e.cache.engineVersion),
    "Redis version",
  );
  const mq = RABBITMQ_VERSIONS.find((x) => x.version === e.queue.engineVersion);
  fail(
    mq !== undefined &&
      (!mq.instanceFamilies || mq.instanceFamilies.includes(e.queue.instanceType.split(".")[1])),
    "RabbitMQ version on its instance family",
  );
  const cron = e.database.maintenanceSchedule;
  let cronOk = cron.startsWith("@") || cron.trim().split(/\s+/).length === 5;
  try {
    CronExpressionParser.parse(cron);
  } catch {
    cronOk = false;
  }
  fail(cronOk, "maintenance schedule");

  // PgBouncer's pools fit in PostgreSQL's connections (RDS: memory / 9531392, at most 5000),
  // reads going to the writer when there is no replica; 5 kept for superusers.
  const gib = rdsMemoryGiB(e.database.instanceClass);
  const maxConnections =
    Number(e.database.parameters.max_connections) ||
    (gib === undefined ? Infinity : Math.min(Math.floor((gib * 2 ** 30) / 9531392), 5000));
  const pb = e.pgbouncer;
  fail(
    pb.replicas *
      (pb.defaultPoolSize + pb.reservePoolSize) *
      (e.database.readReplicas === 0 ? 2 : 1) <=
      maxConnections - 5,
    "PgBouncer pools fit in max_connections",
  );

  // Namespaces: one owner each.
  const platformNs = [
    e.pgbouncer.namespace,
    ...(e.monitoring ? [e.monitoring.namespace] : []),
    ...(e.headroom.replicas > 0 ? [e.headroom.namespace] : []),
  ];
  const all = [...SYSTEM_NAMESPACES, ...platformNs, ...e.namespaces];
  fail(new Set(all).size === all.length, "one owner per namespace");
  const queues = e.queue.queues.map((q) => q.replace(/[._]/g, "-"));
  fail(new Set(queues).size === queues.length, "queue names distinct");

  // Workloads: where they run, what they consume, what they ask for.
  for (const [kind, list] of [
    ["service", e.services],
    ["worker", e.workers],
  ] as const) {
    for (const [n, w] of Object.entries(list)) {
      fail(e.namespaces.includes(w.namespace), `${kind} ${n} namespace`);
      const group =
        w.nodeGroup ??
        Object.keys(e.nodeGroups).find(
          (g) => e.nodeGroups[g].role !== "system" && e.nodeGroups[g].capacityType === w.capacity,
        );
      fail(
        group !== undefined && e.nodeGroups[group]?.role !== "system",
        `${kind} ${n} node group`,
      );
      const r = w.resources;
      const bytes = parseQuantity(r.requests.memory);
      fail(Number.isInteger(bytes) && bytes >= 6 * 2 ** 20, `${kind} ${n} memory is whole bytes`);
      fail(parseQuantity(r.requests.cpu) >= 0.001, `${kind} ${n} CPU at least 1m`);
      for (const k of ["cpu", "memory"] as const)
        if (r.limits[k] !== undefined)
          fail(
            parseQuantity(r.limits[k]!) >= parseQuantity(r.requests[k]),
            `${kind} ${n} ${k} limit >= request`,
          );
      if (w.replicas)
        fail(1 <= w.replicas.min && w.replicas.min <= w.replicas.max, `${kind} ${n} replicas`);
    }
  }
  for (const [n, w] of Object.entries(e.workers))
    fail(e.queue.queues.includes(w.queue), `worker ${n} queue exists`);

  // Tags AWS accepts.
  for (const [k, val] of Object.entries(e.tags.extra)) {
    fail(!/^aws:/i.test(k) && k.length >= 1 && k.length <= 128 && val.length <= 256, `tag ${k}`);
  }
  fail(Object.keys(e.tags.extra).length + 5 <= 50, "at most 50 tags");

  // The API endpoint is never open to the Internet.
  const open = e.cluster.publicAccessCidrs.reduce((n, c) => n + blockSize(parseCidr(c).prefix), 0);
  fail(open <= 2 ** 24, "public endpoint admits at most a /8");
  // Sources the public endpoint can see: not private (RFC 1918), shared (RFC 6598), loopback,
  // link-local, "this network", multicast or class E (RFC 6890).
  const unroutable = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "224.0.0.0/3",
  ].map(parseCidr);
  for (const c of e.cluster.publicAccessCidrs)
    fail(!unroutable.some((u) => overlaps(u, parseCidr(c))), `public endpoint source ${c}`);

  // Partitioned tables: no index twice (a second identical index costs every write).
  for (const t of e.database.partitionedTables) {
    const indexes = (t.indexes ?? []).map((cols) => cols.join(","));
    fail(new Set(indexes).size === indexes.length, `${t.table} indexes distinct`);
  }

  // A protected environment keeps its safety settings, or names why not.
  if (e.cluster.deletionProtection) {
    const optOut = (k: string) => k in e.safetyOptOuts;
    fail(e.database.protect || optOut("database.protect"), "protected database");
    fail(e.cache.protect || optOut("cache.protect"), "protected cache");
    fail(e.queue.protect || optOut("queue.protect"), "protected broker");
    fail(
      String(e.database.parameters["rds.force_ssl"]) === "1" ||
        optOut("database.parameters.rds.force_ssl"),
      "TLS to PostgreSQL",
    );
    fail(e.tls.issuer.kind === "acme" || optOut("tls"), "trusted certificates");
    fail(e.monitoring !== undefined || optOut("monitoring"), "monitored");
  }
  return v;
}

/** Violations in what the program registered for an accepted environment; empty when sound. */
export function programViolations(r: ProgramRun, e: Environment): string[] {
  const v: string[] = [];
  const fail = (ok: boolean, what: string) => {
    if (!ok) v.push(what);
  };
  const urns = r.resources.map((x) => x.urn);
  fail(new Set(urns).size === urns.length, "every URN once");

  // One owner per Kubernetes object (kind, namespace, name).
  const objects = r.resources
    .filter(
      (x) =>
        x.type.startsWith("kubernetes:") && !x.type.startsWith("kubernetes:helm.sh") && x.custom,
    )
    .filter((x) => typeof x.inputs.metadata?.name === "string")
    .map((x) => `${x.type} ${x.inputs.metadata.namespace ?? ""}/${x.inputs.metadata.name}`);
  const dup = objects.filter((o, i) => objects.indexOf(o) !== i);
  fail(dup.length === 0, `one owner per Kubernetes object (${dup.join(", ")})`);

  // Replica bounds.
  for (const h of r.resources.filter(
    (x) => x.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  )) {
    const s = h.inputs.spec;
    fail(s.minReplicas >= 1 && s.minReplicas <= s.maxReplicas, `HPA ${h.name} bounds`);
  }
  for (const so of r.resources.filter(
    (x) => x.type === "kubernetes:keda.sh/v1alpha1:ScaledObject",
  )) {
    const s = so.inputs.spec;
    fail(
      s.minReplicaCount >= 1 && s.minReplicaCount <= s.maxReplicaCount,
      `ScaledObject ${so.name} bounds`,
    );
  }

  // Zones, encryption and protection of what AWS holds.
  for (const s of r.resources.filter((x) => x.type === "aws:ec2/subnet:Subnet"))
    fail(
      e.zones.includes(s.inputs.availabilityZone),
      `subnet ${s.name} in the environment's zones`,
    );
  for (const db of r.resources.filter((x) => x.type === "aws:rds/instance:Instance")) {
    fail(db.inputs.storageEncrypted === true, `${db.name} encrypted`);
    if (e.cluster.deletionProtection && !("database.protect" in e.safetyOptOuts))
      fail(db.protect, `${db.name} protected`);
  }
  for (const rg of r.resources.filter(
    (x) => x.type === "aws:elasticache/replicationGroup:ReplicationGroup",
  ))
    fail(
      rg.inputs.atRestEncryptionEnabled === true && rg.inputs.transitEncryptionEnabled === true,
      `${rg.name} encrypted`,
    );
  for (const lt of r.resources.filter((x) => x.type === "aws:ec2/launchTemplate:LaunchTemplate"))
    fail(
      String(lt.inputs.blockDeviceMappings?.[0]?.ebs?.encrypted) === "true",
      `${lt.name} volumes encrypted`,
    );
  for (const c of r.resources.filter((x) => x.type === "aws:eks/cluster:Cluster"))
    fail(
      c.inputs.encryptionConfig?.resources?.includes("secrets") === true,
      `${c.name} secrets encrypted`,
    );
  return v;
}
