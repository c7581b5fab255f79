/**
 * Monthly time partitions for PostgreSQL: configuration types, validation and pure SQL
 * generators. No Pulumi imports: the database component renders these strings into a
 * migration Job and a maintenance CronJob.
 */
export * from "./spec";
export * from "./validate";
export * from "./ddl";
export * from "./maintenance";
export * from "./migration";
export {
  IDENTIFIER_PATTERN,
  RESERVED_WORDS,
  qualify,
  quoteIdent,
  quoteLiteral,
  validateIdentifier,
  validateSchemaName,
} from "./identifiers";
