import { z } from "zod";
import { contains, parseCidr } from "../../components/network/cidr";
import { VPC_CIDR } from "../../model/catalog";
import { cidr, cloudwatchRetentionDays, intAtLeast } from "./common";

const subnetPrefix = intAtLeast(16).max(28, "must be at most 28 (AWS's smallest subnet)");

/** A VPC block AWS accepts (/16 to /28) from the private ranges. */
const vpcCidr = cidr.superRefine((value, ctx) => {
  let block;
  try {
    block = parseCidr(value);
  } catch {
    return; // `cidr` reports the malformed block
  }
  if (block.prefix < VPC_CIDR.minPrefix || block.prefix > VPC_CIDR.maxPrefix) {
    ctx.addIssue({
      code: "custom",
      message: `a VPC block must be between /${VPC_CIDR.minPrefix} and /${VPC_CIDR.maxPrefix} (AWS's limits)`,
    });
  }
  if (!VPC_CIDR.allowedRanges.some((r) => contains(parseCidr(r), block))) {
    ctx.addIssue({
      code: "custom",
      message: `is not in a private range; use a block inside ${VPC_CIDR.allowedRanges.join(", ")}`,
    });
  }
});

/** `platform:network`: the VPC and its subnets. */
export const networkSchema = z.strictObject({
  /** VPC CIDR block, /16 to /28, in a private range. Default: `10.0.0.0/16`. */
  cidr: vpcCidr
    .default("10.0.0.0/16")
    .describe("VPC CIDR block (/16-/28, inside 10/8, 172.16/12, 192.168/16 or 100.64/10)"),
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
  /** Days to keep VPC flow logs: one of CloudWatch's retention periods. Default: 30. */
  flowLogRetentionDays: cloudwatchRetentionDays
    .default(30)
    .describe("Days to keep VPC flow logs (a CloudWatch retention period)"),
});
