import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, IncomingMessage, Server } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { queueSetupScript } from "../../components/queue";

interface Seen {
  method: string;
  url: string;
  auth: string;
  body: unknown;
}

/**
 * The queue setup Job's script run by sh and curl against a loopback stand-in of the RabbitMQ
 * management API (no RabbitMQ server is available here): what it sends is what the API receives.
 */
describe("the queue setup script against a loopback management API", function () {
  this.timeout(30000);
  let server: Server;
  let url = "";
  let dir = "";
  const seen: Seen[] = [];
  let status = 201;

  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        seen.push({
          method: req.method ?? "",
          url: req.url ?? "",
          auth: req.headers.authorization ?? "",
          body: body ? JSON.parse(body) : undefined,
        });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(tmpdir(), "queue-setup-"));
  });

  after(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (queues: string[]) => {
    const file = path.join(dir, "declare.sh");
    writeFileSync(file, queueSetupScript(queues, "quorum"));
    return promisify(execFile)("sh", [file], {
      env: {
        PATH: process.env.PATH,
        MANAGEMENT_URL: url,
        AMQP_USER: "platform",
        AMQP_PASSWORD: "s3cret:pw",
      },
    });
  };

  it("PUTs each queue as a durable quorum queue on the default vhost with the broker credentials", async () => {
    seen.length = 0;
    await run(["agent-tasks", "agent-results"]);
    expect(seen.map((s) => `${s.method} ${s.url}`)).to.deep.equal([
      "PUT /api/queues/%2F/agent-tasks",
      "PUT /api/queues/%2F/agent-results",
    ]);
    for (const s of seen) {
      expect(s.auth).to.equal(`Basic ${Buffer.from("platform:s3cret:pw").toString("base64")}`);
      expect(s.body).to.deep.equal({
        durable: true,
        auto_delete: false,
        arguments: { "x-queue-type": "quorum" },
      });
    }
  });

  it("fails the Job when the broker refuses a declaration (e.g. a queue of another type exists)", async () => {
    status = 400;
    try {
      let failed = false;
      await run(["agent-tasks"]).catch(() => (failed = true));
      expect(failed).to.equal(true);
    } finally {
      status = 201;
    }
  });
});
