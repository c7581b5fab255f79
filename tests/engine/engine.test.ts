import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { engineBinDir, lockedPackageVersion } from "../../runtime/engine";
import {
  ok,
  pulumi,
  requireEngine,
  requireKubernetesProvider,
  REPO_ROOT,
  Sandbox,
  sandbox,
  writeProgram,
} from "./helpers";

describe("the offline Pulumi engine", function () {
  this.timeout(180_000);
  const sdkVersion = lockedPackageVersion("@pulumi/pulumi");

  before(requireEngine);

  it("pulumi version is the @pulumi/pulumi version in package-lock.json", async () => {
    const r = ok(await pulumi(["version"], REPO_ROOT, {}), "pulumi version");
    expect(r.stdout.trim()).to.equal(`v${sdkVersion}`);
  });

  describe("a TypeScript program run from its folder by the CLI", () => {
    let box: Sandbox;
    before(() => {
      box = sandbox("cli");
      writeProgram(
        box.programDir,
        "engine-cli",
        [
          `import * as pulumi from "@pulumi/pulumi";`,
          `const config = new pulumi.Config();`,
          `export const greeting = \`hello \${config.require("who")}\`;`,
          `export const tokenLength = config.requireSecret("token").apply((t) => t.length);`,
          `export const stack = pulumi.getStack();`,
        ].join("\n"),
      );
    });
    after(() => box.cleanup());

    it("finds the language host beside pulumi, at the SDK's version, running node", async () => {
      const r = ok(await pulumi(["about", "--json"], box.programDir, box.env), "pulumi about");
      const about = JSON.parse(r.stdout);
      expect(about.plugins).to.deep.include({
        name: "nodejs",
        version: sdkVersion,
        kind: "language",
      });
      expect(about.runtime.language).to.equal("nodejs");
      expect(about.runtime.version).to.equal(process.versions.node);
    });

    it("previews and updates with plain and secret config, and keeps the secret encrypted in state", async () => {
      const { programDir, env } = box;
      ok(await pulumi(["stack", "init", "dev"], programDir, env), "stack init");
      ok(await pulumi(["config", "set", "who", "engine"], programDir, env), "config set");
      ok(
        await pulumi(["config", "set", "--secret", "token", "s3cr3t-value"], programDir, env),
        "config set --secret",
      );
      const preview = ok(await pulumi(["preview", "--diff"], programDir, env), "preview");
      expect(preview.stdout).to.match(/\+\s+pulumi:pulumi:Stack/);
      ok(await pulumi(["up", "--yes", "--skip-preview"], programDir, env), "up");
      const outputs = JSON.parse(
        ok(await pulumi(["stack", "output", "--json"], programDir, env), "stack output").stdout,
      );
      expect(outputs).to.deep.equal({
        greeting: "hello engine",
        tokenLength: "[secret]",
        stack: "dev",
      });
      const state = ok(await pulumi(["stack", "export"], programDir, env), "stack export").stdout;
      expect(state).to.not.include("s3cr3t-value");
      const shown = JSON.parse(
        ok(await pulumi(["stack", "output", "--json", "--show-secrets"], programDir, env), "output")
          .stdout,
      );
      expect(shown.tokenLength).to.equal(12);
    });
  });

  it("the Kubernetes provider answers with the version it is registered under", async () => {
    const version = await requireKubernetesProvider();
    const box = sandbox("k8s-schema");
    try {
      const r = ok(
        await pulumi(["package", "get-schema", `kubernetes@${version}`], box.programDir, box.env),
        "get-schema",
      );
      const schema = JSON.parse(r.stdout);
      expect(schema.name).to.equal("kubernetes");
      expect(schema.version).to.equal(version);
    } finally {
      box.cleanup();
    }
  });

  it("the Kubernetes provider is the locked release, or the fallback commit under its own module version", async () => {
    const version = await requireKubernetesProvider();
    const locked = lockedPackageVersion("@pulumi/kubernetes");
    const script = fs.readFileSync(path.join(REPO_ROOT, "scripts/engine/providers.sh"), "utf8");
    const fallback = /^KUBERNETES_FALLBACK_MODULE_VERSION=v(\S+)$/m.exec(script)?.[1];
    // Never the locked number on a binary built from another commit.
    expect([locked, fallback]).to.include(version);
  });

  it("a stack without any config reads config (the host sends {} rather than null)", async () => {
    const box = sandbox("no-config");
    try {
      writeProgram(
        box.programDir,
        "engine-no-config",
        `import * as pulumi from "@pulumi/pulumi";\nexport const who = new pulumi.Config().get("who") ?? "nobody";`,
      );
      ok(await pulumi(["stack", "init", "dev"], box.programDir, box.env), "stack init");
      ok(await pulumi(["up", "--yes", "--skip-preview"], box.programDir, box.env), "up");
      const outputs = ok(
        await pulumi(["stack", "output", "--json"], box.programDir, box.env),
        "output",
      );
      expect(JSON.parse(outputs.stdout)).to.deep.equal({ who: "nobody" });
    } finally {
      box.cleanup();
    }
  });

  it("ships the dynamic-provider launcher beside pulumi", () => {
    // The engine starts this bundled plugin for pulumi.dynamic.Resource; automation.test.ts runs one.
    const launcher = path.join(engineBinDir(), "pulumi-resource-pulumi-nodejs");
    expect(fs.statSync(launcher).mode & 0o111, `${launcher} must be executable`).to.not.equal(0);
  });
});
