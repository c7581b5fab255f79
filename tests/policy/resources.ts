/**
 * Hand-written resources for fast rule tests: each rule is evaluated by the real pack evaluator
 * (`scripts/lib/policy.ts`, schema defaults and all) over a few resources built here, with every
 * other rule disabled. The program-run tests (bounds, guardrails, shipped) prove the same rules on
 * what the program really registers; these pin each comparison at its limit.
 */
import type { ProgramRun, RegisteredResource } from "../../scripts/lib/program";
import { evaluatePack } from "../../scripts/lib/policy";
import type { Inputs } from "./helpers";

/** A registered resource with these inputs (outputs equal to inputs, nothing secret). */
export function resource(type: string, name: string, inputs: Inputs): RegisteredResource {
  return {
    type,
    name,
    urn: `urn:pulumi:test::platform::${type}::${name}`,
    inputs,
    outputs: inputs,
    secretPaths: [],
    custom: true,
    protect: false,
    ignoreChanges: [],
    dependencies: [],
    propertyDependencies: {},
    retainOnDelete: false,
  };
}

/**
 * The messages one rule reports over these resources, with its settings (the rest from its
 * schema's defaults) and every other rule disabled.
 */
export async function messages(
  policy: string,
  settings: Record<string, unknown>,
  resources: RegisteredResource[],
): Promise<string[]> {
  const run: ProgramRun = { environment: "test", resources, outputs: {}, secretOutputs: [] };
  const vs = await evaluatePack(
    run,
    { all: "disabled", [policy]: { enforcementLevel: "mandatory", ...settings } },
    "test",
  );
  return vs.map((v) => v.message);
}

/** A Deployment of `name` in `apps` with these replicas and pod spec fields. */
export function deployment(name: string, replicas: number, pod: Inputs = {}): RegisteredResource {
  return resource("kubernetes:apps/v1:Deployment", name, {
    metadata: { name, namespace: "apps" },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [], ...pod } },
    },
  });
}

/** An HPA of the Deployment `target` in `apps`. */
export function hpa(target: string, spec: Inputs): RegisteredResource {
  return resource("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", target, {
    metadata: { name: target, namespace: "apps" },
    spec: { scaleTargetRef: { kind: "Deployment", name: target }, ...spec },
  });
}

/** A KEDA ScaledObject of the Deployment `target` in `apps`. */
export function scaledObject(target: string, spec: Inputs): RegisteredResource {
  return resource("kubernetes:keda.sh/v1alpha1:ScaledObject", target, {
    metadata: { name: target, namespace: "apps" },
    spec: { scaleTargetRef: { name: target }, ...spec },
  });
}

/** An EKS node group with `role` and `capacity`, these sizes and one subnet per zone given. */
export function nodeGroup(
  name: string,
  o: {
    role?: string;
    capacityType?: "SPOT" | "ON_DEMAND";
    instanceTypes?: string[];
    min: number;
    desired?: number;
    max: number;
    subnets?: number;
  },
): RegisteredResource {
  return resource("aws:eks/nodeGroup:NodeGroup", name, {
    capacityType: o.capacityType ?? "ON_DEMAND",
    instanceTypes: o.instanceTypes ?? ["m5.large"],
    labels: { "platform.io/role": o.role ?? "application" },
    scalingConfig: { minSize: o.min, desiredSize: o.desired ?? o.min, maxSize: o.max },
    subnetIds: Array.from({ length: o.subnets ?? 3 }, (_, i) => `subnet-${i}`),
  });
}

/** Private subnets in these zones. */
export function subnets(zones: string[]): RegisteredResource[] {
  return zones.map((z) =>
    resource("aws:ec2/subnet:Subnet", `private-${z}`, { availabilityZone: z }),
  );
}
