/**
 * Declared workload figures carried from the stack file to the resources they size, so the policy
 * pack (which sees only resources) checks the same load the plan was given: the database's reads
 * and writes per second on the RDS primary, and the Redis dataset at the planning horizon on the
 * replication group.
 */

/** Tag on the RDS primary: declared `reads/writes` per second, e.g. `900/200`. */
export const DECLARED_QPS_TAG = "platform.io/declared-read-write-qps";
/** Tag on the ElastiCache replication group: dataset in GB at the planning horizon, e.g. `16`. */
export const DECLARED_DATASET_TAG = "platform.io/declared-dataset-gb";

/** The seed's Redis dataset: 4 GB at the start, growing 2 GB a month. */
export const SEED_DATASET_START_GB = 4;
export const SEED_DATASET_GROWTH_GB_PER_MONTH = 2;

/**
 * Dataset size after `horizonMonths` of linear growth (seed: 4 GB + 2 GB/month).
 * @throws RangeError when a figure is negative or not finite.
 */
export function datasetAtHorizonGb(
  d: { datasetGb: number; growthGbPerMonth: number },
  horizonMonths: number,
): number {
  for (const [k, v] of Object.entries({ ...d, horizonMonths }))
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${k} must be >= 0, got ${v}`);
  return d.datasetGb + d.growthGbPerMonth * horizonMonths;
}

/** The value of {@link DECLARED_QPS_TAG}. */
export function qpsTag(load: { readQps: number; writeQps: number }): string {
  return `${load.readQps}/${load.writeQps}`;
}

/** Reads a {@link DECLARED_QPS_TAG} value; undefined when it is not `reads/writes` of numbers >= 0. */
export function parseQpsTag(v: unknown): { readQps: number; writeQps: number } | undefined {
  const m = typeof v === "string" ? /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(v) : null;
  return m ? { readQps: Number(m[1]), writeQps: Number(m[2]) } : undefined;
}

/** Reads a {@link DECLARED_DATASET_TAG} value; undefined unless a number > 0. */
export function parseDatasetTag(v: unknown): number | undefined {
  const n = typeof v === "string" && /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
  return n > 0 ? n : undefined;
}
