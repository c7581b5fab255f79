import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  assertEngineAvailable,
  engineBinDir,
  enginePluginHome,
  engineRoot,
  ENSURE_COMMAND,
  kubernetesProviderVersion,
  LOCAL_STACK_PASSPHRASE,
  prepareOfflineEngine,
} from "../../scripts/engine/env";
import { linkProject } from "../../scripts/engine/project";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const FIXTURES = path.join(__dirname, "fixtures");
export const PASSPHRASE = "engine-tests";

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

/**
 * A scratch folder for one test: a program folder whose node_modules links to the repository's
 * (the language host, the dynamic-provider launcher and Node all resolve @pulumi/* upwards from
 * the program), a file-backend state folder, and the offline environment for both.
 */
export interface Sandbox {
  dir: string;
  programDir: string;
  stateDir: string;
  env: Record<string, string>;
  cleanup(): void;
}

export function sandbox(prefix: string): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `engine-${prefix}-`));
  const programDir = path.join(dir, "program");
  const stateDir = path.join(dir, "state");
  fs.mkdirSync(programDir);
  fs.symlinkSync(
    path.join(REPO_ROOT, "node_modules"),
    path.join(programDir, "node_modules"),
    "dir",
  );
  const env = prepareOfflineEngine({ stateDir, passphrase: PASSPHRASE });
  return {
    dir,
    programDir,
    stateDir,
    env,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A sandbox whose program folder is this project (see linkProject), with the passphrase of its
 * stack file. `PULUMI_NODEJS_TRANSPILE_ONLY` skips the program's type check, which `npx tsc`
 * does for the whole tree, and which files other people are editing could break mid-run.
 * @param prefix names the temporary folder.
 * @param stack the stack file to copy. @default "local"
 * @param passphrase of the stack file's secrets. @default LOCAL_STACK_PASSPHRASE
 */
export function projectSandbox(
  prefix: string,
  stack = "local",
  passphrase = LOCAL_STACK_PASSPHRASE,
): Sandbox & { stackFile: string } {
  const box = sandbox(prefix);
  const stackFile = linkProject(box.programDir, stack);
  Object.assign(box.env, {
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  });
  return { ...box, stackFile };
}

/** Writes a Pulumi.yaml (nodejs, TypeScript) and index.ts into `dir`. */
export function writeProgram(dir: string, name: string, source: string): void {
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, main: "index.ts" }));
  fs.writeFileSync(path.join(dir, "index.ts"), source);
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
    await pulumi(["plugin", "ls", "--json"], REPO_ROOT, {
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

/** Lists files under `dir`, relative to it, sorted. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}
