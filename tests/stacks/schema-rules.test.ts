import { expect } from "chai";
import {
  configAfter,
  configProblems,
  expectAccepted,
  expectProblem,
  SecretValue,
} from "../helpers/config-problems";

/**
 * Single rules of the environment schema, one per key, stated as an edit of a shipped stack file
 * at the edge where the rule turns: what is still accepted and what is refused, at which key.
 */
describe("environment schema: rules at their edges", () => {
  it("platform:usage: a maximum equal to the average traffic is accepted; one below is refused", () => {
    expectAccepted("dev", (s) =>
      Object.assign(s.usage, { requestsPerSecond: 5, maxRequestsPerSecond: 5 }),
    );
    expectProblem(
      "dev",
      (s) => Object.assign(s.usage, { requestsPerSecond: 5, maxRequestsPerSecond: 4 }),
      "platform:usage.maxRequestsPerSecond",
      "maxRequestsPerSecond 4 is below requestsPerSecond 5: the maximum scale carries at least the baseline's traffic",
    );
  });

  it("platform:offHours.timezone: an IANA zone is accepted, anything else refused", () => {
    expectAccepted("dev", (s) => (s.offHours.timezone = "America/New_York"));
    expectProblem(
      "dev",
      (s) => (s.offHours.timezone = "Mars/Olympus_Mons"),
      "platform:offHours.timezone",
      "must be an IANA time zone like Europe/London",
    );
  });

  it("platform:monitoring: no critical route is reported once, not also as an SNS-only route without e-mails", () => {
    const found = configProblems("dev", (s) => {
      s.monitoring.routes = { critical: [] };
      s.monitoring.receivers.emails = [];
    });
    expect(found.map((p) => p.key)).to.deep.equal(["platform:monitoring.routes.critical"]);
    expect(found[0].message).to.equal(
      "must name at least one receiver (sns or webhook); critical alerts must reach someone",
    );
  });

  it("platform:monitoring may be left out, and no webhook is then needed", () => {
    const env = configAfter("dev", (s) => delete s.monitoring);
    expect(env.monitoring).to.equal(undefined);
    expect(env.alertWebhookUrl).to.equal(undefined);
  });

  it("platform:alertWebhookUrl: the parsed environment holds a reference to the secret, never its text", () => {
    const env = configAfter(
      "prod",
      (s) => (s.alertWebhookUrl = new SecretValue("https://hooks.example.org/T/B/token")),
    );
    expect(env.alertWebhookUrl).to.deep.equal({ configKey: "alertWebhookUrl", secret: true });
  });

  it("platform:headroom.namespace may not take a namespace another owner has, and is reported at its own key", () => {
    expectProblem(
      "dev",
      (s) => (s.headroom.namespace = "kube-system"),
      "platform:headroom.namespace",
      "kube-system is already Kubernetes' own system namespace; two owners of one namespace collide at deploy time, so choose another name",
    );
  });

  it("platform:safetyOptOuts: a known safety setting, turned off with a reason, is accepted", () => {
    expectAccepted("prod", (s) => {
      s.database.protect = false;
      s.safetyOptOuts = { "database.protect": "restoring into a fresh instance, ticket OPS-1234" };
    });
  });

  it("platform:services.*.hpa.metrics: by default cpu 70 %, memory 80 % and 70 % of the pod's baseline rate", () => {
    // dev's agent-api keeps the default throughput per pod: 80 req/s baseline, 70 % of it is 56
    expect(configAfter("dev", () => undefined).services["agent-api"].hpa.metrics).to.deep.equal({
      cpu: 70,
      memory: 80,
      requestsPerSecond: 56,
    });
    const slower = configAfter(
      "dev",
      (s) => (s.services["agent-api"].throughputPerPod = { baselineRps: 40, peakRps: 100 }),
    );
    expect(slower.services["agent-api"].hpa.metrics.requestsPerSecond).to.equal(28);
  });

  it("platform:services.*.hpa: listed metrics replace the default set, and the behaviour is kept", () => {
    const env = configAfter("dev", (s) => (s.services["agent-api"].hpa = { metrics: { cpu: 60 } }));
    const hpa = env.services["agent-api"].hpa;
    expect(hpa.metrics).to.deep.equal({ cpu: 60 });
    expect(hpa.behavior.scaleDown.stabilizationWindowSeconds).to.equal(300);
  });

  it("platform:database: neither user may be postgres_exporter's monitoring role", () => {
    for (const key of ["appUsername", "masterUsername"])
      expectProblem(
        "dev",
        (s) => (s.database[key] = "platform_monitor"),
        `platform:database.${key}`,
        "platform_monitor is postgres_exporter's monitoring role; choose another name",
      );
  });

  it("platform:loadTests.inCluster without any scenario is refused; without inCluster it is accepted", () => {
    expectProblem(
      "dev",
      (s) => (s.loadTests.scenarios = {}),
      "platform:loadTests.inCluster",
      "is true but platform:loadTests.scenarios declares no scenario to create as a Job; add one or set inCluster: false",
    );
    expectAccepted("dev", (s) => (s.loadTests = { inCluster: false, scenarios: {} }));
  });
});
