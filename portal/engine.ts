/**
 * The project's own program driven through `@pulumi/pulumi/automation`: a LocalWorkspace whose
 * workDir is the project, so stacks are its Pulumi.<env>.yaml files, run by the engine that
 * scripts/engine/ensure.sh provides, offline by default. Every CLI process of a job carries
 * PORTAL_JOB_ID in its environment, so a restart can find and stop what a crash left behind.
 */
import * as fs from "fs";
import * as path from "path";
import {
  ConcurrentUpdateError,
  EngineEvent,
  LocalWorkspace,
  PulumiCommand,
  Stack,
} from "@pulumi/pulumi/automation";
import { engineRoot, prepareOfflineEngine } from "../runtime/engine";
import type { PortalConfig } from "./config";
import { redactEvent, redactOutputs, violationOf } from "./events";
import type { JobKind, Violation } from "./store";
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
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Engine {
  private command?: Promise<PulumiCommand>;
  readonly env: Record<string, string>;

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
    this.env = { ...engineEnv, PULUMI_BACKEND_URL: config.backendUrl };
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

  /** The stack of an environment (created in the backend on first use). */
  async stack(environment: string, jobId?: string): Promise<Stack> {
    const pulumiCommand = await this.pulumi();
    return retryTornReads(() =>
      LocalWorkspace.createOrSelectStack(
        { stackName: environment, workDir: this.config.projectDir },
        {
          workDir: this.config.projectDir,
          pulumiCommand,
          envVars: jobId ? { ...this.env, PORTAL_JOB_ID: jobId } : this.env,
        },
      ),
    );
  }

  /**
   * Runs one operation; retries while a lock held outside the portal persists, up to lockWaitMs,
   * and when the engine could not load the checkpoint because another process was writing it
   * (nothing has run then).
   */
  async run(kind: JobKind, environment: string, opts: RunOptions): Promise<OperationResult> {
    return retryTornReads(() => this.runWaitingForLocks(kind, environment, opts), {
      signal: opts.signal,
    });
  }

  private async runWaitingForLocks(
    kind: JobKind,
    environment: string,
    opts: RunOptions,
  ): Promise<OperationResult> {
    const deadline = Date.now() + this.config.lockWaitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.runOnce(kind, environment, opts);
      } catch (err) {
        const locked = err instanceof OperationError && err.cause instanceof ConcurrentUpdateError;
        if (!locked || Date.now() > deadline || opts.signal.aborted) throw err;
        opts.onEvent("portal", { message: "stack locked by another process; waiting", attempt });
        await sleep(Math.min(5_000, 500 * 2 ** attempt));
      }
    }
  }

  private async runOnce(
    kind: JobKind,
    environment: string,
    opts: RunOptions,
  ): Promise<OperationResult> {
    const stack = await this.stack(environment, opts.jobId);
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
    const common = { onEvent, signal: opts.signal, color: "never" as const };
    const policy = {
      policyPacks: this.config.policyPacks.length ? this.config.policyPacks : undefined,
    };
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
    }
  }

  /** Stack outputs with secret values replaced by "[secret]". */
  async outputs(environment: string): Promise<Record<string, unknown>> {
    const stack = await this.stack(environment);
    return redactOutputs(await retryTornReads(() => stack.outputs()));
  }

  async history(environment: string, pageSize: number, page: number): Promise<HistoryEntry[]> {
    const stack = await this.stack(environment);
    const entries = await retryTornReads(() => stack.history(pageSize, page));
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
      pulumiCommand: await this.pulumi(),
      envVars: this.env,
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

  /** Removes the stack's lock (`pulumi cancel`); only after its processes are gone. */
  async unlock(environment: string): Promise<void> {
    const stack = await this.stack(environment);
    await stack.cancel();
  }
}

function firstLines(text: string): string {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  return lines.slice(0, 12).join("\n").slice(0, 2_000);
}
