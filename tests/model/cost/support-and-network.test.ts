import { expect } from "chai";
import { bomFromResources, estimateMonthly, ResourceLike } from "../../../model/cost";
import { pricingFor } from "../../../model/pricing";

const pricing = pricingFor("us-east-1");
const H = 730;
const cents = 0.005;
const total = (resources: ResourceLike[], asOf = "2026-12-02") =>
  estimateMonthly(bomFromResources(resources, {}, { asOf }), pricing).total;
const cluster = (version?: string): ResourceLike => ({
  type: "aws:eks/cluster:Cluster",
  name: "eks",
  props: version === undefined ? {} : { version },
});

describe("cost model: EKS support, public IPs, endpoints and capacity reservations", () => {
  it("bills a control plane in extended support at $0.60/h ($438/month), from the support calendar", () => {
    // 1.33 left standard support on 2026-07-29 (model/catalog/support.ts)
    expect(total([cluster("1.33")]).baseline).to.be.closeTo(0.6 * H, cents);
    expect(total([cluster("1.33")], "2026-07-28").baseline).to.be.closeTo(0.1 * H, cents);
    expect(total([cluster("1.36")]).baseline).to.be.closeTo(0.1 * H, cents);
    // Without a version EKS creates its default version, which is in standard support.
    expect(total([cluster()]).baseline).to.be.closeTo(0.1 * H, cents);
  });

  it("refuses to price a version past extended support or not in the calendar, naming the cluster", () => {
    expect(() => total([cluster("1.31")])).to.throw(/"eks".*1\.31 is past EKS extended support/);
    expect(() => total([cluster("1.19")])).to.throw(
      /"eks".*1\.19 is not in the EKS support calendar/,
    );
  });

  it("bills every Elastic IP as a public IPv4 address, $0.005/h", () => {
    const eips = [1, 2, 3].map((i) => ({ type: "aws:ec2/eip:Eip", name: `eip-${i}`, props: {} }));
    expect(total(eips).min).to.be.closeTo(3 * 0.005 * H, cents);
  });

  it("bills an interface endpoint per zone and a gateway endpoint (the default type) nothing", () => {
    const endpoint = (props: Record<string, unknown>): ResourceLike => ({
      type: "aws:ec2/vpcEndpoint:VpcEndpoint",
      name: "ep",
      props,
    });
    expect(
      total([endpoint({ vpcEndpointType: "Interface", subnetIds: ["a", "b", "c"] })]).max,
    ).to.be.closeTo(3 * 0.01 * H, cents);
    expect(total([endpoint({})]).max).to.equal(0);
    expect(total([endpoint({ vpcEndpointType: "Gateway" })]).max).to.equal(0);
    expect(() => total([endpoint({ vpcEndpointType: "Interface" })])).to.throw(/"ep".*subnetIds/);
  });

  describe("capacity reservations", () => {
    const group = (capacityType = "ON_DEMAND", instanceTypes = ["m6i.2xlarge"]): ResourceLike => ({
      type: "aws:eks/nodeGroup:NodeGroup",
      name: "baseline",
      props: {
        scalingConfig: { minSize: 2, desiredSize: 4, maxSize: 9 },
        instanceTypes,
        capacityType,
        diskSize: 20,
        labels: { "platform.io/capacity": capacityType === "SPOT" ? "spot" : "reserved" },
      },
    });
    const reservation = (instanceCount: number): ResourceLike => ({
      type: "aws:ec2/capacityReservation:CapacityReservation",
      name: "cr",
      props: { instanceType: "m6i.2xlarge", instanceCount, instanceMatchCriteria: "open" },
    });
    // m6i.2xlarge 0.384/h; reserved (savings plan) 40 % off: 0.2304/h = 168.192/month. gp2 20 GiB = 2.00/node.
    const node = 0.384 * 0.6 * H;
    const disk = 20 * 0.1;

    it("bills reserved instances used or not, and nodes inside the reservation only once", () => {
      const t = total([group(), reservation(3)]);
      // min 2 nodes: the reservation's 3 are billed, no node beyond it; baseline 4: 3 + 1; max 9: 3 + 6
      expect(t.min).to.be.closeTo(3 * node + 2 * disk, cents);
      expect(t.baseline).to.be.closeTo(4 * node + 4 * disk, cents);
      expect(t.max).to.be.closeTo(9 * node + 9 * disk, cents);
    });

    it("prices a reservation no single On-Demand group consumes at On-Demand, on top of the nodes", () => {
      const spot = total([group("SPOT"), reservation(2)]);
      const alone = total([group("SPOT")]);
      expect(spot.min - alone.min).to.be.closeTo(2 * 0.384 * H, cents);
    });
  });
});
