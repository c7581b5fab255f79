/**
 * `npm run proving-ground -- up|down|status [--env <environment>] [--dir <folder>]
 *  [--apiserver-port <port>] [--no-keda] [--no-rabbitmq]`
 *
 * `up` builds what is missing (ensure.sh), starts the proving ground in the background with kwok
 * nodes for the environment's node groups (default `dev`), and prints the kubeconfig; `status`
 * says which pieces run; `down` stops each piece by its PID and removes the folder.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { loadEnvironment } from "../../stacks/load";
import { probe } from "./control-plane";
import { start } from "./index";
import { ensureProvingGround, REPO_ROOT } from "./paths";
import { declareQueues, sandboxRunConfig } from "./sandbox";
import { isAlive, RunningPiece, stopPiece } from "./supervisor";

/** state.json: pieces from the first spawn on; the rest once start() has finished. */
interface State {
  runDir: string;
  kubeconfig?: string;
  apiServerUrl?: string;
  pieces: RunningPiece[];
  rabbitmq?: { url: string };
}

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function readState(dir: string): State | undefined {
  const file = path.join(dir, "state.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as State) : undefined;
}

async function up(dir: string, args: string[]): Promise<void> {
  const previous = readState(dir);
  if (previous?.pieces.some((p) => isAlive(p.pid, p.startTime))) {
    console.error(
      `the proving ground in ${dir} is already up; \`npm run proving-ground -- down\` first`,
    );
    process.exitCode = 1;
    return;
  }
  rmSync(dir, { recursive: true, force: true });
  const cacheDir = ensureProvingGround();
  const envName = arg(args, "--env") ?? "dev";
  const apiPort = arg(args, "--apiserver-port");
  const env = loadEnvironment(envName);
  const pg = await start({
    cacheDir,
    runDir: dir,
    keepRunDir: true,
    keepRunning: true,
    environment: env,
    keda: !args.includes("--no-keda"),
    rabbitmq: !args.includes("--no-rabbitmq"),
    ports: apiPort ? { "kube-apiserver": Number(apiPort) } : {},
    log: (line) => console.error(`[proving-ground] ${line}`),
  });
  // The program's queue-setup Job completes under kwok without running: declare its queues here.
  if (pg.rabbitmq) await declareQueues(pg, env);
  pg.client.close();
  console.log(
    [
      `proving ground up in ${pg.timings.total.toFixed(1)} s with kwok nodes of "${envName}" (Kubernetes ${pg.versions.KUBERNETES_VERSION})`,
      `  export KUBECONFIG=${pg.kubeconfig}`,
      `  ${path.join(cacheDir, "bin", "kubectl")} get nodes`,
      ...(pg.rabbitmq
        ? [
            `  RabbitMQ: ${pg.rabbitmq.url} (AMQPS: ${pg.rabbitmq.tlsEndpoint}, queues of "${envName}" declared)`,
            "  point a sandbox stack at this run (per-run values; keep them out of commits):",
            ...sandboxRunConfig(pg).map(
              (c) =>
                `    pulumi config set --path ${c.secret ? "--secret " : ""}${c.key} ${c.value} --stack sandbox`,
            ),
          ]
        : []),
      `  logs: ${path.join(dir, "logs")}`,
      "  stop: npm run proving-ground -- down",
    ].join("\n"),
  );
}

async function status(dir: string): Promise<void> {
  const state = readState(dir);
  if (!state) {
    console.log(`no proving ground in ${dir}`);
    return;
  }
  let running = 0;
  for (const p of state.pieces) {
    const alive = isAlive(p.pid, p.startTime);
    if (alive) running++;
    const ports = Object.entries(p.ports)
      .map(([role, port]) => `${role}=${port}`)
      .join(" ");
    console.log(
      `${alive ? "running" : "stopped"}  ${p.name.padEnd(24)} pid ${p.pid}  ${ports}  ${p.logFile}`,
    );
  }
  if (!state.apiServerUrl) {
    console.log(
      `${running}/${state.pieces.length} pieces running; the start did not finish (see the logs)`,
    );
    process.exitCode = 1;
    return;
  }
  const code = await probe(`${state.apiServerUrl}/livez`, { rejectUnauthorized: false });
  console.log(
    `${running}/${state.pieces.length} pieces running; API server ${state.apiServerUrl} /livez: ${code || "no answer"}`,
  );
  console.log(`KUBECONFIG=${state.kubeconfig}`);
  if (running < state.pieces.length) process.exitCode = 1;
}

async function down(dir: string, args: string[]): Promise<void> {
  const state = readState(dir);
  if (!state) {
    console.log(`no proving ground in ${dir}`);
    return;
  }
  for (const p of [...state.pieces].reverse()) {
    if (!isAlive(p.pid, p.startTime)) continue;
    await stopPiece(p);
    console.log(`stopped ${p.name} (pid ${p.pid})`);
  }
  if (!args.includes("--keep")) rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const dir = path.resolve(
    arg(args, "--dir") ?? path.join(REPO_ROOT, ".cache", "proving-ground", "run"),
  );
  if (command === "up") await up(dir, args);
  else if (command === "status") await status(dir);
  else if (command === "down") await down(dir, args);
  else {
    console.error(
      "usage: npm run proving-ground -- up|down|status [--env <environment>] [--dir <folder>] " +
        "[--apiserver-port <port>] [--no-keda] [--no-rabbitmq] [--keep (down: keep the folder)]",
    );
    process.exitCode = 2;
  }
}

main().catch((e: Error) => {
  console.error(`[proving-ground] ${e.message}`);
  process.exitCode = 1;
});
