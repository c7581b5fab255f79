/**
 * Where the proving ground's built pieces live (the cache `ensure.sh` fills) and the versions
 * they were built at, read from `versions.sh`: the same one place the build reads.
 */
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { PieceError } from "./supervisor";

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
const VERSIONS_FILE = path.join(__dirname, "versions.sh");
const ENSURE = path.join(__dirname, "ensure.sh");

/** Pinned versions from versions.sh, keyed by variable name (`KUBERNETES_VERSION`, …). */
export function pinnedVersions(file = VERSIONS_FILE): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of readFileSync(file, "utf8").matchAll(/^([A-Z_]+_VERSION)=(\S+)$/gm))
    out[m[1]] = m[2];
  if (!out.KUBERNETES_VERSION) throw new Error(`${file} sets no KUBERNETES_VERSION`);
  return out;
}

/** The cache folder of this Kubernetes version: `<ENGINE_CACHE_DIR>/proving-ground/<version>`. */
export function provingGroundCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.ENGINE_CACHE_DIR || path.join(REPO_ROOT, ".cache", "engine");
  return path.join(root, "proving-ground", pinnedVersions().KUBERNETES_VERSION);
}

/**
 * Runs `ensure.sh` (builds what is missing; about a second when everything is cached) and returns
 * the cache folder. Progress goes to this process's stderr.
 */
export function ensureProvingGround(env: NodeJS.ProcessEnv = process.env): string {
  const out = execFileSync("bash", [ENSURE], { env, stdio: ["ignore", "pipe", "inherit"] });
  return out.toString().trim().split("\n").pop() as string;
}

/** The folders of one build: binaries, CRD YAML, kwok's configuration and stages, build logs. */
export interface BuildDirs {
  bin: string;
  crds: string;
  kwok: string;
  logs: string;
}

export function buildDirs(cacheDir = provingGroundCacheDir()): BuildDirs {
  return {
    bin: path.join(cacheDir, "bin"),
    crds: path.join(cacheDir, "crds"),
    kwok: path.join(cacheDir, "kwok"),
    logs: path.join(cacheDir, "logs"),
  };
}

/**
 * The path of a built piece; fails naming the piece, where it was looked for, and the build log
 * that says why it is missing.
 */
export function pieceBinary(dirs: BuildDirs, piece: string): string {
  const file = path.join(dirs.bin, piece);
  try {
    accessSync(file, constants.X_OK);
  } catch {
    // ensure.sh leaves a piece that failed to build its own log; otherwise the shared one says why.
    const own = path.join(dirs.logs, `${piece}.log`);
    throw new PieceError(
      piece,
      existsSync(own) ? own : path.join(dirs.logs, "build.log"),
      `binary not found at ${file}; build it with \`bash scripts/proving-ground/ensure.sh\``,
    );
  }
  return file;
}
