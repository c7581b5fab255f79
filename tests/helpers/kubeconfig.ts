import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** A kubeconfig naming `server`, in a temporary folder: what `platform:sandbox.kubeconfig` points at. */
export function kubeconfigFor(server: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-kubeconfig-"));
  const file = path.join(dir, "admin.kubeconfig");
  fs.writeFileSync(
    file,
    [
      "apiVersion: v1",
      "kind: Config",
      `clusters: [{ name: pg, cluster: { server: "${server}" } }]`,
      "users: [{ name: admin, user: {} }]",
      "contexts: [{ name: pg, context: { cluster: pg, user: admin } }]",
      "current-context: pg",
      "",
    ].join("\n"),
  );
  return file;
}

/**
 * A stack's flat config with `platform:sandbox.kubeconfig` (when set) pointing at a loopback
 * kubeconfig, so the program can run under mocks without a proving ground.
 */
export function withLoopbackKubeconfig(config: Record<string, string>): Record<string, string> {
  const text = config["platform:sandbox"];
  if (text === undefined) return config;
  const sandbox = JSON.parse(text) as Record<string, unknown>;
  return {
    ...config,
    "platform:sandbox": JSON.stringify({
      ...sandbox,
      kubeconfig: kubeconfigFor("https://127.0.0.1:6443"),
    }),
  };
}
