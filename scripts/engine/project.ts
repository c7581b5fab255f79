/**
 * A throwaway copy of this project for running the real program through the engine without
 * touching the working tree: used by the engine tests and `npm run bench`.
 */
import * as fs from "fs";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Top-level entries a linked project must not share: state, caches, output and stack files. */
const PRIVATE_ENTRIES = /^(\.git|\.cache|\.state|node_modules|rendered|Pulumi\.[^.]+\.yaml)$/;

/**
 * Fills `programDir` with this project: every top-level entry of the repository linked (so the
 * engine runs index.ts, stacks/, components/ and model/ as they are now, node_modules included),
 * except state, caches and stack files, of which only `stack`'s is copied so config edits stay
 * in the copy. The copy renders into its own `rendered/`. Returns the copied stack file.
 * @param programDir an empty folder.
 * @param stack the stack whose file is copied. @default "local"
 */
export function linkProject(programDir: string, stack = "local"): string {
  fs.mkdirSync(programDir, { recursive: true });
  for (const entry of fs.readdirSync(REPO_ROOT)) {
    const target = path.join(programDir, entry);
    if (PRIVATE_ENTRIES.test(entry) && entry !== "node_modules") continue;
    if (!fs.existsSync(target)) fs.symlinkSync(path.join(REPO_ROOT, entry), target);
  }
  const stackFile = path.join(programDir, `Pulumi.${stack}.yaml`);
  fs.copyFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), stackFile);
  return stackFile;
}
