import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/lib/program";

const HOOK = path.join(PROJECT_ROOT, "scripts", "setup", "register.cjs");

/** Runs `node -r register.cjs -e <code>` with its transpile cache in `cache`. */
function node(cache: string, code: string) {
  const r = spawnSync(process.execPath, ["-r", HOOK, "-e", code], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, PLATFORM_BUILD_CACHE: cache },
    timeout: 60_000,
  });
  expect(r.status, r.stderr).to.equal(0);
  return r.stdout.trim();
}

const cached = (cache: string) =>
  fs.existsSync(cache)
    ? fs.readdirSync(cache, { recursive: true }).filter((f) => String(f).endsWith(".js"))
    : [];

describe("the TypeScript require hook (scripts/setup/register.cjs)", function () {
  this.timeout(120_000);
  let dir: string;
  let cache: string;
  let source: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "register-"));
    cache = path.join(dir, "cache");
    source = path.join(dir, "answer.ts");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs TypeScript as tsc's CommonJS output would, keeping each file's JavaScript under its content hash", () => {
    fs.writeFileSync(source, "const answer: number = 42;\nexport = { answer };\n");
    const load = `console.log(JSON.stringify(require(${JSON.stringify(source)})))`;
    expect(node(cache, load)).to.equal('{"answer":42}');
    const first = cached(cache);
    expect(first).to.have.length(1);
    // Unchanged source: served from the cache (the cached JavaScript is what runs).
    const file = path.join(cache, String(first[0]));
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("42", "43"));
    expect(node(cache, load)).to.equal('{"answer":43}');
    // An edit is a new key: transpiled again, the old entry left as it was.
    fs.writeFileSync(source, "const answer: number = 44;\nexport = { answer };\n");
    expect(node(cache, load)).to.equal('{"answer":44}');
    expect(cached(cache)).to.have.length(2);
  });

  it("turns import() into require(), so a dynamic import of a .ts file resolves as under tsc", () => {
    fs.writeFileSync(path.join(dir, "lib.ts"), "export const name: string = 'lib';\n");
    fs.writeFileSync(source, "export const load = () => import('./lib');\n");
    const code = `require(${JSON.stringify(source)}).load().then((m) => console.log(m.name))`;
    expect(node(cache, code)).to.equal("lib");
  });

  it("loads the TypeScript compiler only when something uses it, and then the real one", () => {
    const code = [
      "const tsPath = require.resolve('typescript');",
      "const ts = require('typescript');",
      // Before any use the module cache holds the stand-in; the real compiler was not loaded.
      "const deferred = require.cache[tsPath].exports === ts;",
      "const out = ts.transpileModule('let x: number = 1', {}).outputText.trim();",
      "const real = require.cache[tsPath].exports !== ts && require('typescript').version === ts.version;",
      "console.log(JSON.stringify({ deferred, out, real }));",
    ].join("\n");
    expect(JSON.parse(node(cache, code))).to.deep.equal({
      deferred: true,
      out: "var x = 1;",
      real: true,
    });
  });
});
