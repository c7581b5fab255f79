/**
 * Kubernetes resource quantities (`500m`, `1`, `2Gi`, `512Mi`, `1G`, `1e3`, metrics-server's
 * `250000000n`) as numbers, so config can be written the way manifests are and still feed the
 * planner, which counts vCPU and GiB.
 * Grammar: https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 * (`<number><suffix>`; suffix binary `Ki`..`Ei`, decimal `n u m "" k M G T P E`, or `e<exponent>`).
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
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

// The exponent form comes first so `1e3` is 1000, while a lone `E` is the exa suffix.
const QUANTITY = /^\+?(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

/** The plain number a quantity stands for; throws on anything else (e.g. `1.5 Gi`, `2gb`, `-1`). */
export function parseQuantity(q: string): number {
  const m = QUANTITY.exec(q.trim());
  if (!m)
    throw new RangeError(`${JSON.stringify(q)} is not a Kubernetes quantity like 500m, 2 or 2Gi`);
  const suffix = m[2] ?? "";
  const scale = /^[eE][+-]?\d/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX[suffix];
  return Number(m[1]) * scale;
}

/** Whether `q` parses as a (non-negative) quantity. */
export function isQuantity(q: string): boolean {
  return QUANTITY.test(q.trim());
}

/**
 * Why `q` is not a CPU amount a container can request, or undefined when it is. Kubernetes allows
 * no precision finer than 1m (one thousandth of a core) and a request of zero means none.
 */
export function cpuQuantityProblem(q: string): string | undefined {
  if (!isQuantity(q)) return "must be a Kubernetes CPU quantity like 500m or 1";
  const cores = parseQuantity(q);
  if (!(cores > 0)) return "must be more than 0 CPU";
  if (Math.abs(cores * 1000 - Math.round(cores * 1000)) > 1e-6)
    return "is finer than 1m (a thousandth of a core), which Kubernetes does not allow";
  return undefined;
}

/** The smallest memory a container runtime (runc) accepts as a limit: 6 MiB. */
export const MIN_CONTAINER_MEMORY_BYTES = 6 * 2 ** 20;

/**
 * Why `q` is not a memory amount a container can have, or undefined when it is: memory is a whole
 * number of bytes (so `192m` — 0.192 bytes — is a mistake for `192Mi`) of at least 6 MiB.
 */
export function memoryQuantityProblem(q: string): string | undefined {
  if (!isQuantity(q)) return "must be a Kubernetes memory quantity like 512Mi or 2Gi";
  const bytes = parseQuantity(q);
  const m = /^(\d+(?:\.\d*)?)[mun]$/.exec(q.trim());
  if (m)
    return `is ${bytes} bytes: the suffix ${q.trim().slice(-1)} means a fraction (milli/micro/nano); did you mean ${m[1]}Mi?`;
  if (!Number.isInteger(Math.round(bytes * 1e6) / 1e6))
    return `is ${bytes} bytes, not a whole number of bytes; use a binary suffix like 512Mi`;
  if (bytes < MIN_CONTAINER_MEMORY_BYTES)
    return `is ${bytes} bytes; a container needs at least 6Mi (the container runtime refuses less)`;
  return undefined;
}

/** vCPU of a CPU quantity: `500m` → 0.5, `2` → 2. */
export function cpuOf(q: string): number {
  return parseQuantity(q);
}

/** GiB of a memory quantity: `2Gi` → 2, `512Mi` → 0.5, `1G` → 0.93. */
export function memoryGiBOf(q: string): number {
  return parseQuantity(q) / 2 ** 30;
}
