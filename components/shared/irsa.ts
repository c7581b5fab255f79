import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { irsaTrustPolicy, PolicyDocument } from "./iam";

/** What an IRSA role needs to know about the cluster. */
export interface OidcIdentity {
  /** ARN of the cluster's IAM OIDC provider. */
  providerArn: pulumi.Input<string>;
  /** Issuer URL without the scheme. */
  issuerHostPath: pulumi.Input<string>;
}

/** Arguments of {@link createIrsaRole}. */
export interface IrsaRoleArgs {
  oidc: OidcIdentity;
  /** Namespace of the service account. */
  namespace: string;
  /** Service account name. */
  serviceAccount: string;
  /** AWS-managed or customer policy ARNs to attach. Default: none. */
  policyArns?: string[];
  /** Inline policy, usually scoped to this cluster's resources. Default: none. */
  policy?: pulumi.Input<PolicyDocument>;
}

/**
 * Creates an IAM role only the given Kubernetes service account can assume, with its policies.
 * A function rather than a component: each caller's component stays the parent of the role.
 */
export function createIrsaRole(
  name: string,
  args: IrsaRoleArgs,
  opts: pulumi.CustomResourceOptions,
): aws.iam.Role {
  const role = new aws.iam.Role(
    name,
    {
      assumeRolePolicy: pulumi
        .all([args.oidc.providerArn, args.oidc.issuerHostPath])
        .apply(([arn, issuer]) =>
          JSON.stringify(irsaTrustPolicy(arn, issuer, args.namespace, args.serviceAccount)),
        ),
    },
    opts,
  );
  (args.policyArns ?? []).forEach((policyArn, i) => {
    new aws.iam.RolePolicyAttachment(`${name}-attach-${i}`, { role: role.name, policyArn }, opts);
  });
  if (args.policy) {
    new aws.iam.RolePolicy(
      `${name}-policy`,
      { role: role.id, policy: pulumi.output(args.policy).apply((doc) => JSON.stringify(doc)) },
      opts,
    );
  }
  return role;
}
