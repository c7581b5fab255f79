/**
 * The portal under load and its overhead, measured in one run against the real engine:
 *  - p50/p95 latency of a job's status and of an environment's outputs, 50 concurrent clients
 *    (autocannon) for `seconds` each;
 *  - a preview through the service (POST, then the SSE stream to its end) against the same
 *    preview through the CLI on the same project, state and stack, alternated `runs` times;
 *    the ratio of the medians is the service's overhead.
 */
import autocannon from "autocannon";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { engineBinDir, offlineEngineEnv } from "../../runtime/engine";
import { requireKubernetesProvider } from "../../runtime/plugins";
import type { Job } from "../../portal/store";
import {
  platformBox,
  PortalBox,
  portalBox,
  readEvents,
  request,
  startPortal,
  startUpdate,
  waitJob,
} from "../lib/portal-harness";

export interface PortalBench {
  project: string;
  policyPacks: number;
  stack: string;
  connections: number;
  status: { p50Ms: number; p95Ms: number; p99Ms: number; requestsPerSec: number; non2xx: number };
  outputs: { p50Ms: number; p95Ms: number; p99Ms: number; requestsPerSec: number; non2xx: number };
  previewServiceMs: number;
  previewCliMs: number;
  previewOverheadRatio: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function load(url: string, token: string, connections: number, seconds: number) {
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    p50Ms: r.latency.p50,
    p95Ms: percentile95(r),
    p99Ms: r.latency.p99,
    requestsPerSec: Math.round(r.requests.average),
    non2xx: r.non2xx,
  };
}

/** autocannon reports p90 and p97.5, not p95; interpolate between them. */
function percentile95(r: autocannon.Result): number {
  return Math.round((r.latency.p90 + (r.latency.p97_5 - r.latency.p90) * (5 / 7.5)) * 100) / 100;
}

/** The same preview as the service runs: same project, state, PULUMI_HOME and policy packs. */
function cliPreview(box: PortalBox, stack: string, policyPacks: string[]): Promise<number> {
  const env = {
    ...process.env,
    ...box.env,
    ...offlineEngineEnv({
      stateDir: path.join(box.stateDir, "backend"),
      passphrase: box.env.PORTAL_PASSPHRASE,
      pulumiHome: path.join(box.stateDir, "home"),
    }),
  };
  const t = Date.now();
  return new Promise((resolve, reject) =>
    execFile(
      path.join(engineBinDir(), "pulumi"),
      [
        "preview",
        "--stack",
        stack,
        "--non-interactive",
        ...policyPacks.flatMap((p) => ["--policy-pack", p]),
      ],
      { cwd: box.projectDir, env, maxBuffer: 64 << 20 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stdout}\n${stderr}`)) : resolve(Date.now() - t),
    ),
  );
}

async function servicePreview(url: string, token: string, stack: string): Promise<number> {
  const t = Date.now();
  const r = await request<Job>(url, "POST", `/environments/${stack}/previews`, { token });
  const events = await readEvents(url, token, r.body.id);
  const ms = Date.now() - t;
  const end = events.at(-1)?.data as { status?: string } | undefined;
  if (end?.status !== "succeeded")
    throw new Error(`service preview ${r.body.id} ended ${end?.status}`);
  return ms;
}

/**
 * @param seconds autocannon duration per endpoint; default 10.
 * @param runs previews per path (service and CLI, alternated); default 3.
 */
export async function benchPortal(seconds = 10, runs = 3, connections = 50): Promise<PortalBench> {
  // The platform's own `local` stack when the Kubernetes provider is there, else the fixture.
  const real = await requireKubernetesProvider().then(
    () => true,
    () => false,
  );
  const stack = real ? "local" : "alpha";
  const box = real ? platformBox("bench") : portalBox("bench");
  const pack = path.join(box.projectDir, "policy");
  const policyPacks = real && fs.existsSync(path.join(pack, "PulumiPolicy.yaml")) ? [pack] : [];
  // Default (info) logging, as in production: every request is logged.
  const portal = await startPortal(box);
  try {
    const token = box.tokens.viewer;
    const up = await startUpdate(portal.url, box.tokens.deployer, stack);
    const job = await waitJob(portal.url, token, up.id, 900_000);
    if (job.status !== "succeeded") throw new Error(`bench set-up update failed: ${job.error}`);
    const status = await load(`${portal.url}/jobs/${job.id}`, token, connections, seconds);
    const outputs = await load(
      `${portal.url}/environments/${stack}/outputs`,
      token,
      connections,
      seconds,
    );
    const service: number[] = [];
    const cli: number[] = [];
    for (let i = 0; i < runs; i++) {
      service.push(await servicePreview(portal.url, box.tokens.deployer, stack));
      cli.push(await cliPreview(box, stack, policyPacks));
    }
    const previewServiceMs = median(service);
    const previewCliMs = median(cli);
    return {
      project: real ? "platform (linked copy)" : "tests/portal/fixtures/project",
      policyPacks: policyPacks.length,
      stack,
      connections,
      status,
      outputs,
      previewServiceMs,
      previewCliMs,
      previewOverheadRatio: Math.round((previewServiceMs / previewCliMs) * 100) / 100,
    };
  } finally {
    await portal.stop();
    box.cleanup();
  }
}

if (require.main === module) {
  benchPortal().then(
    (r) => console.log(JSON.stringify({ bench: "portal", ...r })),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
