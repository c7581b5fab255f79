/**
 * `npm run mutation [-- <scope>...]`: StrykerJS over the scopes of scripts/mutation/scopes.ts
 * (default all), one Stryker run per scope with that scope's fast tests, incremental so a rerun
 * only tests mutants whose code or covering tests changed. The incremental state and the JSON
 * report of each scope go to `.cache/stryker/` (not committed: they are per-machine caches of a
 * run over one tree, which would conflict on every merge; `npm run bench` reads the reports).
 *
 * `npm run mutation -- --files <file>...` mutates only the given files (those in no scope are
 * skipped), for the CI step on what a change touches; its reports are `<scope>.changed.json`, so
 * a partial run never replaces a scope's full report. Stryker writes only the mutated files into
 * its incremental file, so the partial run starts from whichever state is newer, the scope's full
 * run or the last partial one: results of untouched mutants in those files are then reused.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { MutationScope, REPORT_DIR, SCOPES, scopeOf } from "./scopes";

const ROOT = path.resolve(__dirname, "..", "..");

interface Job {
  scope: MutationScope;
  mutate: string[];
  /** Suffix of the report and incremental files: "" for a full scope run. */
  suffix: string;
}

function jobs(argv: string[]): Job[] {
  if (argv[0] === "--files") {
    const byScope = new Map<MutationScope, string[]>();
    for (const f of argv.slice(1)) {
      const s = scopeOf(f);
      if (s && fs.existsSync(path.join(ROOT, f))) byScope.set(s, [...(byScope.get(s) ?? []), f]);
    }
    return [...byScope].map(([scope, mutate]) => ({ scope, mutate, suffix: ".changed" }));
  }
  const unknown = argv.filter((a) => !SCOPES.some((s) => s.name === a));
  if (unknown.length > 0)
    throw new Error(
      `unknown mutation scope(s) ${unknown.join(", ")}; scopes: ${SCOPES.map((s) => s.name).join(", ")}`,
    );
  return SCOPES.filter((s) => argv.length === 0 || argv.includes(s.name)).map((scope) => ({
    scope,
    mutate: scope.mutate,
    suffix: "",
  }));
}

/**
 * Start a partial run's incremental state from the scope's full run when that is newer, so
 * `--files` retests only what changed since the full run instead of starting cold.
 */
export function seedPartialState(fullState: string, partialState: string): boolean {
  if (!fs.existsSync(fullState)) return false;
  if (
    fs.existsSync(partialState) &&
    fs.statSync(partialState).mtimeMs >= fs.statSync(fullState).mtimeMs
  )
    return false;
  fs.copyFileSync(fullState, partialState);
  return true;
}

function main(): number {
  const todo = jobs(process.argv.slice(2));
  if (todo.length === 0) {
    console.log("mutation: no file in a mutation scope to test");
    return 0;
  }
  const base = JSON.parse(fs.readFileSync(path.join(ROOT, "stryker.config.json"), "utf8"));
  delete base.$schema;
  delete base._comment;
  fs.mkdirSync(path.join(ROOT, REPORT_DIR), { recursive: true });
  let status = 0;
  for (const { scope, mutate, suffix } of todo) {
    const stem = path.join(REPORT_DIR, `${scope.name}${suffix}`);
    if (suffix !== "") {
      const full = path.join(ROOT, REPORT_DIR, `${scope.name}.incremental.json`);
      if (seedPartialState(full, path.join(ROOT, `${stem}.incremental.json`)))
        console.log(`mutation: ${scope.name}: starting from the full run's results`);
    }
    const config = {
      ...base,
      mutate,
      mochaOptions: { ...base.mochaOptions, spec: scope.tests },
      // One sandbox per scope: Stryker empties its temp folder when it ends (cleanTempDir), which
      // would pull the files from under another scope's run sharing it.
      tempDirName: `${stem}.tmp`,
      incrementalFile: `${stem}.incremental.json`,
      jsonReporter: { fileName: `${stem}.json` },
    };
    const file = path.join(ROOT, `${stem}.config.json`);
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    console.log(`\n== mutation: ${scope.label} (${mutate.length} glob(s) or file(s))`);
    const started = Date.now();
    const r = spawnSync(path.join(ROOT, "node_modules/.bin/stryker"), ["run", file], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
    });
    console.log(`== mutation: ${scope.name} took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (r.status !== 0) status = r.status ?? 1;
  }
  return status;
}

if (require.main === module) process.exit(main());
