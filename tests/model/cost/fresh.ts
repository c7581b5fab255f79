import * as path from "path";

/**
 * A module of `model/cost/` loaded afresh inside the calling test. Tables built while a module
 * loads (the free types, tag names, the inputs the mappers read) are otherwise evaluated once,
 * before any test runs: StrykerJS then credits their mutants only to the program-run tests (which
 * reload the program) and runs them against those alone, which do not read the tables' text.
 * Loading the module again inside a test credits the table to the test that states its rule.
 * Only that one module is reloaded; what it imports stays shared.
 * @param file the module's file name under `model/cost/`, e.g. `coverage`.
 */
export function freshCostModule<T>(file: string): T {
  const resolved = require.resolve(path.join(__dirname, "..", "..", "..", "model", "cost", file));
  delete require.cache[resolved];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(resolved) as T;
}
