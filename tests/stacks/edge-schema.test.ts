import { expect } from "chai";
import { loadEnvironment } from "../../stacks/load";
import { expectProblem } from "../helpers/config-problems";

describe("platform:edge: which services are public, validated naming the key", () => {
  it("a public host without a hosted zone is refused at platform:edge.hostedZoneId", () => {
    expectProblem(
      "prod",
      (s) => delete s.edge.hostedZoneId,
      "platform:edge.hostedZoneId",
      /is required: public services \(agent-api\) need a Route 53 hosted zone/,
    );
  });

  it("a public host outside the zone's domain is refused: its certificate could not be validated there", () => {
    expectProblem(
      "prod",
      (s) => (s.edge.services["agent-api"].host = "api.other.org"),
      "platform:edge.services.agent-api.host",
      /not inside platform:edge.domain example.com/,
    );
  });

  it("a public service that is not a service is refused", () => {
    expectProblem(
      "staging",
      (s) => (s.edge.services.ghost = { host: "ghost.example.com" }),
      "platform:edge.services.ghost",
      /is not a service of platform:services \(agent-api\)/,
    );
  });

  it("a rate limit of 0 is refused naming the key", () => {
    expectProblem(
      "prod",
      (s) => (s.edge.services["agent-api"].rateLimit = 0),
      "platform:edge.services.agent-api.rateLimit",
      /at least 10 requests per 5 minutes .*0 would block every client/,
    );
  });

  it("dev marks nothing public", () => {
    expect(loadEnvironment("dev").edge.services).to.deep.equal({});
  });
});
