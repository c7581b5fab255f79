import { z } from "zod";
import { contains, parseCidr } from "../../components/network/cidr";
import { cidr } from "./common";

/** CodeBuild compute types a deploy (npm ci, the policy pack, `pulumi up`) runs comfortably on. */
const COMPUTE_TYPES = [
  "BUILD_GENERAL1_MEDIUM",
  "BUILD_GENERAL1_LARGE",
  "BUILD_GENERAL1_XLARGE",
] as const;

/**
 * `platform:deploy`: where `pulumi up` for this environment runs, which decides whether it can
 * reach the cluster's API endpoint (the Kubernetes provider and every Helm release talk to it).
 *
 * - `from: vpc` (the built path): GitHub Actions jobs run on AWS CodeBuild-hosted runners in
 *   this environment's private subnets (`components/deploy`), so a private-only endpoint is
 *   reachable. `.github/workflows/deploy.yml` runs the environment's job on
 *   `codebuild-<project>-…` (tests/scripts/workflows.test.ts checks they agree).
 * - `from: allowListed`: deploys run outside the VPC from fixed egress addresses (self-hosted
 *   runners behind a NAT, GitHub larger runners with static IPs); each must be admitted by
 *   `platform:cluster.publicAccessCidrs`.
 */
export const deploySchema = z
  .discriminatedUnion(
    "from",
    [
      z.strictObject({
        from: z.literal("vpc"),
        /** The repository whose workflows run here, `https://github.com/<owner>/<name>`. Required. */
        repository: z
          .string()
          .regex(
            /^https:\/\/github\.com\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/,
            "must be the repository's URL, https://github.com/<owner>/<name>",
          )
          .describe("GitHub repository whose deploy workflow uses the runners"),
        /** CodeBuild compute type of a runner. Default: BUILD_GENERAL1_MEDIUM (4 GiB, 2 vCPU). */
        computeType: z
          .enum(COMPUTE_TYPES, { error: `must be one of ${COMPUTE_TYPES.join(", ")}` })
          .default("BUILD_GENERAL1_MEDIUM")
          .describe("CodeBuild compute type of a runner"),
      }),
      z.strictObject({
        from: z.literal("allowListed"),
        /** Egress CIDRs of the machines that deploy. Required, at least one. */
        egressCidrs: z
          .array(cidr)
          .min(1, "list the deploy machines' egress addresses")
          .describe("Egress CIDRs of the machines that run deploys"),
      }),
    ],
    {
      error:
        "must say where deploys run: from: vpc (CodeBuild runners in the VPC) or from: allowListed (with egressCidrs)",
    },
  )
  .optional()
  .describe(
    "Where deploys run: from vpc (CodeBuild-hosted GitHub runners in the VPC, built) or allowListed egress CIDRs",
  );

type Deploy = z.output<typeof deploySchema>;

/** A problem with where deploys run, at a config path. */
export interface ReachabilityIssue {
  path: (string | number)[];
  message: string;
}

/**
 * The reachability rule: every environment on AWS says where its deploys run, and that place can
 * reach the API endpoint the cluster settings leave open. The private endpoint is always on, so
 * runners in the VPC always reach it; from outside, each egress range must be inside a
 * `publicAccessCidrs` entry.
 */
export function reachabilityIssues(
  deploy: Deploy,
  publicAccessCidrs: string[],
  buildsAws: boolean,
): ReachabilityIssue[] {
  if (!buildsAws) return [];
  if (deploy === undefined)
    return [
      {
        path: ["deploy"],
        message:
          "is required on AWS: say where `pulumi up` runs (from: vpc with repository, or from: allowListed with egressCidrs) so it can reach the cluster's API endpoint",
      },
    ];
  if (deploy.from === "vpc") return [];
  if (publicAccessCidrs.length === 0)
    return [
      {
        path: ["cluster", "publicAccessCidrs"],
        message: `is [] (private endpoint only), but deploys run outside the VPC (platform:deploy.from: allowListed, egress ${deploy.egressCidrs.join(", ")}): no deploy path can reach the API. Admit the egress ranges here, or deploy from inside the VPC (platform:deploy.from: vpc)`,
      },
    ];
  const admitted = publicAccessCidrs.map(parseCidr);
  return deploy.egressCidrs.flatMap((egress, i) =>
    admitted.some((a) => contains(a, parseCidr(egress)))
      ? []
      : [
          {
            path: ["deploy", "egressCidrs", i],
            message: `${egress} is not inside any of platform:cluster.publicAccessCidrs (${publicAccessCidrs.join(", ")}): deploys from there cannot reach the API. Add it there, or deploy from inside the VPC (platform:deploy.from: vpc)`,
          },
        ],
  );
}
