import { createHash, createHmac, pbkdf2Sync } from "node:crypto";

/** PostgreSQL's default iteration count for SCRAM-SHA-256 (`scram_iterations`). */
export const SCRAM_ITERATIONS = 4096;

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 7677, as `pg_authid`
 * holds it): `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, base64.
 *
 * Handing the server this instead of the password means the password never reaches PostgreSQL,
 * its logs (`log_statement` would print an `ALTER ROLE`) or `pg_stat_statements`.
 *
 * The salt is derived from the password and `context` (e.g. `role@database`) so the verifier is
 * stable from one deploy to the next and the Job that sets it runs only when the password
 * changes. That lets anyone who guesses the password precompute the verifier, which is no help
 * against the 40-character generated passwords this is used with.
 *
 * @param password non-empty printable ASCII: PostgreSQL's SASLprep passes ASCII passwords through unchanged,
 *   so no normalisation is needed, and none is implemented for other characters.
 * @param context mixed into the salt; different roles with one password get different verifiers.
 * @param iterations PBKDF2 rounds. @default {@link SCRAM_ITERATIONS}
 * @throws Error for an empty or non-ASCII password (without echoing it).
 */
export function scramSha256Verifier(
  password: string,
  context: string,
  iterations = SCRAM_ITERATIONS,
): string {
  if (!/^[\x20-\x7e]+$/.test(password)) {
    throw new Error(
      `the password for ${context} must be non-empty printable ASCII (SASLprep, which PostgreSQL applies to other characters, is not implemented here)`,
    );
  }
  const salt = createHmac("sha256", password)
    .update(`scram-salt\0${context}`)
    .digest()
    .subarray(0, 16);
  const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  const b64 = (b: Buffer) => b.toString("base64");
  return `SCRAM-SHA-256$${iterations}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}
