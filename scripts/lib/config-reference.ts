/**
 * The configuration reference (docs/configuration.md): every `platform:` setting with its type,
 * default and description, generated from the schema by `npm run docs` so the two cannot drift.
 */
import { z } from "zod";
import { environmentShape } from "../../stacks/schema";

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
};

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" \\| ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map(typeOf).join(" \\| ");
  if (s.type === "array") return `${s.items ? typeOf(s.items) : "any"}[]`;
  if (
    s.type === "object" &&
    s.additionalProperties &&
    typeof s.additionalProperties === "object" &&
    !s.properties
  ) {
    return `map of ${typeOf(s.additionalProperties)}`;
  }
  const max =
    s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? s.maximum : undefined;
  const range =
    s.minimum !== undefined || max !== undefined ? ` (${s.minimum ?? ""}..${max ?? ""})` : "";
  return `${Array.isArray(s.type) ? s.type.join("|") : (s.type ?? "any")}${range}`;
}

function rows(key: string, s: JsonSchema, required: boolean, out: string[][]): void {
  const dflt =
    s.default === undefined ? (required ? "**required**" : "") : `\`${JSON.stringify(s.default)}\``;
  const nested =
    s.properties ??
    (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object"
      ? s.additionalProperties.properties
      : undefined);
  const isMap = !s.properties && nested !== undefined;
  out.push([
    `\`${key}\``,
    isMap ? "map of objects" : s.properties ? "object" : typeOf(s),
    dflt,
    (s.description ?? "").replace(/\|/g, "\\|"),
  ]);
  const variants = (s.anyOf ?? s.oneOf ?? []).filter((v) => v.properties);
  for (const v of variants) {
    const tag = Object.entries(v.properties!).find(([, p]) => p.const !== undefined);
    for (const [k, child] of Object.entries(v.properties!)) {
      if (child.const !== undefined) continue;
      const label = tag ? `[${tag[0]}: ${String(tag[1].const)}] ` : "";
      rows(
        `${key}.${k}`,
        { ...child, description: `${label}${child.description ?? ""}` },
        (v.required ?? []).includes(k),
        out,
      );
    }
  }
  if (!nested) return;
  const req = new Set((isMap ? (s.additionalProperties as JsonSchema).required : s.required) ?? []);
  for (const [k, child] of Object.entries(nested))
    rows(`${key}${isMap ? ".<name>" : ""}.${k}`, child, req.has(k), out);
}

/** The Markdown table of every setting. */
export function configReference(): string {
  const out: string[][] = [];
  for (const [key, schema] of Object.entries(environmentShape)) {
    const json = z.toJSONSchema(schema as z.ZodType, {
      io: "input",
      unrepresentable: "any",
    }) as JsonSchema;
    rows(
      `platform:${key}`,
      json,
      json.default === undefined && !(schema as z.ZodType).safeParse(undefined).success,
      out,
    );
  }
  const lines = [
    "| key | type | default | description |",
    "| --- | --- | --- | --- |",
    ...out.map((r) => `| ${r.join(" | ")} |`),
  ];
  return lines.join("\n");
}
