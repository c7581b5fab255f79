/**
 * The read-replica rule from seed 001: add a read replica when reads:writes exceeds 4:1, up to
 * 3 read replicas per primary. Beyond that the primary's class is scaled instead.
 */
import { checkRange } from "./replicas";
import type { CapacityProblem, DatabaseLoad, DatabasePlan } from "./types";

/** Default ceiling on read replicas. */
export const DEFAULT_MAX_READ_REPLICAS = 3;
/** Default reads-per-write ratio above which a replica is added. */
export const DEFAULT_READ_WRITE_THRESHOLD = 4;

/**
 * `ratio = readQps / writeQps` (Infinity when there are no writes but there are reads, 0 when
 * idle). Another replica is needed when `ratio > readWriteThreshold` and `readReplicas <
 * maxReadReplicas`; when the maximum is reached, `atMaximum` says so. Example: 900 reads,
 * 200 writes → 4.5 > 4, with 2 of 3 replicas → recommend 3.
 */
export function planDatabase(
  db: DatabaseLoad,
  problems: CapacityProblem[],
): DatabasePlan | undefined {
  const max = db.maxReadReplicas ?? DEFAULT_MAX_READ_REPLICAS;
  const threshold = db.readWriteThreshold ?? DEFAULT_READ_WRITE_THRESHOLD;
  const ok = [
    checkRange(problems, "database.readQps", db.readQps, 0, Infinity),
    checkRange(problems, "database.writeQps", db.writeQps, 0, Infinity),
    checkRange(problems, "database.maxReadReplicas", max, 0, 15),
    checkRange(problems, "database.readWriteThreshold", threshold, Number.MIN_VALUE, Infinity),
    checkRange(
      problems,
      "database.readReplicas",
      db.readReplicas,
      0,
      Math.max(0, max),
      ` (maxReadReplicas is ${max})`,
    ),
  ].every(Boolean);
  if (!ok) return undefined;
  const ratio = db.writeQps > 0 ? db.readQps / db.writeQps : db.readQps > 0 ? Infinity : 0;
  const over = ratio > threshold;
  const needs = over && db.readReplicas < max;
  const shown = Number.isFinite(ratio) ? `${showRatio(ratio, threshold)}:1` : "reads only";
  return {
    readWriteRatio: ratio,
    needsAnotherReplica: needs,
    recommendedReadReplicas: needs ? db.readReplicas + 1 : db.readReplicas,
    atMaximum: over && !needs,
    reason: !over
      ? `read:write ${shown} is within ${threshold}:1; ${db.readReplicas} read replica(s) suffice`
      : needs
        ? `read:write ${shown} exceeds ${threshold}:1; add a read replica (${db.readReplicas} → ${db.readReplicas + 1} of at most ${max})`
        : `read:write ${shown} exceeds ${threshold}:1 but ${max} read replicas is the maximum; move to a larger instance class`,
  };
}

/**
 * The ratio with two decimals, or as many more (up to six) as it takes for a ratio above the
 * threshold not to print as the threshold itself: 801:200 reads "4.005:1 exceeds 4:1", not
 * "4.00:1 exceeds 4:1".
 */
export function showRatio(ratio: number, threshold: number): string {
  let digits = 2;
  while (digits < 6 && ratio > threshold && Number(ratio.toFixed(digits)) <= threshold) digits++;
  return ratio.toFixed(digits);
}
