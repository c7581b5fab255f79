import { expect } from "chai";
import { contains, overlaps, parseCidr } from "../../components/network";
import { ofType, one, runStack, SHIPPED } from "../helpers/program";
import { loadEnvironment } from "../../stacks";

describe("network", () => {
  for (const stack of SHIPPED) {
    describe(stack, () => {
      const env = loadEnvironment(stack);

      it(`places public, private and data subnets in each of the ${env.network.zones} configured zones`, async () => {
        const run = await runStack(stack);
        const subnets = ofType(run, "aws:ec2/subnet:Subnet");
        expect(subnets).to.have.length(3 * env.network.zones);
        for (const tier of ["public", "private", "data"]) {
          const zones = subnets
            .filter((s) => s.inputs.tags["platform.io/tier"] === tier)
            .map((s) => s.inputs.availabilityZone);
          expect(new Set(zones).size, `${tier} zones`).to.equal(env.network.zones);
        }
      });

      it("computes subnet CIDRs inside the VPC without overlaps", async () => {
        const run = await runStack(stack);
        const vpc = parseCidr(one(run, "aws:ec2/vpc:Vpc").inputs.cidrBlock);
        const blocks = ofType(run, "aws:ec2/subnet:Subnet").map((s) =>
          parseCidr(s.inputs.cidrBlock),
        );
        blocks.forEach((b, i) => {
          expect(contains(vpc, b)).to.equal(true);
          blocks.slice(i + 1).forEach((other) => expect(overlaps(b, other)).to.equal(false));
        });
      });

      it(`creates ${env.network.natGateways === "perZone" ? "a NAT gateway per zone" : "a single NAT gateway"}`, async () => {
        const run = await runStack(stack);
        const expected = env.network.natGateways === "perZone" ? env.network.zones : 1;
        expect(ofType(run, "aws:ec2/natGateway:NatGateway")).to.have.length(expected);
        const privateRoutes = ofType(run, "aws:ec2/routeTable:RouteTable").filter((rt) =>
          rt.name.includes("-private-rt-"),
        );
        expect(new Set(privateRoutes.map((rt) => rt.inputs.routes[0].natGatewayId)).size).to.equal(
          expected,
        );
      });

      it("keeps data subnets isolated: their route table has no route out", async () => {
        const run = await runStack(stack);
        const dataRt = one(run, "aws:ec2/routeTable:RouteTable", "network-data-rt");
        expect(dataRt.inputs.routes ?? []).to.have.length(0);
      });

      it("tags subnets for EKS load balancer discovery", async () => {
        const run = await runStack(stack);
        const subnets = ofType(run, "aws:ec2/subnet:Subnet");
        const tagged = (tier: string, key: string) =>
          subnets
            .filter((s) => s.inputs.tags["platform.io/tier"] === tier)
            .every((s) => s.inputs.tags[key] === "1");
        expect(tagged("public", "kubernetes.io/role/elb")).to.equal(true);
        expect(tagged("private", "kubernetes.io/role/internal-elb")).to.equal(true);
        expect(
          subnets
            .filter((s) => s.inputs.tags["platform.io/tier"] !== "data")
            .every((s) => s.inputs.tags[`kubernetes.io/cluster/platform-${stack}`] === "shared"),
        ).to.equal(true);
      });

      it("routes S3 traffic through a gateway endpoint from private and data subnets", async () => {
        const run = await runStack(stack);
        const endpoint = one(run, "aws:ec2/vpcEndpoint:VpcEndpoint");
        expect(endpoint.inputs.serviceName).to.equal(`com.amazonaws.${env.aws.region}.s3`);
        expect(endpoint.inputs.routeTableIds).to.have.length(env.network.zones + 1);
      });

      it("never assigns public IPs on launch and records flow logs", async () => {
        const run = await runStack(stack);
        expect(
          ofType(run, "aws:ec2/subnet:Subnet").every((s) => s.inputs.mapPublicIpOnLaunch === false),
        ).to.equal(true);
        expect(one(run, "aws:ec2/flowLog:FlowLog").inputs.trafficType).to.equal("ALL");
      });
    });
  }

  it("prod spreads over three zones and dev over two", async () => {
    const zonesOf = async (stack: string) =>
      new Set(
        ofType(await runStack(stack), "aws:ec2/subnet:Subnet").map(
          (s) => s.inputs.availabilityZone,
        ),
      ).size;
    expect(await zonesOf("prod")).to.equal(3);
    expect(await zonesOf("dev")).to.equal(2);
  });
});
