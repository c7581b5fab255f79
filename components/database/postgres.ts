import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { managedPolicyArn, serviceTrustPolicy } from "../shared/iam";
import { clusterOnlySecurityGroupArgs } from "../shared/security";
import { postgresCredentialsSecret } from "./credentials-secret";
import { databasePlacement } from "./placement";

/** Arguments of {@link Postgres}. */
export interface PostgresArgs {
  /** Prefix of AWS identifiers, e.g. `platform-prod`. */
  identifier: string;
  /** Extra tags on the primary (e.g. the declared load). Default: none. */
  primaryTags?: Record<string, string>;
  vpcId: pulumi.Input<string>;
  /** Isolated data subnets, one per zone, in the order of {@link zones}. */
  subnetIds: pulumi.Input<string>[];
  /** Zones of those subnets: the primary and its replicas are placed over them (see `placement.ts`). */
  zones: string[];
  /** The only security group allowed in on 5432: the cluster's (nodes and pods). */
  clientSecurityGroupId: pulumi.Input<string>;
  /** KMS key for storage, Performance Insights and the credentials secret. */
  kmsKeyArn: pulumi.Input<string>;
  engineVersion: string;
  instanceClass: string;
  replicaInstanceClass?: string;
  multiAz: boolean;
  readReplicas: number;
  allocatedStorageGiB: number;
  maxAllocatedStorageGiB: number;
  backupRetentionDays: number;
  /** Deletion protection, a final snapshot and Pulumi `protect`. */
  protect: boolean;
  performanceInsightsRetentionDays: number;
  databaseName: string;
  masterUsername: string;
  parameters: Record<string, string | number>;
  /** Region and retention for hourly backup copies; undefined means no cross-region copy. */
  backupCopy?: { region: string; retentionDays: number };
}

/** PostgreSQL connection facts other components need. */
export interface PostgresEndpoints {
  writerHost: pulumi.Output<string>;
  readerHosts: pulumi.Output<string>[];
  port: number;
  databaseName: string;
  username: string;
  password: pulumi.Output<string>;
}

/**
 * RDS PostgreSQL: an encrypted gp3 primary (Multi-AZ when asked) with storage autoscaling,
 * Performance Insights, enhanced monitoring and PITR; read replicas in other zones than the
 * primary, each with its own automated backups so that a promoted replica is recoverable; master
 * credentials generated here, kept secret and stored in Secrets Manager; hourly backups copied
 * to a second region. Only the cluster's security group can connect.
 */
export class Postgres extends pulumi.ComponentResource {
  readonly endpoints: PostgresEndpoints;
  readonly primaryIdentifier: pulumi.Output<string>;
  /** ARN of the primary instance (what an office-hours schedule may stop). */
  readonly primaryArn: pulumi.Output<string>;
  readonly replicaIdentifiers: pulumi.Output<string>[];
  readonly credentialsSecretArn: pulumi.Output<string>;

  constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:database:Postgres", name, {}, opts);
    const { subnetGroupName, common } = this.instanceSettings(name, args);
    const placement = databasePlacement(args.zones, args.multiAz, args.readReplicas);
    // The primary's own subnet group holds only its zone(s), so RDS cannot place it elsewhere.
    const primarySubnets = new aws.rds.SubnetGroup(
      `${name}-primary-subnets`,
      {
        description: `Zones of the ${args.identifier} primary: ${placement.primaryZones.join(", ")}`,
        subnetIds: placement.primaryZones.map((z) => args.subnetIds[args.zones.indexOf(z)]),
      },
      { parent: this },
    );

    // Alphanumeric only: the password ends up in URLs and PgBouncer's userlist without escaping.
    const generated = new random.RandomPassword(
      `${name}-master-password`,
      { length: 40, special: false },
      { parent: this },
    );
    // The provider marks `result` secret; saying so here keeps it secret wherever it flows, whatever the engine.
    const password = pulumi.secret(generated.result);

    const stateful = { parent: this, protect: args.protect };
    const primary = new aws.rds.Instance(
      `${name}-primary`,
      {
        ...common,
        identifier: `${args.identifier}-pg`,
        engine: "postgres",
        instanceClass: args.instanceClass,
        multiAz: args.multiAz,
        ...(placement.primaryZone === undefined ? {} : { availabilityZone: placement.primaryZone }),
        dbSubnetGroupName: primarySubnets.name,
        allocatedStorage: args.allocatedStorageGiB,
        maxAllocatedStorage: args.maxAllocatedStorageGiB,
        storageType: "gp3",
        dbName: args.databaseName,
        username: args.masterUsername,
        password,
        iamDatabaseAuthenticationEnabled: true,
        backupRetentionPeriod: args.backupRetentionDays,
        backupWindow: "03:00-04:00",
        maintenanceWindow: "sun:04:30-sun:05:30",
        skipFinalSnapshot: !args.protect,
        finalSnapshotIdentifier: args.protect ? `${args.identifier}-pg-final` : undefined,
        ...(args.primaryTags ? { tags: args.primaryTags } : {}),
      },
      stateful,
    );
    const replicas = Array.from(
      { length: args.readReplicas },
      (_, i) =>
        new aws.rds.Instance(
          `${name}-replica-${i + 1}`,
          {
            ...common,
            identifier: `${args.identifier}-pg-replica-${i + 1}`,
            replicateSourceDb: primary.identifier,
            instanceClass: args.replicaInstanceClass ?? args.instanceClass,
            // Replicas may sit in any data zone; the placement keeps them off the primary's.
            dbSubnetGroupName: subnetGroupName,
            availabilityZone: placement.replicaZones[i],
            // Every replica is a promotion candidate: a promoted replica must start with backups
            // (and PITR) of its own, which RDS can only take if the replica already keeps them.
            backupRetentionPeriod: args.backupRetentionDays,
            backupWindow: "03:00-04:00",
            maintenanceWindow: "sun:04:30-sun:05:30",
            skipFinalSnapshot: true,
          },
          stateful,
        ),
    );

