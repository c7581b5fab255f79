import { expect } from "chai";
import fc from "fast-check";
import {
  bomFromResources,
  estimateMonthly,
  ResourceLike,
  Scale,
  SCALES,
} from "../../../model/cost";
import { pricingFor } from "../../../model/pricing";
import { launchTemplate, nodeGroup } from "./fixtures";

const pricing = pricingFor();

interface Group {
  min: number;
  desired: number;
  max: number;
  type: string;
  capacity: "spot" | "on-demand" | "reserved";
}

/** Every replica or node count an environment has. */
interface Env {
  groups: Group[];
  readReplicas: number;
  shards: number;
  replicasPerShard: number;
  natGateways: number;
  alarms: number;
  secrets: number;
}

function resources(env: Env): ResourceLike[] {
  const out: ResourceLike[] = [{ type: "aws:eks/cluster:Cluster", name: "eks", props: {} }];
  env.groups.forEach((g, i) => {
    out.push(launchTemplate(`g${i}-lt`, 50));
    out.push(
      nodeGroup(`g${i}`, [g.min, g.desired, g.max], {
        types: [g.type],
        spot: g.capacity === "spot",
        capacityLabel: g.capacity,
      }),
    );
  });
  out.push({
    type: "aws:rds/instance:Instance",
    name: "pg",
    props: {
      identifier: "pg",
      engine: "postgres",
      instanceClass: "db.r6g.large",
      multiAz: true,
      allocatedStorage: 100,
      maxAllocatedStorage: 400,
      storageType: "gp3",
    },
  });
  for (let i = 0; i < env.readReplicas; i++) {
    out.push({
      type: "aws:rds/instance:Instance",
      name: `pg-r${i}`,
      props: { replicateSourceDb: "pg", instanceClass: "db.r6g.large" },
    });
  }
  out.push({
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    name: "redis",
    props: {
      nodeType: "cache.r6g.large",
      numNodeGroups: env.shards,
      replicasPerNodeGroup: env.replicasPerShard,
    },
  });
  for (let i = 0; i < env.natGateways; i++)
    out.push({ type: "aws:ec2/natGateway:NatGateway", name: `nat${i}`, props: {} });
  for (let i = 0; i < env.alarms; i++)
    out.push({
      type: "aws:cloudwatch/metricAlarm:MetricAlarm",
      name: `a${i}`,
      props: { period: 60 },
    });
  for (let i = 0; i < env.secrets; i++)
    out.push({ type: "aws:secretsmanager/secret:Secret", name: `s${i}`, props: {} });
  return out;
}

const group: fc.Arbitrary<Group> = fc
  .record({
    a: fc.nat(20),
    b: fc.nat(20),
    c: fc.nat(20),
    type: fc.constantFrom("m6i.xlarge", "m6g.large", "c7i.2xlarge", "r6a.xlarge", "t3.medium"),
    capacity: fc.constantFrom("spot" as const, "on-demand" as const, "reserved" as const),
  })
  .map(({ a, b, c, type, capacity }) => {
    const [min, desired, max] = [a, b, c].sort((x, y) => x - y);
    return { min, desired, max, type, capacity };
  });

const env: fc.Arbitrary<Env> = fc.record({
  groups: fc.array(group, { minLength: 1, maxLength: 4 }),
  readReplicas: fc.nat(3),
  shards: fc.integer({ min: 1, max: 5 }),
  replicasPerShard: fc.nat(3),
  natGateways: fc.nat(3),
  alarms: fc.nat(10),
  secrets: fc.nat(10),
});

type Bump = (e: Env, by: number, g: number) => Env;

/**
 * Ways to add capacity, each keeping the environment valid (min <= desired <= max), with the scale
 * at which the estimate must strictly rise: a node group's min raises the minimum, and so on.
 */
const BUMPS: Record<string, { bump: Bump; rises: Scale }> = {
  "node group max": {
    rises: "max",
    bump: (e, by, g) => withGroup(e, g, (x) => ({ ...x, max: x.max + by })),
  },
  "node group desired": {
    rises: "baseline",
    bump: (e, by, g) =>
      withGroup(e, g, (x) => ({
        ...x,
        desired: x.desired + by,
        max: Math.max(x.max, x.desired + by),
      })),
  },
  "node group min": {
    rises: "min",
    bump: (e, by, g) =>
      withGroup(e, g, (x) => ({
        ...x,
        min: x.min + by,
        desired: Math.max(x.desired, x.min + by),
        max: Math.max(x.max, x.min + by),
      })),
  },
  "read replicas": { rises: "min", bump: (e, by) => ({ ...e, readReplicas: e.readReplicas + by }) },
  "cache shards": { rises: "min", bump: (e, by) => ({ ...e, shards: e.shards + by }) },
  "replicas per shard": {
    rises: "min",
    bump: (e, by) => ({ ...e, replicasPerShard: e.replicasPerShard + by }),
  },
  "NAT gateways": { rises: "min", bump: (e, by) => ({ ...e, natGateways: e.natGateways + by }) },
  alarms: { rises: "min", bump: (e, by) => ({ ...e, alarms: e.alarms + by }) },
  secrets: { rises: "min", bump: (e, by) => ({ ...e, secrets: e.secrets + by }) },
};

function withGroup(e: Env, g: number, f: (x: Group) => Group): Env {
  const i = g % e.groups.length;
  return { ...e, groups: e.groups.map((x, j) => (j === i ? f(x) : x)) };
}

describe("cost model: monotonicity", () => {
  it("never lowers the estimate at any scale when any replica or node count grows, and raises it where the count applies", () => {
    fc.assert(
      fc.property(
        env,
        fc.constantFrom(...Object.keys(BUMPS)),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(),
        (e, name, by, g) => {
          const { bump, rises } = BUMPS[name];
          const before = estimateMonthly(bomFromResources(resources(e)), pricing).total;
          const after = estimateMonthly(bomFromResources(resources(bump(e, by, g))), pricing).total;
          for (const s of SCALES)
            expect(after[s], `${name} +${by} at ${s}`).to.be.at.least(before[s] - 1e-9);
          expect(after[rises], `${name} +${by} at ${rises}`).to.be.greaterThan(before[rises]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
