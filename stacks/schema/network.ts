import { z } from "zod";
import { cidr, intAtLeast } from "./common";

const subnetPrefix = intAtLeast(16).max(28, "must be at most 28 (AWS's smallest subnet)");

/** `platform:network`: the VPC and its subnets. */
export const networkSchema = z.strictObject({
  /** VPC CIDR block. Default: `10.0.0.0/16`. */
  cidr: cidr.default("10.0.0.0/16").describe("VPC CIDR block"),
  /** Number of availability zones to spread over. Default: 3. */
  zones: intAtLeast(2)
    .max(6, "must be at most 6")
    .default(3)
    .describe("Number of availability zones"),
  /** One NAT gateway per zone (survives a zone loss) or a single shared one (cheaper). Default: `perZone`. */
  natGateways: z
    .enum(["perZone", "single"], { error: 'must be "perZone" or "single"' })
    .default("perZone")
    .describe("NAT gateway per zone (zone-resilient) or a single one (cheaper)"),
  /** Prefix length of each subnet tier. Defaults: public /22, private /19, data /23. */
  subnetPrefixLength: z
    .strictObject({
      public: subnetPrefix.default(22).describe("Public subnets: load balancers and NAT gateways"),
      private: subnetPrefix
        .default(19)
        .describe("Private subnets: nodes and pods (the VPC CNI gives pods VPC addresses)"),
      data: subnetPrefix.default(23).describe("Isolated data subnets: databases, caches, brokers"),
    })
    .prefault({})
    .describe("Prefix length per subnet tier (public, private, data)"),
  /** Days to keep VPC flow logs. Default: 30. */
  flowLogRetentionDays: intAtLeast(1).default(30).describe("Days to keep VPC flow logs"),
});
