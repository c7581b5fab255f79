/**
 * A small Kubernetes API client over mutual TLS for the proving ground and its tests: typed
 * GET/LIST/DELETE, server-side apply of any manifest (the resource path found through discovery),
 * and polling waits. It speaks only to the loopback API server the proving ground started.
 */
import { readFileSync } from "node:fs";
import * as https from "node:https";
import { sleep } from "./supervisor";

/** A manifest: any Kubernetes object. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** An API answer that is not 2xx. */
export class KubeError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly body: string,
  ) {
    let reason = body;
    try {
      reason = (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      // not JSON
    }
    super(`${method} ${path}: ${status} ${reason}`);
    this.name = "KubeError";
  }
}

/** Where and as whom to connect. */
export interface KubeConnection {
  /** `https://127.0.0.1:<port>` */
  server: string;
  /** PEM contents. */
  ca: string;
  cert: string;
  key: string;
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/** A client for one API server and one identity. */
export class KubeClient {
  private readonly agent: https.Agent;
  private readonly discovery = new Map<string, ApiResource[]>();

  constructor(readonly connection: KubeConnection) {
    this.agent = new https.Agent({
      ca: connection.ca,
      cert: connection.cert,
      key: connection.key,
      keepAlive: true,
    });
  }

  /** A client from the CA, certificate and key files a kubeconfig of the proving ground names. */
  static fromFiles(server: string, files: { ca: string; cert: string; key: string }): KubeClient {
    return new KubeClient({
      server,
      ca: readFileSync(files.ca, "utf8"),
      cert: readFileSync(files.cert, "utf8"),
      key: readFileSync(files.key, "utf8"),
    });
  }

  /** One request; resolves with status and body text whatever the status. */
  raw(
    method: string,
    path: string,
    body?: unknown,
    contentType = "application/json",
    timeoutMs = 30000,
  ): Promise<{ status: number; body: string }> {
    const url = new URL(path, this.connection.server);
    const data =
      body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            accept: "application/json",
            ...(data !== undefined
              ? { "content-type": contentType, "content-length": Buffer.byteLength(data) }
              : {}),
          },
          timeout: timeoutMs,
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => (text += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("timeout", () =>
        req.destroy(new Error(`${method} ${path}: no answer in ${timeoutMs} ms`)),
      );
      req.on("error", reject);
      if (data !== undefined) req.write(data);
      req.end();
    });
  }

  /** A request whose answer must be 2xx; returns the parsed JSON body. */
  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<T> {
    const res = await this.raw(method, path, body, contentType);
    if (res.status < 200 || res.status >= 300)
      throw new KubeError(res.status, method, path, res.body);
    return (res.body ? JSON.parse(res.body) : {}) as T;
  }

  get<T = KubeObject>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }

  /** The API group-version path and the resource of a kind, from discovery. */
  private async lookup(
    apiVersion: string,
    kind: string,
  ): Promise<{ base: string; resource: ApiResource }> {
    const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const find = async (fresh: boolean) => {
      if (fresh || !this.discovery.has(apiVersion)) {
        const list = await this.raw("GET", base);
        const resources =
          list.status === 200
            ? (JSON.parse(list.body) as { resources: ApiResource[] }).resources.filter(
                (r) => !r.name.includes("/"),
              )
            : [];
        this.discovery.set(apiVersion, resources);
      }
      return this.discovery.get(apiVersion)?.find((r) => r.kind === kind);
    };
    // A kind of a CRD created a moment ago is not in the cached discovery yet: ask again.
    const resource = (await find(false)) ?? (await find(true));
    if (!resource) throw new Error(`the API server does not serve ${kind} in ${apiVersion}`);
    return { base, resource };
  }

  /**
   * The API path of one object, or of a kind's collection when `name` is omitted. A namespaced
   * kind without `namespace` means `default` for an object and every namespace for a collection.
   */
  async resourcePath(
    apiVersion: string,
    kind: string,
    namespace?: string,
    name?: string,
  ): Promise<string> {
    const { base, resource } = await this.lookup(apiVersion, kind);
    const ns = namespace ?? (name ? "default" : undefined);
    const scope = resource.namespaced && ns ? `/namespaces/${ns}` : "";
    return `${base}${scope}/${resource.name}${name ? `/${encodeURIComponent(name)}` : ""}`;
  }

  /** Server-side apply (forcing ownership to `fieldManager`); returns the object as stored. */
  async apply<T extends KubeObject = KubeObject>(
    manifest: KubeObject,
    fieldManager = "proving-ground",
  ): Promise<T> {
    const { apiVersion, kind, metadata } = manifest;
    const path = await this.resourcePath(apiVersion, kind, metadata.namespace, metadata.name);
    return this.request<T>(
      "PATCH",
      `${path}?fieldManager=${fieldManager}&force=true`,
      manifest,
      "application/apply-patch+yaml",
    );
  }

  /** Deletes an object; resolves false when it did not exist. */
  async delete(manifest: Pick<KubeObject, "apiVersion" | "kind" | "metadata">): Promise<boolean> {
    const { apiVersion, kind, metadata } = manifest;
    const path = await this.resourcePath(apiVersion, kind, metadata.namespace, metadata.name);
    const res = await this.raw("DELETE", path);
    if (res.status === 404) return false;
    if (res.status < 200 || res.status >= 300)
      throw new KubeError(res.status, "DELETE", path, res.body);
    return true;
  }

  /** Objects of a kind, optionally in one namespace and matching a label selector. */
  async list<T = KubeObject>(
    apiVersion: string,
    kind: string,
    opts: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
  ): Promise<T[]> {
    const path = await this.resourcePath(apiVersion, kind, opts.namespace);
    const query = new URLSearchParams();
    if (opts.labelSelector) query.set("labelSelector", opts.labelSelector);
    if (opts.fieldSelector) query.set("fieldSelector", opts.fieldSelector);
    const q = query.toString();
    return (await this.get<{ items: T[] }>(q ? `${path}?${q}` : path)).items;
  }

  /** Polls `probe` until it returns a value (not undefined); fails after `timeoutMs` naming `what`. */
  async waitFor<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = 60000,
    intervalMs = 250,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const value = await probe();
        if (value !== undefined) return value;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline)
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`,
        );
      await sleep(intervalMs);
    }
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}
