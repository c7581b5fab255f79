import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/lib/program";

const CONFIG = path.join(PROJECT_ROOT, ".dependency-cruiser.cjs");
const DEPCRUISE = path.join(PROJECT_ROOT, "node_modules", ".bin", "depcruise");

/** Runs the project's dependency rules over `dir`; returns the exit code and the report. */
function cruise(dir: string): { status: number | null; report: string } {
  const r = spawnSync(DEPCRUISE, ["--config", CONFIG, "--output-type", "err", "."], {
    cwd: dir,
    encoding: "utf8",
  });
  return { status: r.status, report: r.stdout + r.stderr };
}

// `npm test` runs the rules over the project itself (scripts/test.sh); this proves they bite.
describe("dependency rules (npm run deps)", function () {
  this.timeout(120_000);

  it("refuse an upward import, a cycle between component folders, and a tool importing tests", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-deps-"));
    try {
      const files: Record<string, string> = {
        "tsconfig.json": JSON.stringify({ compilerOptions: { module: "commonjs" } }),
        "stacks/errors.ts": "export class ConfigError extends Error {}\n",
        "components/alpha/a.ts":
          'import { ConfigError } from "../../stacks/errors";\nimport { b } from "../beta/b";\nexport const a = () => b + String(ConfigError);\n',
        "components/beta/b.ts":
          'import { helper } from "../alpha/helper";\nexport const b = helper;\n',
        "components/alpha/helper.ts": 'export const helper = "h";\n',
        "model/m.ts": 'import { a } from "../components/alpha/a";\nexport const m = a;\n',
        "tests/helpers.ts": "export const box = 1;\n",
        "scripts/bench/b.ts": 'import { box } from "../../tests/helpers";\nexport const n = box;\n',
      };
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      }
      const { status, report } = cruise(dir);
      expect(status, report).to.not.equal(0);
      expect(report).to.match(
        /components-below-stacks: components\/alpha\/a\.ts → stacks\/errors\.ts/,
      );
      expect(report).to.match(/model-is-the-bottom: model\/m\.ts → components\/alpha\/a\.ts/);
      expect(report).to.match(/scripts-not-from-tests: scripts\/bench\/b\.ts → tests\/helpers\.ts/);
      expect(report).to.match(/component-folders-acyclic: components\/(alpha|beta)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
