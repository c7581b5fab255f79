import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { compareReports } from "../../scripts/lib/compare";
import { editedConfig, PROJECT_ROOT } from "../../scripts/lib/program";
import { planReport, PlanReport } from "../../scripts/lib/report";
import { run, runStack } from "../helpers/program";

/** Runs `scripts/plan.ts` the way `npm run plan --` does. */
function plan(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ["-r", "./scripts/setup/register.cjs", "scripts/plan.ts", ...args],
    {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("npm run plan", function () {
  this.timeout(240_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("--json reports resources, bounds, the cost estimate and every verdict, and exits 0 when nothing mandatory fails", async () => {
    const r = plan("--stack", "prod", "--json");
    expect(r.code, r.err).to.equal(0);
    const report = JSON.parse(r.out) as PlanReport;
    const prod = await runStack("prod");
    expect(report.environment).to.equal("prod");
    expect(report.cost).to.deep.equal(prod.outputs.costEstimate);
    expect(report.nodeGroups.map((n) => n.name)).to.include("platform-prod-app-spot");
    expect(report.workloads.find((w) => w.name === "apps/agent-api")?.scaler).to.equal("HPA");
    expect(report.verdicts).to.deep.equal([]);
    fs.writeFileSync(path.join(dir, "prod.json"), r.out);
  });

  it("prod's plan lists each public host with its certificate, WAF rate limit, CDN and the monthly cost of its edge", async () => {
    const report = await planReport(await runStack("prod"));
    expect(report.publicEndpoints).to.have.length(1);
    const [e] = report.publicEndpoints;
    expect(e).to.include({
      service: "agent-api",
      host: "api.example.com",
      tls: "ACM, DNS-validated in Route 53",
      rateLimit: 6000,
      cdn: "CloudFront, caching off",
    });
    // The endpoint's own resources: the edge row of the estimate plus its two ALB alarms ($0.40).
    const edge = report.cost.byComponent.edge;
    expect(e.monthlyUsd.max).to.be.closeTo(edge.max + 0.4, 0.011);
    expect(e.monthlyUsd.min).to.be.greaterThan(0);
    const staging = await planReport(await runStack("staging"));
    expect(staging.publicEndpoints.map((x) => [x.host, x.rateLimit, x.cdn])).to.deep.equal([
      ["api.staging.example.com", 3000, "none"],
    ]);
  });

  it("--compare against an identical base says nothing changed", () => {
    const r = plan("--stack", "prod", "--compare", path.join(dir, "prod.json"));
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.include("### Plan for `prod`: ✅ no mandatory violations");
    expect(r.out).to.include("No replica or node bounds change.");
    expect(r.out).to.include("No new policy violations.");
  });

  it("rejects an unknown environment and a base report of another environment with exit code 2", () => {
    expect(plan("--stack", "nowhere").code).to.equal(2);
    const r = plan("--stack", "dev", "--compare", path.join(dir, "prod.json"));
    expect(r.code).to.equal(2);
    expect(r.err).to.include('is a plan of "prod", not "dev"');
  });

  it("the pull-request diff shows cost and bound changes and the new mandatory violations", async () => {
    const base = await planReport(await runStack("prod"));
    const head = await planReport(
      await run({
        stack: "prod",
        config: editedConfig("prod", (s) => {
          delete s.services["agent-api"].traffic;
          s.services["agent-api"].replicas = { min: 3, max: 80 };
          s.nodeGroups["app-spot"].maxSize = 50;
        }),
      }),
    );
    expect(head.mandatoryViolations).to.be.greaterThan(0);
    const md = compareReports(base, head);
    expect(md).to.match(/### Plan for `prod`: ❌ \d+ mandatory violation\(s\)/);
    expect(md).to.include("| workload | apps/agent-api | 7–24 | 3–80 |");
    expect(md).to.include(
      "| node group | platform-prod-app-spot | 3–30 (desired 6) | 3–50 (desired 6) |",
    );
    // 20 more spot m7i.xlarge nodes at max: 20 x 0.2016 x 0.3 x 730 = 883.008, plus 20 x 50 GB x 0.08 = 80
    expect(md).to.include("(+$963.01)");
    expect(md).to.match(
      /- \*\*hpa-replica-bounds\*\* \(mandatory\) `service-agent-api-hpa`?.*maxReplicas 80 is above this environment's maximum of 50/,
    );
  });
});
