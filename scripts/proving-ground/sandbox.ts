/**
 * The `sandbox` environment applied to a running proving ground through the real engine and the
 * real Kubernetes provider, offline: a throwaway copy of the project (its stack file copied, so
 * per-run config stays there), a file backend, and the run's kubeconfig, RabbitMQ port and
 * password set as config. Used by the sandbox tests and `npm run bench`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { prepareOfflineEngine } from "../../runtime/engine";
import { type CliResult, ok, pulumi } from "../../runtime/plugins";
import { linkProject } from "../engine/project";
import type { ProvingGround } from "./index";

/** The sandbox stack's name and the passphrase of its committed secrets (not a secret: see the file). */
export const SANDBOX_STACK = "sandbox";
export const SANDBOX_STACK_PASSPHRASE = "platform-sandbox";

/** The `pulumi config set` arguments that point the sandbox at one proving-ground run. */
export function sandboxRunConfig(
  pg: ProvingGround,
): { key: string; value: string; secret?: boolean }[] {
  const mq = pg.rabbitmq;
  if (mq === undefined)
    throw new Error("the sandbox needs the proving ground's RabbitMQ (start it with rabbitmq)");
  return [
    { key: "platform:sandbox.kubeconfig", value: pg.kubeconfig },
    { key: "platform:sandbox.endpoints.queue.host", value: mq.host },
    { key: "platform:sandbox.endpoints.queue.port", value: String(mq.tlsPort) },
    { key: "sandbox:queuePassword", value: mq.password, secret: true },
  ];
}

/** A project copy with the sandbox stack initialised and pointed at a proving ground. */
export interface SandboxStack {
  /** The project copy the engine runs. */
  programDir: string;
  /** Its stack file (per-run config is written here, never to the repository's). */
  stackFile: string;
  /** Runs `pulumi <args> --stack sandbox` there, offline. */
  run(...args: string[]): Promise<CliResult>;
  /** Runs it and throws with the output unless it exits 0. */
  must(...args: string[]): Promise<CliResult>;
  /** Removes the copy and its state. */
  cleanup(): void;
}

/**
 * Creates the project copy, initialises the `sandbox` stack on a local file backend and sets the
 * run's kubeconfig and RabbitMQ endpoint (the AMQPS listener) and password.
 * @param pg a running proving ground with RabbitMQ.
 * @param prefix names the temporary folder. @default "sandbox"
 */
export async function sandboxStack(pg: ProvingGround, prefix = "sandbox"): Promise<SandboxStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `platform-${prefix}-`));
  const programDir = path.join(dir, "program");
  const stackFile = linkProject(programDir, SANDBOX_STACK);
  const env = {
    ...prepareOfflineEngine({
      stateDir: path.join(dir, "state"),
      passphrase: SANDBOX_STACK_PASSPHRASE,
    }),
    // `npx tsc` type-checks the tree; the engine need not do it again on every run.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  };
  const run = (...args: string[]) => pulumi([...args, "--stack", SANDBOX_STACK], programDir, env);
  const must = async (...args: string[]) => ok(await run(...args), `pulumi ${args.join(" ")}`);
  const stack: SandboxStack = {
    programDir,
    stackFile,
    run,
    must,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  try {
    ok(
      await pulumi(["stack", "init", SANDBOX_STACK], programDir, env),
      "pulumi stack init sandbox",
    );
    for (const c of sandboxRunConfig(pg))
      await must("config", "set", "--path", ...(c.secret ? ["--secret"] : []), c.key, c.value);
  } catch (e) {
    stack.cleanup();
    throw e;
  }
  return stack;
}
