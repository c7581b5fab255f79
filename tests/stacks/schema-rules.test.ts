import { expect } from "chai";
import { SecretValue } from "../../stacks/load";
import {
  configAfter,
  configProblems,
  expectAccepted,
  expectProblem,
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
});
