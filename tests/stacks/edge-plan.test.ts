import { expect } from "chai";
import { ConfigError } from "../../stacks/errors";
import { loadEnvironment } from "../../stacks/load";
import { planEdge } from "../../stacks/areas/edge";
import { refuseShippedPlaceholders } from "../../stacks/areas/foundation";
import { workloadPlan } from "../../stacks/areas/workloads";
import { configAfter } from "../helpers/config-problems";

const bounds = (env: ReturnType<typeof loadEnvironment>) =>
  Object.fromEntries(
    workloadPlan(env).workloads.map((w) => [w.name, { min: w.minReplicas, max: w.maxReplicas }]),
  );

describe("platform:edge: what the program plans for each public service, and its deploy-time refusals", () => {
  it("a rate limit above what the service serves at its planned maximum is refused naming the key", () => {
    const env = configAfter("prod", (s) => (s.edge.services["agent-api"].rateLimit = 5_000_000));
    const b = bounds(env);
    let err: unknown;
    try {
      planEdge(env, b);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ConfigError);
    const p = (err as ConfigError).problems[0];
    expect(p.key).to.equal("platform:edge.services.agent-api.rateLimit");
    const capacity = b["agent-api"].max * 150 * 300;
    expect(p.message).to.contain(`set rateLimit to at most ${capacity}`);
    // At the capacity itself the limit is accepted.
    const ok = configAfter("prod", (s) => (s.edge.services["agent-api"].rateLimit = capacity));
    expect(planEdge(ok, b)[0].rateLimit).to.equal(capacity);
  });

  it("the default limit is 2 % of the design peak over 5 minutes (prod: 1,000 req/s -> 6,000 per IP), and an override wins", () => {
    const prod = loadEnvironment("prod");
    const [p] = planEdge(prod, bounds(prod));
    expect(p).to.include({ rateLimit: 6000, rateLimitSource: "derived" });
    const staging = loadEnvironment("staging");
    expect(planEdge(staging, bounds(staging))[0].rateLimit).to.equal(3000); // 500 req/s
    const set = configAfter("prod", (s) => (s.edge.services["agent-api"].rateLimit = 1200));
    expect(planEdge(set, bounds(set))[0]).to.include({
      rateLimit: 1200,
      rateLimitSource: "configured",
    });
  });

  it("CloudFront is on by default in the protected environment (prod) and off elsewhere, unless set", () => {
    const prod = loadEnvironment("prod");
    expect(planEdge(prod, bounds(prod))[0]).to.include({
      cdn: true,
      cdnCaching: false,
      albHost: "api-origin.example.com",
    });
    const staging = loadEnvironment("staging");
    expect(planEdge(staging, bounds(staging))[0]).to.include({
      cdn: false,
      albHost: "api.staging.example.com",
    });
    const off = configAfter("prod", (s) => (s.edge.services["agent-api"].cdn = false));
    expect(planEdge(off, bounds(off))[0].cdn).to.equal(false);
  });

  it("the shipped example hosted zone fails a deploy naming each key, and is accepted by plans and previews", () => {
    const prod = loadEnvironment("prod");
    expect(() => refuseShippedPlaceholders(prod, false)).to.not.throw();
    let err: unknown;
    try {
      refuseShippedPlaceholders(prod, true);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ConfigError);
    const keys = (err as ConfigError).problems.map((p) => p.key);
    expect(keys).to.deep.equal(["platform:edge.hostedZoneId", "platform:tls.issuer.hostedZoneId"]);
    expect((err as Error).message).to.match(
      /Z0000000000EXAMPLE is the shipped example zone; set your own/,
    );
    const replaced = configAfter("prod", (s) => {
      s.edge.hostedZoneId = "Z04123456ABCDEFGHIJK";
      s.tls.issuer.hostedZoneId = "Z04123456ABCDEFGHIJK";
    });
    expect(() => refuseShippedPlaceholders(replaced, true)).to.not.throw();
  });
});
