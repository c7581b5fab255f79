/**
 * The project's own program driven through `@pulumi/pulumi/automation`: a LocalWorkspace whose
 * workDir is the project, so stacks are its Pulumi.<env>.yaml files, run by the engine that
 * scripts/engine/ensure.sh provides, offline by default. Every CLI process of a job carries
 * PORTAL_JOB_ID in its environment, so a restart can find and stop what a crash left behind and
 * tell the locks it holds from anyone else's (locks.ts). The CLI never writes into the project:
 * it reads and writes a copy of the stack file in the portal's state (stack-config.ts).
 */
import * as fs from "fs";
import * as path from "path";
import {
  ConcurrentUpdateError,
  EngineEvent,
  LocalWorkspace,
  PulumiCommand,
  Stack,
  StackNotFoundError,
} from "@pulumi/pulumi/automation";
import { engineRoot, prepareOfflineEngine } from "../runtime/engine";
import type { PortalConfig } from "./config";
import { redactEvent, redactOutputs, violationOf } from "./events";
import { describeLock, StackLock, StackLocks } from "./locks";
import { configWorkspace, prepareStackConfig } from "./stack-config";
import type { JobKind, LockRecord, Violation } from "./store";
import { retryTornReads } from "./torn-reads";

/** What one operation reports back to its job. */
export interface OperationResult {
  changeSummary: Record<string, number> | null;
  violations: Violation[];
}

/** Thrown when an operation fails; carries what the engine reported before failing. */
export class OperationError extends Error {
  constructor(
    message: string,
    readonly violations: Violation[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "OperationError";
  }
}

/** An environment's last update, as listed. */
export interface LastUpdate {
  time: string | null;
  inProgress: boolean;
  resourceCount: number | null;
}

/** One entry of an environment's update history, without the config and environment maps. */
export interface HistoryEntry {
  version: number;
  kind: string;
  result: string;
  startTime: string;
  endTime: string | null;
  message: string;
  resourceChanges: Record<string, number>;
}

export interface RunOptions {
  jobId: string;
  signal: AbortSignal;
  onEvent: (type: string, data: unknown) => void;
  /** Update: the plan file its approved preview saved. */
  planFile?: string;
  /**
   * Called with `waiting` (and who holds the lock) when the stack is locked by someone outside
   * the portal, and with `running` when nothing visible holds it and the CLI is started to take it.
   */
  onStatus?: (status: "running" | "waiting", waitingFor?: string) => void;
  /** Called with each lock file a CLI process of this job created, as soon as it is seen. */
  onOwnLock?: (lock: LockRecord) => void;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/** The file backend locks for every operation but a preview. */
const TAKES_LOCK: Record<JobKind, boolean> = {
  preview: false,
  update: true,
  refresh: true,
  destroy: true,
};

export class Engine {
  private command?: Promise<PulumiCommand>;
  readonly env: Record<string, string>;
  /** The stacks' locks, as far as the backend lets them be read (file:// only). */
  readonly locks: StackLocks;

  constructor(private readonly config: PortalConfig) {
    const fileBackend = config.backendUrl.startsWith("file://");
    const engineEnv = prepareOfflineEngine({
      stateDir: fileBackend
        ? config.backendUrl.slice("file://".length)
        : path.join(config.stateDir, "backend"),
      passphrase: config.passphrase,
      // Its own PULUMI_HOME: the CLI's workspace files stay out of the shared engine cache.
      pulumiHome: path.join(config.stateDir, "home"),
    });
    this.locks = new StackLocks(
      fileBackend ? path.resolve(config.backendUrl.slice("file://".length)) : undefined,
      config.projectDir,
    );
    this.env = {
      ...engineEnv,
      PULUMI_BACKEND_URL: config.backendUrl,
      // A stack file without secrets settings uses those in the stack's state, never new ones.
      PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER: "true",
    };
    fs.mkdirSync(this.planDir(), { recursive: true, mode: 0o700 });
  }

  planDir(): string {
    return path.join(this.config.stateDir, "plans");
  }

  planFile(previewJobId: string): string {
    return path.join(this.planDir(), `${previewJobId}.json`);
  }

  private pulumi(): Promise<PulumiCommand> {
    // PulumiCommand.get checks the CLI's version against the SDK once.
    this.command ??= PulumiCommand.get({ root: engineRoot() });
    return this.command;
  }

