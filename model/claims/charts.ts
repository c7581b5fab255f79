/**
 * The well-known objects each chart the platform installs creates, as a function of its release
 * name, namespace and values, read from the templates at the pinned version (see
 * `model/catalog/support.ts`). Not every object of a chart: its workloads and Services, the
 * cluster-scoped objects (CRDs, APIServices, webhooks, cluster roles) and what its values name,
 * which are where two installs collide. A chart not listed here claims nothing, and a test lists
 * every chart the program installs, so a new chart must be catalogued.
 */
import { type KubeObject, kubeObject } from "./objects";

/** A Helm release as the catalogue sees it. */
export interface ReleaseRef {
  /** Chart name, e.g. `metrics-server`. */
  chart: string;
  /** Release name. */
  release: string;
  namespace: string;
  /** Values; undefined when not known yet (objects named by values are then left out). */
  values?: Record<string, unknown>;
}

type Catalogue = (r: ReleaseRef) => KubeObject[];

const get = (values: Record<string, unknown> | undefined, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>(
      (v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
      values,
    );

/** Helm's usual `<chart>.fullname`: fullnameOverride, else the release name when it contains the chart name, else `<release>-<chart>`. */
export function helmFullname(r: ReleaseRef, name = r.chart): string {
  const override = get(r.values, "fullnameOverride");
  if (typeof override === "string" && override !== "")
    return override.slice(0, 63).replace(/-$/, "");
  return (r.release.includes(name) ? r.release : `${r.release}-${name}`)
    .slice(0, 63)
    .replace(/-$/, "");
}

const ns = (r: ReleaseRef) => (group: string, kind: string, name: string) =>
  kubeObject(group, kind, name, r.namespace);
const cluster = (group: string, kind: string, name: string) => kubeObject(group, kind, name);
const crds = (group: string, plurals: string[]) =>
  plurals.map((p) => cluster("apiextensions.k8s.io", "CustomResourceDefinition", `${p}.${group}`));
/** The ServiceAccount a chart's values name, when they are known. */
const serviceAccount = (r: ReleaseRef, path: string): KubeObject[] => {
  const name = get(r.values, path);
  return typeof name === "string" ? [ns(r)("", "ServiceAccount", name)] : [];
};

/** The catalogue, by chart name. */
export const CHART_OBJECTS: Readonly<Record<string, Catalogue>> = Object.freeze({
  // kubernetes-sigs/metrics-server charts/metrics-server/templates at metrics-server-helm-chart-3.13.1.
  "metrics-server": (r) => {
    const name = helmFullname(r);
    const at = ns(r);
    return [
      at("apps", "Deployment", name),
      at("", "Service", name),
      at("", "ServiceAccount", name),
      cluster("apiregistration.k8s.io", "APIService", "v1beta1.metrics.k8s.io"),
      cluster("rbac.authorization.k8s.io", "ClusterRole", `system:${name}`),
      cluster("rbac.authorization.k8s.io", "ClusterRoleBinding", `system:${name}`),
      cluster("rbac.authorization.k8s.io", "ClusterRoleBinding", `${name}:system:auth-delegator`),
      kubeObject("rbac.authorization.k8s.io", "RoleBinding", `${name}-auth-reader`, "kube-system"),
    ];
  },
  // kedacore/charts keda/templates at v2.20.2 / v2.21.1 (names from operator.name, default keda-operator).
  keda: (r) => {
    const at = ns(r);
    return [
      at("apps", "Deployment", "keda-operator"),
      at("apps", "Deployment", "keda-operator-metrics-apiserver"),
      at("apps", "Deployment", "keda-admission-webhooks"),
      at("", "Service", "keda-operator"),
      at("", "Service", "keda-operator-metrics-apiserver"),
      at("", "Service", "keda-admission-webhooks"),
      cluster("apiregistration.k8s.io", "APIService", "v1beta1.external.metrics.k8s.io"),
      cluster("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", "keda-admission"),
      ...crds("keda.sh", [
        "scaledobjects",
        "scaledjobs",
        "triggerauthentications",
        "clustertriggerauthentications",
        "cloudeventsources",
        "clustercloudeventsources",
      ]),
    ];
  },
  // prometheus-community/helm-charts charts/prometheus-adapter/templates at prometheus-adapter-5.3.0:
  // each metrics API is served only when its rules are set.
  "prometheus-adapter": (r) => {
    const name = helmFullname(r);
    const at = ns(r);
    const rules = (k: string) => get(r.values, `rules.${k}`);
    const custom =
      r.values === undefined ||
      rules("default") !== false ||
      (rules("custom") as unknown[] | undefined)?.length;
    const api = (group: string) =>
      cluster("apiregistration.k8s.io", "APIService", `v1beta1.${group}`);
    return [
      at("apps", "Deployment", name),
      at("", "Service", name),
      ...(custom ? [api("custom.metrics.k8s.io")] : []),
      ...(rules("external") ? [api("external.metrics.k8s.io")] : []),
      ...(rules("resource") ? [api("metrics.k8s.io")] : []),
    ];
  },
  // prometheus-community/helm-charts charts/kube-prometheus-stack at kube-prometheus-stack-88.5.3;
  // subcharts are named `<release>-<subchart>`.
  "kube-prometheus-stack": (r) => {
    const name = helmFullname(r);
    const at = ns(r);
    return [
      at("apps", "Deployment", `${name}-operator`),
      at("", "Service", `${name}-operator`),
      at("monitoring.coreos.com", "Prometheus", `${name}-prometheus`),
      at("monitoring.coreos.com", "Alertmanager", `${name}-alertmanager`),
      at("", "Service", `${name}-prometheus`),
      at("", "Service", `${name}-alertmanager`),
      at("apps", "Deployment", `${r.release}-grafana`),
      at("apps", "Deployment", `${r.release}-kube-state-metrics`),
      at("apps", "DaemonSet", `${r.release}-prometheus-node-exporter`),
      kubeObject("", "Service", `${name}-coredns`, "kube-system"),
      kubeObject("", "Service", `${name}-kube-proxy`, "kube-system"),
      cluster(
        "admissionregistration.k8s.io",
        "ValidatingWebhookConfiguration",
        `${name}-admission`,
      ),
      cluster("admissionregistration.k8s.io", "MutatingWebhookConfiguration", `${name}-admission`),
      cluster("rbac.authorization.k8s.io", "ClusterRole", `${name}-operator`),
      cluster("rbac.authorization.k8s.io", "ClusterRole", `${name}-prometheus`),
      ...crds("monitoring.coreos.com", [
        "alertmanagerconfigs",
        "alertmanagers",
        "podmonitors",
        "probes",
        "prometheusagents",
        "prometheuses",
        "prometheusrules",
        "scrapeconfigs",
        "servicemonitors",
        "thanosrulers",
      ]),
    ];
  },
  // prometheus-community/helm-charts charts/prometheus-yet-another-cloudwatch-exporter at 0.47.0.
  "prometheus-yet-another-cloudwatch-exporter": (r) => {
    const name = helmFullname(r);
    const at = ns(r);
    return [
      at("apps", "Deployment", name),
      at("", "Service", name),
      at("monitoring.coreos.com", "ServiceMonitor", name),
      ...serviceAccount(r, "serviceAccount.name"),
    ];
  },
  // kubernetes/autoscaler charts/cluster-autoscaler at cluster-autoscaler-chart-9.59.0: the name is
  // `<cloudProvider>-cluster-autoscaler`, prefixed by the release name unless they are equal.
  "cluster-autoscaler": (r) => {
    const provider = get(r.values, "cloudProvider");
    const base = `${typeof provider === "string" ? provider : "aws"}-cluster-autoscaler`;
    const override = get(r.values, "fullnameOverride");
    const name =
      typeof override === "string" ? override : base === r.release ? base : `${r.release}-${base}`;
    const at = ns(r);
    return [
      at("apps", "Deployment", name),
      at("", "Service", name),
      cluster("rbac.authorization.k8s.io", "ClusterRole", name),
      cluster("rbac.authorization.k8s.io", "ClusterRoleBinding", name),
      ...serviceAccount(r, "rbac.serviceAccount.name"),
    ];
  },
  // aws/aws-node-termination-handler config/helm/aws-node-termination-handler at 0.27.6: queue mode
  // (enableSqsTerminationDraining) runs a Deployment, IMDS mode a DaemonSet.
  // kubernetes-sigs/aws-load-balancer-controller helm/aws-load-balancer-controller at v3.5.0.
  "aws-load-balancer-controller": (r) => {
    const name = helmFullname(r);
    const prefix = (get(r.values, "nameOverride") as string | undefined) ?? "aws-load-balancer";
    const ingressClass = (get(r.values, "ingressClass") as string | undefined) ?? "alb";
    const at = ns(r);
    return [
      at("apps", "Deployment", name),
      at("", "Service", `${prefix}-webhook-service`),
      at("", "Secret", `${prefix}-tls`),
      at("rbac.authorization.k8s.io", "Role", `${name}-leader-election-role`),
      cluster("rbac.authorization.k8s.io", "ClusterRole", `${name}-role`),
      cluster("rbac.authorization.k8s.io", "ClusterRoleBinding", `${name}-rolebinding`),
      cluster("admissionregistration.k8s.io", "MutatingWebhookConfiguration", `${prefix}-webhook`),
      cluster(
        "admissionregistration.k8s.io",
        "ValidatingWebhookConfiguration",
        `${prefix}-webhook`,
      ),
      cluster("networking.k8s.io", "IngressClass", ingressClass),
      cluster("elbv2.k8s.aws", "IngressClassParams", ingressClass),
      ...crds("elbv2.k8s.aws", [
        "albtargetcontrolconfigs",
        "ingressclassparams",
        "targetgroupbindings",
      ]),
      ...crds("aga.k8s.aws", ["globalaccelerators"]),
      // Helm installs every file of crds/, the Gateway API configuration CRDs included.
      ...crds("gateway.k8s.aws", [
        "listenerruleconfigurations",
        "loadbalancerconfigurations",
        "targetgroupconfigurations",
      ]),
      ...serviceAccount(r, "serviceAccount.name"),
    ];
  },
  "aws-node-termination-handler": (r) => {
    const name = helmFullname(r);
    const at = ns(r);
    const queue = get(r.values, "enableSqsTerminationDraining") === true;
    return [
      at("apps", queue ? "Deployment" : "DaemonSet", name),
      cluster("rbac.authorization.k8s.io", "ClusterRole", name),
      cluster("rbac.authorization.k8s.io", "ClusterRoleBinding", name),
      ...serviceAccount(r, "serviceAccount.name"),
    ];
  },
  // cert-manager/cert-manager deploy/charts/cert-manager at v1.21.1.
  "cert-manager": (r) => {
    const name = helmFullname(r);
    const at = ns(r);
    return [
      at("apps", "Deployment", name),
      at("apps", "Deployment", `${name}-cainjector`),
      at("apps", "Deployment", `${name}-webhook`),
      at("", "Service", name),
      at("", "Service", `${name}-webhook`),
      cluster("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", `${name}-webhook`),
      cluster("admissionregistration.k8s.io", "MutatingWebhookConfiguration", `${name}-webhook`),
      ...crds("cert-manager.io", [
        "certificates",
        "certificaterequests",
        "issuers",
        "clusterissuers",
      ]),
      ...crds("acme.cert-manager.io", ["challenges", "orders"]),
      ...serviceAccount(r, "serviceAccount.name"),
    ];
  },
});
