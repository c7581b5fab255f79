import { expect } from "chai";
import {
  capacityReservationItems,
  eksClusterItems,
  linkedLaunchTemplate,
  natGatewayItems,
  nodeGroupCapacity,
  nodeGroupItems,
  reservationConsumer,
} from "../../../model/cost/compute";
import type { ResourceLike } from "../../../model/cost";
import { freshCostModule } from "./fresh";
import { thrownMessage as message } from "../../helpers/thrown";

/** compute.ts from a fresh load: the capacity label and EKS's defaults are built at load. */
const fresh = () => freshCostModule<typeof import("../../../model/cost/compute")>("compute");

const NG = "aws:eks/nodeGroup:NodeGroup";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const CR = "aws:ec2/capacityReservation:CapacityReservation";

function ng(props: Record<string, unknown>, extra: Partial<ResourceLike> = {}): ResourceLike {
  return {
    type: NG,
    name: "app",
    props: { scalingConfig: { minSize: 1, desiredSize: 2, maxSize: 3 }, ...props },
    ...extra,
  };
}
function lt(
  name: string,
  mappings: unknown[],
  extra: Partial<ResourceLike> & { props?: Record<string, unknown> } = {},
): ResourceLike {
  return {
    type: LT,
    name,
    ...extra,
    props: { blockDeviceMappings: mappings, ...(extra.props ?? {}) },
  };
}
const gp3 = (gib: number) => ({
  deviceName: "/dev/xvda",
  ebs: { volumeSize: gib, volumeType: "gp3" },
});
const cluster = (props: Record<string, unknown>): ResourceLike => ({
  type: "aws:eks/cluster:Cluster",
  name: "eks",
  props,
});

describe("cost model: the EKS control plane and its support calendar", () => {
  it("a cluster without a version is at EKS's default, in standard support", () => {
    expect(eksClusterItems(cluster({}), "2026-12-01")).to.deep.equal([
      {
        component: "cluster",
        resource: "eks",
        price: { kind: "eks-cluster", support: "standard" },
        capacity: "on-demand",
        unit: "per-hour",
        quantity: { min: 1, baseline: 1, max: 1 },
        note: "Kubernetes at the EKS default version",
      },
    ]);
  });

  it("says until when a version is in standard support, and when it left it", () => {
    // 1.33: standard support ends 2026-07-29, extended 2027-07-29.
    const [before] = eksClusterItems(cluster({ version: "1.33" }), "2026-07-28");
    expect(before.price).to.deep.equal({ kind: "eks-cluster", support: "standard" });
    expect(before.note).to.equal("Kubernetes 1.33 in standard support until 2026-07-29");
    const [after] = eksClusterItems(cluster({ version: "1.33" }), "2026-07-29");
    expect(after.price).to.deep.equal({ kind: "eks-cluster", support: "extended" });
    expect(after.note).to.equal(
      "Kubernetes 1.33 left standard support on 2026-07-29: extended support until 2027-07-29",
    );
  });

  it("refuses a version outside the calendar, past extended support or not yet released", () => {
    const who = 'aws:eks/cluster:Cluster "eks"';
    expect(message(() => eksClusterItems(cluster({ version: "1.20" }), "2026-12-01"))).to.equal(
      `${who}: Kubernetes 1.20 is not in the EKS support calendar (1.36, 1.35, 1.34, 1.33, 1.32, 1.31, 1.30), so its control plane cannot be priced`,
    );
    expect(message(() => eksClusterItems(cluster({ version: "1.30" }), "2026-07-23"))).to.equal(
      `${who}: Kubernetes 1.30 is past EKS extended support on 2026-07-23, so its control plane cannot be priced`,
    );
    expect(message(() => eksClusterItems(cluster({ version: "1.36" }), "2026-06-01"))).to.equal(
      `${who}: Kubernetes 1.36 is not yet released on EKS on 2026-06-01, so its control plane cannot be priced`,
    );
  });

  it("a NAT gateway is a network line billed per hour", () => {
    expect(
      natGatewayItems({ type: "aws:ec2/natGateway:NatGateway", name: "nat", props: {} }),
    ).to.deep.equal([
      {
        component: "network",
        resource: "nat",
        price: { kind: "nat-gateway" },
        capacity: "on-demand",
        unit: "per-hour",
        quantity: { min: 1, baseline: 1, max: 1 },
      },
    ]);
  });
});

