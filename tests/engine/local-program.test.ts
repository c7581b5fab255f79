import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { editedConfig } from "../../scripts/lib/program";
import { ofType, one, runFailing, runStack } from "../helpers/program";
import { REPO_ROOT } from "./helpers";

/** The `local` environment under mocks: what its program registers, before any engine runs it. */
describe("the render-only local environment (program under mocks)", () => {
  it("registers no AWS and no random resources: neither plugin exists where it renders", async () => {
    const r = await runStack("local");
    const foreign = r.resources.filter((x) =>
      /^(aws|random):|^pulumi:providers:(aws|random)$/.test(x.type),
    );
    expect(foreign.map((x) => `${x.type} ${x.name}`)).to.deep.equal([]);
    expect(r.resources.filter((x) => x.type.startsWith("kubernetes:")).length).to.be.greaterThan(0);
  });

  it("sends every Kubernetes resource through one provider that renders under rendered/local", async () => {
    const r = await runStack("local");
    const provider = one(r, "pulumi:providers:kubernetes");
    expect(provider.inputs.renderYamlToDirectory).to.equal(
      path.join(process.cwd(), "rendered", "local"),
    );
    const providerRef = (x: { provider?: string }) =>
      x.provider?.split("::").slice(0, 4).join("::");
    for (const res of r.resources.filter((x) => x.custom && x.type.startsWith("kubernetes:"))) {
      expect(providerRef(res), `${res.type} ${res.name}`).to.equal(provider.urn);
    }
  });

  it("creates every application namespace and the data tier's own", async () => {
    const names = ofType(await runStack("local"), "kubernetes:core/v1:Namespace").map(
      (n) => n.inputs.metadata.name,
    );
    expect(names).to.include.members(["apps", "agents", "data"]);
  });

  it("keeps the render passwords encrypted in the stack file", () => {
    const doc = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.local.yaml"), "utf8"));
    for (const key of [
      "render:databasePassword",
      "render:databaseAppPassword",
      "render:cachePassword",
      "render:queuePassword",
    ]) {
      expect(doc.config[key], key).to.have.property("secure").that.matches(/^v1:/);
    }
  });

  it("refuses a render folder outside rendered/, naming the key", async () => {
    for (const directory of ["manifests", "rendered/../src", "/tmp/out"]) {
      const failure = await runFailing({
        stack: "local",
        config: editedConfig("local", (s) => (s.render.directory = directory)),
      });
      expect(failure.message).to.include("platform:render.directory");
      expect(failure.message).to.include("rendered/");
    }
  });

  it("refuses a provider version that is not a plugin version, naming the key", async () => {
    const failure = await runFailing({
      stack: "local",
      config: editedConfig("local", (s) => (s.render.kubernetesProviderVersion = "latest")),
    });
    expect(failure.message).to.include("platform:render.kubernetesProviderVersion");
  });
});
