/**
 * The `local` stack through the real engine, offline, timed: preview of a new stack, the first
 * up (rendering every manifest), a no-op preview, and destroy. Run by `npm run bench`.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  assertEngineAvailable,
  engineBinDir,
  LOCAL_STACK_PASSPHRASE,
  prepareOfflineEngine,
} from "../../runtime/engine";
import { linkProject } from "./project";

/** Figures of one run; times in milliseconds. */
export interface EngineBench {
  resources: number;
  renderedFiles: number;
  previewNewMs: number;
  upMs: number;
  previewNoChangesMs: number;
  destroyMs: number;
  /** Whether the program was type-checked on each run (false: transpile only, as in the tests). */
  typeChecked: boolean;
}

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .reduce((n, e) => n + (e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1), 0);
}

/**
 * Times the four operations on a throwaway copy of the project.
 * @param typeCheck type-check the program on every run, as `pulumi up` in the project does. @default false
 */
export async function benchLocalStack(typeCheck = false): Promise<EngineBench> {
  assertEngineAvailable();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-bench-"));
  try {
    const programDir = path.join(dir, "program");
    linkProject(programDir, "local");
    const env = {
      ...process.env,
      ...prepareOfflineEngine({
        stateDir: path.join(dir, "state"),
        passphrase: LOCAL_STACK_PASSPHRASE,
      }),
      PULUMI_NODEJS_TRANSPILE_ONLY: String(!typeCheck),
    };
    const run = (...args: string[]) =>
      new Promise<{ ms: number; stdout: string }>((resolve, reject) => {
        const started = performance.now();
        execFile(
          path.join(engineBinDir(), "pulumi"),
          [...args, "--stack", "local", "--non-interactive"],
          { cwd: programDir, env, maxBuffer: 1 << 26 },
          (err, stdout, stderr) =>
            err
              ? reject(new Error(`pulumi ${args.join(" ")}: ${stdout}\n${stderr}`))
              : resolve({ ms: Math.round(performance.now() - started), stdout }),
        );
      });
    await run("stack", "init");
    const preview = await run("preview", "--json");
    const up = await run("up", "--yes", "--skip-preview");
    const renderedFiles = countFiles(path.join(programDir, "rendered", "local"));
    const noop = await run("preview", "--expect-no-changes");
    const destroy = await run("destroy", "--yes", "--skip-preview");
    const steps = (JSON.parse(preview.stdout).steps ?? []) as unknown[];
    return {
      resources: steps.length,
      renderedFiles,
      previewNewMs: preview.ms,
      upMs: up.ms,
      previewNoChangesMs: noop.ms,
      destroyMs: destroy.ms,
      typeChecked: typeCheck,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
