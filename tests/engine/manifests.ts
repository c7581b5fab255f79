/**
 * Reads a folder rendered by the Kubernetes provider's `renderYamlToDirectory` and validates each
 * object against the Kubernetes API schemas (OpenAPI, through `kubernetes-models` and the
 * `@kubernetes-models/*` CRD packages). Those packages are ES modules declaring Node >= 22; on
 * Node 20 they load through `import()` (they use nothing newer), which TypeScript's CommonJS
 * output would turn into `require`, hence the indirect import below.
 */
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";
import * as YAML from "yaml";
import { listFiles, REPO_ROOT } from "./helpers";

/** One object of a rendered folder. */
export interface RenderedObject {
  /** File, relative to the rendered folder. */
  file: string;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: Record<string, any>;
}

/** Every object under `dir` (all YAML documents of all files), in file order. */
export function renderedObjects(dir: string): RenderedObject[] {
  return listFiles(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .flatMap((file) =>
      YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), "utf8"))
        .map((d) => d.toJS())
        .filter((body) => body)
        .map((body) => ({
          file,
          apiVersion: body.apiVersion,
          kind: body.kind,
          name: body.metadata?.name,
          namespace: body.metadata?.namespace,
          body,
        })),
    );
}

// `import()` kept as is: TypeScript's CommonJS output would compile it into `require`.
const importModule = new Function("url", "return import(url)") as (
  url: string,
) => Promise<Record<string, unknown>>;

/** Schema packages by API group; the core group ("v1") and built-in groups come from kubernetes-models. */
const CRD_PACKAGES: Record<string, string> = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "keda.sh": "@kubernetes-models/keda",
  "cert-manager.io": "@kubernetes-models/cert-manager",
};

/** The model module file for an apiVersion and kind, or undefined when no installed package has it. */
export function modelFile(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const pkg = CRD_PACKAGES[group] ?? "kubernetes-models";
  const dir = path.join(REPO_ROOT, "node_modules", pkg, ...(group ? [group] : []), version);
  return [".mjs", ".js"]
    .map((ext) => path.join(dir, `${kind}${ext}`))
    .find((f) => fs.existsSync(f));
}

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

/**
 * Validates one object against its API schema; returns the problems (empty when valid). An object
 * whose kind no installed schema package describes is a problem too, never silently accepted.
 */
export async function validateObject(o: RenderedObject): Promise<string[]> {
  const where = `${o.file}: ${o.apiVersion} ${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
  const file = modelFile(o.apiVersion, o.kind);
  if (!file) return [`${where}: no installed schema describes ${o.apiVersion} ${o.kind}`];
  const mod = await importModule(pathToFileURL(file).href);
  const Cls = (mod[o.kind] ?? (mod.default as Record<string, unknown> | undefined)?.[o.kind]) as
    ModelClass | undefined;
  if (typeof Cls !== "function") return [`${where}: ${file} does not export ${o.kind}`];
  try {
    new Cls(o.body).validate();
    return [];
  } catch (err) {
    return [`${where}: ${(err as Error).message}`];
  }
}

/** Validates every object; returns all problems. */
export async function validateAll(objects: RenderedObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const o of objects) problems.push(...(await validateObject(o)));
  return problems;
}
