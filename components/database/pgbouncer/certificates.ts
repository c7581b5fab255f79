/**
 * PgBouncer's serving certificate, issued inside the cluster by cert-manager: a self-signed
 * issuer signs a CA of the pooler's own, and a CA issuer signs the certificate of the writer and
 * reader Services. Everything stays in the data namespace; no outside CA can name `*.svc`
 * hosts. Plain objects (the component applies them; tests read them).
 */
import { PGBOUNCER_LABELS } from "./manifests";

/** Inputs of {@link pgbouncerCertificates}. */
export interface PgBouncerCertificatesArgs {
  /** Component name; objects are `<name>-ca`, `<name>-tls`, … Required. */
  name: string;
  namespace: string;
  /** Service names the certificate must be valid for (the writer and reader pools). */
  services: string[];
  /**
   * Whether the provider waits until cert-manager has issued the serving certificate. False only
   * where no cert-manager runs (the sandbox, a render): the wait would never end. Default: true.
   */
  awaitIssued?: boolean;
}

/** The Secret (`tls.crt`, `tls.key`) of the serving certificate. */
export const pgbouncerTlsSecretName = (name: string) => `${name}-tls`;

/** Every DNS name a client in the cluster may use for a Service. */
export function serviceDnsNames(service: string, namespace: string): string[] {
  return [
    service,
    `${service}.${namespace}`,
    `${service}.${namespace}.svc`,
    `${service}.${namespace}.svc.cluster.local`,
  ];
}

/** The four cert-manager objects, in the order they depend on each other. */
export function pgbouncerCertificates(a: PgBouncerCertificatesArgs) {
  const meta = (name: string) => ({
    name,
    namespace: a.namespace,
    labels: { ...PGBOUNCER_LABELS },
  });
  const ref = (name: string) => ({ name, kind: "Issuer", group: "cert-manager.io" });
  const key = { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" };
  return {
    selfSignedIssuer: {
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: meta(`${a.name}-selfsigned`),
      spec: { selfSigned: {} },
    },
    ca: {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: meta(`${a.name}-ca`),
      spec: {
        isCA: true,
        commonName: `${a.name} CA (${a.namespace})`,
        secretName: `${a.name}-ca`,
        duration: "87600h",
        privateKey: key,
        issuerRef: ref(`${a.name}-selfsigned`),
      },
    },
    caIssuer: {
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: meta(`${a.name}-ca`),
      spec: { ca: { secretName: `${a.name}-ca` } },
    },
    serving: {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: {
        ...meta(pgbouncerTlsSecretName(a.name)),
        // The provider waits until cert-manager has issued it, so pods never start without it.
        ...(a.awaitIssued === false
          ? {}
          : { annotations: { "pulumi.com/waitFor": "condition=Ready" } }),
      },
      spec: {
        secretName: pgbouncerTlsSecretName(a.name),
        commonName: `${a.services[0]}.${a.namespace}.svc`,
        dnsNames: a.services.flatMap((s) => serviceDnsNames(s, a.namespace)),
        usages: ["server auth", "digital signature", "key encipherment"],
        // Renewed a month ahead; PgBouncer reads the files when a pod starts (rollouts, drains).
        duration: "2160h",
        renewBefore: "720h",
        privateKey: key,
        issuerRef: ref(`${a.name}-ca`),
      },
    },
  };
}
