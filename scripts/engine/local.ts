/**
 * `npm run local -- <pulumi command> [flags]`: runs the real Pulumi CLI on the render-only `local`
 * stack, offline: file backend in `.state/` (ignored by git), the engine from ensure.sh, the
 * passphrase of Pulumi.local.yaml. The stack is created on first use.
 *
 *   npm run local -- preview
 *   npm run local -- up --yes         # writes rendered/local/{0-crd,1-manifest}/*.yaml
 *   npm run local -- stack output
 *   npm run local -- destroy --yes
 *
 * Environment: LOCAL_STATE_DIR moves the state folder (default <repo>/.state);
 * PULUMI_CONFIG_PASSPHRASE overrides the stack file's passphrase.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import {
  assertEngineAvailable,
  engineBinDir,
  LOCAL_STACK_PASSPHRASE,
  prepareOfflineEngine,
} from "../../runtime/engine";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const STACK = "local";

function main(argv: string[]): number {
  if (argv.length === 0 || argv.includes("--stack") || argv.some((a) => a.startsWith("--stack="))) {
    console.error(
      "usage: npm run local -- <pulumi command> [flags]   (the stack is always 'local')",
    );
    return 2;
  }
  assertEngineAvailable();
  const env = {
    ...process.env,
    ...prepareOfflineEngine({
      stateDir: process.env.LOCAL_STATE_DIR ?? path.join(REPO_ROOT, ".state"),
      passphrase: process.env.PULUMI_CONFIG_PASSPHRASE ?? LOCAL_STACK_PASSPHRASE,
    }),
  };
  const pulumi = path.join(engineBinDir(), "pulumi");
  const run = (args: string[]) =>
    spawnSync(pulumi, args, { cwd: REPO_ROOT, env, stdio: "inherit" }).status ?? 1;
  const selected = run(["stack", "select", STACK, "--create", "--non-interactive"]);
  if (selected !== 0) return selected;
  // `stack rm` deletes Pulumi.local.yaml too unless told not to; the file is the environment's source.
  const preserve = argv[0] === "stack" && argv[1] === "rm" && !argv.includes("--preserve-config");
  return run([...argv, ...(preserve ? ["--preserve-config"] : []), "--stack", STACK]);
}

process.exit(main(process.argv.slice(2)));
