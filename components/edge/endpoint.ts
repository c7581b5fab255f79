import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { PLANNED_RPS_TAG, RESPONSE_KIB_TAG } from "../../model/cost/edge";
import { type EdgeAlarmThresholds, edgeAlarms } from "./alarms";
import { distributionArgs, originHost } from "./cdn";
import { ENDPOINT_TAG, endpointTagValue, publicIngress } from "./ingress";
import { wafNames, webAclBase, webAclRules } from "./waf";

/** Region of CloudFront's certificates and CLOUDFRONT-scope web ACLs. */
export const CLOUDFRONT_REGION = "us-east-1";

/** Arguments of {@link PublicEndpoint}. */
export interface PublicEndpointArgs {
  /** Service name and namespace (its ClusterIP Service, port `http`). */
  service: string;
  namespace: string;
  /** Public host name. */
  host: string;
  /** Route 53 hosted zone the host's records and validation records go in. */
  hostedZoneId: string;
  /** CloudFront in front. */
  cdn: boolean;
  /** CloudFront caches by Cache-Control; only with `cdn`. */
  cdnCaching: boolean;
  /** WAF limit per client IP per 5 minutes. */
  rateLimit: number;
  idleTimeoutSeconds: number;
  /** The readiness probe path: the ALB health check. */
  healthCheckPath: string;
  /** ALB name, fixed so the alarms can find it. */
  loadBalancerName: string;
  /** The environment's region (ALB, its certificate and web ACL). */
  region: string;
  plannedRps: { current: number; target: number };
  responseKiB: number;
  /** Alarm levels; no alarms when absent (an environment without monitoring). */
  alarms?: EdgeAlarmThresholds;
  /** Where alarms notify. Default: nowhere. */
  alertTopicArn?: pulumi.Input<string>;
  /**
   * Tags the controller puts on the ALB besides the cost tags; the environment tag is what the
   * CloudWatch exporter discovers it by. Default: none.
   */
  tags?: Record<string, string>;
  provider: k8s.Provider;
}

/**
 * The whole way in for one service: an ACM certificate validated through Route 53, a WAFv2 web
 * ACL (managed common rules and a per-IP rate limit), an internet-facing ALB through an Ingress
 * the load balancer controller reconciles, Route 53 aliases, optionally CloudFront in front with
 * the ALB reachable only through it, and CloudWatch alarms on the ALB.
 */
export class PublicEndpoint extends pulumi.ComponentResource {
  /** The ALB the controller created, found by its fixed name once the Ingress exists. */
  readonly loadBalancerDnsName: pulumi.Output<string>;
  /** The distribution's domain, when there is a CDN. */
  readonly cdnDomainName?: pulumi.Output<string>;

