/**
 * BOM lines for the network's own charges: public IPv4 addresses (every Elastic IP, in use or
 * idle) and VPC endpoints (interface endpoints per zone; gateway endpoints are free).
 */
import { BomItem, fixed } from "./bom";
import { describe, optionalArray, optionalString, ResourceLike } from "./props";

/** Pulumi type tokens handled here. */
export const EIP = "aws:ec2/eip:Eip";
export const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

/** One public IPv4 address. */
export function eipItems(r: ResourceLike): BomItem[] {
  return [
    {
      component: "network",
      resource: r.name,
      price: { kind: "public-ipv4" },
      capacity: "on-demand",
      unit: "per-hour",
      quantity: fixed(1),
    },
  ];
}

/**
 * An interface endpoint bills one endpoint-hour per zone it has a subnet in; a gateway endpoint
 * (the provider's default type) bills nothing.
 * @throws Error naming the endpoint when an interface endpoint lists no subnets.
 */
export function vpcEndpointItems(r: ResourceLike): BomItem[] {
  const type = optionalString(r, "vpcEndpointType") ?? "Gateway";
  if (type === "Gateway") return [];
  if (type !== "Interface")
    throw new Error(
      `${describe(r)}: vpcEndpointType "${type}" is not priced; the model prices Interface and Gateway endpoints`,
    );
  const zones = optionalArray(r, "subnetIds")?.length ?? 0;
  if (zones === 0)
    throw new Error(
      `${describe(r)}: an Interface endpoint bills per zone, but subnetIds is empty or not known yet`,
    );
  return [
    {
      component: "network",
      resource: r.name,
      price: { kind: "vpc-interface-endpoint" },
      capacity: "on-demand",
      unit: "per-hour",
      quantity: fixed(zones),
      note: `${zones} zone(s)`,
    },
  ];
}
