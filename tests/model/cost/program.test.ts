import { expect } from "chai";
import fc from "fast-check";
import { estimateStack, ResourceLike, SCALES } from "../../../model/cost";
import type { ProgramRun } from "../../../scripts/lib/program";
import { estimate as policyEstimate } from "../../../policy/lib/cost";
import type { PolicyResource } from "../../../policy/lib/read";
import { runStack } from "../../helpers/program";
import type { Inputs } from "../../policy/helpers";

type Summary = {
  total: Record<string, number>;
  byComponent: Record<string, Record<string, number>>;
  byCapacity: Record<string, Record<string, number>>;
};

const H = 730;
const cost = (r: ProgramRun) => r.outputs.costEstimate as Summary;
const resourcesOf = (r: ProgramRun): ResourceLike[] =>
  r.resources.map((x) => ({
    type: x.type,
    name: x.name,
    urn: x.urn,
    props: x.inputs,
    propertyDependencies: x.propertyDependencies,
  }));

function expectScaled(
  actual: Record<string, number>,
  expected: [number, number, number],
  what: string,
) {
  SCALES.forEach((s, i) => expect(actual[s], `${what} at ${s}`).to.be.closeTo(expected[i], 0.01));
}

// Figures worked out by hand from model/pricing/us-east-1.json (2026-11-22) and the stack files:
// 730 h a month, spot 70 % and reserved 40 % off On-Demand, gp3 root volumes at $0.08/GB-month.
describe("cost model: the program's costEstimate output, checked by hand", function () {
  this.timeout(120_000);

  it("dev: cluster $73, one NAT gateway $32.85, data tier at list price", async () => {
    const c = cost(await runStack("dev"));
    expectScaled(c.byComponent.cluster, [73, 73, 73], "EKS 0.10 x 730");
    // NAT 0.045 x 730 = 32.85 + its Elastic IP, a public IPv4 address at 0.005 x 730 = 3.65
    expectScaled(c.byComponent.network, [36.5, 36.5, 36.5], "NAT gateway and its public IPv4");
    // db.t4g.medium 0.065 x 730 = 47.45; gp3 0.115 x 50 GB = 5.75, growing to 200 GB = 23.00
    expectScaled(c.byComponent.postgres, [53.2, 53.2, 70.45], "postgres");
    expectScaled(c.byComponent.redis, [47.45, 47.45, 47.45], "cache.t4g.medium 0.065 x 730");
    expectScaled(c.byComponent.rabbitmq, [210.24, 210.24, 210.24], "mq.m5.large 0.288 x 730");
  });

  it("dev: nodes cost $365.73 at minimum and $850.91 at maximum", async () => {
    // min: system 2 x t3.large 0.0832 x 730 = 121.472; app 2 spot m6i.xlarge 0.192 x 0.3 x 730 = 84.096;
    //      baseline 1 on-demand m6i.xlarge 0.192 x 730 = 140.16 (dev sleeps, so nothing is reserved);
    //      5 x 50 GB gp3 x 0.08 = 20
    // max: 3 system 182.208 + 8 spot 336.384 + 2 on-demand 280.32 + 13 x 50 GB x 0.08 = 52
    const c = cost(await runStack("dev"));
    expectScaled(c.byComponent.nodes, [365.728, 365.728, 850.912], "nodes");
    expectScaled(c.byCapacity.spot, [84.096, 84.096, 336.384], "spot");
    expectScaled(c.byCapacity.reserved, [0, 0, 0], "reserved");
  });

  it("prod: nodes cost $883.27 / $1,027.72 / $3,438.72 at min / baseline / max", async () => {
    // system 3..6 x m6i.large 0.096 x 730 = 70.08 each; app 3/6/30 spot, dearest type m7i.xlarge
    // 0.2016 x 0.3 x 730 = 44.1504 each; baseline 3..9 reserved m6i.2xlarge 0.384 x 0.6 x 730 = 168.192 each;
    // gp3 50 GB x 0.08 = 4 per node (9 / 12 / 45 nodes)
    const c = cost(await runStack("prod"));
    expectScaled(c.byComponent.nodes, [883.2672, 1027.7184, 3438.72], "nodes");
    expectScaled(c.byCapacity.spot, [132.4512, 264.9024, 1324.512], "spot");
  });

  it("prod: Multi-AZ primary, two replicas, six cache nodes, three brokers, three NAT gateways", async () => {
    const c = cost(await runStack("prod"));
    // primary db.r6g.xlarge Multi-AZ 0.90 x 730 = 657 + 500 GB x 0.23 = 115 (2,000 GB at max: 460);
    // replicas 2 x (0.45 x 730 = 328.5 + 500 GB x 0.115 = 57.5)
    expectScaled(c.byComponent.postgres, [1544, 1544, 1889], "postgres");
    expectScaled(
      c.byComponent.redis,
      [6 * 0.219 * H, 6 * 0.219 * H, 6 * 0.219 * H],
      "3 shards x 2 cache.r7g.large",
    );
    expectScaled(
      c.byComponent.rabbitmq,
      [3 * 0.288 * H, 3 * 0.288 * H, 3 * 0.288 * H],
      "CLUSTER_MULTI_AZ = 3 mq.m5.large",
    );
    // 3 x (NAT 32.85 + Elastic IP 3.65); the S3 endpoint is a gateway endpoint, which is free
    expectScaled(c.byComponent.network, [109.5, 109.5, 109.5], "3 NAT gateways and their IPs");
  });

  it("the stack output equals what the policy pack computes from the registered resources", async () => {
    for (const env of ["dev", "prod"]) {
      const r = await runStack(env);
      // The pack reads discounts and declared usage from the budget's tags, as it does in `pulumi up`.
      const e = policyEstimate(resourcesOf(r) as unknown as PolicyResource[]);
      expectScaled(cost(r).total, [e.total.min, e.total.baseline, e.total.max], `${env} total`);
    }
  });

  it("the budget limit is the baseline estimate plus 20 %, rounded up", async () => {
    for (const env of ["dev", "prod"]) {
      const r = await runStack(env);
      expect(r.outputs.budgetLimitUsd).to.equal(Math.ceil(cost(r).total.baseline * 1.2));
    }
  });

  it("the estimate never falls when any node, replica, shard or broker count of prod rises", async () => {
    const prod = resourcesOf(await runStack("prod"));
    const base = estimateStack(prod).total;
    const counts: Array<[string, (p: Inputs) => void]> = [
      [
        "nodeGroup.minSize",
        (p) =>
          p.scalingConfig &&
          (p.scalingConfig.minSize = Math.min(
            p.scalingConfig.minSize + 1,
            p.scalingConfig.desiredSize,
          )),
      ],
      [
        "nodeGroup.desiredSize",
        (p) =>
          p.scalingConfig &&
          (p.scalingConfig.desiredSize = Math.min(
            p.scalingConfig.desiredSize + 1,
            p.scalingConfig.maxSize,
          )),
      ],
      ["nodeGroup.maxSize", (p) => p.scalingConfig && (p.scalingConfig.maxSize += 1)],
      ["redis.numNodeGroups", (p) => p.numNodeGroups !== undefined && (p.numNodeGroups += 1)],
      [
        "redis.replicasPerNodeGroup",
        (p) => p.replicasPerNodeGroup !== undefined && (p.replicasPerNodeGroup += 1),
      ],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: counts.length - 1 }),
        fc.integer({ min: 1, max: 5 }),
        (which, times) => {
          const edited = structuredClone(prod);
          for (let i = 0; i < times; i++) edited.forEach((r) => counts[which][1](r.props));
          const after = estimateStack(edited).total;
          for (const s of SCALES)
            expect(after[s], `${counts[which][0]} +${times} at ${s}`).to.be.at.least(
              base[s] - 1e-9,
            );
        },
      ),
      { numRuns: 40 },
    );
    // One more read replica (a copy of a real one) costs more too.
    const replica = prod.find(
      (r) => r.type === "aws:rds/instance:Instance" && r.props.replicateSourceDb !== undefined,
    )!;
    const more = [
      ...prod,
      { ...structuredClone(replica), name: "postgres-replica-3", urn: `${replica.urn}-3` },
    ];
    expect(estimateStack(more).total.baseline).to.be.greaterThan(base.baseline);
  });
});
