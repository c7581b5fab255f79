/**
 * "Problems after an edit": a shipped stack file's `platform:` settings, changed in place by a
 * test, then validated by the environment schema exactly as the loader validates them. The schema
 * tests state each rule as an edit and the problem it must (or must not) produce.
 *
 * Imports only the loader and the schema, never the program or the Pulumi SDK, so a test file that
 * uses it loads in well under a second: mutation testing starts a fresh test process for every
 * mutant that also runs while a module loads, and pays that load each time.
 */
import { expect } from "chai";
import { ConfigError } from "../../stacks/errors";
import {
  type Environment,
  parseEnvironment,
  readStackConfig,
  settingsFromConfigMap,
  stackFilePath,
} from "../../stacks/load";

/**
 * The secret wrapper of the same loader instance this helper validates with. A test puts secrets
 * into an edit with this one: the program runner reloads `stacks/` between runs in a mocha worker
 * but keeps the tests' helpers, so a `SecretValue` imported by a test file loaded after such a run
 * is another class than the one this helper's schema checks with `instanceof`.
 */
export { SecretValue } from "../../stacks/load";

/** A stack file's `platform:` settings keyed without the namespace (`network`, `database`, …). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Settings = Record<string, any>;

/** A change to a stack file's settings, made in place. */
export type ConfigEdit = (settings: Settings) => void;

/** One problem as the schema reports it: the full key (`platform:…`), the message, the bad value. */
export interface Problem {
  key: string;
  message: string;
  /** The offending value where it is a scalar (objects are not repeated). */
  value?: unknown;
}

const files = new Map<string, Readonly<Record<string, string>>>();

/**
 * `stack`'s shipped file as the flat config map Pulumi hands the program, read once per process
 * (reading the YAML costs as much as validating it). Never edited: each call of
 * `settingsFromConfigMap` builds fresh settings from the text.
 */
function stackConfig(stack: string): Readonly<Record<string, string>> {
  let config = files.get(stack);
  if (config === undefined) {
    config = readStackConfig(stackFilePath(stack));
    files.set(stack, config);
  }
  return config;
}

/**
 * The environment `stack`'s shipped file describes once `edit` is applied, validated and with
 * every default filled in.
 * @throws ConfigError when the schema refuses the edited settings.
 */
export function configAfter(stack: string, edit: ConfigEdit): Environment {
  const settings: Settings = settingsFromConfigMap(stackConfig(stack));
  edit(settings);
  return parseEnvironment(stack, settings, `Pulumi.${stack}.yaml`);
}

/**
 * Every problem the schema reports for `stack`'s shipped file once `edit` is applied; [] when the
 * edited settings are accepted. Any failure other than a ConfigError fails the test.
 */
export function configProblems(stack: string, edit: ConfigEdit): Problem[] {
  try {
    configAfter(stack, edit);
    return [];
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
}

/** Asserts that the schema accepts `stack`'s file after `edit`, showing any problem it reports. */
export function expectAccepted(stack: string, edit: ConfigEdit): void {
  expect(configProblems(stack, edit)).to.deep.equal([]);
}

/**
 * Asserts that the schema refuses `stack`'s file after `edit` with a problem at `key` whose
 * message is exactly `message` (a string) or matches it (a RegExp); returns that problem.
 */
export function expectProblem(
  stack: string,
  edit: ConfigEdit,
  key: string,
  message: string | RegExp,
): Problem {
  const found = configProblems(stack, edit);
  const hit = found.find((p) => p.key === key);
  expect(hit, `a problem at ${key}; got ${JSON.stringify(found)}`).to.not.equal(undefined);
  if (typeof message === "string") expect(hit!.message).to.equal(message);
  else expect(hit!.message).to.match(message);
  return hit!;
}
