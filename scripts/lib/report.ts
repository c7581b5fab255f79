/**
 * The offline plan of one environment as data: what the program registers, the bounds it runs
 * with, what it costs and what the policy pack says. `npm run plan` prints it; `--json` writes it,
 * and two of them (base and head of a pull request) make the Markdown diff in `compare.ts`.
 */
import { estimateStack, summariseEstimate, CostSummary } from "../../model/cost";
import { workloads } from "../../policy/lib/workloads";
import { evaluatePack, readPackConfig, packConfigPath, Verdict } from "./policy";
import { PROJECT_ROOT, ProgramRun } from "./program";
import {
  ComponentSummary,
  nodeGroupBounds,
  NodeGroupBounds,
  summariseByComponent,
} from "./summary";
import * as path from "path";

/** Replica bounds of one workload. */
export interface WorkloadBounds {
  /** `namespace/name`. */
  name: string;
  /** What scales it: HPA, ScaledObject, or fixed. */
  scaler: string;
  min: number;
  max: number;
}

/** One public endpoint: its host, TLS, WAF limit, CDN and what its resources cost a month. */
export interface PublicEndpointReport {
  service: string;
  host: string;
  tls: string;
  /** WAF limit per client IP per 5 minutes. */
  rateLimit: number;
  cdn: string;
  /** The endpoint's own resources priced (ALB, web ACLs, CloudFront, hosted zone, alarms). */
  monthlyUsd: { min: number; baseline: number; max: number };
}

/** What the add-ons on the system nodes request and the nodes they need (the `systemTier` stack output). */
export interface SystemTierReport {
  cpu: number;
  memoryGiB: number;
  pods: number;
  instanceType: string;
  nodesWithHeadroom: number;
  nodesWithoutHeadroom: number;
}

/** Everything the plan reports for one environment. */
export interface PlanReport {
  environment: string;
  /** Resources the engine would manage (custom resources). */
  resources: number;
  components: ComponentSummary[];
  nodeGroups: NodeGroupBounds[];
  /** The system tier's needs; absent where the environment has no system nodes of its own. */
  systemTier?: SystemTierReport;
  workloads: WorkloadBounds[];
  cost: CostSummary;
  /** Services reachable from the Internet. */
  publicEndpoints: PublicEndpointReport[];
  /** The policy configuration used, relative to the project. */
  policyConfig: string;
  verdicts: Verdict[];
  /** How many verdicts block a deployment. */
  mandatoryViolations: number;
}

function isSummary(v: unknown): v is CostSummary {
  return typeof v === "object" && v !== null && "total" in v;
}

/** Builds the report of a program run, evaluating the real pack with the environment's configuration. */
export async function planReport(run: ProgramRun): Promise<PlanReport> {
  const resources = run.resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: r.inputs,
    propertyDependencies: r.propertyDependencies,
  }));
  const verdicts = await evaluatePack(
    run,
    readPackConfig(run.environment),
    path.relative(PROJECT_ROOT, packConfigPath(run.environment)),
  );
  return {
    environment: run.environment,
    resources: run.resources.filter((r) => r.custom).length,
    components: summariseByComponent(run),
    nodeGroups: nodeGroupBounds(run),
    ...(run.outputs.systemTier ? { systemTier: run.outputs.systemTier as SystemTierReport } : {}),
    workloads: workloads(resources)
      .map((w) => ({
        name: `${w.namespace}/${w.name}`,
        scaler: w.scaler?.kind ?? "fixed",
        min: w.min,
        max: w.max,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    // The program's own estimate; without one (an unpriced region) pricing the registrations
    // fails with the reason, which is what the plan should say.
    cost: isSummary(run.outputs.costEstimate)
      ? run.outputs.costEstimate
      : summariseEstimate(estimateStack(resources)),
    publicEndpoints: publicEndpoints(run, resources),
    policyConfig: path.relative(PROJECT_ROOT, packConfigPath(run.environment)),
    verdicts,
    mandatoryViolations: verdicts.filter((v) => v.enforcement === "mandatory").length,
  };
}

/** The stack's `publicEndpoints` output, each priced over the resources of its component. */
function publicEndpoints(
  run: ProgramRun,
  resources: Parameters<typeof estimateStack>[0],
): PublicEndpointReport[] {
  const out = (run.outputs.publicEndpoints ?? {}) as Record<
    string,
    { host: string; tls: string; wafRateLimitPer5MinPerIp: number; cdn: string }
  >;
  return Object.entries(out).map(([service, e]) => {
    const component = run.resources.find(
      (r) => r.type === "platform:edge:PublicEndpoint" && r.name === `edge-${service}`,
    );
    const own = resources.filter((r) =>
      run.resources.some((x) => x.urn === r.urn && x.parent === component?.urn),
    );
    const total = summariseEstimate(estimateStack(own)).total;
    return {
      service,
      host: e.host,
      tls: e.tls,
      rateLimit: e.wafRateLimitPer5MinPerIp,
      cdn: e.cdn,
      monthlyUsd: total,
    };
  });
}
