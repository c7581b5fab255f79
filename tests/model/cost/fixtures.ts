/**
 * Resource sets shaped like what the program registers (type tokens and input names of
 * @pulumi/aws v7), for a small dev-like and a prod-like environment. The expected monthly
 * figures next to them are worked out by hand from model/pricing/us-east-1.json.
 */
import type { ResourceLike } from "../../../model/cost";

/** A launch template with one gp3 root volume. */
export function launchTemplate(name: string, gib: number): ResourceLike {
  return {
    type: "aws:ec2/launchTemplate:LaunchTemplate",
    name,
    id: `${name}-id`,
    props: {
      blockDeviceMappings: [
        { deviceName: "/dev/xvda", ebs: { volumeSize: gib, volumeType: "gp3", encrypted: "true" } },
      ],
    },
  };
}

/** A managed node group behind the launch template `${name}-lt`. */
export function nodeGroup(
  name: string,
  sizes: [min: number, desired: number, max: number],
  opts: { types: string[]; spot?: boolean; capacityLabel?: string },
): ResourceLike {
  const labels: Record<string, string> = { "platform.io/role": "application" };
  if (opts.capacityLabel) labels["platform.io/capacity"] = opts.capacityLabel;
  return {
    type: "aws:eks/nodeGroup:NodeGroup",
    name,
    props: {
      clusterName: "c",
      instanceTypes: opts.types,
      capacityType: opts.spot ? "SPOT" : "ON_DEMAND",
      scalingConfig: { minSize: sizes[0], desiredSize: sizes[1], maxSize: sizes[2] },
      labels,
      launchTemplate: { id: `${name}-lt-id`, version: "1" },
    },
  };
}

function many(n: number, make: (i: number) => ResourceLike): ResourceLike[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

const alarm = (i: number): ResourceLike => ({
  type: "aws:cloudwatch/metricAlarm:MetricAlarm",
  name: `alarm-${i}`,
  props: { period: 300, metricName: "CPUUtilization" },
});
const secret = (i: number): ResourceLike => ({
  type: "aws:secretsmanager/secret:Secret",
  name: `secret-${i}`,
  props: {},
});
const key = (i: number): ResourceLike => ({ type: "aws:kms/key:Key", name: `key-${i}`, props: {} });

/** A small dev-like environment. */
export function devResources(): ResourceLike[] {
  return [
    { type: "aws:eks/cluster:Cluster", name: "eks", props: { version: "1.36" } },
    { type: "aws:ec2/natGateway:NatGateway", name: "nat-a", props: {} },
    launchTemplate("system-lt", 30),
    nodeGroup("system", [2, 2, 3], { types: ["m6i.large"], capacityLabel: "on-demand" }),
    launchTemplate("app-lt", 50),
    nodeGroup("app", [1, 2, 5], {
      types: ["m6i.xlarge", "m5.xlarge"],
      spot: true,
      capacityLabel: "spot",
    }),
    {
      type: "aws:rds/instance:Instance",
      name: "pg",
      props: {
        engine: "postgres",
        instanceClass: "db.t4g.medium",
        multiAz: false,
        allocatedStorage: 20,
        maxAllocatedStorage: 100,
        storageType: "gp3",
      },
    },
    {
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      name: "redis",
      props: { engine: "redis", nodeType: "cache.t4g.micro", numCacheClusters: 1 },
    },
    {
      type: "aws:mq/broker:Broker",
      name: "mq",
      props: {
        engineType: "RabbitMQ",
        hostInstanceType: "mq.m5.large",
        deploymentMode: "SINGLE_INSTANCE",
      },
    },
    ...many(5, alarm),
    ...many(3, secret),
    key(0),
    { type: "aws:iam/role:Role", name: "free-role", props: {} },
  ];
}

/** A prod-like environment: three zones, reserved baseline, spot application nodes, HA data tier. */
export function prodResources(): ResourceLike[] {
  return [
    { type: "aws:eks/cluster:Cluster", name: "eks", props: { version: "1.36" } },
    ...many(3, (i) => ({ type: "aws:ec2/natGateway:NatGateway", name: `nat-${i}`, props: {} })),
    launchTemplate("system-lt", 50),
    nodeGroup("system", [3, 3, 4], { types: ["m6i.large"] }),
    launchTemplate("baseline-lt", 100),
    nodeGroup("baseline", [6, 6, 6], { types: ["m6i.xlarge"], capacityLabel: "reserved" }),
    launchTemplate("app-lt", 100),
    nodeGroup("app", [3, 6, 20], {
      types: ["m6i.xlarge", "m5.xlarge", "m6a.xlarge"],
      spot: true,
      capacityLabel: "spot",
    }),
    launchTemplate("burst-lt", 100),
    nodeGroup("burst", [0, 1, 6], { types: ["m6i.xlarge"], capacityLabel: "on-demand" }),
    {
      type: "aws:rds/instance:Instance",
      name: "pg-primary",
      props: {
        identifier: "pg",
        engine: "postgres",
        instanceClass: "db.r6g.xlarge",
        multiAz: true,
        allocatedStorage: 500,
        maxAllocatedStorage: 2000,
        storageType: "gp3",
      },
    },
    ...many(2, (i) => ({
      type: "aws:rds/instance:Instance",
      name: `pg-replica-${i}`,
      props: { replicateSourceDb: "pg", instanceClass: "db.r6g.xlarge" },
    })),
    {
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      name: "redis",
      props: {
        engine: "redis",
        nodeType: "cache.r6g.large",
        numNodeGroups: 3,
        replicasPerNodeGroup: 1,
        automaticFailoverEnabled: true,
      },
    },
    {
      type: "aws:mq/broker:Broker",
      name: "mq",
      props: {
        engineType: "RabbitMQ",
        hostInstanceType: "mq.m5.large",
        deploymentMode: "CLUSTER_MULTI_AZ",
      },
    },
    ...many(20, alarm),
    {
      type: "aws:cloudwatch/metricAlarm:MetricAlarm",
      name: "alarm-fast",
      props: { period: 10, metricName: "RequestCount" },
    },
    ...many(8, secret),
    ...many(2, key),
    { type: "aws:lb/loadBalancer:LoadBalancer", name: "ingress", props: {} },
  ];
}
