import { expect } from "chai";
import { loadEnvironment } from "../../stacks/load";
import { ofType, one, runStack } from "../helpers/program";

describe("TLS", () => {
  it("dev issues self-signed certificates through a ClusterIssuer and needs no AWS role", async () => {
    const r = await runStack("dev");
    const issuer = one(r, "kubernetes:cert-manager.io/v1:ClusterIssuer");
    expect(issuer.inputs.spec).to.deep.equal({ selfSigned: {} });
    expect(ofType(r, "aws:iam/role:Role").filter((x) => x.name.startsWith("tls-"))).to.have.length(
      0,
    );
  });

  it("prod issues ACME certificates with Route 53 DNS-01, limited to its hosted zone through IRSA", async () => {
    const r = await runStack("prod");
    const issuer = one(r, "kubernetes:cert-manager.io/v1:ClusterIssuer");
    const solver = issuer.inputs.spec.acme.solvers[0];
    expect(solver.dns01.route53).to.deep.equal({
      region: "us-east-1",
      hostedZoneID: "Z0000000000EXAMPLE",
    });
    expect(solver.selector.dnsZones).to.deep.equal(["example.com"]);
    const policy = JSON.parse(
      ofType(r, "aws:iam/rolePolicy:RolePolicy").find((p) => p.inputs.role === "tls-dns01-irsa-id")!
        .inputs.policy,
    );
    const records = policy.Statement.find((s: { Sid: string }) => s.Sid === "Records");
    expect(records.Resource).to.equal("arn:aws:route53:::hostedzone/Z0000000000EXAMPLE");
  });

  it("installs cert-manager with its CRDs at the pinned chart version", async () => {
    const cm = one(await runStack("prod"), "kubernetes-cert-manager:index:CertManager");
    expect(cm.inputs.installCRDs).to.equal(true);
    expect(cm.inputs.helmOptions.version).to.equal(
      loadEnvironment("prod").charts.certManager.version,
    );
    expect(cm.inputs.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).to.match(
      /tls-dns01-irsa$/,
    );
  });
});
