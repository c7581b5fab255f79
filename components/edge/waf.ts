/**
 * WAFv2 web ACL rules as plain data (the `rules` input of `aws.wafv2.WebAcl`), so tests and the
 * policy pack read exactly what is deployed.
 */
import { RATE_WINDOW_SECONDS } from "./rate";

/** The AWS managed rule group every public endpoint gets: OWASP-style common protections. */
export const COMMON_RULE_SET = "AWSManagedRulesCommonRuleSet";
/** Header CloudFront adds to origin requests; the ALB's web ACL blocks requests without it. */
export const ORIGIN_VERIFY_HEADER = "x-origin-verify";

const visibility = (metricName: string) => ({
  cloudwatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

/** Blocks a client IP above `limit` requests per 5 minutes. */
export function rateLimitRule(limit: number, metricPrefix: string, priority: number) {
  return {
    name: "rate-limit-per-ip",
    priority,
    action: { block: {} },
    statement: {
      rateBasedStatement: {
        limit,
        aggregateKeyType: "IP",
        evaluationWindowSec: RATE_WINDOW_SECONDS,
      },
    },
    visibilityConfig: visibility(`${metricPrefix}-rate-limit`),
  };
}

/** The AWS managed common rule set, its own actions kept (block). */
export function commonRuleSetRule(metricPrefix: string, priority: number) {
  return {
    name: COMMON_RULE_SET,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: "AWS", name: COMMON_RULE_SET } },
    visibilityConfig: visibility(`${metricPrefix}-common`),
  };
}

/** Blocks any request that does not carry CloudFront's secret origin header: no way around the CDN. */
export function originVerifyRule<I>(secret: I, metricPrefix: string, priority: number) {
  return {
    name: "origin-only-through-cloudfront",
    priority,
    action: { block: {} },
    statement: {
      notStatement: {
        statement: {
          byteMatchStatement: {
            fieldToMatch: { singleHeader: { name: ORIGIN_VERIFY_HEADER } },
            positionalConstraint: "EXACTLY",
            searchString: secret,
            textTransformations: [{ priority: 0, type: "NONE" }],
          },
        },
      },
    },
    visibilityConfig: visibility(`${metricPrefix}-origin-verify`),
  };
}

/** Where a web ACL sits in the path. */
export type AclRole =
  /** On the ALB of a service without CDN: the edge itself. */
  | { kind: "edge"; rateLimit: number }
  /** On a CloudFront distribution (scope CLOUDFRONT): sees the real client IPs. */
  | { kind: "cdn"; rateLimit: number }
  /** On the ALB behind CloudFront: only CloudFront may reach it. */
  | { kind: "origin"; secret: unknown };

/**
 * The rules of one web ACL. The rate limit sits where client IPs are real: on the ALB without a
 * CDN, on the distribution with one (behind CloudFront the ALB sees CloudFront's addresses). The
 * rate rule comes first, so a flood is cut before the managed rules are evaluated.
 */
export function webAclRules<I>(role: AclRole & { secret?: I }, metricPrefix: string) {
  switch (role.kind) {
    case "edge":
    case "cdn":
      return [rateLimitRule(role.rateLimit, metricPrefix, 0), commonRuleSetRule(metricPrefix, 1)];
    case "origin":
      return [
        originVerifyRule(role.secret as I, metricPrefix, 0),
        commonRuleSetRule(metricPrefix, 1),
      ];
  }
}

/**
 * The CloudWatch names of one endpoint's web ACLs and rules (their `WebACL` and `Rule`
 * dimensions), as {@link PublicEndpoint} builds them: the ACL on the ALB, the one on CloudFront,
 * and the metric names of the rules the dashboards draw.
 */
export function wafNames(loadBalancerName: string) {
  const cdnAcl = `${loadBalancerName}-cdn`;
  return {
    albAcl: `${loadBalancerName}-alb`,
    cdnAcl,
    albRateLimitRule: rateLimitRule(1, loadBalancerName, 0).visibilityConfig.metricName,
    cdnRateLimitRule: rateLimitRule(1, cdnAcl, 0).visibilityConfig.metricName,
    originVerifyRule: originVerifyRule("", loadBalancerName, 0).visibilityConfig.metricName,
  };
}

/**
 * Web ACL arguments other than rules: allow by default, metrics on. The ACL is named as its
 * metric: YACE finds a web ACL by tag and reads its `WebACL` dimension from the name in its ARN,
 * which CloudWatch spells with the metric name.
 */
export function webAclBase(scope: "REGIONAL" | "CLOUDFRONT", metricName: string) {
  return {
    name: metricName,
    scope,
    defaultAction: { allow: {} },
    visibilityConfig: visibility(metricName),
  };
}