    const secret = postgresCredentialsSecret(
      `${name}-credentials`,
      {
        description: `Master credentials of ${args.identifier}-pg`,
        kmsKeyArn: args.kmsKeyArn,
        protect: args.protect,
        host: primary.address,
        port: 5432,
        databaseName: args.databaseName,
        username: args.masterUsername,
        password,
      },
      { parent: this },
    );

    if (args.backupCopy)
      this.backupCopies(
        name,
        args.identifier,
        primary,
        args.kmsKeyArn,
        args.backupCopy,
        args.protect,
      );

    this.primaryIdentifier = primary.identifier;
    this.primaryArn = primary.arn;
    this.replicaIdentifiers = replicas.map((r) => r.identifier);
    this.credentialsSecretArn = secret.arn;
    this.endpoints = {
      writerHost: primary.address,
      readerHosts: replicas.map((r) => r.address),
      port: 5432,
      databaseName: args.databaseName,
      username: args.masterUsername,
      password,
    };
    this.registerOutputs({
      writerHost: this.endpoints.writerHost,
      readerHosts: this.endpoints.readerHosts,
      credentialsSecretArn: this.credentialsSecretArn,
    });
  }

  /**
   * What the primary and the replicas share: encryption, the cluster-only security group, the
   * parameter group, Performance Insights and enhanced monitoring (with its role), log exports;
   * and the subnet group the primary is placed by.
   */
  private instanceSettings(name: string, args: PostgresArgs) {
    const parent = { parent: this };
    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      { subnetIds: args.subnetIds },
      parent,
    );
    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      clusterOnlySecurityGroupArgs(
        args.vpcId,
        `PostgreSQL ${args.identifier}: only the cluster may connect`,
        args.clientSecurityGroupId,
        [{ port: 5432, description: "EKS nodes and pods" }],
      ),
      parent,
    );
    const params = new aws.rds.ParameterGroup(
      `${name}-params`,
      {
        family: `postgres${args.engineVersion}`,
        parameters: Object.entries(args.parameters).map(([n, v]) => ({
          name: n,
          value: String(v),
          // Static parameters only take effect at the next reboot; RDS rejects "immediate" for them.
          applyMethod:
            n.startsWith("shared_") || n === "max_connections" ? "pending-reboot" : "immediate",
        })),
      },
      parent,
    );
    const monitoringRole = new aws.iam.Role(
      `${name}-monitoring-role`,
      { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("monitoring.rds.amazonaws.com")) },
      parent,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-monitoring-policy`,
      {
        role: monitoringRole.name,
        policyArn: managedPolicyArn("service-role/AmazonRDSEnhancedMonitoringRole"),
      },
      parent,
    );
    return {
      subnetGroupName: subnetGroup.name,
      common: {
        engineVersion: args.engineVersion,
        storageEncrypted: true,
        kmsKeyId: args.kmsKeyArn,
        vpcSecurityGroupIds: [sg.id],
        parameterGroupName: params.name,
        publiclyAccessible: false,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: args.kmsKeyArn,
        performanceInsightsRetentionPeriod: args.performanceInsightsRetentionDays,
        monitoringInterval: 60,
        monitoringRoleArn: monitoringRole.arn,
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        autoMinorVersionUpgrade: true,
        copyTagsToSnapshot: true,
        deletionProtection: args.protect,
        caCertIdentifier: "rds-ca-rsa2048-g1",
      },
    };
  }

  /**
   * Hourly AWS Backup snapshots copied to a vault in the DR region: with PITR covering the home
   * region, the copies bound data loss at one hour (RPO 1 h) if the region itself is lost.
   */
  private backupCopies(
    name: string,
    identifier: string,
    primary: aws.rds.Instance,
    kmsKeyArn: pulumi.Input<string>,
    copy: { region: string; retentionDays: number },
    protect: boolean,
  ): void {
    const parent = { parent: this };
    const drKey = new aws.kms.Key(
      `${name}-dr-key`,
      {
        region: copy.region,
        description: `Backup copies of ${identifier} in ${copy.region}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      },
      { parent: this, protect },
    );
    const vault = new aws.backup.Vault(
      `${name}-vault`,
      { name: `${identifier}-pg`, kmsKeyArn },
      { parent: this, protect },
    );
    const drVault = new aws.backup.Vault(
      `${name}-dr-vault`,
      { region: copy.region, name: `${identifier}-pg-dr`, kmsKeyArn: drKey.arn },
      { parent: this, protect },
    );
    const plan = new aws.backup.Plan(
      `${name}-backup-plan`,
      {
        name: `${identifier}-pg`,
        rules: [
          {
            ruleName: "hourly-with-dr-copy",
            targetVaultName: vault.name,
            schedule: "cron(0 * * * ? *)",
            startWindow: 60,
            completionWindow: 120,
            lifecycle: { deleteAfter: copy.retentionDays },
            copyActions: [
              { destinationVaultArn: drVault.arn, lifecycle: { deleteAfter: copy.retentionDays } },
            ],
          },
        ],
      },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-backup-role`,
      { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("backup.amazonaws.com")) },
      parent,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-backup-policy`,
      {
        role: role.name,
        policyArn: managedPolicyArn("service-role/AWSBackupServiceRolePolicyForBackup"),
      },
      parent,
    );
    new aws.backup.Selection(
      `${name}-backup-selection`,
      { name: `${identifier}-pg`, planId: plan.id, iamRoleArn: role.arn, resources: [primary.arn] },
      parent,
    );
  }
}
