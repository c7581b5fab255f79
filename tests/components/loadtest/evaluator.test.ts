import { expect } from "chai";
import * as fs from "node:fs";
import { EVALUATOR_PATH, loadTestConfigMapData } from "../../../components/loadtest";
import { evaluate, field, fortio } from "../../helpers/loadtest-evaluator";

describe("load test evaluator: the Job's exit status is the thresholds' verdict on Fortio's real results", () => {
  const seed = { p95Ms: 200, errorPercent: 1 };

  it("the ConfigMap ships the very script these tests run", () => {
    expect(loadTestConfigMapData()["evaluate.sh"]).to.equal(
      fs.readFileSync(EVALUATOR_PATH, "utf8"),
    );
  });

  it("a run within both thresholds exits 0 and counts every request of every step", async () => {
    const r = await evaluate(
      { "0000-judged-read.json": "fast-read.json", "0001-judged-write.json": "fast-write.json" },
      seed,
    );
    expect(r.status, r.out + r.err).to.equal(0);
    const sent =
      fortio("fast-read.json").DurationHistogram.Count +
      fortio("fast-write.json").DurationHistogram.Count;
    expect(sent).to.equal(200);
    expect(field(r.out, "requests")).to.equal(String(sent));
    expect(field(r.out, "errors")).to.equal("0");
    expect(field(r.out, "steps")).to.equal("2");
    expect(field(r.out, "result")).to.equal("pass");
  });

  it("the P95 never reads below Fortio's own: the upper edge of the bucket holding it", async () => {
    const r = await evaluate({ "0000-judged-read.json": "fast-read.json" }, seed);
    const own = fortio("fast-read.json").DurationHistogram.Percentiles.find(
      (p) => p.Percentile === 95,
    )!.Value;
    const read = Number(field(r.out, "p95Ms"));
    expect(read).to.be.at.least(own * 1000 - 0.5);
    // Fortio's buckets are 1 ms wide up to 10 ms and 2 ms up to 20 ms, then 5 and 10 ms wide.
    expect(read).to.be.at.most(own * 1000 + 10);
  });

  it("refused requests above the error limit fail the Job (exit 1), naming the rate", async () => {
    const codes = fortio("slow-refusing-read.json").RetCodes;
    expect(codes["503"], "the fixture holds refusals").to.be.above(0);
    const r = await evaluate(
      { "0000-judged-read.json": "slow-refusing-read.json" },
      {
        p95Ms: 1000,
        errorPercent: 1,
      },
    );
    expect(r.status).to.equal(1);
    expect(field(r.out, "errors")).to.equal(String(codes["503"]));
    expect(r.out).to.match(/reason="error rate 20\.00 % is above 1 %"$/);
  });

  it("the same errors under a looser limit pass: the limit decides, not the presence of errors", async () => {
    const r = await evaluate(
      { "0000-judged-read.json": "slow-refusing-read.json" },
      {
        p95Ms: 1000,
        errorPercent: 25,
      },
    );
    expect(r.status, r.out).to.equal(0);
  });

  it("a P95 above the limit fails the Job (exit 1) even with no error", async () => {
    const r = await evaluate({ "0000-judged-read.json": "slow-read.json" }, seed);
    expect(r.status).to.equal(1);
    expect(field(r.out, "errors")).to.equal("0");
    expect(Number(field(r.out, "p95Ms"))).to.be.above(240);
    expect(r.out).to.match(/reason="P95 \d+ ms is above 200 ms"$/);
  });

  it("slow steps in the grace period are not judged on latency, but their errors still count", async () => {
    const slowFirst = await evaluate(
      { "0000-grace-read.json": "slow-read.json", "0001-judged-read.json": "fast-read.json" },
      seed,
    );
    expect(slowFirst.status, slowFirst.out).to.equal(0);
    expect(Number(field(slowFirst.out, "p95Ms"))).to.be.below(50);
    const refusingFirst = await evaluate(
      {
        "0000-grace-read.json": "slow-refusing-read.json",
        "0001-judged-read.json": "fast-read.json",
      },
      seed,
    );
    expect(refusingFirst.status).to.equal(1);
    expect(refusingFirst.out).to.match(/error rate 10\.00 % is above 1 %/);
  });

  it("judges only the steps' result files, never another JSON file in the folder (its own OTLP output)", async () => {
    const r = await evaluate(
      { "0000-judged-read.json": "fast-read.json", "metrics.otlp.json": "slow-refusing-read.json" },
      seed,
    );
    expect(field(r.out, "steps")).to.equal("1");
    expect(field(r.out, "errors")).to.equal("0");
    expect(r.status).to.equal(0);
  });

  it("with no result at all the Job fails (exit 2) rather than passing on nothing", async () => {
    const r = await evaluate({}, seed);
    expect(r.status).to.equal(2);
    expect(r.out).to.match(/no Fortio result/);
  });

  it("writes the figures as Prometheus text, labelled by scenario and service", async () => {
    const r = await evaluate({ "0000-judged-read.json": "slow-read.json" }, seed);
    const labels = '{scenario="spike",service="agent-api"}';
    expect(r.metrics).to.include(`platform_loadtest_requests${labels} 96\n`);
    expect(r.metrics).to.include(`platform_loadtest_errors${labels} 0\n`);
    expect(r.metrics).to.include(`platform_loadtest_passed${labels} 0\n`);
    expect(r.metrics).to.include(`platform_loadtest_p95_limit_seconds${labels} 0.200\n`);
    expect(r.metrics).to.include(`platform_loadtest_error_ratio_limit${labels} 0.0100\n`);
    const p95 = Number(/platform_loadtest_p95_seconds\S+ (\S+)/.exec(r.metrics)?.[1]);
    expect(p95).to.equal(Number(field(r.out, "p95Ms")) / 1000);
  });
});
