/**
 * What an environment needs besides its stack file, checked against the one list of environments
 * (`listEnvironments`: the `Pulumi.<env>.yaml` files present). Every problem names the file to
 * change and what to add, so a new environment fails here rather than leaving CI, the policy
 * preview or the deploy silently without it.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { environmentKinds } from "../../stacks/load";

/** The command the pull-request workflow derives its environment matrix from. */
export const ENVIRONMENTS_COMMAND = "npm run --silent environments -- --aws --json";

type Step = { uses?: string; run?: string; with?: Record<string, string> };
type Job = {
  steps?: Step[];
  outputs?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> & { include?: Record<string, string>[] } };
};
type Workflow = { jobs: Record<string, Job> };

function readWorkflow(root: string, file: string): Workflow {
  return YAML.parse(fs.readFileSync(path.join(root, ".github", "workflows", file), "utf8"));
}

/** Environments a job's `pulumi/actions` steps run on: literal stack names or its matrix. */
function stacksOf(job: Job): string[] {
  const matrix = job.strategy?.matrix ?? {};
  const fromMatrix = [
    ...(Array.isArray(matrix.environment) ? (matrix.environment as string[]) : []),
    ...(matrix.include ?? []).map((i) => i.environment).filter((e) => e !== undefined),
  ];
  return (job.steps ?? [])
    .filter((s) => s.uses?.startsWith("pulumi/actions@"))
    .flatMap((s) => {
      const name = (s.with?.["stack-name"] ?? "").split("/").at(-1) ?? "";
      return name === "${{ matrix.environment }}" ? fromMatrix : [name];
    });
}

/**
 * Everything that is missing for the project's environments, one sentence each; empty when every
 * AWS environment has its policy configuration and its deploy job, and the pull-request workflow
 * previews the list the stack files give. Render-only environments need neither.
 * @param root the project folder.
 */
export function environmentWiring(root: string): string[] {
  const problems: string[] = [];
  const aws = environmentKinds(root)
    .filter((e) => e.aws)
    .map((e) => e.name);

  for (const env of aws) {
    const config = path.join("policy", "config", `${env}.json`);
    if (!fs.existsSync(path.join(root, config)))
      problems.push(
        `${config} is missing: the policy pack's settings for ${env} (copy policy/config/dev.json or prod.json and adjust the bounds)`,
      );
  }

  const pr = readWorkflow(root, "pull-request.yml");
  const derived = `\${{ fromJSON(needs.test.outputs.environments) }}`;
  for (const job of ["preview", "plan-diff"]) {
    const matrix = pr.jobs[job]?.strategy?.matrix?.environment;
    if (matrix !== derived)
      problems.push(
        `.github/workflows/pull-request.yml: jobs.${job}.strategy.matrix.environment must be ${derived}, the list the stack files give`,
      );
  }
  const test = pr.jobs.test;
  const computes = (test?.steps ?? []).some((s) => s.run?.includes(ENVIRONMENTS_COMMAND));
  if (!computes || !test?.outputs?.environments)
    problems.push(
      `.github/workflows/pull-request.yml: jobs.test must output \`environments\` from \`${ENVIRONMENTS_COMMAND}\``,
    );

  const deploy = readWorkflow(root, "deploy.yml");
  const deployed = new Set(Object.values(deploy.jobs).flatMap(stacksOf));
  for (const env of aws)
    if (!deployed.has(env))
      problems.push(
        `.github/workflows/deploy.yml does not deploy ${env}: add { environment: ${env}, github-environment: <its GitHub environment> } to jobs.up.strategy.matrix.include`,
      );
  for (const env of deployed)
    if (!aws.includes(env))
      problems.push(
        `.github/workflows/deploy.yml deploys ${env}, which has no AWS stack file (Pulumi.${env}.yaml); remove it`,
      );
  return problems;
}
