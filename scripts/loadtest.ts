/**
 * `npm run loadtest -- --stack <env> --scenario <name> [--compress N] [--rate-scale K] [--json]`
 * (`--in-cluster`: print the Job that runs it in the environment's cluster instead, see
 * scripts/loadtest/in-cluster.ts):
 * runs one of the environment's load test scenarios (platform:loadTests) against a proving ground started for the
 * run (the environment's kwok nodes, the service's Deployment and HPA as shipped, the real HPA
 * controller) and prints time to capacity, P95, error rate, replicas and pass/fail. `--compress N`
 * runs every stage N times shorter at the same rates; `--rate-scale K` sends K of every rate with
 * pod throughput scaled alike (same utilisation; for a busy machine). Exits 1 when a threshold is missed, 2 on
 * bad arguments.
 */
import { parseArgs } from "node:util";
import { compressScenario, resolveScenario } from "../stacks/schema/loadtests";
import { loadEnvironment } from "../stacks/load";
import { inClusterRun } from "./loadtest/in-cluster";
import { formatResult, runScenario } from "./loadtest/run";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string" },
      scenario: { type: "string" },
      compress: { type: "string", default: "1" },
      "rate-scale": { type: "string", default: "1" },
      json: { type: "boolean", default: false },
      "in-cluster": { type: "boolean", default: false },
    },
  });
  if (!values.stack || !values.scenario) {
    console.error(
      "usage: npm run loadtest -- --stack <env> --scenario <name> [--compress N] [--rate-scale K] [--json] [--in-cluster]",
    );
    return 2;
  }
  const env = loadEnvironment(values.stack);
  const declared = env.loadTests.scenarios[values.scenario];
  if (declared === undefined) {
    const known = Object.keys(env.loadTests.scenarios);
    console.error(
      `${values.stack} declares no scenario ${values.scenario} in platform:loadTests.scenarios (${known.length ? known.join(", ") : "none"})`,
    );
    return 2;
  }
  const factor = Number(values.compress);
  const scenario = compressScenario(
    resolveScenario(values.scenario, declared, env.services),
    factor,
  );
  if (values["in-cluster"]) {
    // The run's manifests for the environment's cluster (kubectl create -f -); nothing starts here.
    console.log(inClusterRun(env, scenario, new Date()));
    return 0;
  }
  const result = await runScenario(env, scenario, {
    rateScale: Number(values["rate-scale"]),
    log: values.json ? undefined : (l) => console.error(l),
  });
  console.log(values.json ? JSON.stringify(result, null, 2) : formatResult(result));
  return result.pass ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(2);
  },
);
