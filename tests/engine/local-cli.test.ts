import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ok, projectSandbox, pulumi, requireKubernetesProvider, Sandbox } from "./helpers";
import { renderedObjects, validateAll } from "./manifests";

/** The kinds the Kubernetes layer of the platform must render (data tier, workloads, monitoring). */
const EXPECTED_KINDS = [
  "Namespace",
  "Deployment",
  "Service",
  "PodDisruptionBudget",
  "HorizontalPodAutoscaler",
  "ScaledObject",
  "TriggerAuthentication",
  "PriorityClass",
  "Secret",
  "Job",
  "CronJob",
  "ConfigMap",
  "PrometheusRule",
  "ServiceMonitor",
];

describe("pulumi preview and up of the local stack through the CLI, offline", function () {
  this.timeout(600_000);
  let box: Sandbox & { stackFile: string };
  let version: string;
  let rendered: string;
  const run = (...args: string[]) => pulumi([...args, "--stack", "local"], box.programDir, box.env);

  before(async () => {
    version = await requireKubernetesProvider();
    box = projectSandbox("local-cli");
    // An empty build cache of its own: what the engine's runs compile lands here, and only here.
    box.env.PLATFORM_BUILD_CACHE = path.join(box.dir, "build");
    rendered = path.join(box.programDir, "rendered", "local");
    ok(await pulumi(["stack", "init", "local"], box.programDir, box.env), "stack init local");
  });
  after(() => box?.cleanup());

  it("the stack file asks for the Kubernetes provider version the engine registered", () => {
    const doc = YAML.parse(fs.readFileSync(box.stackFile, "utf8"));
    expect(doc.config["platform:render"].kubernetesProviderVersion).to.equal(version);
  });

  it("preview plans the Kubernetes layer and writes nothing", async () => {
    const r = ok(await run("preview", "--diff"), "pulumi preview --stack local");
    for (const type of [
      "kubernetes:apps/v1:Deployment",
      "kubernetes:batch/v1:CronJob",
      "kubernetes:core/v1:Namespace",
    ]) {
      expect(r.stdout, type).to.include(type);
    }
    expect(r.stdout).to.not.match(/aws:|random:/);
    expect(fs.existsSync(rendered) ? fs.readdirSync(rendered) : []).to.deep.equal([]);
  });

  it("the engine's node compiled the program with the project's esbuild hook, not ts-node (Pulumi.yaml nodeargs)", () => {
    // The hook writes each file it compiles to PLATFORM_BUILD_CACHE; had ts-node compiled the
    // program (the SDK's default), the cache would hold none of the program's files.
    const cache = path.join(box.dir, "build");
    const compiled = (fs.existsSync(cache) ? fs.readdirSync(cache, { recursive: true }) : [])
      .map(String)
      .filter((f) => f.endsWith(".js"))
      .map((f) => fs.readFileSync(path.join(cache, f), "utf8"));
    const from = (source: string) =>
      compiled.some((js) => js.includes(`//# sourceMappingURL=data:`) && js.includes(source));
    expect(compiled.length, "files compiled by the hook").to.be.greaterThan(50);
    expect(from("environmentFromRuntime()"), "index.ts compiled by the hook").to.equal(true);
    expect(from("buildPlatform"), "the composition root compiled by the hook").to.equal(true);
  });

  it("up renders manifests that are valid against the Kubernetes API schemas", async () => {
    ok(await run("up", "--yes", "--skip-preview"), "pulumi up --stack local");
    const objects = renderedObjects(rendered);
    const kinds = new Set(objects.map((o) => o.kind));
    for (const kind of EXPECTED_KINDS) expect([...kinds], kind).to.include(kind);
    expect(await validateAll(objects)).to.deep.equal([]);
  });

  it("the rendered workloads spread over the environment's three zones", () => {
    const deployments = renderedObjects(rendered).filter(
      (o) => o.kind === "Deployment" && o.name !== "headroom",
    );
    expect(deployments.length).to.be.at.least(3);
    for (const d of deployments) {
      const spread = d.body.spec.template.spec.topologySpreadConstraints ?? [];
      expect(
        spread.map((c: { topologyKey: string }) => c.topologyKey),
        `${d.namespace}/${d.name}`,
      ).to.include("topology.kubernetes.io/zone");
    }
  });

  it("the rendering provider in state is the registered version, and nothing else has a provider", async () => {
    const state = JSON.parse(ok(await run("stack", "export"), "stack export").stdout);
    const resources: { type: string; inputs?: Record<string, unknown> }[] =
      state.deployment.resources;
    const providers = resources.filter((r) => r.type.startsWith("pulumi:providers:"));
    expect(providers.map((p) => p.type)).to.deep.equal(["pulumi:providers:kubernetes"]);
    expect(providers[0].inputs?.version).to.equal(version);
    expect(providers[0].inputs?.renderYamlToDirectory).to.equal(rendered);
  });

  it("passwords are plaintext only in the rendered folder, never in state or outputs", async () => {
    const password = ok(
      await run("config", "get", "render:databasePassword"),
      "config get",
    ).stdout.trim();
    expect(password).to.have.length.greaterThan(8);
    const state = ok(await run("stack", "export"), "stack export").stdout;
    expect(state).to.not.include(password);
    expect(state).to.not.include(encodeURIComponent(password));
    const outputs = ok(
      await run("stack", "output", "--json", "--show-secrets"),
      "stack output",
    ).stdout;
    expect(outputs).to.not.include(password);
    // The provider writes Secrets as they are applied (base64 data); that is why rendered/ is ignored by git.
    const secretFiles = renderedObjects(rendered).filter((o) => o.kind === "Secret");
    const decoded = secretFiles
      .flatMap((o) =>
        Object.values<string>(o.body.data ?? {}).map((v) => Buffer.from(v, "base64").toString()),
      )
      .concat(secretFiles.flatMap((o) => Object.values<string>(o.body.stringData ?? {})));
    expect(
      decoded.some((v) => v.includes(encodeURIComponent(password)) || v.includes(password)),
    ).to.equal(true);
    const ignored = fs.readFileSync(path.join(box.programDir, ".gitignore"), "utf8");
    expect(ignored.split("\n").map((l) => l.trim())).to.satisfy((lines: string[]) =>
      lines.some((l) => /^\/?rendered\/?$/.test(l)),
    );
  });

  it("a second preview after up reports no changes", async () => {
    ok(await run("preview", "--expect-no-changes"), "pulumi preview --expect-no-changes");
  });

  it("destroy removes the rendered manifests", async () => {
    ok(await run("destroy", "--yes", "--skip-preview"), "pulumi destroy --stack local");
    expect(renderedObjects(rendered)).to.deep.equal([]);
  });
});