describe("cost model: node group capacity and launch templates", () => {
  it("capacity comes from capacityType when there is no capacity label", () => {
    expect(nodeGroupCapacity(ng({}))).to.equal("on-demand");
    expect(nodeGroupCapacity(ng({ capacityType: "SPOT" }))).to.equal("spot");
    expect(nodeGroupCapacity(ng({ capacityType: "SPOT", labels: null }))).to.equal("spot");
    expect(
      fresh().nodeGroupCapacity(ng({ labels: { "platform.io/capacity": "reserved" } })),
    ).to.equal("reserved");
    expect(message(() => nodeGroupCapacity(ng({ capacityType: "CAPACITY_BLOCK" })))).to.equal(
      'aws:eks/nodeGroup:NodeGroup "app": capacityType must be ON_DEMAND or SPOT, got "CAPACITY_BLOCK"',
    );
  });

  it("a node group without a launch template (or with a null one) gets EKS's default type and disk", () => {
    for (const props of [{}, { launchTemplate: null }]) {
      const items = fresh().nodeGroupItems(ng(props), []);
      expect(items.map((i) => [i.price, i.note])).to.deep.equal([
        [
          { kind: "ec2-instance", instanceTypes: ["t3.medium"] },
          "on-demand nodes (min/desired/max 1/2/3)",
        ],
        [{ kind: "ebs-volume", volumeType: "gp2" }, "20 GiB gp2 per node (diskSize)"],
      ]);
      expect(items[1].quantity).to.deep.equal({ min: 20, baseline: 40, max: 60 });
    }
    const sized = nodeGroupItems(ng({ diskSize: 50 }), []);
    expect(sized[1].quantity).to.deep.equal({ min: 50, baseline: 100, max: 150 });
  });

  it("the template's instance type is used when the node group lists none", () => {
    const t = lt("t", [gp3(30)], { id: "t-id", props: { instanceType: "m6i.large" } });
    for (const instanceTypes of [undefined, []]) {
      const [inst, vol] = nodeGroupItems(ng({ instanceTypes, launchTemplate: { id: "t-id" } }), [
        t,
      ]);
      expect(inst.price).to.deep.equal({ kind: "ec2-instance", instanceTypes: ["m6i.large"] });
      expect(vol.note).to.equal("30 GiB gp3 per node (launch template t)");
    }
  });

  it("refuses instance types that are not names", () => {
    for (const instanceTypes of [["m6i.large", ""], [3], [["m6i.large"]]]) {
      expect(message(() => nodeGroupItems(ng({ instanceTypes }), []))).to.equal(
        `aws:eks/nodeGroup:NodeGroup "app": instanceTypes must be instance type names, got ${JSON.stringify(instanceTypes)}`,
      );
    }
  });

  it("desiredSize must lie between minSize and maxSize, both ends included", () => {
    const sized = (minSize: number, desiredSize: number, maxSize: number) =>
      ng({ scalingConfig: { minSize, desiredSize, maxSize } });
    expect(nodeGroupItems(sized(2, 2, 4), [])[0].quantity).to.deep.equal({
      min: 2,
      baseline: 2,
      max: 4,
    });
    expect(nodeGroupItems(sized(2, 4, 4), [])[0].quantity.baseline).to.equal(4);
    expect(message(() => nodeGroupItems(sized(2, 1, 4), []))).to.equal(
      'aws:eks/nodeGroup:NodeGroup "app": desiredSize 1 must lie between minSize 2 and maxSize 4',
    );
    expect(message(() => nodeGroupItems(sized(2, 5, 4), []))).to.equal(
      'aws:eks/nodeGroup:NodeGroup "app": desiredSize 5 must lie between minSize 2 and maxSize 4',
    );
  });

  it("a Windows AMI is refused (Linux rates only); a Linux one is priced", () => {
    expect(message(() => nodeGroupItems(ng({ amiType: "WINDOWS_CORE_2022_x86_64" }), []))).to.equal(
      'aws:eks/nodeGroup:NodeGroup "app": amiType WINDOWS_CORE_2022_x86_64 runs Windows; the pricing table has Linux rates only',
    );
    expect(nodeGroupItems(ng({ amiType: "AL2023_x86_64_STANDARD" }), [])).to.have.length(2);
  });

  it("diskSize and a launch template together are refused, as EKS does", () => {
    const t = lt("t", [gp3(30)], { id: "t-id" });
    expect(
      message(() => nodeGroupItems(ng({ diskSize: 50, launchTemplate: { id: "t-id" } }), [t])),
    ).to.equal(
      'aws:eks/nodeGroup:NodeGroup "app": diskSize conflicts with launchTemplate (EKS rejects both); set the size in the template',
    );
  });

  it("a template is found by URN dependency first, then by id, then by name", () => {
    const a = lt("a", [gp3(10)], { urn: "urn:a", id: "a-id", props: { name: "a-name" } });
    const b = lt("b", [gp3(10)], { urn: "urn:b", id: "b-id", props: { name: "b-name" } });
    const byUrn = ng(
      { launchTemplate: { id: "a-id", name: "a-name" } },
      { propertyDependencies: { launchTemplate: ["urn:b"] } },
    );
    expect(linkedLaunchTemplate(byUrn, [a, b])).to.equal(b);
    expect(linkedLaunchTemplate(ng({ launchTemplate: { id: "b-id" } }), [a, b])).to.equal(b);
    const c = lt("c", [gp3(10)], { props: { id: "c-id" } });
    expect(linkedLaunchTemplate(ng({ launchTemplate: { id: "c-id" } }), [a, c])).to.equal(c);
    expect(linkedLaunchTemplate(ng({ launchTemplate: { name: "b-name" } }), [a, b])).to.equal(b);
  });

  it("two templates matching by URN dependency or by name are an error naming them", () => {
    const a = lt("a", [gp3(10)], { urn: "urn:a", props: { name: "same" } });
    const b = lt("b", [gp3(10)], { urn: "urn:b", props: { name: "same" } });
    const both = ng(
      { launchTemplate: { id: "x" } },
      { propertyDependencies: { launchTemplate: ["urn:a", "urn:b"] } },
    );
    expect(message(() => linkedLaunchTemplate(both, [a, b]))).to.equal(
      'aws:eks/nodeGroup:NodeGroup "app": launchTemplate matches 2 launch templates by URN dependency: a, b',
    );
    expect(
      message(() => linkedLaunchTemplate(ng({ launchTemplate: { name: "same" } }), [a, b])),
    ).to.equal(
      'aws:eks/nodeGroup:NodeGroup "app": launchTemplate matches 2 launch templates by name: a, b',
    );
  });

  it("a template reference that matches two templates, or none, is an error naming them", () => {
    const a = lt("a", [gp3(10)], { id: "same" });
    const b = lt("b", [gp3(10)], { id: "same" });
    expect(
      message(() => linkedLaunchTemplate(ng({ launchTemplate: { id: "same" } }), [a, b])),
    ).to.equal(
      'aws:eks/nodeGroup:NodeGroup "app": launchTemplate matches 2 launch templates by id: a, b',
    );
    expect(message(() => linkedLaunchTemplate(ng({ launchTemplate: { id: "x" } }), [a]))).to.equal(
      'aws:eks/nodeGroup:NodeGroup "app": launchTemplate (id "x", name undefined) matches none of the 1 aws:ec2/launchTemplate:LaunchTemplate resources by URN dependency, id or name, so its volumes cannot be priced; pass the template among the resources',
    );
  });

  it("a template's EBS mappings add up per volume type; mappings without EBS are skipped", () => {
    const t = lt(
      "t",
      [
        null,
        "not a mapping",
        { deviceName: "/dev/sdb", virtualName: "ephemeral0" },
        { deviceName: "/dev/sdc", ebs: null },
        gp3(30),
        gp3(20),
        { deviceName: "/dev/sdd", ebs: { volumeSize: 10, volumeType: "gp2" } },
      ],
      { id: "t-id" },
    );
    const vols = nodeGroupItems(ng({ launchTemplate: { id: "t-id" } }), [t]).slice(1);
    expect(vols.map((v) => [v.price, v.note])).to.deep.equal([
      [{ kind: "ebs-volume", volumeType: "gp3" }, "50 GiB gp3 per node (launch template t)"],
      [{ kind: "ebs-volume", volumeType: "gp2" }, "10 GiB gp2 per node (launch template t)"],
    ]);
  });

  it("a template without a sized EBS root volume cannot be priced", () => {
    const who = 'aws:ec2/launchTemplate:LaunchTemplate "t"';
    const price = (mappings: unknown[]) =>
      message(() =>
        nodeGroupItems(ng({ launchTemplate: { id: "t-id" } }), [lt("t", mappings, { id: "t-id" })]),
      );
    expect(price([{ deviceName: "/dev/sdb", virtualName: "ephemeral0" }])).to.equal(
      `${who}: no blockDeviceMappings with ebs.volumeSize; set the root volume (e.g. /dev/xvda, gp3) so node storage can be priced`,
    );
    expect(price([{ ebs: { volumeType: "gp3" } }])).to.equal(
      `${who}: blockDeviceMappings.0.ebs.volumeSize is not set (or not known yet), so the resource cannot be priced; without a size the volume comes from the AMI and cannot be priced`,
    );
    expect(price([{ ebs: { volumeSize: 20 } }])).to.equal(
      `${who}: blockDeviceMappings.0.ebs.volumeType is not set; the volume type decides the price (e.g. gp3)`,
    );
  });
});

