/**
 * SQL identifier and literal handling for generated DDL.
 *
 * Identifiers coming from configuration are both validated (a strict, lower-case, unquoted-safe
 * shape) and quoted on output: validation keeps the catalogue readable and rejects hostile input
 * early with a helpful message, quoting keeps the generated SQL correct even if a caller bypassed
 * validation.
 */

/** The shape every configured identifier must have: what PostgreSQL accepts unquoted, lower case, ≤ 63 bytes. */
export const IDENTIFIER_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * PostgreSQL's reserved key words (Appendix C: "reserved", and "reserved (can be function or type)").
 * Quoting would make them legal, but a table called `select` is a trap for every hand-written
 * query against it, so configuration may not use them.
 */
// prettier-ignore
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
  "binary", "both", "case", "cast", "check", "collate", "collation", "column", "concurrently",
  "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
  "current_schema", "current_time", "current_timestamp", "current_user", "default", "deferrable",
  "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "freeze",
  "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner", "intersect",
  "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime",
  "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or", "order",
  "outer", "overlaps", "placing", "primary", "references", "returning", "right", "select",
  "session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample", "then",
  "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when",
  "where", "window", "with",
]);

/**
 * Checks one configured identifier and returns it unchanged.
 *
 * @param value the identifier as configured.
 * @param where names the offending field in the error, e.g. `partitionedTables[0].table`.
 * @param maxLength a tighter length limit when a suffix will be appended (default 63, PostgreSQL's NAMEDATALEN - 1).
 * @throws Error naming `where`, the bad value and the allowed shape.
 */
export function validateIdentifier(value: unknown, where: string, maxLength = 63): string {
  const allowed = `allowed: lower-case letters, digits and "_", starting with a letter or "_", at most ${maxLength} characters, not an SQL reserved word`;
  if (typeof value !== "string") {
    throw new Error(`${where}: expected an identifier string, got ${describe(value)}; ${allowed}`);
  }
  if (!IDENTIFIER_PATTERN.test(value) || value.length > maxLength) {
    throw new Error(`${where}: invalid identifier ${JSON.stringify(value)}; ${allowed}`);
  }
  if (RESERVED_WORDS.has(value)) {
    throw new Error(`${where}: ${JSON.stringify(value)} is an SQL reserved word; ${allowed}`);
  }
  return value;
}

/**
 * Checks a schema name: an identifier that is also not one of PostgreSQL's own schemas
 * (`pg_*` is refused by CREATE SCHEMA, `information_schema` belongs to the catalogue).
 */
export function validateSchemaName(value: unknown, where: string): string {
  const name = validateIdentifier(value, where);
  if (name.startsWith("pg_") || name === "information_schema") {
    throw new Error(
      `${where}: ${JSON.stringify(name)} is a system schema name; choose a name not starting with "pg_" and not "information_schema"`,
    );
  }
  return name;
}

/** Quotes an identifier for SQL (`"name"`, embedded quotes doubled), whatever it contains. */
export function quoteIdent(name: string): string {
  if (name.includes("\u0000"))
    throw new Error(
      `identifier ${JSON.stringify(name)} contains a NUL character, which PostgreSQL cannot store`,
    );
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a schema-qualified name: `"schema"."name"`. */
export function qualify(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/**
 * Quotes a string literal. Backslashes switch to the `E'...'` form with doubled backslashes, so
 * the literal means the same whether or not `standard_conforming_strings` is on.
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\u0000"))
    throw new Error(`literal contains a NUL character, which PostgreSQL text cannot store`);
  const body = value.replace(/'/g, "''");
  return value.includes("\\") ? ` E'${body.replace(/\\/g, "\\\\")}'` : `'${body}'`;
}

/** A short, safe rendering of an unexpected value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") return JSON.stringify(value);
  // JSON shows an invalid Date as `null`, which would hide what the caller passed.
  if (value instanceof Date && Number.isNaN(value.getTime())) return "Invalid Date";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
