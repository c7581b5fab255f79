import { expect } from "chai";
import type { RegisteredResource } from "../../scripts/lib/program";
import { ofType, one, runStack } from "../helpers/program";

/**
 * What each shipped AWS environment builds, as literal numbers read off its stack file and the
 * schema's documented defaults, not derived by the program's own loader or planner: a wrong
 * default, a dropped setting or a changed formula fails here even when the program agrees with
 * itself. (The sandbox builds no AWS; tests/stacks/sandbox.test.ts pins what it registers.)
 */
interface Pinned {
  zones: number;
  natGateways: number;
  /** scalingConfig per node group: [minSize, desiredSize, maxSize] (desired defaults to min). */
  nodeGroups: Record<string, [number, number, number]>;
  database: {
    instanceClass: string;
    multiAz: boolean;
    readReplicas: number;
    allocatedStorage: number;
    maxAllocatedStorage: number;
    backupRetentionPeriod: number;
  };
  pgbouncerReplicas: number;
  /** ElastiCache shape: numCacheClusters (1 primary + replicas) off cluster mode, else shards. */
  cache: { numCacheClusters?: number; numNodeGroups?: number; replicasPerNodeGroup?: number };
}

const PINNED: Record<string, Pinned> = {
  dev: {
    zones: 2,
    natGateways: 1,
    nodeGroups: { system: [2, 2, 3], "app-spot": [2, 2, 8], baseline: [1, 1, 2] },
    database: {
      instanceClass: "db.t4g.medium",
      multiAz: false,
      readReplicas: 0,
      allocatedStorage: 50,
      maxAllocatedStorage: 200,
      backupRetentionPeriod: 3,
    },
    pgbouncerReplicas: 1,
    cache: { numCacheClusters: 1 },
  },
  staging: {
    zones: 3,
    natGateways: 1,
    nodeGroups: { system: [3, 3, 3], "app-spot": [3, 3, 12], baseline: [2, 2, 4] },
    database: {
      instanceClass: "db.r6g.large",
      multiAz: true,
      readReplicas: 0,
      allocatedStorage: 100,
      maxAllocatedStorage: 500,
      backupRetentionPeriod: 7,
    },
    pgbouncerReplicas: 2,
    cache: { numCacheClusters: 2 },
  },
  prod: {
    zones: 3,
    natGateways: 3,
    nodeGroups: { system: [3, 3, 6], "app-spot": [3, 6, 30], baseline: [3, 3, 9] },
    database: {
      instanceClass: "db.r6g.xlarge",
      multiAz: true,
      readReplicas: 2,
      allocatedStorage: 500,
      maxAllocatedStorage: 2000,
      backupRetentionPeriod: 14,
    },
    pgbouncerReplicas: 3,
    // Cluster mode: 3 shards of a primary and 1 replica.
    cache: { numNodeGroups: 3, replicasPerNodeGroup: 1 },
  },
};

const scaling = (g: RegisteredResource): [number, number, number] => {
  const c = g.inputs.scalingConfig;
  return [c.minSize, c.desiredSize, c.maxSize];
};

describe("pinned values per shipped environment", function () {
  this.timeout(180_000);
  for (const [stack, p] of Object.entries(PINNED)) {
    describe(stack, () => {
      it(`has private subnets in ${p.zones} zones and ${p.natGateways} NAT gateway(s)`, async () => {
        const r = await runStack(stack);
        const zones = new Set(
          ofType(r, "aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone),
        );
        expect(zones.size).to.equal(p.zones);
        expect(ofType(r, "aws:ec2/natGateway:NatGateway")).to.have.length(p.natGateways);
      });

      it("sizes each node group as its stack file says", async () => {
        const groups = ofType(await runStack(stack), "aws:eks/nodeGroup:NodeGroup");
        expect(
          Object.fromEntries(groups.map((g) => [g.name.replace(/^nodes-/, ""), scaling(g)])),
        ).to.deep.equal(p.nodeGroups);
      });

      it("builds the database as its stack file says", async () => {
        const dbs = ofType(await runStack(stack), "aws:rds/instance:Instance");
        const primaries = dbs.filter((d) => d.inputs.replicateSourceDb === undefined);
        expect(primaries).to.have.length(1);
        const db = primaries[0].inputs;
        expect({
          instanceClass: db.instanceClass,
          multiAz: db.multiAz,
          readReplicas: dbs.length - 1,
          allocatedStorage: db.allocatedStorage,
          maxAllocatedStorage: db.maxAllocatedStorage,
          backupRetentionPeriod: db.backupRetentionPeriod,
        }).to.deep.equal(p.database);
      });

      it(`runs ${p.pgbouncerReplicas} PgBouncer pod(s) and the cache's pinned shape`, async () => {
        const r = await runStack(stack);
        const pgbouncer = ofType(r, "kubernetes:apps/v1:Deployment").filter(
          (d) => d.name === "pgbouncer-deployment",
        );
        expect(pgbouncer.map((d) => d.inputs.spec.replicas)).to.deep.equal([p.pgbouncerReplicas]);
        const redis = one(r, "aws:elasticache/replicationGroup:ReplicationGroup").inputs;
        expect({
          numCacheClusters: redis.numCacheClusters,
          numNodeGroups: redis.numNodeGroups,
          replicasPerNodeGroup: redis.replicasPerNodeGroup,
        }).to.deep.equal({
          numCacheClusters: undefined,
          numNodeGroups: undefined,
          replicasPerNodeGroup: undefined,
          ...p.cache,
        });
      });
    });
  }
});
