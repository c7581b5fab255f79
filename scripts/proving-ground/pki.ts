/**
 * The proving ground's certificates and keys, generated per run in its folder: a cluster CA and a
 * front-proxy CA (the aggregation layer's), serving certificates for every server, a client
 * certificate per component, and the service-account signing key. Keys are ECDSA P-256 made by
 * Node's crypto; certificates are signed by Debian's `openssl` (Node cannot sign X.509). They
 * live one day: a proving ground is thrown away long before.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/** A certificate and its key on disk. */
export interface CertFiles {
  cert: string;
  key: string;
}

/** What {@link createCertificate} should put in the certificate. */
export interface CertificateRequest {
  /** File name stem under the PKI folder (`<name>.crt`, `<name>.key`). */
  name: string;
  /** Subject common name: the user name for client certificates. */
  commonName: string;
  /** Subject organisations: the groups for client certificates. @default [] */
  organizations?: readonly string[];
  /** DNS names and IP addresses for serving certificates. @default [] (client only) */
  altNames?: readonly string[];
  /** Whether the certificate may serve TLS. @default altNames.length > 0 */
  server?: boolean;
  /** Whether the certificate may authenticate a client. @default true */
  client?: boolean;
}

const IP = /^\d{1,3}(\.\d{1,3}){3}$|:/;

function writeKey(file: string): void {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
}

function openssl(args: string[]): void {
  try {
    execFileSync("openssl", args, { stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(
      `openssl ${args[0]} failed: ${err.stderr?.toString().trim() || err.message}. openssl comes from ` +
        "Debian (apt-get install -y openssl).",
    );
  }
}

/** A certificate authority in the PKI folder. */
export class CertificateAuthority {
  readonly cert: string;
  readonly key: string;

  /** Creates `<name>.crt` / `<name>.key` in `dir`, a self-signed CA called `commonName`. */
  constructor(
    private readonly dir: string,
    name: string,
    commonName: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.cert = path.join(dir, `${name}.crt`);
    this.key = path.join(dir, `${name}.key`);
    writeKey(this.key);
    openssl([
      "req",
      "-x509",
      "-new",
      "-key",
      this.key,
      "-subj",
      `/CN=${commonName}`,
      "-days",
      "1",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
      "-out",
      this.cert,
    ]);
  }

  /** Issues a leaf certificate signed by this CA. */
  issue(req: CertificateRequest): CertFiles {
    const cert = path.join(this.dir, `${req.name}.crt`);
    const key = path.join(this.dir, `${req.name}.key`);
    writeKey(key);
    const alt = req.altNames ?? [];
    const usages = [
      (req.server ?? alt.length > 0) ? "serverAuth" : undefined,
      (req.client ?? true) ? "clientAuth" : undefined,
    ].filter((u): u is string => u !== undefined);
    const subject = [`/CN=${req.commonName}`, ...(req.organizations ?? []).map((o) => `/O=${o}`)];
    const ext = [
      "-addext",
      "basicConstraints=critical,CA:FALSE",
      "-addext",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "-addext",
      `extendedKeyUsage=${usages.join(",")}`,
    ];
    if (alt.length > 0) {
      const names = alt.map((n) => (IP.test(n) ? `IP:${n}` : `DNS:${n}`)).join(",");
      ext.push("-addext", `subjectAltName=${names}`);
    }
    // OpenSSL 3's `req -x509 -CA` signs a new certificate with the CA in one call.
    openssl([
      "req",
      "-x509",
      "-new",
      "-key",
      key,
      "-subj",
      subject.join(""),
      "-CA",
      this.cert,
      "-CAkey",
      this.key,
      "-days",
      "1",
      ...ext,
      "-out",
      cert,
    ]);
    return { cert, key };
  }
}

/** The service-account token signing key pair (PEM files). */
export function serviceAccountKeys(dir: string): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const files = { privateKey: path.join(dir, "sa.key"), publicKey: path.join(dir, "sa.pub") };
  writeFileSync(files.privateKey, privateKey.export({ type: "pkcs8", format: "pem" }), {
    mode: 0o600,
  });
  writeFileSync(files.publicKey, publicKey.export({ type: "spki", format: "pem" }));
  return files;
}

/** A kubeconfig for `user` (a client certificate) against the API server at `server`. */
export function writeKubeconfig(file: string, server: string, ca: string, user: CertFiles): void {
  const doc = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "proving-ground", cluster: { server, "certificate-authority": ca } }],
    users: [
      {
        name: "user",
        user: { "client-certificate": user.cert, "client-key": user.key },
      },
    ],
    contexts: [{ name: "proving-ground", context: { cluster: "proving-ground", user: "user" } }],
    "current-context": "proving-ground",
  };
  // JSON is YAML: every Kubernetes client reads it.
  writeFileSync(file, JSON.stringify(doc, null, 2) + "\n", { mode: 0o600 });
}
