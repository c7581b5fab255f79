/**
 * IAM policy documents as plain data, so tests and the policy pack can inspect exactly what a
 * role may do without a Pulumi runtime.
 */

/** An IAM policy document. */
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** One statement of a policy document. */
export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: Record<string, string | string[]>;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** Trust policy letting an AWS service assume a role. */
export function serviceTrustPolicy(service: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  };
}

/**
 * Trust policy for IAM Roles for Service Accounts: only the named Kubernetes service account of
 * this cluster's OIDC issuer may assume the role, and only for the STS audience.
 *
 * @param oidcProviderArn ARN of the cluster's IAM OIDC provider
 * @param issuerHostPath the issuer URL without `https://`, e.g. `oidc.eks.us-east-1.amazonaws.com/id/ABC`
 */
export function irsaTrustPolicy(
  oidcProviderArn: string,
  issuerHostPath: string,
  namespace: string,
  serviceAccount: string,
): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuerHostPath}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${issuerHostPath}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  };
}

/** ARN of an AWS-managed policy. */
export function managedPolicyArn(name: string): string {
  return `arn:aws:iam::aws:policy/${name}`;
}
