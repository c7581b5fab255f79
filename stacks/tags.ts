import type { Environment } from "./schema";

/**
 * Tags every taggable AWS resource carries (through the provider's default tags, and explicitly
 * on instances and volumes that an Auto Scaling group launches, which default tags do not reach).
 */
export function environmentTags(env: Pick<Environment, "name" | "tags">): Record<string, string> {
  return {
    ...env.tags.extra,
    Environment: env.name,
    Owner: env.tags.owner,
    CostCentre: env.tags.costCentre,
    Project: "platform",
    ManagedBy: "pulumi",
  };
}

/**
 * CodeBuild project of the environment's in-VPC deploy runners; the deploy workflow's job for the
 * environment runs on `codebuild-<this>-${{ github.run_id }}-${{ github.run_attempt }}`.
 */
export function deployRunnerProjectName(env: Pick<Environment, "name">): string {
  return `platform-deploy-${env.name}`;
}

/** The EKS cluster name of an environment; fixed up front because subnet tags refer to it. */
export function clusterNameOf(env: Pick<Environment, "name">): string {
  return `platform-${env.name}`;
}
