import { expect } from "chai";
import { ofType, one, runStack, SHIPPED } from "../helpers/program";
import type { ProgramRun } from "../../scripts/lib/program";

const policyOf = (r: ProgramRun, roleName: string) =>
  JSON.parse(
    ofType(r, "aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.role === `${roleName}-id`)!
      .inputs.policy,
  );
const subjectOf = (r: ProgramRun, roleName: string) => {
  const cond = JSON.parse(one(r, "aws:iam/role:Role", roleName).inputs.assumeRolePolicy)
    .Statement[0].Condition.StringEquals;
  return Object.entries(cond).find(([k]) => k.endsWith(":sub"))![1];
};
const release = (r: ProgramRun, name: string) =>
  ofType(r, "kubernetes:helm.sh/v3:Release").find((x) => x.inputs.name === name)!;

describe("cluster autoscaler and spot interruption handling", () => {
  for (const stack of SHIPPED) {
    describe(stack, () => {
      it("the autoscaler's IRSA role can only be assumed by kube-system/cluster-autoscaler", async () => {
        expect(subjectOf(await runStack(stack), "autoscaler-irsa")).to.equal(
          "system:serviceaccount:kube-system:cluster-autoscaler",
        );
      });

      it("the autoscaler may change capacity only of Auto Scaling groups owned by this cluster", async () => {
        const doc = policyOf(await runStack(stack), "autoscaler-irsa");
        const scale = doc.Statement.find((s: { Action: string[] }) =>
          [].concat(s.Action as never).includes("autoscaling:SetDesiredCapacity" as never),
        );
        expect(scale.Condition.StringEquals).to.deep.equal({
          [`aws:ResourceTag/k8s.io/cluster-autoscaler/platform-${stack}`]: "owned",
        });
        const describe = doc.Statement.find(
          (s: { Action: string }) => s.Action === "eks:DescribeNodegroup",
        );
        const nodeGroupArns = ofType(await runStack(stack), "aws:eks/nodeGroup:NodeGroup").map(
          (g) => g.outputs.arn,
        );
        expect(describe.Resource).to.have.members(nodeGroupArns);
        const writes = doc.Statement.filter(
          (s: { Condition?: unknown; Resource: unknown }) => !s.Condition && s.Resource === "*",
        );
        for (const s of writes)
          for (const action of s.Action) expect(action).to.match(/:(Describe|Get)/);
      });

      it("the priority expander tries spot groups first, then reserved, then on-demand", async () => {
        const values = release(await runStack(stack), "cluster-autoscaler").inputs.values;
        expect(values.extraArgs).to.deep.include({
          expander: "priority",
          "balance-similar-node-groups": true,
        });
        const priorities = values.expanderPriorities as Record<string, string[]>;
        const ranks = Object.keys(priorities)
          .map(Number)
          .sort((a, b) => b - a);
        expect(priorities[ranks[0]]).to.deep.equal([`^eks-platform-${stack}-app-spot-.*`]);
        // An environment that sleeps buys its baseline on-demand (a reservation bills all week),
        // so the baseline group shares the on-demand rank with the system group.
        const baseline = (await runStack(stack)).resources.find(
          (x) =>
            x.type === "aws:eks/nodeGroup:NodeGroup" &&
            x.inputs.labels["platform.io/role"] === "baseline",
        );
        const reserved = baseline?.inputs.labels["platform.io/capacity"] === "reserved";
        if (reserved) {
          expect(priorities[ranks[1]]).to.deep.equal([`^eks-platform-${stack}-baseline-.*`]);
          expect(priorities[ranks[2]]).to.deep.equal([`^eks-platform-${stack}-system-.*`]);
        } else {
          expect(priorities[ranks[1]]).to.have.members([
            `^eks-platform-${stack}-system-.*`,
            `^eks-platform-${stack}-baseline-.*`,
          ]);
        }
      });

      it("the autoscaler's scale-down thresholds come from config and it runs on system nodes", async () => {
        const values = release(await runStack(stack), "cluster-autoscaler").inputs.values;
        expect(values.extraArgs).to.deep.include({
          "scale-down-utilization-threshold": 0.5,
          "scale-down-unneeded-time": "10m",
        });
        expect(values.autoDiscovery.clusterName).to.equal(`platform-${stack}`);
        expect(values.nodeSelector).to.deep.equal({ "platform.io/role": "system" });
      });

      it("interruption, rebalance, state-change and maintenance events reach an encrypted queue the handler drains from", async () => {
        const r = await runStack(stack);
        const queue = one(r, "aws:sqs/queue:Queue");
        expect(queue.inputs.sqsManagedSseEnabled).to.equal(true);
        const rules = ofType(r, "aws:cloudwatch/eventRule:EventRule").map(
          (x) => JSON.parse(x.inputs.eventPattern)["detail-type"][0],
        );
        expect(rules).to.have.members([
          "EC2 Spot Instance Interruption Warning",
          "EC2 Instance Rebalance Recommendation",
          "EC2 Instance State-change Notification",
          "AWS Health Event",
        ]);
        expect(
          ofType(r, "aws:cloudwatch/eventTarget:EventTarget").map((t) => t.inputs.arn),
        ).to.deep.equal(Array(4).fill(queue.outputs.arn));
        const values = release(r, "aws-node-termination-handler").inputs.values;
        expect(values).to.deep.include({
          enableSqsTerminationDraining: true,
          queueURL: queue.outputs.url,
        });
        expect(subjectOf(r, "interruption-irsa")).to.equal(
          "system:serviceaccount:kube-system:aws-node-termination-handler",
        );
        const queueStatement = policyOf(r, "interruption-irsa").Statement.find(
          (s: { Sid: string }) => s.Sid === "Queue",
        );
        expect(queueStatement.Resource).to.equal(queue.outputs.arn);
      });

      it("nodes carry the tag the termination handler checks before draining", async () => {
        const templates = ofType(await runStack(stack), "aws:ec2/launchTemplate:LaunchTemplate");
        expect(templates.length, "the node groups' launch templates").to.be.greaterThan(0);
        for (const lt of templates) {
          const instance = lt.inputs.tagSpecifications.find(
            (t: { resourceType: string }) => t.resourceType === "instance",
          );
          expect(instance.tags["aws-node-termination-handler/managed"]).to.equal("true");
        }
      });
    });
  }
});
