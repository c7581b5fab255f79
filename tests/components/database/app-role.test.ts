import { expect } from "chai";
import { appRoleSql, AppRoleArgs, scramSha256Verifier } from "../../../components/database/roles";

const args: AppRoleArgs = {
  role: "app_runtime",
  owner: "platform_admin",
  database: "app",
  schemas: ["public", "audit", "public"],
  verifier: scramSha256Verifier("Secret123", "app_runtime@app"),
};

describe("the application role's SQL", () => {
  it("is one transaction granting rows, not DDL, in each schema once, now and for later tables", () => {
    const sql = appRoleSql(args);
    expect(sql.startsWith("BEGIN;\n")).to.equal(true);
    expect(sql.trimEnd().endsWith("COMMIT;")).to.equal(true);
    for (const schema of ["public", "audit"]) {
      expect(sql.split(`GRANT USAGE ON SCHEMA "${schema}" TO "app_runtime";`)).to.have.length(2);
      expect(sql).to.include(`REVOKE CREATE ON SCHEMA "${schema}" FROM "app_runtime";`);
      expect(sql).to.include(
        `ALTER DEFAULT PRIVILEGES FOR ROLE "platform_admin" IN SCHEMA "${schema}" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "app_runtime";`,
      );
    }
    expect(sql).to.not.match(/GRANT (ALL|CREATE|TRUNCATE)/);
  });

  it("refuses a hostile role name before producing SQL", () => {
    expect(() => appRoleSql({ ...args, role: 'x"; DROP ROLE postgres; --' })).to.throw(
      /appUsername: invalid identifier/,
    );
  });

  it("refuses the master user as the application role", () => {
    expect(() => appRoleSql({ ...args, role: "platform_admin" })).to.throw(
      /appUsername: "platform_admin" is also the master user/,
    );
  });

  it("refuses a plain password where the verifier belongs", () => {
    expect(() => appRoleSql({ ...args, verifier: "Secret123" })).to.throw(
      /expected a SCRAM-SHA-256 verifier, not a password/,
    );
  });

  it("refuses a system schema", () => {
    expect(() => appRoleSql({ ...args, schemas: ["pg_catalog"] })).to.throw(/system schema/);
  });
});

describe("SCRAM-SHA-256 verifiers", () => {
  it("are stable for a password and context, and differ across contexts and passwords", () => {
    const v = scramSha256Verifier("Secret123", "a@app");
    expect(scramSha256Verifier("Secret123", "a@app")).to.equal(v);
    expect(scramSha256Verifier("Secret123", "b@app")).to.not.equal(v);
    expect(scramSha256Verifier("Secret124", "a@app")).to.not.equal(v);
    expect(v).to.match(
      /^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/,
    );
    expect(v).to.not.include("Secret123");
  });

  it("refuse non-ASCII passwords (SASLprep could change them), without echoing them", () => {
    const err = (() => {
      try {
        scramSha256Verifier("pässwörd", "a@app");
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).to.match(/must be non-empty printable ASCII/);
    expect(err?.message).to.not.include("pässwörd");
    expect(() => scramSha256Verifier("", "a@app")).to.throw(/non-empty/);
  });
});
