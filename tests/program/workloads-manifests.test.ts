import { expect } from "chai";
import { loadEnvironment } from "../../stacks/load";
import { validateObject } from "../engine/manifests";
import { runStack, SHIPPED } from "../helpers/program";

/** Kubernetes kinds the workloads area registers, validated against their OpenAPI / CRD schemas. */
const KINDS =
  /^kubernetes:(apps\/v1:Deployment|core\/v1:Service|autoscaling\/v2:HorizontalPodAutoscaler|policy\/v1:PodDisruptionBudget|scheduling\.k8s\.io\/v1:PriorityClass|keda\.sh\/v1alpha1:(ScaledObject|TriggerAuthentication))$/;

describe("workload manifests", () => {
  for (const stack of SHIPPED) {
    it(`${stack}: every Deployment, Service, HPA, PDB, PriorityClass and KEDA object of the workloads area is valid against its API schema`, async () => {
      const r = await runStack(stack);
      const workloads = new Set(
        r.resources.filter((x) => x.type.startsWith("platform:workloads:")).map((x) => x.urn),
      );
      const mine = r.resources.filter(
        (x) => x.parent !== undefined && workloads.has(x.parent) && KINDS.test(x.type),
      );
      const env = loadEnvironment(stack);
      // Deployment, Service, HPA, PDB per service; Deployment, TriggerAuthentication, ScaledObject, PDB per worker.
      const expected =
        4 * Object.keys(env.services).length +
        4 * Object.keys(env.workers).length +
        3 +
        (env.headroom.replicas > 0 ? 1 : 0);
      expect(mine).to.have.length(expected);
      const problems: string[] = [];
      for (const x of mine) {
        const { apiVersion, kind, metadata } = x.inputs;
        problems.push(
          ...(await validateObject({
            file: x.name,
            apiVersion,
            kind,
            name: metadata?.name,
            namespace: metadata?.namespace,
            body: x.inputs,
          })),
        );
      }
      expect(problems).to.deep.equal([]);
    });

    it(`${stack}: the schema check catches a broken ScaledObject (so the test above can fail)`, async () => {
      const so = (await runStack(stack)).resources.find(
        (x) => x.type === "kubernetes:keda.sh/v1alpha1:ScaledObject",
      )!;
      const body = { ...so.inputs, spec: { ...so.inputs.spec, minReplicaCount: "many" } };
      const { apiVersion, kind, metadata } = so.inputs;
      const problems = await validateObject({
        file: so.name,
        apiVersion,
        kind,
        name: metadata.name,
        body,
      });
      expect(problems).to.have.length(1);
    });
  }
});
