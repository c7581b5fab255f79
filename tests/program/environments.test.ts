import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { listEnvironments, readStackConfig } from "../../stacks";
import { ofType, one, run } from "../helpers/program";
import { QA_STACK } from "../helpers/synthetic";

describe("environments are data", () => {
  it("ships dev, staging and prod stack files", () => {
    expect(listEnvironments()).to.include.members(["dev", "staging", "prod"]);
  });

  it("a new environment needs only its stack file: a synthetic qa environment builds in another region", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-qa-"));
    const file = path.join(dir, "Pulumi.qa.yaml");
    fs.writeFileSync(file, QA_STACK);
    const r = await run({ stack: "qa", config: readStackConfig(file) });
    expect(one(r, "pulumi:providers:aws").inputs).to.deep.include({ region: "eu-west-1" });
    expect(
      new Set(ofType(r, "aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone)),
    ).to.deep.equal(new Set(["eu-west-1a", "eu-west-1b", "eu-west-1c"]));
    expect(ofType(r, "aws:ec2/natGateway:NatGateway")).to.have.length(1);
    expect(
      ofType(r, "aws:eks/nodeGroup:NodeGroup").map((g) => g.inputs.nodeGroupName),
    ).to.have.members(["platform-qa-core", "platform-qa-web"]);
    expect(one(r, "pulumi:providers:aws").inputs.defaultTags.tags).to.deep.include({
      Environment: "qa",
      Owner: "data-team",
    });
    expect(r.outputs.environment).to.equal("qa");
  });
});
