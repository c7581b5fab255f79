import { expect } from "chai";
import {
  configProblems,
  expectAccepted,
  expectProblem,
  type Settings,
} from "../helpers/config-problems";

const DATA_PREFIX = "platform:network.subnetPrefixLength.data";
const PRIVATE_PREFIX = "platform:network.subnetPrefixLength.private";
const VPC_LIMITS = "a VPC block must be between /16 and /28 (AWS's limits)";
/** The start of what a /28 private subnet (11 usable addresses) is told: too small for any node group. */
const PRIVATE_TOO_SMALL =
  /^a \/28 private subnet holds 11 usable addresses, but at the node groups' maxSize/;

/** dev's network with `zones` zones and /28 private subnets (too small for dev's node groups). */
const tinyPrivateSubnets = (zones: number) => (s: Settings) => {
  s.network.zones = zones;
  s.network.subnetPrefixLength = { private: 28 };
};

/** dev with 5 database instances (Multi-AZ primary and standby, 3 replicas) over 2 zones and /28 data subnets. */
const fiveInstancesTwoZones = (queueMode: string) => (s: Settings) => {
  s.network.subnetPrefixLength = { data: 28 };
  s.database.multiAz = true;
  s.database.readReplicas = 3;
  s.queue.deploymentMode = queueMode;
};

/**
 * `platform:network` (stacks/schema/network.ts) and its checks across settings
 * (stacks/schema/index.ts, subnet-capacity.ts): the VPC block's size and range, the zone count
 * against the region, and subnets large enough for what runs in them.
 */
describe("environment schema: network", () => {
  it("subnet capacity is checked when every zone of the region is used (us-east-1's 5)", () => {
    expectProblem("dev", tinyPrivateSubnets(5), PRIVATE_PREFIX, PRIVATE_TOO_SMALL);
  });

  it("more zones than the region offers are reported once, as the zone count, not as subnet capacity", () => {
    const found = configProblems("dev", tinyPrivateSubnets(6));
    expect(found.map((p) => p.key)).to.deep.equal(["platform:network.zones"]);
    expect(found[0].message).to.match(
      /^platform:aws\.region us-east-1 offers 5 zones usable by EKS/,
    );
  });

  it("a broker cluster counts its 3 brokers over the zones: 2 a zone over 2 zones, where a single broker counts 1", () => {
    // database 5 -> 3 a zone, cache 1 -> 1, brokers 3 -> 2: (3 + 1 + 2) x 2 for replacements = 12 > 11
    expectProblem(
      "dev",
      fiveInstancesTwoZones("CLUSTER_MULTI_AZ"),
      DATA_PREFIX,
      "a /28 data subnet holds 11 usable addresses, but the database instances, cache nodes and brokers (platform:database, platform:cache, platform:queue) need 12 per zone with room to replace each; use /27 or a shorter prefix",
    );
    // (3 + 1 + 1) x 2 = 10 fits
    const single = configProblems("dev", fiveInstancesTwoZones("SINGLE_INSTANCE"));
    expect(single.map((p) => p.key)).to.not.include(DATA_PREFIX);
  });

  it("a /28 VPC block is within AWS's limits; a /29 is refused, naming them", () => {
    const at = configProblems("dev", (s) => (s.network.cidr = "10.10.0.0/28"));
    expect(at.map((p) => p.message)).to.not.include(VPC_LIMITS);
    expectProblem(
      "dev",
      (s) => (s.network.cidr = "10.10.0.0/29"),
      "platform:network.cidr",
      VPC_LIMITS,
    );
    expectProblem(
      "dev",
      (s) => (s.network.cidr = "10.0.0.0/15"),
      "platform:network.cidr",
      VPC_LIMITS,
    );
  });

  it("a VPC block outside the private ranges is refused, listing them", () => {
    expectProblem(
      "dev",
      (s) => (s.network.cidr = "11.0.0.0/16"),
      "platform:network.cidr",
      "is not in a private range; use a block inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10",
    );
  });

  it("the autoscaler image's minor is read whatever the patch's length (v1.36.10 on 1.36)", () => {
    expectAccepted(
      "dev",
      (s) =>
        (s.charts = {
          clusterAutoscaler: {
            repository: "https://kubernetes.github.io/autoscaler",
            name: "cluster-autoscaler",
            version: "9.59.0",
            imageTag: "v1.36.10",
          },
        }),
    );
  });
});
