import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  PGBOUNCER_LABELS,
  PGBOUNCER_METRICS_PORT,
  pgbouncerMetricsServiceSpec,
  pgbouncerPdbSpec,
  pgbouncerPodSpec,
  pgbouncerServiceSpec,
} from "./pgbouncer/manifests";
import { pgbouncerCertificates, pgbouncerTlsSecretName } from "./pgbouncer/certificates";
import { PgBouncerArgs, PgBouncerPoolArgs } from "./pgbouncer/settings";
import { pgbouncerConnectionStrings } from "./pgbouncer/render";
import { pgbouncerSecretData, STATS_USER } from "./pgbouncer/secret";
import { resolvePgBouncerConfig } from "./pgbouncer/validate";

/** Arguments of {@link PgBouncer}. */
export interface PgBouncerComponentArgs {
  /** Namespace PgBouncer runs in; must exist (pass it in `dependsOn`). Required. */
  namespace: string;
  /** Pods, spread over zones. Required. */
  replicas: number;
  /** Pool sizing and timeouts (seed values when omitted, see {@link PgBouncerPoolArgs}). */
  pool: PgBouncerPoolArgs;
  /** PostgreSQL primary host. Required. */
  writerHost: pulumi.Input<string>;
  /** Read replica hosts. Default: none, so the reader pool points at the primary. */
  readerHosts: pulumi.Input<string>[];
  /** Server port of primary and replicas. Required. */
  port: number;
  /** Database name. Required. */
  database: string;
  /** Role PgBouncer logs in as for clients (and the exporter, as a stats user). Required. */
  username: string;
  /** That role's password: a secret. Required. */
  password: pulumi.Input<string>;
  /** PgBouncer and exporter images, CPU and memory requests (`platform:pgbouncer`). Required. */
  image: string;
  exporterImage: string;
  cpu: string;
  memory: string;
  /**
   * Whether to wait for cert-manager to issue the serving certificate; false where no cert-manager
   * runs (a target that installs no charts). Default: true.
   */
  awaitCertificate?: boolean;
}

/**
 * The in-cluster PgBouncer pooler: a Deployment spread over zones with a PDB, a writer and a
 * reader Service (one per pool), a headless metrics Service for the exporter sidecar, and its
 * configuration and userlist in one auto-named Secret, so a change of hosts or password replaces
 * the Secret and rolls the pods. Clients must use TLS: the serving certificate comes from
 * cert-manager, issued by a CA of the pooler's own in its namespace (cert-manager's CRDs must
 * exist: on EKS the target waits for cert-manager).
 */
export class PgBouncer extends pulumi.ComponentResource {
  /** In-cluster host names of the writer and reader pools. */
  readonly hosts: { writer: string; reader: string };
  /** DSNs of the writer and reader pools through PgBouncer; secret. */
  readonly writerUrl: pulumi.Output<string>;
  readonly readerUrl: pulumi.Output<string>;
  /** What clients connect to: port and the pools' database aliases. */
  readonly listenPort: number;
  readonly metricsPort = PGBOUNCER_METRICS_PORT;
  readonly deployment: k8s.apps.v1.Deployment;

