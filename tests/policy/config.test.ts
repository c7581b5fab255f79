import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policy/policies";
import { PROJECT_ROOT, editedConfig } from "../../scripts/lib/program";
import { readPackConfig, resolvePack } from "../../scripts/lib/policy";
import { runFailing, SHIPPED } from "../helpers/program";

describe("policy pack: rules and configuration", () => {
  it("lists every rule file exactly once, in kebab-case, each described as 'Checks whether…'", () => {
    const files = fs
      .readdirSync(path.join(PROJECT_ROOT, "policy", "rules"))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(policies.map((p) => p.name).sort()).to.deep.equal(files);
    for (const p of policies) {
      expect(p.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.description, p.name).to.match(/^Checks whether /);
    }
  });

  it("every rule's config schema rejects unknown keys and gives every setting a default", () => {
    for (const p of policies) {
      const s = p.configSchema as {
        additionalProperties?: boolean;
        properties?: Record<string, { default?: unknown; description?: string }>;
      };
      expect(s.additionalProperties, p.name).to.equal(false);
      for (const [k, prop] of Object.entries(s.properties ?? {})) {
        expect(prop.default, `${p.name}.${k} default`).to.not.equal(undefined);
        expect(prop.description, `${p.name}.${k} description`).to.be.a("string");
      }
    }
  });

  it("the pack is advisory unless a configuration file says otherwise", () => {
    expect(resolvePack({}, "empty").every((r) => r.enforcement === "advisory")).to.equal(true);
  });

  for (const env of SHIPPED) {
    it(`policy/config/${env}.json matches every rule's schema`, () => {
      expect(() => resolvePack(readPackConfig(env), env)).to.not.throw();
    });
  }

  it("a setting of the wrong type is an error naming the rule and the key", () => {
    expect(() => resolvePack({ "hpa-replica-bounds": { max: "fifty" } }, "bad.json")).to.throw(
      /bad\.json: configuration does not match the policy's schema:\n {2}hpa-replica-bounds\.max: /,
    );
  });

  it("a negative budget ceiling in the policy configuration is rejected", () => {
    expect(() =>
      resolvePack({ "max-cost-within-budget": { maxMonthlyUsd: -1 } }, "bad.json"),
    ).to.throw(/max-cost-within-budget\.maxMonthlyUsd: .*>=0/);
  });

  it("a misspelt setting is rejected rather than ignored", () => {
    expect(() => resolvePack({ "hpa-replica-bounds": { maximum: 5 } }, "bad.json")).to.throw(
      /hpa-replica-bounds: Unrecognized key: "maximum"/,
    );
  });

  it("a rule the pack does not have is rejected, listing the rules", () => {
    expect(() => resolvePack({ "hpa-bounds": { max: 5 } }, "bad.json")).to.throw(
      /"hpa-bounds" is not a policy of the pack; policies: deployment-replica-bounds, hpa-replica-bounds/,
    );
  });

  it("an unknown enforcement level is rejected", () => {
    expect(() => resolvePack({ all: "strict" }, "bad.json")).to.throw(
      /bad\.json: all: enforcementLevel "strict" must be one of advisory, mandatory, disabled/,
    );
  });
});

describe("budget configuration: bad input", function () {
  this.timeout(60_000);

  it("a negative budget limit fails before anything is created, naming the key", async () => {
    const f = await runFailing({
      stack: "dev",
      config: editedConfig("dev", (s) => (s.budget = { limitUsd: -500 })),
    });
    expect(f.message).to.match(
      /platform:budget\.limitUsd = -500: must be a positive amount of USD/,
    );
    expect(f.registered.filter((r) => r.custom)).to.have.length(0);
  });

  it("a spot discount of 1 or more is rejected", async () => {
    const f = await runFailing({
      stack: "dev",
      config: editedConfig("dev", (s) => (s.budget.spotDiscount = 1.2)),
    });
    expect(f.message).to.match(
      /platform:budget\.spotDiscount = 1\.2: spotDiscount must be below 1/,
    );
  });

  it("a shutdown threshold needs an office-hours schedule to scale to", async () => {
    const f = await runFailing({
      stack: "prod",
      config: editedConfig("prod", (s) => (s.budget.shutdownAtPercent = 95)),
    });
    expect(f.message).to.match(
      /platform:budget\.shutdownAtPercent = 95: scales application node groups to their off-hours size, which needs platform:offHours/,
    );
  });

  it("a shutdown at or below the warning threshold is rejected", async () => {
    const f = await runFailing({
      stack: "dev",
      config: editedConfig("dev", (s) => (s.budget.shutdownAtPercent = 75)),
    });
    expect(f.message).to.match(/shutdownAtPercent 75 must be above actualAlertPercent 90/);
  });

  it("a node type the pricing table does not have fails the program, naming the type and the priced ones", async () => {
    const f = await runFailing({
      stack: "dev",
      config: editedConfig("dev", (s) => (s.cache.nodeType = "cache.x2g.large")),
    });
    expect(f.message).to.match(
      /ElastiCache \(Redis OSS\) node type "cache\.x2g\.large" is not in the us-east-1 pricing table .* priced: cache\.m6g\.2xlarge/,
    );
  });
});
