/**
 * Limits AWS puts on values the environment configures, so the schema refuses them offline
 * instead of the API refusing them half-way through `pulumi up`.
 */

/**
 * Retention periods CloudWatch Logs accepts, in days.
 * Source: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];

/**
 * Tag rules shared by EC2, EKS, RDS, ElastiCache and the rest: at most 50 user tags per resource,
 * keys of 1-128 and values of 0-256 characters from letters, digits, spaces and `_ . : / = + - @`,
 * and the `aws:` prefix reserved (in any case).
 * Source: https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
 */
export const TAG_LIMITS = {
  maxTagsPerResource: 50,
  maxKeyLength: 128,
  maxValueLength: 256,
  allowed: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
  reservedPrefix: /^aws:/i,
} as const;

/**
 * VPC CIDR blocks: a prefix between /16 and /28, and (as AWS recommends) from the private ranges
 * of RFC 1918 or the shared range of RFC 6598 that EKS also supports.
 * Source: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 */
export const VPC_CIDR = {
  minPrefix: 16,
  maxPrefix: 28,
  allowedRanges: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"],
} as const;

/** Addresses AWS keeps in every subnet (network, router, DNS, future use, broadcast). */
export const SUBNET_RESERVED_ADDRESSES = 5;

/**
 * Ranges that never reach EKS's public API endpoint as a source address: private (RFC 1918),
 * shared carrier-grade NAT (RFC 6598), "this network", loopback, link-local, multicast and the
 * reserved class E block (RFC 6890). EKS refuses allow-list entries that include reserved
 * addresses; a machine in one of these ranges reaches the public endpoint from its NAT's public
 * address, or the private endpoint from inside the VPC.
 * Source: https://repost.aws/knowledge-center/eks-lock-api-access-IP-addresses
 */
export const NON_PUBLIC_RANGES: readonly string[] = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "224.0.0.0/4",
  "240.0.0.0/4",
];