  constructor(name: string, args: PgBouncerComponentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:database:PgBouncer", name, {}, opts);
    const parent = { parent: this };
    const ns = args.namespace;
    this.hosts = {
      writer: `${name}-writer.${ns}.svc.cluster.local`,
      reader: `${name}-reader.${ns}.svc.cluster.local`,
    };

    const settings = pulumi
      .all([args.writerHost, pulumi.all(args.readerHosts)])
      .apply(([writer, readers]): PgBouncerArgs => ({
        ...args.pool,
        writer: { host: writer, port: args.port },
        readers: { hosts: readers.length > 0 ? readers : [writer], port: args.port },
        database: args.database,
        appUser: args.username,
        statsUsers: [STATS_USER],
      }));
    // Check the pool settings now, with a stand-in host (the real ones are known only at deploy
    // time): a bad setting fails the program before anything is registered, not inside an apply.
    const listenPort = resolvePgBouncerConfig({
      ...args.pool,
      writer: { host: "primary.invalid" },
      database: args.database,
      appUser: args.username,
    }).listenPort;
    this.listenPort = listenPort;
    const password = pulumi.secret(args.password);
    const serving = this.certificates(name, ns, args.awaitCertificate ?? true);

    const config = new k8s.core.v1.Secret(
      `${name}-config`,
      {
        metadata: { namespace: ns, labels: { ...PGBOUNCER_LABELS } },
        type: "Opaque",
        stringData: pulumi.secret(
          pulumi.all([settings, password]).apply(([s, pw]) => pgbouncerSecretData(s, pw)),
        ),
      },
      parent,
    );

    const podSpec = config.metadata.name.apply((configSecretName) =>
      pgbouncerPodSpec({
        image: args.image,
        exporterImage: args.exporterImage,
        listenPort,
        configSecretName,
        tlsSecretName: pgbouncerTlsSecretName(name),
        cpu: args.cpu,
        memory: args.memory,
      }),
    );
    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { namespace: ns, labels: { ...PGBOUNCER_LABELS } },
        spec: {
          replicas: args.replicas,
          selector: { matchLabels: { ...PGBOUNCER_LABELS } },
          // Never fewer ready pools than asked for during a rollout.
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          template: {
            metadata: {
              labels: { ...PGBOUNCER_LABELS },
              annotations: {
                "prometheus.io/scrape": "true",
                "prometheus.io/port": String(PGBOUNCER_METRICS_PORT),
              },
            },
            spec: podSpec,
          },
        },
      },
      { parent: this, dependsOn: [serving] },
    );
    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      { metadata: { namespace: ns, labels: { ...PGBOUNCER_LABELS } }, spec: pgbouncerPdbSpec() },
      parent,
    );
    for (const pool of ["writer", "reader"] as const) {
      new k8s.core.v1.Service(
        `${name}-${pool}`,
        {
          metadata: {
            name: `${name}-${pool}`,
            namespace: ns,
            labels: { ...PGBOUNCER_LABELS, "platform.io/pool": pool },
          },
          spec: pgbouncerServiceSpec(listenPort),
        },
        parent,
      );
    }
    new k8s.core.v1.Service(
      `${name}-metrics`,
      {
        metadata: { name: `${name}-metrics`, namespace: ns, labels: { ...PGBOUNCER_LABELS } },
        spec: pgbouncerMetricsServiceSpec(),
      },
      parent,
    );

    const urls = pulumi
      .all([settings, password])
      .apply(([s, pw]) => pgbouncerConnectionStrings(s, this.hosts, pw));
    this.writerUrl = pulumi.secret(urls.apply((u) => u.writer));
    this.readerUrl = pulumi.secret(urls.apply((u) => u.reader));
    this.registerOutputs({ hosts: this.hosts, deployment: this.deployment.metadata.name });
  }

  /** The issuers and certificates of {@link pgbouncerCertificates}; returns the serving one. */
  private certificates(
    name: string,
    namespace: string,
    awaitIssued: boolean,
  ): k8s.apiextensions.CustomResource {
    const c = pgbouncerCertificates({
      name,
      namespace,
      services: [`${name}-writer`, `${name}-reader`],
      awaitIssued,
    });
    const cr = (role: string, body: object, after: pulumi.Resource[]) =>
      new k8s.apiextensions.CustomResource(
        `${name}-${role}`,
        body as k8s.apiextensions.CustomResourceArgs,
        {
          parent: this,
          dependsOn: after,
        },
      );
    const selfSigned = cr("selfsigned-issuer", c.selfSignedIssuer, []);
    const ca = cr("ca", c.ca, [selfSigned]);
    const caIssuer = cr("ca-issuer", c.caIssuer, [ca]);
    return cr("tls", c.serving, [caIssuer]);
  }
}
