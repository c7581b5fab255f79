/**
 * Bench sections of fast feedback (issue 13): what a platform engineer waits for on every edit.
 * `npm run plan` as a fresh process per environment (node start, SDK and program loading, the
 * program under mocks, the policy pack and the cost model), and the unit suite as `npm test`
 * runs it (mocha's parallel mode over the unit folders). Wall times: each result carries the
 * load average when it was taken, since the machine may be shared.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../lib/program";
import { SuiteTimings } from "../lib/test-timings";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const load = () => Number(os.loadavg()[0].toFixed(2));

/** Wall time of `npm run plan -- --stack <environment> --json` (without npm), `runs` times. */
export function benchPlanWall(environment: string, runs = 3) {
  const ms: number[] = [];
  const loadBefore = load();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      ["-r", "./scripts/setup/register.cjs", "scripts/plan.ts", "--stack", environment, "--json"],
      { cwd: PROJECT_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    ms.push(Math.round(performance.now() - t0));
    // Exit 1 is a mandatory violation, still a complete plan; anything else is a failure.
    if (r.status !== 0 && r.status !== 1) throw new Error(`plan of ${environment}: ${r.stderr}`);
  }
  return { environment, runs, wallMs: ms, medianMs: median(ms), loadAverage: loadBefore };
}

/** Wall time of the unit suite as `npm test` runs it, with its count of tests and assertions. */
export function benchUnitSuite(jobs = 2) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-unit-"));
  try {
    const loadBefore = load();
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      [
        require.resolve("mocha/bin/mocha.js"),
        "--parallel",
        "--jobs",
        String(jobs),
        "--ignore",
        "tests/policy/engine.test.ts",
        "tests/{stacks,program,model,components,policy}/**/*.test.ts",
      ],
      {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
        env: {
          ...process.env,
          MOCHA_TIMINGS: path.join(dir, "unit.json"),
          MOCHA_ASSERTIONS: path.join(dir, "assertions.jsonl"),
        },
      },
    );
    const wallMs = Math.round(performance.now() - t0);
    if (!fs.existsSync(path.join(dir, "unit.json")))
      throw new Error(`unit suite did not finish: ${r.stderr}`);
    const t = JSON.parse(fs.readFileSync(path.join(dir, "unit.json"), "utf8")) as SuiteTimings;
    return {
      jobs,
      wallMs,
      tests: t.tests,
      failures: t.failures,
      assertions: t.assertions,
      slowestFiles: Object.entries(t.files).slice(0, 5),
      loadAverage: loadBefore,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