  private async workspaceOptions(jobId?: string) {
    return {
      pulumiCommand: await this.pulumi(),
      envVars: jobId ? { ...this.env, PORTAL_JOB_ID: jobId } : this.env,
    };
  }

  /** The stack of an environment, or undefined while the backend has none of that name. */
  async existingStack(environment: string, jobId?: string): Promise<Stack | undefined> {
    const opts = await this.workspaceOptions(jobId);
    try {
      return await retryTornReads(() =>
        LocalWorkspace.selectStack(
          { stackName: environment, workDir: this.config.projectDir },
          { ...opts, workDir: this.config.projectDir },
        ),
      );
    } catch (err) {
      if (err instanceof StackNotFoundError) return undefined;
      throw err;
    }
  }

  /**
   * The stack a job runs on, created on first use. `stack init` writes the new stack's
   * secrets settings into the stack file of its project root, so it runs in the config
   * workspace, never in the project.
   */
  private async jobStack(environment: string, jobId: string): Promise<Stack> {
    const existing = await this.existingStack(environment, jobId);
    if (existing) return existing;
    const configDir = configWorkspace(this.config.stateDir);
    prepareStackConfig(this.config.projectDir, configDir, environment);
    const opts = await this.workspaceOptions(jobId);
    await LocalWorkspace.createStack(
      { stackName: environment, workDir: configDir },
      { ...opts, workDir: configDir },
    );
    const created = await this.existingStack(environment, jobId);
    if (!created) throw new Error(`stack ${environment} was created but cannot be selected`);
    return created;
  }

  /**
   * Runs one operation; waits while a lock held outside the portal persists, up to lockWaitMs,
   * and retries when the engine could not load the checkpoint because another process was
   * writing it (nothing has run then).
   */
  async run(kind: JobKind, environment: string, opts: RunOptions): Promise<OperationResult> {
    return retryTornReads(() => this.runWaitingForLocks(kind, environment, opts), {
      signal: opts.signal,
    });
  }

  /**
   * Before each attempt, a stack whose lock is visibly held by someone else is waited for
   * without starting a CLI (the job is `waiting`); an attempt that still meets a lock (taken in
   * between, or on a backend whose locks are not readable) fails fast and is waited for too.
   */
  private async runWaitingForLocks(
    kind: JobKind,
    environment: string,
    opts: RunOptions,
  ): Promise<OperationResult> {
    let deadline: number | undefined;
    const wait = async (holders: StackLock[], attempt: number) => {
      const holder = holders.length ? holders.map(describeLock).join(", ") : "another process";
      deadline ??= Date.now() + this.config.lockWaitMs;
      if (Date.now() > deadline) {
        throw new OperationError(
          `the stack is still locked by ${holder} after waiting ${Math.round(this.config.lockWaitMs / 1000)} s; ` +
            "if nobody is running pulumi on it, remove that lock with `pulumi cancel`",
          [],
        );
      }
      opts.onStatus?.("waiting", holder);
      opts.onEvent("portal", {
        message: `stack locked by another process (${holder}); waiting`,
        attempt,
      });
      await sleep(Math.min(5_000, 500 * 2 ** Math.min(attempt, 4)), opts.signal);
      if (opts.signal.aborted) throw new OperationError("cancelled", []);
    };
    for (let attempt = 0; ; attempt++) {
      const held = TAKES_LOCK[kind] ? this.locks.foreign(environment, opts.jobId) : [];
      if (held.length) {
        await wait(held, attempt);
        continue;
      }
      opts.onStatus?.("running");
      try {
        return await this.runOnce(kind, environment, opts);
      } catch (err) {
        const locked = err instanceof OperationError && err.cause instanceof ConcurrentUpdateError;
        if (!locked || opts.signal.aborted) throw err;
        await wait(this.locks.foreign(environment, opts.jobId), attempt);
      }
    }
  }

