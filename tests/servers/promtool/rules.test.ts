// The generated alert rules, checked and unit-tested by the real Prometheus rule engine (promtool).
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AlertRulesInput,
  buildAlertRules,
  renderRulesFile,
} from "../../../components/monitoring/rules";
import { devInput, prodInput } from "../../components/monitoring/inputs";
import { findPromtool, promtoolVersion, runPromtool } from "./promtool";
import { levelsFor, promtoolTestFile } from "./unit-tests";

describe("alert rules under promtool", function () {
  let bin = "";
  let dir = "";
  const timings: { what: string; ms: number }[] = [];

  before(function () {
    bin = findPromtool();
    dir = mkdtempSync(join(tmpdir(), "promtool-rules-"));
    console.log(`      using ${promtoolVersion(bin)} in ${dir}`);
  });

  after(function () {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (timings.length > 0) {
      const total = timings.reduce((s, t) => s + t.ms, 0);
      const slowest = timings.reduce((a, b) => (b.ms > a.ms ? b : a));
      console.log(
        `      promtool: ${timings.length} runs, ${total.toFixed(0)} ms in total, slowest ${slowest.ms.toFixed(0)} ms (${slowest.what})`,
      );
    }
  });

  for (const input of [devInput, prodInput] as AlertRulesInput[]) {
    describe(`${input.environment}-like environment`, function () {
      const rules = buildAlertRules(input);
      const rulesFile = `${input.environment}.rules.yaml`;
      const ruleCount = rules.spec.groups.reduce((n, g) => n + g.rules.length, 0);

      before(function () {
        writeFileSync(join(dir, rulesFile), renderRulesFile(rules.spec));
      });

      it(`promtool check rules accepts the generated rule file (${ruleCount} rules)`, function () {
        const run = runPromtool(bin, ["check", "rules", join(dir, rulesFile)]);
        timings.push({ what: `check ${rulesFile}`, ms: run.ms });
        expect(run.ok, run.output).to.equal(true);
        expect(run.output).to.include(`SUCCESS: ${ruleCount} rules found`);
      });

      rules.planned.forEach((alert, i) => {
        const { above, below } = levelsFor(alert);
        const target = Object.values(alert.targetLabels).join("/");
        const title =
          `${alert.alert} (${alert.severity}${target ? `, ${target}` : ""}) fires at ${+above.toFixed(3)} ${alert.unit} ` +
          `after ${alert.for} but not a step earlier, and stays silent at ${+below.toFixed(3)} ${alert.unit}`;
        it(title, function () {
          const file = join(dir, `${input.environment}-${i}-${alert.alert}.test.yaml`);
          writeFileSync(file, promtoolTestFile(alert, rules.planned, rulesFile, input.environment));
          const run = runPromtool(bin, ["test", "rules", file]);
          timings.push({ what: `test ${input.environment} ${alert.alert}`, ms: run.ms });
          expect(run.ok, `promtool test rules ${file} failed:\n${run.output}`).to.equal(true);
        });
      });
    });
  }
});
