/**
 * Small PromQL helpers: Prometheus durations and the metric names an expression reads.
 * Parsing uses `@prometheus-io/lezer-promql`, the grammar the Prometheus web UI itself ships,
 * so "is this valid PromQL and which metrics does it touch" is answered by the real grammar
 * rather than by a regular expression.
 */
import { parser } from "@prometheus-io/lezer-promql";

const UNIT_SECONDS: Record<string, number> = {
  y: 31_536_000,
  w: 604_800,
  d: 86_400,
  h: 3_600,
  m: 60,
  s: 1,
  ms: 0.001,
};
// Same shape as Prometheus' model.ParseDuration: units largest first, each at most once.
const DURATION_RE =
  /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * Parses a Prometheus duration (`30s`, `5m`, `1h30m`, `0s`) into seconds. Returns `undefined`
 * when the text is not one, so callers can report the field that holds it.
 */
export function parsePromDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const m = DURATION_RE.exec(text);
  if (!m || text.length === 0) return undefined;
  const units = ["y", "w", "d", "h", "m", "s", "ms"];
  return units.reduce((sum, unit, i) => sum + Number(m[i + 1] ?? 0) * UNIT_SECONDS[unit], 0);
}

/** Formats whole seconds the way Prometheus prints durations (`90` -> `1m30s`, `0` -> `0s`). */
export function formatPromDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0)
    throw new Error(`${seconds} is not a whole, non-negative number of seconds`);
  if (seconds === 0) return "0s";
  let rest = seconds;
  let out = "";
  for (const unit of ["w", "d", "h", "m", "s"]) {
    const n = Math.floor(rest / UNIT_SECONDS[unit]);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * UNIT_SECONDS[unit];
  }
  return out;
}

/** What {@link inspectPromQL} found in an expression. */
export interface PromQLInspection {
  /** Metric names read by the expression, sorted, without duplicates. */
  metrics: string[];
  /** Set when the expression does not parse: the offset and the text around it. */
  syntaxError?: { offset: number; near: string };
}

/**
 * Parses `expr` and lists the metric names it selects, both `foo{...}` and `{__name__="foo"}`.
 * A selector with a regex on `__name__` cannot be checked and is reported as `__name__=~...`.
 */
export function inspectPromQL(expr: string): PromQLInspection {
  const tree = parser.parse(expr);
  const metrics = new Set<string>();
  let syntaxError: PromQLInspection["syntaxError"];
  tree.iterate({
    enter(node) {
      if (node.type.isError && syntaxError === undefined) {
        const start = Math.max(0, node.from - 10);
        syntaxError = { offset: node.from, near: expr.slice(start, node.from + 10) };
      }
      if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") {
        metrics.add(expr.slice(node.from, node.to));
      }
      if (node.name === "UnquotedLabelMatcher" || node.name === "QuotedLabelMatcher") {
        const text = expr.slice(node.from, node.to);
        const m = /^\s*"?__name__"?\s*(=~|!=|!~|=)\s*"([^"]*)"\s*$/.exec(text);
        if (m) metrics.add(m[1] === "=" ? m[2] : `__name__${m[1]}"${m[2]}"`);
      }
    },
  });
  return { metrics: [...metrics].sort(), ...(syntaxError ? { syntaxError } : {}) };
}
