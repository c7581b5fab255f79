import { expect } from "chai";
import { amqpUrl } from "../../../components/queue";

describe("amqp url", () => {
  it("puts percent-encoded credentials into the broker's amqps endpoint", () => {
    expect(amqpUrl("amqps://b-1.mq.us-east-1.on.aws:5671", "platform", "p@ss:w/rd")).to.equal(
      "amqps://platform:p%40ss%3Aw%2Frd@b-1.mq.us-east-1.on.aws:5671",
    );
  });

  it("refuses an unencrypted or malformed endpoint", () => {
    expect(() => amqpUrl("amqp://b-1.mq.us-east-1.on.aws:5672", "u", "p")).to.throw(
      /is not an amqps:\/\/host:port URL/,
    );
    expect(() => amqpUrl("", "u", "p")).to.throw(/is not an amqps/);
  });
});
