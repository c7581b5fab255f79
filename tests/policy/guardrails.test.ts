import { expect } from "chai";
import type { ProgramRun } from "../../scripts/lib/program";
import { editedConfig } from "../../scripts/lib/program";
import { run, runStack } from "../helpers/program";
import { expectViolation, Inputs, of, verdicts, withEdited } from "./helpers";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const named = (name: string) => (r: { inputs: Inputs }) => r.inputs.metadata?.name === name;

/** Edits the registered Deployment (or other Kubernetes object) whose metadata.name is `name`. */
function editK8s(
  r: ProgramRun,
  type: string,
  name: string,
  edit: (inputs: Inputs) => void,
): ProgramRun {
  const target = r.resources.find((x) => x.type === type && named(name)(x));
  expect(target, `${type} ${name}`).to.not.equal(undefined);
  return withEdited(r, type, edit, target!.name);
}

/**
 * Guardrails the components hard-code (encryption, IMDSv2, private databases, secret references,
 * zone spread, PDB sizes, planner-checked capacity): no configuration can break them, so each
 * failing case edits one input of the real prod registration and shows the pack catches it.
 */
describe("policy pack: guardrails on the real prod registrations", function () {
  this.timeout(120_000);
  let prod: ProgramRun;
  before(async () => {
    prod = await runStack("prod");
  });

  it("hpa-fits-node-capacity: an HPA maximum the app node groups cannot hold fails", async () => {
    const r = withEdited(
      prod,
      "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
      (i) => (i.spec.maxReplicas = 2000),
    );
    expectViolation(
      await verdicts(r),
      "hpa-fits-node-capacity",
      /workloads on application nodes need [\d.]+ vCPU .* but the application node groups offer 108 vCPU .* at maxSize \(90 % allocatable\)/,
    );
  });

  it("pdb-allows-disruption: a PDB with maxUnavailable 0 blocks drains", async () => {
    const r = withEdited(prod, "kubernetes:policy/v1:PodDisruptionBudget", (i) => {
      delete i.spec.minAvailable;
      i.spec.maxUnavailable = 0;
    });
    expectViolation(
      await verdicts(r),
      "pdb-allows-disruption",
      /allows 0 voluntary disruption\(s\) of .* at its minimum of \d+ replica\(s\); drains would block/,
    );
  });

  it("zone-spread: a multi-replica service without a zone spread constraint fails", async () => {
    const r = editK8s(
      prod,
      DEPLOYMENT,
      "agent-api",
      (i) => delete i.spec.template.spec.topologySpreadConstraints,
    );
    expectViolation(
      await verdicts(r),
      "zone-spread",
      /agent-api: runs at least 7 replicas but has no topologySpreadConstraint on topology\.kubernetes\.io\/zone/,
    );
  });

  it("encryption-at-rest: unencrypted database storage fails", async () => {
    const r = withEdited(
      prod,
      "aws:rds/instance:Instance",
      (i) => (i.storageEncrypted = false),
      "postgres-primary",
    );
    expectViolation(
      await verdicts(r),
      "encryption-at-rest",
      /Instance postgres-primary: storageEncrypted is not true/,
    );
  });

  it("encryption-at-rest: an unencrypted node root volume fails", async () => {
    const r = withEdited(
      prod,
      "aws:ec2/launchTemplate:LaunchTemplate",
      (i) => (i.blockDeviceMappings[0].ebs.encrypted = "false"),
    );
    expectViolation(
      await verdicts(r),
      "encryption-at-rest",
      /blockDeviceMappings\[0\] \(\/dev\/xvda\) is not encrypted/,
    );
  });

  it("no-public-database: a publicly accessible database fails", async () => {
    const r = withEdited(
      prod,
      "aws:rds/instance:Instance",
      (i) => (i.publiclyAccessible = true),
      "postgres-primary",
    );
    expectViolation(
      await verdicts(r),
      "no-public-database",
      /postgres-primary: publiclyAccessible is true/,
    );
  });

  it("imdsv2-required: a launch template that allows IMDSv1 fails", async () => {
    const r = withEdited(
      prod,
      "aws:ec2/launchTemplate:LaunchTemplate",
      (i) => (i.metadataOptions.httpTokens = "optional"),
    );
    expectViolation(
      await verdicts(r),
      "imdsv2-required",
      /metadataOptions\.httpTokens is "optional", not "required" \(IMDSv2\)/,
    );
  });

  it("no-plaintext-k8s-secrets: a DSN with its password inline in a Deployment fails", async () => {
    const r = editK8s(prod, DEPLOYMENT, "agent-api", (i) =>
      (i.spec.template.spec.containers[0].env ??= []).push({
        name: "DATABASE_URL",
        value: "postgres://app:hunter2@db.internal:5432/app",
      }),
    );
    expectViolation(
      await verdicts(r),
      "no-plaintext-k8s-secrets",
      /env DATABASE_URL holds a URL with a password in plain text; use valueFrom\.secretKeyRef/,
    );
  });

  it("no-plaintext-k8s-secrets: the real Deployments take their credentials from Secrets", async () => {
    expect(of(await verdicts(prod), "no-plaintext-k8s-secrets")).to.deep.equal([]);
    const envs = prod.resources
      .filter((x) => x.type === DEPLOYMENT)
      .flatMap((d) =>
        d.inputs.spec.template.spec.containers.flatMap((c: { env?: unknown[] }) => c.env ?? []),
      );
    expect(
      envs.some(
        (e: { valueFrom?: { secretKeyRef?: unknown } }) => e.valueFrom?.secretKeyRef !== undefined,
      ),
      "some env comes from a Secret",
    ).to.equal(true);
  });

  it("budget-covers-baseline: a stack without an AWS Budget fails", async () => {
    const r = structuredClone(prod);
    r.resources = r.resources.filter((x) => x.type !== "aws:budgets/budget:Budget");
    expectViolation(await verdicts(r), "budget-covers-baseline", /the stack has no AWS Budget/);
  });

  it("mq-deployment-mode: in dev, where only single brokers are allowed, a cluster is reported as advisory", async () => {
    const r = await run({
      stack: "dev",
      config: editedConfig("dev", (s) => (s.queue.deploymentMode = "CLUSTER_MULTI_AZ")),
    });
    const v = expectViolation(
      await verdicts(r),
      "mq-deployment-mode",
      /deploymentMode CLUSTER_MULTI_AZ is not allowed here; allowed: SINGLE_INSTANCE/,
    );
    expect(v.enforcement).to.equal("advisory");
  });
});
