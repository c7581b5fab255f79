import { expect } from "chai";
import type { ProgramRun, RegisteredResource } from "../../scripts/lib/program";
import { runStack, ofType, one, SHIPPED, waitsFor } from "../helpers/program";

/** Whether `resource` is created after `dependency`, through any chain of dependencies and parents. */
function after(
  r: ProgramRun,
  resource: RegisteredResource,
  dependency: RegisteredResource,
): boolean {
  const seen = new Set<string>();
  const queue = [resource.urn];
  while (queue.length > 0) {
    const urn = queue.shift()!;
    if (urn === dependency.urn) return true;
    if (seen.has(urn)) continue;
    seen.add(urn);
    const x = r.resources.find((y) => y.urn === urn);
    if (x) queue.push(...x.dependencies, ...(x.parent ? [x.parent] : []));
  }
  return false;
}

describe("PgBouncer client TLS, as the program builds it", () => {
  for (const env of [...SHIPPED, "local"]) {
    describe(env, () => {
      it("refuses plaintext clients: client_tls_sslmode = require with the mounted cert-manager certificate", async () => {
        const r = await runStack(env);
        const config = one(r, "kubernetes:core/v1:Secret", "pgbouncer-config");
        const ini: string = config.inputs.stringData["pgbouncer.ini"];
        expect(ini).to.match(/^client_tls_sslmode = require$/m);
        expect(ini).to.match(/^client_tls_cert_file = \/etc\/pgbouncer\/tls\/tls\.crt$/m);
        expect(ini).to.match(/^client_tls_key_file = \/etc\/pgbouncer\/tls\/tls\.key$/m);
        expect(config.inputs.stringData["exporter-dsn"]).to.match(/\?sslmode=require$/);

        const pod = one(r, "kubernetes:apps/v1:Deployment", "pgbouncer-deployment").inputs.spec
          .template.spec;
        const tls = pod.volumes.find((v: { name: string }) => v.name === "tls");
        expect(tls.secret).to.deep.include({ secretName: "pgbouncer-tls", defaultMode: 0o440 });
        const mounts = pod.containers.find(
          (c: { name: string }) => c.name === "pgbouncer",
        ).volumeMounts;
        expect(mounts).to.deep.include({
          name: "tls",
          mountPath: "/etc/pgbouncer/tls",
          readOnly: true,
        });
      });

      it("has its certificate issued in the data namespace by a CA of its own, before the pods start", async () => {
        const r = await runStack(env);
        const certs = ofType(r, "kubernetes:cert-manager.io/v1:Certificate");
        const serving = certs.find((c) => c.inputs.metadata.name === "pgbouncer-tls")!;
        expect(serving.inputs.spec.issuerRef.name).to.equal("pgbouncer-ca");
        expect(serving.inputs.spec.dnsNames).to.include("pgbouncer-writer.data.svc.cluster.local");
        const issuers = ofType(r, "kubernetes:cert-manager.io/v1:Issuer").map(
          (i) => i.inputs.metadata.name,
        );
        expect(issuers).to.have.members(["pgbouncer-selfsigned", "pgbouncer-ca"]);
        const deployment = one(r, "kubernetes:apps/v1:Deployment", "pgbouncer-deployment");
        expect(waitsFor(r, deployment, serving)).to.equal(true);
      });
    });
  }

  for (const env of SHIPPED)
    it(`${env}: the Certificates wait for cert-manager (its CRDs and webhook)`, async () => {
      const r = await runStack(env);
      const certManager = one(r, "kubernetes-cert-manager:index:CertManager");
      for (const c of ofType(r, "kubernetes:cert-manager.io/v1:Issuer"))
        expect(after(r, c, certManager), c.name).to.equal(true);
    });
});
