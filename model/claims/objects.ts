/**
 * What a claim is: a Kubernetes object (API group, kind, namespace, name) or an AWS physical
 * name, and who claims it. Two claimants of one object would fight over it in a real cluster or
 * account: whichever lands second fails, or silently takes over the first one's object.
 */

/** A Kubernetes object by identity: the API version does not matter, the group does. */
export interface KubeObject {
  /** API group; `""` for the core group. */
  group: string;
  kind: string;
  /** Undefined for cluster-scoped kinds. */
  namespace?: string;
  name: string;
}

/** An AWS name the program sets explicitly (auto-named resources never collide). */
export interface AwsName {
  /** Resource type token, e.g. `aws:rds/instance:Instance`. */
  type: string;
  /** `global` for account-wide names (IAM), otherwise the region. */
  scope: string;
  name: string;
}

/** One claim: the object, and who claims it in words a person can find in the code. */
export type Claim =
  | { on: "kubernetes"; object: KubeObject; claimant: string }
  | { on: "aws"; object: AwsName; claimant: string };

/** Two (or more) claimants of one object. */
export interface Collision {
  /** The object in words, e.g. `apiregistration.k8s.io/APIService v1beta1.metrics.k8s.io`. */
  object: string;
  claimants: string[];
}

/** Kinds without a namespace, by `group/kind`. */
const CLUSTER_SCOPED = new Set([
  "/Namespace",
  "/Node",
  "/PersistentVolume",
  "rbac.authorization.k8s.io/ClusterRole",
  "rbac.authorization.k8s.io/ClusterRoleBinding",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "apiregistration.k8s.io/APIService",
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
  "scheduling.k8s.io/PriorityClass",
  "storage.k8s.io/StorageClass",
  "storage.k8s.io/CSIDriver",
  "storage.k8s.io/VolumeAttributesClass",
  "cert-manager.io/ClusterIssuer",
  "keda.sh/ClusterTriggerAuthentication",
  "flowcontrol.apiserver.k8s.io/FlowSchema",
  "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
]);

/** Whether a kind is cluster-scoped. */
export function isClusterScoped(group: string, kind: string): boolean {
  return CLUSTER_SCOPED.has(`${group}/${kind}`);
}

/** A Kubernetes object with its namespace normalised: dropped when cluster-scoped, `default` when left out. */
export function kubeObject(
  group: string,
  kind: string,
  name: string,
  namespace?: string,
): KubeObject {
  return isClusterScoped(group, kind)
    ? { group, kind, name }
    : { group, kind, namespace: namespace ?? "default", name };
}

/** The object in words: `apps/Deployment kube-system/metrics-server`, `APIService v1beta1.metrics.k8s.io`. */
export function describeObject(o: KubeObject | AwsName): string {
  if ("type" in o) return `${o.type} ${JSON.stringify(o.name)} (${o.scope})`;
  const kind = o.group === "" ? o.kind : `${o.group}/${o.kind}`;
  return `${kind} ${o.namespace === undefined ? "" : `${o.namespace}/`}${o.name}`;
}
