/** A Helm chart pinned by repository and version. */
export interface ChartRef {
  /** `https://` chart repository or `oci://` registry path. */
  repository: string;
  name: string;
  version: string;
}

/**
 * The chart-locating part of a Helm `Release`'s arguments: OCI registries take the full
 * reference as the chart, classic repositories take the chart name plus the repository URL.
 */
export function releaseChart(chart: ChartRef): {
  chart: string;
  version: string;
  repositoryOpts?: { repo: string };
} {
  return chart.repository.startsWith("oci://")
    ? { chart: `${chart.repository.replace(/\/$/, "")}/${chart.name}`, version: chart.version }
    : { chart: chart.name, version: chart.version, repositoryOpts: { repo: chart.repository } };
}

/** Service-account annotation that binds a pod to an IAM role through IRSA. */
export const IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";
