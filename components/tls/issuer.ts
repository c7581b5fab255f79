import { PolicyDocument } from "../shared/iam";

/** Namespace of cert-manager and its issuer's credentials. */
export const CERT_MANAGER_NAMESPACE = "cert-manager";

/** Which issuer the environment uses. */
export type IssuerConfig =
  | { kind: "selfSigned" }
  | { kind: "acme"; email: string; server: string; hostedZoneId: string; dnsZone: string };

/** Name of the ClusterIssuer every Certificate in the platform refers to. */
export const CLUSTER_ISSUER_NAME = "platform";

/**
 * The ClusterIssuer manifest. ACME solves DNS-01 in Route 53 with cert-manager's ambient
 * (IRSA) credentials, limited to the environment's DNS zone; self-signed needs nothing.
 */
export function clusterIssuerManifest(
  issuer: IssuerConfig,
  region: string,
): Record<string, unknown> {
  const spec =
    issuer.kind === "selfSigned"
      ? { selfSigned: {} }
      : {
          acme: {
            email: issuer.email,
            server: issuer.server,
            privateKeySecretRef: { name: `${CLUSTER_ISSUER_NAME}-acme-account` },
            solvers: [
              {
                selector: { dnsZones: [issuer.dnsZone] },
                dns01: { route53: { region, hostedZoneID: issuer.hostedZoneId } },
              },
            ],
          },
        };
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "ClusterIssuer",
    metadata: { name: CLUSTER_ISSUER_NAME },
    spec,
  };
}

/** Route 53 permissions for DNS-01, limited to the one hosted zone. */
export function dns01Policy(hostedZoneId: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Changes",
        Effect: "Allow",
        Action: "route53:GetChange",
        Resource: "arn:aws:route53:::change/*",
      },
      {
        Sid: "Records",
        Effect: "Allow",
        Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
        Resource: `arn:aws:route53:::hostedzone/${hostedZoneId}`,
      },
      { Sid: "Lookup", Effect: "Allow", Action: "route53:ListHostedZonesByName", Resource: "*" },
    ],
  };
}
