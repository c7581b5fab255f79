import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "../shared/iam";
import { runnerRolePolicy } from "./policy";

/**
 * CodeBuild's curated Amazon Linux 2023 image (Node.js, Go, git, the AWS CLI): what a deploy job
 * needs, kept patched by AWS under this exact name.
 */
export const RUNNER_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0";

/** Arguments of {@link DeployRunner}. */
export interface DeployRunnerArgs {
  /** CodeBuild project name; workflow jobs select it with `runs-on: codebuild-<name>-…`. */
  projectName: string;
  /** `https://github.com/<owner>/<name>`: the repository whose workflow jobs it runs. */
  repository: string;
  /** CodeBuild compute type of a runner. */
  computeType: string;
  region: string;
  vpcId: pulumi.Input<string>;
  /** Private subnets (egress through the NAT gateways, next to the control plane's ENIs). */
  subnetIds: pulumi.Input<string>[];
  /** The cluster's security group: runners are let in on 443. */
  clusterSecurityGroupId: pulumi.Input<string>;
  /** Days to keep the runners' logs. */
  logRetentionDays: number;
}

/**
 * Where deploys run for an environment whose API endpoint is private: GitHub Actions jobs on
 * AWS CodeBuild-hosted runners inside the VPC. A webhook on `workflow_job` queued events starts
 * a build per job whose `runs-on` names this project; the build joins the job as its runner.
 * The account's CodeBuild connection to GitHub (OAuth app, CodeConnections or a token imported
 * with `aws codebuild import-source-credentials`) is set up once per account, outside the program.
 */
export class DeployRunner extends pulumi.ComponentResource {
  readonly projectName: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: DeployRunnerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:deploy:DeployRunner", name, {}, opts);
    const parent = { parent: this };

    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: "Deploy runners: HTTPS out (GitHub, registries, AWS APIs, the cluster API)",
        egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
      },
      parent,
    );
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-to-api`,
      {
        securityGroupId: args.clusterSecurityGroupId,
        referencedSecurityGroupId: sg.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "Deploy runners reach the Kubernetes API through its private endpoint",
      },
      parent,
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/codebuild/${args.projectName}`, retentionInDays: args.logRetentionDays },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-role`,
      { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("codebuild.amazonaws.com")) },
      parent,
    );
    const subnetArns = pulumi
      .all(args.subnetIds)
      .apply((ids) => ids.map((id) => `arn:aws:ec2:${args.region}:*:subnet/${id}`));
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-role-policy`,
      {
        role: role.id,
        policy: pulumi
          .all([logGroup.arn, subnetArns])
          .apply(([logGroupArn, arns]) =>
            JSON.stringify(
              runnerRolePolicy({ logGroupArn, subnetArns: arns, region: args.region }),
            ),
          ),
      },
      parent,
    );

    const project = new aws.codebuild.Project(
      `${name}-project`,
      {
        name: args.projectName,
        description: "GitHub Actions runners for this environment's deploys, inside its VPC",
        serviceRole: role.arn,
        artifacts: { type: "NO_ARTIFACTS" },
        environment: {
          type: "LINUX_CONTAINER",
          computeType: args.computeType,
          image: RUNNER_IMAGE,
          imagePullCredentialsType: "CODEBUILD",
        },
        source: { type: "GITHUB", location: args.repository },
        vpcConfig: {
          vpcId: args.vpcId,
          subnets: args.subnetIds,
          securityGroupIds: [sg.id],
        },
        logsConfig: { cloudwatchLogs: { groupName: logGroup.name, status: "ENABLED" } },
        // A deploy waits for its approval outside the build; the build itself is `pulumi up`.
        buildTimeout: 120,
      },
      { ...parent, dependsOn: [rolePolicy] },
    );
    new aws.codebuild.Webhook(
      `${name}-webhook`,
      {
        projectName: project.name,
        buildType: "BUILD",
        filterGroups: [{ filters: [{ type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" }] }],
      },
      parent,
    );

    this.projectName = project.name;
    this.securityGroupId = sg.id;
    this.registerOutputs({ projectName: this.projectName, securityGroupId: this.securityGroupId });
  }
}
