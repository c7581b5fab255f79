import type { z } from "zod";
import {
  blockSize,
  formatCidr,
  overlaps,
  parseCidr,
  type Cidr,
} from "../../components/network/cidr";
import { NON_PUBLIC_RANGES } from "../../model/catalog";

/**
 * Largest number of addresses the public API endpoint may admit: a /8. Office and VPN ranges are
 * far smaller; anything wider opens the API to a large part of the Internet.
 */
export const MAX_PUBLIC_ACCESS_ADDRESSES = blockSize(8);

/**
 * Refuses allow-lists that together open the endpoint to the Internet (`0.0.0.0/1` and
 * `128.0.0.0/1` are the whole of it without the literal `0.0.0.0/0`), repeated entries, and
 * entries with private or reserved addresses, which never reach a public endpoint.
 * Counts the union, so overlapping entries are not counted twice.
 */
export function internetExposure(list: string[], ctx: z.RefinementCtx): void {
  const blocks: Cidr[] = [];
  const seen = new Set<string>();
  list.forEach((text, i) => {
    let block: Cidr;
    try {
      block = parseCidr(text);
    } catch {
      return; // reported by the entry's own schema
    }
    const key = formatCidr(block);
    if (seen.has(key))
      ctx.addIssue({ code: "custom", path: [i], message: `lists ${key} twice; remove the repeat` });
    // 0.0.0.0/0 has its own message (the whole Internet).
    const reserved =
      block.prefix > 0 && NON_PUBLIC_RANGES.find((r) => overlaps(parseCidr(r), block));
    if (reserved)
      ctx.addIssue({
        code: "custom",
        path: [i],
        message: `${key} includes ${reserved}, addresses that never reach the public endpoint (EKS refuses them); list the public address your office/VPN/NAT connects from, or use the private endpoint from inside the VPC`,
      });
    seen.add(key);
    blocks.push(block);
  });
  const intervals = blocks
    .map((b) => [b.base, b.base + blockSize(b.prefix)] as const)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let end = -1;
  for (const [s, e] of intervals) {
    if (s >= end) covered += e - s;
    else if (e > end) covered += e - end;
    end = Math.max(end, e);
  }
  if (covered > MAX_PUBLIC_ACCESS_ADDRESSES) {
    const share = ((100 * covered) / 2 ** 32).toFixed(covered === 2 ** 32 ? 0 : 1);
    ctx.addIssue({
      code: "custom",
      message:
        covered === 2 ** 32
          ? "together cover every IPv4 address: the API would be open to the whole Internet; list your office/VPN ranges"
          : `together admit ${covered} addresses (${share} % of the Internet), more than a /8; list your office/VPN ranges`,
    });
  }
}
