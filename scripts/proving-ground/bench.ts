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
