/**
 * The platform's NetworkPolicies, as a pure function of where things are. Every namespace the
 * platform creates gets a default deny of all ingress and egress, then only what its pods need:
 *
 * - application namespaces (those that receive the `platform-data` hand-off) may reach PgBouncer,
 *   Redis and the broker on their ports, HTTPS outside the VPC, and take traffic on their
 *   services' ports from each other, Prometheus and in-VPC load balancers;
 * - PgBouncer takes clients only from those namespaces, and metrics scrapes from monitoring; the
 *   data namespace reaches PostgreSQL and the broker's management API in the data subnets;
 * - the controllers keep working: KEDA reaches the broker, prometheus-adapter reaches Prometheus,
 *   the API server (its ENIs sit in the private subnets) reaches webhooks and metrics APIs,
 *   controllers reach the API server and AWS over HTTPS, Prometheus scrapes everything.
 *
 * DNS (kube-dns in kube-system) is allowed everywhere but the headroom placeholders, which need
 * nothing. Kubelet probes come from the node, which the VPC CNI always allows. `kube-system` is
 * EKS's: its add-ons are not the platform's to fence in.
 */

/** A NetworkPolicy peer (`from`/`to` entry). */
export type Peer =
  | { podSelector: Selector; namespaceSelector?: Selector }
  | { namespaceSelector: Selector; podSelector?: Selector }
  | { ipBlock: { cidr: string; except?: string[] } };
/** A label selector. */
export interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists"; values?: string[] }[];
}
/** A port rule. */
export interface PortRule {
  protocol: "TCP" | "UDP";
  port: number;
}
/** One rule of a policy. */
export interface Rule {
  peers?: Peer[];
  ports?: PortRule[];
}

/** `spec` of a NetworkPolicy. */
export interface NetworkPolicySpec {
  podSelector: Selector;
  policyTypes: ("Ingress" | "Egress")[];
  ingress?: { from?: Peer[]; ports?: PortRule[] }[];
  egress?: { to?: Peer[]; ports?: PortRule[] }[];
}

/** One policy the platform applies. */
export interface PlannedPolicy {
  namespace: string;
  name: string;
  spec: NetworkPolicySpec;
}

/** Where things are and which ports they use; see {@link planNetworkPolicies}. */
export interface NetworkPlanInput {
  /** The VPC: in-VPC callers of services (load balancers), and the nodes. */
  vpcCidr: string;
  /** Private subnets, where EKS puts the control plane's network interfaces. */
  controlPlaneCidrs: string[];
  /** Data subnets: RDS, ElastiCache, Amazon MQ. */
  dataCidrs: string[];
  /** Namespaces that receive the data hand-off Secret, and the ports their services listen on. */
  applications: { namespace: string; servicePorts: number[] }[];
  data: {
    namespace: string;
    /** Labels of the PgBouncer pods. */
    pgbouncerLabels: Record<string, string>;
    pgbouncerPort: number;
    pgbouncerMetricsPort: number;
    /** postgres_exporter's pods and port, scraped from monitoring. @default no exporter */
    postgresExporter?: { labels: Record<string, string>; port: number };
  };
  ports: { postgres: number; redis: number; amqps: number; brokerManagement: number };
  /** Namespaces of the platform's own controllers, when the environment has them. */
  monitoring?: { namespace: string; prometheusPort: number };
  autoscaling?: { namespace: string };
  certManager?: { namespace: string };
  headroom?: { namespace: string };
}

/** Name of the default-deny policy every platform namespace carries. */
export const DEFAULT_DENY = "default-deny";

const tcp = (...ports: number[]): PortRule[] => ports.map((port) => ({ protocol: "TCP", port }));
const inNamespaces = (names: string[]): Peer => ({
  namespaceSelector: {
    matchExpressions: [
      { key: "kubernetes.io/metadata.name", operator: "In", values: [...names].sort() },
    ],
  },
});
const blocks = (cidrs: string[]): Peer[] => cidrs.map((cidr) => ({ ipBlock: { cidr } }));
const everyPod: Selector = {};

/** Deny every ingress and egress of every pod in the namespace; other policies add what is allowed. */
export function defaultDeny(namespace: string): PlannedPolicy {
  return {
    namespace,
    name: DEFAULT_DENY,
    spec: { podSelector: everyPod, policyTypes: ["Ingress", "Egress"] },
  };
}

function dns(namespace: string): PlannedPolicy {
  return {
    namespace,
    name: "allow-dns",
    spec: {
      podSelector: everyPod,
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    },
  };
}

const policy = (
  namespace: string,
  name: string,
  spec: Partial<NetworkPolicySpec> & Pick<NetworkPolicySpec, "policyTypes">,
): PlannedPolicy => ({ namespace, name, spec: { podSelector: everyPod, ...spec } });

/** HTTPS anywhere: the API server (through its Service or its ENIs), AWS APIs, ACME, webhooks. */
const httpsAnywhere = { to: blocks(["0.0.0.0/0"]), ports: tcp(443) };

