import { expect } from "chai";
import { editedConfig, ProgramRun } from "../../scripts/lib/program";
import { planReport } from "../../scripts/lib/report";
import { run, runStack, SHIPPED } from "../helpers/program";
import { expectViolation, of, verdicts } from "./helpers";

const POLICY = "declared-load-fits-shape";

/** dev with its declared load raised; the rest of its stack file as shipped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const devWith = (edit: (s: Record<string, any>) => void): Promise<ProgramRun> =>
  run({ stack: "dev", config: editedConfig("dev", edit) });

describe("policy pack: the declared load fits the configured data-tier shape", function () {
  this.timeout(300_000);

  for (const stack of SHIPPED) {
    it(`${stack}'s declared load fits its shape: no finding`, async () => {
      expect(of(await verdicts(await runStack(stack)), POLICY)).to.deep.equal([]);
    });
  }

  it("the plan warns when reads:writes exceed 4:1 with no replica, suggesting readReplicas: 1", async () => {
    const r = await devWith((s) => (s.load.database = { readQps: 900, writeQps: 200 }));
    const v = expectViolation(
      (await planReport(r)).verdicts,
      POLICY,
      /900 reads\/s : 200 writes\/s .* read:write 4\.50:1 exceeds 4:1.*suggested platform:database\.readReplicas: 1/,
    );
    expect(v.enforcement).to.equal("advisory");
  });

  it("exactly 4:1 needs no replica (the rule is strictly above)", async () => {
    const r = await devWith((s) => (s.load.database = { readQps: 800, writeQps: 200 }));
    expect(of(await verdicts(r), POLICY)).to.deep.equal([]);
  });

  it("a dataset that outgrows one node by the planning horizon suggests cluster mode and the shards", async () => {
    // dev plans 3 months ahead: 4 GB + 2 GB/month x 3 = 10 GB, over one node's 5 GB.
    const r = await devWith((s) => (s.load.cache = { datasetGb: 4, growthGbPerMonth: 2 }));
    expectViolation(
      await verdicts(r),
      POLICY,
      /reaches 10 GB at the planning horizon, over one node's 5 GB; suggested platform:cache\.clusterMode: true, shards: 1/,
    );
  });

  it("prod fails (mandatory) when its declared dataset outgrows its shards", async () => {
    // prod: 3 shards of at most 30 GB hold 90 GB; 100 GB + 0/month needs 4.
    const r = await run({
      stack: "prod",
      config: editedConfig("prod", (s) => (s.load.cache = { datasetGb: 100, growthGbPerMonth: 0 })),
    });
    const v = expectViolation(
      await verdicts(r),
      POLICY,
      /3 shard\(s\) of at most 30 GB.*shards: 4/,
    );
    expect(v.enforcement).to.equal("mandatory");
  });
});
