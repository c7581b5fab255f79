/**
 * Runs the load test evaluator (`components/loadtest/evaluate.sh`) as the Job's container does,
 * over real Fortio results, and stands in for Prometheus' OTLP receiver: shared by the verdict
 * tests (tests/components/loadtest) and the push tests (tests/servers, after curl is installed).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { EVALUATOR_PATH } from "../../components/loadtest";

/** Real Fortio results (provenance in their README). */
const FIXTURES = path.join(__dirname, "..", "components", "loadtest", "fixtures");

/** Fortio's own figures from a fixture. */
export function fortio(file: string) {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8")) as {
    DurationHistogram: { Count: number; Percentiles: { Percentile: number; Value: number }[] };
    RetCodes: Record<string, number>;
  };
}

/**
 * Runs the shipped evaluator, as the Job's container does, over real Fortio results placed under
 * the names the Job gives them (`<n>-judged-<kind>.json` after the grace period, `-grace-` before).
 */
export async function evaluate(
  files: Record<string, string>,
  thresholds: { p95Ms: number; errorPercent: number },
  otlpUrl?: string,
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loadtest-eval-"));
  for (const [name, fixture] of Object.entries(files))
    fs.copyFileSync(path.join(FIXTURES, fixture), path.join(dir, name));
  const child = spawn("sh", [EVALUATOR_PATH], {
    env: {
      PATH: process.env.PATH,
      RESULTS_DIR: dir,
      P95_MS: String(thresholds.p95Ms),
      ERROR_RATE_PERCENT: String(thresholds.errorPercent),
      SCENARIO: "spike",
      SERVICE: "agent-api",
      ...(otlpUrl ? { OTLP_URL: otlpUrl } : {}),
    },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const metricsFile = path.join(dir, "metrics.prom");
  const metrics = fs.existsSync(metricsFile) ? fs.readFileSync(metricsFile, "utf8") : "";
  fs.rmSync(dir, { recursive: true, force: true });
  return { status, out: out.trim(), err, metrics };
}

/** A loopback server standing in for Prometheus' OTLP receiver: records each request, answers `status`. */
export async function receiver(status: number) {
  const got: { method?: string; url?: string; type?: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      got.push({ method: req.method, url: req.url, type: req.headers["content-type"], body });
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/api/v1/otlp/v1/metrics`,
    got,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** One figure of the summary line (`key=value`). */
export const field = (out: string, key: string) => new RegExp(`\\b${key}=(\\S+)`).exec(out)?.[1];
