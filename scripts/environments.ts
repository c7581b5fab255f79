/**
 * `npm run environments -- [--aws] [--json]`: the environments, from the `Pulumi.<env>.yaml` files
 * present, with the target kind their settings select; `--aws` lists only those that build AWS
 * (the pull-request workflow's matrix); `--json` prints a JSON array of names. Exits 1, naming
 * the file and what to add, when an AWS environment lacks its policy configuration or deploy job.
 */
import { parseArgs } from "util";
import { environmentKinds } from "../stacks/load";
import { environmentWiring } from "./lib/environments";
import { PROJECT_ROOT } from "./lib/program";

function main(): number {
  const { values } = parseArgs({
    options: {
      aws: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  const envs = environmentKinds(PROJECT_ROOT).filter((e) => !values.aws || e.aws);
  if (values.json) console.log(JSON.stringify(envs.map((e) => e.name)));
  else for (const e of envs) console.log(`${e.name.padEnd(12)} ${e.kind}`);
  const problems = environmentWiring(PROJECT_ROOT);
  for (const p of problems) console.error(`missing: ${p}`);
  return problems.length > 0 ? 1 : 0;
}

process.exit(main());
