import type * as pulumi from "@pulumi/pulumi";
import { PGBOUNCER_LABELS } from "../../components/database/pgbouncer/manifests";
import { POSTGRES_EXPORTER_LABELS } from "../../components/database/exporter/manifests";
import {
  type NetworkPlanInput,
  NetworkPolicies,
  planNetworkPolicies,
} from "../../components/netpol";
import { planSubnets } from "../../components/network/subnets";
import { CERT_MANAGER_NAMESPACE } from "../../components/tls";
import { AUTOSCALING_NAMESPACE } from "../../components/workloads";
import type { Environment } from "../schema";
import type { Area, Site } from "./area";
import type { Data } from "./data";
import type { Monitored } from "./monitoring";
import type { Workloads } from "./workloads";

/** Port of Prometheus in kube-prometheus-stack (prometheus-adapter queries it). */
const PROMETHEUS_PORT = 9090;

/**
 * The inputs of the environment's NetworkPolicies: where the subnets are (from the network
 * settings, the same plan the VPC is built from, so the render target fences like EKS) and
 * which namespaces the areas created.
 */
export function networkPlanInput(
  env: Environment,
  site: Site,
  built: { data: Data },
): NetworkPlanInput {
  const subnets = planSubnets(env.network.cidr, env.zones, env.network.subnetPrefixLength);
  const cidrs = (tier: string) => subnets.filter((s) => s.tier === tier).map((s) => s.cidr);
  const d = built.data;
  return {
    vpcCidr: env.network.cidr,
    controlPlaneCidrs: cidrs("private"),
    dataCidrs: cidrs("data"),
    applications: env.namespaces.map((namespace) => ({
      namespace,
      servicePorts: [
        ...new Set(
          Object.values(env.services)
            .filter((s) => s.namespace === namespace)
            .map((s) => s.port),
        ),
      ].sort((a, b) => a - b),
    })),
    data: {
      namespace: d.dataNamespace,
      pgbouncerLabels: { ...PGBOUNCER_LABELS },
      pgbouncerPort: d.pgbouncer.listenPort,
      pgbouncerMetricsPort: d.pgbouncer.metricsPort,
      postgresExporter: {
        labels: { ...POSTGRES_EXPORTER_LABELS },
        port: d.postgresExporter.metricsPort,
      },
    },
    ports: d.ports,
    ...(env.monitoring
      ? { monitoring: { namespace: env.monitoring.namespace, prometheusPort: PROMETHEUS_PORT } }
      : {}),
    ...(site.target.helm ? { autoscaling: { namespace: AUTOSCALING_NAMESPACE } } : {}),
    ...(site.aws ? { certManager: { namespace: CERT_MANAGER_NAMESPACE } } : {}),
    ...(env.headroom.replicas > 0 ? { headroom: { namespace: env.headroom.namespace } } : {}),
  };
}

/**
 * Defence in depth in the cluster: a default deny in every namespace the platform created, and
 * the allow rules derived from the data hand-off and the controllers' needs
 * (`components/netpol/plan.ts`). Listed after the areas whose namespaces it fences.
 */
export const networkPoliciesArea: Area<
  { data: Data; workloads: Workloads; monitoring: Monitored | undefined },
  NetworkPolicies
> = {
  build: ({ env, site, built }) => {
    const base = site.target.opts.dependsOn;
    const first = (
      base === undefined ? [] : Array.isArray(base) ? base : [base]
    ) as pulumi.Input<pulumi.Resource>[];
    const namespaces: pulumi.Resource[] = [
      built.data.dataNamespaceResource,
      ...Object.values(built.data.namespaceResources),
      ...built.workloads.namespaces,
      ...(built.monitoring ? [built.monitoring.monitoring.namespace] : []),
    ];
    return new NetworkPolicies(
      "network-policies",
      { policies: planNetworkPolicies(networkPlanInput(env, site, built)) },
      { ...site.target.opts, dependsOn: [...first, ...namespaces] },
    );
  },
  outputs: (p) => ({ fencedNamespaces: p.namespaces }),
};