  constructor(name: string, args: PublicEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:PublicEndpoint", name, {}, opts);
    const parent = { parent: this };
    const albHost = args.cdn ? originHost(args.host) : args.host;
    const endpoint = endpointTagValue(args.namespace, args.service);
    const traffic = {
      [PLANNED_RPS_TAG]: `${args.plannedRps.current}/${args.plannedRps.target}`,
      [RESPONSE_KIB_TAG]: String(args.responseKiB),
      [ENDPOINT_TAG]: endpoint,
    };

    const names = wafNames(args.loadBalancerName);
    const certificate = this.certificate(`${name}-cert`, args, [albHost], args.region);
    // The header value is what keeps the ALB private to CloudFront: a secret wherever it goes.
    const secret = args.cdn
      ? pulumi.secret(
          new random.RandomPassword(`${name}-origin-secret`, { length: 48, special: false }, parent)
            .result,
        )
      : undefined;
    const albAcl = new aws.wafv2.WebAcl(
      `${name}-waf`,
      {
        ...webAclBase("REGIONAL", names.albAcl),
        description: `${args.host}: ${args.cdn ? "only CloudFront reaches the ALB" : `at most ${args.rateLimit} requests per client IP per 5 minutes`}`,
        rules: webAclRules(
          args.cdn
            ? { kind: "origin", secret: secret! }
            : { kind: "edge", rateLimit: args.rateLimit },
          args.loadBalancerName,
        ),
        tags: traffic,
      },
      parent,
    );

    const ingress = new k8s.networking.v1.Ingress(
      `${name}-ingress`,
      publicIngress({
        service: args.service,
        namespace: args.namespace,
        host: albHost,
        loadBalancerName: args.loadBalancerName,
        healthCheckPath: args.healthCheckPath,
        idleTimeoutSeconds: args.idleTimeoutSeconds,
        certificateArn: certificate.certificateArn as pulumi.Input<string>,
        webAclArn: albAcl.arn as pulumi.Input<string>,
        plannedRps: args.plannedRps,
        responseKiB: args.responseKiB,
        tags: args.tags,
      }) as k8s.networking.v1.IngressArgs,
      { parent: this, provider: args.provider, dependsOn: [certificate] },
    );

    // The controller creates the ALB; its name is fixed, so it is looked up once the Ingress exists.
    const alb = aws.lb.getLoadBalancerOutput(
      { name: args.loadBalancerName },
      { parent: this, dependsOn: [ingress] },
    );
    this.loadBalancerDnsName = alb.dnsName;
    const alias = (
      role: string,
      host: string,
      target: { name: pulumi.Input<string>; zoneId: pulumi.Input<string> },
    ) =>
      new aws.route53.Record(
        `${name}-${role}`,
        {
          zoneId: args.hostedZoneId,
          name: host,
          type: "A",
          aliases: [{ ...target, evaluateTargetHealth: true }],
        },
        parent,
      );
    alias(args.cdn ? "origin-record" : "record", albHost, {
      name: alb.dnsName,
      zoneId: alb.zoneId,
    });

    if (args.cdn) {
      const cdnCertificate =
        args.region === CLOUDFRONT_REGION
          ? certificate
          : this.certificate(`${name}-cdn-cert`, args, [args.host], CLOUDFRONT_REGION);
      const cdnAcl = new aws.wafv2.WebAcl(
        `${name}-cdn-waf`,
        {
          ...webAclBase("CLOUDFRONT", names.cdnAcl),
          region: CLOUDFRONT_REGION,
          description: `${args.host}: at most ${args.rateLimit} requests per client IP per 5 minutes`,
          rules: webAclRules({ kind: "cdn", rateLimit: args.rateLimit }, names.cdnAcl),
          tags: traffic,
        },
        parent,
      );
      const distribution = new aws.cloudfront.Distribution(
        `${name}-cdn`,
        {
          ...distributionArgs({
            host: args.host,
            originHost: albHost,
            caching: args.cdnCaching,
            originSecret: secret!,
            certificateArn: cdnCertificate.certificateArn,
            webAclArn: cdnAcl.arn,
            originReadTimeoutSeconds: args.idleTimeoutSeconds,
          }),
          tags: traffic,
        } as aws.cloudfront.DistributionArgs,
        parent,
      );
      this.cdnDomainName = distribution.domainName;
      alias("record", args.host, {
        name: distribution.domainName,
        zoneId: distribution.hostedZoneId,
      });
    }

    if (args.alarms) {
      for (const a of edgeAlarms<pulumi.Input<string>>(
        args.service,
        alb.arnSuffix,
        args.alarms,
        args.alertTopicArn,
      )) {
        new aws.cloudwatch.MetricAlarm(
          `${name}-${a.role}`,
          a.args as aws.cloudwatch.MetricAlarmArgs,
          parent,
        );
      }
    }
    this.registerOutputs({
      loadBalancerDnsName: this.loadBalancerDnsName,
      cdnDomainName: this.cdnDomainName,
    });
  }

  /** An ACM certificate for `names` with its DNS validation records, validated. */
  private certificate(
    name: string,
    args: PublicEndpointArgs,
    names: string[],
    region: string,
  ): aws.acm.CertificateValidation {
    const parent = { parent: this };
    const all = [...new Set([args.host, ...names])];
    const cert = new aws.acm.Certificate(
      name,
      {
        region,
        domainName: all[0],
        subjectAlternativeNames: all.slice(1),
        validationMethod: "DNS",
        keyAlgorithm: "EC_prime256v1",
      },
      parent,
    );
    // One validation record per name, in the order ACM reports them.
    const records = all.map(
      (_, i) =>
        new aws.route53.Record(
          `${name}-validation-${i}`,
          {
            zoneId: args.hostedZoneId,
            name: cert.domainValidationOptions.apply((o) => o[i].resourceRecordName!),
            type: cert.domainValidationOptions.apply((o) => o[i].resourceRecordType!),
            records: [cert.domainValidationOptions.apply((o) => o[i].resourceRecordValue!)],
            ttl: 60,
            // A second certificate for the same name (CloudFront's) is validated by the same record.
            allowOverwrite: true,
          },
          parent,
        ),
    );
    return new aws.acm.CertificateValidation(
      `${name}-validated`,
      {
        region,
        certificateArn: cert.arn,
        validationRecordFqdns: records.map((r) => r.fqdn),
      },
      parent,
    );
  }
}
