import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { generatedPages, GENERATED, usd } from "../../scripts/lib/docs";
import { runStack } from "../helpers/program";

const ROOT = path.resolve(__dirname, "..", "..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const lines = readme.split("\n");
const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe("docs", function () {
  this.timeout(180_000);

  it("every generated section (configuration reference, policy table, cost table) is what `npm run docs` writes", async () => {
    const pages = await generatedPages(runStack);
    expect([...pages.keys()].sort()).to.deep.equal(
      [...new Set(GENERATED.map((g) => g.file))].sort(),
    );
    for (const [file, text] of pages)
      expect(fs.readFileSync(path.join(ROOT, file), "utf8"), `${file}: run npm run docs`).to.equal(
        text,
      );
  });

  it("the cost table carries prod's estimate as the program computes it", async () => {
    const prod = await runStack("prod");
    const total = (prod.outputs.costEstimate as { total: { max: number } }).total.max;
    const governance = fs.readFileSync(path.join(ROOT, "docs", "governance.md"), "utf8");
    const row = governance.split("\n").find((l) => l.startsWith("| prod | "));
    expect(row).to.include(`| ${usd(total)} |`);
  });
});

describe("README, a map", () => {
  it("fits in about 150 lines, with the two commands, the layout and where a change goes on the first screenful", () => {
    expect(lines.length).to.be.at.most(160);
    for (const h of ["## Two commands", "## Layout", "## Where a change goes"]) {
      expect(lines.indexOf(h), h).to.be.greaterThan(0);
      expect(lines.indexOf(h), `${h} on the first screenful`).to.be.below(45);
    }
  });

  it("gives the two commands, and its test command is the one CI runs", () => {
    const block = readme.split("## Two commands")[1].split("```sh")[1].split("```")[0];
    const commands = block.trim().split("\n");
    expect(commands).to.have.length(2);
    expect(commands[0]).to.match(/^npm run plan -- --stack dev\b/);
    expect(commands[1]).to.match(/^npm test\b/);
    expect(fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8")).to.match(/^npm test$/m);
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

  it("says where each kind of change goes: environment, service or worker, cluster setting, pinned version, policy, price, area, target kind, component", () => {
    const rows = lines.filter((l) => l.startsWith("| ")).map((l) => l.split("|")[1].trim());
    expect(rows).to.include.members([
      "an environment",
      "a service or a worker",
      "a cluster setting",
      "a pinned version",
      "a policy",
      "a price or a region",
      "an area",
      "a target kind",
      "a component",
    ]);
  });

  it("links every page of docs/, and every link resolves", () => {
    const links = [...readme.matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => m[1]);
    for (const l of links) expect(fs.existsSync(path.join(ROOT, l)), l).to.equal(true);
    for (const page of fs.readdirSync(path.join(ROOT, "docs")))
      expect(links, `README links docs/${page}`).to.include(`docs/${page}`);
  });

  it("says why each dependency is there", () => {
    const table = readme.split("## Dependencies and why")[1].split("\n## ")[0];
    const named = (pkg: string) =>
      table.includes(`\`${pkg}\``) || table.includes(`\`${pkg.split("/")[0]}/*\``);
    for (const pkg of [
      ...Object.keys(packageJson.dependencies),
      ...Object.keys(packageJson.devDependencies).filter((p) => !p.startsWith("@types/")),
    ])
      expect(named(pkg), pkg).to.equal(true);
  });
});
