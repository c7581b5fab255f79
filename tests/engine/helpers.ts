import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LOCAL_STACK_PASSPHRASE, prepareOfflineEngine } from "../../runtime/engine";
import { linkProject } from "../../scripts/engine/project";

// The CLI runner and the engine checks live in runtime/ (the bench uses them too).
export {
  type CliResult,
  installedPlugins,
  ok,
  pulumi,
  recordedFailure,
  requireEngine,
  requireKubernetesProvider,
} from "../../runtime/plugins";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const FIXTURES = path.join(__dirname, "fixtures");
export const PASSPHRASE = "engine-tests";

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
