import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { clusterOnlySecurityGroupArgs } from "../shared/security";

/** Arguments of {@link Redis}. */
export interface RedisArgs {
  /** Replication group id prefix, e.g. `platform-prod`. */
  identifier: string;
  /** Extra tags on the replication group (e.g. the declared dataset). Default: none. */
  groupTags?: Record<string, string>;
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  /** The only security group allowed in on 6379. */
  clientSecurityGroupId: pulumi.Input<string>;
  kmsKeyArn: pulumi.Input<string>;
  engineVersion: string;
  nodeType: string;
  clusterMode: boolean;
  shards: number;
  replicasPerShard: number;
  snapshotRetentionDays: number;
  /** Pulumi `protect` on the replication group. */
  protect: boolean;
  /** Parameter group family and values (from `redisParameters`). */
  parameterFamily: string;
  parameters: Record<string, string>;
}

/**
 * ElastiCache for Redis as a replication group: one node in dev, cluster mode with shards and
 * replicas in prod. Encrypted at rest with the data key and in transit, behind an AUTH token
 * generated here; automatic failover and Multi-AZ whenever a shard has a replica.
 */
export class Redis extends pulumi.ComponentResource {
  /** Where clients connect: the configuration endpoint in cluster mode, else the primary endpoint. */
  readonly endpoint: pulumi.Output<string>;
  readonly port = 6379;
  readonly authToken: pulumi.Output<string>;
  readonly replicationGroupId: pulumi.Output<string>;

  constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:cache:Redis", name, {}, opts);
    const parent = { parent: this };
    const subnets = new aws.elasticache.SubnetGroup(
      `${name}-subnets`,
      { subnetIds: args.subnetIds },
      parent,
    );
    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      clusterOnlySecurityGroupArgs(
        args.vpcId,
        `Redis ${args.identifier}: only the cluster may connect`,
        args.clientSecurityGroupId,
        [{ port: 6379, description: "EKS nodes and pods" }],
      ),
      parent,
    );
    const params = new aws.elasticache.ParameterGroup(
      `${name}-params`,
      {
        family: args.parameterFamily,
        parameters: Object.entries(args.parameters).map(([n, value]) => ({ name: n, value })),
      },
      parent,
    );
    // ElastiCache AUTH tokens allow only printable characters without @, " or /.
    const token = new random.RandomPassword(
      `${name}-auth-token`,
      { length: 48, special: false },
      parent,
    );
    // Cluster mode always needs automatic failover; Multi-AZ needs a replica to fail over to.
    const multiAz = args.replicasPerShard > 0;
    const group = new aws.elasticache.ReplicationGroup(
      `${name}-group`,
      {
        replicationGroupId: `${args.identifier}-redis`,
        description: `Redis for ${args.identifier}`,
        engine: "redis",
        engineVersion: args.engineVersion,
        nodeType: args.nodeType,
        port: this.port,
        parameterGroupName: params.name,
        subnetGroupName: subnets.name,
        securityGroupIds: [sg.id],
        clusterMode: args.clusterMode ? "enabled" : "disabled",
        ...(args.clusterMode
          ? { numNodeGroups: args.shards, replicasPerNodeGroup: args.replicasPerShard }
          : { numCacheClusters: 1 + args.replicasPerShard }),
        automaticFailoverEnabled: args.clusterMode || multiAz,
        multiAzEnabled: multiAz,
        atRestEncryptionEnabled: true,
        kmsKeyId: args.kmsKeyArn,
        transitEncryptionEnabled: true,
        authToken: pulumi.secret(token.result),
        autoMinorVersionUpgrade: true,
        snapshotRetentionLimit: args.snapshotRetentionDays,
        snapshotWindow: "02:00-03:00",
        maintenanceWindow: "sun:05:30-sun:06:30",
        ...(args.groupTags ? { tags: args.groupTags } : {}),
      },
      { parent: this, protect: args.protect },
    );
    this.endpoint = args.clusterMode
      ? group.configurationEndpointAddress
      : group.primaryEndpointAddress;
    this.authToken = pulumi.secret(token.result);
    this.replicationGroupId = group.replicationGroupId;
    this.registerOutputs({ endpoint: this.endpoint, replicationGroupId: this.replicationGroupId });
  }
}
