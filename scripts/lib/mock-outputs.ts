/**
 * What the mocked engine returns for a resource: its inputs plus the outputs the program reads
 * back (ARNs, endpoints, generated names). Only outputs the program actually consumes are
 * synthesised; everything else stays as the inputs were.
 */
import type { MockResourceArgs } from "@pulumi/pulumi/runtime";

export const MOCK_ACCOUNT = "123456789012";
export const MOCK_REGION = "us-east-1";

type Synth = (args: MockResourceArgs, id: string) => Record<string, unknown>;

const arn = (args: MockResourceArgs, service: string) =>
  `arn:aws:${service}:${MOCK_REGION}:${MOCK_ACCOUNT}:${args.type.split(":")[2]}/${args.name}`;

const SYNTHESISED: Record<string, Synth> = {
  "aws:eks/cluster:Cluster": (a) => ({
    endpoint: `https://${a.name}.gr7.${MOCK_REGION}.eks.amazonaws.com`,
    certificateAuthority: { data: Buffer.from("mock-ca").toString("base64") },
    identities: [
      {
        oidcs: [
          {
            issuer: `https://oidc.eks.${MOCK_REGION}.amazonaws.com/id/MOCK${a.name.toUpperCase()}`,
          },
        ],
      },
    ],
    vpcConfig: { ...(a.inputs.vpcConfig ?? {}), clusterSecurityGroupId: `sg-${a.name}-cluster` },
  }),
  "aws:eks/nodeGroup:NodeGroup": (a) => ({
    resources: [{ autoscalingGroups: [{ name: `eks-${a.inputs.nodeGroupName}-mock` }] }],
  }),
  "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1 }),
  "aws:sqs/queue:Queue": (a) => ({
    url: `https://sqs.${MOCK_REGION}.amazonaws.com/${MOCK_ACCOUNT}/${a.name}`,
  }),
  "aws:iam/role:Role": (a) => ({
    arn: `arn:aws:iam::${MOCK_ACCOUNT}:role/${a.name}`,
    name: a.inputs.name ?? a.name,
  }),
  "aws:kms/key:Key": (a, id) => ({ keyId: id, arn: arn(a, "kms") }),
  // A topic's ARN is its name under the account, as AWS forms it.
  "aws:sns/topic:Topic": (a) => ({
    arn: `arn:aws:sns:${MOCK_REGION}:${MOCK_ACCOUNT}:${a.inputs.name ?? a.name}`,
  }),
  // Data tier: generated credentials and the endpoints the in-cluster part builds DSNs from.
  "random:index/randomPassword:RandomPassword": (a) => ({
    result: mockPassword(a.name, Number(a.inputs.length ?? 32)),
  }),
  "aws:rds/instance:Instance": (a) => ({
    address: `${a.inputs.identifier ?? a.name}.mock.${MOCK_REGION}.rds.amazonaws.com`,
    port: 5432,
    identifier: a.inputs.identifier ?? a.name,
  }),
  "aws:elasticache/replicationGroup:ReplicationGroup": (a) => ({
    primaryEndpointAddress:
      a.inputs.clusterMode === "enabled"
        ? undefined
        : `master.${a.inputs.replicationGroupId}.mock.cache.amazonaws.com`,
    configurationEndpointAddress:
      a.inputs.clusterMode === "enabled"
        ? `clustercfg.${a.inputs.replicationGroupId}.mock.cache.amazonaws.com`
        : undefined,
  }),
  // The way in: certificate validation records, the distribution's alias target.
  "aws:acm/certificate:Certificate": (a) => ({
    domainValidationOptions: [a.inputs.domainName, ...(a.inputs.subjectAlternativeNames ?? [])].map(
      (d: string) => ({
        domainName: d,
        resourceRecordName: `_mock-${d.split(".")[0]}.${d}.`,
        resourceRecordType: "CNAME",
        resourceRecordValue: `_mock.acm-validations.aws.`,
      }),
    ),
  }),
  "aws:acm/certificateValidation:CertificateValidation": (a) => ({
    certificateArn: a.inputs.certificateArn,
  }),
  "aws:route53/record:Record": (a) => ({ fqdn: a.inputs.name }),
  "aws:cloudfront/distribution:Distribution": (a) => ({
    domainName: `d${a.name.replace(/[^a-z0-9]/g, "")}.cloudfront.net`,
    hostedZoneId: "Z2FDTNDATAQYW2",
  }),
  "aws:mq/broker:Broker": (a) => ({
    instances: [{ endpoints: [`amqps://b-${a.inputs.brokerName}.mq.${MOCK_REGION}.on.aws:5671`] }],
  }),
};

/** A distinctive, alphanumeric stand-in for a generated password, so tests can search for leaks of it. */
function mockPassword(name: string, length: number): string {
  const seed = `MockSecret${name.replace(/[^A-Za-z0-9]/g, "")}`;
  return seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
}

/** State returned for a newly registered resource under mocks. */
export function mockState(args: MockResourceArgs): { id: string; state: Record<string, unknown> } {
  const id = `${args.name}-id`;
  const base: Record<string, unknown> = { ...args.inputs };
  if (args.type.startsWith("aws:")) {
    base.arn ??= arn(args, args.type.split(":")[1].split("/")[0]);
    base.name ??= args.name;
  }
  if (
    args.type.startsWith("kubernetes:") &&
    typeof base.metadata === "object" &&
    base.metadata !== null
  ) {
    const meta = base.metadata as Record<string, unknown>;
    base.metadata = { ...meta, name: meta.name ?? `${args.name}-mock` };
  }
  const synth = SYNTHESISED[args.type];
  return { id, state: { ...base, ...(synth ? synth(args, id) : {}) } };
}

/** Answers to provider function calls the program makes; anything else is a test failure. */
export function mockCall(
  token: string,
  inputs: Record<string, unknown> = {},
): Record<string, unknown> {
  switch (token) {
    case "aws:lb/getLoadBalancer:getLoadBalancer": {
      // The ALB the load balancer controller would have created for an Ingress.
      const name = String(inputs.name);
      return {
        name,
        arn: `arn:aws:elasticloadbalancing:${MOCK_REGION}:${MOCK_ACCOUNT}:loadbalancer/app/${name}/mock`,
        arnSuffix: `app/${name}/mock`,
        dnsName: `${name}-mock.${MOCK_REGION}.elb.amazonaws.com`,
        zoneId: "Z35SXDOTRQ7X7K",
      };
    }
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: MOCK_ACCOUNT,
        arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/mock`,
        userId: "mock",
      };
    case "aws:index/getRegion:getRegion":
      return { name: MOCK_REGION, region: MOCK_REGION };
    default:
      throw new Error(
        `the program invoked ${token}, which the mocks do not answer; avoid the invoke or add it to mockCall`,
      );
  }
}
