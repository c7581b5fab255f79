/**
 * Problems with an input, as every layer reports them: the key where it is wrong, what is wrong
 * and what is allowed, and the offending value. Pure, so components and the stacks format errors
 * the same way without depending on each other.
 */

/** One problem with an input. */
export interface Problem {
  /** Where, as the input spells it, e.g. `platform:nodeGroups.spot.minSize` or `receivers[0].name`. */
  key: string;
  /** What is wrong and what is allowed. */
  message: string;
  /** The offending value, when there was one. */
  value?: unknown;
}

/** The problems as an indented list, one per line; values longer than 80 characters are cut. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems
    .map((p) => `  - ${p.key}${p.value === undefined ? "" : ` = ${show(p.value)}`}: ${p.message}`)
    .join("\n");
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
