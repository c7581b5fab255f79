/**
 * CloudFront in front of a public ALB, as plain data (the inputs of
 * `aws.cloudfront.Distribution`). Managed policy ids are AWS's fixed, documented ids.
 */
import { ORIGIN_VERIFY_HEADER } from "./waf";

/** Managed cache policy `CachingDisabled`: every request goes to the origin (an API). */
export const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/** Managed cache policy `CachingOptimized`: caches by the origin's Cache-Control. */
export const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
/**
 * Managed origin request policy `AllViewerExceptHostHeader`: headers, cookies and query strings
 * reach the origin; Host becomes the origin's name, which the ALB's certificate covers.
 */
export const ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
/** Route 53 alias target zone of every CloudFront distribution. */
export const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

/** Origin host of a public host behind CloudFront: `api.example.com` -> `api-origin.example.com`. */
export function originHost(host: string): string {
  const dot = host.indexOf(".");
  return `${host.slice(0, dot)}-origin${host.slice(dot)}`;
}

/** Everything a distribution is built from. */
export interface DistributionSpec<I = string> {
  host: string;
  /** The ALB's name under the hosted zone (see {@link originHost}). */
  originHost: string;
  /** Cache by Cache-Control instead of passing everything through. */
  caching: boolean;
  /** Secret value of the origin header; the ALB's web ACL checks it. */
  originSecret: I;
  /** ACM certificate in us-east-1 covering `host`. */
  certificateArn: I;
  /** ARN of the CLOUDFRONT-scope web ACL. */
  webAclArn: I;
  /** Seconds CloudFront waits for the origin's response (at most the ALB's idle timeout, max 60). */
  originReadTimeoutSeconds: number;
}

/** The distribution's arguments. */
export function distributionArgs<I>(s: DistributionSpec<I>) {
  return {
    enabled: true,
    comment: `${s.host}: CloudFront in front of its ALB`,
    aliases: [s.host],
    httpVersion: "http2and3",
    isIpv6Enabled: false,
    priceClass: "PriceClass_100",
    webAclId: s.webAclArn,
    origins: [
      {
        originId: "alb",
        domainName: s.originHost,
        customOriginConfig: {
          httpPort: 80,
          httpsPort: 443,
          originProtocolPolicy: "https-only",
          originSslProtocols: ["TLSv1.2"],
          originReadTimeout: Math.min(60, s.originReadTimeoutSeconds),
          originKeepaliveTimeout: 5,
        },
        customHeaders: [{ name: ORIGIN_VERIFY_HEADER, value: s.originSecret }],
      },
    ],
    defaultCacheBehavior: {
      targetOriginId: "alb",
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
      cachedMethods: ["GET", "HEAD"],
      cachePolicyId: s.caching ? CACHING_OPTIMIZED : CACHING_DISABLED,
      originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
      compress: true,
    },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: {
      acmCertificateArn: s.certificateArn,
      sslSupportMethod: "sni-only",
      minimumProtocolVersion: "TLSv1.2_2021",
    },
  };
}
