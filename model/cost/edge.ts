/**
 * BOM lines for the way in: the ALB the load balancer controller creates for a public Ingress
 * (hours and LCUs), WAFv2 web ACLs (ACL, rules, requests), CloudFront (HTTPS requests and
 * transfer out) and the Route 53 hosted zone the records live in. Traffic is read from the
 * `platform.io/planned-rps` tag (`current/target` req/s) the program puts on each, and priced
 * as that rate sustained for the whole month: the baseline at today's peak, the maximum at the
 * design target, the minimum at no traffic. That is an upper bound of a month's traffic.
 */
import { BomItem, fixed, Scaled } from "./bom";
import { describe, get, ResourceLike } from "./props";

/** Pulumi type tokens handled here. */
export const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
export const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
export const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
export const ROUTE53_RECORD = "aws:route53/record:Record";

/** Tag carrying the planned req/s, `current/target`. */
export const PLANNED_RPS_TAG = "platform.io/planned-rps";
/** Tag carrying the mean response size in KiB. */
export const RESPONSE_KIB_TAG = "platform.io/response-kib";
/** Tag naming the public endpoint (`namespace/service`) a web ACL protects; the policy pack links by it. */
export const ENDPOINT_TAG = "platform.io/public-endpoint";
/** The controller's annotations the model reads. */
export const ALB_ANNOTATION_PREFIX = "alb.ingress.kubernetes.io";

const SECONDS_PER_MONTH = 730 * 3600;
/** An LCU covers 25 new connections per second (or 1 GB processed per hour, whichever is more). */
const LCU_NEW_CONNECTIONS_PER_SECOND = 25;
const LCU_GB_PER_HOUR = 1;

/** Reads the controller's `key=value,key=value` tags annotation. */
export function parseAlbTags(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(",")
      .map((kv) => kv.trim())
      .filter(Boolean)
      .map((kv) => {
        const i = kv.indexOf("=");
        return i < 0 ? [kv, ""] : [kv.slice(0, i), kv.slice(i + 1)];
      }),
  );
}

/** Planned traffic from tags: req/s at min (none), baseline (today's peak), max (design target). */
export function plannedRps(r: ResourceLike, tags: Record<string, unknown>): Scaled {
  const text = tags[PLANNED_RPS_TAG];
  const m = typeof text === "string" ? /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(text) : null;
  if (!m)
    throw new Error(
      `${describe(r)}: tag ${PLANNED_RPS_TAG} must be "<current>/<target>" req/s, got ${JSON.stringify(text)}`,
    );
  return { min: 0, baseline: Number(m[1]), max: Number(m[2]) };
}

function responseKiB(tags: Record<string, unknown>): number {
  const v = Number(tags[RESPONSE_KIB_TAG]);
  return Number.isFinite(v) && v > 0 ? v : 8;
}

const perScale = (s: Scaled, f: (x: number) => number): Scaled => ({
  min: f(s.min),
  baseline: f(s.baseline),
  max: f(s.max),
});
const millionRequests = (rps: Scaled) => perScale(rps, (x) => (x * SECONDS_PER_MONTH) / 1e6);
const gbPerHour = (rps: number, kib: number) => (rps * kib * 1024 * 3600) / 1e9;

/** An internet-facing ALB Ingress: one ALB (hours) and its LCUs at the planned traffic. */
export function ingressItems(r: ResourceLike): BomItem[] {
  const annotations = (get(r.props, "metadata.annotations") ?? {}) as Record<string, unknown>;
  if (annotations[`${ALB_ANNOTATION_PREFIX}/scheme`] !== "internet-facing") return [];
  const tags = parseAlbTags(String(annotations[`${ALB_ANNOTATION_PREFIX}/tags`] ?? ""));
  const rps = plannedRps(r, tags);
  const kib = responseKiB(tags);
  // No connection reuse assumed: every request a new connection (the upper bound).
  const lcus = perScale(rps, (x) =>
    Math.max(x / LCU_NEW_CONNECTIONS_PER_SECOND, gbPerHour(x, kib) / LCU_GB_PER_HOUR),
  );
  const name = String(get(r.props, "metadata.name") ?? r.name);
  return [
    {
      component: "edge",
      resource: `${name}-alb`,
      price: { kind: "alb-hour" },
      capacity: "on-demand",
      unit: "per-hour",
      quantity: fixed(1),
    },
    {
      component: "edge",
      resource: `${name}-alb`,
      price: { kind: "alb-lcu" },
      capacity: "on-demand",
      unit: "per-hour",
      quantity: lcus,
    },
  ];
}

/** A web ACL: the ACL, one fee per rule (a managed rule group counts as one), its requests. */
export function webAclItems(r: ResourceLike): BomItem[] {
  const rules = (get(r.props, "rules") as unknown[] | undefined) ?? [];
  const tags = (get(r.props, "tags") ?? {}) as Record<string, unknown>;
  const items: BomItem[] = [
    {
      component: "edge",
      resource: r.name,
      price: { kind: "waf-web-acl" },
      capacity: "on-demand",
      unit: "per-month",
      quantity: fixed(1),
    },
    {
      component: "edge",
      resource: r.name,
      price: { kind: "waf-rule" },
      capacity: "on-demand",
      unit: "per-month",
      quantity: fixed(rules.length),
    },
  ];
  if (tags[PLANNED_RPS_TAG] !== undefined)
    items.push({
      component: "edge",
      resource: r.name,
      price: { kind: "waf-requests" },
      capacity: "on-demand",
      unit: "per-million",
      quantity: millionRequests(plannedRps(r, tags)),
    });
  return items;
}

/** A distribution: HTTPS requests and data transfer out at the planned traffic. */
export function distributionItems(r: ResourceLike): BomItem[] {
  const tags = (get(r.props, "tags") ?? {}) as Record<string, unknown>;
  const rps = plannedRps(r, tags);
  const kib = responseKiB(tags);
  return [
    {
      component: "edge",
      resource: r.name,
      price: { kind: "cloudfront-requests" },
      capacity: "on-demand",
      unit: "per-million",
      quantity: millionRequests(rps),
    },
    {
      component: "edge",
      resource: r.name,
      price: { kind: "cloudfront-transfer" },
      capacity: "on-demand",
      unit: "per-gb",
      quantity: perScale(rps, (x) => gbPerHour(x, kib) * 730),
    },
  ];
}

/**
 * Route 53: the hosted zone the records live in, once per zone. Alias queries to ALBs and
 * CloudFront are free; the validation records' queries are negligible.
 */
export function route53RecordItems(r: ResourceLike, all: ResourceLike[]): BomItem[] {
  const zone = get(r.props, "zoneId");
  const first = all.find((x) => x.type === ROUTE53_RECORD && get(x.props, "zoneId") === zone);
  if (first !== r) return [];
  return [
    {
      component: "edge",
      resource: `hosted-zone-${String(zone)}`,
      price: { kind: "route53-hosted-zone" },
      capacity: "on-demand",
      unit: "per-month",
      quantity: fixed(1),
    },
  ];
}
