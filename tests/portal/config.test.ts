import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { authenticate, hashToken, roleFor } from "../../portal/auth";
import { loadPortalConfig } from "../../portal/config";
import { isProtected, requireEnvironment } from "../../portal/environments";
import { FIXTURE_PROJECT, REPO_ROOT } from "./helpers";

describe("portal configuration, tokens and environment names", () => {
  const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), "portal-config-"));

  it("on embedded defaults it creates a passphrase and an admin token, storing only the token's hash", () => {
    const dir = scratch();
    try {
      let generated = "";
      const c = loadPortalConfig({ PORTAL_STATE_DIR: dir }, (f) => (generated = f));
      const token = fs.readFileSync(generated, "utf8").trim();
      expect(c.backendUrl).to.equal(`file://${path.join(dir, "backend")}`);
      expect(c.passphrase).to.equal(fs.readFileSync(path.join(dir, "passphrase"), "utf8").trim());
      expect(c.passphrase).to.have.length.greaterThan(30);
      expect(fs.statSync(path.join(dir, "passphrase")).mode & 0o077).to.equal(0);
      expect(fs.readFileSync(path.join(dir, "tokens.json"), "utf8")).to.not.include(token);
      expect(c.tokens).to.deep.equal([{ name: "admin", role: "admin", sha256: hashToken(token) }]);
      expect(c.projectDir).to.equal(REPO_ROOT);
      // A second start reuses both.
      expect(loadPortalConfig({ PORTAL_STATE_DIR: dir }).passphrase).to.equal(c.passphrase);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a bad setting fails start-up naming it", () => {
    expect(() => loadPortalConfig({ PORTAL_PORT: "http", PORTAL_STATE_DIR: "/tmp/x" })).to.throw(
      /port/,
    );
    expect(() => loadPortalConfig({ PORTAL_TOKENS: "[{" })).to.throw(/PORTAL_TOKENS/);
    expect(() =>
      loadPortalConfig({
        PORTAL_TOKENS: JSON.stringify([{ name: "a", role: "root", sha256: "0".repeat(64) }]),
        PORTAL_STATE_DIR: "/tmp/x",
      }),
    ).to.throw(/tokens\.0\.role/);
    expect(() =>
      loadPortalConfig({
        PORTAL_TOKENS: JSON.stringify([{ name: "a", role: "admin", token: "plain" }]),
        PORTAL_STATE_DIR: "/tmp/x",
      }),
    ).to.throw(/sha256/);
  });

  it("a token authenticates only as exactly itself, over Bearer", () => {
    const entries = [
      { name: "v", role: "viewer" as const, sha256: hashToken("view-token") },
      { name: "a", role: "admin" as const, sha256: hashToken("admin-token") },
    ];
    expect(authenticate("Bearer admin-token", entries)).to.deep.equal({ name: "a", role: "admin" });
    expect(authenticate("Bearer view-token", entries)).to.deep.equal({ name: "v", role: "viewer" });
    for (const bad of [
      undefined,
      "",
      "Bearer ",
      "bearer admin-token",
      "Bearer admin-token ",
      "Basic admin-token",
      "Bearer admin-tokeN",
    ]) {
      expect(authenticate(bad, entries), String(bad)).to.equal(undefined);
    }
  });

  it("changes to a protected environment need admin; previews need deployer", () => {
    expect(roleFor("read", true)).to.equal("viewer");
    expect(roleFor("preview", true)).to.equal("deployer");
    expect(roleFor("change", false)).to.equal("deployer");
    expect(roleFor("change", true)).to.equal("admin");
  });

  it("prod is protected by its own data (platform:cluster.deletionProtection), dev is not", () => {
    const keys = ["platform:cluster.deletionProtection"];
    expect(isProtected(REPO_ROOT, "prod", [], keys)).to.equal(true);
    expect(isProtected(REPO_ROOT, "dev", [], keys)).to.equal(false);
    expect(isProtected(REPO_ROOT, "dev", ["dev"], keys)).to.equal(true);
    expect(isProtected(FIXTURE_PROJECT, "vault", [], ["fixture:protected"])).to.equal(true);
    expect(isProtected(FIXTURE_PROJECT, "alpha", [], ["fixture:protected"])).to.equal(false);
  });

  it("environment names are checked before they reach a path: separators and dots are refused", () => {
    for (const bad of [
      "..",
      "../prod",
      "a/b",
      "a\\b",
      "prod.yaml",
      "",
      "Prod",
      "-x",
      "x".repeat(64),
    ]) {
      expect(() => requireEnvironment(REPO_ROOT, bad), bad).to.throw(/invalid/);
    }
    expect(() => requireEnvironment(REPO_ROOT, "nosuch")).to.throw(/unknown environment "nosuch"/);
    expect(requireEnvironment(REPO_ROOT, "prod")).to.equal("prod");
  });
});
