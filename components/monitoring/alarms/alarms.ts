import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createIrsaRole, OidcIdentity } from "../../shared/irsa";
import {
  alertmanagerPublishPolicy,
  cloudwatchExporterPolicy,
  topicKeyPolicy,
  topicPolicy,
} from "./policies";
import { type DataTierAlarmInput, planDataTierAlarms } from "./specs";

/** Arguments of {@link AwsAlerting}. */
export interface AwsAlertingArgs {
  /** Prefix of AWS names, e.g. `platform-prod`; the topic is `<prefix>-alerts`. */
  prefix: string;
  region: string;
  /** E-mail addresses subscribed to the topic. @default [] */
  emails?: string[];
  /** KMS key deletion window in days. @default 30 */
  kmsDeletionWindowDays?: number;
  /** The data-tier resources and alarm levels. */
  alarms: DataTierAlarmInput<pulumi.Input<string>>;
  /** Creates Alertmanager's publishing role when given. @default no role */
  alertmanager?: { oidc: OidcIdentity; namespace: string; serviceAccount: string };
  /** Creates the CloudWatch exporter's read-only role when given. @default no role */
  cloudwatchExporter?: { oidc: OidcIdentity; namespace: string; serviceAccount: string };
}

/**
 * The environment's alert topic (SNS, encrypted with its own KMS key) with its e-mail
 * subscriptions, CloudWatch alarms for every data-tier resource publishing to it, and the IRSA
 * role Alertmanager uses to publish. AWS Budgets may publish to the topic too.
 */
export class AwsAlerting extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;
  readonly keyArn: pulumi.Output<string>;
  /** Alertmanager's role, when requested. */
  readonly alertmanagerRoleArn?: pulumi.Output<string>;
  /** The CloudWatch exporter's role, when requested. */
  readonly cloudwatchExporterRoleArn?: pulumi.Output<string>;
  /** CloudWatch alarm names. */
  readonly alarmNames: pulumi.Output<string>[];

  constructor(name: string, args: AwsAlertingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:monitoring:AwsAlerting", name, {}, opts);
    const parent = { parent: this };
    const identity = aws.getCallerIdentityOutput({}, parent);
    const partition = identity.arn.apply((arn) => arn.split(":")[1]);
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Encrypts ${args.prefix}-alerts`,
        enableKeyRotation: true,
        deletionWindowInDays: args.kmsDeletionWindowDays ?? 30,
        policy: pulumi
          .all([identity.accountId, partition])
          .apply(([account, p]) => JSON.stringify(topicKeyPolicy(account, p))),
      },
      parent,
    );
    new aws.kms.Alias(
      `${name}-key-alias`,
      { name: `alias/${args.prefix}-alerts`, targetKeyId: key.keyId },
      parent,
    );
    const topic = new aws.sns.Topic(
      `${name}-topic`,
      { name: `${args.prefix}-alerts`, kmsMasterKeyId: key.arn },
      parent,
    );
    // Built from the name rather than read back, so the ARN is known at preview for Alertmanager's config.
    const topicArn = pulumi.interpolate`arn:${partition}:sns:${args.region}:${identity.accountId}:${topic.name}`;
    new aws.sns.TopicPolicy(
      `${name}-topic-policy`,
      {
        arn: topic.arn,
        policy: pulumi
          .all([topicArn, identity.accountId])
          .apply(([arn, account]) => JSON.stringify(topicPolicy(arn, account))),
      },
      parent,
    );
    (args.emails ?? []).forEach((email, i) => {
      new aws.sns.TopicSubscription(
        `${name}-email-${i}`,
        { topic: topic.arn, protocol: "email", endpoint: email },
        parent,
      );
    });

    this.alarmNames = planDataTierAlarms(args.alarms).map((a) => {
      const alarm = new aws.cloudwatch.MetricAlarm(
        `${name}-${a.role}`,
        {
          name: `${args.prefix}-${a.role}`,
          alarmDescription: `[${a.severity}] ${a.description}`,
          namespace: a.namespace,
          metricName: a.metricName,
          statistic: a.statistic,
          dimensions: a.dimensions,
          comparisonOperator: a.comparisonOperator,
          threshold: a.threshold,
          period: 60,
          evaluationPeriods: a.evaluationPeriods,
          datapointsToAlarm: a.evaluationPeriods,
          // A resource that stops reporting is caught by the Prometheus side (YACE, exporters), not paged twice.
          treatMissingData: "notBreaching",
          alarmActions: [topic.arn],
          okActions: [topic.arn],
          tags: { severity: a.severity },
        },
        parent,
      );
      return alarm.name;
    });

    const am = args.alertmanager;
    const role = am
      ? createIrsaRole(
          `${name}-alertmanager-irsa`,
          {
            oidc: am.oidc,
            namespace: am.namespace,
            serviceAccount: am.serviceAccount,
            policy: pulumi
              .all([topic.arn, key.arn])
              .apply(([t, k]) => alertmanagerPublishPolicy(t, k)),
          },
          parent,
        )
      : undefined;

    const ex = args.cloudwatchExporter;
    const exporterRole = ex
      ? createIrsaRole(
          `${name}-cloudwatch-exporter-irsa`,
          {
            oidc: ex.oidc,
            namespace: ex.namespace,
            serviceAccount: ex.serviceAccount,
            policy: cloudwatchExporterPolicy(),
          },
          parent,
        )
      : undefined;

    this.topicArn = topicArn;
    this.cloudwatchExporterRoleArn = exporterRole?.arn;
    this.keyArn = key.arn;
    this.alertmanagerRoleArn = role?.arn;
    this.registerOutputs({
      topicArn: this.topicArn,
      keyArn: this.keyArn,
      alertmanagerRoleArn: this.alertmanagerRoleArn,
      cloudwatchExporterRoleArn: this.cloudwatchExporterRoleArn,
      alarmNames: this.alarmNames,
    });
  }
}
