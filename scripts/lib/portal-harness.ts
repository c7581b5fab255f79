/**
 * Runs the real portal (`portal/main.ts`) as a child process on loopback against the real engine,
 * over a scratch copy of a project, and talks to it over real HTTP. Used by the portal tests and
 * `npm run bench`.
 */
import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { hashToken } from "../../portal/auth";
import { LOCAL_STACK_PASSPHRASE } from "../../runtime/engine";
import { requireEngine } from "../../runtime/plugins";
import { linkProject } from "../engine/project";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** A minimal project (no cloud, no provider plugin) the portal is tested and benchmarked on. */
export const FIXTURE_PROJECT = path.join(REPO_ROOT, "tests", "portal", "fixtures", "project");

/** A scratch folder: a copy of a project (stack files may be rewritten by the CLI) and state. */
export interface PortalBox {
  dir: string;
  projectDir: string;
  stateDir: string;
  tokens: { viewer: string; deployer: string; admin: string };
  /** PORTAL_* variables for this box. */
  env: Record<string, string>;
  cleanup(): void;
}

/**
 * Copies the fixture project (or `stacks` extra stack files) into a temporary folder whose
 * node_modules links to the repository's, with three tokens, one per role.
 * @param stacks extra `Pulumi.<name>.yaml` contents, by stack name.
 */
export function portalBox(prefix: string, stacks: Record<string, string> = {}): PortalBox {
  requireEngine();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `portal-${prefix}-`));
  const projectDir = path.join(dir, "project");
  const stateDir = path.join(dir, "state");
  fs.cpSync(FIXTURE_PROJECT, projectDir, { recursive: true });
  fs.symlinkSync(
    path.join(REPO_ROOT, "node_modules"),
    path.join(projectDir, "node_modules"),
    "dir",
  );
  for (const [name, text] of Object.entries(stacks))
    fs.writeFileSync(path.join(projectDir, `Pulumi.${name}.yaml`), text);
  const token = () => crypto.randomBytes(24).toString("base64url");
  const tokens = { viewer: token(), deployer: token(), admin: token() };
  const env = {
    PORTAL_PROJECT_DIR: projectDir,
    PORTAL_STATE_DIR: stateDir,
    PORTAL_PASSPHRASE: "portal-tests",
    PORTAL_PROTECTED_CONFIG_KEYS: "fixture:protected",
    PORTAL_POLICY_PACKS: "",
    PORTAL_TOKENS: JSON.stringify(
      Object.entries(tokens).map(([role, t]) => ({
        name: `${role}-user`,
        role,
        sha256: hashToken(t),
      })),
    ),
  };
  return {
    dir,
    projectDir,
    stateDir,
    tokens,
    env,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * This repository's own project, linked into a scratch folder (scripts/engine/project.ts), with
 * its `local` stack file and a second stack `local-b` made from the same config, rendering into
 * its own folder; the portal uses the local stack's passphrase and the repository's policy pack.
 */
export function platformBox(prefix: string): PortalBox {
  const box = portalBox(prefix);
  fs.rmSync(box.projectDir, { recursive: true, force: true });
  const local = linkProject(box.projectDir, "local");
  const text = fs.readFileSync(local, "utf8");
  const second = text.replace(/^(\s+directory:\s*)rendered\/local\s*$/m, "$1rendered/local-b");
  if (second === text)
    throw new Error(`${local}: no "directory: rendered/local" to point local-b elsewhere`);
  fs.writeFileSync(path.join(box.projectDir, "Pulumi.local-b.yaml"), second);
  box.env.PORTAL_PASSPHRASE = LOCAL_STACK_PASSPHRASE;
  box.env.PORTAL_PROTECTED_CONFIG_KEYS = "platform:cluster.deletionProtection";
  delete (box.env as Record<string, string | undefined>).PORTAL_POLICY_PACKS;
  // The program is type-checked by `npm test`'s tsc already; the engine only needs to run it.
  box.env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
  return box;
}

/** A running portal process. */
export interface RunningPortal {
  url: string;
  child: ChildProcess;
  /** Every log line it printed (JSON from pino). */
  logs: string[];
  /** Sends `signal` and resolves with the exit code once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `portal/main.ts` on a free loopback port; resolves once it listens. */
export function startPortal(
  box: PortalBox,
  extra: Record<string, string> = {},
): Promise<RunningPortal> {
  const child = spawn(
    process.execPath,
    [
      "-r",
      path.join(REPO_ROOT, "scripts", "setup", "register.cjs"),
      path.join(REPO_ROOT, "portal", "main.ts"),
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TS_NODE_TRANSPILE_ONLY: "true",
        PORTAL_HOST: "127.0.0.1",
        PORTAL_PORT: "0",
        ...box.env,
        ...extra,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const logs: string[] = [];
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return new Promise((resolve, reject) => {
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        logs.push(line);
        const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve({ url: m[1], child, logs, stop });
        }
      }
    };
    const timer = setTimeout(
      () => reject(new Error(`portal did not listen within 90 s:\n${logs.join("\n")}`)),
      90_000,
    );
    timer.unref();
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) =>
      reject(new Error(`portal exited (${code}) before listening:\n${logs.join("\n")}`)),
    );
  });
}

export * from "./portal-client";
