import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SLEEP_CONFIG_ENV, sleepHandlerSource } from "./sleep-handler";

/** How often the schedule checks the database, in minutes. */
export const SLEEP_CHECK_MINUTES = 15;

/** Arguments of {@link DatabaseSleep}. */
export interface DatabaseSleepArgs {
  /** IANA time zone of the office. */
  timezone: string;
  /** Hour weekday office hours start (local). */
  startHour: number;
  /** Hour weekday office hours end (local); weekends are off all day. */
  stopHour: number;
  /** Minutes before `startHour` from which the database runs. */
  wakeLeadMinutes: number;
  /** The RDS instances to stop and start (never read replicas: RDS cannot stop those). */
  instances: Array<{ identifier: pulumi.Input<string>; arn: pulumi.Input<string> }>;
}

/**
 * Stops the environment's RDS database outside office hours and starts it `wakeLeadMinutes`
 * before they begin: an EventBridge Scheduler schedule runs a function every
 * {@link SLEEP_CHECK_MINUTES} minutes that reconciles each instance with the office hours (see
 * `sleep-handler.ts`), which also re-stops an instance RDS restarts after 7 days stopped.
 */
export class DatabaseSleep extends pulumi.ComponentResource {
  readonly functionArn: pulumi.Output<string>;

  constructor(name: string, args: DatabaseSleepArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:database:DatabaseSleep", name, {}, opts);
    const parent = { parent: this };
    const assume = (service: string) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
      });

    const role = new aws.iam.Role(
      `${name}-role`,
      { assumeRolePolicy: assume("lambda.amazonaws.com") },
      parent,
    );
    new aws.iam.RolePolicyAttachment(
      `${name}-logs`,
      {
        role: role.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-rds`,
      {
        role: role.name,
        policy: pulumi.all(args.instances.map((i) => i.arn)).apply((arns) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: ["rds:DescribeDBInstances", "rds:StopDBInstance", "rds:StartDBInstance"],
                Resource: arns,
              },
            ],
          }),
        ),
      },
      parent,
    );
    const fn = new aws.lambda.Function(
      `${name}-function`,
      {
        runtime: "nodejs20.x",
        handler: "index.handler",
        role: role.arn,
        timeout: 60,
        code: new pulumi.asset.AssetArchive({
          "index.mjs": new pulumi.asset.StringAsset(sleepHandlerSource()),
        }),
        environment: {
          variables: {
            [SLEEP_CONFIG_ENV]: pulumi
              .all(args.instances.map((i) => i.identifier))
              .apply((dbInstances) =>
                JSON.stringify({
                  timezone: args.timezone,
                  startHour: args.startHour,
                  stopHour: args.stopHour,
                  wakeLeadMinutes: args.wakeLeadMinutes,
                  dbInstances,
                }),
              ),
          },
        },
      },
      parent,
    );

    const schedulerRole = new aws.iam.Role(
      `${name}-scheduler-role`,
      { assumeRolePolicy: assume("scheduler.amazonaws.com") },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-scheduler-invoke`,
      {
        role: schedulerRole.name,
        policy: fn.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: arn }],
          }),
        ),
      },
      parent,
    );
    new aws.scheduler.Schedule(
      `${name}-schedule`,
      {
        description: `Stops the database outside office hours (${args.startHour}:00-${args.stopHour}:00 ${args.timezone}, weekdays)`,
        scheduleExpression: `cron(0/${SLEEP_CHECK_MINUTES} * * * ? *)`,
        scheduleExpressionTimezone: args.timezone,
        flexibleTimeWindow: { mode: "OFF" },
        // A missed run is made good by the next one, 15 minutes later.
        target: {
          arn: fn.arn,
          roleArn: schedulerRole.arn,
          retryPolicy: { maximumRetryAttempts: 0 },
        },
      },
      parent,
    );

    this.functionArn = fn.arn;
    this.registerOutputs({ functionArn: this.functionArn });
  }
}
