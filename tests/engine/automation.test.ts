import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { engineRoot } from "../../runtime/engine";
import { listFiles, requireEngine, requireKubernetesProvider, Sandbox, sandbox } from "./helpers";

/** An inline-program stack in `box`, run by the engine's CLI (PulumiCommand.get checks its version). */
async function inlineStack(box: Sandbox, projectName: string, program: PulumiFn): Promise<Stack> {
  const pulumiCommand = await PulumiCommand.get({ root: engineRoot() });
  return LocalWorkspace.createOrSelectStack(
    { stackName: "dev", projectName, program },
    {
      // The program folder links node_modules, where the dynamic-provider launcher finds the SDK.
      workDir: box.programDir,
      pulumiCommand,
      envVars: box.env,
      projectSettings: {
        name: projectName,
        runtime: "nodejs",
        backend: { url: box.env.PULUMI_BACKEND_URL },
      },
    },
  );
}

describe("the Automation API against the offline engine", function () {
  this.timeout(300_000);
  before(requireEngine);

  it("previews, updates and destroys an inline program with a dynamic-provider resource", async () => {
    const box = sandbox("auto-dynamic");
    try {
      const stack = await inlineStack(box, "engine-auto", async () => {
        const provider: pulumi.dynamic.ResourceProvider = {
          async create(inputs) {
            return { id: `note-${inputs.text.length}`, outs: inputs };
          },
        };
        class Note extends pulumi.dynamic.Resource {
          constructor(name: string, text: string) {
            super(provider, name, { text }, {});
          }
        }
        const note = new Note("note", "offline");
        return { noteId: note.id };
      });
      const preview = await stack.preview();
      expect(preview.changeSummary).to.deep.equal({ create: 2 });
      const up = await stack.up();
      expect(up.summary.result).to.equal("succeeded");
      expect(up.outputs.noteId.value).to.equal("note-7");
      const destroy = await stack.destroy();
      expect(destroy.summary.resourceChanges).to.deep.equal({ delete: 2 });
      expect(await stack.exportStack()).to.satisfy(
        (d: { deployment: { resources?: unknown[] } }) => !d.deployment.resources?.length,
      );
    } finally {
      box.cleanup();
    }
  });

  it("renders Kubernetes manifests to YAML with renderYamlToDirectory, without a cluster", async () => {
    const version = await requireKubernetesProvider();
    // Loaded only now so this file still loads where the provider could not be built.
    const k8s = await import("@pulumi/kubernetes");
    const box = sandbox("auto-render");
    const outDir = path.join(box.dir, "rendered");
    try {
      const stack = await inlineStack(box, "engine-render", async () => {
        const provider = new k8s.Provider("render", { renderYamlToDirectory: outDir }, { version });
        const cm = new k8s.core.v1.ConfigMap(
          "settings",
          { metadata: { name: "settings", namespace: "default" }, data: { mode: "offline" } },
          { provider },
        );
        return { name: cm.metadata.name };
      });
      const preview = await stack.preview();
      expect(preview.changeSummary.create).to.equal(3);
      expect(listFiles(outDir)).to.deep.equal([]);
      const up = await stack.up();
      expect(up.outputs.name.value).to.equal("settings");
      const files = listFiles(outDir);
      expect(files).to.have.length(1);
      expect(files[0]).to.match(/^1-manifest\/.*\.yaml$/);
      const yaml = fs.readFileSync(path.join(outDir, files[0]), "utf8");
      expect(yaml).to.match(/kind: ConfigMap/);
      expect(yaml).to.match(/mode: offline/);
      await stack.destroy();
      expect(listFiles(outDir)).to.deep.equal([]);
    } finally {
      box.cleanup();
    }
  });
});
