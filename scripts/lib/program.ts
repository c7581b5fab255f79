/**
 * Runs the real program (`index.ts`) under Pulumi mocks for one environment and returns every
 * resource it registered with its inputs and options. Used by the unit tests, the offline plan
 * and the policy checks, so all three look at exactly what `pulumi up` would send the engine.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { readStackConfig, settingsFromConfigMap, stackFilePath } from "../../stacks/load";
import { isSecureEntry, SECRET_SETTINGS } from "../../stacks/schema/secrets";
import { mockCall, mockState } from "./mock-outputs";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** One resource as the engine would have received it. */
export interface RegisteredResource {
  type: string;
  name: string;
  urn: string;
  /** Inputs with secrets unwrapped to their values. */
  inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** What the mocked engine returned: the inputs plus synthesised outputs (ARNs, endpoints). */
  outputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Paths (dot-separated) of inputs that were marked secret. */
  secretPaths: string[];
  custom: boolean;
  parent?: string;
  provider?: string;
  protect: boolean;
  ignoreChanges: string[];
  dependencies: string[];
  /** Input property -> URNs of the resources it depends on. */
  propertyDependencies: Record<string, string[]>;
  retainOnDelete: boolean;
}

/** The outcome of one run. */
export interface ProgramRun {
  environment: string;
  resources: RegisteredResource[];
  /** Stack outputs with secrets unwrapped. */
  outputs: Record<string, unknown>;
  /** Names of stack outputs that are secret. */
  secretOutputs: string[];
}

/** Options of {@link runProgram}. */
export interface RunOptions {
  /** Environment (stack) name. */
  stack: string;
  /** Flat config map; default: read from `Pulumi.<stack>.yaml`. */
  config?: Record<string, string>;
  /** Run as a preview (unknown outputs stay unknown). Default: false. */
  preview?: boolean;
  /**
   * Keys of `config` whose (plain) values the engine would hand over as decrypted secrets, as
   * `pulumi config set --secret` makes them. Default: none besides the `secure:` entries.
   */
  secretKeys?: string[];
}

/**
 * What the mocks hand the program for a `secure:` entry, which cannot be decrypted offline: a
 * value of the secret's kind, marked secret as the engine marks the decrypted one. Never shown as
 * real: it exists only in the offline run.
 */
export const OFFLINE_SECRET_STAND_INS = {
  url: "https://offline-plan.invalid/secret-not-decrypted",
  password: "offline-plan-secret-not-decrypted",
} as const;

/** The config and secret keys the engine would hand the program, `secure:` entries stood in for. */
export function engineConfig(
  config: Record<string, string>,
  secretKeys: readonly string[] = [],
): { config: Record<string, string>; secretKeys: string[] } {
  const out: Record<string, string> = {};
  const secrets = new Set(secretKeys);
  for (const [key, text] of Object.entries(config)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    const setting = SECRET_SETTINGS[key];
    if (isSecureEntry(value) && setting !== undefined) {
      out[key] = OFFLINE_SECRET_STAND_INS[setting.kind];
      secrets.add(key);
    } else {
      out[key] = text;
    }
  }
  return { config: out, secretKeys: [...secrets] };
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

function unwrap(value: unknown, at: string, secrets: string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => unwrap(v, `${at}[${i}]`, secrets));
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) {
      secrets.push(at);
      return unwrap(obj.value, at, secrets);
    }
    if (SIG_KEY in obj) return obj; // resource references and assets stay as they are
    return Object.fromEntries(
      Object.entries(obj).map(([k, v]) => [k, unwrap(v, at ? `${at}.${k}` : k, secrets)]),
    );
  }
  return value;
}

/** The request's per-property dependencies as URN lists. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function propertyDependenciesOf(req: any): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const map = req.getPropertydependenciesMap?.();
  map?.forEach((deps: { getUrnsList(): string[] }, key: string) => (out[key] = deps.getUrnsList()));
  return out;
}

/** Provider configuration travels JSON-encoded; decode nested objects so tests can read them. */
function decodeProviderInputs(inputs: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(inputs)) {
    if (typeof v === "string" && /^[[{]/.test(v)) {
      try {
        inputs[k] = JSON.parse(v);
      } catch {
        // not JSON after all: keep the string
      }
    }
  }
}

const KEPT_ACROSS_RUNS = [
  `${path.sep}node_modules${path.sep}`,
  // This runner and its tools.
  `${path.sep}scripts${path.sep}lib${path.sep}`,
  // The tests and their helpers are not the program: reloading them would forget the runs
  // `tests/helpers/program.ts` shares across the test files of a mocha worker.
  `${PROJECT_ROOT}${path.sep}tests${path.sep}`,
];

/**
 * Forgets the program's modules (index.ts, stacks/, components/, model/, …) so that the next run
 * loads them afresh: they register resources and keep ledgers at load time.
 */
function clearProjectModules(): void {
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(PROJECT_ROOT) && !KEPT_ACROSS_RUNS.some((kept) => file.includes(kept))) {
      delete require.cache[file];
    }
  }
}

