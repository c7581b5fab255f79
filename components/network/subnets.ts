import { allocate, blockSize, formatCidr, parseCidr } from "./cidr";

/** The three subnet tiers every zone gets. */
export type SubnetTier = "public" | "private" | "data";
export const SUBNET_TIERS: readonly SubnetTier[] = ["public", "private", "data"];

/** One planned subnet. */
export interface PlannedSubnet {
  tier: SubnetTier;
  zone: string;
  cidr: string;
}

/**
 * Splits the VPC CIDR into a public, a private and a data subnet per zone, each of the given
 * prefix length, without overlaps. Pure so that the schema can reject a VPC that is too small
 * before anything is created.
 *
 * @param vpcCidr the VPC block, e.g. `10.0.0.0/16`
 * @param zones the availability zones, in order
 * @param prefixes prefix length per tier, e.g. `{ public: 22, private: 19, data: 23 }`
 * @throws when the blocks do not fit, naming the address count needed
 */
export function planSubnets(
  vpcCidr: string,
  zones: readonly string[],
  prefixes: Record<SubnetTier, number>,
): PlannedSubnet[] {
  const vpc = parseCidr(vpcCidr);
  const wanted = zones.flatMap((zone) =>
    SUBNET_TIERS.map((tier) => ({ zone, tier, prefix: prefixes[tier] })),
  );
  const blocks = allocate(
    vpc,
    wanted.map((w) => w.prefix),
  );
  if (!blocks) {
    const needed = wanted.reduce((sum, w) => sum + blockSize(w.prefix), 0);
    const minPrefix = 32 - Math.ceil(Math.log2(needed));
    throw new Error(
      `${vpcCidr} holds ${blockSize(vpc.prefix)} addresses but ${zones.length} zones × ` +
        `(public /${prefixes.public} + private /${prefixes.private} + data /${prefixes.data}) need ${needed}; ` +
        `use a /${minPrefix} or larger VPC, fewer zones, or longer subnet prefixes`,
    );
  }
  return wanted.map((w, i) => ({ tier: w.tier, zone: w.zone, cidr: formatCidr(blocks[i]) }));
}
