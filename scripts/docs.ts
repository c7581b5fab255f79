/**
 * `npm run docs`: rewrites the generated sections of docs/ (configuration reference, policy
 * table, cost table) from the schema, the policy pack with each environment's configuration and
 * the program run under mocks. A test fails when a page is out of date.
 */
import * as fs from "fs";
import * as path from "path";
import { generatedPages } from "./lib/docs";
import { PROJECT_ROOT, runProgram } from "./lib/program";

async function main(): Promise<void> {
  const pages = await generatedPages((stack) => runProgram({ stack }));
  for (const [file, text] of pages) {
    fs.writeFileSync(path.join(PROJECT_ROOT, file), text);
    console.log(`updated ${file}`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