/** Reads an environment's stack file, applies `edit` to its settings, and returns the flat config map. */
export function editedConfig(
  stack: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  edit: (settings: Record<string, any>) => void,
): Record<string, string> {
  const flat = readStackConfig(stackFilePath(stack, PROJECT_ROOT));
  const settings = settingsFromConfigMap(flat);
  edit(settings);
  const out: Record<string, string> = Object.fromEntries(
    Object.entries(flat).filter(([k]) => !k.startsWith("platform:")),
  );
  for (const [k, v] of Object.entries(settings)) {
    if (v !== undefined) out[`platform:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}

/** Thrown when the program fails; carries what was registered before the failure. */
export class ProgramFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly registered: RegisteredResource[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "ProgramFailure";
  }
}

let running = false;

/**
 * Runs `index.ts` under mocks. Runs are serialised because the Pulumi runtime is process-global.
 * Throws a {@link ProgramFailure} wrapping what the program threw (e.g. a ConfigError).
 */
export async function runProgram(opts: RunOptions): Promise<ProgramRun> {
  if (running) throw new Error("runProgram is not re-entrant: await the previous run first");
  running = true;
  const resources: RegisteredResource[] = [];
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    const { config, secretKeys } = engineConfig(
      opts.config ?? readStackConfig(stackFilePath(opts.stack, PROJECT_ROOT)),
      opts.secretKeys,
    );
    pulumi.runtime.setAllConfig(config, secretKeys);
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => mockState(args),
        call: (args) => mockCall(args.token, args.inputs),
      },
      "platform",
      opts.stack,
      opts.preview ?? false,
    );
    // Record what the engine would receive, options included, before the mock answers.
    const monitor = (pulumi.runtime as unknown as { getMonitor(): any }).getMonitor(); // eslint-disable-line @typescript-eslint/no-explicit-any
    const register = monitor.registerResource.bind(monitor);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    monitor.registerResource = (req: any, callback: any) => {
      const secretPaths: string[] = [];
      const raw = pulumi.runtime.deserializeProperties(req.getObject());
      const inputs = unwrap(raw, "", secretPaths) as Record<string, unknown>;
      if (req.getType().startsWith("pulumi:providers:")) decodeProviderInputs(inputs);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return register(req, (err: unknown, res: any) => {
        // The root Stack is the engine's, not the program's: leave it out, as a failing program
        // that registered nothing must still report nothing registered.
        if (!err && req.getType() !== "pulumi:pulumi:Stack") {
          const outputs = unwrap(
            pulumi.runtime.deserializeProperties(res.getObject()),
            "",
            [],
          ) as Record<string, unknown>;
          resources.push({
            outputs,
            type: req.getType(),
            name: req.getName(),
            urn: res.getUrn(),
            inputs,
            secretPaths,
            custom: req.getCustom(),
            parent: req.getParent() || undefined,
            provider: req.getProvider() || undefined,
            protect: req.getProtect?.() ?? false,
            ignoreChanges: req.getIgnorechangesList(),
            dependencies: req.getDependenciesList(),
            propertyDependencies: propertyDependenciesOf(req),
            retainOnDelete: req.getRetainondelete?.() ?? false,
          });
        }
        callback(err, res);
      });
    };

    clearProjectModules();
    // Inside a root Stack resource, as `pulumi up` runs the program: stack transformations (the
    // cost ledger) and parent chains then behave exactly as they do under the engine.
    let exported: Record<string, unknown> = {};
    await pulumi.runtime.runInPulumiStack(async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exported = require(path.join(PROJECT_ROOT, "index.ts")) as Record<string, unknown>;
      return exported;
    });
    const secretOutputs: string[] = [];
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(exported)) {
      const out = pulumi.output(value as pulumi.Input<unknown>) as pulumi.Output<unknown>;
      const isSecret = await (out as unknown as { isSecret: Promise<boolean> }).isSecret;
      if (isSecret) secretOutputs.push(key);
      outputs[key] = await new Promise((resolve) => out.apply((v) => resolve(v)));
    }
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    await new Promise((r) => setImmediate(r));
    if (failures.length > 0) throw failures[0];
    return { environment: opts.stack, resources, outputs, secretOutputs };
  } catch (err) {
    // One failed value (say, an unpriced type in the cost estimate) rejects every output built on
    // it; let those land here rather than crash the process after the run has returned.
    await new Promise((r) => setTimeout(r, 250));
    throw new ProgramFailure(err, resources);
  } finally {
    process.off("unhandledRejection", onRejection);
    running = false;
  }
}
