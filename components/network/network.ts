import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { planSubnets, SubnetTier } from "./subnets";

/** Arguments of {@link Network}. */
export interface NetworkArgs {
  /** VPC CIDR block, e.g. `10.0.0.0/16`. */
  cidr: string;
  /** Availability zones to spread over, in order. */
  zones: string[];
  /** Prefix length per subnet tier. */
  subnetPrefixLength: Record<SubnetTier, number>;
  /** `perZone` keeps egress alive when a zone fails; `single` saves the per-gateway hourly cost. */
  natGateways: "perZone" | "single";
  /** EKS cluster name, for load-balancer subnet discovery tags. */
  clusterName: string;
  /** Days to keep VPC flow logs. */
  flowLogRetentionDays: number;
  /** AWS region, for the S3 endpoint's service name. */
  region: string;
}

/**
 * A VPC with public, private and isolated data subnets in every zone, NAT for private egress,
 * an S3 gateway endpoint and flow logs. Data subnets have no route to the Internet at all.
 */
export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly vpcCidr: string;
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly dataSubnetIds: pulumi.Output<string>[];
  readonly natGatewayIds: pulumi.Output<string>[];

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:network:Network", name, {}, opts);
    const parent = { parent: this };
    const plan = planSubnets(args.cidr, args.zones, args.subnetPrefixLength);
    const clusterTag = { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: args.cidr,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { Name: `${name}-vpc` },
      },
      parent,
    );
    // The default security group allows all traffic between its members; nothing should use it.
    new aws.ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: vpc.id, tags: { Name: `${name}-default-locked` } },
      parent,
    );
    const igw = new aws.ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: vpc.id, tags: { Name: `${name}-igw` } },
      parent,
    );

    const subnet = (tier: SubnetTier, zone: string, cidr: string, tags: Record<string, string>) =>
      new aws.ec2.Subnet(
        `${name}-${tier}-${zone}`,
        {
          vpcId: vpc.id,
          cidrBlock: cidr,
          availabilityZone: zone,
          mapPublicIpOnLaunch: false,
          tags: { Name: `${name}-${tier}-${zone}`, "platform.io/tier": tier, ...tags },
        },
        parent,
      );
    const subnets = plan.map((p) =>
      subnet(
        p.tier,
        p.zone,
        p.cidr,
        p.tier === "public"
          ? { ...clusterTag, "kubernetes.io/role/elb": "1" }
          : p.tier === "private"
            ? { ...clusterTag, "kubernetes.io/role/internal-elb": "1" }
            : {},
      ),
    );
    const byTier = (tier: SubnetTier) => subnets.filter((_, i) => plan[i].tier === tier);
    const [publics, privates, datas] = [byTier("public"), byTier("private"), byTier("data")];

    const publicRt = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      {
        vpcId: vpc.id,
        routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
        tags: { Name: `${name}-public` },
      },
      parent,
    );
    publics.forEach(
      (s, i) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-public-rta-${args.zones[i]}`,
          { subnetId: s.id, routeTableId: publicRt.id },
          parent,
        ),
    );

    const natZones = args.natGateways === "perZone" ? args.zones : args.zones.slice(0, 1);
    const nats = natZones.map((zone, i) => {
      const eip = new aws.ec2.Eip(
        `${name}-nat-eip-${zone}`,
        { domain: "vpc", tags: { Name: `${name}-nat-${zone}` } },
        parent,
      );
      return new aws.ec2.NatGateway(
        `${name}-nat-${zone}`,
        { allocationId: eip.id, subnetId: publics[i].id, tags: { Name: `${name}-nat-${zone}` } },
        { parent: this, dependsOn: [igw] },
      );
    });

    const privateRts = args.zones.map((zone, i) => {
      const nat = nats[Math.min(i, nats.length - 1)];
      const rt = new aws.ec2.RouteTable(
        `${name}-private-rt-${zone}`,
        {
          vpcId: vpc.id,
          routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }],
          tags: { Name: `${name}-private-${zone}` },
        },
        parent,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-rta-${zone}`,
        { subnetId: privates[i].id, routeTableId: rt.id },
        parent,
      );
      return rt;
    });

    // Data subnets are isolated: only the VPC-local route, no NAT, no Internet gateway.
    const dataRt = new aws.ec2.RouteTable(
      `${name}-data-rt`,
      { vpcId: vpc.id, tags: { Name: `${name}-data` } },
      parent,
    );
    datas.forEach(
      (s, i) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-data-rta-${args.zones[i]}`,
          { subnetId: s.id, routeTableId: dataRt.id },
          parent,
        ),
    );

    new aws.ec2.VpcEndpoint(
      `${name}-s3-endpoint`,
      {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${args.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: [...privateRts.map((rt) => rt.id), dataRt.id],
        tags: { Name: `${name}-s3` },
      },
      parent,
    );

    this.createFlowLogs(name, vpc, args.flowLogRetentionDays);

    this.vpcId = vpc.id;
    this.vpcCidr = args.cidr;
    this.publicSubnetIds = publics.map((s) => s.id);
    this.privateSubnetIds = privates.map((s) => s.id);
    this.dataSubnetIds = datas.map((s) => s.id);
    this.natGatewayIds = nats.map((n) => n.id);
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      dataSubnetIds: this.dataSubnetIds,
      natGatewayIds: this.natGatewayIds,
    });
  }

  private createFlowLogs(name: string, vpc: aws.ec2.Vpc, retentionDays: number): void {
    const parent = { parent: this };
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-logs`,
      { retentionInDays: retentionDays },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-flow-logs-role`,
      {
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "vpc-flow-logs.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        }),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs-policy`,
      {
        role: role.id,
        policy: logGroup.arn.apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [arn, `${arn}:*`],
              },
            ],
          }),
        ),
      },
      parent,
    );
    new aws.ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId: vpc.id,
        trafficType: "ALL",
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 60,
      },
      parent,
    );
  }
}
