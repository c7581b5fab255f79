import { expect } from "chai";
import { ofType, one, runStack, SHIPPED } from "../helpers/program";
import { loadEnvironment } from "../../stacks/load";

describe("deploy runners inside the VPC (platform:deploy.from: vpc)", () => {
  for (const env of SHIPPED)
    it(`${env}: a CodeBuild runner project in the private subnets, started by workflow jobs, let into the private API endpoint`, async () => {
      const r = await runStack(env);
      const e = loadEnvironment(env);
      const project = one(r, "aws:codebuild/project:Project");
      expect(project.inputs.name).to.equal(`platform-deploy-${env}`);
      const vpc = one(r, "aws:ec2/vpc:Vpc");
      expect(project.inputs.vpcConfig.vpcId).to.equal(`${vpc.name}-id`);
      const subnets = ofType(r, "aws:ec2/subnet:Subnet");
      const privateIds = subnets
        .filter((s) => s.inputs.tags?.["kubernetes.io/role/internal-elb"] === "1")
        .map((s) => `${s.name}-id`);
      expect(privateIds).to.have.length(e.zones.length);
      expect(project.inputs.vpcConfig.subnets).to.have.members(privateIds);
      expect(project.inputs.source).to.deep.include({
        type: "GITHUB",
        location: (e.deploy as { repository: string }).repository,
      });
      const hook = one(r, "aws:codebuild/webhook:Webhook");
      expect(hook.inputs.filterGroups).to.deep.equal([
        { filters: [{ type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" }] },
      ]);
      // The control plane's security group admits the runners on 443 (its private endpoint).
      const sg = one(r, "aws:ec2/securityGroup:SecurityGroup", "deploy-runner-sg");
      const ingress = ofType(r, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").find(
        (x) => x.inputs.referencedSecurityGroupId === `${sg.name}-id`,
      );
      expect(ingress?.inputs).to.deep.include({ fromPort: 443, toPort: 443, ipProtocol: "tcp" });
      const eks = one(r, "aws:eks/cluster:Cluster");
      expect(eks.inputs.vpcConfig.endpointPrivateAccess).to.equal(true);
      expect(r.outputs.deployRunnerProject).to.equal(`platform-deploy-${env}`);
    });
});
