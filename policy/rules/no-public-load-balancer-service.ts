import { at, label } from "../lib/read";
import { Rule, schema } from "../lib/types";

/** The AWS Load Balancer Controller's class for Services (an NLB it manages). */
const CONTROLLER_CLASS = "service.k8s.aws/nlb";
const SCHEME = "service.beta.kubernetes.io/aws-load-balancer-scheme";

export const noPublicLoadBalancerService: Rule = {
  name: "no-public-load-balancer-service",
  description:
    "Checks whether no Kubernetes Service of type LoadBalancer reaches the Internet: public traffic goes through an Ingress of the AWS Load Balancer Controller, with TLS, a WAF and a rate limit; a LoadBalancer Service must be the controller's (loadBalancerClass service.k8s.aws/nlb) and internal.",
  configSchema: schema({}),
  validateResource: (args, report) => {
    if (args.type !== "kubernetes:core/v1:Service") return;
    if (at(args.props, "spec.type") !== "LoadBalancer") return;
    const what = label(args);
    const annotations = (at(args.props, "metadata.annotations") ?? {}) as Record<string, unknown>;
    if (at(args.props, "spec.loadBalancerClass") !== CONTROLLER_CLASS)
      report(
        `${what}: type LoadBalancer outside the load balancer controller (loadBalancerClass is not ${CONTROLLER_CLASS}); expose services through platform:edge instead`,
      );
    else if (annotations[SCHEME] !== "internal")
      report(
        `${what}: a LoadBalancer Service that is not internal (${SCHEME}: ${String(annotations[SCHEME] ?? "unset")}) bypasses TLS, WAF and the rate limit; expose services through platform:edge`,
      );
  },
};
