/**
 * `npm run portal`: starts the portal on the embedded defaults (file backend and SQLite under
 * .state/portal, a generated passphrase and admin token there), or as PORTAL_* variables say.
 * `npm run portal -- hash-token <token>` prints the digest to configure for a token.
 * SIGINT/SIGTERM stop it gracefully: running operations are cancelled and their stacks unlocked.
 */
import { hashToken } from "./auth";
import { loadPortalConfig } from "./config";
import { buildPortal } from "./server";

async function main(argv: string[]): Promise<void> {
  if (argv[0] === "hash-token") {
    if (!argv[1]) throw new Error("usage: npm run portal -- hash-token <token>");
    console.log(hashToken(argv[1]));
    return;
  }
  let generated: string | undefined;
  const config = loadPortalConfig(process.env, (file) => (generated = file));
  const portal = await buildPortal(config);
  const log = portal.app.log;
  if (generated)
    log.warn(
      { tokenFile: generated },
      "no tokens configured: generated an admin token (read it from tokenFile)",
    );
  log.info(
    { projectDir: config.projectDir, stateDir: config.stateDir, policyPacks: config.policyPacks },
    "portal configured",
  );
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // `on`, not `once`: execa (inside the Automation API) re-raises a signal nobody else listens
    // to, which would kill the process in the middle of the graceful stop.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, "stop requested");
      portal.stop().then(
        () => process.exit(0),
        (err) => {
          log.error({ err }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
  await portal.app.listen({ host: config.host, port: config.port });
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
