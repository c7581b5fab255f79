import type { PolicyDocument } from "../shared/iam";

/** `runs-on` prefix of a GitHub Actions job that runs on the CodeBuild project `project`. */
export function codebuildRunsOn(project: string): string {
  return `codebuild-${project}-`;
}

/**
 * What a CodeBuild runner's service role may do: write its own logs and manage the network
 * interfaces that put builds in the VPC (CodeBuild's documented VPC permissions, the
 * interface permission limited to the runner's subnets, by ARN with any account). The deploy itself assumes the deploy
 * role through GitHub's OIDC token, so nothing else is granted here.
 */
export function runnerRolePolicy(args: {
  logGroupArn: string;
  subnetArns: string[];
  region: string;
}): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [`${args.logGroupArn}:*`],
      },
      {
        Effect: "Allow",
        Action: [
          "ec2:CreateNetworkInterface",
          "ec2:DeleteNetworkInterface",
          "ec2:DescribeDhcpOptions",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeSubnets",
          "ec2:DescribeVpcs",
        ],
        Resource: ["*"],
      },
      {
        Effect: "Allow",
        Action: ["ec2:CreateNetworkInterfacePermission"],
        Resource: [`arn:aws:ec2:${args.region}:*:network-interface/*`],
        Condition: {
          StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
          ArnLike: { "ec2:Subnet": args.subnetArns },
        },
      },
    ],
  };
}
