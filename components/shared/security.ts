import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/** One TCP port a data service accepts from the cluster. */
export interface ClusterPort {
  port: number;
  /** Shown on the rule in the console, e.g. "AMQPS from EKS". */
  description: string;
}

/**
 * Security group for a data service that only the cluster may reach: ingress from the cluster's
 * security group on the given TCP ports, nothing from any CIDR, and no egress (managed data
 * services never dial out).
 */
export function clusterOnlySecurityGroupArgs(
  vpcId: pulumi.Input<string>,
  description: string,
  clusterSecurityGroupId: pulumi.Input<string>,
  ports: ClusterPort[],
): aws.ec2.SecurityGroupArgs {
  return {
    vpcId,
    description,
    ingress: ports.map((p) => ({
      protocol: "tcp",
      fromPort: p.port,
      toPort: p.port,
      securityGroups: [clusterSecurityGroupId],
      description: p.description,
    })),
    egress: [],
  };
}
