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
import * as amqp from "amqplib";
import type { Environment } from "../../stacks/schema";
import { linkProject } from "../engine/project";
import type { ProvingGround } from "./index";
import type { KubeClient, KubeObject } from "./kube";

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

/**
 * Declares the environment's queues (`platform:queue.queues`) on the proving ground's RabbitMQ as
 * the program's queue-setup Job would (durable, `x-queue-type`): under kwok that Job's container
 * never runs, so its Pod completes without having declared anything.
 */
export async function declareQueues(pg: ProvingGround, env: Environment): Promise<void> {
  const mq = pg.rabbitmq;
  if (mq === undefined) throw new Error("declareQueues: this proving ground runs without RabbitMQ");
  const connection = await amqp.connect(mq.url);
  try {
    const channel = await connection.createChannel();
    for (const q of env.queue.queues)
      await channel.assertQueue(q, {
        durable: true,
        arguments: { "x-queue-type": env.queue.queueType },
      });
    await channel.close();
  } finally {
    await connection.close();
  }
}

type Deployment = KubeObject & {
  spec: { replicas?: number };
  status?: { readyReplicas?: number; updatedReplicas?: number };
};
type Hpa = KubeObject & {
  spec: { minReplicas?: number; scaleTargetRef: { kind: string; name: string } };
};

/**
 * Waits until every Deployment in `namespaces` has all its replicas Ready and at least the
 * minimum of the HPA that scales it (KEDA's included): the workloads as the program sized them.
 * Returns the Deployments by `namespace/name` with their ready replicas.
 */
export function waitForWorkloads(
  client: KubeClient,
  namespaces: readonly string[],
  timeoutMs = 300000,
): Promise<Record<string, number>> {
  return client.waitFor(
    `every Deployment Ready at its HPA minimum in ${namespaces.join(", ")}`,
    async () => {
      const ready: Record<string, number> = {};
      for (const ns of namespaces) {
        const hpas = await client.list<Hpa>("autoscaling/v2", "HorizontalPodAutoscaler", {
          namespace: ns,
        });
        for (const d of await client.list<Deployment>("apps/v1", "Deployment", { namespace: ns })) {
          const want = d.spec.replicas ?? 1;
          const hpa = hpas.find(
            (h) =>
              h.spec.scaleTargetRef.kind === "Deployment" &&
              h.spec.scaleTargetRef.name === d.metadata.name,
          );
          const have = d.status?.readyReplicas ?? 0;
          if (have < want || want < (hpa?.spec.minReplicas ?? 1)) return undefined;
          ready[`${ns}/${d.metadata.name}`] = have;
        }
      }
      return ready;
    },
    timeoutMs,
    500,
  );
}

/** The namespaces the program's workloads run in: the data tier's, the applications', headroom's. */
export function workloadNamespaces(env: Environment): string[] {
  return [
    env.pgbouncer.namespace,
    ...env.namespaces,
    ...(env.headroom.replicas > 0 ? [env.headroom.namespace] : []),
  ];
}
