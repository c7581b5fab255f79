import { z } from "zod";
import {
  creatableKubernetesVersions,
  EKS_KUBERNETES_VERSIONS,
  isoDay,
  kubernetesSupport,
} from "../../model/catalog/support";
import { cidr, cloudwatchRetentionDays, intAtLeast } from "./common";
import { internetExposure } from "./exposure";

const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

const addonVersion = z
  .string()
  .regex(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, "must look like v1.19.0-eksbuild.1")
  .optional();

/**
 * A Kubernetes minor EKS still offers on the day the configuration is validated. The clock is
 * read at validation time on purpose: an environment left on a version past its extended support
 * stops validating, which is the point.
 */
const kubernetesMinor = z
  .string({ error: "must be a Kubernetes minor version like 1.36, as a string" })
  .superRefine((minor, ctx) => {
    const today = isoDay();
    const { status, version } = kubernetesSupport(minor, today);
    const offered = creatableKubernetesVersions(today).join(", ");
    if (status === "unknown")
      ctx.addIssue({
        code: "custom",
        message: `${JSON.stringify(minor)} is not in the EKS calendar (${EKS_KUBERNETES_VERSIONS.map((v) => v.minor).join(", ")}); EKS offers ${offered} today`,
      });
    else if (status === "ended")
      ctx.addIssue({
        code: "custom",
        message: `${minor} left EKS extended support on ${version!.extendedSupportEnd}; EKS upgrades such control planes itself. Use one of ${offered}`,
      });
    else if (status === "unreleased")
      ctx.addIssue({
        code: "custom",
        message: `${minor} is not on EKS until ${version!.eksRelease}; use one of ${offered}`,
      });
  });

/**
 * Warnings about the cluster version on `today`: a version in extended support is billed at six
 * times the control-plane price from its standard-support end. Empty when in standard support.
 */
export function clusterVersionWarnings(minor: string, today = isoDay()): string[] {
  const { status, version } = kubernetesSupport(minor, today);
  if (status !== "extended") return [];
  return [
    `platform:cluster.version ${minor} left EKS standard support on ${version!.standardSupportEnd} and is in extended support (billed at 6x the control-plane price) until ${version!.extendedSupportEnd}; upgrade to ${creatableKubernetesVersions(today)[0]}`,
  ];
}

/** `platform:cluster`: the EKS control plane. */
export const clusterSchema = z.strictObject({
  /**
   * Kubernetes minor version, one of the EKS calendar (`model/catalog/support.ts`). Refused once
   * EKS extended support has ended (EKS would upgrade the control plane by itself); a version in
   * extended support is accepted with a warning ({@link clusterVersionWarnings}). Required.
   */
  version: kubernetesMinor.describe(
    "Kubernetes minor version on EKS, e.g. 1.36; refused past extended support",
  ),
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
