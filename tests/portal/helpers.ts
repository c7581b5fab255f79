/**
 * The portal tests' helpers: the harness that runs the real portal (shared with `npm run bench`)
 * and what only the tests need.
 */
import { ChildProcess, execFile, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { engineBinDir, offlineEngineEnv } from "../../runtime/engine";
import type { PortalBox } from "../../scripts/lib/portal-harness";

export * from "../../scripts/lib/portal-harness";

export const FIXTURE_POLICY_PACK = path.join(__dirname, "fixtures", "policy-pack");

/** Lock files the file backend holds for a stack of the fixture project in a box. */
export function locks(box: PortalBox, stack: string): string[] {
  const dir = path.join(
    box.stateDir,
    "backend",
    ".pulumi",
    "locks",
    "organization",
    "portal-fixture",
    stack,
  );
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
}

/** The content of a lock file of a stack in a box, by file name. */
export function lockContents(box: PortalBox, stack: string): Record<string, string> {
  const dir = path.join(
    box.stateDir,
    "backend",
    ".pulumi",
    "locks",
    "organization",
    "portal-fixture",
    stack,
  );
  return Object.fromEntries(
    locks(box, stack).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
  );
}

/** A person running the CLI by hand on a box's project and state (not through the portal). */
export interface HandCli {
  /** Runs `pulumi <args> --stack <stack> --non-interactive`; rejects on a non-zero exit. */
  run(args: string[], stack: string): Promise<{ stdout: string; stderr: string }>;
  /** Starts it without waiting; `done` settles with its exit code and output. */
  start(
    args: string[],
    stack: string,
  ): {
    child: ChildProcess;
    done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  };
}

export function handCli(box: PortalBox): HandCli {
  const env = {
    ...process.env,
    ...offlineEngineEnv({
      stateDir: path.join(box.stateDir, "backend"),
      passphrase: box.env.PORTAL_PASSPHRASE,
      pulumiHome: path.join(box.stateDir, "home"),
    }),
  };
  delete (env as Record<string, string | undefined>).PORTAL_JOB_ID;
  const cli = path.join(engineBinDir(), "pulumi");
  const argv = (args: string[], stack: string) => [...args, "--stack", stack, "--non-interactive"];
  return {
    run: (args, stack) =>
      new Promise((resolve, reject) =>
        execFile(cli, argv(args, stack), { cwd: box.projectDir, env }, (err, stdout, stderr) =>
          err
            ? reject(new Error(`${err.message}\n${stdout}\n${stderr}`))
            : resolve({ stdout, stderr }),
        ),
      ),
    start: (args, stack) => {
      const child = spawn(cli, argv(args, stack), {
        cwd: box.projectDir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
      const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((r) =>
        child.once("close", (code) => r({ code, stdout, stderr })),
      );
      return { child, done };
    },
  };
}
