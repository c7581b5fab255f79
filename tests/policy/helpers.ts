import { expect } from "chai";
import type { ProgramRun, RegisteredResource } from "../../scripts/lib/program";
import { evaluatePack, readPackConfig, Verdict } from "../../scripts/lib/policy";

/** Registered inputs, edited freely by tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Inputs = Record<string, any>;

/** The pack's verdicts over a run, with the environment's own `policy/config/<env>.json`. */
export function verdicts(
  run: ProgramRun,
  overrides: Record<string, unknown> = {},
): Promise<Verdict[]> {
  return evaluatePack(
    run,
    { ...readPackConfig(run.environment), ...overrides },
    `policy/config/${run.environment}.json`,
  );
}

/** The verdicts of one policy. */
export function of(vs: Verdict[], policy: string): Verdict[] {
  return vs.filter((v) => v.policy === policy);
}

/** Asserts that `policy` reported a violation whose message matches `message`. */
export function expectViolation(vs: Verdict[], policy: string, message: RegExp): Verdict {
  const found = of(vs, policy);
  const hit = found.find((v) => message.test(v.message));
  expect(
    hit,
    `${policy} should report ${message}; it reported: ${JSON.stringify(found.map((v) => v.message))}`,
  ).to.not.equal(undefined);
  return hit!;
}

/**
 * A copy of a real run with one registered resource's inputs edited: for the guardrails no
 * configuration can break (the components hard-code them), this is how a failing case is made
 * from the real program rather than from a hand-written resource.
 */
export function withEdited(
  run: ProgramRun,
  type: string,
  edit: (inputs: Inputs, r: RegisteredResource) => void,
  which?: string,
): ProgramRun {
  const copy = structuredClone(run);
  const targets = copy.resources.filter(
    (r) => r.type === type && (which === undefined || r.name === which),
  );
  expect(
    targets.length,
    `the program registers ${type}${which ? ` ${which}` : ""}`,
  ).to.be.greaterThan(0);
  edit(targets[0].inputs, targets[0]);
  return copy;
}
