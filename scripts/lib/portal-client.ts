/**
 * The portal's API over real HTTP: raw-path requests, job polling, the preview → approve →
 * update sequence, and a Server-Sent Events reader.
 */
import * as http from "http";
import type { Job } from "../../portal/store";

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
  const payload =
    opts.body === undefined
      ? undefined
      : typeof opts.body === "string"
        ? opts.body
        : JSON.stringify(opts.body);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (payload !== undefined) headers["content-type"] ??= "application/json";
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path: rawPath, headers },
      (res) => {
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
      },
    );
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

const TERMINAL = ["succeeded", "failed", "cancelled"];

/** Polls a job until `accept` says yes (e.g. it is waiting); throws if it finishes first. */
export async function waitFor(
  base: string,
  token: string,
  id: string,
  accept: (job: Job) => boolean,
  timeoutMs = 240_000,
): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await request<Job>(base, "GET", `/jobs/${id}`, { token });
    if (accept(r.body)) return r.body;
    if (TERMINAL.includes(r.body.status))
      throw new Error(`job ${id} finished (${r.body.status}: ${r.body.error}) first`);
    if (Date.now() > deadline) throw new Error(`job ${id} still ${r.body.status}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

/** Polls a job until it has finished. */
export async function waitJob(
  base: string,
  token: string,
  id: string,
  timeoutMs = 240_000,
): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await request<Job>(base, "GET", `/jobs/${id}`, { token });
    if (r.status !== 200) throw new Error(`GET /jobs/${id}: ${r.status} ${JSON.stringify(r.body)}`);
    if (TERMINAL.includes(r.body.status)) return r.body;
    if (Date.now() > deadline)
      throw new Error(`job ${id} still ${r.body.status} after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** Polls a job until it is running. */
export async function waitRunning(base: string, token: string, id: string): Promise<void> {
  for (let i = 0; i < 960; i++) {
    const r = await request<Job>(base, "GET", `/jobs/${id}`, { token });
    if (r.body.status === "running") return;
    if (TERMINAL.includes(r.body.status))
      throw new Error(`job ${id} finished (${r.body.status}) before it was seen running`);
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

/**
 * Preview, approve, start the update; returns the update job as accepted (202).
 * @param token approves and updates; also previews unless `previewToken` is given (two-person
 * approval, on by default for protected environments, needs someone else to have previewed).
 */
export async function startUpdate(
  base: string,
  token: string,
  env: string,
  opts: { previewToken?: string } = {},
): Promise<Job> {
  const preview = await previewed(base, opts.previewToken ?? token, env);
  const a = await request<Job>(base, "POST", `/jobs/${preview.id}/approve`, { token });
  if (a.status !== 200) throw new Error(`approve: ${a.status} ${JSON.stringify(a.body)}`);
  const u = await request<Job>(base, "POST", `/environments/${env}/updates`, {
    token,
    body: { previewJobId: preview.id },
  });
  if (u.status !== 202) throw new Error(`update: ${u.status} ${JSON.stringify(u.body)}`);
  return u.body;
}

/** One Server-Sent Event. */
export interface SseEvent {
  id?: number;
  event: string;
  data: unknown;
}

function parseEvent(block: string): SseEvent {
  const fields = Object.fromEntries(
    block.split("\n").map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]),
  );
  return {
    id: fields.id ? Number(fields.id) : undefined,
    event: fields.event,
    data: JSON.parse(fields.data),
  };
}

/**
 * Reads a job's SSE stream until the server closes it (after the `end` event), or, given
 * `until`, as soon as an event it accepts arrives.
 */
export function readEvents(
  base: string,
  token: string,
  id: string,
  lastEventId?: number,
  until?: (e: SseEvent) => boolean,
): Promise<SseEvent[]> {
  const url = new URL(base);
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    accept: "text/event-stream",
  };
  if (lastEventId !== undefined) headers["last-event-id"] = String(lastEventId);
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    let done = false;
    const req = http.request(
      { host: url.hostname, port: url.port, path: `/jobs/${id}/events`, headers },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`SSE status ${res.statusCode}`));
        let text = "";
        res.on("data", (c: Buffer) => {
          text += c.toString();
          const blocks = text.split("\n\n");
          text = blocks.pop()!;
          for (const block of blocks) {
            if (done || block.trim() === "" || block.startsWith(":")) continue;
            const e = parseEvent(block);
            events.push(e);
            if (until?.(e)) {
              done = true;
              resolve(events);
              req.destroy();
            }
          }
        });
        res.on("end", () => {
          if (done) return;
          if (text.trim() !== "" && !text.startsWith(":")) events.push(parseEvent(text));
          if (until) reject(new Error(`job ${id}: stream ended before the awaited event`));
          else resolve(events);
        });
      },
    );
    req.on("error", (err) => (done ? undefined : reject(err)));
    req.end();
  });
}

/** Waits until the engine is registering the program's resources in a job (not just started). */
export async function waitInProgram(base: string, token: string, id: string): Promise<void> {
  await readEvents(base, token, id, undefined, (e) => e.event === "resourcePreEvent");
}
