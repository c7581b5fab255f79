import { expect } from "chai";
import { listEnvironments } from "../../stacks";
import { mandatory } from "../../scripts/lib/policy";
import { policies } from "../../policy/policies";
import { runStack, SHIPPED } from "../helpers/program";
import { verdicts } from "./helpers";

describe("policy pack over the shipped environments", function () {
  this.timeout(180_000);

  it("the shipped environments are the stack files in the repository", () => {
    expect(listEnvironments().filter((e) => SHIPPED.includes(e))).to.deep.equal(
      [...SHIPPED].sort(),
    );
  });

  for (const env of SHIPPED) {
    it(`${env} passes every policy of the pack, even with every rule made mandatory`, async () => {
      const vs = await verdicts(await runStack(env), { all: "mandatory" });
      expect(vs.map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
    });
  }

  it("prod's pack configuration makes every rule mandatory; dev and staging leave them advisory", async () => {
    const { resolvePack, readPackConfig } = await import("../../scripts/lib/policy");
    expect(resolvePack(readPackConfig("prod"), "prod").map((r) => r.enforcement)).to.deep.equal(
      policies.map(() => "mandatory"),
    );
    for (const env of ["dev", "staging"])
      expect(
        new Set(resolvePack(readPackConfig(env), env).map((r) => r.enforcement)),
      ).to.deep.equal(new Set(["advisory"]));
  });

  it("a mandatory violation in prod is reported as mandatory", async () => {
    const vs = await verdicts(await runStack("prod"), { "hpa-replica-bounds": { max: 2 } });
    expect(mandatory(vs).map((v) => v.policy)).to.include("hpa-replica-bounds");
  });
});
