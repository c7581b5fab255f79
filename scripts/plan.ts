/**
 * `npm run plan -- --stack <env> [--json]`: what `pulumi up` would create for an environment,
 * computed offline by running the real program under mocks. Needs no cloud account.
 */
import { parseArgs } from "util";
import { listEnvironments } from "../stacks";
import { runProgram } from "./lib/program";
import { nodeGroupBounds, summariseByComponent, table } from "./lib/summary";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { stack: { type: "string" }, json: { type: "boolean", default: false } } });
  const known = listEnvironments();
  if (!values.stack || !known.includes(values.stack)) {
    console.error(`usage: npm run plan -- --stack <${known.join("|")}> [--json]`);
    return 2;
  }
  const started = Date.now();
  const run = await runProgram({ stack: values.stack });
  const components = summariseByComponent(run);
  const nodes = nodeGroupBounds(run);
  const outputs = Object.fromEntries(
    Object.entries(run.outputs).map(([k, v]) => [k, run.secretOutputs.includes(k) ? "[secret]" : v]),
  );
  if (values.json) {
    console.log(JSON.stringify({ environment: run.environment, resources: run.resources.length, components, nodeGroups: nodes, outputs }, null, 2));
    return 0;
  }
  const custom = run.resources.filter((r) => r.custom).length;
  console.log(`Plan for environment "${run.environment}": ${custom} resources in ${components.length} components\n`);
  for (const c of components) {
    console.log(`${c.component} (${c.type}): ${c.total}`);
    for (const [type, n] of Object.entries(c.resources).sort()) console.log(`    ${String(n).padStart(3)}  ${type}`);
  }
  console.log(`\nNode groups\n${table(["name", "capacity", "instance types", "min", "desired", "max"], nodes.map((n) => [n.name, n.capacityType, n.instanceTypes.join(","), n.min, n.desired, n.max]))}`);
  console.log(`\nOutputs\n${table(["name", "value"], Object.entries(outputs).map(([k, v]) => [k, JSON.stringify(v)]))}`);
  console.log(`\n(computed offline under mocks in ${Date.now() - started} ms)`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
