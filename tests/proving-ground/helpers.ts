/**
 * Shared by the proving-ground tests: one proving ground per test file, started with the
 * environment's kwok nodes, and small waits on what the real controllers do.
 */
import { ROLE_LABEL, SPOT_TAINT } from "../../components/nodegroups/placement";
import type { KubeClient, KubeObject } from "../../scripts/proving-ground";

/** Readiness timeouts are scaled for a shared 2-core machine running other builds. */
export const TIMEOUT_SCALE = Number(process.env.PROVING_GROUND_TIMEOUT_SCALE ?? "2");

/** A namespace for one test, deleted by the caller when done. */
export async function namespace(client: KubeClient, name: string): Promise<string> {
  await client.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  // Pods are admitted only once kube-controller-manager has made the namespace's default account.
  await client.waitFor(`ServiceAccount ${name}/default`, async () =>
    (await client.raw("GET", `/api/v1/namespaces/${name}/serviceaccounts/default`)).status === 200
      ? true
      : undefined,
  );
  return name;
}

export type Pod = KubeObject & {
  spec: { nodeName?: string };
  status: { phase?: string; conditions?: { type: string; status: string }[] };
};

export function isReady(pod: Pod): boolean {
  return pod.status.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

/** Waits until `count` pods matching `selector` in `ns` are Running and Ready; returns them. */
export function waitForReadyPods(
  client: KubeClient,
  ns: string,
  selector: string,
  count: number,
  timeoutMs = 120000,
): Promise<Pod[]> {
  return client.waitFor(
    `${count} Ready pods (${selector}) in ${ns}`,
    async () => {
      const pods = await client.list<Pod>("v1", "Pod", { namespace: ns, labelSelector: selector });
      const ready = pods.filter((p) => p.status.phase === "Running" && isReady(p));
      return ready.length === count ? ready : undefined;
    },
    timeoutMs,
    500,
  );
}

/**
 * A Deployment of pause containers that must run on application nodes and tolerates spot ones,
 * labelled `app=<name>`.
 */
export function applicationDeployment(
  ns: string,
  name: string,
  replicas: number,
  pod: { annotations?: Record<string, string>; requests?: Record<string, string> } = {},
): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations: pod.annotations ?? {} },
        spec: {
          nodeSelector: { [ROLE_LABEL]: "application" },
          tolerations: [{ ...SPOT_TAINT, operator: "Equal" }],
          containers: [
            {
              name,
              image: "registry.k8s.io/pause:3.10",
              resources: { requests: pod.requests ?? {} },
            },
          ],
        },
      },
    },
  };
}
