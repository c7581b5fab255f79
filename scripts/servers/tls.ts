/**
 * Certificates for the real-server tests, made with the `openssl` command: a CA and a server
 * certificate for the loopback address signed by it, as cert-manager issues PgBouncer's in the
 * cluster (ECDSA P-256, `server auth`). Written to the server's directory, readable by the server
 * user only where it matters (the key).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { INSTALL_HINT } from "./binaries";
import { giveToServerUser, LOOPBACK } from "./process";

/** Paths of the files {@link makeTlsFiles} wrote. */
export interface TlsFiles {
  /** CA certificate clients verify the server against. */
  caFile: string;
  /** Server certificate (for 127.0.0.1 and localhost). */
  certFile: string;
  /** Its private key, mode 0600, owned by the server user. */
  keyFile: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync("openssl", args, { cwd, stdio: "pipe" });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === "ENOENT")
      throw new Error(
        `openssl is not installed; it makes the test certificates. Install it with:\n${INSTALL_HINT}`,
      );
    throw new Error(`openssl ${args[0]} failed: ${err.stderr?.toString() ?? err.message}`);
  }
}

/** Makes a CA and a loopback server certificate in `dir`. */
export function makeTlsFiles(dir: string): TlsFiles {
  const f = (n: string) => path.join(dir, n);
  const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl(
    [
      "req",
      "-x509",
      ...key,
      "-keyout",
      "ca.key",
      "-out",
      "ca.crt",
      "-days",
      "2",
      "-subj",
      "/CN=platform test CA",
    ],
    dir,
  );
  openssl(
    ["req", ...key, "-keyout", "server.key", "-out", "server.csr", "-subj", `/CN=${LOOPBACK}`],
    dir,
  );
  writeFileSync(
    f("server.ext"),
    `subjectAltName=IP:${LOOPBACK},DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n`,
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "2",
      "-extfile",
      "server.ext",
      "-out",
      "server.crt",
    ],
    dir,
  );
  chmodSync(f("server.key"), 0o600);
  for (const n of ["server.key", "server.crt", "ca.crt"]) giveToServerUser(f(n));
  return { caFile: f("ca.crt"), certFile: f("server.crt"), keyFile: f("server.key") };
}
