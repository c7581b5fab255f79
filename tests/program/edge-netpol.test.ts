import { expect } from "chai";
import { type PlannedPolicy, reachable } from "../../components/netpol";
import type { RegisteredResource } from "../../scripts/lib/program";
import { loadEnvironment } from "../../stacks/load";
import { ofType, runStack, SHIPPED } from "../helpers/program";

type Port = { name?: string; port?: number; containerPort?: number; targetPort?: number | string };

/** A host address inside a CIDR (the tenth), where an ALB node could sit. */
const addressIn = (cidr: string) => cidr.replace(/0\/\d+$/, "10");

/**
 * With target type `ip` the ALB sends requests (and health checks) to the pod's IP on the
 * container port the Service's targetPort names, not to the Service port, and from its nodes in
 * the public subnets. The NetworkPolicies must let exactly that through, or the ALB sees every
 * target unhealthy.
 */
describe("the ALB reaches public services' pods through the NetworkPolicies", function () {
  this.timeout(300_000);

  for (const env of SHIPPED) {
    const publicNames = Object.keys(loadEnvironment(env).edge.services);
    if (publicNames.length === 0) continue;
    it(`${env}: every public service's pods take the ALB's traffic on their container port from the public subnets (${publicNames.join(", ")})`, async () => {
      const r = await runStack(env);
      const policies: PlannedPolicy[] = ofType(
        r,
        "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      ).map((p) => ({
        namespace: p.inputs.metadata.namespace,
        name: p.inputs.metadata.name,
        spec: p.inputs.spec,
      }));
      const publicSubnets = ofType(r, "aws:ec2/subnet:Subnet").filter(
        (s) => s.inputs.tags?.["kubernetes.io/role/elb"] === "1",
      );
      expect(publicSubnets, "public subnets").to.not.have.length(0);
      const named = (type: string, ns: string, name: string): RegisteredResource => {
        const found = ofType(r, type).filter(
          (x) => x.inputs.metadata?.namespace === ns && x.inputs.metadata?.name === name,
        );
        expect(found, `${type} ${ns}/${name}`).to.have.length(1);
        return found[0];
      };
      for (const ing of ofType(r, "kubernetes:networking.k8s.io/v1:Ingress")) {
        const ns: string = ing.inputs.metadata.namespace;
        const backend = ing.inputs.spec.rules[0].http.paths[0].backend.service;
        const svc = named("kubernetes:core/v1:Service", ns, backend.name);
        const svcPort = (svc.inputs.spec.ports as Port[]).find(
          (p) => p.name === backend.port.name,
        )!;
        const deploy = named("kubernetes:apps/v1:Deployment", ns, backend.name);
        const container = deploy.inputs.spec.template.spec.containers[0];
        const containerPort = (container.ports as Port[]).find(
          (p) => p.name === svcPort.targetPort,
        )!.containerPort!;
        // The case the rule is about: the Service port is not the port the pods listen on.
        expect(containerPort, "container port").to.not.equal(svcPort.port);
        const pod = { namespace: ns, labels: deploy.inputs.spec.template.metadata.labels };
        for (const subnet of publicSubnets) {
          const alb = { ip: addressIn(subnet.inputs.cidrBlock) };
          expect(
            reachable(policies, alb, pod, { protocol: "TCP", port: containerPort }),
            `${subnet.inputs.cidrBlock} -> ${ns}/${backend.name}:${containerPort}`,
          ).to.equal(true);
        }
      }
    });
  }
});