  private async runOnce(
    kind: JobKind,
    environment: string,
    opts: RunOptions,
  ): Promise<OperationResult> {
    const stack = await this.jobStack(environment, opts.jobId);
    const configFile = prepareStackConfig(
      this.config.projectDir,
      configWorkspace(this.config.stateDir),
      environment,
    );
    const violations: Violation[] = [];
    const errors: string[] = [];
    const onEvent = (event: EngineEvent) => {
      const v = violationOf(event);
      if (v) violations.push(v);
      const diag = event.diagnosticEvent;
      if (diag?.severity === "error") errors.push(diag.message.trim());
      // The Automation API turns on the engine's debug diagnostics; they are noise to a portal user.
      if ((diag?.severity as string | undefined) === "debug") return;
      const { type, data } = redactEvent(event);
      opts.onEvent(type, data);
    };
    // showSecrets false: the summary the Automation API reads after up, refresh and destroy is
    // then `stack history` without --show-secrets, which would load (and save) the working tree's
    // stack file to get a decrypter.
    const common = {
      onEvent,
      signal: opts.signal,
      color: "never" as const,
      configFile,
      showSecrets: false,
    };
    const policy = {
      policyPacks: this.config.policyPacks.length ? this.config.policyPacks : undefined,
    };
    const stopWatching =
      TAKES_LOCK[kind] && opts.onOwnLock
        ? this.locks.watchOwn(environment, opts.jobId, opts.onOwnLock)
        : () => undefined;
    try {
      switch (kind) {
        case "preview": {
          const r = await stack.preview({ ...common, ...policy, plan: this.planFile(opts.jobId) });
          return { changeSummary: r.changeSummary as Record<string, number>, violations };
        }
        case "update": {
          if (!opts.planFile) throw new Error("an update needs the plan of an approved preview");
          const r = await stack.up({ ...common, ...policy, plan: opts.planFile });
          return {
            changeSummary: (r.summary.resourceChanges ?? {}) as Record<string, number>,
            violations,
          };
        }
        case "refresh": {
          const r = await stack.refresh(common);
          return {
            changeSummary: (r.summary.resourceChanges ?? {}) as Record<string, number>,
            violations,
          };
        }
        case "destroy": {
          const r = await stack.destroy(common);
          return {
            changeSummary: (r.summary.resourceChanges ?? {}) as Record<string, number>,
            violations,
          };
        }
      }
    } catch (err) {
      const why = opts.signal.aborted
        ? "cancelled"
        : err instanceof ConcurrentUpdateError
          ? "the stack is locked by another operation"
          : errors.length
            ? errors.join("\n")
            : firstLines(String((err as Error).message));
      throw new OperationError(why, violations, { cause: err });
    } finally {
      stopWatching();
    }
  }

  /** Stack outputs with secret values replaced by "[secret]"; {} for a stack not created yet. */
  async outputs(environment: string): Promise<Record<string, unknown>> {
    const stack = await this.existingStack(environment);
    if (!stack) return {};
    return redactOutputs(await retryTornReads(() => stack.outputs()));
  }

  /** Update history, newest first; [] for a stack not created yet. */
  async history(environment: string, pageSize: number, page: number): Promise<HistoryEntry[]> {
    const stack = await this.existingStack(environment);
    if (!stack) return [];
    // Without --show-secrets: nothing here needs them, and with them the CLI loads (and may
    // save) the working tree's stack file to get a decrypter.
    const entries = await retryTornReads(() => stack.history(pageSize, page, false));
    return entries.map((h) => ({
      version: h.version,
      kind: h.kind,
      result: h.result,
      startTime: new Date(h.startTime).toISOString(),
      endTime: h.endTime ? new Date(h.endTime).toISOString() : null,
      message: h.message,
      resourceChanges: (h.resourceChanges ?? {}) as Record<string, number>,
    }));
  }

  /** Last update of every stack the backend knows in this project, by stack name. */
  async lastUpdates(): Promise<Map<string, LastUpdate>> {
    const ws = await LocalWorkspace.create({
      workDir: this.config.projectDir,
      ...(await this.workspaceOptions()),
    });
    const map = new Map<string, LastUpdate>();
    for (const s of await retryTornReads(() => ws.listStacks())) {
      map.set(s.name, {
        time: s.lastUpdate ? new Date(s.lastUpdate).toISOString() : null,
        inProgress: s.updateInProgress ?? false,
        resourceCount: s.resourceCount ?? null,
      });
    }
    return map;
  }
}

function firstLines(text: string): string {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  return lines.slice(0, 12).join("\n").slice(0, 2_000);
}
