/**
 * The portal tests' helpers: the harness that runs the real portal (shared with `npm run bench`)
 * and what only the tests need.
 */
import * as fs from "fs";
import * as path from "path";
import type { PortalBox } from "../../scripts/lib/portal-harness";

export * from "../../scripts/lib/portal-harness";

export const FIXTURE_POLICY_PACK = path.join(__dirname, "fixtures", "policy-pack");

/** Lock files the file backend holds for a stack of the fixture project in a box. */
export function locks(box: PortalBox, stack: string): string[] {
  const dir = path.join(
    box.stateDir,
    "backend",
    ".pulumi",
    "locks",
    "organization",
    "portal-fixture",
    stack,
  );
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
}
