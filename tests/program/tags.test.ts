import { expect } from "chai";
import { ofType, one, runStack, SHIPPED } from "../helpers/program";

describe("tagging", () => {
  for (const stack of SHIPPED) {
    it(`${stack}: every AWS resource goes through the provider whose default tags carry environment, owner and cost centre`, async () => {
      const r = await runStack(stack);
      const provider = one(r, "pulumi:providers:aws");
      expect(provider.inputs.defaultTags.tags).to.deep.include({
        Environment: stack,
        Owner: "platform-team",
        CostCentre: `platform-${stack}`,
      });
      expect(provider.inputs.region).to.equal("us-east-1");
      const aws = r.resources.filter((x) => x.type.startsWith("aws:"));
      expect(aws.length).to.be.greaterThan(50);
      for (const res of aws)
        expect(res.provider, `${res.type} ${res.name}`).to.equal(
          `${provider.urn}::${provider.name}-id`,
        );
    });

    it(`${stack}: instances, volumes and interfaces launched by node groups carry the same tags`, async () => {
      const r = await runStack(stack);
      const tags = one(r, "pulumi:providers:aws").inputs.defaultTags.tags;
      const templates = ofType(r, "aws:ec2/launchTemplate:LaunchTemplate");
      // One launch template per node group: the loop below must have something to check.
      expect(templates).to.have.length(ofType(r, "aws:eks/nodeGroup:NodeGroup").length);
      expect(templates.length).to.be.greaterThan(0);
      for (const lt of templates) {
        expect(
          lt.inputs.tagSpecifications.map((t: { resourceType: string }) => t.resourceType),
        ).to.have.members(["instance", "volume", "network-interface"]);
        for (const spec of lt.inputs.tagSpecifications) expect(spec.tags).to.deep.include(tags);
      }
    });
  }
});
