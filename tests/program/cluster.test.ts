import { expect } from "chai";
import { editedConfig } from "../../scripts/lib/program";
import { loadEnvironment } from "../../stacks/load";
import { byUrn, ofType, one, run, runStack, SHIPPED } from "../helpers/program";

const trustOf = (role: { inputs: Record<string, any> }) => JSON.parse(role.inputs.assumeRolePolicy); // eslint-disable-line @typescript-eslint/no-explicit-any

describe("cluster", () => {
  for (const stack of SHIPPED) {
    describe(stack, () => {
      it("runs the configured Kubernetes version with secrets envelope-encrypted by a rotating KMS key", async () => {
        const r = await runStack(stack);
        const eks = one(r, "aws:eks/cluster:Cluster");
        expect(eks.inputs.version).to.equal(loadEnvironment(stack).cluster.version);
        expect(eks.inputs.encryptionConfig.resources).to.deep.equal(["secrets"]);
        const key = one(r, "aws:kms/key:Key", "cluster-secrets-key");
        expect(eks.inputs.encryptionConfig.provider.keyArn).to.match(new RegExp(`${key.name}$`));
        expect(key.inputs.enableKeyRotation).to.equal(true);
      });

      it("sends all control-plane log types to a log group with a retention", async () => {
        const r = await runStack(stack);
        const eks = one(r, "aws:eks/cluster:Cluster");
        expect(eks.inputs.enabledClusterLogTypes).to.have.members([
          "api",
          "audit",
          "authenticator",
          "controllerManager",
          "scheduler",
        ]);
        const group = one(r, "aws:cloudwatch/logGroup:LogGroup", "cluster-logs");
        expect(group.inputs.name).to.equal(`/aws/eks/platform-${stack}/cluster`);
        // Pinned per environment: dev and prod set it, staging takes the schema default of 90.
        const days: Record<string, number> = { dev: 30, staging: 90, prod: 365 };
        expect(days[stack], `a pinned retention for ${stack}`).to.be.a("number");
        expect(group.inputs.retentionInDays).to.equal(days[stack]);
      });

      it("keeps the API endpoint private when no public CIDRs are configured", async () => {
        const vpc = one(await runStack(stack), "aws:eks/cluster:Cluster").inputs.vpcConfig;
        expect(vpc.endpointPrivateAccess).to.equal(true);
        expect(vpc.endpointPublicAccess).to.equal(false);
      });

      it("creates an IAM OIDC provider for IRSA trusted by STS, on the cluster's own issuer", async () => {
        const r = await runStack(stack);
        const oidc = one(r, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        expect(oidc.inputs.clientIdLists).to.deep.equal(["sts.amazonaws.com"]);
        // The URL is the issuer the EKS cluster reports, whatever it is, not a pattern of the mock's.
        const eks = one(r, "aws:eks/cluster:Cluster");
        expect(oidc.inputs.url)
          .to.be.a("string")
          .and.equal(eks.outputs.identities[0].oidcs[0].issuer);
      });

      it("installs vpc-cni, kube-proxy, coredns and ebs-csi as managed add-ons (metrics-server comes from its chart), with IRSA for vpc-cni and ebs-csi", async () => {
        const r = await runStack(stack);
        const addons = ofType(r, "aws:eks/addon:Addon");
        expect(addons.map((a) => a.inputs.addonName)).to.have.members([
          "vpc-cni",
          "kube-proxy",
          "coredns",
          "aws-ebs-csi-driver",
        ]);
        const roleOf = (addon: string) => {
          const a = addons.find((x) => x.inputs.addonName === addon)!;
          return ofType(r, "aws:iam/role:Role").find((role) =>
            a.inputs.serviceAccountRoleArn.endsWith(`/${role.name}`),
          )!;
        };
        const sub = (role: ReturnType<typeof roleOf>) =>
          Object.entries(trustOf(role).Statement[0].Condition.StringEquals).find(([k]) =>
            k.endsWith(":sub"),
          )![1];
        expect(sub(roleOf("vpc-cni"))).to.equal("system:serviceaccount:kube-system:aws-node");
        expect(sub(roleOf("aws-ebs-csi-driver"))).to.equal(
          "system:serviceaccount:kube-system:ebs-csi-controller-sa",
        );
      });

      it("places coredns on the system nodes with a replica per zone", async () => {
        const r = await runStack(stack);
        const coredns = ofType(r, "aws:eks/addon:Addon").find(
          (a) => a.inputs.addonName === "coredns",
        )!;
        const values = JSON.parse(coredns.inputs.configurationValues);
        expect(values.nodeSelector).to.deep.equal({ "platform.io/role": "system" });
        expect(values.replicaCount).to.be.at.least(
          new Set(ofType(r, "aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone)).size,
        );
      });

      it("deploys every in-cluster resource through the cluster's own Kubernetes provider", async () => {
        const r = await runStack(stack);
        const provider = one(r, "pulumi:providers:kubernetes");
        const k8s = r.resources.filter((x) => x.type.startsWith("kubernetes:"));
        expect(k8s.length).to.be.greaterThan(0);
        for (const res of k8s)
          expect(res.provider, res.name).to.equal(`${provider.urn}::${provider.name}-id`);
      });

      it("exports the kubeconfig only as a secret", async () => {
        const r = await runStack(stack);
        expect(r.secretOutputs).to.include("kubeconfig");
        expect(one(r, "pulumi:providers:kubernetes").secretPaths).to.include("kubeconfig");
      });
    });
  }

  it("prod has EKS deletion protection and dev does not", async () => {
    expect(
      one(await runStack("prod"), "aws:eks/cluster:Cluster").inputs.deletionProtection,
    ).to.equal(true);
    expect(
      one(await runStack("dev"), "aws:eks/cluster:Cluster").inputs.deletionProtection,
    ).to.equal(false);
  });

  it("opens the public endpoint only to the configured allow-list", async () => {
    const r = await run({
      stack: "dev",
      config: editedConfig("dev", (s) => (s.cluster.publicAccessCidrs = ["198.51.100.0/24"])),
    });
    const vpc = one(r, "aws:eks/cluster:Cluster").inputs.vpcConfig;
    expect(vpc.endpointPublicAccess).to.equal(true);
    expect(vpc.publicAccessCidrs).to.deep.equal(["198.51.100.0/24"]);
  });

  it("grants configured admin roles cluster-admin through access entries", async () => {
    const arn = "arn:aws:iam::123456789012:role/platform-admins";
    const r = await run({
      stack: "dev",
      config: editedConfig("dev", (s) => (s.cluster.adminRoleArns = [arn])),
    });
    expect(one(r, "aws:eks/accessEntry:AccessEntry").inputs.principalArn).to.equal(arn);
    const assoc = one(r, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
    expect(assoc.inputs.policyArn).to.match(/AmazonEKSClusterAdminPolicy$/);
    expect(byUrn(r, assoc.parent!).type).to.equal("platform:cluster:Cluster");
  });
});
