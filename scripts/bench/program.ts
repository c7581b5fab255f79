import { runProgram } from "../lib/program";

/** Result of {@link benchProgram}. */
export interface ProgramBench {
  environment: string;
  resources: number;
  runs: number;
  firstMs: number;
  medianMs: number;
  heapMiB: number;
}

/**
 * Evaluates an environment's whole program under mocks several times. The first run includes
 * compiling the TypeScript; the median of the rest is the steady-state evaluation time.
 */
export async function benchProgram(environment: string, runs = 5): Promise<ProgramBench> {
  const times: number[] = [];
  let resources = 0;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const run = await runProgram({ stack: environment });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    resources = run.resources.length;
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  return {
    environment,
    resources,
    runs,
    firstMs: Math.round(times[0]),
    medianMs: Math.round(rest[Math.floor(rest.length / 2)] ?? times[0]),
    heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  };
}
