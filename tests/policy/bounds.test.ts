import { expect } from "chai";
import { editedConfig, ProgramRun } from "../../scripts/lib/program";
import { run } from "../helpers/program";
import { expectViolation, verdicts } from "./helpers";
import type { Verdict } from "../../scripts/lib/policy";

/**
 * One real prod program run with its configuration pushed past the prod bounds in many
 * independent ways; each test below asserts that one policy catches one of them.
 */
describe("policy pack: prod configuration pushed past its bounds", function () {
  this.timeout(180_000);
  let r: ProgramRun;
  let vs: Verdict[];

  before(async () => {
    const config = editedConfig("prod", (s) => {
      delete s.services["agent-api"].traffic;
      s.services["agent-api"].replicas = { min: 3, max: 80 };
      s.workers["agent-worker"].replicas = { min: 100, max: 600 };
      s.nodeGroups["app-spot"].maxSize = 70;
      s.nodeGroups.baseline.maxSize = 60;
      s.nodeGroups["app-od"] = {
        role: "application",
        capacityType: "on-demand",
        instanceTypes: ["t3.2xlarge"],
        minSize: 1,
        maxSize: 60,
      };
      s.database.readReplicas = 1;
      s.database.multiAz = false;
      s.database.protect = false;
      // The stack file refuses this without a named opt-out; the policy pack is the second guard.
      s.safetyOptOuts = {
        "database.protect": "test: the policy pack still catches an unprotected prod database",
      };
      s.cache.replicasPerShard = 0;
      s.queue.deploymentMode = "SINGLE_INSTANCE";
      s.network.zones = 2;
      // Room for the pods of the larger node groups, which the schema checks before any policy.
      s.network.subnetPrefixLength = { private: 18 };
      s.pgbouncer.replicas = 1;
      // No budget limit below the baseline here: the program refuses one before the pack runs
      // (tests/policy/budget-thresholds.test.ts); the pack's own check is proven on hand-made
      // budgets (tests/policy/cost-boundaries.test.ts).
    });
    r = await run({ stack: "prod", config });
    vs = await verdicts(r);
  });

  it("every violation is mandatory in prod", () => {
    expect(vs.length).to.be.greaterThan(0);
    expect(vs.every((v) => v.enforcement === "mandatory")).to.equal(true);
  });

  it("deployment-replica-bounds: a single PgBouncer replica is below prod's minimum of 2", () => {
    expectViolation(
      vs,
      "deployment-replica-bounds",
      /pgbouncer.*replicas 1 is outside this environment's bounds \[2, 50\]/,
    );
  });

  it("hpa-replica-bounds: an HPA max of 80 is above prod's 50", () => {
    expectViolation(
      vs,
      "hpa-replica-bounds",
      /agent-api: maxReplicas 80 is above this environment's maximum of 50/,
    );
  });

  it("keda-replica-bounds: 600 agent workers are above prod's 500", () => {
    expectViolation(
      vs,
      "keda-replica-bounds",
      /agent-worker: maxReplicaCount 600 is above this environment's maximum of 500/,
    );
  });

  it("node-group-size-bounds: a node group of 70 is above prod's 60, one of 1 below its 2", () => {
    expectViolation(
      vs,
      "node-group-size-bounds",
      /nodes-app-spot: maxSize 70 is outside this environment's bounds \[2, 60\]/,
    );
    expectViolation(vs, "node-group-size-bounds", /nodes-app-od: minSize 1 is outside/);
  });

  it("rds-read-replica-bounds: one read replica is below prod's 2", () => {
    expectViolation(
      vs,
      "rds-read-replica-bounds",
      /postgres-primary: 1 read replica\(s\) is outside this environment's bounds \[2, 3\]/,
    );
  });

  it("elasticache-shard-bounds: shards without replicas are below prod's 1 replica per shard", () => {
    expectViolation(
      vs,
      "elasticache-shard-bounds",
      /0 replica\(s\) per shard is outside this environment's bounds \[1, 5\]/,
    );
  });

  it("mq-deployment-mode: a single RabbitMQ broker is not allowed in prod", () => {
    expectViolation(
      vs,
      "mq-deployment-mode",
      /deploymentMode SINGLE_INSTANCE is not allowed here; allowed: CLUSTER_MULTI_AZ/,
    );
  });

  it("max-cost-within-budget: the maximum-scale estimate exceeds prod's $16,000 ceiling", () => {
    expectViolation(
      vs,
      "max-cost-within-budget",
      /estimated monthly cost at maximum scale \$[\d,.]+ exceeds the budget of \$16,000\.00/,
    );
  });

  it("min-spot-share: a large on-demand application group pushes spot below prod's 50 %", () => {
    expectViolation(
      vs,
      "min-spot-share",
      /spot provides 36\.8 % of application vCPU at maxSize \(280 of 760 vCPU\); this environment asks for at least 50 %/,
    );
  });

  it("instance-type-allow-list: burstable t3 nodes are not on prod's list", () => {
    expectViolation(
      vs,
      "instance-type-allow-list",
      /nodes-app-od: instanceTypes t3\.2xlarge not on this environment's ec2 allow-list/,
    );
  });

  it("rds-multi-az: a Single-AZ primary fails in prod", () => {
    expectViolation(vs, "rds-multi-az", /postgres-primary: the primary is Single-AZ/);
  });

  it("elasticache-automatic-failover: shards without replicas are not Multi-AZ", () => {
    expectViolation(vs, "elasticache-automatic-failover", /multiAzEnabled is not true/);
  });

  it("min-zones: two zones are fewer than prod's three", () => {
    expectViolation(
      vs,
      "min-zones",
      /subnets span 2 zone\(s\) \(us-east-1a, us-east-1b\); this environment requires at least 3/,
    );
  });

  it("deletion-protection: an unprotected prod database fails", () => {
    expectViolation(vs, "deletion-protection", /postgres-primary: deletionProtection is not true/);
    expectViolation(vs, "deletion-protection", /postgres-primary: holds data but is not protected/);
  });
});
