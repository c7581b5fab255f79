import { expect } from "chai";
import { evaluate, receiver } from "../helpers/loadtest-evaluator";

describe("load test evaluator with curl: the figures reach Prometheus' OTLP receiver, and a failed push leaves the verdict", () => {
  const seed = { p95Ms: 200, errorPercent: 1 };

  it("pushes the figures to Prometheus' OTLP receiver as gauges labelled by scenario and service", async () => {
    const prometheus = await receiver(204);
    try {
      const r = await evaluate(
        { "0000-judged-read.json": "slow-refusing-read.json" },
        seed,
        prometheus.url,
      );
      expect(r.status, "the verdict is still the Job's exit status").to.equal(1);
      expect(prometheus.got).to.have.length(1);
      const req = prometheus.got[0];
      expect(req).to.include({
        method: "POST",
        url: "/api/v1/otlp/v1/metrics",
        type: "application/json",
      });
      const body = JSON.parse(req.body) as {
        resourceMetrics: {
          scopeMetrics: {
            metrics: {
              name: string;
              gauge: {
                dataPoints: {
                  asDouble: number;
                  timeUnixNano: string;
                  attributes: { key: string; value: { stringValue: string } }[];
                }[];
              };
            }[];
          }[];
        }[];
      };
      const metrics = body.resourceMetrics[0].scopeMetrics[0].metrics;
      const value = (name: string) => metrics.find((m) => m.name === name)!.gauge.dataPoints[0];
      expect(value("platform_loadtest_requests").asDouble).to.equal(160);
      expect(value("platform_loadtest_errors").asDouble).to.equal(32);
      expect(value("platform_loadtest_passed").asDouble).to.equal(0);
      expect(value("platform_loadtest_p95_limit_seconds").asDouble).to.equal(0.2);
      expect(value("platform_loadtest_p95_seconds").attributes).to.deep.equal([
        { key: "scenario", value: { stringValue: "spike" } },
        { key: "service", value: { stringValue: "agent-api" } },
      ]);
      const sentAt = Number(BigInt(value("platform_loadtest_errors").timeUnixNano) / 1_000_000n);
      expect(Math.abs(sentAt - Date.now())).to.be.below(60_000);
    } finally {
      await prometheus.close();
    }
  });

  it("a receiver that refuses the push is reported, and the verdict stands", async () => {
    const prometheus = await receiver(500);
    try {
      const r = await evaluate({ "0000-judged-read.json": "fast-read.json" }, seed, prometheus.url);
      expect(r.status).to.equal(0);
      expect(r.err).to.match(/could not push the figures/);
      expect(prometheus.got.length, "curl retried").to.be.at.least(2);
    } finally {
      await prometheus.close();
    }
  });
});
