/** Kubernetes' recommended label naming the application an object belongs to. */
export const PART_OF_LABEL = "app.kubernetes.io/part-of";

/** `part-of` of what the platform itself runs: workloads, namespaces, monitoring objects. */
export const PLATFORM_PART_OF = "platform";

/** `part-of` of the data tier's in-cluster objects: PgBouncer, its jobs, the hand-off Secrets. */
export const DATA_TIER_PART_OF = "platform-data";
