import type * as pulumi from "@pulumi/pulumi";
import {
  capacityPerWindow,
  defaultRateLimit,
  type EdgeAlarmThresholds,
  loadBalancerName,
  originHost,
  PublicEndpoint,
} from "../../components/edge";
import { parsePromDuration } from "../../components/monitoring/rules";
import { ConfigError, type ConfigProblem } from "../errors";
import type { Environment } from "../schema";
import { cdnOf } from "../schema/edge";
import { environmentTags } from "../tags";
import type { Area } from "./area";
import type { Monitored } from "./monitoring";
import type { Workloads } from "./workloads";

/** One public service with every default resolved: what its endpoint is built from. */
export interface PlannedEndpoint {
  service: string;
  namespace: string;
  host: string;
  /** The ALB's host: the public host, or its origin name behind CloudFront. */
  albHost: string;
  cdn: boolean;
  cdnCaching: boolean;
  /** WAF limit per client IP per 5 minutes. */
  rateLimit: number;
  /** Whether the limit is the derived default or `platform:edge.services.<name>.rateLimit`. */
  rateLimitSource: "derived" | "configured";
  /** Requests the service serves in 5 minutes at its planned maximum. */
  capacityPerWindow: number;
  idleTimeoutSeconds: number;
  responseKiB: number;
  loadBalancerName: string;
  plannedRps: { current: number; target: number };
}

/**
 * The environment's public endpoints, resolved: CDN on by default where the environment is
 * protected (`cluster.deletionProtection`, production), the rate limit derived from the traffic
 * targets unless configured. A limit above what the service serves at its planned maximum
 * (`bounds`, from the capacity planner) is a {@link ConfigError} naming the key.
 */
export function planEdge(
  env: Environment,
  bounds: Record<string, { min: number; max: number }>,
): PlannedEndpoint[] {
  const problems: ConfigProblem[] = [];
  const planned = Object.entries(env.edge.services).map(([name, e]): PlannedEndpoint => {
    const s = env.services[name];
    const capacity = capacityPerWindow(bounds[name].max, s.throughputPerPod.peakRps);
    const rateLimit = e.rateLimit ?? defaultRateLimit(s);
    if (rateLimit > capacity)
      problems.push({
        key: `platform:edge.services.${name}.${e.rateLimit === undefined ? "host" : "rateLimit"}`,
        message:
          `a limit of ${rateLimit} requests per client IP per 5 minutes is above what ${name} serves at its planned maximum ` +
          `(${bounds[name].max} replicas × ${s.throughputPerPod.peakRps} req/s × 300 s = ${capacity}), so it would never stop one client; ` +
          `set rateLimit to at most ${capacity}`,
        value: rateLimit,
      });
    const cdn = cdnOf(e, env.cluster.deletionProtection);
    const current = s.traffic?.currentPeakRps ?? bounds[name].min * s.throughputPerPod.baselineRps;
    const target =
      s.traffic?.targetPeakRps ??
      s.traffic?.currentPeakRps ??
      bounds[name].max * s.throughputPerPod.baselineRps;
    return {
      service: name,
      namespace: s.namespace,
      host: e.host,
      albHost: cdn ? originHost(e.host) : e.host,
      cdn,
      cdnCaching: e.cdnCaching,
      rateLimit,
      rateLimitSource: e.rateLimit === undefined ? "derived" : "configured",
      capacityPerWindow: capacity,
      idleTimeoutSeconds: e.idleTimeoutSeconds,
      responseKiB: e.responseKiB,
      loadBalancerName: loadBalancerName(env.name, name),
      plannedRps: { current, target },
    };
  });
  if (problems.length) throw new ConfigError(env.name, `Pulumi.${env.name}.yaml`, problems);
  return planned;
}

/** Alarm levels of a service's ALB, from `platform:monitoring.alerting`; none without monitoring. */
export function edgeAlarmThresholds(
  env: Environment,
  service: string,
): EdgeAlarmThresholds | undefined {
  const t = env.monitoring?.alerting.thresholds;
  if (t === undefined) return undefined;
  return {
    errorPercent: t.httpErrorRate.criticalPercent,
    errorForSeconds: parsePromDuration(t.httpErrorRate.for) ?? 300,
    latencyObjectiveMs: env.services[service].latencyObjectiveMs,
    latencyForSeconds: parsePromDuration(t.httpLatency.for) ?? 300,
  };
}

/** What the edge area built. */
export interface Edge {
  plan: PlannedEndpoint[];
  endpoints: Record<string, PublicEndpoint>;
}

/** Stack outputs: each public host with its certificate, WAF limit and CDN. */
export function edgeOutputs(e: Edge) {
  return {
    publicEndpoints: Object.fromEntries(
      e.plan.map((p) => [
        p.service,
        {
          host: p.host,
          albHost: p.albHost,
          tls: "ACM, DNS-validated in Route 53",
          wafRateLimitPer5MinPerIp: p.rateLimit,
          rateLimitSource: p.rateLimitSource,
          cdn: p.cdn
            ? p.cdnCaching
              ? "CloudFront, caching by Cache-Control"
              : "CloudFront, caching off"
            : "none",
          loadBalancerDnsName: e.endpoints[p.service].loadBalancerDnsName as pulumi.Output<string>,
        },
      ]),
    ),
  };
}

/**
 * The way in for every service `platform:edge` marks public, on AWS. Runs after the workloads (its
 * Ingresses point at their Services, its limits check their planned maxima) and monitoring (its
 * alarms notify the alert topic). Services not listed get nothing: they stay ClusterIP only.
 */
export const edgeArea: Area<
  { workloads: Workloads; monitoring: Monitored | undefined },
  Edge | undefined
> = {
  build: ({ env, site, built }) => {
    const names = Object.keys(env.edge.services);
    if (names.length === 0) return undefined;
    if (site.aws === undefined)
      throw new ConfigError(env.name, `Pulumi.${env.name}.yaml`, [
        {
          key: "platform:edge.services",
          message: `public endpoints (${names.join(", ")}) need AWS (an ALB, ACM, WAF, Route 53); this environment renders YAML only, so remove them`,
        },
      ]);
    const f = site.aws;
    const plan = planEdge(env, built.workloads.bounds);
    const endpoints = Object.fromEntries(
      plan.map((p) => [
        p.service,
        new PublicEndpoint(
          `edge-${p.service}`,
          {
            ...p,
            hostedZoneId: env.edge.hostedZoneId!,
            healthCheckPath: env.services[p.service].probes.readinessPath,
            region: env.aws.region,
            alarms: edgeAlarmThresholds(env, p.service),
            alertTopicArn: built.monitoring?.alertTopicArn,
            // The tag the CloudWatch exporter discovers this environment's resources by.
            tags: { Environment: environmentTags(env).Environment },
            provider: f.target.provider,
          },
          { ...f.target.opts, dependsOn: [built.workloads.services[p.service]] },
        ),
      ]),
    );
    return { plan, endpoints };
  },
  outputs: (e) => (e === undefined ? {} : edgeOutputs(e)),
};
