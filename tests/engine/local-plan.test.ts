import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ok, projectSandbox, pulumi, requireKubernetesProvider, Sandbox } from "./helpers";
import { renderedObjects } from "./manifests";

/** PgBouncer's rendered replica count. */
function pgbouncerReplicas(dir: string): number {
  const d = renderedObjects(dir).find(
    (o) => o.kind === "Deployment" && o.name.startsWith("pgbouncer"),
  );
  if (!d) throw new Error(`no PgBouncer Deployment under ${dir}`);
  return d.body.spec.replicas;
}

/** Update plans (`preview --save-plan`, `up --plan`): what was reviewed is what is applied. */
describe("update plans of the local stack through the CLI, offline", function () {
  this.timeout(600_000);
  let box: Sandbox & { stackFile: string };
  let rendered: string;
  const run = (...args: string[]) => pulumi([...args, "--stack", "local"], box.programDir, box.env);
  const setReplicas = (n: number) => {
    const doc = YAML.parseDocument(fs.readFileSync(box.stackFile, "utf8"));
    doc.setIn(["config", "platform:pgbouncer", "replicas"], n);
    fs.writeFileSync(box.stackFile, doc.toString());
  };

  before(async () => {
    await requireKubernetesProvider();
    box = projectSandbox("local-plan");
    rendered = path.join(box.programDir, "rendered", "local");
    ok(await pulumi(["stack", "init", "local"], box.programDir, box.env), "stack init local");
  });
  after(() => box?.cleanup());

  it("up --plan applies exactly the plan a preview saved", async () => {
    const plan = path.join(box.dir, "first.json");
    ok(await run("preview", "--save-plan", plan), "preview --save-plan");
    ok(await run("up", "--yes", "--skip-preview", "--plan", plan), "up --plan");
    expect(pgbouncerReplicas(rendered)).to.equal(2);
  });

  it("up --plan refuses a configuration changed after the preview, and changes nothing", async () => {
    const plan = path.join(box.dir, "second.json");
    setReplicas(3);
    ok(await run("preview", "--save-plan", plan), "preview --save-plan");
    setReplicas(4);
    const r = await run("up", "--yes", "--skip-preview", "--plan", plan);
    expect(r.code, r.stdout + r.stderr).to.not.equal(0);
    expect(r.stdout + r.stderr).to.match(/violat\w* (the )?plan/i);
    expect(pgbouncerReplicas(rendered)).to.equal(2);
  });
});
