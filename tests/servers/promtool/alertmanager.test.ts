// The generated Alertmanager configuration, parsed and routed by the real amtool.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildAlertmanagerConfig,
  inlineWebhookUrls,
  renderAlertmanagerConfig,
} from "../../../components/monitoring/alertmanager";
import { prodAlertmanager } from "../../components/monitoring/alertmanager-inputs";
import { findBinary } from "./promtool";

const AMTOOL_HINT =
  "run `bash scripts/servers/amtool.sh` (builds amtool >= 0.26 from the Go module proxy; Debian's 0.25 lacks url_file) and set AMTOOL to the path it prints";

function amtool(bin: string, args: string[]): { ok: boolean; output: string; stdout: string } {
  const r = spawnSync(bin, args, { encoding: "utf8" });
  return {
    ok: r.status === 0,
    output: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim(),
    stdout: (r.stdout ?? "").trim(),
  };
}

describe("alertmanager configuration under amtool", function () {
  let bin = "";
  let dir = "";
  const config = buildAlertmanagerConfig(prodAlertmanager);
  // Test-only URL standing in for the Secret's value.
  const inline = inlineWebhookUrls(config, {
    "alertmanager-chat-webhook/url": "https://hooks.example.org/services/T000/B000",
  });

  before(function () {
    bin = findBinary("amtool", "AMTOOL", AMTOOL_HINT);
    dir = mkdtempSync(join(tmpdir(), "amtool-"));
    writeFileSync(join(dir, "inline.yaml"), renderAlertmanagerConfig(inline));
    writeFileSync(join(dir, "shipped.yaml"), renderAlertmanagerConfig(config));
  });
  after(function () {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("amtool check-config accepts the configuration (webhook URLs inlined, as a Secret-stored config would have them)", function () {
    const run = amtool(bin, ["check-config", join(dir, "inline.yaml")]);
    expect(run.ok, run.output).to.equal(true);
    expect(run.output).to.include("1 inhibit rules");
  });

  it("amtool check-config accepts the shipped url_file configuration", function () {
    const run = amtool(bin, ["check-config", join(dir, "shipped.yaml")]);
    expect(run.ok, `${run.output}\n(url_file needs amtool >= 0.26: ${AMTOOL_HINT})`).to.equal(true);
  });

  const cases: [string, string[], string][] = [
    [
      "a critical alert reaches both the on-call SNS topic and the chat webhook",
      ["severity=critical", "alertname=NodeCpuHigh"],
      "oncall-sns,chat-webhook",
    ],
    [
      "a warning reaches only the chat webhook",
      ["severity=warning", "alertname=NodeCpuHigh"],
      "chat-webhook",
    ],
    [
      "an info alert reaches only the chat webhook",
      ["severity=info", "alertname=Something"],
      "chat-webhook",
    ],
    ["the always-firing Watchdog reaches nobody", ["severity=none", "alertname=Watchdog"], "null"],
  ];
  for (const [title, labels, expected] of cases) {
    it(`amtool routing: ${title}`, function () {
      const run = amtool(bin, [
        "config",
        "routes",
        "test",
        `--config.file=${join(dir, "inline.yaml")}`,
        ...labels,
      ]);
      expect(run.ok, run.output).to.equal(true);
      expect(run.stdout, run.output).to.equal(expected);
    });
  }
});
