import { z } from "zod";

/**
 * A non-negative figure; a negative one is refused with the key named (zod's path) and the fix.
 * @param what what the figure is, for the message.
 */
const amount = (what: string) =>
  z
    .number({ error: `must be a number (${what})` })
    .finite()
    .min(0, `must not be negative: it is ${what}; use 0 when there is none`);

const share = (what: string) =>
  amount(what).max(1, `must be a share between 0 and 1 (${what}), e.g. 0.5 for half`);

/**
 * `platform:usage`: the traffic the cost model prices usage-driven charges from (NAT data
 * processing, transfer across zones and to the internet, CloudWatch Logs and metrics, Secrets
 * Manager calls, backup storage). Defaults describe a small service and are the single place the
 * assumptions live; each says where it comes from. Override them per environment with measured
 * figures (Cost Explorer usage types, VPC flow logs, CloudWatch `IncomingBytes`).
 */
export const usageSchema = z
  .strictObject({
    /** Mean requests per second over a month at baseline (not the peak). Default: 20. */
    requestsPerSecond: amount("mean requests per second at baseline")
      .default(20)
      .describe("Mean req/s over a month at baseline scale (not the peak)"),
    /**
     * Mean requests per second over a month at maximum scale. Default: 200, ten times the
     * baseline, as seed 003's 10x table.
     */
    maxRequestsPerSecond: amount("mean requests per second at maximum scale")
      .default(200)
      .describe("Mean req/s over a month at maximum scale"),
    /** Mean response size (KiB). Default: 8, the edge model's default response size. */
    responseKiB: amount("KiB per response").default(8).describe("Mean response size (KiB)"),
    /**
     * KiB moved inside the VPC per request: service to PgBouncer, Redis, RabbitMQ and other
     * services, both ways. Default: 16 (two reads and a write of a few KiB each).
     */
    internalKiBPerRequest: amount("KiB inside the VPC per request")
      .default(16)
      .describe("KiB moved inside the VPC per request"),
    /**
     * Share of that internal traffic that crosses zones. Default: 0.67: over three zones without
     * topology-aware routing, a peer picked at random is in another zone two times in three.
     */
    interAzShare: share("the share of internal traffic crossing zones")
      .default(0.67)
      .describe("Share (0-1) of internal traffic crossing zones"),
    /**
     * Share of response bytes leaving through the load balancer straight to the internet; the rest
     * goes through CloudFront, which the edge prices. Default: 1 (no CDN in front).
     */
    internetShare: share("the share of responses leaving straight to the internet")
      .default(1)
      .describe("Share (0-1) of response bytes leaving without CloudFront"),
    /**
     * GB a month through the NAT gateways: image pulls, OS and package mirrors, external APIs
     * (S3 goes through the free gateway endpoint). Default: 100.
     */
    natGbPerMonth: amount("GB a month through NAT")
      .default(100)
      .describe("GB a month through the NAT gateways"),
    /**
     * KiB of CloudWatch Logs per request. Default: 0.25: the platform ships no application logs to
     * CloudWatch, but VPC flow logs write a record (about 125 bytes) per connection each way.
     */
    logKiBPerRequest: amount("KiB of logs per request")
      .default(0.25)
      .describe(
        "KiB of CloudWatch Logs per request (flow-log records; application logs if shipped)",
      ),
    /**
     * GB a month of logs independent of traffic: EKS control-plane logs, VPC flow logs, builds.
     * Default: 10.
     */
    logGbPerMonth: amount("GB of logs a month independent of traffic")
      .default(10)
      .describe("GB a month of control-plane, flow and build logs"),
    /**
     * CloudWatch custom metrics published. Default: 0: the platform's metrics live in
     * Prometheus, and YACE reads CloudWatch's own (free) service metrics.
     */
    customMetrics: amount("custom metrics published")
      .int("must be a whole number of metrics")
      .default(0)
      .describe("CloudWatch custom metrics published"),
    /**
     * Secrets Manager API calls a month. Default: 50,000 (pods reading their credentials at start
     * and a refresh every few minutes per consumer).
     */
    secretsApiCallsPerMonth: amount("Secrets Manager API calls a month")
      .default(50_000)
      .describe("Secrets Manager API calls a month"),
    /**
     * GB held in the AWS Backup vaults, all copies (only environments with cross-region backup
     * copies have vaults). Default: none; required where the stack creates vaults.
     */
    backupStorageGb: amount("GB in the AWS Backup vaults")
      .optional()
      .describe("GB held in AWS Backup vaults (required where vaults exist)"),
  })
  .superRefine((u, ctx) => {
    if (u.maxRequestsPerSecond < u.requestsPerSecond)
      ctx.addIssue({
        code: "custom",
        path: ["maxRequestsPerSecond"],
        message: `maxRequestsPerSecond ${u.maxRequestsPerSecond} is below requestsPerSecond ${u.requestsPerSecond}: the maximum scale carries at least the baseline's traffic`,
      });
  })
  .prefault({})
  .describe("Traffic assumptions the cost model prices usage-driven charges from");

/** The validated usage settings. */
export type UsageConfig = z.output<typeof usageSchema>;