/** Every policy, namespace by namespace. */
export function planNetworkPolicies(p: NetworkPlanInput): PlannedPolicy[] {
  const apps = p.applications.map((a) => a.namespace);
  const out: PlannedPolicy[] = [];
  const fence = (ns: string, withDns = true) =>
    out.push(defaultDeny(ns), ...(withDns ? [dns(ns)] : []));
  const monitoring = p.monitoring?.namespace;

  for (const app of p.applications) {
    fence(app.namespace);
    out.push(
      policy(app.namespace, "allow-data-tier", {
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              {
                namespaceSelector: {
                  matchLabels: { "kubernetes.io/metadata.name": p.data.namespace },
                },
                podSelector: { matchLabels: { ...p.data.pgbouncerLabels } },
              },
            ],
            ports: tcp(p.data.pgbouncerPort),
          },
          { to: blocks(p.dataCidrs), ports: tcp(p.ports.redis, p.ports.amqps) },
        ],
      }),
      // External APIs over HTTPS, but nothing else inside the VPC than what is listed above.
      policy(app.namespace, "allow-https-outside-vpc", {
        policyTypes: ["Egress"],
        egress: [
          { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [p.vpcCidr] } }], ports: tcp(443) },
        ],
      }),
    );
    if (app.servicePorts.length > 0)
      out.push(
        policy(app.namespace, "allow-service-ingress", {
          policyTypes: ["Ingress"],
          ingress: [
            {
              from: [
                inNamespaces([...apps, ...(monitoring ? [monitoring] : [])]),
                ...blocks([p.vpcCidr]),
              ],
              ports: tcp(...app.servicePorts),
            },
          ],
        }),
      );
  }

  const d = p.data;
  fence(d.namespace);
  out.push(
    {
      namespace: d.namespace,
      name: "allow-pgbouncer-clients",
      spec: {
        podSelector: { matchLabels: { ...d.pgbouncerLabels } },
        policyTypes: ["Ingress"],
        ingress: [
          { from: [inNamespaces(apps)], ports: tcp(d.pgbouncerPort) },
          ...(monitoring
            ? [{ from: [inNamespaces([monitoring])], ports: tcp(d.pgbouncerMetricsPort) }]
            : []),
        ],
      },
    },
    // Only Prometheus talks to postgres_exporter.
    ...(monitoring && d.postgresExporter
      ? [
          {
            namespace: d.namespace,
            name: "allow-postgres-exporter-scrapes",
            spec: {
              podSelector: { matchLabels: { ...d.postgresExporter.labels } },
              policyTypes: ["Ingress" as const],
              ingress: [
                { from: [inNamespaces([monitoring])], ports: tcp(d.postgresExporter.port) },
              ],
            },
          },
        ]
      : []),
    // PgBouncer, postgres_exporter and the partition jobs reach PostgreSQL; the queue setup Job the broker's API.
    policy(d.namespace, "allow-data-services", {
      policyTypes: ["Egress"],
      egress: [{ to: blocks(p.dataCidrs), ports: tcp(p.ports.postgres, p.ports.brokerManagement) }],
    }),
  );

  if (p.autoscaling) {
    const ns = p.autoscaling.namespace;
    fence(ns);
    out.push(
      policy(ns, "allow-controllers", {
        policyTypes: ["Egress", "Ingress"],
        egress: [
          httpsAnywhere,
          // KEDA reads queue lengths from the broker.
          { to: blocks(p.dataCidrs), ports: tcp(p.ports.amqps) },
          // prometheus-adapter queries Prometheus.
          ...(p.monitoring
            ? [
                {
                  to: [inNamespaces([p.monitoring.namespace])],
                  ports: tcp(p.monitoring.prometheusPort),
                },
              ]
            : []),
        ],
        ingress: [
          // The API server: external and custom metrics APIs (6443), KEDA's admission webhook (9443).
          { from: blocks(p.controlPlaneCidrs), ports: tcp(6443, 9443) },
          ...(monitoring ? [{ from: [inNamespaces([monitoring])] }] : []),
        ],
      }),
    );
  }

  if (p.monitoring) {
    const ns = p.monitoring.namespace;
    fence(ns);
    out.push(
      policy(ns, "allow-monitoring", {
        policyTypes: ["Egress", "Ingress"],
        egress: [
          // Scrapes: every pod, the nodes (kubelet, node-exporter) and the API server.
          { to: [{ namespaceSelector: {} }, ...blocks([p.vpcCidr])] },
          // Alertmanager to SNS and webhooks, YACE to CloudWatch.
          httpsAnywhere,
        ],
        ingress: [
          { from: [{ podSelector: everyPod }] },
          // The API server calls the operator's admission webhook.
          { from: blocks(p.controlPlaneCidrs), ports: tcp(10250) },
          ...(p.autoscaling
            ? [
                {
                  from: [inNamespaces([p.autoscaling.namespace])],
                  ports: tcp(p.monitoring.prometheusPort),
                },
              ]
            : []),
        ],
      }),
    );
  }

  if (p.certManager) {
    const ns = p.certManager.namespace;
    fence(ns);
    out.push(
      policy(ns, "allow-cert-manager", {
        policyTypes: ["Egress", "Ingress"],
        egress: [httpsAnywhere],
        // The API server calls cert-manager's webhook.
        ingress: [{ from: blocks(p.controlPlaneCidrs), ports: tcp(10250) }],
      }),
    );
  }

  if (p.headroom) fence(p.headroom.namespace, false);
  return out;
}
