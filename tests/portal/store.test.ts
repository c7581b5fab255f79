import { expect } from "chai";
import Database from "better-sqlite3";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { JobStore } from "../../portal/store";

describe("portal: the job store (statuses, queue counts, plan statuses, lock records)", () => {
  const spec = (id: string, requestedBy = "alice") => ({
    id,
    environment: "alpha",
    kind: "update" as const,
    requestedBy,
    previewJobId: null,
  });

  it("a job moves queued → waiting ⇄ running → finished; only queued and waiting count as pending", () => {
    const store = new JobStore(":memory:");
    store.create(spec("a"));
    store.create(spec("b"));
    store.create(spec("c", "bob"));
    expect([store.pendingCount(), store.pendingCount("alice")]).to.deep.equal([3, 2]);
    store.started("a", "waiting", "cli@host (pid 7) since t");
    expect(store.get("a")).to.include({
      status: "waiting",
      waitingFor: "cli@host (pid 7) since t",
    });
    expect(store.pendingCount("alice")).to.equal(2);
    const startedAt = store.get("a")!.startedAt;
    store.started("a", "running");
    expect(store.get("a")).to.include({ status: "running", waitingFor: null, startedAt });
    expect(store.pendingCount("alice")).to.equal(1);
    expect(store.withStatus("running", "waiting").map((j) => j.id)).to.deep.equal(["a"]);
    store.finished("a", "succeeded", {});
    store.started("a", "running");
    expect(store.get("a")!.status, "a finished job stays finished").to.equal("succeeded");
    store.started("b", "waiting", "x");
    store.requeue("b");
    expect(store.get("b")).to.include({ status: "queued", startedAt: null, waitingFor: null });
    store.close();
  });

  it("a succeeded preview's plan is saved, claimed once, and then no longer claimable", () => {
    const store = new JobStore(":memory:");
    store.create({ ...spec("p"), kind: "preview" });
    store.started("p");
    store.finished("p", "succeeded", {});
    expect(store.get("p")!.planStatus).to.equal("saved");
    expect(store.claimPreview("p", "u1")).to.equal(true);
    expect(store.claimPreview("p", "u2")).to.equal(false);
    expect(store.get("p")).to.include({ planStatus: "applied", appliedBy: "u1" });
    store.create({ ...spec("q"), kind: "preview" });
    store.finished("q", "succeeded", {});
    expect(store.setPlanStatus("q", "expired")).to.equal(true);
    expect(store.claimPreview("q", "u3"), "an expired plan cannot be applied").to.equal(false);
    store.close();
  });

  it("the locks recorded for a job are kept per job", () => {
    const store = new JobStore(":memory:");
    const lock = { file: "x.json", pid: 9, hostname: "h", username: "u", timestamp: "t" };
    store.recordLock("a", lock);
    store.recordLock("a", lock);
    expect(store.locksOf("a")).to.deep.equal([lock]);
    expect(store.locksOf("b")).to.deep.equal([]);
    store.close();
  });

  it("a database from before plan statuses opens with its previews saved or applied", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-store-"));
    const file = path.join(dir, "portal.db");
    try {
      const old = new Database(file);
      old.exec(`CREATE TABLE jobs (
        id TEXT PRIMARY KEY, environment TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
        requested_by TEXT NOT NULL, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,
        preview_job_id TEXT, change_summary TEXT, violations TEXT NOT NULL DEFAULT '[]',
        approved_by TEXT, approved_at TEXT, applied_by TEXT, error TEXT)`);
      const insert = old.prepare(
        `INSERT INTO jobs (id, environment, kind, status, requested_by, created_at, applied_by)
         VALUES (?, 'alpha', ?, ?, 'alice', '2026-11-30T00:00:00Z', ?)`,
      );
      insert.run("open", "preview", "succeeded", null);
      insert.run("used", "preview", "succeeded", "u");
      insert.run("bad", "preview", "failed", null);
      insert.run("u", "update", "succeeded", null);
      old.close();
      const store = new JobStore(file);
      expect(["open", "used", "bad", "u"].map((id) => store.get(id)!.planStatus)).to.deep.equal([
        "saved",
        "applied",
        null,
        null,
      ]);
      store.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
