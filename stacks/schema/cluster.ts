import { z } from "zod";
import { cidr, cloudwatchRetentionDays, intAtLeast } from "./common";
import { internetExposure } from "./exposure";

const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

const addonVersion = z
  .string()
  .regex(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, "must look like v1.19.0-eksbuild.1")
  .optional();

/** `platform:cluster`: the EKS control plane. */
export const clusterSchema = z.strictObject({
  /** Kubernetes minor version. Required. */
  version: z
    .string()
    .regex(/^1\.(2[89]|3\d)$/, "must be a Kubernetes minor version EKS supports, like 1.33")
    .describe("Kubernetes minor version, e.g. 1.33"),
  /** CIDRs allowed to reach the public API endpoint; empty makes the endpoint private only. Default: `[]`. */
  publicAccessCidrs: z
    .array(
      cidr.refine(
        (c) => c !== "0.0.0.0/0",
        "0.0.0.0/0 opens the API to the Internet; list your office/VPN ranges",
      ),
    )
    .superRefine(internetExposure)
    .default([])
    .describe("CIDRs allowed to reach the public API endpoint; empty means private endpoint only"),
  /** Control-plane log types sent to CloudWatch. Default: all five. */
  logTypes: z
    .array(z.enum(LOG_TYPES, { error: `must be one of ${LOG_TYPES.join(", ")}` }))
    .default([...LOG_TYPES])
    .describe("Control-plane log types sent to CloudWatch"),
  /** Days to keep control-plane logs. Default: 90. */
  logRetentionDays: cloudwatchRetentionDays.default(90).describe("Days to keep control-plane logs"),
  /** IAM role ARNs granted cluster-admin through EKS access entries. Default: none. */
  adminRoleArns: z
    .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "must be an IAM role ARN"))
    .default([])
    .describe("IAM role ARNs granted cluster-admin through EKS access entries"),
  /** Pinned versions of the EKS managed add-ons. Default: the EKS default for the cluster version. */
  addonVersions: z
    .strictObject({
      vpcCni: addonVersion.describe("vpc-cni add-on version"),
      coredns: addonVersion.describe("coredns add-on version"),
      kubeProxy: addonVersion.describe("kube-proxy add-on version"),
      ebsCsi: addonVersion.describe("aws-ebs-csi-driver add-on version"),
    })
    .prefault({})
    .describe(
      "Pinned EKS add-on versions (vpcCni, coredns, kubeProxy, ebsCsi); unset uses the EKS default",
    ),
  /** Refuse to delete the cluster (EKS deletion protection). Default: false. */
  deletionProtection: z.boolean().default(false).describe("EKS deletion protection"),
  /** Days before the secrets KMS key is deleted after removal. Default: 30. */
  kmsDeletionWindowDays: intAtLeast(7)
    .max(30, "must be at most 30")
    .default(30)
    .describe("KMS key deletion window in days"),
});
