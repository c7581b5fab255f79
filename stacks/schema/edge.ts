import { z } from "zod";
import { WAF_MAX_RATE_LIMIT, WAF_MIN_RATE_LIMIT } from "../../components/edge/rate";
import { intAtLeast } from "./common";

/**
 * Hosted zone ids shipped in the example stack files. They let `npm run plan` and previews run
 * out of the box, and a deploy refuses them (see {@link placeholderIssues}).
 */
export const PLACEHOLDER_ZONE_IDS: readonly string[] = ["Z0000000000EXAMPLE"];

const zoneId = z
  .string()
  .regex(/^Z[A-Z0-9]{1,32}$/, "must be a Route 53 hosted zone id like Z0123456789ABC");
const dnsName = z
  .string()
  .regex(
    /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/,
    "must be a DNS name like api.example.com",
  );

/** One service the environment serves to the Internet. */
const publicService = z.strictObject({
  /** The public host name; must be inside `platform:edge.domain`. */
  host: dnsName.describe("Public host name (inside platform:edge.domain)"),
  /** CloudFront in front of the ALB. Default: on in a protected environment (`cluster.deletionProtection`), else off. */
  cdn: z
    .boolean()
    .optional()
    .describe("CloudFront in front (default: on where cluster.deletionProtection is true)"),
  /** CloudFront caches responses by their Cache-Control headers. Default: off (an API). */
  cdnCaching: z
    .boolean()
    .default(false)
    .describe("CloudFront caches by Cache-Control (default off: an API)"),
  /** Requests one client IP may send per 5 minutes before WAF blocks it. Default: 2 % of the design peak over 5 minutes. */
  rateLimit: z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(
      WAF_MIN_RATE_LIMIT,
      `must be at least ${WAF_MIN_RATE_LIMIT} requests per 5 minutes (AWS WAF's minimum; 0 would block every client)`,
    )
    .max(WAF_MAX_RATE_LIMIT, `must be at most ${WAF_MAX_RATE_LIMIT} (AWS WAF's maximum)`)
    .optional()
    .describe("WAF limit per client IP per 5 minutes (default: 2 % of the design peak)"),
  /** Seconds the ALB keeps an idle connection. Default: 60. */
  idleTimeoutSeconds: intAtLeast(1)
    .max(4000, "must be at most 4000 (the ALB's maximum)")
    .default(60)
    .describe("ALB idle timeout (s, default 60)"),
  /** Mean response size, for pricing ALB processed bytes and CloudFront transfer. Default: 8 KiB. */
  responseKiB: z
    .number()
    .positive("must be above 0")
    .default(8)
    .describe("Mean response size in KiB, for the cost estimate (default 8)"),
});

/**
 * `platform:edge`: how traffic from the Internet reaches services. Services not listed stay
 * internal (ClusterIP only). Default: none public.
 */
export const edgeSchema = z
  .strictObject({
    /** Route 53 hosted zone the public hosts' records and certificate validation records go in. */
    hostedZoneId: zoneId
      .optional()
      .describe("Route 53 hosted zone for public hosts (required with services)"),
    /** The domain the hosted zone serves. */
    domain: dnsName.optional().describe("Domain the hosted zone serves, e.g. example.com"),
    /** Public services by name (keys of `platform:services`). */
    services: z
      .record(z.string(), publicService)
      .default({})
      .describe("Public services by name: host, cdn, cdnCaching, rateLimit, idleTimeoutSeconds"),
  })
  .prefault({})
  .describe("Public endpoints: ALB + ACM + WAF (+ CloudFront) per listed service");

/**
 * Whether a public service has CloudFront in front: as configured, else where the environment is
 * protected (`cluster.deletionProtection`, production).
 */
export function cdnOf(service: { cdn?: boolean }, deletionProtection: boolean): boolean {
  return service.cdn ?? deletionProtection;
}

type Issue = { path: (string | number)[]; message: string };

/**
 * Cross-checks of `platform:edge` against the rest: every public service exists, has a hosted
 * zone and a domain its host is inside, hosts are distinct.
 */
export function edgeIssues(env: {
  edge: z.output<typeof edgeSchema>;
  services: Record<string, unknown>;
}): Issue[] {
  const issues: Issue[] = [];
  const { edge } = env;
  const names = Object.keys(edge.services);
  if (names.length === 0) return issues;
  if (edge.hostedZoneId === undefined)
    issues.push({
      path: ["edge", "hostedZoneId"],
      message: `is required: public services (${names.join(", ")}) need a Route 53 hosted zone for their certificates' validation and their DNS records`,
    });
  if (edge.domain === undefined)
    issues.push({
      path: ["edge", "domain"],
      message: "is required with public services: the domain the hosted zone serves",
    });
  const hosts = new Map<string, string>();
  for (const [name, s] of Object.entries(edge.services)) {
    if (!(name in env.services))
      issues.push({
        path: ["edge", "services", name],
        message: `is not a service of platform:services (${Object.keys(env.services).join(", ") || "none"})`,
      });
    if (edge.domain !== undefined && !s.host.endsWith(`.${edge.domain}`))
      issues.push({
        path: ["edge", "services", name, "host"],
        message: `${s.host} is not inside platform:edge.domain ${edge.domain}, so its certificate cannot be validated in the hosted zone`,
      });
    const other = hosts.get(s.host);
    if (other !== undefined)
      issues.push({
        path: ["edge", "services", name, "host"],
        message: `${s.host} is also the host of ${other}; one host serves one service`,
      });
    hosts.set(s.host, name);
  }
  return issues;
}

/**
 * Settings still holding a shipped example value that must be replaced before a deploy: the
 * edge's and the ACME issuer's hosted zone. A plan or preview accepts them.
 */
export function placeholderIssues(env: {
  edge: z.output<typeof edgeSchema>;
  tls: { issuer: { kind: string; hostedZoneId?: string } };
}): Issue[] {
  const issues: Issue[] = [];
  const placeholder = (id: string | undefined) =>
    id !== undefined && PLACEHOLDER_ZONE_IDS.includes(id);
  if (Object.keys(env.edge.services).length > 0 && placeholder(env.edge.hostedZoneId))
    issues.push({
      path: ["edge", "hostedZoneId"],
      message: `${env.edge.hostedZoneId} is the shipped example zone; set your own Route 53 hosted zone id before deploying (plans and previews accept it)`,
    });
  if (env.tls.issuer.kind === "acme" && placeholder(env.tls.issuer.hostedZoneId))
    issues.push({
      path: ["tls", "issuer", "hostedZoneId"],
      message: `${env.tls.issuer.hostedZoneId} is the shipped example zone; set your own Route 53 hosted zone id before deploying (plans and previews accept it)`,
    });
  return issues;
}
