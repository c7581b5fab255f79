import { expect } from "chai";
import * as os from "os";
import * as path from "path";
import { editedConfig } from "../../scripts/lib/program";
import { targetKindOf } from "../../stacks/kinds";
import { awsEnvironments, loadEnvironment } from "../../stacks/load";
import { kubeconfigFor } from "../helpers/kubeconfig";
import { one, ofType, run, runFailing } from "../helpers/program";

/** The per-run secret the tests set in plain text, handed over as the engine hands a decrypted one. */
const secretKeys = ["sandbox:queuePassword"];

/** The sandbox stack file with its kubeconfig at `file`, and the per-run queue password set. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parsed stack settings, edited as editedConfig hands them
function sandboxConfig(file: string, edit: (s: Record<string, any>) => void = () => undefined) {
  return {
    ...editedConfig("sandbox", (s) => {
      s.sandbox.kubeconfig = file;
      edit(s);
    }),
    "sandbox:queuePassword": "test-only-password",
  };
}

/** The sandbox target kind (`platform:sandbox`) under mocks: what it registers before any cluster. */
describe("the sandbox environment (program under mocks)", () => {
  const loopback = kubeconfigFor("https://127.0.0.1:6443");

  it("its data selects the sandbox kind, which builds no AWS; it is not among the AWS environments", () => {
    expect(targetKindOf(loadEnvironment("sandbox")).name).to.equal("sandbox");
    expect(targetKindOf(loadEnvironment("sandbox")).aws).to.equal(false);
    expect(awsEnvironments()).to.not.include("sandbox");
  });

  it("registers no AWS, random or Helm resources, and sends every Kubernetes object through one provider on the kubeconfig", async () => {
    const r = await run({ stack: "sandbox", config: sandboxConfig(loopback), secretKeys });
    expect(
      r.resources.filter((x) => /^(aws|random):|^pulumi:providers:(aws|random)$/.test(x.type)),
    ).to.deep.equal([]);
    expect(r.resources.filter((x) => x.type.startsWith("kubernetes:helm.sh/"))).to.deep.equal([]);
    const provider = one(r, "pulumi:providers:kubernetes");
    expect(provider.inputs.kubeconfig).to.equal(loopback);
    expect(provider.inputs.renderYamlToDirectory).to.equal(undefined);
    const providerRef = (x: { provider?: string }) =>
      x.provider?.split("::").slice(0, 4).join("::");
    const objects = r.resources.filter((x) => x.custom && x.type.startsWith("kubernetes:"));
    expect(objects.length).to.be.greaterThan(20);
    for (const o of objects) expect(providerRef(o), `${o.type} ${o.name}`).to.equal(provider.urn);
    expect(ofType(r, "kubernetes:keda.sh/v1alpha1:ScaledObject")).to.have.length(1);
  });

  it("refuses a kubeconfig whose API server is not on loopback, naming the key", async () => {
    const failure = await runFailing({
      stack: "sandbox",
      secretKeys,
      config: sandboxConfig(kubeconfigFor("https://eks.example.com:443")),
    });
    expect(failure.message).to.include("platform:sandbox.kubeconfig");
    expect(failure.message).to.include("not on loopback");
    expect(failure.registered.filter((x) => x.type.startsWith("kubernetes:"))).to.deep.equal([]);
  });

  it("refuses a kubeconfig that does not exist, saying how to start a proving ground", async () => {
    const failure = await runFailing({
      stack: "sandbox",
      secretKeys,
      config: sandboxConfig(path.join(os.tmpdir(), "no-such-proving-ground", "admin.kubeconfig")),
    });
    expect(failure.message).to.include("platform:sandbox.kubeconfig");
    expect(failure.message).to.include("npm run proving-ground -- up --env sandbox");
  });

  it("refuses platform:render and platform:sandbox together, naming both", async () => {
    const local = loadEnvironment("local");
    const failure = await runFailing({
      stack: "sandbox",
      secretKeys,
      config: sandboxConfig(loopback, (s) => (s.render = { ...local.render })),
    });
    expect(failure.message).to.include("platform:sandbox");
    expect(failure.message).to.include("platform:render");
  });

  it("needs the run's RabbitMQ password as a secret, naming the key and the command", async () => {
    const config = sandboxConfig(loopback);
    delete (config as Record<string, string>)["sandbox:queuePassword"];
    const failure = await runFailing({ stack: "sandbox", config, secretKeys });
    expect(failure.message).to.include("sandbox:queuePassword: is not set");
    expect(failure.message).to.include("pulumi config set --secret sandbox:queuePassword");
  });
});
