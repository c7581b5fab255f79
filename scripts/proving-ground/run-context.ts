/**
 * What every piece of one proving-ground run shares: its folder, ports, certificates, the
 * binaries, the supervisor that owns the processes, and an admin client once the API serves.
 */
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { freePort, LOOPBACK } from "../servers/process";
import { KubeClient } from "./kube";
import { BuildDirs, pieceBinary } from "./paths";
import { CertFiles, CertificateAuthority, serviceAccountKeys, writeKubeconfig } from "./pki";
import { RunningPiece, Supervisor } from "./supervisor";

/** Every port of a run, by name. The name before the first `.` is the piece that listens. */
export const PORT_NAMES = [
  "etcd",
  "etcd.peer",
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
  "kwok",
  "metrics-server",
  "keda-operator",
  "keda-operator.metrics",
  "keda-operator.health",
  "keda-metrics-apiserver",
  "keda-metrics-apiserver.metrics",
  "rabbitmq",
  "rabbitmq.tls",
  "rabbitmq.dist",
  "rabbitmq.epmd",
] as const;
export type PortName = (typeof PORT_NAMES)[number];

/** The client identities of a run, each with its own certificate and kubeconfig. */
export const IDENTITIES = {
  admin: { commonName: "proving-ground-admin", organizations: ["system:masters"] },
  "kube-controller-manager": { commonName: "system:kube-controller-manager" },
  "kube-scheduler": { commonName: "system:kube-scheduler" },
  // The add-ons act with cluster-admin rights here instead of through their charts' RBAC roles.
  kwok: { commonName: "kwok", organizations: ["system:masters"] },
  "metrics-server": { commonName: "metrics-server", organizations: ["system:masters"] },
  keda: { commonName: "keda", organizations: ["system:masters"] },
} as const;
export type Identity = keyof typeof IDENTITIES;

/** Certificates and key files of a run. */
export interface RunPki {
  ca: string;
  caKey: string;
  frontProxyCa: string;
  apiserver: CertFiles;
  frontProxyClient: CertFiles;
  serviceAccount: { privateKey: string; publicKey: string };
  /** Serving certificates of the servers the aggregator or metrics-server dials. */
  serving: { kwok: CertFiles; "metrics-server": CertFiles; keda: CertFiles; rabbitmq: CertFiles };
  clients: Record<Identity, CertFiles>;
}

/** One run's shared state. */
export class RunContext {
  readonly pki: RunPki;
  readonly logDir: string;
  readonly apiServerUrl: string;
  private adminClient?: KubeClient;

  private constructor(
    readonly runDir: string,
    readonly build: BuildDirs,
    readonly binDir: string,
    readonly ports: Record<PortName, number>,
    readonly supervisor: Supervisor,
  ) {
    this.logDir = path.join(runDir, "logs");
    this.apiServerUrl = `https://${LOOPBACK}:${ports["kube-apiserver"]}`;
    this.pki = createRunPki(path.join(runDir, "pki"));
    for (const id of Object.keys(IDENTITIES) as Identity[])
      writeKubeconfig(this.kubeconfig(id), this.apiServerUrl, this.pki.ca, this.pki.clients[id]);
  }

  /**
   * Picks a free loopback port for every name not fixed in `fixed`, creates the folders and the
   * PKI. A fixed port that is taken fails when its piece starts, naming the piece.
   */
  static async create(opts: {
    runDir: string;
    build: BuildDirs;
    binDir: string;
    fixedPorts: Partial<Record<PortName, number>>;
    keepRunning: boolean;
    onChange?: (pieces: readonly RunningPiece[]) => void;
  }): Promise<RunContext> {
    const ports = {} as Record<PortName, number>;
    const used = new Set(Object.values(opts.fixedPorts));
    for (const name of PORT_NAMES) {
      let port = opts.fixedPorts[name];
      while (port === undefined || (opts.fixedPorts[name] === undefined && used.has(port))) {
        port = await freePort();
      }
      ports[name] = port;
      used.add(port);
    }
    mkdirSync(path.join(opts.runDir, "logs"), { recursive: true });
    const supervisor = new Supervisor(opts.runDir, opts.keepRunning, opts.onChange);
    return new RunContext(opts.runDir, opts.build, opts.binDir, ports, supervisor);
  }

  /** A folder of its own for a piece's data. */
  dataDir(piece: string): string {
    const dir = path.join(this.runDir, "data", piece);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  kubeconfig(id: Identity): string {
    return path.join(this.runDir, "kubeconfig", `${id}.kubeconfig`);
  }

  /** A built binary, or a PieceError naming the piece and the build log. */
  binary(piece: string): string {
    return pieceBinary({ ...this.build, bin: this.binDir }, piece);
  }

  /** A client of the API server as `admin` (system:masters). */
  get client(): KubeClient {
    this.adminClient ??= KubeClient.fromFiles(this.apiServerUrl, {
      ca: this.pki.ca,
      ...this.pki.clients.admin,
    });
    return this.adminClient;
  }

  closeClient(): void {
    this.adminClient?.close();
    this.adminClient = undefined;
  }
}

/** The whole PKI of a run. Service names follow the namespaces the add-ons' charts use. */
function createRunPki(dir: string): RunPki {
  mkdirSync(path.join(path.dirname(dir), "kubeconfig"), { recursive: true });
  const ca = new CertificateAuthority(dir, "ca", "proving-ground-ca");
  const frontProxy = new CertificateAuthority(
    dir,
    "front-proxy-ca",
    "proving-ground-front-proxy-ca",
  );
  const clients = Object.fromEntries(
    (Object.keys(IDENTITIES) as Identity[]).map((id) => [
      id,
      ca.issue({ name: `client-${id}`, ...IDENTITIES[id] }),
    ]),
  ) as Record<Identity, CertFiles>;
  const svc = (name: string, ns: string) => [
    `${name}.${ns}.svc`,
    `${name}.${ns}.svc.cluster.local`,
  ];
  return {
    ca: ca.cert,
    caKey: ca.key,
    frontProxyCa: frontProxy.cert,
    apiserver: ca.issue({
      name: "kube-apiserver",
      commonName: "kube-apiserver",
      altNames: [
        LOOPBACK,
        "localhost",
        "10.96.0.1",
        "kubernetes",
        "kubernetes.default",
        ...svc("kubernetes", "default"),
      ],
      client: false,
    }),
    frontProxyClient: frontProxy.issue({
      name: "front-proxy-client",
      commonName: "front-proxy-client",
    }),
    serviceAccount: serviceAccountKeys(dir),
    serving: {
      kwok: ca.issue({
        name: "serving-kwok",
        commonName: "kwok",
        altNames: [LOOPBACK, "localhost"],
      }),
      "metrics-server": ca.issue({
        name: "serving-metrics-server",
        commonName: "metrics-server",
        altNames: [LOOPBACK, ...svc("metrics-server", "kube-system")],
      }),
      // The operator's gRPC server and the metrics API server share it, as KEDA's own
      // certificate rotation does; the API server (adapter) also uses it as a gRPC client.
      keda: ca.issue({
        name: "serving-keda",
        commonName: "keda",
        altNames: [
          LOOPBACK,
          "localhost",
          ...svc("keda-operator", "keda"),
          ...svc("keda-operator-metrics-apiserver", "keda"),
        ],
      }),
      // RabbitMQ's AMQPS listener: the program accepts only amqps:// endpoints, as Amazon MQ serves.
      rabbitmq: ca.issue({
        name: "serving-rabbitmq",
        commonName: "rabbitmq",
        altNames: [LOOPBACK, "localhost"],
        client: false,
      }),
    },
    clients,
  };
}
