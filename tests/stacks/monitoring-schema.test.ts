import { expect } from "chai";
import { SecretValue } from "../../stacks/load";
import { configProblems, expectAccepted, expectProblem } from "../helpers/config-problems";

const NO_URL = (severity: string) =>
  `routes ${severity} alerts to the webhook, but platform:alertWebhookUrl is not set; run pulumi config set --secret platform:alertWebhookUrl https://...`;

describe("platform:monitoring: critical alerts always reach someone", () => {
  it("critical alerts routed nowhere are refused", () => {
    expectProblem(
      "dev",
      (s) => (s.monitoring.routes = { critical: [] }),
      "platform:monitoring.routes.critical",
      "must name at least one receiver (sns or webhook); critical alerts must reach someone",
    );
  });

  it("critical alerts only to SNS with no e-mail address are refused at the address list", () => {
    const found = configProblems("dev", (s) => (s.monitoring.receivers = { emails: [] }));
    expect(found.map((p) => [p.key, p.message])).to.deep.equal([
      [
        "platform:monitoring.receivers.emails",
        "is empty while critical alerts go only to SNS, so they would reach nobody; add an address or route critical to webhook",
      ],
    ]);
  });

  it("critical alerts to the webhook as well need no address, but need the webhook URL", () => {
    const mixed = (s: Record<string, Record<string, unknown>>) => {
      s.monitoring.receivers = { emails: [] };
      s.monitoring.routes = { critical: ["webhook", "sns"], warning: ["webhook"] };
    };
    expect(configProblems("dev", mixed).map((p) => [p.key, p.message])).to.deep.equal([
      ["platform:monitoring.routes.critical", NO_URL("critical")],
      ["platform:monitoring.routes.warning", NO_URL("warning")],
    ]);
    expectAccepted("dev", (s) => {
      mixed(s);
      s.alertWebhookUrl = new SecretValue("https://hooks.example.com/platform");
    });
  });

  it("info alerts to the webhook without its URL are refused too", () => {
    expectProblem(
      "dev",
      (s) => (s.monitoring.routes = { info: ["sns", "webhook"] }),
      "platform:monitoring.routes.info",
      NO_URL("info"),
    );
  });

  it("a receiver listed twice is refused", () => {
    expectProblem(
      "dev",
      (s) => (s.monitoring.routes = { critical: ["sns", "sns"] }),
      "platform:monitoring.routes.critical",
      "lists a receiver twice",
    );
  });
});
