// Locating and running promtool. A missing promtool is a test failure with install instructions,
// never a skip: the whole point of these tests is that the real rule engine agrees.
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";

const INSTALL_HINT =
  "install it with `apt-get install -y --no-install-recommends prometheus` (Debian ships /usr/bin/promtool), " +
  "or point PROMTOOL at a promtool binary";

/**
 * Path of a tool: the file named by `envVar` when set, else the first executable `name` on PATH.
 * Throws an error naming the tool and how to install it when neither exists.
 */
export function findBinary(name: string, envVar: string, installHint: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new Error(`${envVar}=${fromEnv} does not exist; ${installHint}`);
    return fromEnv;
  }
  for (const dir of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`${name} is not installed (not on PATH, ${envVar} unset); ${installHint}`);
}

/** Path of the promtool binary: $PROMTOOL, else the first `promtool` on PATH. Throws when absent. */
export function findPromtool(): string {
  return findBinary("promtool", "PROMTOOL", INSTALL_HINT);
}

/** `promtool --version` first line, e.g. `promtool, version 2.42.0+ds ...`. */
export function promtoolVersion(bin: string): string {
  return execFileSync(bin, ["--version"], { encoding: "utf8" }).split("\n")[0];
}

/** Result of one promtool run. */
export interface PromtoolRun {
  ok: boolean;
  output: string;
  ms: number;
}

/** Runs `promtool <args>` and returns its combined output and exit status, without throwing. */
export function runPromtool(bin: string, args: string[], cwd?: string): PromtoolRun {
  const start = process.hrtime.bigint();
  const r = spawnSync(bin, args, { cwd, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim(), ms };
}
