import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { readmeWithReference } from "../../scripts/config-reference";

const ROOT = path.resolve(__dirname, "..", "..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

describe("README", () => {
  it("has a configuration reference identical to what the schema generates (run `npm run docs`)", () => {
    expect(readmeWithReference(readme)).to.equal(readme);
  });

  it("gives a two-command quick start whose test command is the one CI runs", () => {
    const quick = readme
      .split("## Quick start")[1]
      .split("```sh")[1]
      .split("```")[0]
      .trim()
      .split("\n");
    expect(quick).to.have.length(2);
    expect(quick[0]).to.match(/^npm run plan -- --stack dev\b/);
    expect(quick[1]).to.match(/^npm test\b/);
    const ci = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
    expect(ci).to.match(/^npm test$/m);
  });

  it("describes every top-level folder of the project", () => {
    const folders = fs
      .readdirSync(ROOT, { withFileTypes: true })
      .filter(
        (d) =>
          d.isDirectory() &&
          !d.name.startsWith(".") &&
          !["node_modules", "bin", "build", "rendered"].includes(d.name),
      )
      .map((d) => d.name);
    for (const f of folders)
      expect(readme, `README layout row for ${f}/`).to.include(`| \`${f}/\``);
  });
});
