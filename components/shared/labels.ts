/** Kubernetes' recommended label naming the application an object belongs to. */
export const PART_OF_LABEL = "app.kubernetes.io/part-of";

/** `part-of` of what the platform itself runs: workloads, namespaces, monitoring objects. */
export const PLATFORM_PART_OF = "platform";

/** `part-of` of the data tier's in-cluster objects: PgBouncer, its jobs, the hand-off Secrets. */
export const DATA_TIER_PART_OF = "platform-data";

/** Pod Security Standards levels, loosest first. */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/**
 * Pod Security Admission labels of a namespace: pods below `enforce` are refused; those below
 * `report` are admitted with a warning and an audit entry, so what falls short stays visible.
 */
export function podSecurityLabels(
  enforce: PodSecurityLevel,
  report: PodSecurityLevel = "restricted",
): Record<string, string> {
  return {
    "pod-security.kubernetes.io/enforce": enforce,
    "pod-security.kubernetes.io/warn": report,
    "pod-security.kubernetes.io/audit": report,
  };
}
