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

  it("queue caps, plan TTL and two-person approval have defaults and read PORTAL_* variables", () => {
    const dir = scratch();
    try {
      const base = { PORTAL_STATE_DIR: dir };
      const d = loadPortalConfig(base);
      expect([d.maxQueuedPerToken, d.maxQueued, d.planTtlMs]).to.deep.equal([5, 50, 86_400_000]);
      expect(d.twoPersonApproval).to.deep.equal({});
      const c = loadPortalConfig({
        ...base,
        PORTAL_MAX_QUEUED_PER_TOKEN: "2",
        PORTAL_MAX_QUEUED: "9",
        PORTAL_PLAN_TTL_MS: "60000",
        PORTAL_TWO_PERSON_APPROVAL: "staging=true, vault=off",
      });
      expect([c.maxQueuedPerToken, c.maxQueued, c.planTtlMs]).to.deep.equal([2, 9, 60_000]);
      expect(c.twoPersonApproval).to.deep.equal({ staging: true, vault: false });
      expect(() => loadPortalConfig({ ...base, PORTAL_TWO_PERSON_APPROVAL: "staging" })).to.throw(
        /PORTAL_TWO_PERSON_APPROVAL: "staging" is not name=value/,
      );
      expect(() =>
        loadPortalConfig({ ...base, PORTAL_TWO_PERSON_APPROVAL: "staging=maybe" }),
      ).to.throw(/twoPersonApproval\.staging/);
      expect(() => loadPortalConfig({ ...base, PORTAL_TWO_PERSON_APPROVAL: "../x=true" })).to.throw(
        /twoPersonApproval/,
      );
      expect(() => loadPortalConfig({ ...base, PORTAL_MAX_QUEUED: "0" })).to.throw(/maxQueued/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("token names are identities: a name used twice is refused", () => {
    const entry = (sha: string) => ({ name: "alice", role: "admin", sha256: sha.repeat(64) });
    expect(() =>
      loadPortalConfig({
        PORTAL_TOKENS: JSON.stringify([entry("a"), entry("b")]),
        PORTAL_STATE_DIR: "/tmp/x",
      }),
    ).to.throw(/tokens\.1\.name: token name "alice" is used twice/);
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
