// What a node group's nodes carry (labels, taints, EKS spellings) and how the cluster autoscaler
// ranks them: components/nodegroups/placement.ts called directly, with hand-written expectations
// (the label and taint keys are spelled out, not read from the module's constants).
import { expect } from "chai";
import {
  type PlacementInput,
  amiType,
  eksCapacityType,
  eksTaintEffect,
  expanderPriorities,
  nodeLabels,
  nodeTaints,
  systemPodPlacement,
} from "../../../components/nodegroups/placement";

const group = (over: Partial<PlacementInput>): PlacementInput => ({
  name: "app-spot",
  role: "application",
  capacityType: "spot",
  labels: {},
  taints: [],
  ...over,
});

const SYSTEM = { key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" };
const SPOT = { key: "platform.io/capacity", value: "spot", effect: "NoSchedule" };

describe("node group placement (components/nodegroups/placement.ts)", () => {
  describe("node labels", () => {
    it("every node carries its role, capacity type and group name after the configured extras", () => {
      const labels = nodeLabels(
        group({ name: "apps-od", capacityType: "on-demand", labels: { team: "web" } }),
      );
      expect(labels).to.deep.equal({
        team: "web",
        "platform.io/role": "application",
        "platform.io/capacity": "on-demand",
        "platform.io/node-group": "apps-od",
      });
      expect(Object.keys(labels)).to.deep.equal([
        "team",
        "platform.io/role",
        "platform.io/capacity",
        "platform.io/node-group",
      ]);
    });

    it("a configured label cannot disguise a node's role, capacity type or group", () => {
      expect(
        nodeLabels(
          group({
            name: "base",
            role: "baseline",
            capacityType: "reserved",
            labels: {
              "platform.io/role": "system",
              "platform.io/capacity": "spot",
              "platform.io/node-group": "other",
            },
          }),
        ),
      ).to.deep.equal({
        "platform.io/role": "baseline",
        "platform.io/capacity": "reserved",
        "platform.io/node-group": "base",
      });
    });
  });

  describe("node taints", () => {
    it("application nodes bought on demand carry no taint unless configured", () => {
      expect(nodeTaints(group({ capacityType: "on-demand" }))).to.deep.equal([]);
      expect(nodeTaints(group({ role: "baseline", capacityType: "reserved" }))).to.deep.equal([]);
    });

    it("system nodes keep everything but critical add-ons off (CriticalAddonsOnly=true:NoSchedule)", () => {
      expect(nodeTaints(group({ role: "system", capacityType: "on-demand" }))).to.deep.equal([
        SYSTEM,
      ]);
    });

    it("spot nodes take only pods that tolerate interruption (platform.io/capacity=spot:NoSchedule)", () => {
      expect(nodeTaints(group({ capacityType: "spot" }))).to.deep.equal([SPOT]);
    });

    it("a spot system group carries both implied taints, role first, then the configured ones", () => {
      const gpu = { key: "nvidia.com/gpu", value: "true", effect: "NoExecute" as const };
      expect(
        nodeTaints(group({ role: "system", capacityType: "spot", taints: [gpu] })),
      ).to.deep.equal([SYSTEM, SPOT, gpu]);
      expect(nodeTaints(group({ capacityType: "on-demand", taints: [gpu] }))).to.deep.equal([gpu]);
    });
  });

  describe("EKS spellings", () => {
    it("EKS records spot as SPOT and both on-demand and reserved capacity as ON_DEMAND", () => {
      expect(eksCapacityType("spot")).to.equal("SPOT");
      expect(eksCapacityType("on-demand")).to.equal("ON_DEMAND");
      expect(eksCapacityType("reserved")).to.equal("ON_DEMAND");
    });

    it("taint effects are written in EKS's upper snake case", () => {
      expect(eksTaintEffect("NoSchedule")).to.equal("NO_SCHEDULE");
      expect(eksTaintEffect("PreferNoSchedule")).to.equal("PREFER_NO_SCHEDULE");
      expect(eksTaintEffect("NoExecute")).to.equal("NO_EXECUTE");
    });

    it("the AMI follows the architecture of the group's first instance type", () => {
      expect(amiType(["m6g.large"])).to.equal("AL2023_ARM_64_STANDARD");
      expect(amiType(["m6i.large"])).to.equal("AL2023_x86_64_STANDARD");
      expect(amiType(["m7g.xlarge", "m6i.xlarge"])).to.equal("AL2023_ARM_64_STANDARD");
      expect(amiType(["m6i.xlarge", "m7g.xlarge"])).to.equal("AL2023_x86_64_STANDARD");
    });
  });

  it("cluster add-ons select system nodes and tolerate their taint whatever its value", () => {
    expect(systemPodPlacement()).to.deep.equal({
      nodeSelector: { "platform.io/role": "system" },
      tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }],
    });
  });

  describe("cluster-autoscaler priority expander", () => {
    it("ranks spot (50) over reserved (20) over on-demand (10), by the groups' ASG names", () => {
      expect(
        expanderPriorities([
          { eksName: "prod-apps-od", capacityType: "on-demand" },
          { eksName: "prod-apps-spot", capacityType: "spot" },
          { eksName: "prod-base", capacityType: "reserved" },
          { eksName: "prod-batch-spot", capacityType: "spot" },
        ]),
      ).to.deep.equal({
        50: ["^eks-prod-apps-spot-.*", "^eks-prod-batch-spot-.*"],
        20: ["^eks-prod-base-.*"],
        10: ["^eks-prod-apps-od-.*"],
      });
    });

    it("no groups give no priorities", () => {
      expect(expanderPriorities([])).to.deep.equal({});
    });
  });
});
