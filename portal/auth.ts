/**
 * Bearer tokens mapped to roles. Only SHA-256 digests of tokens are configured or kept in memory;
 * tokens are long random strings, so a fast hash suffices (no dictionary to attack), and every
 * presented token is compared against every digest in constant time.
 */
import * as crypto from "crypto";
import { z } from "zod";

/** Roles, weakest first: a role may do everything the ones before it may. */
export const ROLES = ["viewer", "deployer", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** One configured token: who it is (for logs and job records), its role, and its SHA-256 digest in hex. */
export const tokenEntrySchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9._@-]+$/, "letters, digits and . _ @ - only"),
    role: z.enum(ROLES),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits (sha256 of the token)"),
  })
  .strict();
export type TokenEntry = z.output<typeof tokenEntrySchema>;

/** Who made a request. */
export interface Principal {
  name: string;
  role: Role;
}

/** The digest to configure for a token (`npm run portal -- hash-token <token>` prints it). */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

/** Whether `role` grants at least `needed`. */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * Resolves an `Authorization` header to a principal, or undefined when it is missing, malformed or
 * unknown. Compares against every entry without stopping early, so timing reveals nothing.
 */
export function authenticate(
  header: string | undefined,
  entries: readonly TokenEntry[],
): Principal | undefined {
  const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header ?? "");
  if (!match) return undefined;
  const presented = Buffer.from(hashToken(match[1]), "hex");
  let found: TokenEntry | undefined;
  for (const entry of entries) {
    const equal = crypto.timingSafeEqual(presented, Buffer.from(entry.sha256, "hex"));
    if (equal && !found) found = entry;
  }
  return found && { name: found.name, role: found.role };
}

/** The role an operation needs: changes to protected environments need admin. */
export function roleFor(kind: "read" | "preview" | "change", isProtected: boolean): Role {
  if (kind === "read") return "viewer";
  if (kind === "preview") return "deployer";
  return isProtected ? "admin" : "deployer";
}
