/**
 * Kubernetes resource quantities (`500m`, `1`, `2Gi`, `512Mi`, `1G`, metrics-server's
 * `250000000n`) as numbers, so config can be written the way manifests are and still feed the
 * planner, which counts vCPU and GiB.
 * Grammar: https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

const SUFFIX: Record<string, number> = {
  "": 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

const QUANTITY = /^(\d+(?:\.\d+)?)(n|u|m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;

/** The plain number a quantity stands for; throws on anything else (e.g. `1.5 Gi`, `2gb`). */
export function parseQuantity(q: string): number {
  const m = QUANTITY.exec(q.trim());
  if (!m)
    throw new RangeError(`${JSON.stringify(q)} is not a Kubernetes quantity like 500m, 2 or 2Gi`);
  return Number(m[1]) * SUFFIX[m[2] ?? ""];
}

/** Whether `q` parses as a quantity. */
export function isQuantity(q: string): boolean {
  return QUANTITY.test(q.trim());
}

/** vCPU of a CPU quantity: `500m` → 0.5, `2` → 2. */
export function cpuOf(q: string): number {
  return parseQuantity(q);
}

/** GiB of a memory quantity: `2Gi` → 2, `512Mi` → 0.5, `1G` → 0.93. */
export function memoryGiBOf(q: string): number {
  return parseQuantity(q) / 2 ** 30;
}
