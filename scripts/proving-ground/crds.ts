/**
 * CustomResourceDefinitions and other YAML taken from the Go modules of the projects that ship
 * them (copied into the cache by ensure.sh, untouched): KEDA's, kwok's, prometheus-operator's and
 * cert-manager's CRDs, and kwok's stages and metrics. Applied server-side, then waited for until
 * every CRD is Established.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import type { KubeClient, KubeObject } from "./kube";

/** The projects whose CRDs the proving ground installs, as folders under `<cache>/crds`. */
export const CRD_PROJECTS = ["keda", "kwok", "prometheus-operator", "cert-manager"] as const;
export type CrdProject = (typeof CRD_PROJECTS)[number];

/**
 * cert-manager's `deploy/crds` files are its Helm chart's templates: two label values are template
 * expressions (the rest of the template syntax sits in YAML comments). They are rendered with the
 * chart's defaults for a release named `cert-manager`; anything else left is an error.
 */
function renderCertManager(text: string, file: string): string {
  const rendered = text
    .replaceAll(`'{{ template "cert-manager.name" . }}'`, "cert-manager")
    .replaceAll(`'{{ .Release.Name }}'`, "cert-manager");
  const leftover = rendered
    .split("\n")
    .find((line) => line.includes("{{") && !line.trimStart().startsWith("#"));
  if (leftover)
    throw new Error(
      `${file}: a Helm template expression the proving ground cannot render: ${leftover.trim()}`,
    );
  return rendered;
}

/** Every object in the `.yaml` files of a folder, in file-name order. */
export function readYamlDir(
  dir: string,
  render?: (text: string, file: string) => string,
): KubeObject[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml")
      .sort();
  } catch {
    throw new Error(`${dir} does not exist: run \`bash scripts/proving-ground/ensure.sh\``);
  }
  const objects: KubeObject[] = [];
  for (const f of files) {
    const file = path.join(dir, f);
    const text = readFileSync(file, "utf8");
    for (const doc of YAML.parseAllDocuments(render ? render(text, file) : text)) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      const obj = doc.toJS() as KubeObject | null;
      if (obj) objects.push(obj);
    }
  }
  return objects;
}

/** The CRDs of one project, from the cache's `crds/<project>` folder. */
export function projectCrds(crdDir: string, project: CrdProject): KubeObject[] {
  const objects = readYamlDir(
    path.join(crdDir, project),
    project === "cert-manager" ? renderCertManager : undefined,
  );
  const notCrd = objects.find((o) => o.kind !== "CustomResourceDefinition");
  if (notCrd) throw new Error(`crds/${project} holds a ${notCrd.kind}, not only CRDs`);
  return objects;
}

/** Applies the CRDs of `projects` and waits until the API server has established every one. */
export async function installCrds(
  client: KubeClient,
  crdDir: string,
  projects: readonly CrdProject[] = CRD_PROJECTS,
  timeoutMs = 60000,
): Promise<string[]> {
  const crds = projects.flatMap((p) => projectCrds(crdDir, p));
  await Promise.all(crds.map((crd) => client.apply(crd)));
  const names = crds.map((c) => c.metadata.name);
  await client.waitFor(
    `CRDs ${names.join(", ")} to be Established`,
    async () => {
      const list = await client.list<{
        metadata: { name: string };
        status?: { conditions?: { type: string; status: string }[] };
      }>("apiextensions.k8s.io/v1", "CustomResourceDefinition");
      const established = new Set(
        list
          .filter((c) =>
            c.status?.conditions?.some((x) => x.type === "Established" && x.status === "True"),
          )
          .map((c) => c.metadata.name),
      );
      return names.every((n) => established.has(n)) ? true : undefined;
    },
    timeoutMs,
  );
  return names;
}
