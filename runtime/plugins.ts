/**
 * The engine's CLI, and what scripts/engine/ensure.sh built into its plugin cache: the checks the
 * engine tests, the portal tests and `npm run bench` make before they use the engine.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import {
  assertEngineAvailable,
  engineBinDir,
  enginePluginHome,
  engineRoot,
  ENSURE_COMMAND,
  kubernetesProviderVersion,
} from "./engine";

const repoRoot = path.resolve(__dirname, "..");

/** Result of one CLI invocation; a non-zero exit is data, not an exception. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the engine's `pulumi` with `env` merged over process.env, in `cwd`. */
export function pulumi(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      path.join(engineBinDir(), "pulumi"),
      [...args, "--non-interactive"],
      { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Throws with the CLI's output unless it exited 0, so a failing step says why. */
export function ok(r: CliResult, what: string): CliResult {
  if (r.code !== 0)
    throw new Error(`${what} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r;
}

/** The CLI and language host must exist; fails (never skips) with the command that provides them. */
export function requireEngine(): void {
  assertEngineAvailable();
}

/**
 * Why ensure.sh could not provide an optional piece (kubernetes, random, actionlint), from the
 * failure it recorded, or undefined when it did not record one.
 */
export function recordedFailure(piece: string): string | undefined {
  const file = path.join(engineRoot(), "stamps", `${piece}.failed`);
  return fs.existsSync(file)
    ? fs.readFileSync(file, "utf8").split("\n").slice(1).join("\n").trim()
    : undefined;
}

/** Installed plugins of the shared plugin cache, as `pulumi plugin ls --json` lists them. */
export async function installedPlugins(): Promise<
  { name: string; kind: string; version: string }[]
> {
  const r = ok(
    await pulumi(["plugin", "ls", "--json"], repoRoot, {
      PULUMI_HOME: enginePluginHome(),
      PULUMI_SKIP_UPDATE_CHECK: "true",
    }),
    "pulumi plugin ls --json",
  );
  return JSON.parse(r.stdout || "[]");
}

/**
 * Throws unless ensure.sh registered a Kubernetes provider and the plugin cache lists it at that
 * version, quoting ensure.sh's recorded reason when it could not build one; returns the version.
 */
export async function requireKubernetesProvider(): Promise<string> {
  requireEngine();
  const version = kubernetesProviderVersion();
  const found =
    version !== undefined &&
    (await installedPlugins()).some(
      (p) => p.name === "kubernetes" && p.kind === "resource" && p.version === version,
    );
  if (!found || version === undefined) {
    const why = recordedFailure("kubernetes");
    throw new Error(
      `No Kubernetes provider is registered in the engine's plugin cache (${enginePluginHome()}/plugins` +
        `${version ? ` has no kubernetes ${version}` : ""}). ` +
        (why ? `ensure.sh could not build it: ${why}` : `Run \`${ENSURE_COMMAND}\` first.`),
    );
  }
  return version;
}
