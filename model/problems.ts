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

/** Edit distance between two strings (insertions, deletions, substitutions, swaps of neighbours). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate `word` was most likely meant to be, for a "did you mean" hint: the closest one
 * within a third of its length in edits (at least 2), ignoring case; undefined when none is close.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d <= Math.max(2, Math.floor(c.length / 3)) && (best === undefined || d < best.d))
      best = { c, d };
  }
  return best?.c;
}
