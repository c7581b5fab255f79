/**
 * `npm run bench` figures for the proving ground: the last real build (recorded by ensure.sh),
 * a cached ensure.sh run, the time to a serving control plane, and to the whole proving ground
 * with dev's kwok nodes, metrics-server, KEDA and RabbitMQ; and how long stopping takes.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { loadEnvironment } from "../../stacks/load";
import { start } from "./index";
import { ensureProvingGround } from "./paths";
import {
  declareQueues,
  SANDBOX_STACK,
  sandboxStack,
  type SandboxStack,
  waitForWorkloads,
  workloadNamespaces,
} from "./sandbox";

export interface ProvingGroundBench {
  /** The last build ensure.sh did (cold when the Go caches were empty): seconds and what it built. */
  lastBuild?: { seconds: number; pieces: string; date: string };
  /** ensure.sh with everything cached, seconds. */
  warmEnsureSeconds: number;
  /** start() to a serving API server with controller manager and scheduler, seconds. */
  controlPlaneStartSeconds: number;
  controlPlaneStopSeconds: number;
  /** start() of everything with dev's kwok nodes, seconds to each piece ready. */
  fullStart: Record<string, number>;
  fullStopSeconds: number;
}

export async function benchProvingGround(): Promise<ProvingGroundBench> {
  const cacheDir = ensureProvingGround();
  const t0 = Date.now();
  execFileSync("bash", [path.join(__dirname, "ensure.sh")], { stdio: "ignore" });
  const warmEnsureSeconds = (Date.now() - t0) / 1000;
  const record = path.join(cacheDir, "stamps", "last-build.json");
  const lastBuild = existsSync(record) ? JSON.parse(readFileSync(record, "utf8")) : undefined;

  const cp = await start({ cacheDir, kwok: false, keda: false, rabbitmq: false, crds: false });
  const controlPlaneStartSeconds = cp.timings.total;
  let t = Date.now();
  await cp.stop();
  const controlPlaneStopSeconds = (Date.now() - t) / 1000;

  const full = await start({ cacheDir, environment: loadEnvironment("dev") });
  const fullStart = { ...full.timings };
  t = Date.now();
  await full.stop();
  return {
    lastBuild: lastBuild && {
      seconds: lastBuild.seconds,
      pieces: lastBuild.pieces,
      date: lastBuild.date,
    },
    warmEnsureSeconds,
    controlPlaneStartSeconds,
    controlPlaneStopSeconds,
    fullStart,
    fullStopSeconds: (Date.now() - t) / 1000,
  };
}

export interface SandboxBench {
  /** `pulumi up` of the sandbox stack on a fresh proving ground, seconds (the engine's own awaits included). */
  upSeconds: number;
  /** From the start of `pulumi up` to every Deployment Ready at its HPA minimum, seconds. */
  upToWorkloadsReadySeconds: number;
  /** A second `pulumi up` with nothing to change, seconds. */
  noOpUpSeconds: number;
  /** `pulumi destroy` until every object is gone, seconds. */
  destroySeconds: number;
  /** Objects the program applied (custom resources in state). */
  resources: number;
}

/**
 * `npm run bench` figures for the sandbox: the in-cluster layer applied with the real engine and
 * the real Kubernetes provider to a fresh proving ground with the sandbox's kwok nodes.
 */
export async function benchSandbox(): Promise<SandboxBench> {
  const env = loadEnvironment(SANDBOX_STACK);
  const pg = await start({ cacheDir: ensureProvingGround(), environment: env });
  let stack: SandboxStack | undefined;
  try {
    await declareQueues(pg, env);
    stack = await sandboxStack(pg, "bench-sandbox");
    const seconds = (since: number) => (Date.now() - since) / 1000;
    const t0 = Date.now();
    const up = await stack.must("up", "--yes", "--skip-preview");
    const upSeconds = seconds(t0);
    await waitForWorkloads(pg.client, workloadNamespaces(env));
    const upToWorkloadsReadySeconds = seconds(t0);
    let t = Date.now();
    await stack.must("up", "--yes", "--skip-preview", "--expect-no-changes");
    const noOpUpSeconds = seconds(t);
    t = Date.now();
    await stack.must("destroy", "--yes", "--skip-preview");
    const destroySeconds = seconds(t);
    const created = /(\d+) created/.exec(up.stdout);
    return {
      upSeconds,
      upToWorkloadsReadySeconds,
      noOpUpSeconds,
      destroySeconds,
      resources: created ? Number(created[1]) : 0,
    };
  } finally {
    stack?.cleanup();
    await pg.stop();
  }
}
