/**
 * Runs the real portal (`portal/main.ts`) as a child process on loopback against the real engine,
 * over a scratch copy of a project, and talks to it over real HTTP.
 */
import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { hashToken } from "../../portal/auth";
import type { Job } from "../../portal/store";
import { requireEngine } from "../engine/helpers";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const FIXTURE_PROJECT = path.join(__dirname, "fixtures", "project");
export const FIXTURE_POLICY_PACK = path.join(__dirname, "fixtures", "policy-pack");

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
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(projectDir, "node_modules"), "dir");
  for (const [name, text] of Object.entries(stacks)) fs.writeFileSync(path.join(projectDir, `Pulumi.${name}.yaml`), text);
  const token = () => crypto.randomBytes(24).toString("base64url");
  const tokens = { viewer: token(), deployer: token(), admin: token() };
  const env = {
    PORTAL_PROJECT_DIR: projectDir,
    PORTAL_STATE_DIR: stateDir,
    PORTAL_PASSPHRASE: "portal-tests",
    PORTAL_PROTECTED_CONFIG_KEYS: "fixture:protected",
    PORTAL_POLICY_PACKS: "",
    PORTAL_TOKENS: JSON.stringify(
      Object.entries(tokens).map(([role, t]) => ({ name: `${role}-user`, role, sha256: hashToken(t) })),
    ),
  };
  return { dir, projectDir, stateDir, tokens, env, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
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
export function startPortal(box: PortalBox, extra: Record<string, string> = {}): Promise<RunningPortal> {
  const child = spawn(process.execPath, ["-r", "ts-node/register", path.join(REPO_ROOT, "portal", "main.ts")], {
    cwd: REPO_ROOT,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true", PORTAL_HOST: "127.0.0.1", PORTAL_PORT: "0", ...box.env, ...extra },
    stdio: ["ignore", "pipe", "pipe"],
  });
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
    const timer = setTimeout(() => reject(new Error(`portal did not listen within 90 s:\n${logs.join("\n")}`)), 90_000);
    timer.unref();
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => reject(new Error(`portal exited (${code}) before listening:\n${logs.join("\n")}`)));
  });
}

/** A response: status and parsed JSON body (or text). */
export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: http.IncomingHttpHeaders;
}

/**
 * One HTTP request with a raw path (not normalised, so `..` and `%2F` reach the server as sent).
 * @param body an object is sent as JSON; a string is sent as is with content-type JSON.
 */
export function request<T = unknown>(
  base: string,
  method: string,
  rawPath: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const url = new URL(base);
  const payload = opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (payload !== undefined) headers["content-type"] ??= "application/json";
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON: keep the text.
        }
        resolve({ status: res.statusCode ?? 0, body: body as T, headers: res.headers });
      });
    });
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

const TERMINAL = ["succeeded", "failed", "cancelled"];

/** Polls a job until it has finished. */
export async function waitJob(base: string, token: string, id: string, timeoutMs = 240_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await request<Job>(base, "GET", `/jobs/${id}`, { token });
    if (r.status !== 200) throw new Error(`GET /jobs/${id}: ${r.status} ${JSON.stringify(r.body)}`);
    if (TERMINAL.includes(r.body.status)) return r.body;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${r.body.status} after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** Polls a job until it is running. */
export async function waitRunning(base: string, token: string, id: string): Promise<void> {
  for (let i = 0; i < 960; i++) {
    const r = await request<Job>(base, "GET", `/jobs/${id}`, { token });
    if (r.body.status === "running") return;
    if (TERMINAL.includes(r.body.status)) throw new Error(`job ${id} finished (${r.body.status}) before it was seen running`);
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`job ${id} never started`);
}

/** Starts a preview and waits for it; throws unless it succeeded. */
export async function previewed(base: string, token: string, env: string): Promise<Job> {
  const r = await request<Job>(base, "POST", `/environments/${env}/previews`, { token });
  if (r.status !== 202) throw new Error(`preview ${env}: ${r.status} ${JSON.stringify(r.body)}`);
  const job = await waitJob(base, token, r.body.id);
  if (job.status !== "succeeded") throw new Error(`preview ${env} ${job.status}: ${job.error}`);
  return job;
}

/** Preview, approve, start the update; returns the update job as accepted (202). */
export async function startUpdate(base: string, token: string, env: string): Promise<Job> {
  const preview = await previewed(base, token, env);
  const a = await request<Job>(base, "POST", `/jobs/${preview.id}/approve`, { token });
  if (a.status !== 200) throw new Error(`approve: ${a.status} ${JSON.stringify(a.body)}`);
  const u = await request<Job>(base, "POST", `/environments/${env}/updates`, { token, body: { previewJobId: preview.id } });
  if (u.status !== 202) throw new Error(`update: ${u.status} ${JSON.stringify(u.body)}`);
  return u.body;
}

/** One Server-Sent Event. */
export interface SseEvent {
  id?: number;
  event: string;
  data: unknown;
}

/** Reads a job's SSE stream until the server closes it (after the `end` event). */
export function readEvents(base: string, token: string, id: string, lastEventId?: number): Promise<SseEvent[]> {
  const url = new URL(base);
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "text/event-stream" };
  if (lastEventId !== undefined) headers["last-event-id"] = String(lastEventId);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: `/jobs/${id}/events`, headers }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`SSE status ${res.statusCode}`));
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => {
        const events = text
          .split("\n\n")
          .filter((block) => block.trim() !== "" && !block.startsWith(":"))
          .map((block) => {
            const fields = Object.fromEntries(block.split("\n").map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]));
            return { id: fields.id ? Number(fields.id) : undefined, event: fields.event, data: JSON.parse(fields.data) };
          });
        resolve(events);
      });
    });
    req.on("error", reject);
    req.end();
  });
}
