/**
 * The well-known objects each EKS managed add-on installs (the same upstream manifests the
 * charts use, so an add-on and a chart of the same software collide on them).
 */
import { type KubeObject, kubeObject } from "./objects";

const system = (group: string, kind: string, name: string) =>
  kubeObject(group, kind, name, "kube-system");
const cluster = (group: string, kind: string, name: string) => kubeObject(group, kind, name);

/** By add-on name (`aws eks describe-addon-versions`). */
export const EKS_ADDON_OBJECTS: Readonly<Record<string, readonly KubeObject[]>> = Object.freeze({
  "vpc-cni": [
    system("apps", "DaemonSet", "aws-node"),
    system("", "ServiceAccount", "aws-node"),
    cluster("rbac.authorization.k8s.io", "ClusterRole", "aws-node"),
    cluster("apiextensions.k8s.io", "CustomResourceDefinition", "eniconfigs.crd.k8s.amazonaws.com"),
    cluster(
      "apiextensions.k8s.io",
      "CustomResourceDefinition",
      "policyendpoints.networking.k8s.aws",
    ),
  ],
  "kube-proxy": [system("apps", "DaemonSet", "kube-proxy"), system("", "ConfigMap", "kube-proxy")],
  coredns: [
    system("apps", "Deployment", "coredns"),
    system("", "Service", "kube-dns"),
    system("", "ConfigMap", "coredns"),
    system("", "ServiceAccount", "coredns"),
    cluster("rbac.authorization.k8s.io", "ClusterRole", "system:coredns"),
  ],
  "aws-ebs-csi-driver": [
    system("apps", "Deployment", "ebs-csi-controller"),
    system("apps", "DaemonSet", "ebs-csi-node"),
    system("", "ServiceAccount", "ebs-csi-controller-sa"),
    cluster("storage.k8s.io", "CSIDriver", "ebs.csi.aws.com"),
  ],
  "metrics-server": [
    system("apps", "Deployment", "metrics-server"),
    system("", "Service", "metrics-server"),
    system("", "ServiceAccount", "metrics-server"),
    cluster("apiregistration.k8s.io", "APIService", "v1beta1.metrics.k8s.io"),
    cluster("rbac.authorization.k8s.io", "ClusterRole", "system:metrics-server"),
  ],
});