describe("cost model: capacity reservations", () => {
  const reservation = (props: Record<string, unknown>): ResourceLike => ({
    type: CR,
    name: "cr",
    props: { instanceType: "m6i.large", instanceCount: 2, ...props },
  });
  const group = (name: string, props: Record<string, unknown>): ResourceLike => ({
    ...ng({ instanceTypes: ["m6i.large"], ...props }),
    name,
  });

  it("an open reservation is consumed by the one On-Demand group of exactly its type", () => {
    const a = group("a", {});
    expect(reservationConsumer(reservation({}), [a])).to.equal(a);
    expect(reservationConsumer(reservation({ instanceMatchCriteria: "open" }), [a])).to.equal(a);
    expect(reservationConsumer(reservation({ instanceMatchCriteria: "targeted" }), [a])).to.equal(
      undefined,
    );
    expect(reservationConsumer(reservation({}), [group("s", { capacityType: "SPOT" })])).to.equal(
      undefined,
    );
    expect(
      reservationConsumer(reservation({}), [
        group("m", { instanceTypes: ["m6i.large", "m5.large"] }),
      ]),
    ).to.equal(undefined);
    expect(
      reservationConsumer(reservation({}), [group("x", { instanceTypes: ["m5.large"] })]),
    ).to.equal(undefined);
    expect(
      reservationConsumer(reservation({}), [group("n", { instanceTypes: undefined })]),
    ).to.equal(undefined);
    expect(reservationConsumer(reservation({}), [a, group("b", {})])).to.equal(undefined);
    const notAGroup = { ...a, type: "aws:ec2/instance:Instance" };
    expect(reservationConsumer(reservation({}), [notAGroup])).to.equal(undefined);
  });

  it("the nodes a reservation holds are billed through it, and both lines say so", () => {
    const a = group("a", {});
    const cr = reservation({});
    const [inst] = nodeGroupItems(a, [a, cr]);
    // 1/2/3 nodes, 2 held by the reservation: 0/0/1 billed on the group.
    expect(inst.quantity).to.deep.equal({ min: 0, baseline: 0, max: 1 });
    expect(inst.note).to.equal(
      "on-demand nodes (min/desired/max 1/2/3), up to 2 billed through capacity reservations",
    );
    expect(capacityReservationItems(cr, [a, cr])).to.deep.equal([
      {
        component: "nodes",
        resource: "cr",
        price: { kind: "ec2-instance", instanceTypes: ["m6i.large"] },
        capacity: "on-demand",
        unit: "per-hour",
        quantity: { min: 2, baseline: 2, max: 2 },
        note: "capacity reservation of 2 m6i.large, billed used or not; node group a runs in it",
      },
    ]);
    expect(capacityReservationItems(cr, [cr])[0].note).to.equal(
      "capacity reservation of 2 m6i.large, billed used or not; no single On-Demand node group of that type consumes it",
    );
  });

  it("a reservation on another platform than Linux is refused", () => {
    expect(
      capacityReservationItems(reservation({ instancePlatform: "Linux/UNIX" }), []),
    ).to.have.length(1);
    expect(
      message(() => capacityReservationItems(reservation({ instancePlatform: "Windows" }), [])),
    ).to.equal(
      'aws:ec2/capacityReservation:CapacityReservation "cr": instancePlatform "Windows" is not priced; the pricing table has Linux rates only',
    );
  });
});
