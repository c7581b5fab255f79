import { expect } from "chai";
import { pgbouncerCertificates } from "../../../components/database/pgbouncer";

const c = pgbouncerCertificates({
  name: "pgbouncer",
  namespace: "data",
  services: ["pgbouncer-writer", "pgbouncer-reader"],
});

describe("PgBouncer's certificate (cert-manager, issued in the cluster)", () => {
  it("chains a self-signed issuer, the pooler's own CA and a CA issuer in the data namespace", () => {
    expect(c.selfSignedIssuer.spec).to.deep.equal({ selfSigned: {} });
    expect(c.ca.spec).to.deep.include({ isCA: true, secretName: "pgbouncer-ca" });
    expect(c.ca.spec.issuerRef.name).to.equal(c.selfSignedIssuer.metadata.name);
    expect(c.caIssuer.spec).to.deep.equal({ ca: { secretName: "pgbouncer-ca" } });
    expect(c.serving.spec.issuerRef).to.deep.equal({
      name: "pgbouncer-ca",
      kind: "Issuer",
      group: "cert-manager.io",
    });
    for (const o of [c.selfSignedIssuer, c.ca, c.caIssuer, c.serving])
      expect(o.metadata.namespace).to.equal("data");
  });

  it("names every way a pod may address the writer and reader Services, for server auth only", () => {
    expect(c.serving.spec.dnsNames).to.include.members([
      "pgbouncer-writer",
      "pgbouncer-writer.data.svc",
      "pgbouncer-writer.data.svc.cluster.local",
      "pgbouncer-reader.data.svc.cluster.local",
    ]);
    expect(c.serving.spec.usages).to.include("server auth").and.not.include("client auth");
    expect(c.serving.spec.secretName).to.equal("pgbouncer-tls");
    expect(c.serving.metadata.annotations?.["pulumi.com/waitFor"]).to.equal("condition=Ready");
  });

  it("does not wait for issuance where no cert-manager runs (the wait would never end)", () => {
    const none = pgbouncerCertificates({
      name: "pgbouncer",
      namespace: "data",
      services: ["pgbouncer-writer"],
      awaitIssued: false,
    });
    expect(none.serving.metadata.annotations?.["pulumi.com/waitFor"]).to.equal(undefined);
  });
});
