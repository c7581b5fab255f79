import { expect } from "chai";
import { EC2_INSTANCE_TYPES } from "../../model/catalog";
import { ofType, one, runStack, SHIPPED, waitsFor } from "../helpers/program";
import type { RegisteredResource } from "../../scripts/lib/program";

const groupsOf = async (stack: string) =>
  ofType(await runStack(stack), "aws:eks/nodeGroup:NodeGroup");
const byRole = (groups: RegisteredResource[], role: string) =>
  groups.filter((g) => g.inputs.labels["platform.io/role"] === role);

describe("node groups", () => {
  for (const stack of SHIPPED) {
    describe(stack, () => {
      it("creates node groups only after the networking add-ons (VPC CNI, kube-proxy) nodes need to join", async () => {
        const r = await runStack(stack);
        const addons = ofType(r, "aws:eks/addon:Addon").filter((a) =>
          ["vpc-cni", "kube-proxy"].includes(a.inputs.addonName),
        );
        expect(addons).to.have.length(2);
        for (const g of ofType(r, "aws:eks/nodeGroup:NodeGroup"))
          for (const a of addons)
            expect(waitsFor(r, g, a), `${g.name} after ${a.name}`).to.equal(true);
      });

      it("has an on-demand system group tainted for cluster-critical add-ons", async () => {
        const [system] = byRole(await groupsOf(stack), "system");
        expect(system.inputs.capacityType).to.equal("ON_DEMAND");
        expect(system.inputs.taints).to.deep.include({
          key: "CriticalAddonsOnly",
          value: "true",
          effect: "NO_SCHEDULE",
        });
      });

      it("has spot application groups with at least three interchangeable instance types", async () => {
        const spot = (await groupsOf(stack)).filter((g) => g.inputs.capacityType === "SPOT");
        expect(spot.length).to.be.at.least(1);
        for (const g of spot) {
          expect(g.inputs.labels["platform.io/role"]).to.equal("application");
          expect(g.inputs.instanceTypes.length).to.be.at.least(3);
          const shapes = new Set(
            g.inputs.instanceTypes.map(
              (t: string) => `${EC2_INSTANCE_TYPES[t].vcpu}/${EC2_INSTANCE_TYPES[t].memoryGiB}`,
            ),
          );
          expect(shapes.size).to.equal(1);
          expect(g.inputs.taints).to.deep.include({
            key: "platform.io/capacity",
            value: "spot",
            effect: "NO_SCHEDULE",
          });
          expect(g.inputs.labels["platform.io/capacity"]).to.equal("spot");
        }
      });

      it("has an on-demand baseline group (reserved unless it sleeps) with a single instance type and no taint", async () => {
        const [baseline] = byRole(await groupsOf(stack), "baseline");
        expect(baseline.inputs.capacityType).to.equal("ON_DEMAND");
        // A reservation is billed all week; a group that sleeps runs 50 of its 168 hours.
        const sleeps = ofType(await runStack(stack), "aws:autoscaling/schedule:Schedule").some(
          (s) => s.name.startsWith(`${baseline.name}-`),
        );
        expect(baseline.inputs.labels["platform.io/capacity"]).to.equal(
          sleeps ? "on-demand" : "reserved",
        );
        expect(baseline.inputs.instanceTypes).to.have.length(1);
        expect(baseline.inputs.taints).to.deep.equal([]);
      });

      it("leaves the desired size to the cluster autoscaler after creation", async () => {
        for (const g of await groupsOf(stack)) {
          expect(g.ignoreChanges).to.include("scalingConfig.desiredSize");
          const { minSize, desiredSize, maxSize } = g.inputs.scalingConfig;
          expect(minSize).to.be.at.most(desiredSize);
          expect(desiredSize).to.be.at.most(maxSize);
        }
      });

      it("launches nodes with IMDSv2 only and encrypted gp3 root volumes", async () => {
        const r = await runStack(stack);
        const templates = ofType(r, "aws:ec2/launchTemplate:LaunchTemplate");
        expect(templates).to.have.length(ofType(r, "aws:eks/nodeGroup:NodeGroup").length);
        for (const lt of templates) {
          expect(lt.inputs.metadataOptions).to.deep.include({
            httpTokens: "required",
            httpPutResponseHopLimit: 1,
          });
          const ebs = lt.inputs.blockDeviceMappings[0].ebs;
          expect(ebs).to.deep.include({ volumeType: "gp3", encrypted: "true" });
        }
        for (const g of ofType(r, "aws:eks/nodeGroup:NodeGroup")) {
          expect(templates.map((t) => `${t.name}-id`)).to.include(g.inputs.launchTemplate.id);
        }
      });

      it("rolls node updates a third of the nodes at a time", async () => {
        for (const g of await groupsOf(stack))
          expect(g.inputs.updateConfig.maxUnavailablePercentage).to.equal(33);
      });
    });
  }

  it("prod bounds follow the stack file: system 3-6, spot 3-30 starting at 6, baseline 3-9", async () => {
    const groups = await groupsOf("prod");
    const bounds = Object.fromEntries(
      groups.map((g) => [g.inputs.nodeGroupName, g.inputs.scalingConfig]),
    );
    expect(bounds).to.deep.equal({
      "platform-prod-system": { minSize: 3, maxSize: 6, desiredSize: 3 },
      "platform-prod-app-spot": { minSize: 3, maxSize: 30, desiredSize: 6 },
      "platform-prod-baseline": { minSize: 3, maxSize: 9, desiredSize: 3 },
    });
  });

  it("prod reserves baseline capacity in every zone and the launch template opts into it", async () => {
    const r = await runStack("prod");
    const reservations = ofType(r, "aws:ec2/capacityReservation:CapacityReservation");
    expect(reservations.map((x) => x.inputs.availabilityZone)).to.have.members([
      "us-east-1a",
      "us-east-1b",
      "us-east-1c",
    ]);
    expect(
      reservations.every(
        (x) => x.inputs.instanceType === "m6i.2xlarge" && x.inputs.instanceMatchCriteria === "open",
      ),
    ).to.equal(true);
    expect(
      one(r, "aws:ec2/launchTemplate:LaunchTemplate", "nodes-baseline-lt").inputs
        .capacityReservationSpecification,
    ).to.deep.equal({
      capacityReservationPreference: "open",
    });
  });

  it("dev scales application nodes to zero at 18:00 on weekdays and back at 08:00 in the office's time zone", async () => {
    const schedules = ofType(await runStack("dev"), "aws:autoscaling/schedule:Schedule").filter(
      (s) => s.name.startsWith("nodes-app-spot-"),
    );
    expect(schedules).to.have.length(2);
    const stop = schedules.find((s) => s.name.endsWith("-stop"))!;
    const start = schedules.find((s) => s.name.endsWith("-start"))!;
    expect(stop.inputs).to.deep.include({
      recurrence: "0 18 * * 1-5",
      minSize: 0,
      maxSize: 0,
      desiredCapacity: 0,
      timeZone: "Europe/London",
    });
    expect(start.inputs).to.deep.include({
      recurrence: "0 8 * * 1-5",
      minSize: 2,
      maxSize: 8,
      desiredCapacity: 2,
    });
    expect(stop.inputs.autoscalingGroupName).to.equal("eks-platform-dev-app-spot-mock");
  });

  it("dev keeps two system nodes at night (its add-ons' requests need them) and stops its baseline nodes, as its stack file says", async () => {
    const stops = ofType(await runStack("dev"), "aws:autoscaling/schedule:Schedule").filter((s) =>
      s.name.endsWith("-stop"),
    );
    const size = (group: string) =>
      stops.find((s) => s.name === `nodes-${group}-stop`)?.inputs.desiredCapacity;
    expect(size("system")).to.equal(2);
    expect(size("baseline")).to.equal(0);
  });

  it("prod has no office-hours schedule", async () => {
    expect(ofType(await runStack("prod"), "aws:autoscaling/schedule:Schedule")).to.have.length(0);
  });

  it("node IAM role carries no CNI permissions (aws-node gets them through IRSA)", async () => {
    const r = await runStack("prod");
    const nodeRole = one(r, "aws:iam/role:Role", "nodes-node-role");
    const attached = ofType(r, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .filter((a) => a.inputs.role === nodeRole.name)
      .map((a) => a.inputs.policyArn);
    expect(attached).to.have.length(3);
    expect(attached.some((a: string) => a.includes("CNI"))).to.equal(false);
  });
});
