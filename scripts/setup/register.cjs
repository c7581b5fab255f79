// Require hook for the project's TypeScript: `node -r ./scripts/setup/register.cjs file.ts`, and
// mocha's `require` (.mocharc.json). Each .ts file is transpiled by esbuild (types stripped, no
// type check: `tsc --noEmit` does that in `npm test`) and the JavaScript is kept in .cache/build
// under the SHA-256 of the source, the file's path, the compiler options and the esbuild version,
// so that a run after an edit transpiles only the edited files and an unchanged tree none.
// Replaces ts-node, whose per-file TypeScript compiler (and the source-map-support it installs)
// took more than half of a plan's time. Plain CommonJS: it runs before any TypeScript can.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file loaded before TypeScript */
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
/** Where transpiled files are kept; PLATFORM_BUILD_CACHE overrides (e.g. a CI cache path). */
const cacheDir = process.env.PLATFORM_BUILD_CACHE || path.join(root, ".cache", "build");
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8"));
const esbuildVersion = JSON.parse(
  fs.readFileSync(require.resolve("esbuild/package.json", { paths: [root] }), "utf8"),
).version;
const salt = crypto
  .createHash("sha256")
  .update(JSON.stringify({ compilerOptions, esbuildVersion }))
  .update(fs.readFileSync(__filename))
  .digest("hex");

let esbuild; // loaded on the first cache miss only

/** The CommonJS JavaScript of a TypeScript source, from the cache or transpiled now. */
function transpile(source, filename) {
  const key = crypto
    .createHash("sha256")
    .update(salt)
    .update(filename)
    .update(source)
    .digest("hex");
  const cached = path.join(cacheDir, key.slice(0, 2), `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    // not cached yet
  }
  esbuild ??= require("esbuild");
  const { code } = esbuild.transformSync(source, {
    loader: "ts",
    format: "cjs",
    target: compilerOptions.target.toLowerCase(),
    sourcefile: filename,
    sourcemap: "inline",
    // As tsc emits for "module": "commonjs": import() becomes require(), which resolves .ts files.
    supported: { "dynamic-import": false },
    tsconfigRaw: { compilerOptions },
  });
  // Write then rename: parallel test workers may transpile the same file at once.
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  const tmp = `${cached}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, cached);
  return code;
}

// Stack traces point at the transpiled lines unless PLATFORM_SOURCE_MAPS=1 maps them back to the
// TypeScript: mapping costs about a third of a plan, since the Pulumi SDK takes a stack trace of
// every resource it registers.
if (process.env.PLATFORM_SOURCE_MAPS === "1") process.setSourceMapsEnabled(true);

Module._extensions[".ts"] = function compileTypeScript(module, filename) {
  module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};

// The Pulumi SDK requires the TypeScript compiler (9 MB of JavaScript, about half a second of a
// plan) when it loads, for function serialisation, which this program never uses: hand it a
// stand-in that loads the real compiler on first use, so a process that needs it still gets it.
const typescriptPath = require.resolve("typescript", { paths: [root] });
if (!require.cache[typescriptPath]) {
  let real;
  const load = () => {
    if (!real) {
      delete require.cache[typescriptPath];
      real = require(typescriptPath);
    }
    return real;
  };
  const standIn = new Module(typescriptPath, module);
  standIn.filename = typescriptPath;
  standIn.loaded = true;
  standIn.exports = new Proxy(
    {},
    {
      get: (_, key) => load()[key],
      has: (_, key) => key in load(),
      set: (_, key, value) => Reflect.set(load(), key, value),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        // A proxy may not report a property absent from its target as non-configurable.
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  require.cache[typescriptPath] = standIn;
}
