import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { managedPolicyArn, serviceTrustPolicy } from "../shared/iam";
import {
  amiType,
  CapacityType,
  eksCapacityType,
  eksTaintEffect,
  nodeLabels,
  nodeTaints,
  NodeRole,
  Taint,
} from "./placement";
import { OfficeHours, officeHoursActions } from "./schedule";

/** One node group as the component needs it (all defaults resolved by the caller). */
export interface NodeGroupSpec {
  role: NodeRole;
  capacityType: CapacityType;
  instanceTypes: string[];
  minSize: number;
  maxSize: number;
  desiredSize: number;
  diskGiB: number;
  /** Size outside office hours; undefined means the group is not scheduled. */
  offHoursSize?: number;
  /** Instances reserved per zone with an EC2 capacity reservation; undefined means none. */
  capacityReservationPerZone?: number;
  maxUnavailablePercent: number;
  labels: Record<string, string>;
  taints: Taint[];
}

/** Arguments of {@link NodeGroups}. */
export interface NodeGroupsArgs {
  clusterName: pulumi.Input<string>;
  /** Used to name node groups before the cluster exists. */
  clusterNameText: string;
  /** Private subnets the nodes run in. */
  subnetIds: pulumi.Input<string>[];
  /** Zones of those subnets, for capacity reservations. */
  zones: string[];
  groups: Record<string, NodeGroupSpec>;
  /** Office hours; undefined means always on. */
  officeHours?: OfficeHours;
  /** Tags for instances and volumes, which provider default tags do not reach through an ASG. */
  instanceTags: Record<string, string>;
}

/** Facts about a created node group that other components need. */
export interface CreatedNodeGroup {
  name: string;
  eksName: string;
  /** Pulumi logical name of the node group (what the cost estimate's lines are named by). */
  resourceName: string;
  spec: NodeGroupSpec;
  nodeGroup: aws.eks.NodeGroup;
  asgName: pulumi.Output<string>;
}

/**
 * EKS managed node groups behind launch templates (IMDSv2 only, encrypted gp3 root volumes, tags
 * on instances), labelled and tainted by role and capacity type. The desired size is set once:
 * afterwards the cluster autoscaler owns it, so later deploys never fight it. Pass what nodes need
 * before they can join (the networking add-ons) in `dependsOn`.
 */
export class NodeGroups extends pulumi.ComponentResource {
  readonly nodeRoleArn: pulumi.Output<string>;
  readonly groups: CreatedNodeGroup[];

  constructor(name: string, args: NodeGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:nodegroups:NodeGroups", name, {}, opts);
    const parent = { parent: this };

    const role = new aws.iam.Role(
      `${name}-node-role`,
      { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")) },
      parent,
    );
    // The CNI policy is deliberately absent: aws-node gets it through IRSA, not every pod on the node.
    const attachments = [
      "AmazonEKSWorkerNodePolicy",
      "AmazonEC2ContainerRegistryReadOnly",
      "AmazonSSMManagedInstanceCore",
    ].map(
      (policy) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-node-${policy}`,
          { role: role.name, policyArn: managedPolicyArn(policy) },
          parent,
        ),
    );

    this.groups = Object.entries(args.groups).map(([group, spec]) => {
      const eksName = `${args.clusterNameText}-${group}`;
      const reservations = this.capacityReservations(`${name}-${group}`, spec, args.zones);
      const lt = new aws.ec2.LaunchTemplate(
        `${name}-${group}-lt`,
        {
          description: `Nodes of ${eksName}`,
          updateDefaultVersion: true,
          metadataOptions: {
            httpEndpoint: "enabled",
            httpTokens: "required",
            // One hop keeps pods (which use IRSA) from reaching the node's instance credentials.
            httpPutResponseHopLimit: 1,
          },
          blockDeviceMappings: [
            {
              deviceName: "/dev/xvda",
              ebs: {
                volumeSize: spec.diskGiB,
                volumeType: "gp3",
                encrypted: "true",
                deleteOnTermination: "true",
              },
            },
          ],
          capacityReservationSpecification:
            reservations.length > 0 ? { capacityReservationPreference: "open" } : undefined,
          tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
            resourceType,
            tags: { ...args.instanceTags, Name: eksName, "platform.io/node-group": group },
          })),
        },
        parent,
      );
      const nodeGroup = new aws.eks.NodeGroup(
        `${name}-${group}`,
        {
          clusterName: args.clusterName,
          nodeGroupName: eksName,
          nodeRoleArn: role.arn,
          subnetIds: args.subnetIds,
          instanceTypes: spec.instanceTypes,
          capacityType: eksCapacityType(spec.capacityType),
          amiType: amiType(spec.instanceTypes),
          scalingConfig: {
            minSize: spec.minSize,
            maxSize: spec.maxSize,
            desiredSize: spec.desiredSize,
          },
          updateConfig: { maxUnavailablePercentage: spec.maxUnavailablePercent },
          labels: nodeLabels({ ...spec, name: group }),
          taints: nodeTaints({ ...spec, name: group }).map((t) => ({
            key: t.key,
            value: t.value,
            effect: eksTaintEffect(t.effect),
          })),
          launchTemplate: { id: lt.id, version: lt.latestVersion.apply((v) => String(v)) },
        },
        {
          parent: this,
          ignoreChanges: ["scalingConfig.desiredSize"],
          dependsOn: [...attachments, ...reservations],
        },
      );
      const asgName = nodeGroup.resources.apply((r) => r[0]?.autoscalingGroups?.[0]?.name ?? "");
      if (args.officeHours && spec.offHoursSize !== undefined) {
        this.officeHoursSchedules(
          `${name}-${group}`,
          spec as Required<NodeGroupSpec>,
          args.officeHours,
          asgName,
        );
      }
      return { name: group, eksName, resourceName: `${name}-${group}`, spec, nodeGroup, asgName };
    });

    this.nodeRoleArn = role.arn;
    this.registerOutputs({
      nodeRoleArn: this.nodeRoleArn,
      nodeGroups: this.groups.map((g) => g.nodeGroup.nodeGroupName),
    });
  }

  private capacityReservations(
    name: string,
    spec: NodeGroupSpec,
    zones: string[],
  ): aws.ec2.CapacityReservation[] {
    if (spec.capacityReservationPerZone === undefined) return [];
    return zones.map(
      (zone) =>
        new aws.ec2.CapacityReservation(
          `${name}-reservation-${zone}`,
          {
            availabilityZone: zone,
            instanceType: spec.instanceTypes[0],
            instancePlatform: "Linux/UNIX",
            instanceCount: spec.capacityReservationPerZone!,
            // "open" lets the node group's matching instances consume it without targeting.
            instanceMatchCriteria: "open",
            endDateType: "unlimited",
          },
          { parent: this },
        ),
    );
  }

  private officeHoursSchedules(
    name: string,
    spec: Required<NodeGroupSpec>,
    hours: OfficeHours,
    asgName: pulumi.Output<string>,
  ): void {
    for (const action of officeHoursActions(spec, hours)) {
      new aws.autoscaling.Schedule(
        `${name}-${action.kind}`,
        {
          scheduledActionName: `${name}-${action.kind}`,
          autoscalingGroupName: asgName,
          recurrence: action.recurrence,
          timeZone: hours.timezone,
          minSize: action.minSize,
          maxSize: action.maxSize,
          desiredCapacity: action.desiredCapacity,
        },
        { parent: this },
      );
    }
  }
}
