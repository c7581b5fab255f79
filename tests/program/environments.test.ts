import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { listEnvironments, readStackConfig } from "../../stacks";
import { ofType, one, run } from "../helpers/program";

const SYNTHETIC = `
config:
  platform:aws:
    region: eu-west-1
  platform:tags:
    owner: data-team
    costCentre: cc-qa
  platform:network:
    cidr: 10.99.0.0/18
    zones: 3
    natGateways: single
    subnetPrefixLength: { public: 24, private: 21, data: 24 }
  platform:cluster:
    version: "1.33"
  platform:nodeGroups:
    core:
      role: system
      capacityType: on-demand
      instanceTypes: [t3.medium]
      minSize: 2
      maxSize: 2
    web:
      role: application
      capacityType: spot
      instanceTypes: [c6i.large, c6a.large, c5.large, c7i.large]
      minSize: 1
      maxSize: 4
`;

describe("environments are data", () => {
  it("ships dev, staging and prod stack files", () => {
    expect(listEnvironments()).to.include.members(["dev", "staging", "prod"]);
  });

  it("a new environment needs only its stack file: a synthetic qa environment builds in another region", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-qa-"));
    const file = path.join(dir, "Pulumi.qa.yaml");
    fs.writeFileSync(file, SYNTHETIC);
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
