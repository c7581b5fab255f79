/**
 * The Kubernetes objects a program run registers, as the manifests the provider would send:
 * `apiVersion` and `kind` from the type token, the registered inputs as the body. Secrets are
 * left out (nothing third-party needs their values); Helm releases stay releases (their charts
 * are upstream's, pinned and catalogued in model/claims).
 */
import type { ProgramRun } from "../../scripts/lib/program";

/** A manifest with its origin for messages. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

const TOKEN = /^kubernetes:([a-z0-9.-]+)\/([a-z0-9]+):([A-Za-z]+)$/;

/** Every plain Kubernetes object of the run but Secrets, with `metadata.name` filled in. */
export function kubeObjects(run: ProgramRun): KubeObject[] {
  return run.resources.flatMap((r) => {
    const m = TOKEN.exec(r.type);
    if (!m || m[3] === "Secret" || m[1] === "helm.sh") return [];
    const [, group, version, kind] = m;
    const inputs = r.inputs as Record<string, unknown> & { metadata?: KubeObject["metadata"] };
    const metadata = { ...(inputs.metadata ?? {}) };
    // Auto-named objects get their name from the engine; the logical name stands in for it.
    metadata.name ??= r.name;
    return [
      {
        ...inputs,
        apiVersion: group === "core" ? version : `${group}/${version}`,
        kind,
        metadata,
      },
    ];
  });
}
