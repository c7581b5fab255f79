import { expect } from "chai";
import { managementUrl, queueSetupScript } from "../../../components/queue";

describe("queue declarations", () => {
  it("declares every configured queue durable with the configured type, credentials only from the environment", () => {
    const script = queueSetupScript(["agent-tasks", "agent-results"], "quorum");
    const puts = script.split("\n").filter((l) => l.startsWith("curl"));
    expect(puts).to.have.length(2);
    expect(puts[0]).to.include('"$MANAGEMENT_URL/api/queues/%2F/agent-tasks"');
    expect(puts[0]).to.include(
      `'{"durable":true,"auto_delete":false,"arguments":{"x-queue-type":"quorum"}}'`,
    );
    expect(puts[0]).to.include('-u "$AMQP_USER:$AMQP_PASSWORD"');
  });

  it("refuses a queue name that could break out of the URL or the shell word, naming it", () => {
    for (const bad of ["a'b", "a b", "../x", "a;rm", "A"]) {
      expect(() => queueSetupScript(["ok", bad], "quorum")).to.throw(/queue\.queues\[1\]/);
    }
    expect(() => queueSetupScript(["ok"], "lazy" as never)).to.throw(/queue\.queueType: "lazy"/);
  });

  it("finds the management API on the broker's host over HTTPS", () => {
    expect(managementUrl("amqps://b-1.mq.us-east-1.on.aws:5671")).to.equal(
      "https://b-1.mq.us-east-1.on.aws",
    );
    expect(() => managementUrl("amqp://b-1:5672")).to.throw(/not an amqps/);
  });
});
