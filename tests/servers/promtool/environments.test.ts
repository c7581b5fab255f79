// Every shipped environment's generated rules and Alertmanager routes, run through the real
// promtool and amtool: the rule file the program puts in its PrometheusRule is checked, and each
// alert is shown to fire just above its threshold after its `for` and to stay silent just below.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildAlertmanagerConfig,
  renderAlertmanagerConfig,
} from "../../../components/monitoring/alertmanager";
import { renderRulesFile } from "../../../components/monitoring/rules";
import { alertmanagerInput, monitoringContent } from "../../../stacks/areas/monitoring";
import { workerMaxReplicas, workloadPlan } from "../../../stacks/areas/workloads";
import { loadEnvironment } from "../../../stacks/load";
import { SHIPPED } from "../../helpers/program";
import { findBinary, findPromtool, runPromtool } from "./promtool";
import { levelsFor, promtoolTestFile } from "./unit-tests";

describe("shipped environments under promtool and amtool", function () {
  let promtool = "";
  let dir = "";
  before(function () {
    promtool = findPromtool();
    dir = mkdtempSync(join(tmpdir(), "promtool-envs-"));
  });
  after(function () {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const stack of SHIPPED) {
    describe(stack, function () {
      const env = loadEnvironment(stack);
      const { rules, targets } = monitoringContent(env, workerMaxReplicas(workloadPlan(env)));
      const rulesFile = `${stack}.rules.yaml`;
      const ruleCount = rules.spec.groups.reduce((n, g) => n + g.rules.length, 0);
      before(function () {
        writeFileSync(join(dir, rulesFile), renderRulesFile(rules.spec));
      });

      it(`plans rules for its ${targets.services.length} service(s) and ${targets.workers.length} worker(s)`, function () {
        const perTarget = rules.planned.filter(
          (a) => a.targetLabels.service || a.targetLabels.worker,
        );
        expect(perTarget).to.have.length(2 * targets.services.length + targets.workers.length);
      });

      it(`promtool check rules accepts the generated rule file (${ruleCount} rules)`, function () {
        const run = runPromtool(promtool, ["check", "rules", join(dir, rulesFile)]);
        expect(run.ok, run.output).to.equal(true);
        expect(run.output).to.include(`SUCCESS: ${ruleCount} rules found`);
      });

      rules.planned.forEach((alert, i) => {
        const { above, below } = levelsFor(alert);
        const target = Object.values(alert.targetLabels).join("/");
        it(`${alert.alert} (${alert.severity}${target ? `, ${target}` : ""}) fires at ${+above.toFixed(3)} ${alert.unit} after ${alert.for}, silent at ${+below.toFixed(3)}`, function () {
          const file = join(dir, `${stack}-${i}-${alert.alert}.test.yaml`);
          writeFileSync(file, promtoolTestFile(alert, rules.planned, rulesFile, stack));
          const run = runPromtool(promtool, ["test", "rules", file]);
          expect(run.ok, `promtool test rules ${file} failed:\n${run.output}`).to.equal(true);
        });
      });

      it("amtool accepts its Alertmanager configuration and routes critical alerts to SNS", function () {
        const amtool = findBinary(
          "amtool",
          "AMTOOL",
          "run `bash scripts/servers/amtool.sh` (builds amtool >= 0.26 from the Go module proxy; Debian's 0.25 lacks url_file) and set AMTOOL to the path it prints",
        );
        const input = alertmanagerInput(
          env,
          `arn:aws:sns:${env.aws.region}:123456789012:platform-${stack}-alerts`,
        );
        // Exactly what ships: webhooks by url_file, so no URL is in the config.
        const file = join(dir, `${stack}-alertmanager.yaml`);
        writeFileSync(file, renderAlertmanagerConfig(buildAlertmanagerConfig(input)));
        const check = spawnSync(amtool, ["check-config", file], { encoding: "utf8" });
        expect(check.status, `${check.stdout}${check.stderr}`).to.equal(0);
        const route = spawnSync(
          amtool,
          [
            "config",
            "routes",
            "test",
            `--config.file=${file}`,
            "severity=critical",
            "alertname=NodeCpuHigh",
          ],
          { encoding: "utf8" },
        );
        expect(route.stdout.trim().split(","), route.stderr).to.include("sns");
      });
    });
  }
});
