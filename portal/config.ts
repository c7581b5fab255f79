/**
 * The portal's own settings: where the project and its state live, who may do what, and limits.
 * Read from an optional JSON file (PORTAL_CONFIG) with environment variables on top, validated
 * once with zod; a bad value fails start-up naming the variable or file key.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { tokenEntrySchema, TokenEntry } from "./auth";
import { ENVIRONMENT_NAME } from "./environments";

const repoRoot = path.resolve(__dirname, "..");

/** Token entries; names are identities (job records, two-person approval), so each is unique. */
const tokenListSchema = z.array(tokenEntrySchema).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.name))
      ctx.addIssue({
        code: "custom",
        path: [i, "name"],
        message: `token name "${e.name}" is used twice; each identity needs its own name`,
      });
    seen.add(e.name);
  });
});

const schema = z.object({
  /** Interface to listen on. Default "127.0.0.1" (put a TLS proxy in front for anything else). */
  host: z.string().min(1).default("127.0.0.1"),
  /** TCP port; 0 picks a free one. Default 8080. */
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** The Pulumi project the portal drives: its Pulumi.<env>.yaml files are the environments. Default: this repository. */
  projectDir: z.string().min(1).default(repoRoot),
  /** Where the portal keeps its database, plans, passphrase file and the file backend. Default <repo>/.state/portal. */
  stateDir: z
    .string()
    .min(1)
    .default(path.join(repoRoot, ".state", "portal")),
  /** Pulumi backend URL. Default file://<stateDir>/backend (the embedded, offline default). */
  backendUrl: z.string().min(1).optional(),
  /** Secrets passphrase. Default: PORTAL_PASSPHRASE_FILE, else <stateDir>/passphrase, generated on first start. */
  passphrase: z.string().min(1).optional(),
  /** File holding the passphrase. Default <stateDir>/passphrase. */
  passphraseFile: z.string().min(1).optional(),
  /** SQLite database of jobs and events. Default <stateDir>/portal.db. */
  database: z.string().min(1).optional(),
  /** Policy packs run with every preview and update. Default: <projectDir>/policy when it has a PulumiPolicy.yaml. */
  policyPacks: z.array(z.string().min(1)).optional(),
  /** Environments that are protected whatever their config says. Default none. */
  protectedEnvironments: z.array(z.string()).default([]),
  /**
   * Stack config values that make an environment protected when true, as `namespace:key.path`.
   * Default ["platform:cluster.deletionProtection"]: what refuses deleting the cluster refuses destroy here.
   */
  protectedConfigKeys: z
    .array(z.string().regex(/^[A-Za-z0-9_-]+:[A-Za-z0-9_.-]+$/))
    .default(["platform:cluster.deletionProtection"]),
  /**
   * Per environment, whether a preview must be approved by someone other than who ran it
   * (`{ "staging": true, "vault": false }`). Default for an environment not listed: on when it
   * is protected, off otherwise.
   */
  twoPersonApproval: z
    .record(z.string().regex(new RegExp(ENVIRONMENT_NAME)), z.union([z.boolean(), z.stringbool()]))
    .default({}),
  /** Bearer tokens (hashed) and their roles. Default: one generated admin token, see tokensFile. */
  tokens: tokenListSchema.optional(),
  /** JSON file of token entries. Default <stateDir>/tokens.json (created with a generated admin token). */
  tokensFile: z.string().min(1).optional(),
  /** Largest accepted request body in bytes. Default 16384. */
  bodyLimit: z.coerce.number().int().min(256).default(16_384),
  /** Operations running at once over all stacks (each is a CLI plus a Node program). Default 4. */
  maxParallel: z.coerce.number().int().min(1).default(4),
  /** Jobs one token may have queued or waiting for a lock at once; more is 429. Default 5. */
  maxQueuedPerToken: z.coerce.number().int().min(1).default(5),
  /** Jobs queued or waiting for a lock at once over all tokens; more is 429. Default 50. */
  maxQueued: z.coerce.number().int().min(1).default(50),
  /**
   * How long a succeeded preview's plan may be approved and applied, ms, counted from the end
   * of the preview; its plan file is deleted after that. Default 86400000 (24 h).
   */
  planTtlMs: z.coerce.number().int().min(1_000).default(86_400_000),
  /** How long an operation waits for a lock held outside the portal before failing, ms. Default 60000. */
  lockWaitMs: z.coerce.number().int().min(0).default(60_000),
  /** How long cached stack outputs count as fresh before a background refresh, ms. Default 5000. */
  outputsTtlMs: z.coerce.number().int().min(0).default(5_000),
  /** How long shutdown waits for cancelled operations to stop before killing them, ms. Default 20000. */
  shutdownGraceMs: z.coerce.number().int().min(0).default(20_000),
  /** pino log level. Default "info". */
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** Validated settings with every path resolved. */
export type PortalConfig = Omit<z.output<typeof schema>, "tokens" | "policyPacks"> & {
  backendUrl: string;
  passphrase: string;
  database: string;
  policyPacks: string[];
  tokens: TokenEntry[];
};

/** Environment variables and the settings they feed; lists are comma-separated, tokens JSON. */
const ENV_KEYS: Record<string, keyof z.input<typeof schema>> = {
  PORTAL_HOST: "host",
  PORTAL_PORT: "port",
  PORT: "port",
  PORTAL_PROJECT_DIR: "projectDir",
  PORTAL_STATE_DIR: "stateDir",
  PORTAL_BACKEND_URL: "backendUrl",
  PORTAL_PASSPHRASE: "passphrase",
  PORTAL_PASSPHRASE_FILE: "passphraseFile",
  PORTAL_DATABASE: "database",
  PORTAL_POLICY_PACKS: "policyPacks",
  PORTAL_PROTECTED_ENVIRONMENTS: "protectedEnvironments",
  PORTAL_PROTECTED_CONFIG_KEYS: "protectedConfigKeys",
  PORTAL_TOKENS: "tokens",
  PORTAL_TOKENS_FILE: "tokensFile",
  PORTAL_TWO_PERSON_APPROVAL: "twoPersonApproval",
  PORTAL_MAX_QUEUED_PER_TOKEN: "maxQueuedPerToken",
  PORTAL_MAX_QUEUED: "maxQueued",
  PORTAL_PLAN_TTL_MS: "planTtlMs",
  PORTAL_BODY_LIMIT: "bodyLimit",
  PORTAL_MAX_PARALLEL: "maxParallel",
  PORTAL_LOCK_WAIT_MS: "lockWaitMs",
  PORTAL_OUTPUTS_TTL_MS: "outputsTtlMs",
  PORTAL_SHUTDOWN_GRACE_MS: "shutdownGraceMs",
  PORTAL_LOG_LEVEL: "logLevel",
};
const LISTS = new Set(["policyPacks", "protectedEnvironments", "protectedConfigKeys"]);
/** Settings given as comma-separated `key=value` pairs. */
const MAPS = new Set(["twoPersonApproval"]);

/** Raw settings from PORTAL_CONFIG (a JSON file) and the PORTAL_* variables, variables winning. */
export function rawSettings(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  if (env.PORTAL_CONFIG) {
    try {
      Object.assign(raw, JSON.parse(fs.readFileSync(env.PORTAL_CONFIG, "utf8")));
    } catch (err) {
      throw new Error(`PORTAL_CONFIG=${env.PORTAL_CONFIG}: ${(err as Error).message}`);
    }
  }
  for (const [variable, key] of Object.entries(ENV_KEYS)) {
    const text = env[variable];
    if (text === undefined || text === "" || (variable === "PORT" && env.PORTAL_PORT)) continue;
    if (LISTS.has(key))
      raw[key] = text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    else if (MAPS.has(key)) {
      const map: Record<string, string> = {};
      for (const pair of text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)) {
        const eq = pair.indexOf("=");
        if (eq <= 0)
          throw new Error(
            `${variable}: "${pair}" is not name=value (e.g. staging=true,vault=false)`,
          );
        map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
      }
      raw[key] = map;
    } else if (key === "tokens") {
      try {
        raw[key] = JSON.parse(text);
      } catch (err) {
        throw new Error(
          `${variable} must be a JSON array of {name, role, sha256}: ${(err as Error).message}`,
        );
      }
    } else raw[key] = text;
  }
  return raw;
}

/** Reads a secret file or creates it with `make()` (mode 0600), returning its trimmed content. */
function fileSecret(file: string, make: () => string): string {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${make()}\n`, { mode: 0o600, flag: "wx" });
  }
  return fs.readFileSync(file, "utf8").trim();
}

/**
 * Loads and validates the portal settings, applying defaults and creating the embedded ones
 * (state folder, passphrase file, a first admin token) when absent.
 * @param env environment to read; default process.env.
 * @param generated called with the path of a generated admin token file, so start-up can say where it is.
 */
export function loadPortalConfig(
  env: NodeJS.ProcessEnv = process.env,
  generated: (tokenFile: string) => void = () => undefined,
): PortalConfig {
  const parsed = schema.safeParse(rawSettings(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `  - ${i.path.join(".") || "(root)"}: ${i.message}`,
    );
    throw new Error(
      `invalid portal configuration (PORTAL_* variables / PORTAL_CONFIG):\n${problems.join("\n")}`,
    );
  }
  const c = parsed.data;
  const stateDir = path.resolve(c.stateDir);
  const projectDir = path.resolve(c.projectDir);
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const passphrase =
    c.passphrase ??
    fileSecret(c.passphraseFile ?? path.join(stateDir, "passphrase"), () =>
      crypto.randomBytes(32).toString("base64url"),
    );
  let tokens = c.tokens;
  if (!tokens) {
    const file = c.tokensFile ?? path.join(stateDir, "tokens.json");
    if (!fs.existsSync(file)) {
      const tokenFile = path.join(stateDir, "admin-token");
      const token = fileSecret(tokenFile, () => crypto.randomBytes(32).toString("base64url"));
      const entry = {
        name: "admin",
        role: "admin",
        sha256: crypto.createHash("sha256").update(token).digest("hex"),
      };
      fs.writeFileSync(file, JSON.stringify([entry], null, 2), { mode: 0o600 });
      generated(tokenFile);
    }
    const fromFile = tokenListSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
    if (!fromFile.success)
      throw new Error(
        `${file}: ${fromFile.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    tokens = fromFile.data;
  }
  const defaultPack = path.join(projectDir, "policy");
  const policyPacks = (
    c.policyPacks ??
    (fs.existsSync(path.join(defaultPack, "PulumiPolicy.yaml")) ? [defaultPack] : [])
  ).map((p) => path.resolve(projectDir, p));
  return {
    ...c,
    stateDir,
    projectDir,
    backendUrl: c.backendUrl ?? `file://${path.join(stateDir, "backend")}`,
    passphrase,
    database: path.resolve(c.database ?? path.join(stateDir, "portal.db")),
    policyPacks,
    tokens,
  };
}
