/**
 * `npm run bench`: speed and size figures that tests deliberately do not time. Each section
 * prints one line of JSON so results can be compared across commits.
 */
import { benchProgram } from "./bench/program";

async function main(): Promise<void> {
  const prod = await benchProgram("prod");
  console.log(JSON.stringify({ bench: "program-under-mocks", ...prod }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
