import { expect } from "chai";
import { podSpecOf } from "../../components/shared/pod-security";
import { type KubeObject, type ProvingGround, start } from "../../scripts/proving-ground";
import { kubeObjects } from "../checkers/kube-objects";
import { runStack } from "../helpers/program";
import { TIMEOUT_SCALE } from "./helpers";

const ENFORCE = "pod-security.kubernetes.io/enforce";
const WORKLOAD_KINDS = ["Deployment", "Job", "CronJob"];

/**
 * Section 3 of issue 12 through a real kube-apiserver (its PodSecurity admission and its
 * NetworkPolicy validation): prod's Namespaces and NetworkPolicies as the program registers them
 * are accepted, and every pod the program runs in a restricted namespace is admitted by the
 * real `restricted` enforcement (dry run), while a pod that breaks it is refused.
 */
describe("proving ground: prod's pod security labels and NetworkPolicies through the real API server", function () {
  this.timeout(600000);
  let pg: ProvingGround;
  let objects: KubeObject[];

  before(async () => {
    objects = kubeObjects(await runStack("prod")) as KubeObject[];
    pg = await start({
      kwok: false,
      metricsServer: false,
      keda: false,
      rabbitmq: false,
      crds: false,
      timeoutScale: TIMEOUT_SCALE,
    });
    const of = (kind: string) => objects.filter((o) => o.kind === kind);
    for (const o of [...of("Namespace"), ...of("PriorityClass"), ...of("NetworkPolicy")])
      await pg.client.apply(o);
  });
  after(async () => pg?.stop());

  const restrictedNamespaces = () =>
    objects
      .filter(
        (o) =>
          o.kind === "Namespace" &&
          (o.metadata.labels as Record<string, string> | undefined)?.[ENFORCE] === "restricted",
      )
      .map((o) => o.metadata.name!);

  it("stores every NetworkPolicy as planned (the API server validates peers, ports and ipBlocks)", async () => {
    const planned = objects.filter((o) => o.kind === "NetworkPolicy");
    expect(planned.length).to.be.greaterThan(10);
    const stored = await pg.client.list<KubeObject & { spec: unknown }>(
      "networking.k8s.io/v1",
      "NetworkPolicy",
    );
    for (const p of planned) {
      const s = stored.find(
        (x) => x.metadata.namespace === p.metadata.namespace && x.metadata.name === p.metadata.name,
      );
      expect(s, `${p.metadata.namespace}/${p.metadata.name}`).to.not.equal(undefined);
      expect(s!.spec).to.deep.include({
        policyTypes: (p.spec as { policyTypes: string[] }).policyTypes,
      });
    }
  });

  it("admits every pod the program runs in a restricted namespace under the real restricted enforcement", async () => {
    const restricted = restrictedNamespaces();
    expect(restricted).to.include.members(["apps", "agents", "data"]);
    for (const ns of restricted)
      await pg.client.waitFor(`ServiceAccount ${ns}/default`, async () =>
        (await pg.client.raw("GET", `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status ===
        200
          ? true
          : undefined,
      );
    const workloads = objects.filter(
      (o) => WORKLOAD_KINDS.includes(o.kind) && restricted.includes(o.metadata.namespace!),
    );
    expect(workloads.length).to.be.greaterThan(4);
    for (const w of workloads) {
      const ns = w.metadata.namespace!;
      const res = await pg.client.raw("POST", `/api/v1/namespaces/${ns}/pods?dryRun=All`, {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: `${w.metadata.name}-probe`.slice(0, 63), namespace: ns },
        spec: podSpecOf(w as Record<string, unknown>),
      });
      expect(res.status, `${w.kind} ${ns}/${w.metadata.name}: ${res.body}`).to.equal(201);
    }
  });

  it("refuses a pod that breaks the restricted standard there, naming what it breaks", async () => {
    const res = await pg.client.raw("POST", `/api/v1/namespaces/apps/pods?dryRun=All`, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "loose", namespace: "apps" },
      spec: { containers: [{ name: "c", image: "busybox:1.37.0" }] },
    });
    expect(res.status).to.equal(403);
    expect(res.body, res.body).to.match(/violates PodSecurity/);
    expect(res.body).to.include("allowPrivilegeEscalation != false");
  });
});
