import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { clusterOnlySecurityGroupArgs } from "../shared/security";

/** Arguments of {@link RabbitMq}. */
export interface RabbitMqArgs {
  /** Broker name prefix, e.g. `platform-prod`. */
  identifier: string;
  vpcId: pulumi.Input<string>;
  /** Data subnets, one per zone; a single instance uses the first. */
  subnetIds: pulumi.Input<string>[];
  clientSecurityGroupId: pulumi.Input<string>;
  engineVersion: string;
  instanceType: string;
  deploymentMode: "SINGLE_INSTANCE" | "CLUSTER_MULTI_AZ";
  /** Pulumi `protect` on the broker (it holds unconsumed messages). */
  protect: boolean;
}

/** The application user's name on the broker. */
export const RABBITMQ_USER = "platform";

/**
 * Amazon MQ for RabbitMQ, private to the VPC: a three-node multi-AZ cluster (quorum queues
 * replicate across its nodes) or a single instance, with generated credentials.
 */
export class RabbitMq extends pulumi.ComponentResource {
  /** `amqps://host:5671` of the broker. */
  readonly amqpsEndpoint: pulumi.Output<string>;
  readonly username = RABBITMQ_USER;
  readonly password: pulumi.Output<string>;
  readonly brokerName: pulumi.Output<string>;

  constructor(name: string, args: RabbitMqArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:queue:RabbitMq", name, {}, opts);
    const parent = { parent: this };
    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      clusterOnlySecurityGroupArgs(
        args.vpcId,
        `RabbitMQ ${args.identifier}: only the cluster may connect`,
        args.clientSecurityGroupId,
        [
          { port: 5671, description: "AMQPS from EKS" },
          { port: 443, description: "Management API from EKS (KEDA)" },
        ],
      ),
      parent,
    );
    // Amazon MQ rejects passwords with commas, colons or equals signs; alphanumeric is safe in URLs too.
    const password = new random.RandomPassword(
      `${name}-password`,
      { length: 32, special: false },
      parent,
    );
    const broker = new aws.mq.Broker(
      `${name}-broker`,
      {
        brokerName: `${args.identifier}-rabbitmq`,
        engineType: "RabbitMQ",
        engineVersion: args.engineVersion,
        hostInstanceType: args.instanceType,
        deploymentMode: args.deploymentMode,
        publiclyAccessible: false,
        subnetIds: args.deploymentMode === "SINGLE_INSTANCE" ? [args.subnetIds[0]] : args.subnetIds,
        securityGroups: [sg.id],
        autoMinorVersionUpgrade: true,
        // Amazon MQ for RabbitMQ encrypts at rest with an AWS-owned key; customer keys are not offered.
        encryptionOptions: { useAwsOwnedKey: true },
        logs: { general: true },
        maintenanceWindowStartTime: { dayOfWeek: "SUNDAY", timeOfDay: "06:30", timeZone: "UTC" },
        users: [{ username: RABBITMQ_USER, password: pulumi.secret(password.result) }],
      },
      { parent: this, protect: args.protect },
    );
    this.amqpsEndpoint = broker.instances.apply((i) => i[0]?.endpoints?.[0] ?? "");
    this.password = pulumi.secret(password.result);
    this.brokerName = broker.brokerName;
    this.registerOutputs({ amqpsEndpoint: this.amqpsEndpoint, brokerName: this.brokerName });
  }
}
