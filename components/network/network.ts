import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "../shared/iam";
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

    const { publics, privates, datas } = this.createSubnets(name, args, vpc);
    this.routeTable(name, "public", vpc, publics, args.zones, { gatewayId: igw.id });
    const nats = this.createNatGateways(name, args, igw, publics);
    const privateRts = args.zones.map((zone, i) =>
      this.routeTable(name, "private", vpc, [privates[i]], [zone], {
        natGatewayId: nats[Math.min(i, nats.length - 1)].id,
      }),
    );
    // Data subnets are isolated: only the VPC-local route, no NAT, no Internet gateway.
    const dataRt = this.routeTable(name, "data", vpc, datas, args.zones);

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

  /** One subnet per tier and zone, as `planSubnets` carves the VPC CIDR, tagged for load balancers. */
  private createSubnets(
    name: string,
    args: NetworkArgs,
    vpc: aws.ec2.Vpc,
  ): Record<"publics" | "privates" | "datas", aws.ec2.Subnet[]> {
    const plan = planSubnets(args.cidr, args.zones, args.subnetPrefixLength);
    const clusterTag = { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };
    const roleTags: Record<SubnetTier, Record<string, string>> = {
      public: { ...clusterTag, "kubernetes.io/role/elb": "1" },
      private: { ...clusterTag, "kubernetes.io/role/internal-elb": "1" },
      data: {},
    };
    const subnets = plan.map(
      (p) =>
        new aws.ec2.Subnet(
          `${name}-${p.tier}-${p.zone}`,
          {
            vpcId: vpc.id,
            cidrBlock: p.cidr,
            availabilityZone: p.zone,
            mapPublicIpOnLaunch: false,
            tags: {
              Name: `${name}-${p.tier}-${p.zone}`,
              "platform.io/tier": p.tier,
              ...roleTags[p.tier],
            },
          },
          { parent: this },
        ),
    );
    const byTier = (tier: SubnetTier) => subnets.filter((_, i) => plan[i].tier === tier);
    return { publics: byTier("public"), privates: byTier("private"), datas: byTier("data") };
  }

  /** A NAT gateway (with its Elastic IP) in the public subnet of every zone, or of the first only. */
  private createNatGateways(
    name: string,
    args: NetworkArgs,
    igw: aws.ec2.InternetGateway,
    publics: aws.ec2.Subnet[],
  ): aws.ec2.NatGateway[] {
    const natZones = args.natGateways === "perZone" ? args.zones : args.zones.slice(0, 1);
    return natZones.map((zone, i) => {
      const eip = new aws.ec2.Eip(
        `${name}-nat-eip-${zone}`,
        { domain: "vpc", tags: { Name: `${name}-nat-${zone}` } },
        { parent: this },
      );
      return new aws.ec2.NatGateway(
        `${name}-nat-${zone}`,
        { allocationId: eip.id, subnetId: publics[i].id, tags: { Name: `${name}-nat-${zone}` } },
        { parent: this, dependsOn: [igw] },
      );
    });
  }

  /**
   * A route table for `subnets` (one per zone in `zones`), with a default route through `egress`
   * when given. Public and data subnets share one table per tier; each private subnet has its own
   * (its zone's NAT gateway), named after its zone.
   */
  private routeTable(
    name: string,
    tier: SubnetTier,
    vpc: aws.ec2.Vpc,
    subnets: aws.ec2.Subnet[],
    zones: string[],
    egress?: { gatewayId?: pulumi.Input<string>; natGatewayId?: pulumi.Input<string> },
  ): aws.ec2.RouteTable {
    const perZone = tier === "private" ? `-${zones[0]}` : "";
    const rt = new aws.ec2.RouteTable(
      `${name}-${tier}-rt${perZone}`,
      {
        vpcId: vpc.id,
        ...(egress === undefined ? {} : { routes: [{ cidrBlock: "0.0.0.0/0", ...egress }] }),
        tags: { Name: `${name}-${tier}${perZone}` },
      },
      { parent: this },
    );
    subnets.forEach(
      (s, i) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-${tier}-rta-${zones[i]}`,
          { subnetId: s.id, routeTableId: rt.id },
          { parent: this },
        ),
    );
    return rt;
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
        assumeRolePolicy: JSON.stringify(serviceTrustPolicy("vpc-flow-logs.amazonaws.com")),
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
