import { expect } from "chai";
import { deployment, messages, nodeGroup, resource, subnets } from "./resources";

const ZONE = "topology.kubernetes.io/zone";
const zoneSpread = (whenUnsatisfiable?: string, maxSkew = 1) => ({
  topologySpreadConstraints: [
    { topologyKey: ZONE, maxSkew, ...(whenUnsatisfiable ? { whenUnsatisfiable } : {}) },
  ],
});
const zones = subnets(["us-east-1a", "us-east-1b", "us-east-1c"]);

/**
 * zone-spread: a service of 2 or more replicas spreads them over every zone with maxSkew 1, and
 * (by default, the `hardSpread` setting) as a hard constraint, so a workload whose replicas
 * silently stopped spreading fails the pack rather than passing with `ScheduleAnyway`.
 */
describe("policy pack: zone-spread", () => {
  const check = (pod: Record<string, unknown>, replicas = 3, settings = {}) =>
    messages("zone-spread", settings, [...zones, deployment("api", replicas, pod)]);

  it("a DoNotSchedule spread with maxSkew 1 passes", async () => {
    expect(await check(zoneSpread("DoNotSchedule"))).to.deep.equal([]);
  });

  it("an unset whenUnsatisfiable is Kubernetes' DoNotSchedule and passes", async () => {
    expect(await check(zoneSpread())).to.deep.equal([]);
  });

  it("a soft spread (ScheduleAnyway) fails where the environment asks for hard spread (the default)", async () => {
    expect(await check(zoneSpread("ScheduleAnyway"))).to.deep.equal([
      `Deployment apps/api: spreads over ${ZONE} with whenUnsatisfiable ScheduleAnyway; this environment requires DoNotSchedule, so replicas cannot silently pile into one zone`,
    ]);
  });

  it("a soft spread passes where the environment sets hardSpread false", async () => {
    expect(await check(zoneSpread("ScheduleAnyway"), 3, { hardSpread: false })).to.deep.equal([]);
  });

  it("placeholders of a negative PriorityClass may spread softly", async () => {
    const headroom = resource("kubernetes:scheduling.k8s.io/v1:PriorityClass", "headroom", {
      metadata: { name: "platform-headroom" },
      value: -10,
    });
    const service = resource("kubernetes:scheduling.k8s.io/v1:PriorityClass", "service", {
      metadata: { name: "platform-service" },
      value: 100000,
    });
    const placeholder = deployment("headroom", 3, {
      ...zoneSpread("ScheduleAnyway"),
      priorityClassName: "platform-headroom",
    });
    const soft = deployment("api", 3, {
      ...zoneSpread("ScheduleAnyway"),
      priorityClassName: "platform-service",
    });
    expect(
      await messages("zone-spread", {}, [...zones, headroom, service, placeholder]),
    ).to.deep.equal([]);
    expect(await messages("zone-spread", {}, [...zones, headroom, service, soft])).to.have.length(
      1,
    );
  });

  it("maxSkew 2 is not a zone spread", async () => {
    expect(await check(zoneSpread("DoNotSchedule", 2))).to.deep.equal([
      `Deployment apps/api: runs at least 3 replicas but has no topologySpreadConstraint on ${ZONE} with maxSkew 1`,
    ]);
  });

  it("2 replicas (the limit) must spread; 1 need not", async () => {
    expect(await check({}, 2)).to.have.length(1);
    expect(await check({}, 1)).to.deep.equal([]);
  });

  it("a node group of the workload's role in fewer zones than the network fails", async () => {
    const vs = await messages("zone-spread", {}, [
      ...zones,
      deployment("api", 3, zoneSpread("DoNotSchedule")),
      nodeGroup("nodes-app", { min: 2, max: 3, subnets: 2 }),
      nodeGroup("nodes-system", { min: 2, max: 3, subnets: 1, role: "system" }),
    ]);
    expect(vs).to.deep.equal([
      "Deployment apps/api: runs on application node group nodes-app, which has subnets in 2 of the environment's 3 zones",
    ]);
  });
});
