import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { configWorkspace, prepareStackConfig } from "../../portal/stack-config";

describe("portal: the CLI reads and writes a copy of the stack file, never the working tree's", () => {
  let dir: string;
  let project: string;
  let configDir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-stack-config-"));
    project = path.join(dir, "project");
    configDir = configWorkspace(path.join(dir, "state"));
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: proj\nruntime: nodejs\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const tree = (env: string) => path.join(project, `Pulumi.${env}.yaml`);
  const snapshot = () =>
    fs
      .readdirSync(project)
      .map((f) => {
        const s = fs.statSync(path.join(project, f));
        return `${f}:${s.mtimeMs}:${fs.readFileSync(path.join(project, f), "utf8")}`;
      })
      .sort();

  it("the copy is the working tree's file as it is now, in the portal's state; the project is only read", () => {
    fs.writeFileSync(tree("alpha"), "config:\n  proj:replicas: 2 # two\n");
    const before = snapshot();
    const file = prepareStackConfig(project, configDir, "alpha");
    expect(path.dirname(file)).to.equal(configDir);
    expect(fs.readFileSync(file, "utf8")).to.equal(fs.readFileSync(tree("alpha"), "utf8"));
    expect(fs.readFileSync(path.join(configDir, "Pulumi.yaml"), "utf8")).to.equal(
      "name: proj\nruntime: nodejs\n",
    );
    expect(snapshot()).to.deep.equal(before);
  });

  it("secrets settings the CLI wrote into the copy are carried into the next copy, with the tree's current config", () => {
    fs.writeFileSync(tree("alpha"), "config:\n  proj:replicas: 2\n");
    const file = prepareStackConfig(project, configDir, "alpha");
    // What `pulumi stack init` / an operation does to the file it was given.
    fs.writeFileSync(file, "encryptionsalt: v1:abc:v1:def:ghi\nconfig:\n  proj:replicas: '2'\n");
    fs.writeFileSync(tree("alpha"), "config:\n  proj:replicas: 3\n");
    const before = snapshot();
    const next = YAML.parse(
      fs.readFileSync(prepareStackConfig(project, configDir, "alpha"), "utf8"),
    );
    expect(next).to.deep.equal({
      config: { "proj:replicas": 3 },
      encryptionsalt: "v1:abc:v1:def:ghi",
    });
    expect(snapshot()).to.deep.equal(before);
  });

  it("a working tree file with its own secrets settings (its secure values need them) is used as it is", () => {
    const text = "config:\n  proj:pw:\n    secure: v1:x:y\nencryptionsalt: v1:tree:v1:salt:z\n";
    fs.writeFileSync(tree("alpha"), text);
    const file = prepareStackConfig(project, configDir, "alpha");
    fs.writeFileSync(file, "encryptionsalt: v1:other:v1:salt:w\n");
    expect(fs.readFileSync(prepareStackConfig(project, configDir, "alpha"), "utf8")).to.equal(text);
  });

  it("an empty stack file still gets the carried secrets settings", () => {
    fs.writeFileSync(tree("empty"), "# nothing yet\n");
    const file = prepareStackConfig(project, configDir, "empty");
    fs.writeFileSync(file, "encryptionsalt: v1:abc:v1:def:ghi\n");
    expect(
      YAML.parse(fs.readFileSync(prepareStackConfig(project, configDir, "empty"), "utf8")),
    ).to.deep.equal({ encryptionsalt: "v1:abc:v1:def:ghi" });
  });
});
