import { CERT_MANAGER_NAMESPACE } from "../../components/tls/issuer";
import { AUTOSCALING_NAMESPACE } from "../../components/workloads/addons";

type Issue = { path: (string | number)[]; message: string };

/** Namespaces that exist without the program's settings: Kubernetes' own and the fixed add-ons'. */
export const FIXED_NAMESPACES: Readonly<Record<string, string>> = {
  "kube-system": "Kubernetes' own system namespace",
  "kube-public": "Kubernetes' own public namespace",
  "kube-node-lease": "Kubernetes' own node-lease namespace",
  default: "Kubernetes' default namespace",
  [AUTOSCALING_NAMESPACE]: "the namespace of KEDA and prometheus-adapter",
  [CERT_MANAGER_NAMESPACE]: "the namespace of cert-manager",
};

/**
 * Every Kubernetes namespace is created by one owner. The platform's own namespaces come from its
 * settings (PgBouncer's data namespace, monitoring's, the headroom placeholders') and the fixed
 * ones above; an application namespace (or another platform setting) that names one of them
 * would register a second Namespace object of the same name, which the engine refuses only at
 * deploy time. Each clash is reported at the key to change.
 */
export function namespaceIssues(env: {
  namespaces: string[];
  pgbouncer: { namespace: string };
  monitoring?: { namespace: string };
  headroom: { namespace: string; replicas: number };
}): Issue[] {
  const owners = new Map<string, string>(
    Object.entries(FIXED_NAMESPACES).map(([ns, what]) => [ns, what]),
  );
  const issues: Issue[] = [];
  const claim = (path: (string | number)[], ns: string, what: string) => {
    const owner = owners.get(ns);
    if (owner !== undefined) {
      issues.push({
        path,
        message: `${ns} is already ${owner}; two owners of one namespace collide at deploy time, so choose another name`,
      });
    } else {
      owners.set(ns, what);
    }
  };
  claim(
    ["pgbouncer", "namespace"],
    env.pgbouncer.namespace,
    "the data tier's namespace (platform:pgbouncer.namespace)",
  );
  if (env.monitoring)
    claim(
      ["monitoring", "namespace"],
      env.monitoring.namespace,
      "the monitoring namespace (platform:monitoring.namespace)",
    );
  if (env.headroom.replicas > 0)
    claim(
      ["headroom", "namespace"],
      env.headroom.namespace,
      "the headroom placeholders' namespace (platform:headroom.namespace)",
    );
  env.namespaces.forEach((ns, i) => {
    // Repeats within the list are reported by the list itself.
    if (env.namespaces.indexOf(ns) === i)
      claim(["namespaces", i], ns, `an application namespace (platform:namespaces)`);
  });
  return issues;
}
